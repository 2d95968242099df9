"""Review: proposed entities and uncertain links with their evidence — accept, reject or merge.
Decisions are written to the graph with who and when in provenance (kg.curation)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import tables, ui
from explorer.i18n import rel_name, t, type_name
from kg.curation import accept, merge, reject
from kg.records import ReviewItem
from queries import review

PAGE = 10

st.title(t("page_review"))
st.caption(t("rv_intro"))

c1, c2 = st.columns([2, 2])
who = c1.text_input(t("rv_who"), key="rv_who", placeholder=t("rv_who_placeholder"))
threshold = c2.slider(t("rv_threshold"), 0.1, 1.0, 0.6, 0.05, key="rv_threshold")

flash = st.session_state.pop("rv_flash", None)
if flash:
    st.success(t("rv_done", what=flash))

items = ui.call(review.review_queue, confidence_below=threshold, limit=300)
if items is None:
    st.stop()
if not items:
    st.info(t("rv_empty"))
    st.stop()

st.caption(t("rv_items", n=len(items)))
# the labels looked up once, not per item (300 items × a dozen look-ups took 0.1–0.5 s of the run, #24)
entity, link = t("rv_entity"), t("rv_link")
names = {lb: type_name(lb) for lb in {i.label for i in items if i.kind == "node"}}
rels = {lb: rel_name(lb) for lb in {i.label for i in items if i.kind != "node"}}
table = pd.DataFrame({
    t("type"): [entity if i.kind == "node" else link for i in items],
    t("col_name"): [f"{names[i.label]}: {i.name}" if i.kind == "node"
                    else f"{i.start_name} → {rels[i.label]} → {i.end_name}" for i in items],
    t("col_confidence"): [i.confidence for i in items],
    t("col_evidence"): [(i.evidence or "")[:160] for i in items],
    t("col_source"): [i.source_title or i.source for i in items],
    t("col_extractor"): [i.extractor for i in items]})
tables.show(table, height=300, wide=[t("col_evidence")])  # HTML (explorer/tables.py): no grid code to load, #24


def _act(action: str, item: ReviewItem, into: str | None = None) -> None:
    if not who.strip():
        st.session_state["rv_error"] = t("rv_need_who")
        return
    try:
        store = ui.write_store()
    except Exception as e:  # noqa: BLE001 - StoreError (locked, unreachable)
        st.session_state["rv_error"] = str(e)
        return
    try:
        if action == "accept":
            accept(store, item, who)
        elif action == "reject":
            reject(store, item, who)
        else:
            merge(store, item, into, who)
    except Exception as e:  # noqa: BLE001 - shown as one line
        st.session_state["rv_error"] = str(e).splitlines()[0]
        return
    finally:
        store.close()
    ui.after_write()
    what = (f"{type_name(item.label)} {item.name}" if item.kind == "node"
            else f"{item.start_name} → {rel_name(item.label)} → {item.end_name}")
    st.session_state["rv_flash"] = f"{t('rv_' + action)} · {what} · {who}"


err = st.session_state.pop("rv_error", None)
if err:
    st.error(err)

page = st.number_input(t("page_n"), min_value=1, max_value=max(1, (len(items) + PAGE - 1) // PAGE), value=1,
                       key="rv_page")
for n, item in enumerate(items[(page - 1) * PAGE: page * PAGE]):
    title = (f"{type_name(item.label)} · {item.name}" if item.kind == "node"
             else f"{type_name(item.start_label)} {item.start_name} → {rel_name(item.label)} → "
                  f"{type_name(item.end_label)} {item.end_name}")
    conf = "" if item.confidence is None else f" ({item.confidence:.2f})"
    # (ui.md: the data's "job:boss_2026:…" would load Streamlit's emoji plugin, #24)
    with st.expander(ui.md(title) + conf):
        st.markdown(f"**{t('col_evidence')}:** {ui.md(item.evidence or '—')}")
        # every statement that proposed it: source, extractor, confidence, where in the source
        stmts = [{k: stmt.get(k) for k in ("source", "extractor", "confidence", "locator")}
                 for stmt in item.provenance[:5]] or [{"source": item.source, "extractor": item.extractor}]
        if item.source_title:
            st.caption(f"{t('col_source')}：{ui.md(item.source_title)}" if st.session_state.get("lang", "zh") == "zh"
                       else f"{t('col_source')}: {ui.md(item.source_title)}")
        tables.show(ui.frame(pd.DataFrame(stmts)))
        b1, b2, b3 = st.columns([1, 1, 3])
        b1.button(t("rv_accept"), key=f"rv-acc-{item.id}", on_click=_act, args=("accept", item), type="primary")
        b2.button(t("rv_reject"), key=f"rv-rej-{item.id}", on_click=_act, args=("reject", item))
        if item.kind == "node":
            cands = review.merge_candidates(ui.store(), item) if b3.checkbox(t("rv_merge"), key=f"rv-m-{item.id}") else []
            if cands:
                target = b3.selectbox(t("rv_merge_target"), [c["key"] for c in cands], key=f"rv-mt-{item.id}",
                                      format_func=lambda k, c=cands: next(f"{x['name']} [{x['key']}] {x['score']:.2f}"
                                                                           for x in c if x["key"] == k))
                b3.button(t("rv_merge"), key=f"rv-mg-{item.id}", on_click=_act, args=("merge", item, target))
