"""Explore: one search box over every entity type (zh/en, fuzzy, type filter); the selected entity's
properties, an interactive 1–2 hop neighbourhood (capped, "show more"), and its relationships with the
evidence and source document of every fact."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import tables, ui
from explorer.i18n import column, display_name, rel_name, t, type_name, value
from kg import schema
from queries import explorer_api, industry

STEP = 40  # neighbours drawn per "show more"
SEARCHABLE = [lb for lb in schema.LABELS if lb != "Document"]

st.title(t("page_explore"))

# a link such as ?ref=College:4144011113 opens an entity directly
ref_param = st.query_params.get("ref")
c1, c2 = st.columns([3, 2])
text = c1.text_input(t("ex_search"), key="ex_text", placeholder=t("ex_placeholder"))
types = c2.multiselect(t("ex_types"), SEARCHABLE, key="ex_types", format_func=type_name,
                       placeholder=t("all_types"))

choice = None
if text.strip():
    hits = ui.call(explorer_api.search, text.strip(), types or None, limit=30)
    if hits is not None and len(hits):
        refs = hits["ref"].tolist()
        by_ref = {r["ref"]: r for r in hits.to_dict(orient="records")}
        choice = st.selectbox(
            f"{t('ex_results')} ({len(refs)})", refs, key="ex_choice",
            format_func=lambda r: f"{type_name(by_ref[r]['label'])} · "
                                  f"{display_name({'name': by_ref[r]['name'], 'name_en': by_ref[r]['name_en']})}"
                                  f"  [{by_ref[r]['key']}]")
    elif hits is not None:
        st.info(t("ex_none"))
elif ref_param:
    choice = ref_param
elif st.session_state.get("ex_current"):  # coming back to the page: the entity seen last
    choice = st.session_state["ex_current"]
else:
    st.caption(t("ex_start"))

if not choice or ":" not in choice:
    st.stop()
label, key = choice.split(":", 1)
if label not in schema.NODE_BY_LABEL:
    st.stop()
if st.session_state.get("ex_current") != choice:  # a new entity: back to the first page of neighbours
    st.session_state["ex_current"] = choice
    st.session_state["ex_limit"] = STEP

ent = ui.call(explorer_api.entity, label, key)
if not ent:
    st.info(t("ex_none"))
    st.stop()

st.header(f"{display_name(ent, label)}")
st.caption(f"{type_name(label)} · {column(schema.key_of(label))} = {key}")

left, right = st.columns([1, 2])
with left:
    st.subheader(t("ex_properties"))
    props = [{t("ex_property"): column(k),
              t("ex_value"): "、".join(str(value(x)) for x in v) if isinstance(v, list) else str(value(v))}
             for k, v in ent.items()
             if not k.startswith("_") and k not in ("provenance",) and v not in (None, "", [])]
    tables.show(pd.DataFrame(props), height=420)  # HTML tables on this page (explorer/tables.py, #24)
    if ent.get("provenance"):
        with st.expander(f"{t('col_source')} ({len(ent['provenance'])})"):
            tables.show(ui.frame(pd.DataFrame(ent["provenance"])), height=360)

with right:
    st.subheader(t("ex_neighbourhood"))
    hops = st.radio(t("ex_hops"), [1, 2], horizontal=True, key="ex_hops")
    limit = int(st.session_state.get("ex_limit", STEP))
    hood = ui.call(explorer_api.neighbourhood, label, key, hops=hops, limit=limit,
                   per_node=8 if hops == 2 else 12)
    if hood:
        n_nb = len(hood["nodes"]) - 1
        st.caption(t("ex_shown", shown=n_nb, total=f"{n_nb}+" if hood.get("truncated") else n_nb))
        ui.draw_graph(hood, key=f"ex-graph-{choice}-{hops}-{limit}", height=480, focus=choice)
        if hood.get("truncated"):
            if st.button(t("show_more"), key="ex_more"):
                st.session_state["ex_limit"] = limit + STEP
                st.rerun()

if label == "Major":  # why the major serves each industry (kg explain major CODE shows the same)
    links = ui.call(industry.major_industry_links, key)
    if links:
        st.subheader(t("ex_industry_links"))
        tables.show(pd.DataFrame({
            t("col_other"): [f"{x['code']} {x['name']} ({x['level']})" for x in links],
            t("col_confidence"): [x["confidence"] for x in links],
            t("col_signals"): ["; ".join(f"{k} {v:+.2f}" for k, v in sorted(x["signals"].items(),
                                                                           key=lambda kv: -abs(kv[1]))[:4])
                               for x in links],
            t("col_evidence"): ["；".join(f"「{e.get('text')}」{e.get('signal')} · {e.get('source', '')[4:]} "
                                         f"{e.get('locator', '')}" for e in x["evidence"][:3]) for x in links],
            t("col_extractor"): [x["extractor"] for x in links],
        }), height=420, wide=[t("col_evidence")])

st.subheader(t("ex_relationships"))
rels = ui.call(explorer_api.relationships, label, key, limit=500)
if rels is not None and len(rels):
    show = pd.DataFrame({
        t("col_rel"): [rel_name(x) for x in rels["type"]],
        t("col_direction"): rels["direction"].map({"out": "→", "in": "←"}),
        t("col_other_type"): rels["other_label"].map(type_name),
        t("col_other"): rels["other_name"],
        t("col_evidence"): rels["evidence"],
        t("col_source"): [title or path or src for title, path, src in
                          zip(rels["source_title"], rels["source_path"], rels["source"])],
        t("col_confidence"): rels["confidence"],
        t("col_extractor"): rels["extractor"],
    })
    tables.show(show, height=520, wide=[t("col_evidence")])
    ui.downloads(rels.drop(columns=["statements"]), f"relationships-{label}-{key}".replace("/", "-"), key="dl-ex")
elif rels is not None:
    st.caption(t("no_rows"))
