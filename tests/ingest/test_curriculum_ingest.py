"""`kg ingest … --kind curriculum` end to end on a copy of the session's reference graph.

* the whole 187-file corpus is ingested ONCE (module fixture ``corpus_run``): per-file reports, majors
  found vs the catalogue, courses for every major found, provenance, stated vs inferred industries;
  the time is written to test-artifacts/curriculum_ingest.json;
* re-ingesting changes nothing;
* a DOCX and a text-layer PDF programme made from one profile (TEST FIXTURES written here) give the same
  graph facts as the Markdown;
* bad files are rejected on one line while good files in the same call still ingest.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from docfixtures import write_docx, write_image_only_pdf, write_text_pdf
from kg.config import REPO_ROOT
from kg.store.embedded import EmbeddedStore
from kgcli.ingest_cmds import run_ingest

CURRICULUM_RELS = ("HAS_COURSE", "DEVELOPS", "TARGETS_POST", "PREPARES_FOR", "HAS_CERTIFICATE", "LEADS_TO", "SERVES")
END_KEY = {"HAS_COURSE": "id", "DEVELOPS": "id", "TARGETS_POST": "id", "PREPARES_FOR": "code",
           "HAS_CERTIFICATE": "id", "LEADS_TO": "code", "SERVES": "code"}


def _copy_graph(src: Path, dst: Path) -> None:
    for f in src.parent.glob(src.name + "*"):
        if f.suffix != ".json":
            shutil.copy2(f, dst.parent / (dst.name + f.name[len(src.name):]))


@pytest.fixture
def graph(tmp_path, reference_graph):
    """A writable copy of the reference graph (catalogue, occupations, industries …)."""
    path = tmp_path / "graph.lbug"
    _copy_graph(Path(reference_graph), path)
    st = EmbeddedStore(str(path))
    yield st
    st.close()


@pytest.fixture(scope="module")
def corpus(reference_dir) -> Path:
    return reference_dir / "curricula" / "major_profiles_2022"


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, reference_graph, corpus):
    """The one whole-corpus ingest of the session: (store, summary, seconds)."""
    path = tmp_path_factory.mktemp("curriculum") / "graph.lbug"
    _copy_graph(Path(reference_graph), path)
    st = EmbeddedStore(str(path))
    t0 = time.perf_counter()
    summary = run_ingest(st, "curriculum", [corpus], {})
    seconds = round(time.perf_counter() - t0, 2)
    art = REPO_ROOT / "test-artifacts"
    art.mkdir(exist_ok=True)
    (art / "curriculum_ingest.json").write_text(json.dumps(
        {"seconds": seconds, "documents": summary["documents"], "nodes": summary["nodes"],
         "relationships": summary["relationships"]}, ensure_ascii=False, indent=2), encoding="utf-8")
    yield st, summary, seconds
    st.close()


def _facts(st, source: str) -> set[tuple]:
    """(type, major, end key, kind) of every curriculum relationship stated by one document."""
    out = set()
    for t in CURRICULUM_RELS:
        end = "Major" if t == "LEADS_TO" else None
        q = (f"MATCH (a:Major)-[r:{t}]->(b{':' + end if end else ''}) WHERE list_contains(r.sources, $s) "
             f"RETURN a.code AS a, b.{END_KEY[t]} AS b" + (", r.kind AS k" if t == "HAS_COURSE" else ""))
        for row in st.read(q, {"s": source}, limit=None):
            out.add((t, row["a"], row["b"], row.get("k")))
    return out


# ------------------------------------------------------------------ the whole corpus, once
def test_whole_corpus_ingests_with_a_report_per_file(corpus_run, corpus):
    st, s, seconds = corpus_run
    files = sorted(corpus.glob("*.md"))
    assert s["documents"] == len(files) == 187
    assert s["rejected"] == [] and s["skipped_relationships"] == []
    assert len(s["reports"]) == len(files)
    for r in s["reports"]:
        assert {"classes", "majors_found", "catalogue_majors", "missed", "occupations_missed"} <= set(r)
        assert r["majors_found"] + len(r["missed"]) == r["catalogue_majors"]
    found = sum(r["majors_found"] for r in s["reports"])
    catalogue = sum(r["catalogue_majors"] for r in s["reports"])
    print(f"\ncurriculum corpus: {seconds} s; majors found {found} of {catalogue} catalogue codes in those classes")
    assert found >= 985  # every profile in the files (991 blocks) resolves but a handful at most
    assert s["relationships"]["HAS_COURSE"] > 14000


def test_every_major_found_has_its_courses(corpus_run):
    st, s, _ = corpus_run
    found = {m.split()[0] for r in s["reports"] for m in r.get("found_codes", [])}
    omitted = {c for r in s["reports"] for c in r["omitted_in_source"]}
    with_courses = {r["c"] for r in st.read(
        "MATCH (m:Major)-[:HAS_COURSE]->(:Course) RETURN DISTINCT m.code AS c", limit=None)}
    assert found and found - omitted <= with_courses
    assert not (omitted & with_courses)  # （略） profiles have no courses to give
    assert all(r["without_courses"] == [] for r in s["reports"])


def test_missed_majors_are_listed_with_catalogue_vintage(corpus_run):
    _, s, _ = corpus_run
    missed = [m for r in s["reports"] for m in r["missed"]]
    assert missed
    assert any("2025" in m or "增补" in m for m in missed)  # majors added after the 2022 profiles
    assert all(re.match(r"^\d{6}[A-Z]? ", m) for m in missed)


def test_provenance_is_the_exact_span_of_the_document(corpus_run):
    st, _, _ = corpus_run
    docs = {r["id"]: r["path"] for r in st.read(
        "MATCH (d:Document) WHERE d.kind = 'curriculum' RETURN d.id AS id, d.path AS path", limit=None)}
    rows = st.read("MATCH (m:Major)-[r:HAS_COURSE|PREPARES_FOR|HAS_CERTIFICATE]->(x) "
                   "RETURN r.provenance AS p LIMIT 300", limit=None)
    assert rows
    texts: dict[str, str] = {}
    for row in rows:
        for js in row["p"]:
            p = json.loads(js)
            assert p["source"] in docs and p["extractor"] == "curriculum@1"
            m = re.match(r"section (\S+) chars (\d+)-(\d+)$", p["locator"])
            assert m, p["locator"]
            if p["source"] not in texts:
                texts[p["source"]] = Path(docs[p["source"]]).read_text(encoding="utf-8")
            assert texts[p["source"]][int(m.group(2)):int(m.group(3))] == p["evidence"]


def test_stated_and_inferred_industries_are_distinguishable(corpus_run):
    st, s, _ = corpus_run
    rows = st.read("MATCH (m:Major)-[r:SERVES]->(i:Industry) RETURN r.provenance AS p", limit=None)
    extractors = {json.loads(js)["extractor"] for row in rows for js in row["p"]}
    assert extractors == {"curriculum@1", "industry-linker@1"}
    linked = st.read("MATCH (m:Major)-[r:SERVES]->(:Industry) RETURN count(DISTINCT m) AS n")[0]["n"]
    assert linked >= 950  # every major gets industries, stated or inferred
    stated = sum(r["industries_stated"] for r in s["reports"])
    assert stated > 100


def test_occupations_link_to_the_2022_classification(corpus_run):
    st, s, _ = corpus_run
    linked = sum(r["occupations_linked"] for r in s["reports"])
    missed = sum(len(r["occupations_missed"]) for r in s["reports"])
    assert linked / (linked + missed) > 0.7
    n = st.read("MATCH (:Major)-[r:PREPARES_FOR]->(o:Occupation) RETURN count(r) AS n")[0]["n"]
    assert n >= linked * 0.9  # several mentions of one occupation in one major merge into one edge


def test_reingesting_changes_nothing(corpus_run, corpus):
    st, _, _ = corpus_run
    files = [corpus / "5202护理类.md", corpus / "4601机械设计制造类.md"]
    before = st.stats()
    sources = [r["id"] for r in st.read("MATCH (d:Document) WHERE d.path IN $p RETURN d.id AS id",
                                         {"p": [str(f) for f in files]})]
    facts = {s: _facts(st, s) for s in sources}
    again = run_ingest(st, "curriculum", files, {})  # resume: nothing to do
    assert again["documents_skipped"] == 2 and again["documents"] == 0
    forced = run_ingest(st, "curriculum", files, {}, resume=False)  # written again: same facts
    assert forced["documents"] == 2
    assert st.stats() == before
    assert {s: _facts(st, s) for s in sources} == facts


# ------------------------------------------------------------------ formats
def test_docx_and_pdf_programmes_give_the_same_facts_as_markdown(graph, corpus, tmp_path):
    md = tmp_path / "5202护理类.md"
    shutil.copy(corpus / "5202护理类.md", md)
    text = md.read_text(encoding="utf-8")
    docx = write_docx(tmp_path / "5202护理类-人才培养方案.docx", text, title="TEST FIXTURE 护理类人才培养方案")
    pdf = write_text_pdf(tmp_path / "5202护理类-人才培养方案.pdf", text, width=38, lines_per_page=45,
                         title="TEST FIXTURE 护理类人才培养方案")
    s = run_ingest(graph, "curriculum", [md, docx, pdf], {})
    assert s["documents"] == 3 and s["rejected"] == []
    ids = {r["path"]: r["id"] for r in graph.read("MATCH (d:Document) RETURN d.path AS path, d.id AS id")}
    facts = {p: _facts(graph, ids[str(p)]) for p in (md, docx, pdf)}
    assert len(facts[md]) > 60
    assert {t for t, *_ in facts[md]} >= {"HAS_COURSE", "DEVELOPS", "TARGETS_POST", "PREPARES_FOR",
                                          "HAS_CERTIFICATE", "LEADS_TO", "SERVES"}
    assert facts[docx] == facts[md]
    assert facts[pdf] == facts[md]


def test_bad_files_are_rejected_and_good_ones_still_ingest(graph, corpus, tmp_path):
    good = tmp_path / "5202护理类.md"
    shutil.copy(corpus / "5202护理类.md", good)
    scan = write_image_only_pdf(tmp_path / "scan.pdf")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    prose = tmp_path / "notes.txt"
    prose.write_text("这份文件不是专业简介，只有一段说明文字。", encoding="utf-8")
    s = run_ingest(graph, "curriculum", [tmp_path], {})
    lines = s["rejected"]
    assert any("scan.pdf" in x and "no text layer" in x for x in lines)
    assert any("empty.txt" in x and "empty" in x for x in lines)
    assert any("notes.txt" in x and "no major profile" in x for x in lines)
    assert all("\n" not in x for x in lines)
    n = graph.read("MATCH (m:Major {code: '520201'})-[:HAS_COURSE]->(c) RETURN count(c) AS n")[0]["n"]
    assert n == 14


def test_without_the_catalogue_every_file_is_rejected(embedded, corpus):
    s = run_ingest(embedded, "curriculum", [corpus / "5202护理类.md"], {})
    assert s["documents"] == 0 or s["relationships"] == {}
    assert len(s["rejected"]) == 1 and "kg ingest reference" in s["rejected"][0]
