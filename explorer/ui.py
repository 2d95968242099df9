"""Shared Streamlit plumbing for the explorer pages: the store, version-keyed caching, graph drawing,
legends and downloads. No Cypher and no data logic here: data comes from the read-only analyses in
:mod:`queries` (called with :func:`call`, which takes the function itself and caches on the graph version).
"""
from __future__ import annotations

import html
import json
import re
from functools import partial
from typing import Any, Callable

import pandas as pd
import streamlit as st

from kg import schema
from kg.config import settings
from kg.store import ChangedDuringRead, StoreError, open_store
from explorer.i18n import column, display_name, phrase, rel_name, t, type_name, value
from explorer.downloads import table_bytes
from queries.graph import Graph, cell, display_rows, graph_version

#: label → colour, in schema order (kg/schema.py holds the colours)
TYPE_COLORS: dict[str, str] = {n.label: n.color for n in schema.NODES}


# ------------------------------------------------------------------------------------------------ store
def _cfg_key() -> tuple:
    c = settings()
    return (c.store, c.db_path, c.neo4j_uri, c.neo4j_user, c.neo4j_database)


#: row cap for library calls: the analyses bound their own queries (the console passes its own limit)
LIBRARY_MAX_ROWS = 10_000_000


@st.cache_resource(show_spinner=False)
def _read_store(cfg_key: tuple):
    # embedded: opens LadybugDB read-only per query (never a stale snapshot); Neo4j: READ transactions
    cfg = settings()
    return open_store(settings(max_rows=max(cfg.max_rows, LIBRARY_MAX_ROWS)), read_only=True)


def store():
    """The read-only store for this app (stops the page with a clear message if it cannot be opened)."""
    try:
        return _read_store(_cfg_key())
    except StoreError as e:
        st.error(t("store_error", msg=str(e)))
        st.info(t("store_hint"))
        st.stop()


def write_store():
    """A writable store for one confirmed action; the caller closes it. Raises StoreError."""
    return open_store(settings(), read_only=False)


def version() -> str:
    """The store's change token as text (:func:`queries.graph.graph_version`; no query on the embedded
    store, one round trip on Neo4j): a new ingest changes it and so invalidates cached results."""
    try:
        return graph_version(store())
    except ChangedDuringRead:
        raise  # the embedded reader met another process's checkpoint: call() runs again (retry_changed)
    except StoreError as e:
        st.error(t("store_error", msg=str(e)))
        st.stop()


def after_write() -> None:
    """Forget cached results after this app changed the graph."""
    st.cache_data.clear()


# ------------------------------------------------------------------------------------------------ library calls
def _name(fn: Callable) -> str:
    """``module:qualname`` of a library function: its cache key (the same function reached through a
    re-export has the same name)."""
    return f"{fn.__module__}:{fn.__qualname__}"


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(name: str, graph_version: str, args_json: str, _store, _fn: Callable) -> Any:  # noqa: ARG001 - key
    args, kwargs = json.loads(args_json)
    with _store.snapshot() as snap:  # one read-only open per call: faster, consistent
        return _fn(snap, *args, **kwargs)


def _args_key(args: tuple, kwargs: dict) -> str:
    return json.dumps([list(args), kwargs], ensure_ascii=False, sort_keys=True, default=str)


def warm(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Fill the cache :func:`call` reads, outside any page (the server's start-up warm-up, explorer/warmup.py).
    Raises what the library raises; shows nothing."""
    s = _read_store(_cfg_key())
    return _cached(_name(fn), graph_version(s), _args_key(args, kwargs), s, fn)


def call(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a library function ``fn(store, *args, **kwargs)``, cached on the graph version.

    The call's queries run on one view of the graph (:meth:`kg.store.base.Store.snapshot`: on the
    embedded read-only store, one open checked against the files once); the snapshot is the store
    object itself, so the caches library functions keep per store stay warm.

    Shows the error and returns None if the store refuses the query.
    """
    from kg.store.base import retry_changed

    try:
        key = _args_key(args, kwargs)
        # another process checkpointed under the read (ChangedDuringRead): again, on a fresh open
        return retry_changed(lambda: _cached(_name(fn), version(), key, store(), fn))
    except (StoreError, ValueError, LookupError) as e:
        st.error(t("query_failed", msg=str(e).splitlines()[0] if str(e) else type(e).__name__))
        return None


# ------------------------------------------------------------------------------------------------ display
_SHORTCODE_START = re.compile(r":(?=[\w+-])")


def md(text: str) -> str:
    """``text`` (data: a name, a source title, evidence) for Streamlit markdown, with every ``:`` that could
    open an emoji shortcode escaped (``\\:``, shown as ``:``). Markdown with something like ``:boss_2026:``
    (the review queue's source titles name job ids ``job:boss_2026:1696``) makes a new browser session load
    Streamlit's emoji plugin and its 259 KB emoji table while the page renders (#24); the data never means
    an emoji."""
    return _SHORTCODE_START.sub(r"\\:", text)


#: columns whose values come from a small known set, or are sentences the analyses write
VALUE_COLUMNS = {"kind", "level", "relevance", "tier", "size", "company_size", "ownership", "source_kind", "record"}
PHRASE_COLUMNS = {"reason", "reasons", "note", "notes"}


def frame(rows: Any, rename: dict[str, str] | None = None, translate: bool = True) -> pd.DataFrame:
    """Rows (list of dicts or DataFrame) → a DataFrame with readable cells; with ``translate`` (the default)
    column names, known values and the analyses' reasons in the current language (explorer/i18n.py).
    Keep ``translate=False`` for what the user wrote (the console's own column names)."""
    if isinstance(rows, pd.DataFrame):
        df = rows.copy()
        for c in df.columns:
            if df[c].dtype == object:
                df[c] = df[c].map(lambda v: cell(v) if isinstance(v, (list, dict)) else v)
    else:
        df = pd.DataFrame(display_rows(list(rows or [])))
    if translate:
        for c in df.columns:
            textual = df[c].dtype == object or pd.api.types.is_string_dtype(df[c])
            if c in VALUE_COLUMNS and textual:
                df[c] = df[c].map(value)
            elif c in PHRASE_COLUMNS and textual:
                df[c] = df[c].map(phrase)
        df = df.rename(columns={c: column(c) for c in df.columns if c not in (rename or {})})
    return df.rename(columns=rename or {})


def downloads(rows: Any, basename: str, key: str) -> None:
    """CSV and XLSX download buttons for a table (sized to their labels: never cut to "下载…").

    The files are made when a button is clicked (Streamlit's deferred download: a callable), not on
    every run of the page — writing the XLSX took 0.1–0.6 s of each run of the pages with tables (#24)."""
    df = rows if isinstance(rows, pd.DataFrame) else frame(rows)
    if df is None or df.empty:
        return
    with st.container(horizontal=True, gap="small"):  # side by side, each as wide as its label
        st.download_button(t("download_csv"), partial(table_bytes, df, "csv"), f"{basename}.csv", "text/csv",
                           key=f"{key}-csv", width="content")
        st.download_button(t("download_xlsx"), partial(table_bytes, df, "xlsx"), f"{basename}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx",
                           width="content")


def band_axis(title: str | None = None):
    """A category axis that shows every label (Vega hides overlapping ones by default)."""
    import altair as alt

    return alt.Axis(title=title, labelOverlap=False, labelLimit=260)


def bar_height(rows: int, per_row: int = 24) -> int:
    """Chart height for ``rows`` horizontal bars: the plot area plus room for the x axis and its title
    (Streamlit sizes Vega charts with autosize "fit": the height includes the axes)."""
    return per_row * max(rows, 1) + 70


def legend(labels: list[str]) -> None:
    """A colour legend for the node types drawn."""
    items = "".join(
        f'<span style="display:inline-block;margin:0 14px 4px 0;white-space:nowrap">'
        f'<span style="display:inline-block;width:12px;height:12px;border-radius:6px;background:{TYPE_COLORS.get(lb, "#555")};'
        f'margin-right:5px;vertical-align:middle"></span>{html.escape(type_name(lb))}</span>'
        for lb in labels)
    # st.html, not st.markdown(unsafe_allow_html=True): markdown with raw HTML makes a new browser session
    # load a 184 KB HTML parser (rehype-raw) before the page is shown (#24)
    st.html(f'<div class="kg-legend" style="font-size:0.9rem"><b>{html.escape(t("legend"))}:</b> {items}</div>')


class _CytoscapeStyle:
    """A raw Cytoscape style rule passed through st-link-analysis (its NodeStyle/EdgeStyle cover colours
    and captions only)."""

    def __init__(self, selector: str, style: dict) -> None:
        self.selector, self.style = selector, style

    def dump(self) -> dict:
        return {"selector": self.selector, "style": self.style}


# st-link-analysis hides labels below zoom ≈2.8 (font 3.6, min-zoomed 10): show names at normal zoom, large
# enough to read when a small graph is fitted into its frame (relationship names on the edges too)
_LABEL_STYLES = [
    _CytoscapeStyle("*", {"min-zoomed-font-size": 4}),
    _CytoscapeStyle("node", {"font-size": 11, "text-wrap": "ellipsis", "text-max-width": 120,
                             "text-valign": "bottom", "text-margin-y": 3,
                             "font-family": "Noto Sans CJK SC, Source Han Sans SC, sans-serif"}),
    _CytoscapeStyle("edge", {"font-size": 9, "text-background-color": "#ffffff", "text-background-opacity": 0.85,
                             "text-background-padding": 1,
                             "font-family": "Noto Sans CJK SC, Source Han Sans SC, sans-serif"}),
]


def draw_graph(graph: Any, key: str, height: int = 460, focus: str | None = None) -> None:
    """Draw a graph (``{"nodes": [...], "edges": [...]}`` or :class:`Graph`) with colours per node type,
    a legend and translated relationship names. Uses st-link-analysis (Cytoscape bundled locally)."""
    import warnings

    from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

    g = graph.as_dict() if isinstance(graph, Graph) else graph
    nodes, edges = g.get("nodes") or [], g.get("edges") or []
    if not nodes:
        st.caption(t("no_rows"))
        return
    els_nodes, labels = [], []
    for n in nodes:
        lb = n.get("label")
        if lb not in labels:
            labels.append(lb)
        props = n.get("props") or {}
        data = {"id": n["id"], "label": lb, "name": display_name({**props, "name": n.get("name")}, lb) or n["id"],
                "type": type_name(lb), "key": n.get("key")}
        for p in ("name_en", "province", "city", "level", "tier", "code"):
            if props.get(p) not in (None, "", []):
                data[p] = props[p]
        els_nodes.append({"data": data, **({"selected": True} if focus == n["id"] else {})})
    ids = {n["id"] for n in nodes}
    els_edges, types = [], []
    for e in edges:
        if e["source"] not in ids or e["target"] not in ids:
            continue
        if e["type"] not in types:
            types.append(e["type"])
        els_edges.append({"data": {"id": e.get("id") or f"{e['source']}-{e['type']}-{e['target']}", "label": e["type"], "name": rel_name(e["type"]),
                                   "source": e["source"], "target": e["target"]}})
    node_styles = [*_LABEL_STYLES, *(NodeStyle(lb, TYPE_COLORS.get(lb, "#555"), "name") for lb in labels)]
    with warnings.catch_warnings():  # st-link-analysis 0.4 warns about a parameter we do not pass
        warnings.simplefilter("ignore")
        edge_styles = [EdgeStyle(tp, caption="name", directed=True) for tp in types]
    st_link_analysis({"nodes": els_nodes, "edges": els_edges}, layout="cose", node_styles=node_styles,
                     edge_styles=edge_styles, height=height, key=key)
    legend(labels)

