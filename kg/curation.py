"""Review decisions written to the graph: accept, reject or merge what an extractor proposed.

Each decision carries who and when in provenance (``source='review:<who>'``, extractor ``review@1``);
what leaves the graph (a rejected or merged element) is kept in a ``Document`` of kind ``review``. The
queue itself is read by :func:`queries.review.review_queue`.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from typing import Any

from kg import schema
from kg.records import Provenance, ReviewItem, statements_of, with_statements
from kg.schema import node_key, node_name
from kg.store.base import Store, StoreError

REVIEW_EXTRACTOR = "review@1"


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

