"""The graph as a whole: its version (the change token as text) and counts, the source documents, and query results turned into
a drawable :class:`Graph` or a flat table (:func:`display_rows`). Read-only."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from kg import schema
from kg.schema import node_key, node_name
from kg.store.base import Store

__all__ = ["graph_version", "graph_counts", "document_sources", "reference_documents", "Graph", "node_id",
           "node_key", "node_name", "graph_from_rows", "graph_from_path_columns", "graph_from_explanation",
           "cell", "display_rows"]


def graph_version(store: Store) -> str:
    """The store's change token (:meth:`kg.store.base.Store.change_token`) as a short string, for caches
    that key on text (the explorer's results): a new ingest changes it. No query on the embedded store;
    one round trip on Neo4j.

    >>> # graph_version(open_store(read_only=True))  ->  'ladybug:…'
    """
    return f"{store.dialect}:" + hashlib.sha1(repr(store.change_token()).encode()).hexdigest()[:16]


def graph_counts(store: Store) -> dict:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` for every declared label/type
    (:meth:`kg.store.base.Store.stats`)."""
    return store.stats()


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


# ------------------------------------------------------------------------------------------------ graphs
def node_id(label: str, key: str) -> str:
    """The id a drawn node gets: ``Label:key`` (unique across labels)."""
    return f"{label}:{key}"


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


def cell(v: Any) -> Any:
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
        return json.dumps([cell(x) for x in v] if isinstance(v, list) else v, ensure_ascii=False, default=str)
    return v


def display_rows(rows: list[dict]) -> list[dict]:
    """Rows with nodes/relationships/paths/lists turned into readable strings (for a table)."""
    return [{k: cell(v) for k, v in r.items()} for r in rows]


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

