"""Shared plumbing of the reference loaders: file reading, provenance, chunking into Batches, and
:class:`RefContext`, the shape of the load's :class:`ingest.reference.context.Context` that parses each
source table once and keeps the lookups (gazetteer, catalogue, college list, firm registry) every part
resolves against.

Conventions for every reference fact:

* ``Provenance.source`` is ``ref:<path relative to the reference folder>``; ``locator`` is
  ``row N`` (CSV: N counts the header as row 1, as a spreadsheet shows it) or ``sheet S row N``
  (Excel: the sheet's own row number); ``evidence`` is the row as CSV text (long cells cut).
* One :class:`ingest.base.Batch` per file chunk of at most :data:`CHUNK` records, doc id
  ``ref:<relpath>#<part>-<n>`` (a file read by two parts, e.g. regions and colleges, gives two
  documents), content hash = sha256 of the file; node records come before relationship
  records, so a relationship never precedes its endpoints.
"""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from ingest.base import Batch, Reject, sha256_file
from kg.records import NodeRecord, Provenance, RelRecord

CHUNK = 5000
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EVIDENCE_MAX = 400


# ------------------------------------------------------------------------------------ reading
def decode_bytes(data: bytes) -> str:
    """Text of a file in UTF-8 (with or without BOM) or GBK/GB18030; other encodings detected with
    charset-normalizer."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data[:20], 0, 1, "encoding not recognised")
    return str(best)


def read_csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file (encoding detected); values are strings ('' when empty)."""
    text = decode_bytes(Path(path).read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], []
    rows = []
    for vals in reader:
        if not any(v.strip() for v in vals):
            rows.append({})  # keep numbering; callers skip empty rows
            continue
        vals = vals + [""] * (len(header) - len(vals))
        rows.append(dict(zip(header, vals)))
    return header, rows


def read_data_table(name: str) -> list[dict[str, str]]:
    """A table kept in ``ingest/data`` (CSV whose leading ``#`` lines are comments)."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(io.StringIO(body))]


def evidence_of(values: Iterable[Any], limit: int = EVIDENCE_MAX) -> str:
    """A row as one line of CSV text (cells longer than ``limit`` chars cut with …)."""
    cells = []
    for v in values:
        s = "" if v is None else str(v)
        if len(s) > limit:
            s = s[:limit] + "…"
        cells.append(s)
    _EV_BUF.seek(0)
    _EV_BUF.truncate()
    _EV_WRITER.writerow(cells)
    s = _EV_BUF.getvalue()
    return s if len(s) <= 2 * limit else s[: 2 * limit] + "…"


_XLSX_ROWS: dict[tuple[str, str], list[tuple[str, list[tuple]]]] = {}


def xlsx_rows(path: str | Path) -> list[tuple[str, list[tuple]]]:
    """Every sheet of a workbook as (title, rows of cell values) — ``openpyxl``'s read-only ``iter_rows(
    values_only=True)``, header row included. Parsing a workbook is slow, and two readers of a load take the
    same one (the crosswalk: its loader and the major → industry linker's inputs): the parse is kept for the
    file's content (sha256; the last two files), so a changed file is read again."""
    from openpyxl import load_workbook

    key = (str(Path(path).resolve()), sha256_file(Path(path)))
    if key not in _XLSX_ROWS:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
        finally:
            wb.close()
        while len(_XLSX_ROWS) >= 2:
            _XLSX_ROWS.pop(next(iter(_XLSX_ROWS)))
        _XLSX_ROWS[key] = sheets
    return _XLSX_ROWS[key]


_EV_BUF = io.StringIO()
_EV_WRITER = csv.writer(_EV_BUF, lineterminator="")


_MISSING = {"", "nan", "NaN", "NAN"}  # "nan": a pandas export artifact for an empty cell (jobs file)


def clean(v: Any) -> str | None:
    """A cell as a trimmed string, or None when empty (or the literal ``nan`` of a pandas export)."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return None if s in _MISSING else s


# --------------------------------------------------------------------------------- provenance
@dataclass
class SourceFile:
    """One reference file: its path, id, hash and the provenance factory for its rows."""

    folder: Path
    relpath: str
    extractor: str
    title: str | None = None

    @property
    def path(self) -> Path:
        return self.folder / self.relpath

    @property
    def source_id(self) -> str:
        return f"ref:{self.relpath}"

    @functools.cached_property
    def content_hash(self) -> str:
        return sha256_file(self.path)

    def prov(self, locator: str, evidence: str | None, confidence: float = 1.0,
             extractor: str | None = None) -> Provenance:
        return Provenance(source=self.source_id, evidence=evidence, extractor=extractor or self.extractor,
                          confidence=round(float(confidence), 4), locator=locator)


class RefContext(Protocol):
    """What a part reads of the load's :class:`ingest.reference.context.Context` (the parts take the context
    by this shape, without importing it: the context builds its lookups by calling the parts)."""

    folder: Path
    options: dict
    store: Any
    # the lookups the context builds once per load (each typed in the part that owns its source)
    moe: Any
    gazetteer: Any
    catalogue: Any
    occupation_codes: set[str]
    industries: Any
    industry_mapper: Any
    firm_registry: Any

    def memo(self, key: str, build: Callable[[], Any]) -> Any: ...

    def file(self, relpath: str, extractor: str) -> SourceFile: ...

    def csv(self, relpath: str) -> tuple[list[str], list[dict[str, str]]]: ...

    def exists(self, relpath: str) -> bool: ...


def node(label: str, key: str, props: dict[str, Any], prov: Provenance) -> NodeRecord:
    return NodeRecord(label=label, key=str(key), props={k: v for k, v in props.items() if v is not None},
                      prov=prov)


def rel(type_: str, start_label: str, start_key: str, end_label: str, end_key: str, prov: Provenance,
        props: dict[str, Any] | None = None) -> RelRecord:
    return RelRecord(type=type_, start_label=start_label, start_key=str(start_key), end_label=end_label,
                     end_key=str(end_key), props={k: v for k, v in (props or {}).items() if v is not None},
                     prov=prov)


@dataclass
class FileResult:
    """What a part read from one file, before chunking."""

    src: SourceFile
    part: str = ""
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rows_read: int = 0
    report: dict[str, Any] = field(default_factory=dict)

    def reject(self, reason: str, row: int | None = None, field_: str | None = None) -> None:
        self.rejects.append(Reject(file=self.src.relpath, row=row, field=field_, reason=reason))

    def batches(self, chunk: int = CHUNK) -> Iterator[Batch]:
        """Chunk into Batches (nodes first); rejects, report and rows_read ride on the first one."""
        records: Sequence = [*self.nodes, *self.rels]
        n = max(1, (len(records) + chunk - 1) // chunk)
        for i in range(n):
            tag = f"{self.part}-{i + 1}" if self.part else str(i + 1)
            b = Batch(doc_id=f"{self.src.source_id}#{tag}", path=self.src.relpath, kind="reference",
                      records=list(records[i * chunk:(i + 1) * chunk]), title=self.src.title, language="zh",
                      content_hash=self.src.content_hash)
            if i == 0:
                b.rejects = list(self.rejects)
                b.rows_read = self.rows_read
                b.report = dict(self.report)
            yield b
