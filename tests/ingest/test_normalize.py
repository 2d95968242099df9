"""Name normalisers: firm keys, region names, city gazetteer, college/major keys, job posting ids.

The firm pairs are real spellings found in the reference files (A-share full names vs. the
专精特新 lists and job posts)."""
from __future__ import annotations

import pytest

from ingest.normalize import (
    city_name, city_stem, college_key, firm_id, firm_key, job_posting_id, major_key, province_name, region_id,
)
from ingest.vocab.places import CityGazetteer


@pytest.mark.parametrize("a, b", [
    # 有限公司 vs 股份有限公司 (南京 专精特新 list vs A-share full name, 688273.SH)
    ("南京麦澜德医疗科技有限公司", "南京麦澜德医疗科技股份有限公司"),
    # full-width vs half-width brackets around (中国) (专精特新 vs A-share, 688376.SH)
    ("美埃（中国）环境科技股份有限公司", "美埃(中国)环境科技股份有限公司"),
    # full-width vs half-width (集团) (job post vs A-share)
    ("大众交通（集团）股份有限公司", "大众交通(集团)股份有限公司"),
    # job post without the legal form
    ("游族网络", "游族网络股份有限公司"),
    ("圆通速递有限公司", "圆通速递股份有限公司"),
    # (中国) tag dropped; whitespace and full-width letters folded
    ("晶门科技（中国）有限公司", "晶门科技有限公司"),
    ("ＡＢＣ 科技 有限公司", "ABC科技有限责任公司"),
])
def test_same_firm_written_differently_gets_one_key(a, b):
    assert firm_key(a) == firm_key(b)
    assert firm_id(a) == firm_id(b)


@pytest.mark.parametrize("a, b", [
    ("南京康尼机电股份有限公司", "南京康尼精密机械有限公司"),
    ("大众交通(集团)股份有限公司", "大众交通股份有限公司"),  # 集团 is part of the name, not a legal form
    ("杭州海康威视数字技术股份有限公司", "杭州海康威视科技有限公司"),
])
def test_different_firms_keep_different_keys(a, b):
    assert firm_key(a) != firm_key(b)


def test_firm_key_keeps_latin_word_spaces_and_lowercases():
    assert firm_key("INFINITY  ECOMMERCE LIMITED") == "infinity ecommerce limited"
    assert firm_key("Ling's Moment Limited") == "ling's moment limited"


def test_firm_id_of_a_bare_legal_form_is_an_error():
    assert firm_key("有限公司") == "有限公司"  # nothing left to strip to: kept as is
    with pytest.raises(ValueError):
        firm_id("   ")


@pytest.mark.parametrize("raw, expected", [
    ("内蒙", "内蒙古自治区"), ("内蒙古", "内蒙古自治区"), ("广西", "广西壮族自治区"), ("新疆", "新疆维吾尔自治区"),
    ("宁夏回族自治区", "宁夏回族自治区"), ("北京", "北京市"), ("上海市", "上海市"), ("广东", "广东省"),
    ("黑龙江省", "黑龙江省"), ("香港", "香港特别行政区"), ("深圳", None), ("", None), (None, None),
])
def test_province_name(raw, expected):
    assert province_name(raw) == expected


@pytest.mark.parametrize("raw, stem", [
    ("杭州市", "杭州"), ("临夏回族自治州", "临夏"), ("临夏州", "临夏"), ("阿勒泰地区", "阿勒泰"), ("兴安盟", "兴安"),
    ("海西蒙古族藏族自治州", "海西"), ("巴音郭楞蒙古自治州", "巴音郭楞"), ("杭州", "杭州"),
])
def test_city_stem(raw, stem):
    assert city_stem(raw) == stem


def test_city_name_and_region_id():
    assert city_name("杭州") == "杭州市"
    assert city_name("临夏州") == "临夏回族自治州"
    assert city_name("阿勒泰地区") == "阿勒泰地区"
    assert region_id("江苏", "南京") == "江苏省/南京市"
    assert region_id("上海市", "上海") == "上海市"
    assert region_id("内蒙") == "内蒙古自治区"


def test_gazetteer_resolves_short_names_addresses_and_refuses_ambiguity():
    g = CityGazetteer([("浙江省", "杭州市"), ("四川省", "成都市"), ("吉林省", "吉林市"), ("甘肃省", "临夏州")])
    assert g.resolve("杭州") == ("浙江省", "杭州市")
    assert g.resolve("上海") == ("上海市", "上海市")  # municipalities are built in
    assert g.resolve("杭州余杭区西溪金座A") == ("浙江省", "杭州市")  # a Lagou address cell
    assert g.resolve("成都市高新区天府软件园D区D5 8F") == ("四川省", "成都市")
    assert g.resolve("临夏回族自治州") == ("甘肃省", "临夏回族自治州")
    assert g.resolve("笋岗路中民时代广场A座") is None
    g.add("湖北省", "杭州市")  # an ambiguous stem resolves to nothing rather than to a guess
    assert g.resolve("杭州") is None


def test_college_and_major_keys_fold_width_and_space():
    assert college_key(" 渤海船舶职业学院\u3000") == college_key("渤海船舶职业学院")
    assert college_key("中国石油大学（北京）") == college_key("中国石油大学(北京)")
    assert major_key("机械制造 及自动化") == major_key("机械制造及自动化")


def test_job_posting_id_is_stable():
    assert job_posting_id("lagou_2017", 12) == "job:lagou_2017:12"
    assert job_posting_id("51job_shanghai_c2020", "6590") == job_posting_id("51job_shanghai_c2020", 6590)
    with pytest.raises(ValueError):
        job_posting_id("", 1)
