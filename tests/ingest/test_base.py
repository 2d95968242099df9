"""write_batches: documents atomic (small ones grouped per transaction), resume, and a changed document
replacing its own facts."""
from __future__ import annotations

import pytest

from ingest.base import Batch, Reject, write_batches
from kg.records import NodeRecord, Provenance, RelRecord


def _doc(path: str, content: str, courses: list[str], major="510201") -> Batch:
    doc_id = f"sha:{abs(hash(content))}"
    p = Provenance(source=doc_id, extractor="test@1", evidence=content[:40])
    recs = [NodeRecord(label="Major", key=major, props={"name": "计算机应用技术"}, prov=p)]
    for c in courses:
        recs.append(NodeRecord(label="Course", key=c, props={"name": c}, prov=p))
        recs.append(RelRecord(type="HAS_COURSE", start_label="Major", start_key=major, end_label="Course",
                              end_key=c, props={"kind": "core"}, prov=p))
    return Batch(doc_id=doc_id, path=path, kind="test", records=recs, content_hash=doc_id, rows_read=1)


def _courses(store):
    return [r["cid"] for r in store.read("MATCH (:Major)-[:HAS_COURSE]->(c:Course) RETURN c.id AS cid ORDER BY cid")]


def test_changed_document_replaces_its_facts_and_keeps_others(store):
    a1 = _doc("a.md", "version 1", ["数据库", "网络"])
    b = _doc("b.md", "other doc", ["网络", "编程"])
    write_batches(store, [a1, b])
    assert _courses(store) == ["数据库", "编程", "网络"]
    a2 = _doc("a.md", "version 2", ["网络", "安全"])
    s = write_batches(store, [a2])
    assert s["replaced"][0]["document"] == "a.md"
    assert _courses(store) == ["安全", "编程", "网络"]  # 数据库 was only in a.md v1
    net = store.read("MATCH (c:Course {id: '网络'}) RETURN c.sources AS s")[0]["s"]
    assert sorted(net) == sorted([a2.doc_id, b.doc_id])
    docs = store.read("MATCH (d:Document) RETURN d.path AS p ORDER BY p")
    assert docs == [{"p": "a.md"}, {"p": "b.md"}]


def test_same_documents_twice_is_idempotent_and_resume_skips(store):
    batches = [_doc("a.md", "v1", ["数据库"]), _doc("b.md", "v2", ["编程"])]
    write_batches(store, batches)
    first = store.stats()
    s = write_batches(store, batches, skip_complete=True)
    assert s["documents"] == 0 and s["documents_skipped"] == 2
    write_batches(store, batches)
    assert store.stats() == first


def test_failed_document_leaves_nothing(store, monkeypatch):
    ok = _doc("a.md", "v1", ["数据库"])
    bad = _doc("b.md", "v2", ["编程", "算法"])
    orig = type(store).upsert_relationships

    def flaky(self, type_, rows, *a, **k):  # fails whenever the bad document's facts are written
        rows = list(rows)
        if any(r["to"] == "算法" for r in rows):
            raise RuntimeError("disk full (simulated)")
        return orig(self, type_, rows, *a, **k)

    monkeypatch.setattr(type(store), "upsert_relationships", flaky)
    with pytest.raises(RuntimeError):
        write_batches(store, [ok, bad])
    monkeypatch.undo()
    assert _courses(store) == ["数据库"]
    assert [r["p"] for r in store.read("MATCH (d:Document) RETURN d.path AS p")] == ["a.md"]
    assert store.stats()["nodes"]["Course"] == 1


def test_rejects_are_one_line():
    r = Reject(file="x.csv", row=12, field="专业代码", reason="not a 6-character code: '51'")
    assert r.line() == "x.csv: row 12: field 专业代码: not a 6-character code: '51'"


def _table(version: str, chunks: list[list[str]]) -> list[Batch]:
    """A reference table in chunks: rows cite the file ('ref:t.csv'), batches are 'ref:t.csv#n'."""
    p = Provenance(source="ref:t.csv", extractor="test@1")
    return [Batch(doc_id=f"ref:t.csv#{i}", path="t.csv", kind="reference", content_hash=version,
                  records=[NodeRecord(label="Course", key=c, props={"name": c}, prov=p) for c in cs])
            for i, cs in enumerate(chunks, 1)]


def test_changed_chunked_table_replaces_all_its_chunks(store):
    write_batches(store, _table("v1", [["a", "b"], ["c"]]))
    assert store.stats()["nodes"]["Course"] == 3
    s = write_batches(store, _table("v2", [["a"], ["d"]]), skip_complete=True)
    ids = [r["i"] for r in store.read("MATCH (c:Course) RETURN c.id AS i ORDER BY i")]
    assert ids == ["a", "d"] and s["documents"] == 2
    docs = store.read("MATCH (d:Document) RETURN d.id AS i, d.content_hash AS h ORDER BY i")
    assert docs == [{"i": "ref:t.csv#1", "h": "v2"}, {"i": "ref:t.csv#2", "h": "v2"}]


def _firm_doc(path: str, aliases: list[str], tags: list[str] | None, city: str | None) -> Batch:
    doc_id = f"sha:{path}"
    p = Provenance(source=doc_id, extractor="test@1", evidence=path)
    recs = [NodeRecord(label="Firm", key="f1", props={"name": "某公司", "aliases": aliases, "tags": tags,
                                                       "city": city}, prov=p),
            NodeRecord(label="Industry", key="C39", props={"name": "计算机"}, prov=p),
            RelRecord(type="IN_INDUSTRY", start_label="Firm", start_key="f1", end_label="Industry",
                      end_key="C39", prov=p),
            RelRecord(type="IN_INDUSTRY", start_label="Firm", start_key="f1", end_label="Industry",
                      end_key="X99", prov=p)]  # no such industry: skipped, reported for this document
    return Batch(doc_id=doc_id, path=path, kind="test", records=recs, content_hash=doc_id, rows_read=1)


def _dump(store) -> list:
    nodes = store.read("MATCH (n:Firm) RETURN n.aliases AS a, n.tags AS t, n.city AS c, n.provenance AS p")
    rels = store.read("MATCH (:Firm)-[r:IN_INDUSTRY]->(i:Industry) RETURN i.code AS i, r.provenance AS p")
    return [nodes, rels]


def test_grouped_documents_give_the_graph_and_summary_of_one_by_one_writes(store, monkeypatch):
    import ingest.base as B

    docs = [_firm_doc("a.csv", ["甲", "乙"], None, "杭州"), _firm_doc("b.csv", ["乙", "丙"], ["专精特新"], None),
            _firm_doc("c.csv", ["丁"], ["上市"], "南京")]
    grouped = write_batches(store, docs)
    g = _dump(store)
    assert g[0][0]["a"] == ["甲", "乙", "丙", "丁"] and g[0][0]["t"] == ["专精特新", "上市"] and g[0][0]["c"] == "南京"
    assert len(g[0][0]["p"]) == 3 and len(g[1][0]["p"]) == 3  # one statement per document
    store.write("MATCH (n) DETACH DELETE n")
    monkeypatch.setattr(B, "GROUP_DOCUMENTS", 1)  # one transaction per document
    single = write_batches(store, docs)
    assert _dump(store) == g
    for k in ("documents", "nodes", "relationships", "skipped_relationships"):
        assert grouped[k] == single[k], k
    assert grouped["nodes"] == {"Firm": 3, "Industry": 3, "Document": 3}
    assert len(grouped["skipped_relationships"]) == 3 and grouped["skipped_relationships"][1].startswith("b.csv:")


def test_a_batch_can_raise_the_group_limits_for_its_group(embedded, monkeypatch):
    """Batch.group_records / group_documents replace the defaults for the group it joins (the smallest
    limit of the group's batches counts); the graph is the same however the documents are grouped."""
    import ingest.base as B

    monkeypatch.setattr(B, "GROUP_DOCUMENTS", 2)
    commits = []
    real = type(embedded).transaction

    def counting(self):
        commits.append(1)
        return real(self)

    monkeypatch.setattr(type(embedded), "transaction", counting)

    def docs(**hint):
        out = [_doc(f"{i}.md", f"doc {i}", [f"课{i}", "共同课"]) for i in range(5)]
        for d in out:
            d.group_documents = hint.get("documents")
            d.group_records = hint.get("records")
        return out

    runs = []
    for hint, expected in (({}, 3), ({"documents": 10}, 1), ({"documents": 10, "records": 8}, 3)):
        embedded.write("MATCH (n) DETACH DELETE n")
        commits.clear()
        s = write_batches(embedded, docs(**hint))
        assert len(commits) == expected, hint  # 2+2+1 documents | all five | 6 records each → 2+2+1
        assert s["documents"] == 5
        runs.append((_courses(embedded), embedded.read(
            "MATCH (c:Course {id: '共同课'}) RETURN c.sources AS s")[0]["s"]))
    assert runs[0] == runs[1] == runs[2]
    mixed = docs(documents=10)
    mixed[1].group_documents = None  # the default (2) limits the group it joins: [0, 1], then [2, 3, 4]
    commits.clear()
    embedded.write("MATCH (n) DETACH DELETE n")
    write_batches(embedded, mixed)
    assert len(commits) == 2


def test_extraction_and_writes_run_with_fewer_gc_passes_and_the_thresholds_come_back(embedded):
    import gc

    from kg.store.tuning import GC_THRESHOLDS

    before = gc.get_threshold()
    seen = []

    def batches():  # produced lazily, as the extractors produce them: inside write_batches
        for i in range(3):
            seen.append(gc.get_threshold())
            yield _doc(f"gc{i}.md", f"content {i}", [f"课程{i}"])

    assert write_batches(embedded, batches())["documents"] == 3
    assert seen and all(t[0] >= GC_THRESHOLDS[0] for t in seen)
    assert gc.get_threshold() == before
    def failing():
        yield _doc("gc-bad.md", "bad", ["课程"])
        raise ValueError("an extractor failed")

    with pytest.raises(ValueError, match="an extractor failed"):
        write_batches(embedded, failing())  # a failing run restores them too
    assert gc.get_threshold() == before
