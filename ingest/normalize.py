"""Name normalisers for entity resolution: firms, regions, colleges, majors, job postings.

Every function here is pure (no I/O, no global state besides constant tables) so any reader or
extractor can import it and get the same keys the reference loader used:

* :func:`firm_key` / :func:`firm_id` — one key per real company however its full name is written
  (full/half width, （）/() brackets, ``(中国)``, 股份有限公司/有限公司/有限责任公司 …).
* :func:`province_name`, :func:`city_name`, :func:`region_id`, :class:`CityGazetteer` — canonical
  province names (北京 → 北京市, 内蒙 → 内蒙古自治区, 广东 → 广东省) and the ``Region.id`` path
  (``江苏省/南京市``; a municipality is just ``北京市``).
* :func:`college_key` — the matching key of a college name (width, brackets, whitespace).
* :func:`major_key` — the matching key of a major name.
* :func:`job_posting_id` — the stable ``JobPosting.id`` (``job:<source>:<job_id>``).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable

__all__ = [
    "nfkc", "firm_key", "firm_id", "FIRM_LEGAL_FORMS", "PROVINCES", "MUNICIPALITIES", "province_name",
    "city_name", "city_stem", "region_id", "CityGazetteer", "college_key", "major_key", "job_posting_id",
]

_WS = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """NFKC-fold (full-width letters, digits and brackets → half width) and trim."""
    return unicodedata.normalize("NFKC", text or "").strip()


def _squash_spaces(s: str) -> str:
    """Drop whitespace, except one space between two Latin letters/digits ("Ling's Moment")."""
    s = _WS.sub(" ", s).strip()
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", s)


# ------------------------------------------------------------------------------------------ firms
#: Legal-form suffixes treated as the same company (longest first). "集团" is *not* a legal form:
#: 大众交通(集团)股份有限公司 keeps "集团" in its key.
FIRM_LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "公司",
)
_BRACKETS = re.compile(r"[()\[\]【】〔〕<>《》]")
_CHINA_TAG = re.compile(r"\((?:中国|中國)\)")


@functools.lru_cache(maxsize=1 << 16)
def firm_key(name: str) -> str:
    """Matching key of a company name: the same company written differently gets the same key.

    Steps: NFKC (full-width → half-width, so （） → ()), whitespace dropped (kept once between Latin
    words), the ``(中国)`` tag dropped, remaining brackets dropped (their content kept), one trailing
    legal form (股份有限公司 / 有限责任公司 / 有限公司 / 股份公司 / 公司) dropped, Latin letters lower-cased.

    >>> firm_key("美埃（中国）环境科技股份有限公司") == firm_key("美埃(中国)环境科技股份有限公司")
    True
    >>> firm_key("南京麦澜德医疗科技有限公司") == firm_key("南京麦澜德医疗科技股份有限公司")
    True
    >>> firm_key("大众交通（集团）股份有限公司")
    '大众交通集团'
    """
    s = _squash_spaces(nfkc(name))
    s = _CHINA_TAG.sub("", s)
    s = _BRACKETS.sub("", s)
    for form in FIRM_LEGAL_FORMS:
        if s.endswith(form):
            if len(s) > len(form):
                s = s[: -len(form)]
            break
    return s.lower().strip()


def firm_id(name: str) -> str:
    """``Firm.id`` for a company known by name: its :func:`firm_key` (the normalised full name)."""
    key = firm_key(name)
    if not key:
        raise ValueError(f"no firm key for name {name!r}")
    return key


# ---------------------------------------------------------------------------------------- regions
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


class CityGazetteer:
    """Known (province, city) pairs; resolves short or noisy city mentions to ``(province, city)``.

    Build it from a table that names both (the MOE college list does), then ``resolve("杭州")`` →
    ``("浙江省", "杭州市")``; ``resolve("杭州余杭区西溪金座A")`` also works (longest known city
    stem at the start). Municipalities resolve to ``(p, p)``. Ambiguous stems resolve to None.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()):
        self._by_stem: dict[str, set[tuple[str, str]]] = {}
        for p in PROVINCES:
            if p in MUNICIPALITIES:
                self.add(p, p)
        for p, c in pairs:
            self.add(p, c)

    def add(self, province: str, city: str) -> None:
        p = province_name(province) or province
        c = city_name(city) or city
        for key in {city_stem(c), c}:
            self._by_stem.setdefault(key, set()).add((p, c))

    def pairs(self) -> set[tuple[str, str]]:
        return set().union(*self._by_stem.values()) if self._by_stem else set()

    def resolve(self, text: str | None) -> tuple[str, str] | None:
        s = _WS.sub("", nfkc(text or ""))
        if not s:
            return None
        s = CITY_OFFICIAL.get(s, s)
        for key in (s, city_stem(s)):
            hit = self._by_stem.get(key)
            if hit and len(hit) == 1:
                return next(iter(hit))
        # a free-text address starting with a city name: longest known stem that prefixes it
        for n in range(min(len(s), 8), 1, -1):
            hit = self._by_stem.get(s[:n])
            if hit and len(hit) == 1:
                return next(iter(hit))
        return None


# --------------------------------------------------------------------------------------- colleges
def college_key(name: str) -> str:
    """Matching key of a college name: NFKC (（）→()), no whitespace.

    >>> college_key(" 渤海船舶职业学院\\u3000") == college_key("渤海船舶职业学院")
    True
    """
    return _WS.sub("", nfkc(name))


def major_key(name: str) -> str:
    """Matching key of a major name: NFKC, no whitespace, brackets unified."""
    return _WS.sub("", nfkc(name))


# ------------------------------------------------------------------------------------------- jobs
def job_posting_id(source: str, job_id: str | int) -> str:
    """Stable ``JobPosting.id``: ``job:<source>:<job_id>`` (e.g. ``job:lagou_2017:1``)."""
    src = _WS.sub("_", nfkc(str(source)))
    jid = _WS.sub("", nfkc(str(job_id)))
    if not src or not jid:
        raise ValueError("job_posting_id needs a source and a job id")
    return f"job:{src}:{jid}"
