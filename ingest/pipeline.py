"""Ingest orchestration: run an extractor over files and write its batches (:func:`run_ingest`), or show
what it would write without writing (:func:`preview_ingest`), and guess a file's kind (:func:`detect_kind`).

The CLI (`kg ingest`), the explorer's ingest page, the evaluations and the benchmarks all call these; the
extractors themselves are found through :mod:`ingest.registry`.
"""
from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ingest.base import write_batches
from ingest.input_checks import refuse_empty
from ingest.readers import SUPPORTED_SUFFIXES, ReadError, decode_text, read_document, table_delimiter
from ingest import registry
from kg.records import NodeRecord, RelRecord
from kg.store.base import Store, StoreError

__all__ = ["run_ingest", "write_ingest", "preview_ingest", "IngestPreview", "DocumentPreview", "detect_kind",
           "entity_spans"]


def run_ingest(store, kind: str, paths: list[Path], options: dict | None = None, *, resume: bool = True,
               progress: bool = False) -> dict:
    """Read ``paths`` with the ``kind`` extractor and write them, one transaction per document; returns the
    summary (documents written / skipped, rows read, nodes and relationships per label/type, rejects).
    Behind `kg ingest`, the explorer's ingest page, the evaluations and the benchmarks."""
    fn = registry.ingest_function(kind)
    bar = None
    cb = None
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=_expected_documents(kind, paths), desc=f"{kind:<12}", unit="doc", file=sys.stderr,
                   ncols=min(110, shutil.get_terminal_size((100, 24)).columns or 100), leave=True, bar_format="{desc} {bar} {n_fmt}/{total_fmt} docs "
                   "[{elapsed}<{remaining}] {postfix}" if kind in ("curriculum", "policy") else None)

        def cb(b):  # noqa: ANN001
            bar.update(1)
            bar.set_postfix_str(Path(b.path).name[-40:], refresh=False)

    try:
        summary = write_batches(store, refuse_empty(paths, fn(paths, store, options or {}), kind),
                                skip_complete=resume, progress=cb)
    finally:
        if bar is not None:
            if bar.total is not None and bar.n < bar.total:  # files that held no document (or were unchanged)
                bar.total = bar.n
            bar.set_postfix_str("", refresh=False)
            bar.close()
    summary["kind"] = kind
    return summary


def _expected_documents(kind: str, paths: list[Path]) -> int | None:
    """Documents a step will write, when the files tell (one per file for text documents)."""
    if kind not in ("curriculum", "policy"):
        return None
    n = 0
    for p in paths:
        n += sum(1 for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")) if p.is_dir() else 1
    return n



_RDF_SUFFIXES = (".ttl", ".rdf", ".owl", ".nt", ".nq", ".jsonld", ".trig", ".n3")
_TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".tsv", ".json", ".jsonl", ".ndjson")
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
            text = decode_text(path.read_bytes()[:200_000], path)
            head = text.splitlines()[0] if text.strip() else ""
            return {c.strip().strip('"').lower() for c in head.split(table_delimiter(head, path.suffix))}
        if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
            from ingest.jobs import json_table

            df = json_table(decode_text(path.read_bytes(), path), lines=path.suffix.lower() != ".json")
            return {str(c).strip().lower() for c in df.columns}
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
        from ingest.jobs import posts_columns

        fields = posts_columns(sorted(cols))
        if "title" in fields and len(fields) >= 2:  # the jobs reader's own column names (company_name, jd …)
            return "jobs"
        if {"label", "key"} <= cols or {":label", ":id"} & cols:
            return "csv-export"
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
    out = IngestPreview(kind=kind)
    try:
        fn = registry.ingest_function(kind)
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
                if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
                    text = read_document(path).text[:max_text]
            except ReadError:
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
    """Write ``paths`` with :func:`run_ingest`, one file at a time so progress can be shown
    (``on_progress(done, total, path)``); returns the merged summary."""
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
