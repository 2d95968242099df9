"""The ``hiring`` table (occupation → employers' 大类, ingest/occupation_hiring.py) and the linker's optional
``hiring`` signal (``kg eval industry-linker --signals hiring``; measured, not in the default features).

TEST FIXTURE rows only (invented employers and labels in the shape of the real files); every expected figure
below is counted by hand.
"""
from __future__ import annotations

import numpy as np
import pytest

from ingest.major_industry import (FEATURES, OPTIONAL, MajorInput, Model, OccupationIndustryMap, Priors,
                                   candidates, features_with, link_major, major_signals)
from ingest.occupation_hiring import HiringTable, Posting, aggregate, employer_industries, group_codes
from ingest.vocab.industry_terms import IndustryTerms

NAMES = {"36": "汽车制造业", "53": "铁路运输业", "64": "互联网和相关服务", "65": "软件和信息技术服务业",
         "81": "机动车、电子产品和日用产品修理业"}


def test_group_codes():
    assert group_codes("4-12-01-02") == ("4-12-01-00", "4-12-00-00")


def test_aggregate_counts_employers_not_postings_and_rolls_up():
    car = {"81": 1.0}
    posts = ([Posting("e1", "4-12-01-01", car)] * 5  # one employer posting five times counts once
             + [Posting("e2", "4-12-01-01", {"36": 0.5, "81": 0.5}),  # a label over two 大类
                Posting("e3", "4-12-01-01", {"36": 1.0}),
                Posting("e4", "4-12-01-02", car)])  # a sibling occupation: counts for the group only
    rows = aggregate(posts, {"4-12-01-01": "汽车维修工"}, min_employers=3)
    got = {(r["occupation_code"], r["level"], r["division"]): (r["postings"], r["employers"], r["share"]) for r in rows}
    # 细类: e1 81, e2 36/81 halves, e3 36 → 81 1.5/3, 36 1.5/3; postings 81: e1×5 + e2 = 6
    assert got[("4-12-01-01", "细类", "81")] == (6, 2, 0.5)
    assert got[("4-12-01-01", "细类", "36")] == (2, 2, 0.5)
    # 小类 4-12-01-00: e1..e4 → 81 2.5/4, 36 1.5/4
    assert got[("4-12-01-00", "小类", "81")] == (7, 3, 0.625)
    assert got[("4-12-01-00", "小类", "36")] == (2, 2, 0.375)
    assert ("4-12-01-02", "细类", "81") not in got  # one employer: below the minimum
    assert {r["occupation_name"] for r in rows if r["occupation_code"] == "4-12-01-01"} == {"汽车维修工"}


def test_table_falls_back_to_the_小类_not_the_中类_by_default():
    rows = [{"occupation_code": "4-12-01-01", "level": "细类", "division": "81", "share": "0.8"},
            {"occupation_code": "4-12-01-00", "level": "小类", "division": "36", "share": "0.6"},
            {"occupation_code": "4-12-00-00", "level": "中类", "division": "65", "share": "0.9"}]
    t = HiringTable(rows)
    assert t.of("4-12-01-01") == ({"81": 0.8}, "4-12-01-01")
    assert t.of("4-12-01-07") == ({"36": 0.6}, "4-12-01-00")
    assert t.of("4-12-02-01") == ({}, None)
    assert HiringTable(rows, ("细类", "小类", "中类")).of("4-12-02-01") == ({"65": 0.9}, "4-12-00-00")


class _Mapper:
    table = {("jobs", "汽车"): ["36", "81"], ("jobs", "互联网"): ["64"], ("tushare", "铁路"): ["53"]}

    def map(self, label, scheme):
        from ingest.reference.industry_map import IndustryMatch
        return [IndustryMatch(c, 0.8, "table") for c in self.table.get((scheme, label), [])]


class _Ctx:
    industry_mapper = _Mapper()
    files = {"firms/a_share_listed_companies.csv": [{"fullname": "示例铁路股份有限公司", "industry": "铁路"}],
             "jobs/job_posts_cn.csv": [{"company": "示例汽车服务有限公司", "company_industry": "汽车", "source": "51job"},
                                       {"company": "示例汽车服务有限公司", "company_industry": "互联网", "source": "51job"},
                                       {"company": "示例铁路股份有限公司", "company_industry": "互联网", "source": "51job"},
                                       {"company": "无标签公司", "company_industry": "", "source": "boss_2026"}]}

    def exists(self, rel):
        return rel in self.files

    def csv(self, rel):
        return [], self.files[rel]


class _Resolver:
    @staticmethod
    def employer_id(company):
        from ingest.normalize import firm_key
        return firm_key(company)


def test_employer_industry_comes_from_the_tushare_class_or_the_board_labels():
    from ingest.normalize import firm_key

    got = employer_industries(_Ctx(), _Resolver())
    # listed: the Tushare class only (the board label 互联网 of its postings is not read)
    assert got[firm_key("示例铁路股份有限公司")] == {"53": 1.0}
    # two labels, one of them over two 大类: 汽车 → 36, 81 halves, 互联网 → 64; weights sum to 1
    assert got[firm_key("示例汽车服务有限公司")] == pytest.approx({"36": 0.25, "81": 0.25, "64": 0.5})
    assert firm_key("无标签公司") not in got


def _major():
    return MajorInput("500108", "示例动车组检修", "高职专科", "5001",
                      occupations=[("6-23-01-01", "sheet S row 7", "动车组制修师"),
                                   ("4-02-01-01", "sheet S row 8", "铁路车辆检修工"),
                                   ("9-99-99-99", "sheet S row 9", "无数据职业")],
                      profile_occupations=[("4-02-01-01", "铁路车辆检修工", 40), ("4-04-05-01", "计算机程序设计员", 60)],
                      profile_source="ref:p.md")


def test_hiring_signal_is_the_mean_over_covered_occupations_with_their_written_names():
    terms = IndustryTerms(NAMES)
    occ_map = OccupationIndustryMap([{"occupation_code": "6-23-01-00", "divisions": "36", "groups": "",
                                      "confidence": "0.9", "reviewed": "yes"}], {}, terms)
    table = HiringTable([{"occupation_code": "6-23-01-01", "level": "细类", "division": "36", "share": "0.5"},
                         {"occupation_code": "6-23-01-01", "level": "细类", "division": "53", "share": "0.5"},
                         {"occupation_code": "4-02-01-00", "level": "小类", "division": "53", "share": "1.0"},
                         {"occupation_code": "4-04-05-01", "level": "细类", "division": "65", "share": "1.0"}])
    m = _major()
    s = major_signals(m, occ_map, terms, "ref:xw.xlsx", "ref:cat.csv", table)
    # covered: 6-23-01-01 (36 .5, 53 .5), 4-02-01-01 via its 小类 (53 1), 4-04-05-01 from the profile (65 1);
    # the uncovered 9-99-99-99 and the profile's repeat of 4-02-01-01 do not count → mean over 3
    assert dict(s.values["hiring"]) == pytest.approx({"36": 0.5 / 3, "53": 1.5 / 3, "65": 1 / 3})
    ev = {(e.text, e.source, e.locator) for d in s.evidence for e in s.evidence[d] if e.signal == "hiring"}
    assert ev == {("动车组制修师", "ref:xw.xlsx", "sheet S row 7"), ("铁路车辆检修工", "ref:xw.xlsx", "sheet S row 8"),
                  ("计算机程序设计员", "ref:p.md", "chars 60-68")}
    # without the table the signal is absent and adds no evidence (the default load)
    s0 = major_signals(m, occ_map, terms, "ref:xw.xlsx", "ref:cat.csv")
    assert not s0.values.get("hiring") and not any(e.signal == "hiring" for es in s0.evidence.values() for e in es)

    # default features: a 大类 only the hiring signal names is no candidate, and the matrix is unchanged
    divs, X = candidates(s)
    divs0, X0 = candidates(s0)
    assert divs == divs0 == ["36"] and np.array_equal(X, X0) and X.shape[1] == len(FEATURES)
    feats = features_with(["hiring"])
    divs_h, Xh = candidates(s, feats)
    assert divs_h == ["36", "53", "65"] and feats[-2:] == OPTIONAL["hiring"]
    assert Xh[:, feats.index("hiring")] == pytest.approx([0.5 / 3, 1.5 / 3, 1 / 3])
    assert list(Xh[:, feats.index("rank_hiring")]) == pytest.approx([1 / 3, 1.0, 1 / 2])
    assert np.array_equal(Xh[:1, :len(FEATURES)], X)  # the default columns are the same

    # a model with the hiring features links from them (and travels with them through save/load)
    coef = np.zeros(len(feats))
    coef[feats.index("hiring")] = 12.0
    model = Model(coef, -3.0, 0.5, Priors(), feats, max_links=2)
    assert model.optional == ("hiring",) and Model(np.zeros(len(FEATURES)), 0, 0.5, Priors()).optional == ()
    links = link_major(s, model)
    assert [ln.code for ln in links if ln.level == "大类"] == ["53", "65"]  # σ(12·0.5−3), σ(12/3−3) ≥ 0.5
    assert links[0].signals["hiring"] == pytest.approx(6.0)


def test_model_with_hiring_features_round_trips_and_unknown_signals_are_refused(tmp_path):
    feats = features_with(["hiring"])
    Model(np.ones(len(feats)), 0.0, 0.4, Priors(), feats).save(tmp_path / "m.json")
    assert Model.load(tmp_path / "m.json").features == feats
    with pytest.raises(ValueError):
        features_with(["postings"])
