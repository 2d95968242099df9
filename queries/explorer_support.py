"""Library functions the explorer needs beyond the analyses in :mod:`queries.explorer_api`.

The Streamlit pages hold no Cypher and no data logic; what they need and the analysis library does not
offer lives here, each piece testable without Streamlit:

* :func:`graph_version` — a cheap token that changes when the graph changes (cache key);
* :func:`run_console` — the read-only Cypher console: rows, a graph of the nodes/paths returned, and a
  classified error (refused / syntax / limit / other) instead of an exception;
* :func:`graph_from_rows`, :func:`display_rows` — query results as a drawable graph / a flat table;
* the **review queue**: :func:`review_queue`, :func:`accept`, :func:`reject`, :func:`merge`,
  :func:`merge_candidates` — decisions are written to the graph with who/when in provenance;
* **ingest preview**: :func:`detect_kind`, :func:`preview_ingest` (runs an extractor without writing),
  :func:`entity_spans`, :func:`displacy_html`, then :func:`write_ingest` once the user confirms;
* :func:`table_bytes` — a table as CSV or XLSX bytes for downloads;
* :func:`document_sources` — the source documents per kind with their freshness.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from kg import schema
from kg.records import NodeRecord, Provenance, RelRecord, statements_of, with_statements
from kg.store.base import QueryLimitError, ReadOnlyError, Store, StoreError

REVIEW_EXTRACTOR = "review@1"


# ------------------------------------------------------------------------------------------------ version
def graph_version(store: Store) -> str:
    """A token that changes whenever the graph changes, cheap enough to compute on every page run.

    Embedded store: size and modification time of the database file(s) (a write or checkpoint changes
    them). Neo4j: node and relationship counts (count-store lookups) plus the newest document time.
    Falls back to :meth:`Store.version` for other stores.

    >>> # graph_version(open_store(read_only=True))  ->  'ladybug:…'
    """
    path = getattr(store, "path", None)
    if store.dialect == "ladybug" and path:
        p = Path(path)
        parts = []
        for f in sorted(p.parent.glob(p.name + "*")):
            try:
                st = f.stat()
            except OSError:
                continue
            parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
        return "ladybug:" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]
    if store.dialect == "neo4j":
        n = store.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
        r = store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        d = store.read("MATCH (d:Document) RETURN max(d.ingested_at) AS t")[0]["t"]
        return f"neo4j:{n}:{r}:{d}"
    return hashlib.sha1(store.version().encode()).hexdigest()[:16]


def graph_counts(store: Store) -> dict:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` for every declared label/type, in two queries
    (one scan each) rather than one count per label."""
    lab, typ = ("label(n)", "label(r)") if store.dialect == "ladybug" else ("labels(n)[0]", "type(r)")
    nodes = {n.label: 0 for n in schema.NODES}
    rels = {r.type: 0 for r in schema.RELS}
    for row in store.read(f"MATCH (n) RETURN {lab} AS k, count(*) AS c", limit=None):
        if row["k"] in nodes:
            nodes[row["k"]] = int(row["c"])
    for row in store.read(f"MATCH ()-[r]->() RETURN {typ} AS k, count(*) AS c", limit=None):
        if row["k"] in rels:
            rels[row["k"]] = int(row["c"])
    return {"nodes": nodes, "relationships": rels}


# ------------------------------------------------------------------------------------------------ graphs
def node_key(node: dict) -> str | None:
    """The key value of a node dict as returned by ``store.read`` (``_label`` + properties)."""
    label = node.get("_label")
    if label in schema.NODE_BY_LABEL:
        k = node.get(schema.key_of(label))
        return None if k is None else str(k)
    return None


def node_id(label: str, key: str) -> str:
    """The id a drawn node gets: ``Label:key`` (unique across labels)."""
    return f"{label}:{key}"


def node_name(node: dict) -> str:
    for p in ("name", "title", "name_zh", "name_en"):
        if node.get(p):
            return str(node[p])
    return node_key(node) or "?"


def _is_node(v: Any) -> bool:
    return isinstance(v, dict) and "_label" in v


def _is_rel(v: Any) -> bool:
    return isinstance(v, dict) and "_type" in v


def _is_path(v: Any) -> bool:
    return isinstance(v, dict) and set(v) >= {"nodes", "rels"} and isinstance(v.get("nodes"), list)


@dataclass
class Graph:
    """A drawable graph: nodes ``{id, label, key, name, props}``, edges ``{id, source, target, type, props}``."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[str, dict] = field(default_factory=dict)

    def add_node(self, node: dict) -> str | None:
        label, key = node.get("_label"), node_key(node)
        if label is None or key is None:
            return None
        nid = node_id(label, key)
        if nid not in self.nodes:
            self.nodes[nid] = {"id": nid, "label": label, "key": key, "name": node_name(node),
                               "props": {k: v for k, v in node.items() if not k.startswith("_")}}
        return nid

    def add_edge(self, source: str, target: str, type_: str, props: dict | None = None) -> None:
        eid = f"{source}-{type_}-{target}"
        if eid not in self.edges:
            self.edges[eid] = {"id": eid, "source": source, "target": target, "type": type_,
                               "props": {k: v for k, v in (props or {}).items() if not k.startswith("_")}}

    def as_dict(self) -> dict:
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}

    def __bool__(self) -> bool:
        return bool(self.nodes)


def _orient(g: Graph, a: str, b: str, rel: dict) -> tuple[str, str]:
    """Draw ``rel`` between a and b in the schema's direction where the pair says which way it goes."""
    t = rel.get("_type")
    la, lb = g.nodes[a]["label"], g.nodes[b]["label"]
    rt = schema.REL_BY_TYPE.get(t)
    if rt and (la, lb) not in rt.pairs and (lb, la) in rt.pairs:
        return b, a
    return a, b


def graph_from_rows(rows: Iterable[dict]) -> Graph:
    """The nodes, relationships and paths in query results as a :class:`Graph`.

    Paths are drawn whole. In a row without paths, relationships are drawn between the row's nodes taken
    in column order (``RETURN a, r, b`` → a–r–b), oriented as the schema declares the pair. Rows with
    only scalar values give an empty graph.
    """
    g = Graph()
    for row in rows:
        values = list(row.values())
        flat: list[Any] = []
        for v in values:
            if isinstance(v, list) and v and all(_is_node(x) or _is_rel(x) or _is_path(x) for x in v):
                flat.extend(v)
            else:
                flat.append(v)
        row_nodes: list[str] = []
        row_rels: list[dict] = []
        for v in flat:
            if _is_path(v):
                ids = [g.add_node(n) for n in v["nodes"]]
                for i, rel in enumerate(v["rels"]):
                    if i + 1 < len(ids) and ids[i] and ids[i + 1]:
                        s, t = _orient(g, ids[i], ids[i + 1], rel)
                        g.add_edge(s, t, rel.get("_type", "?"), rel)
            elif _is_node(v):
                nid = g.add_node(v)
                if nid:
                    row_nodes.append(nid)
            elif _is_rel(v):
                row_rels.append(v)
        for i, rel in enumerate(row_rels):
            if i + 1 < len(row_nodes):
                s, t = _orient(g, row_nodes[i], row_nodes[i + 1], rel)
                g.add_edge(s, t, rel.get("_type", "?"), rel)
    return g


def graph_from_path_columns(rows: Iterable[dict], names: str = "nodes", labels: str = "labels",
                            rels: str = "rels") -> Graph:
    """A graph from rows that describe paths as parallel lists (node names, node labels, relationship
    types) — the shape of named queries such as ``entity_path``. Nodes are identified by label and name."""
    g = Graph()
    for row in rows:
        ns, ls, rs = row.get(names), row.get(labels), row.get(rels)
        if not isinstance(ns, list) or not isinstance(ls, list) or not isinstance(rs, list) or len(ns) != len(ls):
            continue
        ids = []
        for n, lb in zip(ns, ls):
            nid = node_id(str(lb), str(n))
            if nid not in g.nodes:
                g.nodes[nid] = {"id": nid, "label": str(lb), "key": str(n), "name": str(n), "props": {}}
            ids.append(nid)
        for i, t in enumerate(rs):
            if i + 1 < len(ids):
                a, b = _orient(g, ids[i], ids[i + 1], {"_type": t})
                g.add_edge(a, b, str(t))
    return g


def _cell(v: Any) -> Any:
    if _is_path(v):
        parts = []
        for i, n in enumerate(v["nodes"]):
            parts.append(f"({n.get('_label')}: {node_name(n)})")
            if i < len(v["rels"]):
                parts.append(f"-[{v['rels'][i].get('_type')}]-")
        return "".join(parts)
    if _is_node(v):
        return f"{v['_label']}: {node_name(v)} [{node_key(v)}]"
    if _is_rel(v):
        ev = v.get("evidence")
        return f"{v['_type']}" + (f" «{str(ev)[:80]}»" if ev else "")
    if isinstance(v, (list, dict)):
        if isinstance(v, list) and all(not isinstance(x, (list, dict)) for x in v):
            return "; ".join("" if x is None else str(x) for x in v)
        return json.dumps([_cell(x) for x in v] if isinstance(v, list) else v, ensure_ascii=False, default=str)
    return v


def display_rows(rows: list[dict]) -> list[dict]:
    """Rows with nodes/relationships/paths/lists turned into readable strings (for a table)."""
    return [{k: _cell(v) for k, v in r.items()} for r in rows]


# ------------------------------------------------------------------------------------------------ console
@dataclass
class ConsoleResult:
    """What the console shows: rows + graph, or one classified error line."""

    rows: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    error_kind: str | None = None  # "refused" | "syntax" | "limit" | "error"
    message: str | None = None
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error_kind is None


_SYNTAX = re.compile(r"parser exception|syntax ?error|invalid input|mismatched input|no viable alternative|"
                     r"binder exception|catalog exception|variable .* not defined|unknown function",
                     re.IGNORECASE)


def classify_error(e: Exception) -> tuple[str, str]:
    """``(kind, message)`` for a store error: refused writes, syntax errors, limits, anything else."""
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if isinstance(e, ReadOnlyError):
        return "refused", msg
    if isinstance(e, QueryLimitError):
        return "limit", msg
    if _SYNTAX.search(msg) or "Neo.ClientError.Statement.SyntaxError" in str(getattr(e, "code", "")):
        return "syntax", msg
    return "error", msg


def run_console(store: Store, query: str, params: dict | None = None, *, limit: int = 1000,
                timeout: float | None = None) -> ConsoleResult:
    """Run an analyst's Cypher read-only (the database refuses writes; :mod:`kg.console` also refuses
    file reads and admin commands) and return rows, a graph of returned nodes/paths, or the error.

    Example: ``run_console(store, "MATCH (c:College) RETURN c LIMIT 3")`` → 3 rows and a 3-node graph;
    ``run_console(store, "CREATE (:Major {code:'x'})")`` → ``error_kind == "refused"``.
    """
    import time

    try:
        from kg.console import run_console_query
    except ImportError:  # pragma: no cover - older foundation
        def run_console_query(store, query, params=None, *, limit=None, timeout=None):  # noqa: ANN001
            return store.read(query, params or {}, limit=limit, timeout=timeout)

    t0 = time.perf_counter()
    try:
        rows = run_console_query(store, query, params or {}, limit=limit, timeout=timeout)
    except StoreError as e:
        kind, msg = classify_error(e)
        return ConsoleResult(error_kind=kind, message=msg, elapsed_ms=1000 * (time.perf_counter() - t0))
    cols = list(rows[0].keys()) if rows else []
    return ConsoleResult(rows=rows, columns=cols, graph=graph_from_rows(rows),
                         elapsed_ms=1000 * (time.perf_counter() - t0))


# ------------------------------------------------------------------------------------------------ tables
def table_bytes(rows: Any, fmt: str) -> bytes:
    """A table (DataFrame or list of dicts) as ``csv`` (UTF-8 with BOM, opens in Excel) or ``xlsx`` bytes."""
    import pandas as pd

    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(display_rows(list(rows)))
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(lambda v: _cell(v) if isinstance(v, (list, dict)) else v)
    if fmt == "csv":
        return df.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            df.to_excel(xw, index=False, sheet_name="data")
        return buf.getvalue()
    raise ValueError(f"format must be csv or xlsx, not {fmt!r}")


# ------------------------------------------------------------------------------------------------ sources
def document_sources(store: Store) -> list[dict]:
    """Source documents grouped by kind: ``kind, documents, latest`` (newest ``ingested_at``), newest first.

    Reference tables are Documents with ids ``ref:<path>``; their kind is ``reference``.
    """
    rows = store.read("MATCH (d:Document) RETURN d.kind AS kind, count(d) AS documents, "
                      "max(d.ingested_at) AS latest, min(d.ingested_at) AS first", limit=None)
    return sorted(rows, key=lambda r: (str(r.get("latest") or ""), str(r.get("kind"))), reverse=True)


def reference_documents(store: Store, limit: int = 200) -> list[dict]:
    """The reference tables loaded (``ref:`` documents): ``id, path, title, ingested_at``."""
    return store.read("MATCH (d:Document) WHERE d.kind = 'reference' OR d.id STARTS WITH 'ref:' "
                      "RETURN d.id AS id, d.path AS path, d.title AS title, d.ingested_at AS ingested_at "
                      "ORDER BY id LIMIT $n", {"n": limit}, limit=None)


# ------------------------------------------------------------------------------------------------ pickers
def group_choices(store: Store) -> list[dict]:
    """Every professional group with its college and province, for province → college → group pickers:
    ``province, moe_code, college, group_id, group, tier, origin`` sorted by province, college, group."""
    rows = store.read(
        "MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) "
        "OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region) "
        "RETURN coalesce(r.province, c.province) AS province, c.moe_code AS moe_code, c.name AS college, "
        "g.id AS group_id, g.name AS group_name, g.tier AS tier, g.source_kind AS origin", limit=None)
    for r in rows:  # ``group`` is a reserved word in LadybugDB: renamed here
        r["province"] = r["province"] or ""
        r["group"] = r.pop("group_name")
    return sorted(rows, key=lambda r: (r["province"], r["college"] or "", r["group"] or "", r["group_id"]))


def firm_attributes(store: Store, firm_ids: list[str]) -> dict[str, dict]:
    """``{firm id: {name, name_en, province, city, tags, size, listed_code}}`` for the given firms."""
    if not firm_ids:
        return {}
    rows = store.read("UNWIND $ids AS k MATCH (f:Firm {id: k}) RETURN f.id AS id, f.name AS name, "
                      "f.name_en AS name_en, f.province AS province, f.city AS city, f.tags AS tags, "
                      "f.size AS size, f.listed_code AS listed_code", {"ids": sorted(set(firm_ids))}, limit=None)
    return {r["id"]: r for r in rows}


def firm_facets(store: Store) -> dict[str, list[str]]:
    """The values the suggestion filters offer: firm ``tags`` and ``sizes`` present in the graph, plus
    ``listed`` (上市) as a tag when some firm has a listed code."""
    tags = store.read("MATCH (f:Firm) WHERE f.tags IS NOT NULL UNWIND f.tags AS t RETURN DISTINCT t AS v", limit=None)
    sizes = store.read("MATCH (f:Firm) WHERE f.size IS NOT NULL RETURN DISTINCT f.size AS v", limit=None)
    listed = store.read("MATCH (f:Firm) WHERE f.listed_code IS NOT NULL RETURN count(f) AS n")[0]["n"]
    out_tags = sorted({r["v"] for r in tags if r["v"]})
    if listed:
        out_tags = [LISTED_TAG, *out_tags]
    return {"tags": out_tags, "sizes": sorted({r["v"] for r in sizes if r["v"]})}


LISTED_TAG = "上市"


def suggest_filtered(store: Store, group: str, college: str | None = None, *, top: int = 10,
                     region: str | None = None, tags: list[str] | None = None, sizes: list[str] | None = None,
                     include_partners: bool = False):
    """:func:`queries.suggest.suggest` with the explorer's filters: firm ``tags`` (any of them; ``上市``
    = has a listed code) and ``sizes`` (any of them). Without filters it is ``suggest`` itself; with
    filters it ranks a longer list and keeps the first ``top`` matching firms (ranks renumbered).
    Adds the columns ``firm_province``, ``firm_city``, ``firm_tags`` and ``firm_size``. ``df.attrs`` as ``suggest``."""
    from queries.suggest import suggest

    tags, sizes = list(tags or []), list(sizes or [])
    filtered = bool(tags or sizes)
    df = suggest(store, group, college, top=top * 20 if filtered else top, region=region,
                 include_partners=include_partners)
    attrs = dict(df.attrs)
    firms = firm_attributes(store, list(df["firm_id"])) if len(df) else {}

    def keep(fid: str) -> bool:
        f = firms.get(fid) or {}
        ftags = set(f.get("tags") or []) | ({LISTED_TAG} if f.get("listed_code") else set())
        return (not tags or bool(ftags & set(tags))) and (not sizes or f.get("size") in sizes)

    if filtered and len(df):
        df = df[df["firm_id"].map(keep)].head(top).reset_index(drop=True)
        df["rank"] = range(1, len(df) + 1)
    for col in ("province", "city", "size"):
        df[f"firm_{col}"] = [(firms.get(fid) or {}).get(col) for fid in df["firm_id"]]
    df["firm_tags"] = [list((firms.get(fid) or {}).get("tags") or []) for fid in df["firm_id"]]
    df.attrs.update(attrs)
    return df


def graph_from_explanation(path: dict) -> Graph:
    """An explanation path (``queries.paths.Path.to_dict()``: nodes with label/key/name, rels with
    type/forward) as a :class:`Graph`."""
    g = Graph()
    ids = []
    for n in path.get("nodes") or []:
        nid = node_id(n["label"], str(n["key"]))
        if nid not in g.nodes:
            g.nodes[nid] = {"id": nid, "label": n["label"], "key": str(n["key"]), "name": n.get("name") or n["key"],
                            "props": {}}
        ids.append(nid)
    for i, r in enumerate(path.get("rels") or []):
        if i + 1 < len(ids):
            a, b = (ids[i], ids[i + 1]) if r.get("forward", True) else (ids[i + 1], ids[i])
            g.add_edge(a, b, r["type"])
    return g


# ------------------------------------------------------------------------------------------------ review
@dataclass
class ReviewItem:
    """One entry of the review queue: a proposed entity (``kind='node'``) or an uncertain link."""

    kind: str  # "node" | "link"
    label: str  # node label, or relationship type for links
    key: str | None = None
    name: str = ""
    start_label: str | None = None
    start_key: str | None = None
    start_name: str | None = None
    end_label: str | None = None
    end_key: str | None = None
    end_name: str | None = None
    confidence: float | None = None
    evidence: str | None = None
    source: str | None = None
    extractor: str | None = None
    provenance: list[dict] = field(default_factory=list)
    props: dict = field(default_factory=dict)
    source_title: str | None = None  # title (or path) of the source Document

    @property
    def id(self) -> str:
        if self.kind == "node":
            return f"node|{self.label}|{self.key}"
        return f"link|{self.label}|{self.start_label}|{self.start_key}|{self.end_label}|{self.end_key}"

    def describe(self) -> str:
        if self.kind == "node":
            return f"{self.label} {self.name} [{self.key}]"
        return f"{self.start_name} -[{self.label}]-> {self.end_name}"


def _statements(props: dict) -> list[dict]:
    out = []
    for s in statements_of(props):
        try:
            out.append(json.loads(s))
        except (TypeError, ValueError):
            continue
    return out


def review_queue(store: Store, *, confidence_below: float = 0.6, limit: int = 200) -> list[ReviewItem]:
    """Entities flagged ``review = true`` and relationships flagged for review or with
    ``confidence < confidence_below``, least confident first (links) — each with its evidence."""
    items: list[ReviewItem] = []
    for r in store.read("MATCH (n) WHERE n.review = true RETURN n "
                        "ORDER BY n.confidence, coalesce(n.id, n.code, n.moe_code) LIMIT $n",
                        {"n": limit}, limit=limit + 1):
        n = r["n"]
        if n.get("_label") not in schema.NODE_BY_LABEL:
            continue
        items.append(ReviewItem(kind="node", label=n["_label"], key=node_key(n), name=node_name(n),
                                confidence=n.get("confidence"), evidence=n.get("evidence"),
                                source=n.get("source"), extractor=n.get("extractor"),
                                provenance=_statements(n),
                                props={k: v for k, v in n.items() if not k.startswith("_")}))
    rows = store.read("MATCH (a)-[r]->(b) WHERE r.review = true OR r.confidence < $c "
                      "RETURN a, r, b ORDER BY r.confidence, coalesce(a.id, a.code, a.moe_code), "
                      "coalesce(b.id, b.code, b.moe_code) LIMIT $n",
                      {"c": confidence_below, "n": limit}, limit=limit + 1)
    for row in rows:
        a, r, b = row["a"], row["r"], row["b"]
        if r.get("_type") not in schema.REL_BY_TYPE:
            continue
        items.append(ReviewItem(kind="link", label=r["_type"], start_label=a["_label"], start_key=node_key(a),
                                start_name=node_name(a), end_label=b["_label"], end_key=node_key(b),
                                end_name=node_name(b), confidence=r.get("confidence"),
                                evidence=r.get("evidence"), source=r.get("source"), extractor=r.get("extractor"),
                                provenance=_statements(r),
                                props={k: v for k, v in r.items() if not k.startswith("_")}))
    sources = sorted({i.source for i in items if i.source})
    if sources:
        docs = store.read("UNWIND $ids AS d MATCH (doc:Document {id: d}) "
                          "RETURN doc.id AS id, coalesce(doc.title, doc.path) AS title", {"ids": sources}, limit=None)
        titles = {d["id"]: d["title"] for d in docs}
        for i in items:
            i.source_title = titles.get(i.source)
    return items


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _review_prov(who: str, action: str, evidence: str | None, when: str) -> dict:
    if not who or not who.strip():
        raise ValueError("a reviewer name is required")
    return Provenance(source=f"review:{who.strip()}", evidence=evidence, extractor=REVIEW_EXTRACTOR,
                      confidence=1.0, locator=f"{action} by {who.strip()} at {when}").model_dump(exclude_none=True)


def _audit(store: Store, item: ReviewItem, action: str, who: str, when: str, detail: str = "") -> str:
    """A Document node recording a decision whose subject leaves the graph (reject / merge)."""
    payload = json.dumps({"action": action, "item": item.id, "props": with_statements(item.props), "detail": detail},
                         ensure_ascii=False, sort_keys=True, default=str)
    doc_id = "review:" + hashlib.sha256(f"{payload}|{who}|{when}".encode()).hexdigest()[:24]
    title = f"{action}: {item.describe()}" + (f" → {detail}" if detail else "")
    store.upsert_nodes("Document", [{
        "id": doc_id, "kind": "review", "title": title[:300], "status": "complete", "ingested_at": when,
        "path": item.id, "content_hash": hashlib.sha256(payload.encode()).hexdigest(),
        "_prov": [Provenance(source=doc_id, evidence=payload[:4000], extractor=REVIEW_EXTRACTOR,
                             confidence=1.0, locator=f"{action} by {who.strip()} at {when}")]}])
    return doc_id


def accept(store: Store, item: ReviewItem, who: str) -> dict:
    """Accept a proposed entity or link: ``review`` becomes false and a provenance statement
    ``source='review:<who>'``, ``locator='accepted by <who> at <when>'`` (confidence 1) is added."""
    when = _now()
    prov = _review_prov(who, "accepted", item.evidence, when)
    with store.transaction():
        if item.kind == "node":
            key = schema.key_of(item.label)
            store.upsert_nodes(item.label, [{key: item.key, "review": False, "_prov": [prov]}])
        else:
            n, skipped = store.upsert_relationships(
                item.label, [{"from": item.start_key, "to": item.end_key, "review": False, "_prov": [prov]}],
                item.start_label, item.end_label)
            if skipped:
                raise StoreError(f"cannot accept: {skipped[0]['reason']}")
    return {"action": "accepted", "item": item.id, "who": who, "when": when}


def reject(store: Store, item: ReviewItem, who: str) -> dict:
    """Reject a proposed entity (removed with its relationships) or link (removed); the decision, the
    removed element's properties and provenance are kept in a ``Document`` of kind ``review``."""
    when = _now()
    _review_prov(who, "rejected", None, when)  # validates who
    with store.transaction():
        if item.kind == "node":
            nt = schema.node(item.label)
            store.write(f"MATCH (n:{nt.label}) WHERE n.{nt.key} = $k DETACH DELETE n", {"k": item.key})
        else:
            schema.check_pair(item.label, item.start_label, item.end_label)
            sk, ek = schema.key_of(item.start_label), schema.key_of(item.end_label)
            store.write(f"MATCH (a:{item.start_label}) WHERE a.{sk} = $f "
                        f"MATCH (a)-[r:{item.label}]->(b:{item.end_label}) WHERE b.{ek} = $t DELETE r",
                        {"f": item.start_key, "t": item.end_key})
        doc = _audit(store, item, "rejected", who, when)
    return {"action": "rejected", "item": item.id, "who": who, "when": when, "record": doc}


def merge(store: Store, item: ReviewItem, into_key: str, who: str) -> dict:
    """Merge a proposed entity into an existing one of the same label: its relationships move to the
    target (with their provenance plus a review statement), its name becomes an alias where the label
    has aliases, its provenance joins the target's, and the proposed node is removed."""
    if item.kind != "node":
        raise ValueError("only entities can be merged")
    if into_key == item.key:
        raise ValueError("cannot merge an entity into itself")
    nt = schema.node(item.label)
    when = _now()
    prov = _review_prov(who, f"merged {item.key} into {into_key}", item.evidence, when)
    target = store.read(f"MATCH (n:{nt.label}) WHERE n.{nt.key} = $k RETURN n", {"k": into_key})
    if not target:
        raise StoreError(f"no {nt.label} with key {into_key!r} to merge into")
    out_rows = store.read(f"MATCH (a:{nt.label})-[r]->(b) WHERE a.{nt.key} = $k RETURN r, b",
                          {"k": item.key}, limit=None)
    in_rows = store.read(f"MATCH (a:{nt.label})<-[r]-(b) WHERE a.{nt.key} = $k RETURN r, b",
                         {"k": item.key}, limit=None)
    moved = 0
    with store.transaction():
        for rows, outgoing in ((out_rows, True), (in_rows, False)):
            for row in rows:
                r, b = row["r"], row["b"]
                t, bl, bk = r["_type"], b["_label"], node_key(b)
                if bl == nt.label and bk in (into_key, item.key):
                    continue  # would become a self-loop
                rt = schema.rel(t)
                data = {p: r.get(p) for p in rt.props if r.get(p) is not None}
                stmts = statements_of(r) + [prov]
                start, end = (nt.label, bl) if outgoing else (bl, nt.label)
                frm, to = (into_key, bk) if outgoing else (bk, into_key)
                store.upsert_relationships(t, [{"from": frm, "to": to, **data, "_prov": stmts}], start, end)
                moved += 1
        merged_row: dict[str, Any] = {nt.key: into_key, "review": False,
                                      "_prov": [*statements_of(item.props), prov]}
        if "aliases" in nt.props and item.name and item.name != node_name(target[0]["n"]):
            merged_row["aliases"] = [item.name]
        store.upsert_nodes(nt.label, [merged_row])
        store.write(f"MATCH (n:{nt.label}) WHERE n.{nt.key} = $k DETACH DELETE n", {"k": item.key})
        doc = _audit(store, item, "merged", who, when, detail=f"{nt.label} {into_key}")
    return {"action": "merged", "item": item.id, "into": into_key, "moved_relationships": moved, "who": who,
            "when": when, "record": doc}


def merge_candidates(store: Store, item: ReviewItem, limit: int = 5, names: list[dict] | None = None) -> list[dict]:
    """Existing entities of the same label whose names are closest to a proposed entity's (rapidfuzz
    WRatio): ``key, name, score`` best first. ``names`` (``key, name`` rows) may be passed to reuse a
    cached list."""
    from rapidfuzz import fuzz, process

    if item.kind != "node" or not item.name:
        return []
    nt = schema.node(item.label)
    name_prop = next((p for p in nt.search if nt.all_props.get(p) == schema.STRING), nt.key)
    if names is None:
        names = store.read(f"MATCH (n:{nt.label}) WHERE n.review IS NULL OR n.review = false "
                           f"RETURN n.{nt.key} AS key, n.{name_prop} AS name", limit=None)
    choices = {r["key"]: str(r["name"]) for r in names if r.get("name") and r["key"] != item.key}
    best = process.extract(item.name, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return [{"key": k, "name": name, "score": round(score / 100, 3)} for name, score, k in best]


# ------------------------------------------------------------------------------------------------ ingest
_RDF_SUFFIXES = (".ttl", ".rdf", ".owl", ".nt", ".nq", ".jsonld", ".trig", ".n3")
_TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".tsv")
_CURRICULUM = re.compile(r"专业代码|职业面向|专业核心课程|专业基础课程|培养目标|人才培养方案|主要专业能力要求|接续专业")
_POLICY = re.compile(r"第[一二三四五六七八九十百零]+条|条例|办法|通知|意见|决定|规划|政策|"
                     r"industry[- ]education|vocational education|school[- ]enterprise", re.IGNORECASE)
_FIRM = re.compile(r"公司简介|企业简介|主营业务|经营范围|注册资本|company profile|founded in", re.IGNORECASE)
_JOB_COLS = {"title", "job_title", "职位", "岗位", "职位名称", "salary", "薪资", "薪水", "company", "公司",
             "description", "职位描述", "任职要求"}
_PARTNER_COLS = {"firm", "企业", "合作企业", "college", "院校", "学校", "group", "专业群", "kind", "合作形式",
                 "partner", "firm_name", "college_name"}


def _table_columns(path: Path) -> set[str]:
    import pandas as pd

    try:
        if path.suffix.lower() in (".csv", ".tsv"):
            from ingest.readers import decode_text

            text = decode_text(path.read_bytes()[:200_000], path)
            head = text.splitlines()[0] if text.strip() else ""
            sep = "\t" if path.suffix.lower() == ".tsv" or head.count("\t") > head.count(",") else ","
            return {c.strip().strip('"').lower() for c in head.split(sep)}
        df = pd.read_excel(path, nrows=3)
        return {str(c).strip().lower() for c in df.columns}
    except Exception:  # noqa: BLE001 - undetectable → None upstream
        return set()


def detect_kind(path: str | Path) -> str | None:
    """Guess the ingest kind of a file from its extension, its table columns or its text:
    ``curriculum``, ``policy``, ``jobs``, ``firm-profile``, ``partnerships``, ``rdf`` — or None."""
    p = Path(path)
    suf = p.suffix.lower()
    if suf in _RDF_SUFFIXES:
        return "rdf"
    if suf in _TABLE_SUFFIXES:
        cols = _table_columns(p)
        if len(cols & _PARTNER_COLS) >= 2 and any(c in cols for c in ("firm", "企业", "合作企业", "firm_name")):
            return "partnerships"
        if len(cols & _JOB_COLS) >= 2:
            return "jobs"
        if {"label", "key"} <= cols or {":label", ":id"} & cols:
            return "csv-export"
        return None
    try:
        from ingest.readers import SUPPORTED_SUFFIXES, ReadError, read_document
    except ImportError:  # pragma: no cover
        return None
    if suf not in SUPPORTED_SUFFIXES:
        return None
    try:
        text = read_document(p).text[:30000]
    except ReadError:
        return None
    if len(_CURRICULUM.findall(text)) >= 2:
        return "curriculum"
    if _FIRM.search(text) and not _POLICY.search(text[:3000]):
        return "firm-profile"
    if _POLICY.search(text):
        return "policy"
    return None


@dataclass
class DocumentPreview:
    path: str
    title: str | None
    text: str | None  # the document text (None for tables)
    spans: list[dict]  # {start, end, label} within ``text``
    records: int
    rejects: list[str]


@dataclass
class IngestPreview:
    """What an ingest would write, computed without writing anything."""

    kind: str
    documents: list[DocumentPreview] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)  # flat rows for a table
    rejects: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # label/type → records
    error: str | None = None


_CHARS = re.compile(r"chars?\s+(\d+)\s*[-–]\s*(\d+)")


def _record_names(rec: NodeRecord) -> list[str]:
    out = []
    for p in ("name", "title", "name_zh", "name_en"):
        v = rec.props.get(p)
        if isinstance(v, str) and len(v.strip()) >= 2:
            out.append(v.strip())
    for a in rec.props.get("aliases") or []:
        if isinstance(a, str) and len(a.strip()) >= 2:
            out.append(a.strip())
    return out


def entity_spans(text: str, records: Iterable[NodeRecord | RelRecord], max_spans: int = 2000) -> list[dict]:
    """Where the extracted entities occur in ``text``: ``{start, end, label}`` sorted, non-overlapping.

    A record's provenance locator ``chars a-b`` is used when ``text[a:b]`` holds the entity's name;
    otherwise every occurrence of its name (or alias) is marked — longer names first, so
    "软件技术专业群" wins over "软件技术". Document records are not marked.
    """
    cands: list[tuple[int, int, str]] = []
    names: dict[str, str] = {}
    for rec in records:
        if not isinstance(rec, NodeRecord) or rec.label == "Document":
            continue
        rec_names = _record_names(rec)
        m = _CHARS.search(rec.prov.locator or "")
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if 0 <= a < b <= len(text) and any(n in text[a:b] for n in rec_names):
                cands.append((a, b, rec.label))
        for n in rec_names:
            names.setdefault(n, rec.label)
        if len(rec.key) >= 4 and rec.key in text:  # codes such as 510301
            names.setdefault(rec.key, rec.label)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            cands.append((m.start(), m.end(), names[name]))
    # on overlap the longer span wins (then the earlier one)
    chosen: list[tuple[int, int, str]] = []
    taken = bytearray(len(text) + 1)
    for a, b, label in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(taken[a:b]):
            continue
        taken[a:b] = b"\x01" * (b - a)
        chosen.append((a, b, label))
        if len(chosen) >= max_spans:
            break
    spans = [{"start": a, "end": b, "label": label} for a, b, label in sorted(chosen)]
    return spans


def squeeze_blank_lines(text: str, spans: list[dict]) -> tuple[str, list[dict]]:
    """Collapse runs of blank lines (Markdown paragraphs) to one line break, moving the spans with the
    text so they still cover the same characters."""
    keep = [True] * len(text)
    for m in re.finditer(r"\n(?:[ \t]*\n)+", text):
        for i in range(m.start() + 1, m.end()):
            keep[i] = False
    new_index, out, j = [0] * (len(text) + 1), [], 0
    for i, ch in enumerate(text):
        new_index[i] = j
        if keep[i]:
            out.append(ch)
            j += 1
    new_index[len(text)] = j
    moved = [{**s, "start": new_index[s["start"]], "end": new_index[s["end"]]} for s in spans
             if new_index[s["end"]] > new_index[s["start"]]]
    return "".join(out), moved


def displacy_html(text: str, spans: list[dict], label_names: dict[str, str] | None = None,
                  colors: dict[str, str] | None = None) -> str:
    """Highlighted text (spaCy displaCy ``ent`` style, rendered offline with ``manual=True``).

    ``label_names`` maps a node label to the name shown (e.g. 院校); ``colors`` maps a node label to a colour.
    """
    from spacy import displacy

    label_names = label_names or {}
    colors = colors or {}
    text, spans = squeeze_blank_lines(text, spans)
    ents = [{"start": s["start"], "end": s["end"], "label": label_names.get(s["label"], s["label"])}
            for s in spans]
    opts = {"colors": {label_names.get(k, k): v for k, v in colors.items()}}
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True,
                           options=opts, page=False, jupyter=False)


def _record_row(rec: NodeRecord | RelRecord) -> dict:
    if isinstance(rec, NodeRecord):
        name = (rec.props.get("name") or rec.props.get("title") or rec.props.get("name_zh") or rec.key)
        what, target = rec.label, ""
        key = rec.key
    else:
        what, name = rec.type, f"{rec.start_label}:{rec.start_key}"
        key, target = "", f"{rec.end_label}:{rec.end_key}"
    return {"record": "node" if isinstance(rec, NodeRecord) else "relationship", "type": what, "key": key,
            "name": str(name), "target": target, "evidence": (rec.prov.evidence or "")[:300],
            "locator": rec.prov.locator or "", "confidence": rec.prov.confidence, "extractor": rec.prov.extractor}


def preview_ingest(store: Store, kind: str, paths: list[Path], options: dict | None = None, *,
                   max_records: int = 5000, max_text: int = 30000) -> IngestPreview:
    """Run the ``kind`` extractor over ``paths`` **without writing**: the records it would write (first
    ``max_records`` as table rows; counts of all), rejected rows with reasons, and per document its text
    with the entity spans found (for highlighting). An extractor that is missing or fails gives
    ``error`` (one line), never an exception."""
    from ingest.registry import ingest_function

    out = IngestPreview(kind=kind)
    try:
        fn = ingest_function(kind)
    except LookupError as e:
        out.error = str(e)
        return out
    try:
        for batch in fn([Path(p) for p in paths], store, options or {}):
            out.rejects.extend(r.line() for r in batch.rejects)
            for rec in batch.records:
                name = rec.label if isinstance(rec, NodeRecord) else rec.type
                out.counts[name] = out.counts.get(name, 0) + 1
                if len(out.records) < max_records:
                    out.records.append(_record_row(rec))
            text = None
            spans: list[dict] = []
            path = Path(batch.path)
            try:
                from ingest.readers import SUPPORTED_SUFFIXES, ReadError, read_document

                if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
                    text = read_document(path).text[:max_text]
            except (ImportError, ReadError):
                text = None
            if text:
                spans = entity_spans(text, batch.records)
            out.documents.append(DocumentPreview(path=batch.path, title=batch.title, text=text, spans=spans,
                                                 records=len(batch.records),
                                                 rejects=[r.line() for r in batch.rejects]))
    except (StoreError, LookupError, ValueError, OSError) as e:
        out.error = str(e).splitlines()[0] if str(e) else type(e).__name__
    return out


def write_ingest(store: Store, kind: str, paths: list[Path], options: dict | None = None,
                 on_progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Write ``paths`` with :func:`kgcli.ingest_cmds.run_ingest`, one file at a time so progress can be
    shown (``on_progress(done, total, path)``); returns the merged summary."""
    from kgcli.ingest_cmds import run_ingest

    total: dict[str, Any] = {"kind": kind, "documents": 0, "documents_skipped": 0, "rows_read": 0, "nodes": {},
                             "relationships": {}, "rejected": [], "skipped_relationships": [], "reports": []}
    paths = [Path(p) for p in paths]
    for i, p in enumerate(paths):
        s = run_ingest(store, kind, [p], options or {})
        for k in ("documents", "documents_skipped", "rows_read"):
            total[k] += s.get(k, 0)
        for k in ("nodes", "relationships"):
            for name, n in s.get(k, {}).items():
                total[k][name] = total[k].get(name, 0) + n
        for k in ("rejected", "skipped_relationships", "reports"):
            total[k].extend(s.get(k, []))
        if on_progress:
            on_progress(i + 1, len(paths), str(p))
    return total
