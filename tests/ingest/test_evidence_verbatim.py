"""Evidence is the source's own text: for every fact an extractor states with a ``chars a-b`` locator,
``text[a:b] == evidence`` — on the real reference files (curriculum profiles, every policy document, job
postings) and, for firm profiles (no real company descriptions exist in the data), on the labelled test
fixtures of tests/ingest/test_firm_profile.py. Facts without offsets must cite a whole field as written.

Reference nodes that come from a controlled vocabulary file (Measure nodes, extractor ``measures@1``) are
not extracted from the document and carry no offsets."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ingest.readers import read_document
from kg.store.embedded import EmbeddedStore

CHARS = re.compile(r"chars?\s+(\d+)\s*[-–]\s*(\d+)")


def _check(text: str, records, where: str, allow_without: tuple[str, ...] = ("measures@1",)) -> int:
    """Assert the property for every record; return how many records carried offsets."""
    n = 0
    for r in records:
        p = r.prov
        m = CHARS.search(p.locator or "")
        kind = getattr(r, "type", None) or r.label
        if m is None:
            assert p.extractor in allow_without or (p.evidence and p.evidence in text), (where, kind, p)
            continue
        a, b = int(m.group(1)), int(m.group(2))
        assert text[a:b] == p.evidence, (where, kind, p.locator, p.evidence, text[a:b])
        n += 1
    return n


@pytest.fixture(scope="module")
def store(reference_graph):
    st = EmbeddedStore(str(reference_graph), read_only=True)
    yield st
    st.close()


@pytest.mark.parametrize("name", ["4101农业类.md", "4601机械设计制造类.md", "5303财务会计类.md",
                                  "2101农业类.md", "4804纺织服装类.md"])
def test_curriculum_evidence_is_verbatim(store, reference_dir, name):
    from ingest.curriculum.extract import extract_document
    from ingest.vocab.curriculum import CurriculumVocabulary
    from ingest.industry_linker import IndustryLinker

    path = reference_dir / "curricula" / "major_profiles_2022" / name
    d = read_document(path)
    res = extract_document(d.sha256, d.text, path.name, CurriculumVocabulary.from_store(store),
                           IndustryLinker.from_store(store))
    kinds = {getattr(r, "type", None) for r in res.records}
    assert {"HAS_COURSE", "SERVES"} <= kinds and ("LEADS_TO" in kinds or name.startswith("2"))  # 本科: no 接续 in the catalogue
    assert _check(d.text, res.records, name) == len(res.records)  # every fact has offsets


def test_policy_evidence_is_verbatim(store, reference_dir):
    from ingest.policy import PolicyExtractor

    ext = PolicyExtractor.from_store(store)
    files = sorted(p for p in (reference_dir / "policies").rglob("*") if p.is_file())
    assert len(files) == 9
    mentions = 0
    for f in files:
        d = read_document(f)
        b = ext.batch(d)
        _check(d.text, b.records, f.name)
        mentions += sum(1 for r in b.records if getattr(r, "type", None) == "MENTIONS")
        # header evidence (the title line) and article evidence keep the text's own spaces
        if f.suffix == ".md":
            pol = next(r for r in b.records if getattr(r, "label", None) == "Policy")
            assert pol.prov.evidence == b.title
    assert mentions > 500


def _postings(reference_dir: Path, n: int = 150):
    from ingest.jobs import Posting

    out = []
    with open(reference_dir / "jobs" / "job_posts_cn.csv", encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            if row.get("description"):
                out.append(Posting(id=f"job:{row['job_id']}", title=row["title"], description=row["description"],
                                   row=i))
            if len(out) >= n:
                break
    return out


def test_jobs_evidence_is_verbatim(store, reference_dir):
    from ingest.jobs import JobExtractor

    ext = JobExtractor.from_store(store)
    posts = _postings(reference_dir)
    recs, _ = ext.records(posts, "doc-jobs", fill=False)
    by_id = {p.id: p.description for p in posts}
    checked = 0
    for r in recs:
        m = CHARS.search(r.prov.locator or "")
        if m is None:
            continue
        pid = r.prov.locator.split(" ")[0]
        a, b = int(m.group(1)), int(m.group(2))
        assert by_id[pid][a:b] == r.prov.evidence, (r.prov.locator, r.prov.evidence)
        checked += 1
    assert checked > 100


def test_firm_profile_evidence_is_verbatim(reference_graph, tmp_path):
    from ingest.firm_profile import ProfileExtractor
    from ingest.readers import read_document as rd
    from test_firm_profile import KNOWN, UNKNOWN  # the labelled fixture texts (same folder)

    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        ext = ProfileExtractor(st)
        for name, text in (("known.txt", KNOWN), ("unknown.md", UNKNOWN)):
            p = tmp_path / name
            p.write_text(text, encoding="utf-8")
            d = rd(p)
            b = ext.batch(d)
            assert _check(d.text, b.records, name) >= 2
    finally:
        st.close()
