"""Inputs with nothing in them are refused the same way for every ``--kind`` (#23).

:func:`refuse_empty` wraps any kind's batch stream (``ingest.registry``) and adds one reject line, naming
the file or folder, where a kind would otherwise accept nothing silently:

* **an empty folder** — a folder given on the command line that holds no file, or from which the kind
  read nothing (no batch and no reject names anything inside it; a relative name is taken inside the
  folder, as the reference loader reports them): ``<folder>: empty folder: no files to ingest``;
* **a header and no rows** — a file the kind read without a single fact and without a reject naming it
  (a CSV with only its header row, an RDF file with only prefixes, a CSV export whose tables are
  header-only): ``<file>: no data rows (only a header)``;
* **a title and no text** — a document from which nothing was extracted but the description of the
  document itself (its ``Document``, a ``DESCRIBES`` relationship and the node it points at, e.g. a
  policy file holding only its title): ``<file>: no content after the title``.

A refused batch keeps no records, so nothing of it is written (no ``Document`` either) and, when nothing
else in the call was good, ``kg ingest`` exits non-zero. The rules look only at what every kind returns
(:class:`ingest.base.Batch`), so a kind registered later is covered without a list to update.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ingest.base import Batch, Reject
from kg.records import NodeRecord, RelRecord

EMPTY_FOLDER = "empty folder: no files to ingest"
HEADER_ONLY = "no data rows (only a header)"
TITLE_ONLY = "no content after the title"


def _self_description_only(records: list) -> bool:
    """True when the records describe only the document itself (Document, DESCRIBES and its target)."""
    targets = {(r.end_label, r.end_key) for r in records if isinstance(r, RelRecord) and r.type == "DESCRIBES"}
    if not targets:
        return False
    for r in records:
        if isinstance(r, RelRecord):
            if r.type != "DESCRIBES":
                return False
        elif isinstance(r, NodeRecord):
            if r.label != "Document" and (r.label, r.key) not in targets:
                return False
    return True


def _inside(path: str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def refuse_empty(paths: Iterable[Path], batches: Iterable[Batch], kind: str) -> Iterator[Batch]:
    """``batches`` as they come, with the empty ones refused on one line each (see the module doc)."""
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    seen: list[str] = []
    for b in batches:
        seen.append(b.path)
        seen.extend(r.file for r in b.rejects)
        own = b.path.split("#", 1)[0]  # a chunk or a reject-only batch ("file#rejected") names its file
        if not any(r.file in (b.path, own) for r in b.rejects):  # the kind said nothing about this file
            # (a batch that only carries rejects about other files — no report of its own — is not a file)
            if not b.records and b.rows_read == 0 and (not b.rejects or b.report):
                b.rejects.append(Reject(file=b.path, reason=HEADER_ONLY))
            elif b.records and _self_description_only(b.records):
                b.records = []
                b.rejects.append(Reject(file=b.path, reason=TITLE_ONLY))
        yield b
    for folder in folders:
        has_files = any(f.is_file() and not f.name.startswith(".") for f in folder.rglob("*"))
        named = any(_inside(s if Path(s).is_absolute() else str(folder / s), folder) for s in seen)
        if not has_files or not named:
            yield Batch(doc_id=f"empty:{folder}", path=str(folder), kind=kind,
                        rejects=[Reject(file=str(folder), reason=EMPTY_FOLDER)])
