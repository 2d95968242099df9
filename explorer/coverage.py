"""Coverage & skills: a region's industry structure vs. the majors offered (matching index), uncovered
industries, majors with no regional industry, and posts whose skills no course teaches."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import charts, tables, ui
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
    # (HTML bars, explorer/charts.py: no chart library for a new session to load, #24)
    shown = idx.dropna(subset=["matching_index"]).sort_values(["matching_index", "region"], ascending=[False, True])
    others = [c for c in idx.columns if c not in ("region", "matching_index")]
    charts.show([charts.Row(str(r["region"]), [charts.Part(r["matching_index"], "#17becf")],
                            tip="\n".join(f"{column(c)}: {r[c]}" for c in others), mark=bool(region and r["region"] == region))
                 for r in shown.to_dict(orient="records")], axis=t("cv_index"), domain=1.0, fmt=lambda v: f"{v:.3f}")
    with st.expander(t("wb_table")):
        tables.show(ui.frame(idx), height=420)  # HTML tables on this page (explorer/tables.py, #24)
        ui.downloads(idx, "matching-index", key="dl-cv-index")

if region and not res.industries.empty:
    st.subheader(t("cv_distribution"))
    ind = res.industries
    ind = ind[ind["region"] == region] if "region" in ind.columns else ind
    ind = ind.assign(label=ind["industry_code"].astype(str) + " " + ind["industry"].astype(str))
    top_ind = ind.assign(m=ind[["demand_share", "supply_share"]].max(axis=1)).nlargest(25, "m")
    charts.show([charts.Row(r["label"], [charts.Part(r["demand_share"], "#d62728", t("cv_demand")),
                                         charts.Part(r["supply_share"], "#2ca02c", t("cv_supply"))])
                 for r in top_ind.to_dict(orient="records")], grouped=True, legend=True, fmt=lambda v: f"{v:.1%}")

c1, c2 = st.columns(2)
with c1:
    st.subheader(t("cv_uncovered"))
    unc = res.uncovered
    if region and "region" in unc.columns:
        unc = unc[unc["region"] == region]
    if unc.empty:
        st.caption(t("no_rows"))
    else:
        tables.show(ui.frame(unc), height=300)
        ui.downloads(unc, f"uncovered-{region or 'all'}", key="dl-cv-unc")
with c2:
    st.subheader(t("cv_unmatched_majors"))
    um = res.unmatched_majors
    if region and "region" in um.columns:
        um = um[um["region"] == region]
    if um.empty:
        st.caption(t("no_rows"))
    else:
        tables.show(ui.frame(um), height=300)
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
            tables.show(ui.frame(sg.rows), height=480)
            ui.downloads(sg.rows, f"skills-gap-{college['moe_code']}", key="dl-skills")
