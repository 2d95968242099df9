"""Curriculum extractor: major profiles (职业教育专业简介) and talent-training programmes (人才培养方案).

``kg ingest PATH… --kind curriculum`` → :func:`batches`. Files or folders of ``.md``, ``.txt``, ``.docx``,
``.pdf`` (text layer), ``.html``. Each document is segmented into majors (:mod:`.segment`), each
major's sections parsed into items with exact spans (:mod:`.fields`), majors resolved against the
catalogue in the graph and fields linked to occupations, industries and follow-on majors
(:mod:`.extract`, :mod:`.vocab`). ``SERVES`` industries are not written here by default: the reference
load's ``industry_links`` part (:mod:`ingest.major_industry`, extractor ``industry-linker@2``) links every
catalogue major from all signals, the profiles' 职业面向 and 实习实训 text included, so a major's links
come from one model. ``options["industries"] = True`` writes the profile's own ones again (stated:
``curriculum@1``; inferred by the old n-gram linker: ``industry-linker@1``), e.g. for a programme
outside the catalogue's profiles.

Majors are never created: a code that is not in the catalogue (2021 + later additions, as loaded by
``kg ingest reference``) is reported in the document's report (``unresolved``), not written.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ingest.base import Batch, Reject
from ingest.readers import SUPPORTED_SUFFIXES, ReadError, read_document

__all__ = ["batches", "iter_files", "summarise"]

KIND = "curriculum"
# Profiles are many small documents (187 files, ~350 records each): every further commit costs more
# than the one before (measured: 4 groups of 20k records 10.2 s store CPU, one group 4.1 s) — each
# commit that COPYs new nodes makes LadybugDB checkpoint the whole graph (its issue #755, see
# EmbeddedStore.deferred_checkpoints). So they share bigger groups than write_batches' defaults; a
# kill loses at most one group, which resume writes again.
GROUP_RECORDS = 100_000
GROUP_DOCUMENTS = 1_000


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files given, and the supported files under folders given (sorted)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield p


def _rejected(path: Path, reason: str) -> Batch:
    """A batch that only reports (its id is not the file's, so the file is read again next time)."""
    from ingest.extractor import reject_batch

    return reject_batch(KIND, Reject(file=str(path), reason=reason))


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """One Batch per document (see module doc)."""
    from ingest.curriculum.extract import extract_document
    from ingest.vocab.curriculum import CurriculumVocabulary
    from ingest.industry_linker import IndustryLinker

    files = list(iter_files(paths))
    vocab = CurriculumVocabulary.from_store(store)
    if vocab.empty:
        for f in files:
            yield _rejected(f, "the major catalogue is not in the graph: run `kg ingest reference` first")
        return
    linker = None
    with_industries = bool(options.get("industries", False))
    if with_industries and options.get("link_industries", True) and vocab.industries:
        try:
            linker = IndustryLinker.from_store(store)
        except Exception as e:  # inferred industries are an extra: the stated facts still go in
            for f in files:
                yield _rejected(f, f"industries not inferred (linker failed: {type(e).__name__}: {e})")
            linker = None
    for f in files:
        try:
            d = read_document(f)
        except ReadError as e:
            yield _rejected(f, e.reason)
            continue
        try:
            res = extract_document(d.sha256, d.text, f.name, vocab, linker)
        except Exception as e:  # a bug must not stop the other files; report it on one line
            yield _rejected(f, f"extractor failed: {type(e).__name__}: {e}")
            continue
        if not with_industries:
            res.records = [r for r in res.records if getattr(r, "type", "") != "SERVES"]
        rejects = []
        if not res.majors:
            rejects.append(Reject(file=str(f), reason="no major profile found (no 专业代码/职业面向 sections)"))
        yield Batch(doc_id=d.sha256, path=str(f), kind=KIND, records=res.records, rejects=rejects,
                    title=d.title, language=d.language, content_hash=d.sha256,
                    rows_read=len(res.majors), report=res.report, group_records=GROUP_RECORDS,
                    group_documents=GROUP_DOCUMENTS)


def summarise(reports: list[dict]) -> dict:
    """Corpus-level totals of the per-document reports of a curriculum ingest (``summary["reports"]``):
    majors found vs the catalogue codes of the classes the files cover, and every missed major."""
    found = sum(r.get("majors_found", 0) for r in reports)
    expected = sum(r.get("catalogue_majors", 0) for r in reports)
    missed = [m for r in reports for m in r.get("missed", [])]
    return {"files": len(reports), "majors_found": found, "catalogue_majors": expected,
            "missed": missed, "missed_2021_catalogue": [m for m in missed if "增补" not in m],
            "inferred_codes": sum(len(r.get("inferred_codes", [])) for r in reports),
            "unresolved": [u for r in reports for u in r.get("unresolved", [])],
            "occupations_linked": sum(r.get("occupations_linked", 0) for r in reports),
            "occupations_missed": sum(len(r.get("occupations_missed", [])) for r in reports),
            "follow_on_unresolved": [x for r in reports for x in r.get("follow_on_unresolved", [])]}
