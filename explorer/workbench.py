"""Query workbench: the named-query gallery with parameter forms, and a read-only Cypher console."""
from __future__ import annotations

import json
import re

import streamlit as st

from explorer import ui
from explorer.i18n import param_text, param_type, query_text, t
from queries import library
from queries import console
from queries.graph import graph_from_path_columns, graph_from_rows

st.title(t("page_workbench"))
tab_gallery, tab_console = st.tabs([t("wb_gallery"), t("wb_console")])


def _example_params(examples: tuple[str, ...]) -> dict[str, str]:
    """``kg query NAME -p key=value …`` → {key: value}: prefills the form with a working example."""
    out: dict[str, str] = {}
    for ex in examples:
        for k, v in re.findall(r"-p\s+(\w+)=(\S+)", ex):
            out.setdefault(k, v)
    return out


def _show_result(df, key: str) -> None:
    st.caption(t("rows_n", n=len(df)))
    if df.empty:
        st.info(t("no_rows"))
        return
    st.dataframe(ui.frame(df), width="stretch", hide_index=True)
    ui.downloads(df, key, key=f"dl-{key}")
    rows = df.to_dict(orient="records")
    g = graph_from_rows(rows)
    if not g:
        g = graph_from_path_columns(rows)
    if g:
        st.subheader(t("wb_graph"))
        ui.draw_graph(g, key=f"graph-{key}", height=420)


with tab_gallery:
    queries = library.list_queries()
    names = [q.name for q in queries]
    by_name = {q.name: q for q in queries}
    name = st.selectbox(t("wb_pick_query"), names, key="wb_query",
                        format_func=lambda n: f"{n} — {query_text(n, by_name[n].description)[:70]}")
    q = by_name[name]
    st.markdown(f"**{t('wb_description')}:** {query_text(name, q.description)}")
    prefill = _example_params(q.examples)
    with st.form(f"form-{name}"):
        values = {}
        for p in q.params:
            label = t("wb_param_label", name=p.name, type=param_type(p.type),
                      description=param_text(name, p.name, p.description))
            wkey = f"wb-{name}-{p.name}"
            default = prefill.get(p.name, p.default)
            if p.type == "INT":
                values[p.name] = st.number_input(label, value=int(default or 0), step=1, key=wkey)
            elif p.type == "FLOAT":
                values[p.name] = st.number_input(label, value=float(default or 0.0), key=wkey)
            elif p.type == "BOOL":
                values[p.name] = st.checkbox(label, value=str(default).lower() in ("true", "1"), key=wkey)
            elif p.type == "LIST":
                d = ", ".join(default) if isinstance(default, list) else (default or "")
                values[p.name] = st.text_input(label, value=d, key=wkey)
            else:
                values[p.name] = st.text_input(label, value=default or "", key=wkey)
        submitted = st.form_submit_button(t("wb_run"), type="primary")
    if submitted:
        st.session_state["wb_gallery_run"] = (name, values)
    run = st.session_state.get("wb_gallery_run")
    if run and run[0] == name:
        try:
            params = library.coerce_params(name, run[1])
        except ValueError as e:
            st.error(str(e))
        else:
            df = ui.call(library.run, name, params, limit=5000)
            if df is not None:
                _show_result(df, f"query-{name}")

with tab_console:
    default_q = "MATCH (g:ProfessionalGroup)-[r:BELONGS_TO]->(c:College)\nRETURN g, r, c LIMIT 25"
    with st.form("console"):
        query = st.text_area(t("wb_query_text"), value=default_q, height=140, key="wb_console_query")
        params_text = st.text_input(t("wb_params_json"), value="", key="wb_console_params",
                                    placeholder='{"name": "深圳职业技术大学"}')
        run_console = st.form_submit_button(t("wb_run"), type="primary")
    if run_console:
        try:
            params = json.loads(params_text) if params_text.strip() else {}
            if not isinstance(params, dict):
                raise ValueError("expected an object")
        except ValueError as e:
            st.session_state["wb_console_result"] = console.ConsoleResult(error_kind="params", message=str(e))
        else:
            st.session_state["wb_console_result"] = console.run_console(ui.store(), query, params, limit=2000)
    res = st.session_state.get("wb_console_result")
    if res is not None:
        from kg.config import settings
        from kg.console import dialect_notes

        for code, _note, fmt in dialect_notes(st.session_state.get("wb_console_query") or "", settings().store):
            st.caption("ⓘ " + t(f"dialect_{code}", **fmt))  # one line per dialect difference the query shows
        if res.error_kind == "refused":
            st.error(t("wb_refused", msg=res.message))
        elif res.error_kind == "syntax":
            st.error(t("wb_syntax", msg=res.message))
        elif res.error_kind == "limit":
            st.warning(t("wb_limit", msg=res.message))
        elif res.error_kind == "params":
            st.error(t("wb_bad_params", msg=res.message))
        elif res.error_kind:
            st.error(t("wb_error", msg=res.message))
        else:
            st.caption(f"{t('rows_n', n=len(res.rows))} · {res.elapsed_ms:.0f} {t('ms')}")
            if not res.rows:
                st.info(t("no_rows"))
            else:
                st.dataframe(ui.frame(res.rows, translate=False), width="stretch", hide_index=True)
                ui.downloads(res.rows, "console", key="dl-console")
                if res.graph:
                    st.subheader(t("wb_graph"))
                    ui.draw_graph(res.graph, key="graph-console", height=460)
