"""Partner suggestions: every explanation path exists in the store, score parts sum to the score."""
from __future__ import annotations

import pytest

from queries import paths
from queries.suggest import PARTS, STANDING_MIX, WEIGHTS, suggest

GROUPS = [("4144011113/通信技术", None), ("4144011113/软件技术", None), ("4132013112/通信技术", None),
          ("4132012317/软件技术", None), ("4144012957/软件技术", None)]


@pytest.fixture(scope="module")
def all_suggestions(fx):
    out = []
    for g, c in GROUPS:
        for kw in ({}, {"include_partners": True, "region": "全国"}):
            out.append(((g, kw), suggest(fx, g, c, top=50, **kw)))
    return out


def test_weights_are_in_one_place_and_sum_to_one():
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    assert tuple(WEIGHTS) == PARTS == ("industry", "demand", "proximity", "ties", "research", "tags")


def test_every_explanation_path_exists_in_the_store(fx, all_suggestions):
    checked = 0
    for (g, kw), res in all_suggestions:
        for r in res.rows.itertuples():
            assert 1 <= len(r.paths) <= 3, (g, r.firm)
            for p in r.paths:
                assert p["nodes"][0] == {"label": "ProfessionalGroup", "key": g, "name": p["nodes"][0]["name"]}
                assert p["nodes"][-1]["label"] == "Firm" and p["nodes"][-1]["key"] == r.firm_id
                assert paths.exists(fx, p), p["text"]
                checked += 1
    assert checked >= 20  # the fixture yields enough suggestions for this to mean something


def test_score_parts_sum_to_the_score(all_suggestions):
    n = 0
    for _, res in all_suggestions:
        df = res.rows
        for r in df.to_dict(orient="records"):
            assert sum(r[p] for p in PARTS) == pytest.approx(r["score"], abs=1e-9)
            assert 0.0 <= r["score"] <= 1.0
            for p in PARTS:
                assert 0.0 <= r[p] <= WEIGHTS[p] + 1e-12
            n += 1
        # firms of the college's city first (local_first), then the rest of the searched region, then — when the
        # region holds fewer than WIDEN_BELOW candidates — the firms elsewhere; each tier by score
        tiers = [(r["region"] != res.college_region, "outside the searched region" in r["reasons"])
                 for r in df.to_dict(orient="records")]
        assert tiers == sorted(tiers)
        for tier in set(tiers):
            sc = [r["score"] for r, t in zip(df.to_dict(orient="records"), tiers) if t == tier]
            assert sc == sorted(sc, reverse=True)
        assert list(df["rank"]) == list(range(1, len(df) + 1))
    assert n > 0


def test_by_score_alone_when_local_first_is_off(fx):
    """local_first=False is the order ``kg eval suggest`` measures: the score alone, best first — the searched
    region's firms, then (the region holding fewer than WIDEN_BELOW) the firms elsewhere, each by score."""
    df = suggest(fx, "通信技术专业群", "深圳职业技术大学", top=50, local_first=False).rows
    assert len(df) > 3
    outside = ["outside the searched region" in r for r in df["reasons"]]
    assert outside == sorted(outside)
    for tier in (False, True):
        sc = [s for s, o in zip(df["score"], outside) if o == tier]
        assert sc == sorted(sc, reverse=True)
    shown = suggest(fx, "通信技术专业群", "深圳职业技术大学", top=50).rows
    assert set(shown["firm_id"]) == set(df["firm_id"])  # the same firms, only the order differs


def test_current_partners_are_left_out_unless_asked(fx):
    default = suggest(fx, "通信技术专业群", "深圳职业技术大学", top=50).rows
    assert "000063.SZ" not in set(default["firm_id"])  # 中兴 already partners with the group
    both = suggest(fx, "通信技术专业群", "深圳职业技术大学", top=50, include_partners=True).rows
    zte = both.set_index("firm_id").loc["000063.SZ"]
    assert bool(zte["existing_partner"]) is True


def test_parts_reflect_the_graph(fx):
    df = suggest(fx, "通信技术专业群", "深圳职业技术大学", top=50).rows.set_index("firm_id")
    top = df.loc["fixture-sz-net"]  # 6312 inside the group's 63, same city, joint project, 专精特新
    assert top["industry"] == pytest.approx(WEIGHTS["industry"])
    assert top["proximity"] == pytest.approx(WEIGHTS["proximity"])
    assert top["research"] == pytest.approx(WEIGHTS["research"])
    # standing: the 专精特新 tag gives the tag share in full (size and years listed add the rest when known)
    assert top["tags"] >= WEIGHTS["tags"] * STANDING_MIX["tag"] - 1e-4  # (contributions have 4 places)
    assert top["demand"] > 0
    kinds = [p["kind"] for p in top["paths"]]
    explainable = [k for k in ("industry", "demand", "proximity", "ties", "research") if top[k] > 0]
    assert kinds == sorted(explainable, key=lambda k: (-top[k], PARTS.index(k)))[:3]  # the biggest parts
    soft = suggest(fx, "软件技术", "常州信息职业技术学院", top=50, region="全国").rows.set_index("firm_id")
    # 深圳 firm: no proximity; partner of another group of 深职大 is not a tie for 常州信息
    assert soft.loc["300454.SZ", "proximity"] == 0 and soft.loc["300454.SZ", "ties"] == 0


def test_ties_to_the_colleges_other_groups_count(fx):
    df = suggest(fx, "4144011113/通信技术", top=50, include_partners=True, region="全国").rows.set_index("firm_id")
    # 深信服 partners with the college's 软件技术 group → full tie weight, with a path through that group
    s = df.loc["300454.SZ"]
    assert s["ties"] == pytest.approx(WEIGHTS["ties"])
    tie_paths = [p for p in s["paths"] if p["kind"] == "ties"] or [None]
    if tie_paths[0] is not None:
        assert "软件技术专业群" in tie_paths[0]["text"]


def test_a_path_that_is_not_in_the_graph_is_detected(fx):
    p = (paths.Path.start("ProfessionalGroup", "4144011113/通信技术")
         .out("INCLUDES", "Major", "510203").out("TARGETS_POST", "Post", "软件开发工程师"))
    assert not paths.exists(fx, p)  # 软件技术 is not in the 通信技术 group
    with pytest.raises(ValueError):
        paths.Path.start("Firm", "x").out("INCLUDES", "Major", "510203")  # not a schema pair


def test_demand_through_the_occupations_the_majors_prepare_for(fx):
    df = suggest(fx, "4132012317/软件技术", top=50).rows.set_index("firm_id")
    panda = df.loc["600775.SH"]  # posts 软件测试员 (occupation 4-04-05-01), not an industry fit
    assert panda["industry"] == 0 and panda["demand"] > 0
    demand = [p for p in panda["paths"] if p["kind"] == "demand"][0]
    assert [n["label"] for n in demand["nodes"]] == ["ProfessionalGroup", "Major", "Occupation", "Post", "JobPosting",
                                                     "Firm"]
    assert paths.exists(fx, demand)


def test_repeated_calls_agree_with_a_fresh_computation(fx):
    """suggest keeps per-graph precomputed candidates (queries.cache): calls with other arguments in
    between must not change what a later call returns."""
    from queries import cache

    args = ("通信技术专业群", "深圳职业技术大学")
    cache.clear(fx)
    fresh_small = suggest(fx, *args, top=3).rows
    fresh_big = suggest(fx, *args, top=50, region="全国").rows
    for _ in range(2):
        again_big = suggest(fx, *args, top=50, region="全国").rows
        again_small = suggest(fx, *args, top=3).rows
        assert again_small.drop(columns=["paths"]).equals(fresh_small.drop(columns=["paths"]))
        assert list(again_small["paths"]) == list(fresh_small["paths"])
        assert again_big.drop(columns=["paths"]).equals(fresh_big.drop(columns=["paths"]))
    assert len(fresh_big) > len(fresh_small) > 0


def test_demand_is_the_hiring_propensity_of_the_firms_postings(fx):
    """The demand part is σ(b0 + Σ b·log(1 + count)) over three counts of the firm's postings — of the group's
    job families (小类 of its majors' occupations and targeted posts) in scope and anywhere, and all its postings
    in scope — counted here again straight from the graph; more postings never lower it."""
    from queries import resolve
    from queries import suggest as sg

    g = resolve.group(fx, "4132012317/软件技术")
    prep = sg.prepare(fx, g, sg.resolve_scope(fx, g, None))
    fams = {sg.family_code(r["code"]) for r in fx.read(
        "MATCH (:ProfessionalGroup {id: $g})-[:INCLUDES]->(:Major)-[:PREPARES_FOR]->(o:Occupation) RETURN o.code AS code "
        "UNION ALL MATCH (:ProfessionalGroup {id: $g})-[:INCLUDES]->(:Major)-[:TARGETS_POST]->(:Post)"
        "-[:IN_OCCUPATION]->(o:Occupation) RETURN o.code AS code", {"g": g.id})}
    hiring = [cd for cd in prep.cands.values() if cd.evidence["propensity"]["family_anywhere"]]
    assert fams and hiring
    for cd in hiring:
        rows = fx.read("MATCH (:Firm {id: $f})-[:POSTED]->(j:JobPosting)-[:FOR_POST]->(:Post)-[:IN_OCCUPATION]->"
                       "(o:Occupation) RETURN j.id AS j, o.code AS code", {"f": cd.id}, limit=None)
        feats = cd.evidence["propensity"]
        assert feats["family_anywhere"] == len({r["j"] for r in rows if sg.family_code(r["code"]) in fams})
        assert feats["family_here"] <= feats["family_anywhere"] and feats["family_here"] <= feats["volume_here"]
        assert cd.values["demand"] == sg.propensity(feats) > sg.propensity({})
        for k in sg.PROPENSITY_FEATURES:
            assert sg.propensity({**feats, k: feats[k] + 5}) >= cd.values["demand"]
    top = max(hiring, key=lambda cd: cd.values["demand"])
    df = suggest(fx, "4132012317/软件技术", top=200).rows
    row = df[df["firm_id"] == top.id].iloc[0]
    assert row["demand"] == pytest.approx(round(WEIGHTS["demand"] * top.values["demand"], 4), abs=1e-4)
    assert "hiring propensity" in row["reasons"]


def test_group_postings_count_each_posting_once_with_its_largest_channel_weight():
    """x, the firm's group-specific postings (who is a candidate; equal scores ordered by it)."""
    from queries import suggest as sg

    def postings(n, chs=("post",)):
        return {f"j{i}": (1.0, chs) for i in range(n)}

    assert sg.group_postings(postings(3)) == 3.0 and sg.group_postings({}) == 0
    # a posting reached by several channels counts once, with the largest of their weights
    assert sg.group_postings(postings(3, ("post", "skill")), {"post": 1.0, "skill": 0.5}) == 3.0
    assert sg.group_postings(postings(3, ("skill",)), {"post": 1.0, "skill": 0.5}) == 1.5
    assert sg.group_postings(postings(3, ("any",))) == 0  # hiring volume alone is not group-specific


def test_a_family_reached_through_a_targeted_post_gives_a_graph_path():
    """A posting in the 小类 of a post the majors target (not of an occupation they prepare for) is family demand,
    explained Group -INCLUDES-> Major -TARGETS_POST-> Post -IN_OCCUPATION-> Occupation -PART_OF-> 小类 <-PART_OF-
    Occupation <-IN_OCCUPATION- Post <-FOR_POST- JobPosting <-POSTED- Firm."""
    from queries import resolve
    from queries import suggest as sg
    from queries.context import GroupProfile

    g = resolve.Group("g1", "测试专业群", resolve.College("c1", "测试学院", "p", None, None))  # TEST FIXTURE
    prof = GroupProfile(g)
    prof.majors, prof.roles = {"m1": "专业一"}, {"m1": "lead"}
    prof.posts, prof.post_names = {"post:a": {"m1"}}, {"post:a": "岗位甲"}
    cd = sg.Candidate("f1", name="企业一")
    cd.links = {"family": ("job:1", "2-02-10-05", "post:b", "职位一")}
    p = sg._demand_path(g, prof, cd, post_occupations={"post:a": "2-02-10-03"})
    assert [n["label"] for n in p.to_dict()["nodes"]] == [
        "ProfessionalGroup", "Major", "Post", "Occupation", "Occupation", "Occupation", "Post", "JobPosting", "Firm"]
    assert [r["type"] for r in p.to_dict()["rels"]] == [
        "INCLUDES", "TARGETS_POST", "IN_OCCUPATION", "PART_OF", "PART_OF", "IN_OCCUPATION", "FOR_POST", "POSTED"]
    same = sg.Candidate("f2", name="企业二", links={"family": ("job:2", "2-02-10-03", "post:c", "职位二")})
    assert [n["label"] for n in sg._demand_path(g, prof, same, post_occupations={"post:a": "2-02-10-03"})
            .to_dict()["nodes"]] == ["ProfessionalGroup", "Major", "Post", "Occupation", "Post", "JobPosting", "Firm"]


def test_a_thin_province_is_widened_nearer_first(fx):
    """江苏 holds fewer than WIDEN_BELOW candidates for 常州信息's 软件技术 group: the firms elsewhere that fit its
    industries or post its kind of jobs follow the province's own, which keep their order and scores."""
    from queries import resolve
    from queries import suggest as sg

    g = resolve.group(fx, "4132012317/软件技术")
    narrow = sg.rank(sg.prepare(fx, g, "江苏省", widen=False))
    wide = sg.rank(sg.prepare(fx, g, "江苏省"))
    n = len(narrow)
    assert 0 < n < sg.WIDEN_BELOW and len(wide) > n
    assert [(cd.id, c, s) for cd, c, s in wide[:n]] == [(cd.id, c, s) for cd, c, s in narrow]
    outside = wide[n:]
    assert all(cd.evidence.get("outside") for cd, _, _ in outside)
    assert not any(cd.evidence.get("outside") for cd, _, _ in wide[:n])
    assert [s for _, _, s in outside] == sorted((s for _, _, s in outside), reverse=True)
    for cd, contrib, s in outside:
        # elsewhere: no place in 江苏, so no proximity; its postings are outside 江苏 (the propensity's "here" is 江苏)
        assert not any(p_ == "江苏省" for p_, _ in cd.located.values())
        assert cd.values["proximity"] == 0 and cd.evidence["propensity"]["volume_here"] == 0
        assert cd.values["industry"] >= sg.MIN_INDUSTRY_MATCH * 0.5 or cd.evidence["demand"] > 0 or cd.values["ties"]
        assert sum(contrib.values()) == pytest.approx(s, abs=1e-9)
    res = suggest(fx, "4132012317/软件技术", top=50, local_first=False)
    assert any("listed after them" in note for note in res.notes)
    assert list(res.rows["firm_id"]) == [cd.id for cd, _, _ in wide]
    # why-not still works for a firm of the widened list: its rank is its place in it
    w = sg.why_not(fx, "4132012317/软件技术", outside[0][0].id, top=1)
    assert w.rank == n + 1
    assert any("is outside 江苏省" in note for note in w.notes)


def test_a_province_with_enough_candidates_is_not_widened(fx, monkeypatch):
    from queries import cache, resolve
    from queries import suggest as sg

    g = resolve.group(fx, "4132012317/软件技术")
    n = len(sg.rank(sg.prepare(fx, g, "江苏省", widen=False)))
    cache.clear(fx)
    monkeypatch.setattr(sg, "WIDEN_BELOW", n)  # the province already has this many: nothing is added
    try:
        wide = sg.rank(sg.prepare(fx, g, "江苏省"))
        assert len(wide) == n and not any(cd.evidence.get("outside") for cd, _, _ in wide)
    finally:
        cache.clear(fx)
