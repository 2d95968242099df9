"""The ingest contract: loaders/extractors yield :class:`Batch` es; :func:`write_batches` writes them.

A Batch is one unit of atomicity: one document (or one chunk of a reference table). It is written in
the same transaction as its ``Document`` node (status ``complete``), so a crash never leaves a
half-written document and a re-run can tell what is done (small documents share a transaction).

Rejected input never raises out of a reader: it becomes a :class:`Reject` with a one-line reason
naming the file, row and field.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from kg.records import NodeRecord, Provenance, RelRecord
from kg.store.merge import fold_rows
from kg.store.tuning import fewer_gc_passes


@dataclass
class Reject:
    file: str
    reason: str
    row: int | None = None
    field: str | None = None

    def line(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
        if self.field:
            where += f": field {self.field}"
        return f"{where}: {self.reason}"


@dataclass
class Batch:
    """One atomically written unit: a document's (or table chunk's) records."""

    doc_id: str  # Document key: sha256 of content, or 'ref:<relative path>[#chunk]'
    path: str
    kind: str  # reference | curriculum | policy | jobs | firm-profile | partnerships | rdf | ...
    records: list[NodeRecord | RelRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    title: str | None = None
    language: str | None = None
    content_hash: str | None = None
    rows_read: int = 0
    report: dict[str, Any] = field(default_factory=dict)  # free-form per-document report
    # a kind of many small documents may let them share bigger transaction groups than the defaults
    # (KG_INGEST_GROUP_RECORDS / KG_INGEST_GROUP_DOCUMENTS): see write_batches
    group_records: int | None = None
    group_documents: int | None = None

    def document_record(self) -> NodeRecord:
        return NodeRecord(
            label="Document", key=self.doc_id,
            props={"path": self.path, "kind": self.kind, "title": self.title, "language": self.language,
                   "content_hash": self.content_hash, "status": "complete",
                   "ingested_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")},
            prov=Provenance(source=self.doc_id, extractor="ingest@1", evidence=self.path),
        )


CHECKPOINT_EVERY = 10  # documents (LadybugDB keeps memory per committed transaction until reopened)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def completed_documents(store) -> dict[str, str]:
    """{doc_id: content_hash} of documents already fully written."""
    rows = store.read("MATCH (d:Document) WHERE d.status = 'complete' RETURN d.id AS id, d.content_hash AS h",
                      limit=None)
    return {r["id"]: r["h"] for r in rows}


def replaced_documents(store, b: "Batch") -> list[str]:
    """Ids of earlier versions of ``b``'s document (same path, other content) whose facts it replaces."""
    rows = store.read("MATCH (d:Document) WHERE d.path = $p RETURN d.id AS id, d.content_hash AS h",
                      {"p": b.path}, limit=None)
    return [r["id"] for r in rows if r["h"] != b.content_hash]


def replaced_sources(store, b: "Batch") -> list[str]:
    """Sources whose statements an earlier version of ``b``'s document made: the old document ids and,
    for a chunked table (``ref:<path>#<chunk>``), the file-level source ``ref:<path>`` its rows cite."""
    out: list[str] = []
    for old in replaced_documents(store, b):
        out.append(old)
        if "#" in old and old.split("#", 1)[0] not in out:
            out.append(old.split("#", 1)[0])
    return out


GROUP_RECORDS = int(os.environ.get("KG_INGEST_GROUP_RECORDS", "20000"))
GROUP_DOCUMENTS = int(os.environ.get("KG_INGEST_GROUP_DOCUMENTS", "100"))


def _doc_paths(store) -> set[str]:
    rows = store.read("MATCH (d:Document) RETURN DISTINCT d.path AS p", limit=None)
    return {r["p"] for r in rows}


def _merge_row(cur: dict, row: dict, lists: set[str]) -> None:
    """Fold a later document's row into ``cur`` as a later upsert would: a non-null scalar wins, list
    properties are an ordered union, provenance statements are appended."""
    for p, v in row.items():
        if p == "_prov":
            cur["_prov"] = [*cur.get("_prov", []), *(v or [])]
        elif v is None:
            continue
        elif p in lists and cur.get(p) is not None:
            cur[p] = [*cur[p], *(x for x in v if x not in cur[p])]
        else:
            cur[p] = v


def _fold(by_table: dict, into_all: dict, lists_of) -> dict:
    """Fold one document's rows (per label or relationship triple) into the group's rows: rows within the
    document dedupe as the store does, across documents :func:`_merge_row` merges. Returns the keys the
    document wrote per table (its own counts for the summary)."""
    counts: dict = {}
    for table, rows in by_table.items():
        lists = lists_of(table)
        into = into_all.setdefault(table, {})
        merged = fold_rows(rows)
        counts[table] = set(merged)
        for k, row in merged.items():
            if k in into:
                _merge_row(into[k], row, lists)
            else:
                into[k] = row
    return counts


class _Group:
    """Several documents' records as one store write: one upsert per label and relationship type,
    giving the graph that writing the documents one after another gives (each fact keeps one
    provenance statement per document). Per-document counts are those of separate writes."""

    def __init__(self) -> None:
        self.batches: list[Batch] = []
        self.records = 0
        self.paths: set[str] = set()
        self.max_records = self.max_documents = sys.maxsize  # the smallest limits of its batches

    def add(self, b: Batch) -> None:
        self.batches.append(b)
        self.records += len(b.records) + 1
        self.paths.add(b.path)
        self.max_records = min(self.max_records, b.group_records or GROUP_RECORDS)
        self.max_documents = min(self.max_documents, b.group_documents or GROUP_DOCUMENTS)

    def full(self) -> bool:
        return self.records >= self.max_records or len(self.batches) >= self.max_documents

    def write(self, store) -> list[dict]:
        from kg import schema

        nodes: dict[str, dict[str, dict]] = {}
        rels: dict[tuple[str, str, str], dict[tuple[str, str], dict]] = {}
        per_doc: list[tuple[dict[str, set], dict[tuple[str, str, str], set]]] = []
        for b in self.batches:
            dn: dict[str, list] = {}
            dr: dict[tuple[str, str, str], list] = {}
            for r in [*b.records, b.document_record()]:
                row = r.row()
                if isinstance(r, NodeRecord):
                    dn.setdefault(r.label, []).append((str(row[schema.key_of(r.label)]), row))
                else:
                    dr.setdefault((r.type, r.start_label, r.end_label), []).append(
                        ((str(row["from"]), str(row["to"])), row))
            counts_n = _fold(dn, nodes, lambda label: schema.list_props(schema.node(label).props))
            counts_r = _fold(dr, rels, lambda trip: schema.list_props(schema.rel(trip[0]).props))
            per_doc.append((counts_n, counts_r))
        for label, rows in nodes.items():
            store.upsert_nodes(label, list(rows.values()))
        skipped: dict[tuple, dict] = {}
        for (t, a, b), rows in rels.items():
            _, sk = store.upsert_relationships(t, list(rows.values()), a, b)
            for x in sk:
                skipped[(t, a, b, str(x["from"]), str(x["to"]))] = {"type": t, **x}
        out = []
        for counts_n, counts_r in per_doc:
            s: dict[str, Any] = {"nodes": {k: len(v) for k, v in counts_n.items()}, "relationships": {},
                                 "skipped": []}
            for trip, pairs in counts_r.items():
                gone = [skipped[(*trip, *k)] for k in pairs if (*trip, *k) in skipped]
                s["relationships"][trip[0]] = s["relationships"].get(trip[0], 0) + len(pairs) - len(gone)
                s["skipped"].extend(gone)
            out.append(s)
        return out


def write_batches(store, batches: Iterable[Batch], *, skip_complete: bool = False,
                  progress: Callable[[Batch], None] | None = None) -> dict:
    """Write batches; a document's facts are committed together with its ``Document`` node (status
    ``complete``), so a crash leaves each document either fully written or absent. Returns a summary
    dict:

    ``documents``, ``rows_read``, ``nodes`` {label: n}, ``relationships`` {type: n}, ``rejected``
    (one line each), ``skipped_relationships`` (endpoint missing), ``reports`` (per document).
    With ``skip_complete`` a batch whose Document is already complete with the same content hash is
    not written again (resume after a crash).

    Consecutive small documents are written as one group (up to ``KG_INGEST_GROUP_RECORDS`` records
    or ``KG_INGEST_GROUP_DOCUMENTS`` documents) in one transaction: a LadybugDB commit costs about
    the same for 60 records as for 5,000, so one per document made small-document ingests
    commit-bound. A batch may raise both limits for its group (``Batch.group_records`` /
    ``group_documents``): the curriculum's profiles do, as every further commit into the same
    relationship tables costs more (a kill loses at most that group; it is written again on resume).
    A document that replaces an earlier version of itself is written alone, after
    the group before it. If a group fails, its documents are retried one per transaction, so the
    documents before a bad one are still written.

    The run (reading and extraction too: the batches are produced as they are consumed) has fewer
    garbage-collector passes (:func:`kg.store.tuning.fewer_gc_passes`; reference folder 35.5 s → 28.2 s).
    """
    with fewer_gc_passes():
        return _write_batches(store, batches, skip_complete, progress)


def _write_batches(store, batches: Iterable[Batch], skip_complete: bool,
                   progress: Callable[[Batch], None] | None) -> dict:
    done = completed_documents(store) if skip_complete else {}
    known_paths = _doc_paths(store)  # a batch can only replace a Document whose path is here
    summary: dict[str, Any] = {"documents": 0, "documents_skipped": 0, "rows_read": 0, "nodes": {},
                               "relationships": {}, "rejected": [], "skipped_relationships": [],
                               "reports": []}
    since_checkpoint = 0

    def account(b: Batch, s: dict) -> None:
        summary["documents"] += 1
        for k in ("nodes", "relationships"):
            for name, n in s[k].items():
                summary[k][name] = summary[k].get(name, 0) + n
        summary["skipped_relationships"].extend(
            f"{b.path}: {x['type']} {x.get('from')}->{x.get('to')}: {x['reason']}" for x in s["skipped"])
        known_paths.add(b.path)
        if progress:
            progress(b)

    def checkpoint(n: int) -> None:
        nonlocal since_checkpoint
        since_checkpoint += n
        if since_checkpoint >= CHECKPOINT_EVERY:
            store.checkpoint()  # bounded WAL and buffer pool on long ingests (embedded)
            since_checkpoint = 0

    def write_alone(b: Batch, sources: list[str]) -> None:
        with store.transaction():
            retracted = [store.retract_source(src) for src in sources]
            g = _Group()
            g.add(b)
            s = g.write(store)[0]
        if retracted:
            summary.setdefault("replaced", []).append(
                {"document": b.path, "facts_removed": sum(r["deleted"] for r in retracted)})
        account(b, s)
        checkpoint(1)

    def flush(g: _Group) -> _Group:
        if not g.batches:
            return g
        if len(g.batches) == 1:
            write_alone(g.batches[0], [])
            return _Group()
        try:
            with store.transaction():
                per_doc = g.write(store)
        except Exception:
            for b in g.batches:  # one at a time: the documents before a failing one still go in
                write_alone(b, [])
            return _Group()
        for b, s in zip(g.batches, per_doc):
            account(b, s)
        checkpoint(len(g.batches))
        return _Group()

    pending = _Group()
    for b in batches:
        summary["rows_read"] += b.rows_read
        summary["rejected"].extend(r.line() for r in b.rejects)
        if b.report:
            summary["reports"].append({"document": b.path, **b.report})
        if not b.records:  # nothing readable in it: its rejects are reported, no Document is recorded
            if progress:
                progress(b)
            continue
        if skip_complete and b.doc_id in done and done[b.doc_id] == b.content_hash:
            summary["documents_skipped"] += 1
            if progress:
                progress(b)
            continue
        if b.path in pending.paths:
            pending = flush(pending)
        sources = replaced_sources(store, b) if b.path in known_paths else []
        if sources:
            pending = flush(pending)
            write_alone(b, sources)
            continue
        pending.add(b)
        if pending.full():
            pending = flush(pending)
    flush(pending)
    return summary
