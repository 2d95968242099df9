"""Coverage & skills: a region's industry structure vs. the majors offered (matching index), uncovered
industries, majors with no regional industry, and posts whose skills no course teaches."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from explorer import ui
from explorer.i18n import column, phrase, t
from explorer.pickers import province_college_group
from queries import explorer_api

st.title(t("page_coverage"))

overall = ui.call(explorer_api.coverage, None)
if overall is None:
    st.stop()
provinces = [r for r in overall.index["region"].tolist() if r]
# the region comes from a link (?region=广东省) or the last choice in this session
wanted = st.query_params.get("region") or st.session_state.get("cv_region_pick")
region = st.selectbox(t("cv_region"), [""] + provinces, key="cv_region",
                      index=([""] + provinces).index(wanted) if wanted in provinces else 0,
                      format_func=lambda v: v or t("cv_all_provinces"))

st.session_state["cv_region_pick"] = region
res = overall if not region else ui.call(explorer_api.coverage, region)
if res is None:
    st.stop()
for note in res.notes or []:
    st.caption(f"ℹ {phrase(note)}")

st.subheader(t("cv_index"))
idx = res.index.copy()
if not idx.empty:
    if region:
        top = idx[idx["region"] == region]
        if len(top) and pd.notna(top.iloc[0]["matching_index"]):
            st.metric(f"{region} · {t('cv_index')}", f"{top.iloc[0]['matching_index']:.3f}")
    st.altair_chart(alt.Chart(idx.dropna(subset=["matching_index"])).mark_bar(color="#17becf").encode(
        x=alt.X("matching_index:Q", title=t("cv_index"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("region:N", sort="-x", axis=ui.band_axis()),
        tooltip=[alt.Tooltip(c, title=column(c)) for c in idx.columns]).properties(height=ui.bar_height(len(idx), 20)), width="stretch")
    with st.expander(t("wb_table")):
        st.dataframe(ui.frame(idx), width="stretch", hide_index=True)
        ui.downloads(idx, "matching-index", key="dl-cv-index")

if region and not res.industries.empty:
    st.subheader(t("cv_distribution"))
    ind = res.industries
    ind = ind[ind["region"] == region] if "region" in ind.columns else ind
    ind = ind.assign(label=ind["industry_code"].astype(str) + " " + ind["industry"].astype(str))
    long = ind.melt(id_vars=["label"], value_vars=["demand_share", "supply_share"], var_name="side",
                    value_name="share")
    long["side"] = long["side"].map({"demand_share": t("cv_demand"), "supply_share": t("cv_supply")})
    top_labels = ind.assign(m=ind[["demand_share", "supply_share"]].max(axis=1)).nlargest(25, "m")["label"]
    long = long[long["label"].isin(top_labels)]
    st.altair_chart(alt.Chart(long).mark_bar().encode(
        y=alt.Y("label:N", sort="-x", axis=ui.band_axis()), x=alt.X("share:Q", title=None, axis=alt.Axis(format="%")),
        yOffset="side:N", color=alt.Color("side:N", title=None, scale=alt.Scale(range=["#d62728", "#2ca02c"])),
        tooltip=["label", "side", alt.Tooltip("share:Q", format=".1%")]).properties(height=ui.bar_height(len(top_labels), 36)),
        width="stretch")

c1, c2 = st.columns(2)
with c1:
    st.subheader(t("cv_uncovered"))
    unc = res.uncovered
    if region and "region" in unc.columns:
        unc = unc[unc["region"] == region]
    if unc.empty:
        st.caption(t("no_rows"))
    else:
        st.dataframe(ui.frame(unc), width="stretch", hide_index=True, height=300)
        ui.downloads(unc, f"uncovered-{region or 'all'}", key="dl-cv-unc")
with c2:
    st.subheader(t("cv_unmatched_majors"))
    um = res.unmatched_majors
    if region and "region" in um.columns:
        um = um[um["region"] == region]
    if um.empty:
        st.caption(t("no_rows"))
    else:
        st.dataframe(ui.frame(um), width="stretch", hide_index=True, height=300)
        ui.downloads(um, f"unmatched-majors-{region or 'all'}", key="dl-cv-um")

st.divider()
st.subheader(t("cv_skills_gap"))
college, group = province_college_group("skills", allow_all_groups=True)
if college is not None:
    sg = ui.call(explorer_api.skills_gap, college["moe_code"], group["group_id"] if group else None)
    if sg is not None:
        for note in sg.notes:
            st.caption(f"ℹ {phrase(note)}")
        if sg.empty:
            st.info(t("empty_because", why="；".join(phrase(n) for n in sg.notes)) if sg.notes else t("no_rows"))
        else:
            st.dataframe(ui.frame(sg.rows), width="stretch", hide_index=True)
            ui.downloads(sg.rows, f"skills-gap-{college['moe_code']}", key="dl-skills")
