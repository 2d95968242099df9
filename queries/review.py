"""The review queue: what extractors proposed with low confidence, with its evidence, and the existing
entities a proposal could be merged into. Read-only; the decisions are written by :mod:`kg.curation`."""
from __future__ import annotations

import json

from kg import schema
from kg.records import ReviewItem, statements_of
from kg.schema import node_key, node_name
from kg.store.base import Store

__all__ = ["ReviewItem", "review_queue", "merge_candidates"]


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
                        f"ORDER BY n.confidence, {schema.key_expr('n')} LIMIT $n",
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
                      f"RETURN a, r, b ORDER BY r.confidence, {schema.key_expr('a')}, {schema.key_expr('b')} "
                      "LIMIT $n",
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

