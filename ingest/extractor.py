"""The loop every file-reading kind shares: expand the paths (folders walked; missing or unsupported files
become one-line rejects), build the extractor once, then per file read → extract → Batch, where a file
that cannot be read, is refused, or fails to extract is a reject and never stops the others.

A new document kind writes only its extractor (``Document → Batch``) and calls :func:`document_batches`
from its ``batches`` function; a table kind (the file is parsed by the extractor itself) calls
:func:`table_batches` (docs/architecture.md, "Add a document type").
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ingest.base import Batch, Reject
from ingest.readers import SUPPORTED_SUFFIXES, DocumentText, ReadError, read_document


def expand_paths(paths: Iterable[Path], suffixes: Iterable[str] | None = None):
    """Files under ``paths`` (folders walked, sorted) with a readable suffix; missing paths → Rejects."""
    sfx = tuple(suffixes or SUPPORTED_SUFFIXES)
    files: list[Path] = []
    rejects = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in sfx
                           and not f.name.startswith("."))
            if not found:
                rejects.append(Reject(file=str(p), reason=f"folder has no {'/'.join(sfx)} files"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            rejects.append(Reject(file=str(p), reason="not found"))
    return files, rejects


def reject_batch(kind: str, reject: Reject) -> Batch:
    """A Batch that only reports a rejected input (no facts)."""
    rid = "rejected:" + hashlib.sha256(f"{kind}|{reject.file}|{reject.reason}".encode()).hexdigest()[:24]
    return Batch(doc_id=rid, path=f"{reject.file}#rejected", kind=kind, rejects=[reject],
                 title=f"rejected: {reject.reason}"[:200], content_hash=rid)


def file_batches(kind: str, paths: Iterable[Path], suffixes: Iterable[str] | None, setup: Callable[[], Any],
                 each: Callable[[Path, Any], Iterator[Batch]]) -> Iterator[Batch]:
    """The shared loop: rejects for missing/unsupported paths, ``setup()`` once (only when there are
    files), then ``each(file, extractor)`` per file."""
    files, rejects = expand_paths(paths, suffixes)
    for r in rejects:
        yield reject_batch(kind, r)
    if not files:
        return
    extractor = setup()
    for f in files:
        yield from each(Path(f), extractor)


def document_batches(kind: str, paths: Iterable[Path], setup: Callable[[], Callable[[DocumentText], Batch]], *,
                     suffixes: Iterable[str] | None = None,
                     refuse: Callable[[DocumentText], str | None] | None = None) -> Iterator[Batch]:
    """One Batch per document: ``setup()`` builds the extractor once (only when there are files); each file
    is read with :func:`ingest.readers.read_document`; ``refuse(doc)`` may name a reason to skip it."""

    def each(f: Path, extract: Callable[[DocumentText], Batch]) -> Iterator[Batch]:
        try:
            doc = read_document(f)
        except ReadError as e:
            yield reject_batch(kind, Reject(file=str(f), reason=e.reason))
            return
        why = refuse(doc) if refuse else None
        if why:
            yield reject_batch(kind, Reject(file=str(f), reason=why))
            return
        try:
            yield extract(doc)
        except Exception as e:  # one bad document must not stop the others
            yield reject_batch(kind, Reject(file=str(f), reason=f"extraction failed: {type(e).__name__}: {e}"))

    return file_batches(kind, paths, suffixes, setup, each)


def table_batches(kind: str, paths: Iterable[Path], suffixes: Iterable[str],
                  setup: Callable[[], Callable[[Path], Batch]]) -> Iterator[Batch]:
    """One Batch per table file: ``setup()`` builds the parser once (only when there are files); the parser
    reads the file itself and reports its own rejects."""
    return file_batches(kind, paths, suffixes, setup, lambda f, parse: iter([parse(f)]))
