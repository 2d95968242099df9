"""Domain codes, said once: levels of classification codes, region ids, score cells.

GB/T 4754-2017 (国民经济行业分类): 门类 is a letter (A–T), 大类 two digits, 中类 three, 小类 four.

``Region.id`` is a path: ``江苏省`` for a province, ``江苏省/南京市`` for a city, a municipality just
``北京市`` (:func:`region_id` builds it from names as written, :func:`region_parts` reads it back); the
province and city names are normalised first (:func:`province_name`: 北京 → 北京市, 内蒙 → 内蒙古自治区;
:func:`city_name`: 杭州 → 杭州市, 临夏州 → 临夏回族自治州).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

GBT_LEVELS = {1: "门类", 2: "大类", 3: "中类", 4: "小类"}


_RAISE = object()


def gbt_level(code: str, default: Any = _RAISE) -> str:
    """The GB/T 4754 level of ``code``: "门类" (one letter), "大类" (2 digits), "中类" (3), "小类" (4).

    Raises ``ValueError`` for anything else (the caller names the file/row), or returns ``default`` when
    one is given.

    >>> gbt_level("C"), gbt_level("65"), gbt_level("657"), gbt_level("6572")
    ('门类', '大类', '中类', '小类')
    """
    c = (code or "").strip()
    if len(c) == 1 and c.isascii() and c.isalpha() and c.isupper():
        return "门类"
    if c.isascii() and c.isdigit() and len(c) in (2, 3, 4):
        return GBT_LEVELS[len(c)]
    if default is not _RAISE:
        return default
    raise ValueError(f"not a GB/T 4754 code: {code!r}")


def gbt_division(code: str) -> str:
    """The 大类 (first two digits) of a 大类/中类/小类 code."""
    if gbt_level(code) == "门类":
        raise ValueError(f"a 门类 has no single 大类: {code!r}")
    return code.strip()[:2]


# 门类 → the range of 大类 it contains, as stated in GB/T 4754-2017
GBT_SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}


def section_of_division(division: int) -> str | None:
    """The 门类 letter that contains the 大类 numbered ``division`` (36 → "C"), or None."""
    for letter, (lo, hi) in GBT_SECTION_DIVISIONS.items():
        if lo <= division <= hi:
            return letter
    return None


@functools.lru_cache(maxsize=1 << 16)  # pure, called for every row of the reference files
def gbt_section(code: str) -> str:
    """The 门类 letter of a 大类/中类/小类 code ("3611" → "C")."""
    letter = section_of_division(int(gbt_division(code)))
    if letter:
        return letter
    raise ValueError(f"大类 {code[:2]} is in no 门类 of GB/T 4754-2017")


# ----------------------------------------------------------------------------------------------- regions
_WS = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """NFKC-fold (full-width letters, digits and brackets → half width) and trim."""
    return unicodedata.normalize("NFKC", text or "").strip()


#: The 34 provincial-level divisions (GB/T 2260 names).
PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区",
)
MUNICIPALITIES: frozenset[str] = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_PROVINCE_SHORT: dict[str, str] = {}
for _p in PROVINCES:
    _short = re.sub(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$", "", _p)
    _PROVINCE_SHORT[_short] = _p
_PROVINCE_SHORT["内蒙"] = "内蒙古自治区"  # Tushare's `area` spelling

#: Prefecture names written in a short form in the source files → official name.
CITY_OFFICIAL: dict[str, str] = {"临夏州": "临夏回族自治州"}


@functools.lru_cache(maxsize=1 << 16)  # pure, called for every row of the reference files
def province_name(text: str | None) -> str | None:
    """Canonical province-level name, or None if ``text`` is not one.

    >>> province_name("内蒙"), province_name("广东"), province_name("北京"), province_name("广西壮族自治区")
    ('内蒙古自治区', '广东省', '北京市', '广西壮族自治区')
    """
    s = _WS.sub("", nfkc(text or ""))
    if not s:
        return None
    if s in PROVINCES:
        return s
    short = re.sub(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$", "", s)
    return _PROVINCE_SHORT.get(short)


_CITY_SUFFIX = re.compile(r"(自治州|地区|盟|州|市)$")
_ETHNIC = re.compile(r"(蒙古族藏族|蒙古|藏族羌族|哈萨克|柯尔克孜|朝鲜族|土家族苗族|苗族侗族|布依族苗族|壮族苗族|哈尼族彝族|"
                     r"傣族景颇族|傣族|傈僳族|彝族|白族|藏族|回族|黎族)$")


def city_stem(text: str) -> str:
    """The distinctive part of a prefecture/city name: 杭州市 → 杭州, 临夏回族自治州 → 临夏,
    阿勒泰地区 → 阿勒泰, 兴安盟 → 兴安. Used to match short forms (杭州) to full ones."""
    s = _WS.sub("", nfkc(text))
    if len(s) <= 2:
        return s
    s2 = _CITY_SUFFIX.sub("", s)
    s2 = _ETHNIC.sub("", s2) or s2
    return s2 or s


@functools.lru_cache(maxsize=1 << 16)  # pure, called for every row of the reference files
def city_name(text: str | None) -> str | None:
    """Normalised city name as written in full (no gazetteer): NFKC, no spaces, official form for
    known short forms (临夏州 → 临夏回族自治州). A bare name without suffix gets 市 (杭州 → 杭州市)."""
    s = _WS.sub("", nfkc(text or ""))
    if not s:
        return None
    s = CITY_OFFICIAL.get(s, s)
    if not re.search(r"(市|州|盟|地区|县|区)$", s) or (len(s) == 2 and s.endswith("州")):
        s += "市"  # 杭州 → 杭州市 (a bare 2-character X州 is a city; 临夏州-style short forms are in CITY_OFFICIAL)
    return s


@functools.lru_cache(maxsize=1 << 16)  # pure, called for every row of the reference files
def region_id(province: str, city: str | None = None) -> str:
    """``Region.id``: ``江苏省`` for a province, ``江苏省/南京市`` for a city; a municipality's city is
    the municipality itself (``region_id("上海市", "上海市") == "上海市"``)."""
    p = province_name(province) or province
    if not city:
        return p
    c = city_name(city) or city
    if c == p:
        return p
    return f"{p}/{c}"


def region_parts(region_id: str) -> tuple[str, str | None]:
    """A ``Region.id`` read back: (province, city or None).

    >>> region_parts("江苏省/南京市"), region_parts("上海市")
    (('江苏省', '南京市'), ('上海市', None))
    """
    province, _, rest = region_id.partition("/")
    return province, (rest.split("/")[0] or None) if rest else None


# ------------------------------------------------------------------------------------------------ scores
def parse_scores(text: str | None) -> dict[str, float]:
    """'2022:88;2023:91' (also '2022=88, 2023=91' or '2022：88') → {'2022': 88.0, '2023': 91.0}."""
    out: dict[str, float] = {}
    text = unicodedata.normalize("NFKC", text or "")
    for part in text.replace(",", ";").replace("、", ";").replace("|", ";").split(";"):
        part = part.strip().replace("=", ":")
        if ":" not in part:
            continue
        y, v = part.split(":", 1)
        try:
            out[y.strip()] = float(v.strip())
        except ValueError:
            continue
    return dict(sorted(out.items()))
