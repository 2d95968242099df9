"""Re-import of exports: RDF files (``--kind rdf``: .ttl .nt .jsonld .json .rdf .owl .xml .n3) and CSV
export folders (``--kind csv-export``, a folder with ``manifest.json``) into either store.

The mapping back is :func:`kg.rdf.parse_graph` (RDF) and :func:`kg.export.decode_cell` (CSV): every node
and relationship comes back with its properties and *all* its provenance statements, in order, so
``source``/``sources``/``evidence``/``extractor``/``confidence`` are recomputed by the store exactly as
they were. A fact without provenance in the file (hand-written RDF) gets one statement naming the
imported file (extractor ``rdf-import@1``) — never none. Each file (or export folder) is one Batch, so
it is written in one transaction; the import itself is recorded as one ``Document`` node (the file's
sha256), which is the only thing a round trip export → import → export adds.

Bad input becomes a :class:`ingest.base.Reject` (file, subject or row, field, reason); the rest of the
file still loads.
"""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any, Iterator

from rdflib import Graph

from ingest.base import Batch, Reject, sha256_file
from kg import export as kgexport
from kg import rdf, schema
from kg.records import NodeRecord, Provenance, RelRecord

EXTRACTOR = "rdf-import@1"
RDF_FORMATS = rdf.RDF_FILE_FORMATS  # suffix → rdflib format


class _ReviewedNode(NodeRecord):
    """A NodeRecord that also carries the ``review`` flag (NodeRecord's props refuse it)."""

    review: bool | None = None

    def row(self) -> dict[str, Any]:
        r = super().row()
        if self.review is not None:
            r["review"] = self.review
        return r


class _ReviewedRel(RelRecord):
    review: bool | None = None

    def row(self) -> dict[str, Any]:
        r = super().row()
        if self.review is not None:
            r["review"] = self.review
        return r


def _expand(paths: list[Path], suffixes: set[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in suffixes)
        else:
            out.append(p)
    return out


def _provs(statements: list[dict], fallback: Provenance) -> list[Provenance]:
    return [Provenance(**s) for s in statements] if statements else [fallback]


def _node_records(label: str, key: str, props: dict, statements: list[dict], review: bool | None,
                  fallback: Provenance) -> list[NodeRecord]:
    """One record per provenance statement, in order (the store concatenates them); props on the first."""
    provs = _provs(statements, fallback)
    cls = _ReviewedNode if review is not None else NodeRecord
    first = cls(label=label, key=key, props=props, prov=provs[0],
                **({"review": review} if review is not None else {}))
    return [first, *(NodeRecord(label=label, key=key, props={}, prov=p) for p in provs[1:])]


def _rel_records(type_: str, start: str, start_key: str, end: str, end_key: str, props: dict,
                 statements: list[dict], review: bool | None, fallback: Provenance) -> list[RelRecord]:
    provs = _provs(statements, fallback)
    cls = _ReviewedRel if review is not None else RelRecord
    common = dict(type=type_, start_label=start, start_key=start_key, end_label=end, end_key=end_key)
    first = cls(**common, props=props, prov=provs[0], **({"review": review} if review is not None else {}))
    return [first, *(RelRecord(**common, props={}, prov=p) for p in provs[1:])]


# --------------------------------------------------------------------- RDF
def rdf_batch(path: Path, options: dict | None = None) -> Batch:
    """One RDF file → one Batch (never raises for bad content: it becomes rejects)."""
    options = options or {}
    path = Path(path)
    fmt = options.get("rdf_format") or RDF_FORMATS.get(path.suffix.lower())
    try:
        doc_id = sha256_file(path)
    except OSError as e:
        return Batch(doc_id=f"unreadable:{path}", path=str(path), kind="rdf",
                     rejects=[Reject(file=str(path), reason=f"cannot read: {e.strerror or e}")])
    b = Batch(doc_id=doc_id, path=str(path), kind="rdf", title=path.name, content_hash=doc_id)
    if fmt is None:
        b.rejects.append(Reject(file=str(path), reason=f"unknown RDF file type {path.suffix!r}; use one of "
                                                       f"{', '.join(sorted(RDF_FORMATS))}"))
        return b
    g = Graph()
    try:
        g.parse(str(path), format=fmt)
    except Exception as e:  # rdflib raises many types; the message's first line is what matters
        msg = (str(e).strip().splitlines() or [type(e).__name__])[0]
        b.rejects.append(Reject(file=str(path), reason=f"not valid {fmt}: {msg[:300]}"))
        return b
    v = rdf.detect_vocab(g, options.get("iri_base"))
    nodes, rels, problems = rdf.parse_graph(g, v)
    b.rows_read = len(nodes) + len(rels)
    for pr in problems:
        b.rejects.append(Reject(file=str(path), field=pr.field, reason=f"{pr.subject}: {pr.reason}"))
    _add_records(b, doc_id, nodes, rels, path)
    b.report = {"triples": len(g), "nodes": len(nodes), "relationships": len(rels), "iri_base": v.base}
    return b


def _add_records(b: Batch, doc_id: str, nodes, rels, path: Path) -> None:
    for n in nodes:
        fb = Provenance(source=doc_id, extractor=EXTRACTOR, evidence=n.iri, locator=f"subject {n.iri}")
        try:
            b.records += _node_records(n.label, n.key, n.props, n.provenance, n.review, fb)
        except (ValueError, TypeError) as e:
            b.rejects.append(Reject(file=str(path), field=n.label, reason=f"{n.iri}: {_first_line(e)}"))
    for r in rels:
        fb = Provenance(source=doc_id, extractor=EXTRACTOR, evidence=r.iri, locator=f"subject {r.iri}")
        try:
            b.records += _rel_records(r.type, r.start, r.start_key, r.end, r.end_key, r.props, r.provenance,
                                      r.review, fb)
        except (ValueError, TypeError) as e:
            b.rejects.append(Reject(file=str(path), field=r.type, reason=f"{r.iri}: {_first_line(e)}"))


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``--kind rdf``: each RDF file (folders are searched for RDF files) is one Batch."""
    for p in _expand(paths, set(RDF_FORMATS)):
        yield rdf_batch(p, options)


# --------------------------------------------------------------------- CSV export folders
def _manifest_dir(p: Path) -> Path:
    return p.parent if p.is_file() and p.name == "manifest.json" else p


def csv_batch(folder: Path, options: dict | None = None) -> Batch:
    """One CSV export folder (with manifest.json) → one Batch."""
    folder = _manifest_dir(Path(folder))
    man_path = folder / "manifest.json"
    if not man_path.is_file():
        return Batch(doc_id=f"missing:{folder}", path=str(folder), kind="csv-export",
                     rejects=[Reject(file=str(folder), reason="no manifest.json: not a `kg export --format csv` folder")])
    try:
        manifest = json.loads(man_path.read_text(encoding="utf-8"))
        assert manifest.get("format") == "kg-csv-export"
    except (ValueError, AssertionError):
        return Batch(doc_id=f"bad:{folder}", path=str(folder), kind="csv-export",
                     rejects=[Reject(file=str(man_path), reason="manifest.json is not a kg CSV export manifest")])
    files = [v["file"] for v in manifest.get("nodes", {}).values()] + \
            [v["file"] for v in manifest.get("relationships", {}).values()]
    h = hashlib.sha256(man_path.read_bytes())
    for f in files:
        if (folder / f).is_file():
            h.update(sha256_file(folder / f).encode())
    doc_id = h.hexdigest()
    b = Batch(doc_id=doc_id, path=str(folder), kind="csv-export", title=f"CSV export {folder.name}",
              content_hash=doc_id)
    for label, meta in manifest.get("nodes", {}).items():
        if label not in schema.NODE_BY_LABEL:
            b.rejects.append(Reject(file=str(man_path), field=label, reason=f"unknown label {label!r}"))
            continue
        _read_nodes(b, folder / meta["file"], label, doc_id)
    for type_, meta in manifest.get("relationships", {}).items():
        if type_ not in schema.REL_BY_TYPE:
            b.rejects.append(Reject(file=str(man_path), field=type_, reason=f"unknown relationship type {type_!r}"))
            continue
        _read_rels(b, folder / meta["file"], type_, doc_id)
    return b


def _rows(b: Batch, path: Path) -> Iterator[tuple[int, dict]]:
    if not path.is_file():
        b.rejects.append(Reject(file=str(path), reason="file listed in manifest.json is missing"))
        return
    with open(path, encoding=kgexport.CSV_ENCODING, newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):  # row numbers as a spreadsheet shows them
            b.rows_read += 1
            yield i, row


def _decode(row: dict, cols: dict[str, str]) -> dict[str, Any]:
    out = {}
    for c, t in cols.items():
        if c in row and row[c] is not None:
            try:
                out[c] = kgexport.decode_cell(row[c], t, c)
            except ValueError as e:
                raise ValueError(f"{c}: {e}") from None
    return out


def _read_nodes(b: Batch, path: Path, label: str, doc_id: str) -> None:
    nt = schema.node(label)
    cols = kgexport.node_columns(label)
    for i, row in _rows(b, path):
        try:
            vals = _decode(row, cols)
            key = vals.get(nt.key)
            if not key:
                raise ValueError(f"{nt.key}: the key is empty")
            props = {p: vals[p] for p in nt.props if vals.get(p) is not None}
            fb = Provenance(source=doc_id, extractor=EXTRACTOR, locator=f"{path.name} row {i}")
            b.records += _node_records(label, str(key), props, vals.get("provenance") or [], vals.get("review"), fb)
        except (ValueError, TypeError) as e:
            msg = _first_line(e)
            b.rejects.append(Reject(file=str(path), row=i, field=msg.split(":")[0] if ":" in msg else None,
                                    reason=msg))


def _read_rels(b: Batch, path: Path, type_: str, doc_id: str) -> None:
    rt = schema.rel(type_)
    cols = kgexport.rel_columns(type_)
    for i, row in _rows(b, path):
        try:
            vals = _decode(row, cols)
            for c in kgexport.REL_ENDPOINT_COLS:
                if not vals.get(c):
                    raise ValueError(f"{c}: empty")
            props = {p: vals[p] for p in rt.props if vals.get(p) is not None}
            fb = Provenance(source=doc_id, extractor=EXTRACTOR, locator=f"{path.name} row {i}")
            b.records += _rel_records(type_, vals["start_label"], vals["start_key"], vals["end_label"],
                                      vals["end_key"], props, vals.get("provenance") or [], vals.get("review"), fb)
        except (ValueError, TypeError) as e:
            msg = _first_line(e)
            b.rejects.append(Reject(file=str(path), row=i, field=msg.split(":")[0] if ":" in msg else None,
                                    reason=msg))


def csv_batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``--kind csv-export``: each export folder (or its manifest.json) is one Batch."""
    for p in paths:
        yield csv_batch(Path(p), options)
