"""Analyses on the TEST FIXTURE graph: gaps, coverage, skills gap, suggest-groups, partner review,
pathways, network analytics, entity resolution."""
from __future__ import annotations

import math

import pytest

from queries import analyses as A
from queries import network as N
from queries import resolve
from queries.industry import IndustryTree, tree


def test_gaps_lists_partners_per_served_industry_and_candidates_for_gaps(fx):
    df = A.gaps(fx, "深圳职业技术大学", "通信技术专业群").rows
    rows = df.set_index("industry_code")
    assert set(rows.index) == {"39", "3921", "63", "631", "6312"}
    assert rows.loc["3921", "partners"] == ["中兴通讯股份有限公司"] and not rows.loc["3921", "gap"]
    gap = rows.loc["631"]
    assert gap["gap"] and gap["partner_count"] == 0
    assert gap["candidate_scope"] == "city"
    assert gap["candidates"] == [A.GapCandidate("深圳市示例网络科技有限公司", "fixture-sz-net", 1)]
    assert [str(c) for c in gap["candidates"]] == ["深圳市示例网络科技有限公司 (1 postings)"]
    assert gap["candidate_job_posts"] == ["深圳市示例网络科技有限公司: 网络优化工程师"]
    assert rows.loc["631", "majors"] == ["现代通信技术"]


def test_gaps_fall_back_to_the_province_and_cover_every_group(fx):
    all_groups = A.gaps(fx, "4144011113").rows
    assert set(all_groups["group_id"]) == {"4144011113/通信技术", "4144011113/软件技术"}
    nj = A.gaps(fx, "南京信息职业技术学院").rows.set_index("industry_code")
    assert nj.loc["631", "candidate_scope"] == "city"
    assert nj.loc["631", "candidates"] == [A.GapCandidate("南京中网卫星通信股份有限公司", "南京中网卫星通信股份有限公司", 0)]


def test_matching_index_is_the_overlap_of_shares():
    assert A.matching_index({"a": 2, "b": 2}, {"a": 1, "b": 1}) == 1.0
    assert A.matching_index({"a": 1}, {"b": 5}) == 0.0
    assert A.matching_index({"a": 3, "b": 1}, {"a": 1, "b": 1}) == pytest.approx(0.75)
    assert A.matching_index({}, {"a": 1}) is None


def test_coverage_index_matches_its_industry_table(fx):
    res = A.coverage(fx, "广东省")
    idx = res.index.set_index("region")
    assert set(idx.index) == {"广东省", "广东省/深圳市", "广东省/广州市"}
    for region, g in res.industries.groupby("region"):
        mi = idx.loc[region, "matching_index"]
        overlap = sum(min(d, s) for d, s in zip(g["demand_share"], g["supply_share"]))
        if g["supply_share"].sum() == 0:
            assert math.isnan(mi)
        else:
            assert 0.0 <= mi <= 1.0 and mi == pytest.approx(overlap, abs=1e-5)
    unc = res.uncovered
    assert ("广东省/深圳市", "36") in set(zip(unc["region"], unc["industry_code"]))  # 汽车: no major serves it


def test_coverage_compares_provinces(fx):
    res = A.coverage(fx, None, industry_level="门类")
    assert list(res.index["region"]) == ["广东省", "江苏省"]
    assert res.index["matching_index"].between(0, 1).all()


def test_skills_gap_reports_uncovered_skills_of_relevant_posts(fx):
    df = A.skills_gap(fx, "深圳职业技术大学", "软件技术专业群").rows
    rows = df.set_index("post")
    assert rows.loc["软件开发工程师", "uncovered_skills"] == ["Kubernetes"]
    assert rows.loc["软件开发工程师", "covered_skills"] == ["Java", "SQL"]  # taught by its courses
    assert rows.loc["软件开发工程师", "relevance"] == "targeted"
    # Python counts as covered through the course name Python程序设计
    assert "Python" in rows.loc["网络优化工程师", "covered_skills"]
    assert all(r.uncovered_skills for r in df.itertuples())
    assert "嵌入式工程师" not in rows.index  # not relevant to the group (province: 广东; no such demand)


def test_skills_gap_all_posts_adds_unrelated_demand(fx):
    rel = A.skills_gap(fx, "常州信息职业技术学院").rows
    everything = A.skills_gap(fx, "常州信息职业技术学院", all_posts=True).rows
    assert set(rel["post"]) < set(everything["post"])
    assert "other" in set(everything["relevance"]) and "other" not in set(rel["relevance"])


def test_suggest_groups_pairs_complementary_groups_of_different_colleges(fx):
    df = A.suggest_groups(fx, "65").rows
    assert len(df) > 0
    for r in df.itertuples():
        assert r.college_a != r.college_b
        assert 0 <= r.score <= 1
    assert list(df["score"]) == sorted(df["score"], reverse=True)
    anchored = A.suggest_groups(fx, "I", college="深圳职业技术大学").rows
    assert (anchored["college_a"] == "深圳职业技术大学").all()
    assert len(set(zip(anchored["group_a"], anchored["group_b"]))) == len(anchored)


def test_review_partners_flags(fx):
    df = A.review_partners(fx, "深圳职业技术大学", year=2025).rows.set_index("firm")
    byd = df.loc["比亚迪股份有限公司"]
    assert "exit candidate: industry no longer matches" in byd["flags"] and "no activity" in byd["flags"]
    assert byd["recommendation"] == "exit candidate"
    zte = df.loc["中兴通讯股份有限公司"]
    assert "keep: carries 2 groups" in zte["flags"] and zte["recommendation"] == "keep"
    assert zte["internship_posts"] == 50 and zte["scores"] == {"2022": 88.0, "2023": 88.0}
    sangfor = df.loc["深信服科技股份有限公司"]
    assert sangfor["score_trend"] == -2.0 and "declining scores" in sangfor["flags"]


def test_parse_scores_accepts_common_spellings():
    assert A.parse_scores("2022:88;2023:91") == {"2022": 88.0, "2023": 91.0}
    assert A.parse_scores("2023＝90，2022：85") == {"2022": 85.0, "2023": 90.0}
    assert A.parse_scores("2023:90; bad; 2024:x") == {"2023": 90.0}
    assert A.parse_scores(None) == {}


def test_pathways_walks_the_follow_on_chain(fx):
    df = A.pathways(fx, "现代通信技术", region="广东省").rows
    assert list(zip(df["level"], df["code"], df["relation"])) == [
        ("中职", "710301", "before"), ("高职专科", "510301", "self"), ("高职本科", "310301", "after")]
    assert df.set_index("code").loc["310301", "colleges"] == ["深圳职业技术大学"]
    assert df.set_index("code").loc["710301", "leads_to"] == ["510301"]


def test_network_analytics(fx):
    c = N.central_firms(fx, "广东省", top=3).rows
    assert list(c["kind"]) == ["Firm"] * 3 + ["Industry"] * 3
    assert c.iloc[0]["name"] == "中兴通讯股份有限公司"  # most connected firm of the fixture
    from queries import cache

    cache.clear(fx)
    res = N.major_communities(fx)
    first = res.rows
    # hand-checked on the fixture: only the two communication majors share posts/skills enough
    assert sorted(zip(first["community"], first["code"])) == [(1, "510301"), (1, "510302")]
    assert res.meta["majors_without_community"] == 4
    cache.clear(fx)  # recomputed, not the memo: the fixed seed makes Louvain deterministic
    assert N.major_communities(fx).rows.equals(first)
    b = N.bridging_colleges(fx).rows
    assert b.iloc[0]["college"] == "深圳职业技术大学" and b["betweenness"].between(0, 1).all()


def test_pagerank_is_the_networkx_computation():
    """centrality's PageRank runs on a scipy matrix built from the projection's edges: it must give
    networkx's values (same formula, dangling nodes, convergence) on an irregular weighted graph."""
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(7)
    n = 60
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, 45, size=(150, 2)) if a < b})
    w = rng.integers(1, 9, size=len(pairs)).astype(float)
    g = nx.Graph()
    g.add_nodes_from(range(n))  # nodes 45..59 isolated (dangling)
    g.add_weighted_edges_from((a, b, float(x)) for (a, b), x in zip(pairs, w))
    want = nx.pagerank(g, weight="weight", max_iter=200, tol=1e-10)
    src, dst = np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])
    got = N.pagerank(n, src, dst, w)
    assert got == pytest.approx(np.array([want[i] for i in range(n)]), abs=1e-12)
    assert got.sum() == pytest.approx(1.0)


def test_skills_gap_all_groups_agree_with_one_group_at_a_time(fx):
    """Requirements are read once per scope for every post: each group's rows are the same whether
    the groups are asked together or one by one."""
    from queries import cache

    cache.clear(fx)
    every = A.skills_gap(fx, "深圳职业技术大学", limit=1000).rows
    assert every["group_id"].nunique() >= 2
    for gid, part in every.groupby("group_id", sort=True):
        cache.clear(fx)
        one = A.skills_gap(fx, "深圳职业技术大学", gid, limit=1000).rows
        assert one.reset_index(drop=True).equals(part.reset_index(drop=True)), gid


def test_industry_tree_match_levels(fx):
    t = tree(fx)
    assert t.match("6513", "65") == 1.0  # inside
    assert t.match("65", "6513") == 0.7  # firm classified coarsely
    assert t.match("6513", "6312") == 0.2  # same 门类 only
    assert t.match("361", "3921") == 0.2
    assert t.match("3921", "39") == 1.0
    bare = IndustryTree(names={"651": "软件开发", "652": "x"})
    assert bare.match("651", "652") == 0.4  # same 大类 by code when PART_OF is missing
    assert t.graph_chain("6513", "I") == ["6513", "651", "65", "I"]


def test_resolution_is_exact_then_contains_and_never_guesses(fx):
    assert resolve.college(fx, "深圳职业技术学院").moe_code == "4144011113"  # alias
    assert resolve.college(fx, "常州信息").moe_code == "4132012317"  # unique part of the name
    with pytest.raises(resolve.Ambiguous, match="use --college"):
        resolve.group(fx, "通信技术专业群")
    assert resolve.group(fx, "通信技术", "南京信息职业技术学院").id == "4132013112/通信技术"
    with pytest.raises(resolve.NotFound, match="closest"):
        resolve.college(fx, "深圳职业大学技术")
    assert resolve.region(fx, "深圳").id == "广东省/深圳市"
    assert resolve.region(fx, "广东").id == "广东省"
    assert resolve.region(fx, "全国") is None
    assert resolve.major(fx, "电子信息工程技术").code == "510101"  # 高职专科 preferred
    assert resolve.major(fx, "电子信息工程技术", "高职本科").code == "310101"


def test_gaps_can_ignore_weak_inferred_industry_links(fx):
    every = A.gaps(fx, "深圳职业技术大学", "通信技术专业群").rows.set_index("industry_code")
    assert every.loc["3921", "confidence"] == 0.6  # inferred link (curriculum-infer@1)
    strong = A.gaps(fx, "深圳职业技术大学", "通信技术专业群", min_confidence=0.9).rows
    assert "3921" not in set(strong["industry_code"]) and "631" in set(strong["industry_code"])


def test_skills_gap_without_demand_says_why_and_what_would_fill_it(fx):
    """An empty skills gap explains itself: no postings in the region for the group's posts/occupations, how
    many there are elsewhere, and which data would fill it (issue #19)."""
    df = A.skills_gap(fx, "南京信息职业技术学院", region="广东省/广州市")
    assert df.empty
    (note,) = df.notes
    assert note.startswith("通信技术专业群: no job postings in 广东省/广州市")
    assert "4 such postings elsewhere (广东省/深圳市 3, 江苏省/南京市 1)" in note and "--kind jobs" in note
    home = A.skills_gap(fx, "南京信息职业技术学院")  # postings exist at home, but state no uncovered skill
    assert home.empty and "1 postings in 江苏省" in home.notes[0]
