"""Overview: counts per node type, the data's provenance and freshness, coverage charts."""
from __future__ import annotations

import streamlit as st

from explorer import charts, tables, ui
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

# the charts as HTML bars (explorer/charts.py): a new session loads no chart library for them (#24)
c1, c2 = st.columns(2)
with c1:
    st.subheader(t("ov_nodes"))
    nodes = sorted(((k, v) for k, v in counts["nodes"].items() if v), key=lambda kv: -kv[1])
    charts.show([charts.Row(type_name(k), [charts.Part(v, ui.TYPE_COLORS.get(k, "#4c78a8"))]) for k, v in nodes],
                axis=f"{t('count')} · {t('ch_log')}", log=True)
with c2:
    st.subheader(t("ov_rels"))
    rels = sorted(((k, v) for k, v in counts["relationships"].items() if v), key=lambda kv: -kv[1])
    charts.show([charts.Row(rel_name(k), [charts.Part(v, "#4c78a8")]) for k, v in rels],
                axis=f"{t('count')} · {t('ch_log')}", log=True)

st.subheader(t("ov_majors_per_industry"))
mpi = ui.call(library.run, "majors_per_industry", {})
if mpi is not None and not mpi.empty:
    mpi = mpi.sort_values(["majors", "industry_code"], ascending=[False, True])
    charts.show([charts.Row(f"{r['industry_code']} {r['industry']}", [charts.Part(r["majors"], "#d62728")],
                            tip=f"{column('stated_majors')}: {r['stated_majors']}")
                 for r in mpi.to_dict(orient="records")], axis=t("count"))

st.subheader(t("ov_matching"))
matching = ui.call(explorer_api.matching_by_province)
if matching is not None and len(matching):
    charts.show([charts.Row(r["province"], [charts.Part(r["matching_index"], "#17becf")],
                            tip="\n".join(f"{column(c)}: {r[c]}" for c in ("firms", "postings", "offerings",
                                                                           "industries_uncovered")))
                 for r in matching.to_dict(orient="records")], axis=t("cv_index"), domain=1.0,
                fmt=lambda v: f"{v:.3f}")

st.subheader(t("ov_sources"))
sources = ui.call(graph.document_sources)
if sources:
    tables.show(ui.frame(sources), height=420)  # HTML: the landing page loads no grid code (#24)
refs = ui.call(graph.reference_documents)
if refs:
    with st.expander(t("ov_reference_docs", n=len(refs))):
        tables.show(ui.frame(refs), height=420)
