"""Partner gaps: province → college → professional group; industries served, partner firms per
industry, gaps highlighted, candidate firms with their job posts; CSV/XLSX download."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from explorer import ui
from explorer.i18n import t
from explorer.pickers import province_college_group

st.title(t("page_gaps"))
st.caption(t("gp_intro"))

college, group = province_college_group("gaps", allow_all_groups=True)
if college is None:
    st.stop()

with st.spinner(t("loading")):
    df = ui.call("queries.explorer_api:gaps", college["moe_code"], group["group_id"] if group else None)
if df is None:
    st.stop()
for note in df.attrs.get("notes") or []:
    st.caption(f"ℹ {note}")
if df.empty:
    st.info(t("no_rows"))
    st.stop()

n_gaps = int(df["gap"].sum())
n_cands = len({c for cs in df["candidates"] for c in (cs or [])})
m1, m2, m3 = st.columns(3)
m1.metric(t("gp_industries"), len(df))
m2.metric(t("gp_gaps"), n_gaps)
m3.metric(t("gp_candidates"), n_cands)

chart_df = df.assign(label=df["industry_code"] + " " + df["industry"].astype(str),
                     status=df["gap"].map({True: t("gp_gap_yes"), False: t("gp_partners")}))
st.altair_chart(alt.Chart(chart_df).mark_bar().encode(
    x=alt.X("partner_count:Q", title=t("gp_partners"), axis=alt.Axis(tickMinStep=1)),
    y=alt.Y("label:N", sort="-x", title=None),
    color=alt.Color("status:N", title=None,
                    scale=alt.Scale(domain=[t("gp_partners"), t("gp_gap_yes")], range=["#2ca02c", "#d62728"])),
    tooltip=["group", "industry_code", "industry", "partner_count"],
).properties(height=max(80, 26 * len(chart_df))), width="stretch")

show = pd.DataFrame({
    t("gp_group"): df["group"], t("gp_industries"): df["industry_code"] + " " + df["industry"].astype(str),
    t("gp_majors"): df["majors"].map(lambda v: "、".join(v or [])),
    t("gp_partners"): df["partners"].map(lambda v: "、".join(v or [])),
    t("gp_gap_yes"): df["gap"],
    t("gp_candidates"): df["candidates"].map(lambda v: "；".join(v or [])),
    t("gp_job_posts"): df["candidate_job_posts"].map(lambda v: "；".join(v or [])),
})
gap_col = t("gp_gap_yes")
styled = show.style.apply(lambda row: ["background-color: #fde2e1" if row[gap_col] else "" for _ in row], axis=1)
st.dataframe(styled, width="stretch", hide_index=True)
ui.downloads(df, f"gaps-{college['moe_code']}", key="dl-gaps")

gaps = df[df["gap"]]
if len(gaps):
    st.subheader(t("gp_gaps"))
    for _, row in gaps.iterrows():
        with st.expander(f"{row['industry_code']} {row['industry']} — {row['group']}", expanded=False):
            st.markdown(f"**{t('gp_candidates')}** ({row['candidate_scope'] or '—'}): "
                        + ("、".join(row["candidates"]) if row["candidates"] else "—"))
            for post in row["candidate_job_posts"] or []:
                st.markdown(f"- {post}")
