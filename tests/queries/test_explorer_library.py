"""The explorer's library pieces: console, graphs from results (queries.console, queries.graph), review decisions (kg.curation), ingest preview (ingest.pipeline), highlighting and downloads (explorer/).

The graph here is a TEST FIXTURE: a handful of real names wired together for the test only
(source 'fixture:explorer-support'); the relationships are not facts.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from ingest.base import Batch, Reject
from kg.records import NodeRecord, Provenance, RelRecord
from kg.store.base import ReadOnlyError
from explorer import downloads
from explorer import highlight
from ingest import pipeline
from kg import curation
from queries import console
from queries import graph as graph_q
from queries import review as review_q

SRC = "fixture:explorer-support"


def _p(conf=1.0, ev=None):
    return [{"source": SRC, "extractor": "test-fixture@1", "confidence": conf, "evidence": ev}]


def build(store) -> None:
    store.upsert_nodes("Region", [{"id": "广东省", "name": "广东省", "level": "province", "_prov": _p()},
                                  {"id": "广东省/深圳市", "name": "深圳市", "level": "city", "_prov": _p()}])
    store.upsert_nodes("College", [{"moe_code": "4144011113", "name": "深圳职业技术大学",
                                    "aliases": ["深圳职业技术学院"], "_prov": _p()}])
    store.upsert_nodes("Firm", [
        {"id": "000063.SZ", "name": "中兴通讯股份有限公司", "aliases": ["中兴通讯"], "_prov": _p()},
        {"id": "proposed-zte", "name": "中兴通讯公司", "review": True, "_prov": _p(0.5, "与中兴通讯公司共建实训基地")},
        {"id": "proposed-x", "name": "某示例公司", "review": True, "_prov": _p(0.4, "示例公司")}])
    store.upsert_nodes("Industry", [{"code": "I", "name": "信息传输、软件和信息技术服务业",
                                     "name_en": "Information and communication", "level": "门类", "_prov": _p()},
                                    {"code": "65", "name": "软件和信息技术服务业", "level": "大类", "_prov": _p()}])
    store.upsert_relationships("PART_OF", [{"from": "广东省/深圳市", "to": "广东省", "_prov": _p()}], "Region", "Region")
    store.upsert_relationships("PART_OF", [{"from": "65", "to": "I", "_prov": _p()}], "Industry", "Industry")
    store.upsert_relationships("LOCATED_IN", [{"from": "4144011113", "to": "广东省/深圳市", "_prov": _p()}],
                               "College", "Region")
    store.upsert_relationships("IN_INDUSTRY", [{"from": "000063.SZ", "to": "65", "_prov": _p(0.9)},
                                               {"from": "proposed-zte", "to": "65", "_prov": _p(0.3, "软件")}],
                               "Firm", "Industry")
    store.upsert_relationships("LOCATED_IN", [{"from": "proposed-zte", "to": "广东省/深圳市", "_prov": _p(0.5)}],
                               "Firm", "Region")
    store.upsert_relationships("PARTNERS_WITH", [{"from": "proposed-zte", "to": "4144011113", "kind": "实训基地",
                                                  "_prov": _p(0.5, "与中兴通讯公司共建实训基地")}], "Firm", "College")


@pytest.fixture
def graph(store):
    build(store)
    return store


# ------------------------------------------------------------------ version and counts
def test_graph_version_changes_on_write_and_counts_match_stats(graph):
    v1 = graph_q.graph_version(graph)
    assert v1 == graph_q.graph_version(graph)
    graph.upsert_nodes("Region", [{"id": "江苏省", "name": "江苏省", "_prov": _p()}])
    if graph.dialect == "ladybug":
        graph.write("CHECKPOINT")
    assert graph_q.graph_version(graph) != v1
    counts = graph_q.graph_counts(graph)
    assert counts == graph.stats()
    assert counts["nodes"]["Firm"] == 3 and counts["relationships"]["IN_INDUSTRY"] == 2


# ------------------------------------------------------------------ console
def test_console_returns_rows_and_a_graph_of_returned_nodes(graph):
    res = console.run_console(graph, "MATCH (f:Firm)-[r:IN_INDUSTRY]->(i:Industry) WHERE f.id = $id RETURN f, r, i",
                         {"id": "000063.SZ"})
    assert res.ok and len(res.rows) == 1 and res.columns == ["f", "r", "i"]
    g = res.graph.as_dict()
    assert {n["id"] for n in g["nodes"]} == {"Firm:000063.SZ", "Industry:65"}
    assert [(e["source"], e["type"], e["target"]) for e in g["edges"]] == [("Firm:000063.SZ", "IN_INDUSTRY",
                                                                              "Industry:65")]
    table = graph_q.display_rows(res.rows)
    assert table[0]["f"].startswith("Firm: 中兴通讯股份有限公司")


def test_console_refuses_writes_and_reports_syntax_errors(graph):
    before = graph_q.graph_counts(graph)
    res = console.run_console(graph, "CREATE (:Firm {id: 'evil', name: 'x'})")
    assert res.error_kind == "refused" and not res.rows
    assert graph_q.graph_counts(graph) == before
    res = console.run_console(graph, "MATCH (n RETURN n")
    assert res.error_kind == "syntax" and res.message and "\n" not in res.message


def test_graph_from_paths_follows_schema_direction(graph):
    rows = graph.read("MATCH p = (r:Region)<-[:LOCATED_IN]-(c:College) RETURN p")
    g = graph_q.graph_from_rows(rows).as_dict()
    assert [(e["source"], e["target"]) for e in g["edges"]] == [("College:4144011113", "Region:广东省/深圳市")]
    g2 = graph_q.graph_from_path_columns([{"nodes": ["深圳职业技术大学", "深圳市"], "labels": ["College", "Region"],
                                      "rels": ["LOCATED_IN"]}]).as_dict()
    assert len(g2["nodes"]) == 2 and g2["edges"][0]["source"] == "College:深圳职业技术大学"
    assert not graph_q.graph_from_rows([{"n": 1, "s": "x"}])


# ------------------------------------------------------------------ review
def _item(items, **kw):
    return next(i for i in items if all(getattr(i, k) == v for k, v in kw.items()))


def test_review_queue_lists_proposed_entities_and_weak_links(graph):
    items = review_q.review_queue(graph, confidence_below=0.6)
    nodes = {i.key for i in items if i.kind == "node"}
    links = {(i.label, i.start_key, i.end_key) for i in items if i.kind == "link"}
    assert nodes == {"proposed-zte", "proposed-x"}
    assert ("IN_INDUSTRY", "proposed-zte", "65") in links and ("IN_INDUSTRY", "000063.SZ", "65") not in links
    zte = _item(items, kind="node", key="proposed-zte")
    assert zte.evidence == "与中兴通讯公司共建实训基地" and zte.source == SRC


def test_accept_writes_who_and_when_and_leaves_the_queue(graph):
    item = _item(review_q.review_queue(graph), kind="link", label="IN_INDUSTRY", start_key="proposed-zte")
    with pytest.raises(ValueError):
        curation.accept(graph, item, " ")
    out = curation.accept(graph, item, "张老师")
    rows = graph.read("MATCH (f:Firm)-[r:IN_INDUSTRY]->(i:Industry) WHERE f.id = 'proposed-zte' "
                      "RETURN r.review AS review, r.provenance AS prov, r.confidence AS c")
    stmts = [json.loads(s) for s in rows[0]["prov"]]
    review = [s for s in stmts if s["extractor"] == curation.REVIEW_EXTRACTOR]
    assert rows[0]["review"] is False and rows[0]["c"] == 1.0
    assert review and review[0]["source"] == "review:张老师" and out["when"] in review[0]["locator"]
    assert any(s["source"] == SRC for s in stmts)  # the original statement is kept
    assert not any(i.id == item.id for i in review_q.review_queue(graph))


def test_reject_removes_entity_and_keeps_an_audit_record(graph):
    item = _item(review_q.review_queue(graph), kind="node", key="proposed-x")
    out = curation.reject(graph, item, "reviewer")
    assert graph.read("MATCH (f:Firm) WHERE f.id = 'proposed-x' RETURN f") == []
    doc = graph.read("MATCH (d:Document) WHERE d.id = $id RETURN d.kind AS kind, d.title AS title, "
                     "d.locator AS locator, d.provenance AS prov", {"id": out["record"]})[0]
    assert doc["kind"] == "review" and "某示例公司" in doc["title"]
    assert doc["prov"] is None and "rejected by reviewer" in doc["locator"]  # one statement: the summary is it


def test_merge_moves_relationships_and_records_alias(graph):
    items = review_q.review_queue(graph)
    item = _item(items, kind="node", key="proposed-zte")
    cands = review_q.merge_candidates(graph, item)
    assert cands[0]["key"] == "000063.SZ"
    out = curation.merge(graph, item, "000063.SZ", "审核员")
    assert out["moved_relationships"] == 3
    assert graph.read("MATCH (f:Firm) WHERE f.id = 'proposed-zte' RETURN f") == []
    firm = graph.read("MATCH (f:Firm) WHERE f.id = '000063.SZ' RETURN f.aliases AS a, f.sources AS s")[0]
    assert "中兴通讯公司" in firm["a"] and "review:审核员" in firm["s"]
    partner = graph.read("MATCH (f:Firm)-[r:PARTNERS_WITH]->(c:College) WHERE f.id = '000063.SZ' "
                         "RETURN r.kind AS kind, r.provenance AS prov")
    assert partner[0]["kind"] == "实训基地"
    assert {json.loads(s)["source"] for s in partner[0]["prov"]} == {SRC, "review:审核员"}
    with pytest.raises(ValueError):
        curation.merge(graph, _item(review_q.review_queue(graph), kind="node", key="proposed-x"), "proposed-x", "a")


# ------------------------------------------------------------------ ingest preview
TEXT = "深圳职业技术大学与中兴通讯股份有限公司共建实训基地，面向软件和信息技术服务业。"


def _fake_batches(paths, store, options):
    for p in paths:
        prov = Provenance(source="sample", extractor="sample@1", evidence=TEXT[:20], locator="chars 0-8")
        yield Batch(doc_id="sample-" + p.name, path=str(p), kind="sample", title="TEST SAMPLE",
                    records=[NodeRecord(label="College", key="4144011113", props={"name": "深圳职业技术大学"},
                                        prov=prov),
                             NodeRecord(label="Firm", key="000063.SZ", props={"name": "中兴通讯股份有限公司"},
                                        prov=prov.model_copy(update={"locator": None})),
                             NodeRecord(label="Industry", key="65", props={"name": "软件和信息技术服务业"},
                                        prov=prov.model_copy(update={"locator": None})),
                             RelRecord(type="PARTNERS_WITH", start_label="Firm", start_key="000063.SZ",
                                       end_label="College", end_key="4144011113", prov=prov)],
                    rejects=[Reject(file=p.name, row=3, field="college", reason="unknown college 'X'")],
                    rows_read=4)


def test_preview_writes_nothing_then_write_ingest_reports_progress(graph, tmp_path, monkeypatch):
    import ingest.registry

    monkeypatch.setattr(ingest.registry, "ingest_function", lambda kind: _fake_batches)
    f = tmp_path / "sample.md"
    f.write_text(TEXT, encoding="utf-8")
    before = graph_q.graph_counts(graph)
    pv = pipeline.preview_ingest(graph, "sample", [f])
    assert graph_q.graph_counts(graph) == before
    assert pv.error is None and pv.counts == {"College": 1, "Firm": 1, "Industry": 1, "PARTNERS_WITH": 1}
    assert pv.rejects == ["sample.md: row 3: field college: unknown college 'X'"]
    spans = pv.documents[0].spans
    assert [(TEXT[s["start"]:s["end"]], s["label"]) for s in spans] == [
        ("深圳职业技术大学", "College"), ("中兴通讯股份有限公司", "Firm"), ("软件和信息技术服务业", "Industry")]
    html = highlight.displacy_html(TEXT, spans, {"College": "院校"}, {"College": "#1f77b4"})
    assert html.count("<mark") == 3 and "院校" in html and "#1f77b4" in html
    seen = []
    s = pipeline.write_ingest(graph, "sample", [f, f], on_progress=lambda d, n, p: seen.append((d, n)))
    assert seen == [(1, 2), (2, 2)] and s["documents"] >= 1 and s["rejected"]


def test_preview_of_unknown_kind_is_one_line_error(graph, tmp_path):
    pv = pipeline.preview_ingest(graph, "no-such-kind", [tmp_path / "x.md"])
    assert pv.error and "no-such-kind" in pv.error and not pv.records


def test_entity_spans_prefers_longer_names():
    text = "软件技术专业群包括软件技术专业"
    prov = Provenance(source="s", extractor="e@1")
    recs = [NodeRecord(label="ProfessionalGroup", key="g", props={"name": "软件技术专业群"}, prov=prov),
            NodeRecord(label="Major", key="510203", props={"name": "软件技术"}, prov=prov)]
    spans = pipeline.entity_spans(text, recs)
    assert [(text[s["start"]:s["end"]], s["label"]) for s in spans] == [("软件技术专业群", "ProfessionalGroup"),
                                                                        ("软件技术", "Major")]


def test_detect_kind_from_content(tmp_path):
    cur = tmp_path / "profile.md"
    cur.write_text("# 510203 软件技术\n专业代码 510203\n职业面向\n软件开发\n专业核心课程\nJava程序设计", encoding="utf-8")
    pol = tmp_path / "law.md"
    pol.write_text("中华人民共和国职业教育法\n第一条 为了推动职业教育高质量发展……\n第二条 本法所称职业教育……", encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("title,company,city,salary,description\nJava开发,示例公司,深圳,10k,熟悉Java\n", encoding="utf-8")
    ttl = tmp_path / "g.ttl"
    ttl.write_text("@prefix kg: <http://example.org/> .\n", encoding="utf-8")
    other = tmp_path / "notes.txt"
    other.write_text("hello world, nothing to see here", encoding="utf-8")
    assert [pipeline.detect_kind(p) for p in (cur, pol, jobs, ttl, other)] == ["curriculum", "policy", "jobs", "rdf", None]


def test_table_bytes_round_trip():
    df = pd.DataFrame([{"企业": "中兴通讯", "标签": ["专精特新", "上市"], "得分": 0.5}])
    csv = downloads.table_bytes(df, "csv")
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert back.iloc[0]["企业"] == "中兴通讯" and back.iloc[0]["标签"] == "专精特新; 上市"
    x = pd.read_excel(io.BytesIO(downloads.table_bytes(df, "xlsx")))
    assert list(x.columns) == ["企业", "标签", "得分"] and x.iloc[0]["得分"] == 0.5
    with pytest.raises(ValueError):
        downloads.table_bytes(df, "pdf")


def test_document_sources_groups_by_kind(graph):
    graph.upsert_nodes("Document", [
        {"id": "ref:colleges/x.csv", "kind": "reference", "path": "colleges/x.csv", "ingested_at": "2026-01-02T00:00:00",
         "_prov": _p()},
        {"id": "ref:firms/y.csv", "kind": "reference", "path": "firms/y.csv", "ingested_at": "2026-01-03T00:00:00",
         "_prov": _p()},
        {"id": "abc", "kind": "policy", "path": "p.md", "ingested_at": "2026-01-01T00:00:00", "_prov": _p()}])
    rows = graph_q.document_sources(graph)
    assert rows[0] == {"kind": "reference", "documents": 2, "latest": "2026-01-03T00:00:00",
                       "first": "2026-01-02T00:00:00"}
    assert [r["id"] for r in graph_q.reference_documents(graph)] == ["ref:colleges/x.csv", "ref:firms/y.csv"]


def test_squeeze_blank_lines_keeps_spans_on_their_words():
    text = "# 5103 通信类\n\n\n专业代码 510301\n  \n专业名称 现代通信技术\n"
    spans = [{"start": text.index("510301"), "end": text.index("510301") + 6, "label": "Major"},
             {"start": text.index("现代"), "end": text.index("现代") + 6, "label": "Major"}]
    new, moved = highlight.squeeze_blank_lines(text, spans)
    assert "\n\n" not in new and new.count("\n") == 3
    assert [new[s["start"]:s["end"]] for s in moved] == ["510301", "现代通信技术"]


def test_snapshot_reuses_one_open_refuses_writes_and_sees_new_writes(tmp_path):
    from kg.store.embedded import EmbeddedStore

    path = str(tmp_path / "g.lbug")
    w = EmbeddedStore(path)
    w.apply_schema()
    build(w)
    w.close()
    ro = EmbeddedStore(path, read_only=True)
    with ro.snapshot() as a:
        assert a.read("MATCH (f:Firm) RETURN count(f) AS n")[0]["n"] == 3
        held = ro._ro_db
        assert a.read("MATCH (r:Region) RETURN count(r) AS n") and ro._ro_db is held  # one open for the block
        with pytest.raises(ReadOnlyError):
            a.write("CREATE (:Region {id: 'x'})")
    w = EmbeddedStore(path)
    w.upsert_nodes("Firm", [{"id": "new", "name": "新企业", "_prov": _p()}])
    w.close()
    with ro.snapshot() as b:  # the same store object (library caches stay warm), a fresh open
        assert b is a and b.read("MATCH (f:Firm) RETURN count(f) AS n")[0]["n"] == 4
    assert ro.read("MATCH (r:Region) WHERE r.id = 'x' RETURN r") == []


def test_memo_computes_once_when_many_sessions_ask_at_once():
    """Single flight (#23): ten threads asking for the same aggregate of the same graph state run the
    computation once and all get its value; a failed computation is retried by a waiting thread."""
    import threading
    import time

    from queries import cache

    class Store:  # any weak-referenceable object stands for a store here
        pass

    st = Store()
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.3)  # long enough that every thread asks while it runs
        return {"value": 42}

    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.memo(st, ("agg",), compute, tok=(1,))))
               for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(got) == 10 and all(g is got[0] for g in got)

    fails = []

    def flaky():
        fails.append(1)
        if len(fails) == 1:
            time.sleep(0.2)
            raise RuntimeError("first computation fails")
        return "ok"

    out, errs = [], []

    def ask():
        try:
            out.append(cache.memo(st, ("flaky",), flaky, tok=(1,)))
        except RuntimeError as e:
            errs.append(e)

    threads = [threading.Thread(target=ask) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errs) == 1 and out == ["ok"] * 4 and len(fails) == 2
