"""The ingest contract: loaders/extractors yield :class:`Batch` es; :func:`write_batches` writes them.

A Batch is one unit of atomicity: one document (or one chunk of a reference table). It is written in
one transaction together with its ``Document`` node (status ``complete``), so a crash never leaves a
half-written document and a re-run can tell what is done.

Rejected input never raises out of a reader: it becomes a :class:`Reject` with a one-line reason
naming the file, row and field.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from kg.records import NodeRecord, Provenance, RelRecord


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

    def document_record(self) -> NodeRecord:
        return NodeRecord(
            label="Document", key=self.doc_id,
            props={"path": self.path, "kind": self.kind, "title": self.title, "language": self.language,
                   "content_hash": self.content_hash, "status": "complete",
                   "ingested_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")},
            prov=Provenance(source=self.doc_id, extractor="ingest@1", evidence=self.path),
        )


CHECKPOINT_EVERY = 10


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


def write_batches(store, batches: Iterable[Batch], *, skip_complete: bool = False,
                  progress: Callable[[Batch], None] | None = None) -> dict:
    """Write batches, each in its own transaction. Returns a summary dict:

    ``documents``, ``rows_read``, ``nodes`` {label: n}, ``relationships`` {type: n}, ``rejected``
    (one line each), ``skipped_relationships`` (endpoint missing), ``reports`` (per document).
    With ``skip_complete`` a batch whose Document is already complete with the same content hash is
    not written again (resume after a crash).
    """
    done = completed_documents(store) if skip_complete else {}
    summary: dict[str, Any] = {"documents": 0, "documents_skipped": 0, "rows_read": 0, "nodes": {},
                               "relationships": {}, "rejected": [], "skipped_relationships": [],
                               "reports": []}
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
        with store.transaction():
            retracted = [store.retract_source(src) for src in replaced_sources(store, b)]
            s = store.write_records([*b.records, b.document_record()])
        if retracted:
            summary.setdefault("replaced", []).append(
                {"document": b.path, "facts_removed": sum(r["deleted"] for r in retracted)})
        summary["documents"] += 1
        if summary["documents"] % CHECKPOINT_EVERY == 0:
            store.checkpoint()  # bounded WAL and buffer pool on long ingests (embedded)
        for k in ("nodes", "relationships"):
            for name, n in s[k].items():
                summary[k][name] = summary[k].get(name, 0) + n
        summary["skipped_relationships"].extend(
            f"{b.path}: {x['type']} {x.get('from')}->{x.get('to')}: {x['reason']}" for x in s["skipped"])
        if progress:
            progress(b)
    return summary
