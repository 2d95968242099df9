"""The explorer's API: search, entity details, relationships with evidence, neighbourhoods, pickers."""
from __future__ import annotations

from queries import explorer_api as E


def test_search_exact_prefix_contains_and_fuzzy(fx):
    hits = E.search(fx, "深圳职业技术大学")
    assert hits.iloc[0][["label", "key", "match"]].tolist() == ["College", "4144011113", "exact"]
    assert E.search(fx, "深圳职业").iloc[0]["match"] == "prefix"
    alias = E.search(fx, "深圳职业技术学院", labels=["College"])  # former name (alias), exact key match
    assert alias.iloc[0]["key"] == "4144011113"
    typo = E.search(fx, "中心通讯", labels=["Firm"])
    assert typo.iloc[0]["name"] == "中兴通讯股份有限公司" and typo.iloc[0]["match"] == "fuzzy"
    soft = E.search(fx, "软件", labels=["Industry"])
    assert set(soft["label"]) == {"Industry"} and "651" in set(soft["key"])
    assert E.search(fx, "  ").empty
    assert list(hits.columns) == ["label", "key", "name", "name_en", "match", "score", "ref"]


def test_search_finds_english_names(fx):
    hits = E.search(fx, "apprenticeship")
    assert ("Measure", "现代学徒制") in set(zip(hits["label"], hits["key"]))


def test_entity_and_relationships_carry_evidence_and_provenance(fx):
    m = E.entity(fx, "Major", "510301")
    assert m["name"] == "现代通信技术" and m["provenance"][0]["source"] == "fixture:tests/queries"
    assert E.entity(fx, "Major", "999999") is None
    rels = E.relationships(fx, "Major", "510301")
    serves = rels[rels["type"] == "SERVES"].set_index("other_key")
    assert serves.loc["3921", "extractor"] == "curriculum-infer@1" and serves.loc["3921", "confidence"] == 0.6
    assert serves.loc["631", "evidence"] == "510301→631"
    assert serves.loc["631", "statements"][0]["locator"] == "fixture"
    assert set(rels["direction"]) == {"in", "out"}


def test_neighbourhood_is_capped_and_says_so(fx):
    one = E.neighbourhood(fx, "College", "4144011113", hops=1, limit=3)
    assert len(one["nodes"]) == 4 and one["truncated"] is True
    two = E.neighbourhood(fx, "College", "4144011113", hops=2, limit=50, per_node=3)
    ids = {n["id"] for n in two["nodes"]}
    assert {n["hop"] for n in two["nodes"]} == {0, 1, 2}
    assert all(e["source"] in ids and e["target"] in ids for e in two["edges"])
    assert any(e["type"] == "PARTNERS_WITH" and e["source"] == "Firm:000063.SZ" for e in two["edges"])
    assert E.neighbourhood(fx, "College", "nope") == {"nodes": [], "edges": [], "truncated": False}


def test_pickers_and_overview(fx):
    assert E.provinces(fx) == ["广东省", "江苏省"]
    cs = E.colleges(fx, "江苏省")
    assert set(cs["name"]) == {"南京信息职业技术学院", "常州信息职业技术学院"}
    assert len(E.college_groups(fx, "深圳职业技术大学")) == 2
    mp = E.matching_by_province(fx)
    assert set(mp["province"]) == {"广东省", "江苏省"} and mp["matching_index"].between(0, 1).all()
    assert list(E.industries(fx)["code"]) == ["C", "I"]
