"""`kg ingest … --kind curriculum` end to end on a copy of the session's reference graph.

* the whole 187-file corpus is extracted ONCE (module fixture ``corpus_batches``, every record, no
  writes): per-file reports, majors found vs the catalogue, courses for every major found, stated vs
  inferred industries; the time goes to test-artifacts/curriculum_extract.json. Writing all of it
  through the stock embedded store takes many minutes and GBs of memory on this machine (its per-commit
  checkpoint and COPY into non-empty rel tables — reported to the store's owner), so the tests write a
  sample of five noisy files (``sample_run``) and check the graph facts and provenance there;
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
from kg.records import statements_of
from kg.store.embedded import EmbeddedStore
from ingest.pipeline import run_ingest

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
def corpus_batches(reference_graph, corpus):
    """The one whole-corpus extraction of the session (every file, every record, no writes):
    (batches, seconds). Writing all of it is measured outside the tests — see the module doc."""
    from ingest.curriculum import batches

    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        t0 = time.perf_counter()
        out = list(batches([corpus], st, {"industries": True}))
        seconds = round(time.perf_counter() - t0, 2)
    finally:
        st.close()
    art = REPO_ROOT / "test-artifacts"
    art.mkdir(exist_ok=True)
    (art / "curriculum_extract.json").write_text(json.dumps(
        {"seconds": seconds, "documents": len(out), "records": sum(len(b.records) for b in out)}, indent=2),
        encoding="utf-8")
    return out, seconds


SAMPLE = ("5101电子信息类.md", "5202护理类.md", "4601机械设计制造类.md", "3103通信类.md", "5801公安管理类.md")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, reference_graph, corpus):
    """Five files (noisy ones included) written through `kg ingest`'s library function: (store, summary)."""
    path = tmp_path_factory.mktemp("curriculum") / "graph.lbug"
    _copy_graph(Path(reference_graph), path)
    st = EmbeddedStore(str(path))
    summary = run_ingest(st, "curriculum", [corpus / f for f in SAMPLE], {"industries": True})
    yield st, summary
    st.close()


def _facts(st, source: str) -> set[tuple]:
    """(type, major, end key, kind) of every curriculum relationship stated by one document (alone: the
    compact ``source``; or among others: ``sources``)."""
    out = set()
    for t in CURRICULUM_RELS:
        end = "Major" if t == "LEADS_TO" else None
        q = (f"MATCH (a:Major)-[r:{t}]->(b{':' + end if end else ''}) WHERE (r.source = $s OR list_contains(r.sources, $s)) "
             f"RETURN a.code AS a, b.{END_KEY[t]} AS b" + (", r.kind AS k" if t == "HAS_COURSE" else ""))
        for row in st.read(q, {"s": source}, limit=None):
            out.add((t, row["a"], row["b"], row.get("k")))
    return out


# ------------------------------------------------------------------ the whole corpus, once
def test_whole_corpus_extracts_with_a_report_per_file(corpus_batches, corpus, reference_graph):
    out, seconds = corpus_batches
    files = sorted(corpus.glob("*.md"))
    assert len(out) == len(files) == 187
    assert [r for b in out for r in b.rejects] == []
    ref = EmbeddedStore(str(reference_graph), read_only=True)
    try:  # the catalogue, read independently of the extractor's vocabulary
        catalogue = {r["c"] for r in ref.read("MATCH (m:Major) RETURN m.code AS c", limit=None)}
    finally:
        ref.close()
    for b in out:
        r = b.report
        assert {"classes", "majors_found", "catalogue_majors", "missed", "occupations_missed"} <= set(r)
        expected = {c for c in catalogue if c[:4] in r["classes"]}
        missed = {m.split(" ", 1)[0] for m in r["missed"]}
        assert r["catalogue_majors"] == len(expected), r["classes"]
        assert set(r["found_codes"]) <= expected and r["majors_found"] == len(r["found_codes"])
        assert missed == expected - set(r["found_codes"]), r["classes"]
    found = sum(b.report["majors_found"] for b in out)
    catalogue = sum(b.report["catalogue_majors"] for b in out)
    print(f"\ncurriculum corpus: extraction {seconds} s; {sum(len(b.records) for b in out)} records; "
          f"majors found {found} of {catalogue} catalogue codes in those classes")
    assert found >= 985  # the files hold 991 majors; all but a handful resolve
    assert sum(1 for b in out for x in b.records if getattr(x, "type", "") == "HAS_COURSE") > 14000


def test_every_major_found_has_its_courses(corpus_batches):
    out, _ = corpus_batches
    found = {c for b in out for c in b.report["found_codes"]}
    omitted = {c for b in out for c in b.report["omitted_in_source"]}
    with_courses = {x.start_key for b in out for x in b.records if getattr(x, "type", "") == "HAS_COURSE"}
    assert found - omitted == with_courses
    assert all(b.report["without_courses"] == [] for b in out)


def test_missed_majors_are_listed_with_catalogue_vintage(corpus_batches):
    out, _ = corpus_batches
    missed = [m for b in out for m in b.report["missed"]]
    assert missed
    assert any("增补" in m for m in missed)  # majors added after the 2022 profiles were written
    assert all(re.match(r"^\d{6}[A-Z]? .+ \(catalogue .+\)$", m) for m in missed)


def test_stated_and_inferred_industries_are_distinguishable(corpus_batches):
    out, _ = corpus_batches
    serves = [x for b in out for x in b.records if getattr(x, "type", "") == "SERVES"]
    assert {x.prov.extractor for x in serves} == {"curriculum@1", "industry-linker@1"}
    assert len({x.start_key for x in serves}) >= 950  # every major gets industries, stated or inferred
    stated = [x for x in serves if x.prov.extractor == "curriculum@1"]
    assert len(stated) > 100 and all(x.prov.locator.startswith("section ") for x in stated)
    inferred = [x for x in serves if x.prov.extractor == "industry-linker@1"]
    assert all(0 < x.prov.confidence < 0.9 and x.prov.evidence for x in inferred)


def test_occupations_link_to_the_2022_classification(corpus_batches):
    out, _ = corpus_batches
    linked = sum(b.report["occupations_linked"] for b in out)
    missed = sum(len(b.report["occupations_missed"]) for b in out)
    assert linked / (linked + missed) > 0.7


# ------------------------------------------------------------------ written to the graph
def test_sample_is_written_with_provenance_of_exact_spans(sample_run, corpus):
    st, s = sample_run
    # 5801 prints every profile as （略）: nothing to state, so no Document is recorded for it
    assert s["documents"] == len(SAMPLE) - 1 and s["rejected"] == [] and s["skipped_relationships"] == []
    for t in CURRICULUM_RELS:
        assert s["relationships"].get(t, 0) > 0, t
    docs = {r["id"]: r["path"] for r in st.read(
        "MATCH (d:Document) WHERE d.kind = 'curriculum' RETURN d.id AS id, d.path AS path", limit=None)}
    rows = st.read("MATCH (m:Major)-[r:HAS_COURSE|PREPARES_FOR|HAS_CERTIFICATE|LEADS_TO]->(x) "
                   "RETURN r", limit=None)
    ids = {Path(p).name: i for i, p in docs.items()}
    texts: dict[str, str] = {}
    for row in rows:
        for js in statements_of(row["r"]):
            p = json.loads(js)
            if p["source"].startswith("ref:"):
                continue  # the reference crosswalk also states PREPARES_FOR
            assert p["source"] in docs and p["extractor"] == "curriculum@1"
            m = re.match(r"section (\S+) chars (\d+)-(\d+)$", p["locator"])
            assert m, p["locator"]
            if p["source"] not in texts:
                texts[p["source"]] = Path(docs[p["source"]]).read_text(encoding="utf-8")
            assert texts[p["source"]][int(m.group(2)):int(m.group(3))] == p["evidence"]
    # majors are the catalogue's: none created, （略） profiles give nothing
    assert st.read("MATCH (m:Major) RETURN count(m) AS n")[0]["n"] == st.read(
        "MATCH (m:Major) WHERE m.catalogue IS NOT NULL RETURN count(m) AS n")[0]["n"]
    assert "5801公安管理类.md" not in ids
    assert st.read("MATCH (m:Major {code: '580101K'})-[r:HAS_COURSE|DEVELOPS|TARGETS_POST|SERVES]->() "
                   "WHERE r.extractor <> 'industry-linker@2' "  # the reference load links every major
                   "RETURN count(r) AS n")[0]["n"] == 0


def test_reingesting_changes_nothing(sample_run, corpus):
    st, _ = sample_run
    files = [corpus / "5202护理类.md", corpus / "4601机械设计制造类.md"]
    before = st.stats()
    sources = [r["id"] for r in st.read("MATCH (d:Document) WHERE d.path IN $p RETURN d.id AS id",
                                         {"p": [str(f) for f in files]})]
    assert len(sources) == 2
    facts = {s: _facts(st, s) for s in sources}
    assert all(len(f) > 30 for f in facts.values()), {s: len(f) for s, f in facts.items()}
    again = run_ingest(st, "curriculum", files, {"industries": True})  # resume: nothing to do
    assert again["documents_skipped"] == 2 and again["documents"] == 0
    forced = run_ingest(st, "curriculum", files, {"industries": True}, resume=False)  # written again: same facts
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
    s = run_ingest(graph, "curriculum", [md, docx, pdf], {"industries": True})
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


# ------------------------------------------------------------------ both stores
def test_same_facts_on_both_stores(store, tmp_path):
    """A TEST FIXTURE vocabulary and profile (invented class 5999) give the same graph on each store."""
    from test_curriculum import NOISY

    from kg.records import Provenance

    p = [Provenance(source="ref:test-fixture", extractor="test@1")]
    store.upsert_nodes("Major", [{"code": c, "name": n, "catalogue": "2021", "_prov": p} for c, n in
                                 [("599901", "示例工程技术"), ("599902", "示例数据技术"), ("399901", "示例工程")]])
    store.upsert_nodes("Occupation", [{"code": "9-99-99-01", "name": "示例操作员", "_prov": p},
                                      {"code": "2-02-10-00", "name": "信息和通信工程技术人员", "_prov": p}])
    store.upsert_nodes("Industry", [{"code": "65", "name": "软件和信息技术服务业", "_prov": p},
                                    {"code": "651", "name": "软件开发", "_prov": p}])
    f = tmp_path / "5999测试类.md"
    f.write_text(NOISY, encoding="utf-8")
    s = run_ingest(store, "curriculum", [f], {"industries": True})
    assert s["rejected"] == [] and s["skipped_relationships"] == []
    rows = store.read("MATCH (m:Major)-[r:HAS_COURSE]->(c:Course) RETURN m.code AS mc, c.id AS ci, r.kind AS k")
    assert sorted((r["mc"], r["ci"], r["k"]) for r in rows) == sorted([
        ("599901", "示例导论", "basic"), ("599901", "c语言程序设计", "basic"), ("599901", "示例制图(含cad、cam)", "basic"),
        ("599901", "示例材料", "basic"), ("599901", "示例设备安装", "core"), ("599901", "示例系统运维", "core"),
        ("599902", "数据导论", "basic"), ("599902", "示例数据分析", "core")])
    one = lambda q: sorted(tuple(r.values()) for r in store.read(q))  # noqa: E731
    assert one("MATCH (m:Major)-[:PREPARES_FOR]->(o:Occupation) RETURN m.code, o.code") == [
        ("599901", "9-99-99-01"), ("599902", "2-02-10-00")]
    assert one("MATCH (m:Major)-[:LEADS_TO]->(n:Major) RETURN m.code, n.code") == [("599901", "399901")]
    assert ("599901", "65") in one("MATCH (m:Major)-[:SERVES]->(i:Industry) RETURN m.code, i.code")
    assert one("MATCH (m:Major)-[:HAS_CERTIFICATE]->(c:Certificate) RETURN m.code, c.name, c.kind") == [
        ("599901", "示例安装", "职业技能等级"), ("599901", "示例工程师", "职业资格"), ("599901", "示例运维", "职业技能等级")]
    assert store.read("MATCH (m:Major) RETURN count(m) AS n")[0]["n"] == 3  # no major created
