"""`kg eval suggest` harness on the TEST FIXTURE graph (hand-checked), the PostingView, ties by evidence."""
from __future__ import annotations

import pytest

from queries import resolve
from queries import suggest as sg
from queries import suggest_eval as ev

# held out by hand: fixture-sz-net's only posting (4-04-04, 深圳) and both of 600775.SH's (江苏)
HELD = frozenset({"fx-jp-05", "fx-jp-09", "fx-jp-11"})


def test_metrics_by_hand():
    rel = {"a", "c"}
    assert ev.hit_at(["a", "b", "c"], rel) == pytest.approx(0.2)  # 2 of 10 slots
    assert ev.ndcg_at(["a", "b", "c"], rel) == pytest.approx((1 + 1 / 2) / (1 + 1 / 1.584962500721156))
    assert ev.ndcg_at(["b", "a"], {"a"}) == pytest.approx(1 / 1.584962500721156)
    assert ev.hit_at([], rel) == 0 and ev.ndcg_at(["x"], set()) == 0
    assert ev.family_of("2-02-10-03") == "2-02-10" and sg.family_code("2-02-10-03") == "2-02-10-00"


def test_harness_on_the_fixture_gives_the_hand_checked_numbers(fx):
    data = ev.read_data(fx)
    r = ev.evaluate(fx, data=data, heldout=HELD, random_seeds=3)
    pairs = {(p["group"], p["family"]): (p["hit@10"], p["ndcg@10"]) for p in r["per_pair"]}
    # 深职大 通信技术 (广东): relevant for 4-04-04 = {fixture-sz-net}, whose only posting is held out: no visible
    # posting, so its demand is the no-posting propensity σ(b0). Two firms rank above it by their tie to the college
    # (ties 0.15 > its industry lead 0.017 − 0.0034 + joint research 0.10 + 专精特新 standing): 300454.SZ (tie, 2
    # visible postings in 深圳) and 002594.SZ (tie) → rank 3: hit 1/10, NDCG 1/log2(4) = 0.5.
    assert [cd.id for cd, _, _ in sg.rank(sg.prepare(fx, resolve.group(fx, "4144011113/通信技术"), "广东省",
                                                     view=sg.PostingView(HELD, "eval-posting-0")))][:3] == [
        "300454.SZ", "002594.SZ", "fixture-sz-net"]
    assert pairs[("4144011113/通信技术", "4-04-04")] == (pytest.approx(0.1), pytest.approx(0.5))
    # 江苏 groups: the only relevant firm (600775.SH) has no visible posting and no industry fit
    assert pairs[("4132013112/通信技术", "2-02-10")] == (0.0, 0.0)
    assert pairs[("4132012317/软件技术", "4-04-05")] == (0.0, 0.0)
    assert r["pairs"] == 3 and r["groups_evaluable"] == 3 and r["coverage"] == pytest.approx(3 / 5)
    rows = {x["ranking"]: x for x in r["rows"]}
    assert rows["product"]["hit@10"] == pytest.approx(0.1 / 3, abs=1e-4)  # reported to 4 places
    # busiest employers = most visible postings: fixture-sz-net's only posting is hidden, so never listed
    assert rows["busiest employers"]["hit@10"] == 0.0
    assert {"product without demand", "random firm of the region", "industry only"} <= set(rows)
    assert "product of session 10 (province only, its tie order)" in rows
    # the sparse view: pairs whose group has fewer than K in-sample family employers in the province (all three here)
    assert r["sparse_groups"] == 3 and {x["ranking"]: x["pairs"] for x in r["sparse_rows"]}["product"] == 3


def test_the_scorer_does_not_see_held_out_postings(fx):
    g = resolve.group(fx, "4144011113/通信技术")
    seen = sg.prepare(fx, g, "广东省").cands["fixture-sz-net"]
    hidden = sg.prepare(fx, g, "广东省", view=sg.PostingView(HELD, "t")).cands["fixture-sz-net"]
    assert seen.values["demand"] > 0 and "fx-jp-05" in seen.demand["post"]
    # hidden: no visible posting, so the demand part is the propensity of a firm without postings (σ(b0))
    assert hidden.values["demand"] == sg.propensity({}) < seen.values["demand"] and not hidden.demand
    assert not any(hidden.evidence["propensity"].values())
    df = sg.suggest(fx, "4144011113/通信技术", top=50, view=sg.PostingView(HELD, "t")).rows.set_index("firm_id")
    assert df.loc["fixture-sz-net", "demand"] == round(sg.WEIGHTS["demand"] * sg.propensity({}), 4)


def test_splits_are_seeded_halves_and_time_holds_out_the_later_half(fx):
    data = ev.read_data(fx)
    a, b = ev.split(data, "posting", 0), ev.split(data, "posting", 0)
    assert a == b and 0 < len(a) < len(data.postings)
    t = ev.split(data, "time")
    assert len(t) == len(data.postings) - len(data.postings) // 2
    with pytest.raises(ValueError):
        ev.split(data, "nope")


def _cand(fid, name, demand_x, industry):
    cd = sg.Candidate(fid, name=name)
    cd.values = {"industry": industry, "demand": 0.0, "proximity": 0.5, "ties": 0.0, "research": 0.0, "tags": 0.0}
    cd.evidence = {"demand": demand_x, "volume": 0}
    return cd


def test_equal_scores_are_ordered_by_evidence_not_by_name():
    g = resolve.Group("g", "g", resolve.College("c", "c", "p", None, None))
    # same score to 4 places; 甲 sorts first by name, but 乙 has more demand evidence / better industry fit
    a, b = _cand("id-a", "甲", 0.0, 0.40001), _cand("id-b", "乙", 0.0, 0.40002)
    prep = sg.Prepared(g, None, "p", {"id-a": a, "id-b": b}, set(), [])
    ranked = sg.rank(prep)
    assert ranked[0][2] == ranked[1][2]
    assert [cd.id for cd, _, _ in ranked] == ["id-b", "id-a"]
    a.evidence["demand"] = 0.3  # some (sub-rounding) demand evidence wins before industry
    prep = sg.Prepared(g, None, "p", {"id-a": a, "id-b": b}, set(), [])  # (a Prepared keeps its ranking)
    assert [cd.id for cd, _, _ in sg.rank(prep)] == ["id-a", "id-b"]


def test_equal_scores_and_equal_parts_are_ordered_by_the_remaining_evidence_not_by_id():
    """Same score and same part values: more postings anywhere, then a larger size band order them (named in the
    reasons); the id only when every piece of evidence is equal."""
    g = resolve.Group("g", "g", resolve.College("c", "c", "p", None, None))
    a, b = _cand("id-a", "甲", 0.0, 0.5), _cand("id-b", "乙", 0.0, 0.5)
    b.evidence["postings_anywhere"] = 3
    rank = lambda: [cd.id for cd, _, _ in sg.rank(sg.Prepared(g, None, "p", {"id-a": a, "id-b": b}, set(), []))]  # noqa
    assert rank() == ["id-b", "id-a"]
    b.evidence["postings_anywhere"] = 0
    a.size, b.size = "少于50人", "1000-9999人"
    assert rank() == ["id-b", "id-a"]
    b.size = a.size  # all evidence equal: the id decides (stable, never the name)
    assert rank() == ["id-a", "id-b"] and sg.tie_break(a)[:-1] == sg.tie_break(b)[:-1]
    # the session-10 order could not tell these apart: it went by id where size or postings differ
    b.size = "1000-9999人"
    assert ev.tie_break_s10(a)[:-1] == ev.tie_break_s10(b)[:-1] and sg.tie_break(a)[:-1] != sg.tie_break(b)[:-1]


def test_why_not_higher_compares_with_the_last_suggested_firm(fx):
    top = sg.suggest(fx, "4144011113/通信技术", top=50).rows
    second = top.iloc[1]
    w = sg.why_not(fx, "4144011113/通信技术", second["firm_id"], top=1)
    assert w.rank == 2 and w.last == top.iloc[0]["firm"]
    rows = w.rows.set_index("part")
    for p in sg.PARTS:  # the parts are the suggestion's own, beside the first firm's
        assert rows.loc[p, "firm"] == pytest.approx(second[p])
        assert rows.loc[p, "last_suggested"] == pytest.approx(top.iloc[0][p])
        if rows.loc[p, "gap"] > 0:
            assert rows.loc[p, "lacks"]
    partner = sg.why_not(fx, "4144011113/通信技术", "000063.SZ")  # already a partner of the group
    assert partner.rank is None and "already partners" in partner.notes[0]
    with pytest.raises(LookupError):
        sg.why_not(fx, "4144011113/通信技术", "no such firm anywhere")


def test_firms_known_only_from_held_out_postings_are_hidden(fx):
    data = ev.read_data(fx)
    # fixture-gz-soft: no listing, no tag, same source as its one posting → known only from fx-jp-06
    assert data.posting_only_firms["fixture-gz-soft"] == {"fx-jp-06"}
    assert "fixture-sz-net" not in data.posting_only_firms  # 专精特新: known from a firm list
    assert data.hidden_firms(frozenset({"fx-jp-06"})) == frozenset({"fixture-gz-soft"})
    g = resolve.group(fx, "4144011113/软件技术")
    assert "fixture-gz-soft" in sg.prepare(fx, g, "广东省").cands  # a candidate while its posting is seen
    view = sg.PostingView(frozenset({"fx-jp-06"}), "t-gz", data.hidden_firms(frozenset({"fx-jp-06"})))
    assert "fixture-gz-soft" not in sg.prepare(fx, g, "广东省", view=view).cands


def test_an_empty_graph_is_one_clear_error(tmp_path):
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(tmp_path / "empty.lbug"))
    st.apply_schema()
    with pytest.raises(LookupError, match="no job postings placed"):
        ev.run(st)
    st.close()


def test_family_busiest_diagnostic_by_hand():
    """family-busiest: firms by in-sample postings of the group's families; + smoothing × all their postings."""
    case = ev._GroupCase({"id": "g"}, None, {}, [], [], family_counts={"a": 2, "b": 1, "c": 1},
                         volume={"a": 2, "b": 3, "c": 40, "z": 100})
    assert ev.family_busiest(case) == ["a", "c", "b"]  # equal family counts: more postings overall first
    # 0.1 × volume: z (no family posting, 100 postings) 10 > c 1 + 4 = 5 > a 2.2 > b 1.3
    assert ev.family_busiest(case, 0.1) == ["z", "c", "a", "b"]


def test_seeds_summary_on_the_fixture_has_mean_and_sd(fx):
    s = ev.seeds_summary(fx, range(2), random_seeds=2)
    rows = {r["ranking"]: r for r in s["rows"]}
    assert {"product", "busiest employers", "family-busiest (diagnostic)"} <= set(rows)
    assert rows["product"]["hit@10"]["n"] == 2 and rows["product"]["hit@10"]["sd"] >= 0
    assert "mean ± sd" in ev.markdown_seeds(s)
    sparse = {r["ranking"]: r for r in s["sparse_rows"]}
    assert sparse["product"]["hit@10"]["n"] == 2 and "demand cannot fill the top 10" in ev.markdown_seeds(s)


def test_hiring_activity_is_continuous_and_separates_equal_group_evidence(fx):
    assert sg.activity_value(0, 10) == 0 and sg.activity_value(10, 10) == pytest.approx(1.0)
    assert 0 < sg.activity_value(1, 10) < sg.activity_value(3, 10) < sg.activity_value(9, 10) < 1
    # on the fixture: the tags part of every candidate carries its activity share, and a firm that hires in the
    # province scores more standing than the same firm would without postings
    g = resolve.group(fx, "通信技术专业群", "深圳职业技术大学")
    prep = sg.prepare(fx, g, sg.resolve_scope(fx, g, None))
    hiring = [cd for cd in prep.cands.values() if cd.evidence.get("activity")]
    assert hiring, "some candidate hires in the province"
    for cd in hiring:
        assert cd.values["tags"] >= sg.STANDING_MIX["activity"] * cd.evidence["activity"] - 1e-9
        assert 0.0 <= cd.values["tags"] <= 1.0 + 1e-9


def test_logistic_fit_gives_a_weighted_sum_of_the_same_parts(fx):
    data = ev.read_data(fx)
    cases = ev._cases(fx, data, HELD, "lr-test")
    if not any(c.prep.cands for c in cases):
        pytest.skip("no candidates on the fixture")
    r = ev.fit_logistic(fx, cases=cases)
    assert set(r["weights"]) == set(sg.PARTS)
    assert abs(sum(r["weights"].values()) - 1.0) < 1e-6 and min(r["weights"].values()) >= 0
    assert r["weights"]["ties"] == sg.WEIGHTS["ties"] and r["weights"]["research"] == sg.WEIGHTS["research"]
    assert r["positives"] >= 1 and r["rows"] > r["positives"]


def test_logistic_fit_keeps_the_weights_when_there_is_one_class_only(fx):
    data = ev.read_data(fx)
    cases = ev._cases(fx, data, HELD, "lr-one-class")
    for c in cases:  # nobody hires: every label False
        c.rel = {f: {"no-such-firm"} for f in c.rel}
    r = ev.fit_logistic(fx, cases=cases)
    assert r["weights"] == sg.WEIGHTS and r["positives"] == 0 and "note" in r


def test_run_with_fit_prints_both_fits(fx):
    result = ev.run(fx, fit=True, random_seeds=2)
    assert "logistic" in result["fit"] and abs(sum(result["fit"]["logistic"]["weights"].values()) - 1) < 1e-6
    text = ev.markdown(result)
    assert "Weights fitted on the in-sample half" in text and "Logistic regression" in text



def test_oracle_ceiling_by_hand():
    """The ceiling lists the known firms that post in the held-out half, by how many of the group's families."""
    case = ev._GroupCase({"id": "g"}, None, {"f1": {"a", "b", "h"}, "f2": {"b", "c"}}, [], [],
                         gone=frozenset({"h"}))
    assert ev.oracle(case, {"a", "b", "c", "x"}) == ["b", "a", "c"]  # b posts both families; x posts none
    assert ev.oracle(case, {"x"}) == []


def test_ceilings_bound_every_ranking_on_the_fixture(fx):
    r = ev.evaluate(fx, data=ev.read_data(fx), heldout=HELD, random_seeds=2)
    rows = {x["ranking"]: x["hit@10"] for x in r["rows"]}
    known, cands = rows[ev.ORACLE_KNOWN], rows[ev.ORACLE_CANDIDATES]
    # the relevant firms: fixture-sz-net (a 专精特新 firm, known) and 600775.SH (listed, known) — 1 of 10 slots each
    assert known == pytest.approx(0.1) and cands <= known
    assert all(v <= known + 1e-9 for k, v in rows.items() if not k.startswith("ceiling"))
