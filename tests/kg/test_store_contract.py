"""The store contract: the same tests run against the embedded store and the real Neo4j server."""
from __future__ import annotations

import json

import pytest

from kg import schema
from kg.records import NodeRecord, Provenance, RelRecord, sources_of, statements_of
from kg.store import ReadOnlyError

P1 = Provenance(source="ref:catalog/vocational_major_catalog_2021.csv", evidence="row 3", extractor="test@1",
                confidence=1.0, locator="row 3")
P2 = Provenance(source="doc:abc", evidence='简介写道："计算机"\n第二行', extractor="curriculum@1", confidence=0.7)


def _seed(store):
    store.upsert_nodes("Major", [{"code": "510201", "name": "计算机应用技术", "level": "高职专科", "_prov": [P1]},
                                 {"code": "510202", "name": "计算机网络技术", "level": "高职专科", "_prov": [P1]}])
    store.upsert_nodes("Industry", [{"code": "65", "name": "软件和信息技术服务业", "level": "大类", "_prov": [P1]},
                                    {"code": "I", "name": "信息传输、软件和信息技术服务业", "level": "门类",
                                     "name_en": "Information and communication", "_prov": [P1]}])
    store.upsert_relationships("PART_OF", [{"from": "65", "to": "I", "_prov": [P1]}], "Industry", "Industry")
    store.upsert_relationships("SERVES", [{"from": "510201", "to": "65", "_prov": [P1]}], "Major", "Industry")


def test_schema_applies_twice_and_stats_cover_schema(store):
    store.apply_schema()
    store.apply_schema()
    s = store.stats()
    assert set(s["nodes"]) == set(schema.LABELS)
    assert set(s["relationships"]) == set(schema.REL_TYPES)
    assert all(v == 0 for v in s["nodes"].values())


def test_upserts_are_idempotent(store):
    _seed(store)
    first = store.stats()
    _seed(store)
    assert store.stats() == first
    assert first["nodes"]["Major"] == 2 and first["nodes"]["Industry"] == 2
    assert first["relationships"]["SERVES"] == 1 and first["relationships"]["PART_OF"] == 1
    m = store.read("MATCH (m:Major {code: $c}) RETURN m", {"c": "510201"})[0]["m"]
    assert statements_of(m) == [P1.to_json()] and sources_of(m) == [P1.source]
    assert m.get("provenance") is None and m.get("sources") is None  # one statement: the compact form


def test_provenance_from_two_sources_keeps_both(store):
    _seed(store)
    store.upsert_relationships("SERVES", [{"from": "510201", "to": "65", "_prov": [P2]}], "Major", "Industry")
    r = store.read("MATCH (m:Major {code: $c})-[r:SERVES]->(i:Industry) RETURN r.sources AS s, r.provenance AS p, "
                   "r.confidence AS c, r.evidence AS e, r.source AS src", {"c": "510201"})[0]
    assert r["s"] == [P1.source, P2.source]
    assert {json.loads(x)["source"] for x in r["p"]} == {P1.source, P2.source}
    assert r["c"] == 1.0 and r["e"] == "row 3" and r["src"] == P1.source  # best statement, first source
    # the node's own properties are merged, not overwritten by nulls
    store.upsert_nodes("Major", [{"code": "510201", "years": "3", "_prov": [P2]}])
    m = store.read("MATCH (m:Major {code: '510201'}) RETURN m.name AS n, m.years AS y, m.sources AS s")[0]
    assert m == {"n": "计算机应用技术", "y": "3", "s": [P1.source, P2.source]}


def test_chinese_quotes_and_newlines_round_trip(store):
    weird = "计算机\"应用\"技术'; MATCH (n) DETACH DELETE n //\n第二行 `x` }"
    store.upsert_nodes("Major", [{"code": "520101K", "name": weird, "_prov": [P2]}])
    got = store.read("MATCH (m:Major {code: $c}) RETURN m.name AS name, m.evidence AS ev", {"c": "520101K"})
    assert got == [{"name": weird, "ev": P2.evidence}]
    got = store.read("MATCH (m:Major) WHERE m.name = $n RETURN m.code AS c", {"n": weird})
    assert got == [{"c": "520101K"}]


def test_relationship_to_missing_node_is_reported_not_created(store):
    _seed(store)
    n, skipped = store.upsert_relationships(
        "SERVES", [{"from": "510201", "to": "9999", "_prov": [P1]}, {"from": "nope", "to": "65", "_prov": [P1]}],
        "Major", "Industry")
    assert n == 0 and len(skipped) == 2
    assert "9999" in skipped[0]["reason"] and "nope" in skipped[1]["reason"]
    assert store.stats()["relationships"]["SERVES"] == 1


def test_multi_pair_relationship_and_lists(store):
    store.upsert_nodes("Region", [{"id": "广东省", "name": "广东省", "level": "province", "_prov": [P1]},
                                  {"id": "广东省/广州市", "name": "广州市", "level": "city", "_prov": [P1]}])
    store.upsert_nodes("Firm", [{"id": "firm:1", "name": "甲公司", "tags": ["专精特新"], "aliases": ["甲"],
                                 "_prov": [P1]}])
    store.upsert_nodes("Firm", [{"id": "firm:1", "tags": ["上市公司"], "_prov": [P2]}])
    store.upsert_relationships("PART_OF", [{"from": "广东省/广州市", "to": "广东省", "_prov": [P1]}], "Region", "Region")
    store.upsert_relationships("LOCATED_IN", [{"from": "firm:1", "to": "广东省/广州市", "_prov": [P1]}], "Firm", "Region")
    rows = store.read("MATCH (f:Firm)-[:LOCATED_IN]->(c:Region)-[:PART_OF]->(p:Region) "
                      "RETURN f.name AS f, f.tags AS tags, c.name AS c, p.name AS p")
    assert rows == [{"f": "甲公司", "tags": ["专精特新", "上市公司"], "c": "广州市", "p": "广东省"}]


def test_write_records_and_batch_dedup(store):
    recs = [NodeRecord(label="Course", key="c1", props={"name": "程序设计基础"}, prov=P1),
            NodeRecord(label="Course", key="c1", props={"name": "程序设计基础"}, prov=P2),
            NodeRecord(label="Major", key="510201", props={"name": "计算机应用技术"}, prov=P1),
            RelRecord(type="HAS_COURSE", start_label="Major", start_key="510201", end_label="Course",
                      end_key="c1", props={"kind": "core"}, prov=P2)]
    s = store.write_records(recs)
    assert s["nodes"] == {"Course": 1, "Major": 1} and s["relationships"] == {"HAS_COURSE": 1}
    r = store.read("MATCH (:Major)-[h:HAS_COURSE]->(c:Course) RETURN h.kind AS k, c.sources AS s")
    assert r == [{"k": "core", "s": [P1.source, P2.source]}]


def test_records_are_validated():
    with pytest.raises(ValueError):
        NodeRecord(label="Majr", key="1", prov=P1)
    with pytest.raises(ValueError):
        NodeRecord(label="Major", key="1", props={"colour": "red"}, prov=P1)
    with pytest.raises(ValueError):
        RelRecord(type="SERVES", start_label="Course", start_key="a", end_label="Industry", end_key="b", prov=P1)
    with pytest.raises(ValueError):
        Provenance(source="x", extractor="e", confidence=1.5)


def test_read_refuses_writes(store):
    _seed(store)
    before = store.stats()
    for q in ("CREATE (:Major {code: 'x'})", "MATCH (m:Major) SET m.name = 'x'", "MATCH (n) DETACH DELETE n",
              "MERGE (:Industry {code: 'zz'})"):
        with pytest.raises(ReadOnlyError):
            store.read(q)
    assert store.stats() == before


def test_transaction_rolls_back_on_error(store):
    _seed(store)
    before = store.stats()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.upsert_nodes("Major", [{"code": "999999", "name": "临时", "_prov": [P1]}])
            raise RuntimeError("boom")
    assert store.stats() == before


def test_stats_are_right(store):
    _seed(store)
    s = store.stats()
    direct = store.read("MATCH (m:Major) RETURN count(m) AS c")[0]["c"]
    assert s["nodes"]["Major"] == direct == 2
    assert sum(s["relationships"].values()) == 2


def test_values_are_plain(store):
    _seed(store)
    row = store.read("MATCH (m:Major {code: '510201'})-[r:SERVES]->(i:Industry) RETURN m, r, i.code AS c, "
                     "count(*) AS n")[0]
    assert row["m"]["_label"] == "Major" and row["m"]["name"] == "计算机应用技术"
    assert row["r"]["_type"] == "SERVES" and isinstance(row["r"]["confidence"], float)
    store.upsert_relationships("SERVES", [{"from": "510201", "to": "65", "_prov": [P2]}], "Major", "Industry")
    row = store.read("MATCH (m:Major {code: '510201'})-[r:SERVES]->(i:Industry) RETURN r")[0]
    assert isinstance(row["r"]["sources"], list) and isinstance(row["r"]["provenance"], list)
    json.dumps(row)  # nothing driver-specific left


def test_retract_source_removes_only_that_sources_facts(store):
    _seed(store)  # everything from P1
    store.upsert_nodes("Course", [{"id": "c9", "name": "只在文档二", "_prov": [P2]}])
    store.upsert_relationships("SERVES", [{"from": "510201", "to": "65", "_prov": [P2]}], "Major", "Industry")
    store.upsert_relationships("SERVES", [{"from": "510202", "to": "65", "_prov": [P2]}], "Major", "Industry")
    res = store.retract_source(P2.source)
    assert res == {"deleted": 2, "updated": 1}  # c9 and SERVES 510202 go; SERVES 510201 keeps P1
    s = store.stats()
    assert s["nodes"]["Course"] == 0 and s["relationships"]["SERVES"] == 1
    r = store.read("MATCH (:Major {code: '510201'})-[r:SERVES]->(:Industry) RETURN r")[0]["r"]
    assert statements_of(r) == [P1.to_json()] and r.get("sources") is None and r["source"] == P1.source


def test_bulk_upserts_past_one_batch_create_merge_and_leave_rows_alone(store):
    """More rows than one batch, into an empty pair of a multi-pair type while its other pair holds
    edges (the embedded store COPYs all new rows of a call at once), then a mix of new and restated
    rows: new rows carry one statement, restated ones both; the caller's rows are not modified."""
    n = 6000  # > BATCH (5,000)
    store.upsert_nodes("Skill", [{"id": "s0", "name": "技能0", "_prov": [P1]}, {"id": "s1", "name": "技能1", "_prov": [P1]}])
    store.upsert_nodes("Post", [{"id": "post:1", "name": "岗位", "_prov": [P1]}])
    store.upsert_relationships("REQUIRES", [{"from": "post:1", "to": "s0", "_prov": [P1]}], "Post", "Skill")
    jobs = [{"id": f"job:{i:05d}", "title": f"职位{i}", "_prov": [P1]} for i in range(n)]
    assert store.upsert_nodes("JobPosting", jobs) == n
    firms = [{"id": "firm:1", "name": "甲公司", "tags": ["甲", "甲", "乙"], "_prov": [P1]},
             {"id": "firm:1", "tags": ["丙"], "_prov": [P2]},
             {"id": "firm:2", "name": "乙公司", "tags": ["甲", "甲", "乙"], "_prov": [P1]}]
    assert store.upsert_nodes("Firm", firms) == 2
    assert firms[0] == {"id": "firm:1", "name": "甲公司", "tags": ["甲", "甲", "乙"], "_prov": [P1]}  # as given
    first = [{"from": f"job:{i:05d}", "to": f"s{i % 2}", "_prov": [P1]} for i in range(n)]
    assert store.upsert_relationships("REQUIRES", first, "JobPosting", "Skill") == (n, [])
    again = ([{"from": f"job:{i:05d}", "to": f"s{i % 2}", "_prov": [P2]} for i in range(0, n, 3)]
             + [{"from": f"job:{i:05d}", "to": f"s{(i + 1) % 2}", "_prov": [P2]} for i in range(0, n, 5)]
             + [{"from": "job:nope", "to": "s0", "_prov": [P2]}])
    written, skipped = store.upsert_relationships("REQUIRES", again, "JobPosting", "Skill")
    assert written == n // 3 + n // 5 and [s["from"] for s in skipped] == ["job:nope"]
    assert "reason" not in again[-1]
    assert store.stats()["relationships"]["REQUIRES"] == 1 + n + n // 5
    rows = store.read("MATCH (j:JobPosting)-[r:REQUIRES]->(s:Skill) RETURN j.id AS j, s.id AS s, "
                      "coalesce(r.sources, [r.source]) AS src, r.confidence AS c, r.evidence AS e, "
                      "coalesce(size(r.provenance), 1) AS np", limit=None)
    by = {(r["j"], r["s"]): r for r in rows}
    assert len(by) == n + n // 5
    assert by[("job:00003", "s1")] == {"j": "job:00003", "s": "s1", "src": [P1.source, P2.source], "c": 1.0,
                                       "e": "row 3", "np": 2}
    assert by[("job:00001", "s1")]["src"] == [P1.source] and by[("job:00001", "s1")]["np"] == 1
    assert by[("job:00005", "s0")] == {"j": "job:00005", "s": "s0", "src": [P2.source], "c": 0.7, "e": P2.evidence,
                                       "np": 1}
    assert sum(len(r["src"]) == 2 for r in rows) == len(range(0, n, 3))
    f = store.read("MATCH (f:Firm {id: 'firm:1'}) RETURN f.tags AS t, f.sources AS s")[0]
    assert f == {"t": ["丙"], "s": [P1.source, P2.source]}  # in one batch a later non-null value wins
    assert store.read("MATCH (f:Firm {id: 'firm:2'}) RETURN f.tags AS t")[0]["t"] == ["甲", "乙"]
    j = store.read("MATCH (j:JobPosting {id: 'job:00007'}) RETURN j")[0]["j"]
    assert j["title"] == "职位7" and j.get("provenance") is None and statements_of(j) == [P1.to_json()]


def test_stored_statements_are_exactly_provenance_to_json(store):
    """The bulk path writes statements without pydantic's dump: the text must stay byte-identical."""
    odd = ['引号"与\\反斜杠', "换行\n制表\t", "\x00\x1f控制", "\u2028行分隔\u2029", "😀 emoji", "é/ü", "</script>"]
    provs = [Provenance(source=f"doc:{i}{s}", evidence=s, extractor=f"x@{i}", confidence=c, locator=s[::-1])
             for i, (s, c) in enumerate(zip(odd, [0.1, 1 / 3, 1e-7, 0.0, 1.0, 0.5, 0.999]))]
    provs.append(Provenance(source="doc:min", extractor="x@1"))
    store.upsert_nodes("Skill", [{"id": f"s{i}", "_prov": [p]} for i, p in enumerate(provs)]
                       + [{"id": "s-dict", "_prov": [provs[0].model_dump()]}])
    rows = store.read("MATCH (s:Skill) RETURN s.id AS k, s", limit=None)
    assert all(r["s"].get("provenance") is None for r in rows)  # one statement each: rebuilt from the summary
    got = {r["k"]: statements_of(r["s"]) for r in rows}
    assert got == {**{f"s{i}": [p.to_json()] for i, p in enumerate(provs)}, "s-dict": [provs[0].to_json()]}
    r = store.read("MATCH (s:Skill {id: 's1'}) RETURN s.evidence AS e, s.confidence AS c, s.source AS src")[0]
    assert r == {"e": odd[1], "c": 1 / 3, "src": provs[1].source}
