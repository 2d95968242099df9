"""Partner gaps: province → college → professional group; industries served, partner firms per
industry, gaps highlighted, candidate firms with their job posts; CSV/XLSX download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import charts, tables, ui
from explorer.i18n import candidate_text, phrase, t, value
from explorer.pickers import province_college_group
from queries import explorer_api, library

st.title(t("page_gaps"))
st.caption(t("gp_intro"))

college, group = province_college_group("gaps", allow_all_groups=True)
if college is None:
    st.stop()

with st.spinner(t("loading")):
    res = ui.call(explorer_api.gaps, college["moe_code"], group["group_id"] if group else None)
if res is None:
    st.stop()
for note in res.notes:
    st.caption(f"ℹ {phrase(note)}")
if res.empty:
    st.info(t("empty_because", why="；".join(phrase(n) for n in res.notes)) if res.notes else t("no_rows"))
    st.stop()
df = res.rows
# no partnership list for this college: every industry is a "gap" only because nothing was loaded
partners = ui.call(library.run, "college_partners", {"college": college["moe_code"]})
if partners is not None and partners.empty:
    st.warning(t("no_partnerships_college", college=college.get("college") or college["moe_code"]))

n_gaps = int(df["gap"].sum())
n_cands = len({c for cs in df["candidates"] for c in (cs or [])})
m1, m2, m3 = st.columns(3)
m1.metric(t("gp_industries"), len(df))
m2.metric(t("gp_gaps"), n_gaps)
m3.metric(t("gp_candidates"), n_cands)

# per industry: partner firms (green) and candidate firms (orange); a gap is an industry without partners
# (HTML bars, explorer/charts.py: no chart library for a new session to load, #24)
partners_name, cands_name = t("gp_partners"), t("gp_candidate_firms")
charts.show([charts.Row(f"{r['industry_code']} {r['industry']}" + ("  ⚠" if r["gap"] else ""),
                        [charts.Part(r["partner_count"], "#2ca02c", partners_name),
                         charts.Part(len(r["candidates"] or []), "#ff7f0e", cands_name)],
                        tip=str(r["group"] or ""), mark=bool(r["gap"]))
             for r in df.to_dict(orient="records")], axis=t("count"), legend=True)
st.caption(t("gp_gap_legend"))

# key columns first (industry, gap, candidates, partners); the rest scrolls inside the table's frame
show = pd.DataFrame({
    t("gp_industries"): df["industry_code"] + " " + df["industry"].astype(str),
    t("gp_gap_yes"): df["gap"],
    t("gp_candidates"): df["candidates"].map(lambda v: "；".join(candidate_text(c) for c in v or [])),
    t("gp_partners"): df["partners"].map(lambda v: "、".join(v or [])),
    t("gp_group"): df["group"],
    t("gp_majors"): df["majors"].map(lambda v: "、".join(v or [])),
    t("gp_job_posts"): df["candidate_job_posts"].map(lambda v: "；".join(v or [])),
})
# (HTML, explorer/tables.py: no grid code for a new session to load, #24); gaps highlighted
tables.show(show, height=560, wide=[t("gp_candidates"), t("gp_job_posts")], marks=list(df["gap"].astype(bool)))
ui.downloads(df, f"gaps-{college['moe_code']}", key="dl-gaps")

gaps = df[df["gap"]]
if len(gaps):
    st.subheader(t("gp_gaps"))
    for _, row in gaps.iterrows():
        with st.expander(f"{row['industry_code']} {row['industry']} — {row['group']}", expanded=False):
            st.markdown(f"**{t('gp_candidates')}** ({value(row['candidate_scope']) or '—'}): "
                        + ("、".join(candidate_text(c) for c in row["candidates"]) if row["candidates"] else "—"))
            for post in row["candidate_job_posts"] or []:
                st.markdown(f"- {post}")
