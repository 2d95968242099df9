"""Named queries rewritten for speed give the same answers as the plain formulation they replaced.

The plain formulations (kept here as the reference) iterate every Skill with EXISTS subqueries — too
slow at province scale (BENCHMARKS.md). The rewrites expand from the one post / major instead. Both
are run on the test fixture graph, on both stores, for every post and major in it.
"""
from __future__ import annotations

import pytest

from fixture_graph import build
from queries import library

REFERENCE = {
    "post_skills": """
        MATCH (p:Post)
        WHERE p.id = $post OR p.name = $post
        MATCH (s:Skill)
        WHERE EXISTS { MATCH (p)-[:REQUIRES]->(s) } OR EXISTS { MATCH (p)<-[:FOR_POST]-(:JobPosting)-[:REQUIRES]->(s) }
        OPTIONAL MATCH (p)<-[:FOR_POST]-(j:JobPosting)-[:REQUIRES]->(s)
        WITH p, s, count(DISTINCT j) AS postings
        RETURN p.name AS post, s.name AS skill, EXISTS { MATCH (p)-[:REQUIRES]->(s) } AS stated, postings
        ORDER BY post, postings DESC, skill
        LIMIT $limit""",
    "major_skills": """
        MATCH (m:Major)
        WHERE m.code = $major OR m.name = $major
        MATCH (s:Skill)
        WHERE EXISTS { MATCH (m)-[:DEVELOPS]->(s) } OR EXISTS { MATCH (m)-[:HAS_COURSE]->(:Course)-[:TEACHES]->(s) }
        OPTIONAL MATCH (m)-[:HAS_COURSE]->(c:Course)-[:TEACHES]->(s)
        WITH m, s, collect(c.name) AS courses
        RETURN m.code AS code, s.name AS skill, EXISTS { MATCH (m)-[:DEVELOPS]->(s) } AS developed, courses
        ORDER BY code, skill""",
}


def _reference(store, name: str, params: dict) -> list[dict]:
    q = library.get(name)
    bound = library.coerce_params(name, params)
    return library.records(library.to_frame(store.read(REFERENCE[name], bound), q.columns))


@pytest.mark.parametrize("name,label,param", [("post_skills", "Post", "post"), ("major_skills", "Major", "major")])
def test_rewrite_matches_the_reference_for_every_entity(store, name, label, param):
    build(store)
    # a skill stated for every post and major but required by no posting and taught by no course:
    # only the "stated" branch finds it
    from kg.records import Provenance
    prov = [Provenance(source="test:rewrites", evidence="-", extractor="test@1", confidence=1.0)]
    store.upsert_nodes("Skill", [{"id": "skill:孤立技能", "name": "孤立技能", "_prov": prov}])
    keys = [r["k"] for r in store.read(f"MATCH (n:{label}) RETURN n.{'id' if label == 'Post' else 'code'} AS k")]
    rel = "REQUIRES" if label == "Post" else "DEVELOPS"
    store.upsert_relationships(rel, [{"from": k, "to": "skill:孤立技能", "_prov": prov} for k in keys], label, "Skill")
    key = "name" if label == "Post" else "code"
    values = [r["v"] for r in store.read(f"MATCH (n:{label}) RETURN n.{key} AS v ORDER BY v")]
    assert len(values) >= 3
    flag = "stated" if name == "post_skills" else "developed"
    seen_flags, total, lonely = set(), 0, 0
    for v in values + ["no such entity"]:
        got = library.records(library.run(store, name, {param: v}))
        assert got == _reference(store, name, {param: v}), v
        seen_flags |= {r[flag] for r in got}
        total += len(got)
        lonely += sum(r["skill"] == "孤立技能" for r in got)
    # the fixture exercises both branches: skills stated for the entity and skills found only through
    # its postings / courses
    assert total > 0 and seen_flags == {True, False} and lonely >= len(values)


def test_entity_path_neo4j_anchors_cover_every_label_and_name_property():
    """entity_path.neo4j finds its endpoints label by label (index seeks) instead of scanning every node:
    the per-label branches must cover every label of kg/schema.py with every property the LadybugDB
    variant compares (name, title, id, code, moe_code) that the label has."""
    import re

    from kg import schema

    text = library.get("entity_path").text("neo4j")
    for var, param in (("a", "source"), ("b", "target")):
        found = {}
        for label, cond in re.findall(rf"MATCH \({var}:(\w+)\) WHERE (.*?) RETURN {var}\b", text):
            found[label] = set(re.findall(rf"{var}\.(\w+) = \${param}", cond))
        expected = {n.label: {p for p in ("name", "title", "id", "code", "moe_code") if p in n.all_props}
                    for n in schema.NODES}
        assert found == expected, var


def test_document_facts_neo4j_branches_are_every_relationship_type_in_name_order():
    import re

    from kg import schema

    text = library.get("document_facts").text("neo4j")
    branches = re.findall(r"MATCH \(a\)-\[r:(\w+)\]->\(b\)\s+WHERE r\.source = \$document OR \$document IN r\.sources\s+RETURN '(\w+)' AS type", text)
    assert [t for t, _ in branches] == [t for _, t in branches]
    assert [t for t, _ in branches] == sorted({r.type for r in schema.RELS})


DOCUMENT_FACTS_PLAIN = {
    "ladybug": "label(r) AS type, label(a) AS from_label",
    "neo4j": "type(r) AS type, labels(a)[0] AS from_label",
}


@pytest.mark.parametrize("limit", [1, 3, 7, 20, 500])
def test_document_facts_matches_the_plain_ordered_scan(store, limit):
    """The per-type UNION ALL of the Neo4j variant returns what the single ordered scan returns, also when
    the limit cuts inside a type; rows are compared in order (the variant has no outer ORDER BY)."""
    build(store)
    d = store.dialect
    lab = "label(b)" if d == "ladybug" else "labels(b)[0]"
    plain = (f"MATCH (a)-[r]->(b) WHERE r.source = $document OR $document IN r.sources "
             f"RETURN {DOCUMENT_FACTS_PLAIN[d]}, coalesce(a.name, a.title, a.name_zh, a.id, a.code, a.moe_code) AS from_name, "
             f"{lab} AS to_label, coalesce(b.name, b.title, b.name_zh, b.id, b.code, b.moe_code) AS to_name, "
             f"r.evidence AS evidence, r.confidence AS confidence, r.extractor AS extractor "
             f"ORDER BY type, from_label, from_name, to_label, to_name LIMIT $limit")
    q = library.get("document_facts")
    params = {"document": "fixture:tests/queries", "limit": limit}
    key = ("type", "from_label", "from_name", "to_label", "to_name")
    got = library.records(library.run(store, "document_facts", params))
    want = library.records(library.to_frame(store.read(plain, params), q.columns))
    assert [tuple(r[k] for k in key) for r in got] == [tuple(r[k] for k in key) for r in want]
    assert len(got) == min(limit, len(store.read("MATCH ()-[r]->() WHERE r.source = $d OR $d IN r.sources RETURN r",
                                                 {"d": "fixture:tests/queries"}, limit=None)))


def test_entity_path_with_thousands_of_shortest_paths(store):
    """3,000 shortest paths 甲学院 – firm – 乙市: every row names its own path's nodes in path order. The former
    LadybugDB text (list_transform over nodes(p)) returned nodes of other paths, out of order, at this size."""
    from kg.records import Provenance

    prov = [Provenance(source="test:paths", evidence="-", extractor="test@1", confidence=1.0)]
    n = 3000
    store.upsert_nodes("College", [{"moe_code": "4100000001", "name": "甲学院", "_prov": prov}])
    store.upsert_nodes("Region", [{"id": "乙省/乙市", "name": "乙市", "_prov": prov}])
    store.upsert_nodes("Firm", [{"id": f"firm:{i:04d}", "name": f"企业{i:04d}", "_prov": prov} for i in range(n)])
    store.upsert_relationships("PARTNERS_WITH", [{"from": f"firm:{i:04d}", "to": "4100000001", "_prov": prov}
                                                 for i in range(n)], "Firm", "College")
    store.upsert_relationships("LOCATED_IN", [{"from": f"firm:{i:04d}", "to": "乙省/乙市", "_prov": prov}
                                              for i in range(n)], "Firm", "Region")
    want = [{"length": 2, "nodes": ["甲学院", f"企业{i:04d}", "乙市"], "labels": ["College", "Firm", "Region"],
             "rels": ["PARTNERS_WITH", "LOCATED_IN"]} for i in range(n)]
    for limit in (10, n):
        got = library.records(library.run(store, "entity_path", {"source": "甲学院", "target": "乙市",
                                                                 "limit": limit}))
        assert got == want[:limit]
    # the other direction, keys instead of names
    back = library.records(library.run(store, "entity_path", {"source": "乙省/乙市", "target": "4100000001", "limit": 3}))
    assert back == [{"length": 2, "nodes": ["乙市", f"企业{i:04d}", "甲学院"], "labels": ["Region", "Firm", "College"],
                     "rels": ["LOCATED_IN", "PARTNERS_WITH"]} for i in range(3)]
