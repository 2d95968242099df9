"""Overview: counts per node type, the data's provenance and freshness, coverage charts."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from explorer import ui
from explorer.i18n import column, rel_name, t, type_name
from queries import explorer_api, graph, library

st.title(t("app_title"))
st.caption(t("ov_intro"))

counts = ui.call(graph.graph_counts)
if counts is None:
    st.stop()
total_nodes = sum(counts["nodes"].values())
total_rels = sum(counts["relationships"].values())
m1, m2, m3 = st.columns(3)
m1.metric(t("ov_total_nodes"), f"{total_nodes:,}")
m2.metric(t("ov_total_rels"), f"{total_rels:,}")
m3.metric(t("ov_documents"), f"{counts['nodes'].get('Document', 0):,}")
if total_nodes == 0:
    st.warning(t("graph_empty"))
    st.info(t("store_hint"))
    st.stop()

c1, c2 = st.columns(2)
with c1:
    st.subheader(t("ov_nodes"))
    df = pd.DataFrame([{"label": k, "type": type_name(k), "n": v} for k, v in counts["nodes"].items() if v])
    st.altair_chart(alt.Chart(df).mark_bar().encode(
        x=alt.X("n:Q", title=t("count"), scale=alt.Scale(type="symlog")),
        y=alt.Y("type:N", sort="-x", axis=ui.band_axis()),
        color=alt.Color("label:N", legend=None,
                        scale=alt.Scale(domain=list(ui.TYPE_COLORS), range=list(ui.TYPE_COLORS.values()))),
        tooltip=[alt.Tooltip("type:N", title=t("type")), alt.Tooltip("n:Q", title=t("count"))]).properties(height=ui.bar_height(len(df), 26)), width="stretch")
with c2:
    st.subheader(t("ov_rels"))
    df = pd.DataFrame([{"rel": k, "name": rel_name(k), "n": v}
                       for k, v in counts["relationships"].items() if v])
    st.altair_chart(alt.Chart(df).mark_bar(color="#4c78a8").encode(
        x=alt.X("n:Q", title=t("count"), scale=alt.Scale(type="symlog")), y=alt.Y("name:N", sort="-x", axis=ui.band_axis()),
        tooltip=[alt.Tooltip("name:N", title=t("col_rel")), alt.Tooltip("n:Q", title=t("count"))]).properties(height=ui.bar_height(len(df), 22)), width="stretch")

st.subheader(t("ov_majors_per_industry"))
mpi = ui.call(library.run, "majors_per_industry", {})
if mpi is not None and not mpi.empty:
    mpi = mpi.assign(label=mpi["industry_code"] + " " + mpi["industry"])
    st.altair_chart(alt.Chart(mpi).mark_bar(color="#d62728").encode(
        x=alt.X("majors:Q", title=t("count")), y=alt.Y("label:N", sort="-x", axis=ui.band_axis()),
        tooltip=[alt.Tooltip(c, title=column(c)) for c in ("industry_code", "industry", "majors", "stated_majors")]).properties(height=ui.bar_height(len(mpi))),
        width="stretch")

st.subheader(t("ov_matching"))
matching = ui.call(explorer_api.matching_by_province)
if matching is not None and len(matching):
    mdf = ui.frame(matching)
    st.altair_chart(alt.Chart(mdf).mark_bar(color="#17becf").encode(
        x=alt.X(f"{column('matching_index')}:Q", title=t("cv_index"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y(f"{column('province')}:N", sort="-x", axis=ui.band_axis()), tooltip=list(mdf.columns)
    ).properties(height=ui.bar_height(len(mdf), 20)), width="stretch")

st.subheader(t("ov_sources"))
sources = ui.call(graph.document_sources)
if sources:
    st.dataframe(ui.frame(sources), width="stretch", hide_index=True)
refs = ui.call(graph.reference_documents)
if refs:
    with st.expander(t("ov_reference_docs", n=len(refs))):
        st.dataframe(ui.frame(refs), width="stretch", hide_index=True)
