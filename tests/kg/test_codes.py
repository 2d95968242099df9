"""kg.codes: ``Region.id`` built once from names as written, and read back."""
from __future__ import annotations

import pytest

from kg.codes import city_name, province_name, region_id, region_parts


@pytest.mark.parametrize("province, city, expected", [
    ("广东", None, "广东省"),                          # a province alone, its short name normalised
    ("广西壮族自治区", "", "广西壮族自治区"),            # no city: the province
    ("北京市", "北京", "北京市"),                       # a municipality is one region
    ("重庆", "重庆市", "重庆市"),
    ("浙江省", "杭州", "浙江省/杭州市"),                # a bare city name gets 市
    ("甘肃", "临夏州", "甘肃省/临夏回族自治州"),         # a short form gets its official name
    ("江苏省", " 南京市 ", "江苏省/南京市"),             # spaces dropped
    ("新疆", "阿勒泰地区", "新疆维吾尔自治区/阿勒泰地区"),  # a 地区 keeps its suffix
])
def test_region_id_normalises_the_names_it_is_built_from(province, city, expected):
    assert region_id(province, city) == expected


@pytest.mark.parametrize("rid, parts", [
    ("江苏省/南京市", ("江苏省", "南京市")),
    ("上海市", ("上海市", None)),
    ("广东省", ("广东省", None)),
    ("广东省/深圳市/南山区", ("广东省", "深圳市")),  # a deeper path: its city
])
def test_region_parts_reads_an_id_back(rid, parts):
    assert region_parts(rid) == parts


@pytest.mark.parametrize("province, city", [
    ("江苏", "南京"), ("内蒙", "呼和浩特"), ("上海", "上海"), ("广东省", None), ("甘肃省", "临夏州"),
])
def test_an_id_read_back_gives_the_normalised_names(province, city):
    p, c = region_parts(region_id(province, city))
    assert p == province_name(province)
    assert c == (None if city is None or city_name(city) == p else city_name(city))
