"""Firm resolution (ingest/firm_resolution.py, ingest/vocab/places.py): places in names, identity, city,
industry — on tiny hand-made tables (TEST FIXTURES, not real firms unless said), the development set,
and a suggestion on the real reference data."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.firm_resolution import Resolver, short_name
from ingest.vocab.places import CityGazetteer
from ingest.reference.industry_map import IndustryMapper
from ingest.vocab.places import PlaceIndex

ROWS = [  # a hand-made divisions table (real divisions, few of them)
    {"name": "常州市", "level": "prefecture", "province": "江苏省", "prefecture": "常州市"},
    {"name": "溧阳市", "level": "county", "province": "江苏省", "prefecture": "常州市"},
    {"name": "苏州市", "level": "prefecture", "province": "江苏省", "prefecture": "苏州市"},
    {"name": "昆山市", "level": "county", "province": "江苏省", "prefecture": "苏州市"},
    {"name": "温州市", "level": "prefecture", "province": "浙江省", "prefecture": "温州市"},
    {"name": "瑞安市", "level": "county", "province": "浙江省", "prefecture": "温州市"},
    {"name": "武汉市", "level": "prefecture", "province": "湖北省", "prefecture": "武汉市"},
    {"name": "阿里地区", "level": "prefecture", "province": "西藏自治区", "prefecture": "阿里地区"},
    {"name": "朝阳区", "level": "district", "province": "北京市", "prefecture": "北京市"},
]


@pytest.fixture(scope="module")
def px() -> PlaceIndex:
    return PlaceIndex(ROWS)


def _city(hits):
    return [(h.place.province, h.place.city, h.weak) for h in hits]


def test_leading_place_county_to_prefecture(px):
    assert _city(px.leading("溧阳市天目湖机械有限公司")) == [("江苏省", "常州市", False)]
    assert _city(px.leading("江苏省常州市某某有限公司")) == [("江苏省", None, False), ("江苏省", "常州市", False)]
    # a bare county stem is weak: the caller needs the province confirmed elsewhere
    assert _city(px.leading("瑞安健鸿箱包配件")) == [("浙江省", "温州市", True)]
    assert _city(px.leading("浙江瑞安健鸿箱包配件")) == [("浙江省", None, False), ("浙江省", "温州市", True)]
    # after 苏州 the chain only reads places of 江苏 (苏州中卫宝佳…: 中卫 is a trade name here, not 宁夏's 中卫市)
    assert _city(px.leading("苏州阿里宝佳净化科技有限公司")) == [("江苏省", "苏州市", False)]
    # a place word inside the trade name, and districts, are not read
    assert px.leading("长城汽车股份有限公司") == [] and px.leading("朝阳科技有限公司") == []


def test_bracket_before_legal_form_branch_and_controller(px):
    assert _city(px.bracketed("康平科技(苏州)股份有限公司")) == [("江苏省", "苏州市", False)]
    assert px.before_legal_form("北京外企德科人力资源服务苏州有限公司").place.city == "苏州市"
    parent, hit, word = px.branch("上海得见计算机科技有限公司武汉分公司")
    assert parent == "上海得见计算机科技有限公司" and hit.place.city == "武汉市" and word == "分公司"
    assert px.branch("上海得见计算机科技有限公司") is None
    assert px.controller("溧阳市人民政府").place.city == "常州市"
    assert px.controller("溧阳市某某投资有限公司") is None  # not a government body
    assert px.controller("张三") is None


def test_short_name_marks():
    assert short_name("*ST椰岛") == "椰岛" and short_name("芯联集成-U") == "芯联集成" and short_name("万科A") == "万科"


def test_english_name_words_are_name_model_features():
    """A listed firm's English name adds its words (legal forms and 'group'/'china' left out) to the name
    model's n-grams; the fitted model reads them: a bare trade name with 'Pharmaceutical' leans to 27 医药制造."""
    from ingest.firm_name_model import NameModel, english_features, features

    assert english_features("Qinghai Spring Medicinal Resources Technology Co., Ltd") == [
        "en:qinghai", "en:spring", "en:medicinal", "en:resources", "en:technology"]
    assert english_features("China XD Group Co.,Ltd.") == [] and english_features(None) == []
    assert features("浙江某某股份有限公司", "Foo Pharmaceutical Co., Ltd.")[-2:] == ["en:foo", "en:pharmaceutical"]
    model = NameModel.load()
    plain, with_en = model.proba("某某股份有限公司"), model.proba("某某股份有限公司", "Moumou Pharmaceutical Co., Ltd.")
    assert with_en["27"] > plain.get("27", 0.0) and max(with_en, key=with_en.get) == "27"
    assert model.cv["cv_accuracy"] > model.cv["cv_accuracy_without_english"] > model.cv["majority_baseline"]


# ------------------------------------------------------------------------- resolver on hand-made files
ASHARE_H = ["ts_code", "name", "fullname", "area", "industry", "act_name", "act_ent_type", "market", "enname", "list_date"]


class FakeCtx:
    """The parts of a Context the resolver reads, over in-memory tables (TEST FIXTURES)."""

    def __init__(self, tables: dict[str, list[dict]]):
        self.tables = tables
        self.gazetteer = CityGazetteer([("江苏省", "常州市"), ("江苏省", "苏州市"), ("浙江省", "温州市"),
                                        ("湖北省", "武汉市"), ("广东省", "深圳市")])
        names = {"38": "电气机械和器材制造业", "65": "软件和信息技术服务业", "36": "汽车制造业", "C": "制造业"}
        self.industry_mapper = IndustryMapper(names, {"tushare": [{"label": "电气设备", "codes": "38", "confidence": "0.9"}],
                                                      "jobs": [{"label": "计算机软件", "codes": "65", "confidence": "0.95"}]})
        self.industries = type("I", (), {"names": names})()

    def exists(self, rel):
        return rel in self.tables

    def csv(self, rel):
        rows = self.tables[rel]
        return list(rows[0]) if rows else [], rows


def _a(**kw):
    return {k: kw.get(k, "") for k in ASHARE_H}


def _j(jid, company, city, industry="", source="boss_2026"):
    return {"job_id": str(jid), "source": source, "title": "岗位", "company": company, "city": city,
            "company_industry": industry, "company_size": "50-150人", "company_type": "民营", "description": ""}


@pytest.fixture(scope="module")
def resolved():
    tables = {
        "firms/a_share_listed_companies.csv": [
            _a(ts_code="1.SZ", name="天目电气", fullname="江苏天目电气股份有限公司", area="江苏", industry="电气设备",
               act_name="溧阳市人民政府", act_ent_type="地方国企", market="主板"),
            _a(ts_code="2.SZ", name="深科技", fullname="深圳某某科技股份有限公司", area="深圳", industry="电气设备"),
            _a(ts_code="3.SZ", name="温州错位", fullname="温州错位电器股份有限公司", area="江苏", industry="电气设备"),
            _a(ts_code="4.SZ", name="无地电气", fullname="无地电气股份有限公司", area="浙江", industry="电气设备"),
        ],
        "firms/zhuanjingtexin_nanjing.csv": [
            {"company": "苏州精工有限公司", "city": "常州市", "category_note": "专精特新“小巨人”企业"}],
        "jobs/job_posts_boss_2026.csv": [
            _j(1, "天目电气", "常州"),  # the A-share short name: the listed firm
            _j(2, "无地电气", "温州"),  # a listed firm's posting inside its province places it
            _j(3, "瑞安某某鞋业有限公司", "温州"),
            _j(4, "某某软件...", "苏州"),  # cut brand, two candidate full names: review
            _j(5, "某某软件开发有限公司", "苏州", "计算机软件", "51job_2023"),
            _j(6, "某某软件技术有限公司", "苏州", "计算机软件", "51job_2023"),
            _j(7, "上海得见计算机科技有限公司武汉分公司", "武汉", "计算机软件", "51job_2023"),
            _j(8, "两地公司有限公司", "苏州"), _j(9, "两地公司有限公司", "武汉"),
            _j(10, "阿里健康-小鹿中医", "苏州"),  # 阿里 is the 阿里地区 short name, not where it is
        ],
    }
    r = Resolver(FakeCtx(tables), None)
    r.run()
    return r


def test_a_file_without_its_columns_says_nothing():
    """A job file the jobs part rejects (no ``company`` column) places and types no firm here either."""
    r = Resolver(FakeCtx({"jobs/job_posts_boss_2026.csv": [{"job_id": "1", "source": "boss_2026", "title": "x",
                                                              "employer": "瑞安某某鞋业有限公司", "city": "温州",
                                                              "description": ""}]}), None)
    assert r.run() == {}


def _fact(r, name):
    return r.facts[r.employer_id(name)]


def test_city_sources_in_order(resolved):
    f = _fact(resolved, "江苏天目电气股份有限公司")
    assert f.city.value == ("江苏省", "常州市") and f.city.method == "controller" and f.city.evidence == "溧阳市人民政府"
    assert _fact(resolved, "深圳某某科技股份有限公司").city.value == ("广东省", "深圳市")
    # the name's 温州 contradicts the listed firm's province (江苏): dropped, province only
    f = _fact(resolved, "温州错位电器股份有限公司")
    assert f.city is None and f.province.value == "江苏省"
    f = _fact(resolved, "无地电气股份有限公司")
    assert f.city.value == ("浙江省", "温州市") and f.city.method == "postings-city"
    # the 专精特新 list's city wins over the name
    f = _fact(resolved, "苏州精工有限公司")
    assert f.city.value == ("江苏省", "常州市") and f.city.method == "list-city" and "小巨人" in f.tags
    assert _fact(resolved, "瑞安某某鞋业有限公司").city.value == ("浙江省", "温州市")
    assert _fact(resolved, "两地公司有限公司").city is None  # posts in two cities, no place in the name
    f = _fact(resolved, "阿里健康-小鹿中医")
    assert f.city.value == ("江苏省", "苏州市") and f.city.method == "postings-city"


def test_identity_brands_and_branches(resolved):
    assert resolved.employer_id("天目电气") == resolved.employer_id("江苏天目电气股份有限公司")
    listed = _fact(resolved, "天目电气")
    assert listed.listed and "天目电气" in listed.aliases and listed.size is None  # board size not for listed
    brand = _fact(resolved, "某某软件...")
    assert brand.is_brand and sorted(d.value for d in brand.same_as) == ["某某软件开发", "某某软件技术"]
    assert all(d.review for d in brand.same_as) and resolved.review[0]["brand"] == "某某软件..."
    b = _fact(resolved, "上海得见计算机科技有限公司武汉分公司")
    assert b.parent.value == "上海得见计算机科技" and b.city.value == ("湖北省", "武汉市")
    assert b.city.method == "branch-name" and "上海得见计算机科技" in resolved.facts


def test_industry_from_labels_with_evidence(resolved):
    f = _fact(resolved, "江苏天目电气股份有限公司")
    assert [(d.value, d.method) for d in f.industries] == [("38", "tushare-table")]
    assert f.industries[0].evidence.startswith("电气设备 → 38") and f.industries[0].row == 2
    assert [d.value for d in _fact(resolved, "某某软件开发有限公司").industries] == ["65"]
    assert _fact(resolved, "瑞安某某鞋业有限公司").industries == []  # no label, no name model here


def test_a_place_that_is_the_trade_name_is_not_read():
    """Real names: 德州仪器 (Texas Instruments, a BOSS brand) is place + industry word with no 字号 — the place
    is the trade name, read only where another source confirms the province; 深圳中迈 (place + 字号) and
    registered names (广州银行股份有限公司) keep their place; 中山大学… names an institution. The
    industry words are given here (the load takes the frequent endings of the files' registered names)."""
    from ingest.firm_resolution import place_is_trade_name

    words = {"仪器", "银行"}
    assert place_is_trade_name("德州仪器", 2, words) == "brand"
    assert place_is_trade_name("深圳中迈", 2, words) is None
    assert place_is_trade_name("广州银行股份有限公司", 2, words) is None
    assert place_is_trade_name("中山大学达安基因股份有限公司", 2, words) == "institution"
    assert place_is_trade_name("中山大洋电机股份有限公司", 2, words) is None
    rows = [_j(1, "德州仪器", "苏州"), _j(2, "深圳中迈", "苏州"), _j(3, "德州仪器", "苏州")]
    r = Resolver(FakeCtx({"jobs/job_posts_boss_2026.csv": rows}), None)
    r._words = words
    r.run()
    ti = _fact(r, "德州仪器")
    assert ti.city.value == ("江苏省", "苏州市") and ti.city.method == "postings-city"
    assert _fact(r, "深圳中迈").city.value == ("广东省", "深圳市")


def test_english_name_city_and_postings_province():
    """A listed firm with a province only takes the city its English name opens with, spelt as the listed
    firms placed by their Chinese names spell it (Changzhou), inside its Tushare province only; an employer
    whose postings name two cities of one province is placed in that province (TEST FIXTURES)."""
    tables = {
        "firms/a_share_listed_companies.csv": [
            _a(ts_code="1.SZ", fullname="常州甲乙电机股份有限公司", area="江苏", enname="Changzhou Jiayi Motor Co., Ltd."),
            _a(ts_code="2.SZ", fullname="常州丙丁科技股份有限公司", area="江苏", enname="Changzhou Bingding Tech Co., Ltd."),
            _a(ts_code="3.SZ", fullname="戊己股份有限公司", area="江苏", enname="Changzhou Wuji Co., Ltd."),
            _a(ts_code="4.SZ", fullname="庚辛股份有限公司", area="浙江", enname="Changzhou Gengxin Co., Ltd."),
        ],
        "jobs/job_posts_boss_2026.csv": [_j(1, "某某物流有限公司", "常州"), _j(2, "某某物流有限公司", "苏州")],
    }
    r = Resolver(FakeCtx(tables), None)
    r.run()
    f = _fact(r, "戊己股份有限公司")
    assert f.city.value == ("江苏省", "常州市") and f.city.method == "english-name" and f.city.evidence == "Changzhou"
    g = _fact(r, "庚辛股份有限公司")
    assert g.city is None and g.province.value == "浙江省"  # Changzhou is not in 浙江
    h = _fact(r, "某某物流有限公司")
    assert h.city is None and h.province.value == "江苏省" and h.province.method == "postings-province"


def test_bracketed_places_in_chinese_and_english_names():
    """firm-resolution@5: a bare county stem alone in brackets is the registered name's place (``…(昆山)…`` →
    苏州市), before the postings (a factory elsewhere); a listed firm's English name with a place in brackets
    (``(Kunshan)``) is placed inside its Tushare province, the spelling learnt from placed firms' bracketed
    words; a postings cell the gazetteer knows as a county-level city counts for its prefecture. The @4 rules
    (``rules=4``, the eval's baseline row) read none of these (TEST FIXTURES)."""
    tables = {
        "firms/a_share_listed_companies.csv": [
            _a(ts_code="1.SZ", fullname="甲乙电子(昆山)股份有限公司", area="江苏", enname="Jiayi Electronic (Kunshan) Co., Ltd."),
            _a(ts_code="2.SZ", fullname="丙丁精密(昆山)股份有限公司", area="江苏", enname="Bingding Precision (Kunshan) Co., Ltd."),
            _a(ts_code="3.SZ", fullname="戊己电路股份有限公司", area="江苏", enname="WJ Printed Circuit (Kunshan) Co., Ltd."),
            _a(ts_code="4.SZ", fullname="庚辛电路股份有限公司", area="浙江", enname="GX Circuit (Kunshan) Co., Ltd."),
        ],
        "jobs/job_posts_boss_2026.csv": [_j(1, "壬癸光电(昆山)有限公司", "武汉"), _j(2, "子丑化学有限公司", "昆山")],
    }
    ctx = FakeCtx(tables)
    ctx.gazetteer = CityGazetteer([("江苏省", "苏州市"), ("湖北省", "武汉市"), ("江苏省", "昆山市")])
    r = Resolver(ctx, None)
    r.places = PlaceIndex(ROWS)
    r.run()
    f = _fact(r, "甲乙电子(昆山)股份有限公司")
    assert f.city.value == ("江苏省", "苏州市") and f.city.method == "name-bracket" and f.city.evidence == "昆山"
    g = _fact(r, "戊己电路股份有限公司")
    assert g.city.value == ("江苏省", "苏州市") and g.city.method == "english-name-bracket" and g.city.evidence == "(Kunshan)"
    assert _fact(r, "庚辛电路股份有限公司").city is None  # Kunshan is not in 浙江
    assert _fact(r, "壬癸光电(昆山)有限公司").city.value == ("江苏省", "苏州市")  # the name, not the 武汉 posting
    assert _fact(r, "子丑化学有限公司").city.value == ("江苏省", "苏州市")  # 昆山市 → its prefecture
    r4 = Resolver(ctx, None, rules=4)
    r4.places = PlaceIndex(ROWS)
    r4.run()
    assert _fact(r4, "甲乙电子(昆山)股份有限公司").city is None and _fact(r4, "戊己电路股份有限公司").city is None
    assert _fact(r4, "壬癸光电(昆山)有限公司").city.value == ("湖北省", "武汉市")
    assert _fact(r4, "子丑化学有限公司").city.value == ("江苏省", "昆山市")


def test_combiner_types_a_label_less_firm_from_its_postings():
    """A brand without a label gets the 大类 its postings' BOSS categories vote for (reviewed table: 教育/培训 →
    83) when the combiner's probability reaches its threshold; evidence quotes the posting's tag. Hand-set
    weights (TEST FIXTURE), not the fitted ones."""
    from ingest.firm_industry_model import IndustryCombiner

    tag = "少儿, 英语, category:教育/培训/英语老师"
    rows = [dict(_j(1, "某某学堂", "苏州"), tags=tag), dict(_j(2, "某某学堂", "苏州"), tags=tag),
            dict(_j(3, "某某工坊", "苏州"), tags="category:销售/市场/销售代表")]  # a function job: no vote
    comb = IndustryCombiner({"coef": [0, 0, 0, 0, 0, 0, 4.0, 0], "intercept": -2.0, "threshold": 0.5})
    r = Resolver(FakeCtx({"jobs/job_posts_boss_2026.csv": rows}), None, comb)
    r.run()
    f = _fact(r, "某某学堂")
    assert [(d.value, d.method) for d in f.industries] == [("83", "combined")]
    assert "category:教育/培训/英语老师" in f.industries[0].evidence and f.industries[0].confidence == 0.881
    assert _fact(r, "某某工坊").industries == []
    r1 = Resolver(FakeCtx({"jobs/job_posts_boss_2026.csv": rows}), None, None)
    r1.run()
    assert _fact(r1, "某某学堂").industries == []  # firm-resolution@1 rules: no name model, nothing


def test_a_label_spanning_several_divisions_is_narrowed_to_the_combiners_best():
    """快速消费品 → 14 15 268 (three 大类): the firm gets the one 大类 the combiner scores best even when its share
    of the three scores is below one half (firm-resolution@4; @3 kept all three codes then). Hand-set name
    model (P = 0.3 / 0.6 / 0.1 for 饮料) and weights (TEST FIXTURES): scores σ(0.3), σ(0.6), σ(0.1), share 0.37."""
    import math

    from ingest.firm_industry_model import IndustryCombiner
    from ingest.firm_name_model import NameModel

    ctx = FakeCtx({"jobs/job_posts_51job_2023.csv": [_j(1, "某某饮料有限公司", "苏州", "快速消费品(食品、饮料、化妆品)",
                                                         "51job_2023")]})
    names = {"14": "食品制造业", "15": "酒、饮料和精制茶制造业", "26": "化学原料和化学制品制造业", "268": "日用化学产品制造"}
    ctx.industry_mapper = IndustryMapper(names, {"jobs": [{"label": "快速消费品(食品、饮料、化妆品)", "codes": "14 15 268",
                                                            "confidence": "0.85"}]})
    ctx.industries = type("I", (), {"names": names})()
    model = NameModel({"classes": ["14", "15", "26"], "prior": [math.log(1 / 3)] * 3, "missing": [-10.0] * 3,
                       "logp": {"饮料": {"0": -10 + math.log(3), "1": -10 + math.log(6), "2": -10.0}}})
    comb = IndustryCombiner({"coef": [1.0, 0, 0, 0, 0, 0, 0, 0], "intercept": 0.0, "threshold": 0.5})
    r = Resolver(ctx, model, comb)
    r.run()
    f = _fact(r, "某某饮料有限公司")
    assert [(d.value, d.method) for d in f.industries] == [("15", "jobs-table+combined")]
    assert f.industries[0].evidence.startswith("快速消费品(食品、饮料、化妆品) → 15")


def test_inside_a_label_the_combiner_reads_probabilities_conditioned_on_it():
    """firm-resolution@6: the label says the firm is in 14 or 15, so the name model's P(26) = 0.6 outside it no
    longer hides its preference inside (14: 0.3 vs 15: 0.1 → conditioned 0.75 / 0.25, 14 its top there).
    Hand-set name model and weights (TEST FIXTURES: score σ(−nb_p + 5·nb_top)): @5 scored the raw
    probabilities, no 大类 of the label was the model's top, and the lower one won (σ(−0.1) > σ(−0.3))."""
    import math

    from ingest.firm_industry_model import IndustryCombiner, candidate_features, within
    from ingest.firm_name_model import NameModel

    assert within({"14": 0.3, "15": 0.1, "26": 0.6}, {"14", "15"}) == pytest.approx({"14": 0.75, "15": 0.25})
    assert within({"26": 1.0}, {"14", "15"}) == {}
    feats = candidate_features({"14": 0.3, "15": 0.1, "26": 0.6}, {"26": 1.0}, {}, {"14", "15"}, conditional=True)
    assert sorted(feats) == ["14", "15"] and feats["14"][:2] == pytest.approx([0.75, 1.0]) and feats["14"][4] == 0.0
    ctx = FakeCtx({"jobs/job_posts_51job_2023.csv": [_j(1, "某某饮料有限公司", "苏州", "甲乙", "51job_2023")]})
    names = {"14": "食品制造业", "15": "酒、饮料和精制茶制造业", "26": "化学原料和化学制品制造业"}
    ctx.industry_mapper = IndustryMapper(names, {"jobs": [{"label": "甲乙", "codes": "14 15", "confidence": "0.8"}]})
    ctx.industries = type("I", (), {"names": names})()
    model = NameModel({"classes": ["14", "15", "26"], "prior": [math.log(1 / 3)] * 3, "missing": [-10.0] * 3,
                       "logp": {"饮料": {"0": -10 + math.log(3), "1": -10.0, "2": -10 + math.log(6)}}})
    comb = IndustryCombiner({"coef": [-1.0, 5.0, 0, 0, 0, 0, 0, 0], "intercept": 0.0, "threshold": 0.5})
    picked = {}
    for rules in (5, 6):
        r = Resolver(ctx, model, comb, rules=rules)
        r.run()
        picked[rules] = [d.value for d in _fact(r, "某某饮料有限公司").industries]
    assert picked == {5: ["15"], 6: ["14"]}


def test_reviewed_label_rows_of_session_11():
    """The rows changed by the session-11 map review (docs/firms.md) map to the codes the standard gives the
    label's firms: agencies by what they broker, security software, online travel and media platforms, the
    Tushare classes that hold equipment, testing, livestock and veterinary firms."""
    m = IndustryMapper({c: c for c in "72 7030 6440 6519 6432 7291 786 R 642 772 462 3591 7820 40 382 745 01 03 05 2750".split()})
    got = lambda label, scheme: [x.code for x in m.map(label, scheme)]  # noqa: E731
    assert got("中介服务", "jobs") == ["72", "7030"] and got("信息安全", "jobs") == ["6440", "6519"]
    assert got("旅游", "jobs") == ["6432", "7291", "786"] and got("文化娱乐", "jobs") == ["R", "642"]
    assert got("环境保护", "tushare") == ["772", "462", "3591", "7820"]
    assert got("电器仪表", "tushare") == ["40", "382", "745"] and got("农业综合", "tushare") == ["01", "05"]


def test_narrowing_simulation_counts_codes_and_firms():
    """The training-CV simulation behind COMBINER_PICK, by hand: two firms (大类 14 and 15) given the label
    {14, 15}; the combiner (score σ(name-model P)) picks 14 for both, with shares 0.575 and 0.557. Narrowing
    always: 1 right of 2 codes; narrowing at share ≥ 0.56: firm 1 right, firm 2 keeps both codes (1 of 2)."""
    from ingest.firm_industry_model import IndustryCombiner
    from ingest.firm_industry_model_train import narrowing_cv

    comb = IndustryCombiner({"coef": [1.0, 0, 0, 0, 0, 0, 0, 0], "intercept": 0.0, "threshold": 0.5})
    signals = [({"14": 0.9, "15": 0.1}, {}, {}, {}), ({"14": 0.8, "15": 0.2}, {}, {}, {})]
    out = narrowing_cv({("jobs", "x"): (frozenset({"14", "15"}), 2)}, signals, ["14", "15"], [comb, comb],
                       shares=(0.0, 0.56, 0.7))
    assert out["pairs"] == 2 and out["argmax_accuracy"] == 0.5 and out["keep_all_precision"] == 0.5
    assert out["share_rule"] == {"0.0": {"precision": 0.5, "recall": 0.5}, "0.56": {"precision": 0.667, "recall": 1.0},
                                 "0.7": {"precision": 0.5, "recall": 1.0}}
    # the same firms by the other rules: the name model alone inside the label picks 14 for both (1 of 2); the
    # postings model has no probabilities here (never right)
    assert out["argmax_accuracy_by"] == {"conditional": 0.5, "name_model": 0.5, "postings_model": 0.0}


def test_posting_titles_vote_through_the_occupation_table(tmp_path):
    """A title placed in a 大典 细类 votes for the 大类 of its 小类's row of the reviewed occupation → industry
    table (2-02-38 数字技术工程技术人员 → 65 64, confidence split); an unplaceable title votes for nothing."""
    from ingest.firm_industry_model import OCCUPATIONS, PostingVotes

    occ = tmp_path / OCCUPATIONS
    occ.parent.mkdir(parents=True)
    occ.write_text("level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
                   "4,2-02-38-01,0,人工智能工程技术人员,,,0,\n", encoding="utf-8")
    ctx = type("C", (), {"folder": tmp_path, "exists": lambda self, rel: (tmp_path / rel).is_file()})()
    pv = PostingVotes(ctx)
    votes, cats, ev = pv.votes([("jobs/x.csv", 1, {"title": "人工智能工程技术人员"}), ("jobs/x.csv", 2, {"title": "哈哈"})])
    assert sorted(votes) == ["64", "65"] and votes["64"] == votes["65"] and cats == {}
    assert ev["65"].startswith("posting title 人工智能工程技术人员 → 2-02-38-01")
    assert pv.tokens([("jobs/x.csv", 1, {"title": "人工智能工程技术人员"})]) == ["occ:2-02-38-01", "occ3:2-02-38"]


# ------------------------------------------------------------------------------- the development set
def test_eval_firms_on_the_development_set():
    """Floors at the figures measured on 2026-12-06 (tests/ingest/gold/firms); the issue's targets that are
    not met yet are noted in docs/firms.md. Each figure must beat the old pipeline's, computed in the same run."""
    from ingest.firms_eval import evaluate

    res = evaluate(None)
    f = res["fields"]
    assert f["all"]["firms"] == 160
    assert f["all"]["city_precision"] >= 0.97
    assert f["job_employer"]["city_coverage"] >= 0.95 and f["listed"]["city_coverage"] >= 0.55
    assert f["all"]["city_coverage"] >= 0.85 > f["all"]["baseline_city_coverage"] + 0.5
    assert f["all"]["industry_coverage"] >= 0.90 and f["all"]["industry_recall"] >= 0.74
    # firm-resolution@2 (combiner) measured 0.748 where @1 had 0.758 on these 160 firms (one code's difference);
    # @3 (English names in the name model, combiner refitted) 0.756; @4 (a label always narrowed to the combiner's
    # best 大类, chosen on the training CV) 0.750
    # @6 (session 11: conditional narrowing, label map review, models refitted) 0.775 in the same run as @5's 0.775
    # with the same tables — @5 with main's tables and models measured 0.750 (docs/firms.md)
    assert f["all"]["industry_precision"] >= 0.77 > f["all"]["baseline_industry_precision"]
    assert f["all"]["industry_precision"] >= f["all"]["v5_industry_precision"] - 0.01
    assert f["all"]["industry_coverage"] >= f["all"]["v1_industry_coverage"]
    assert f["all"]["industry_recall"] > f["all"]["baseline_industry_recall"] + 0.2


# --------------------------------------------------------------------------- suggestions on real data
def _copy_graph(src: Path, dst: Path) -> None:
    for f in src.parent.glob(src.name + "*"):
        if f.suffix != ".json":
            shutil.copy2(f, dst.parent / (dst.name + f.name[len(src.name):]))


@pytest.fixture(scope="module")
def served_graph(tmp_path_factory, reference_graph, reference_dir):
    """The real reference graph plus the curriculum profiles of two 专业类 (SERVES links for the groups)."""
    from kg.store.embedded import EmbeddedStore
    from ingest.pipeline import run_ingest

    path = tmp_path_factory.mktemp("served") / "graph.lbug"
    _copy_graph(Path(reference_graph), path)
    st = EmbeddedStore(str(path))
    corpus = reference_dir / "curricula" / "major_profiles_2022"
    run_ingest(st, "curriculum", [corpus / "5101电子信息类.md", corpus / "4601机械设计制造类.md"], {})
    yield st
    st.close()


@pytest.mark.parametrize("group,college,city", [("物联网应用技术", "无锡职业技术学院", "江苏省/无锡市"),
                                                ("机械制造与自动化", "金华职业技术学院", "浙江省/金华市")])
def test_suggestions_rank_firms_of_the_colleges_city_first(served_graph, group, college, city):
    from queries.suggest import suggest

    res = suggest(served_graph, group, college, top=10)
    df = res.rows
    assert len(df) and res.scope == city.split("/")[0]
    in_city = [r == city for r in df["region"]]
    assert in_city[0] and in_city == sorted(in_city, reverse=True), list(zip(df["firm"], df["region"]))
