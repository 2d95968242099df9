"""Place names inside Chinese firm names and controller names → (province, prefecture-level city).

A registered Chinese firm name is 行政区划 + 字号 + 行业 + 组织形式 (``常州市溧阳某某机械有限公司``); the
place may also stand in brackets (``康平科技(苏州)股份有限公司``) or just before the legal form of a local
entity (``北京外企德科人力资源服务上海有限公司``); a branch (``…有限公司武汉分公司``) names its own place
after the parent's name. :class:`PlaceIndex` reads only those positions — a place word elsewhere is the
trade name (长城, 华夏, 中山 in 中山大学-like strings) and is ignored.

The divisions table is ``ingest/data/admin_divisions_cn.csv`` (prefectures, counties, districts with
their province and prefecture; from the cpca package, MIT). A county-level place maps to its prefecture
(溧阳市 → 常州市). Districts (区) are never read from a name: their names repeat across cities (朝阳,
鼓楼, 西湖) and a district only refines a city already named. A bare county stem without 市/县 (``瑞安``)
is returned as ``weak``: the caller accepts it only when other evidence names the same province.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.codes import (CITY_OFFICIAL, MUNICIPALITIES, PROVINCES, city_name, city_stem, nfkc,
                      province_name)

_WS = re.compile(r"\s+")

DIVISIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "admin_divisions_cn.csv"

#: legal forms / organisation words that end a firm's own name (longest first)
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "公司", "集团")
#: what follows a branch's place: ``…有限公司<place><branch word>``
BRANCH_WORDS = ("分公司", "支公司", "分行", "支行", "分理处", "营销服务部", "营业部", "办事处", "分部", "分店", "分中心", "子公司",
                "代表处", "分院", "门店")
_BRANCH = re.compile(r"^(?P<parent>.+?(?:有限责任公司|股份有限公司|有限公司|股份公司|公司))(?P<rest>.+?)"
                     r"(?P<word>" + "|".join(BRANCH_WORDS) + r")$")
_BRACKET = re.compile(r"\(([^()]{2,12})\)")
_GOV = re.compile(r"(人民政府|国有资产|国资委|财政局|财政厅|管理委员会|管委会|国资)")


@dataclass(frozen=True)
class Place:
    name: str  # as in the divisions table (杭州市, 溧阳市, 江苏省)
    level: str  # province | prefecture | county
    province: str
    prefecture: str | None  # None for a province

    @property
    def city(self) -> str | None:
        """The prefecture-level city (a municipality is its own city)."""
        if self.level == "province":
            return self.province if self.province in MUNICIPALITIES else None
        return self.prefecture


@dataclass(frozen=True)
class PlaceHit:
    place: Place
    text: str  # the exact substring of the name
    start: int
    end: int
    how: str  # lead | bracket | before-legal-form | branch | controller
    weak: bool = False  # a bare county stem (needs the province confirmed elsewhere)


class PlaceIndex:
    """Province, prefecture and county names with their short forms."""

    def __init__(self, rows: list[dict]):
        self.full: dict[str, list[Place]] = {}  # full name → places
        self.stem: dict[str, list[Place]] = {}  # short form → places (provinces, prefectures)
        self.weak_stem: dict[str, list[Place]] = {}  # bare county stems
        for p in PROVINCES:
            pl = Place(p, "province", p, p if p in MUNICIPALITIES else None)
            self._add(self.full, p, pl)
            short = re.sub(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$", "", p)
            self._add(self.stem, short, pl)
        self._add(self.stem, "内蒙", Place("内蒙古自治区", "province", "内蒙古自治区", None))
        for r in rows:
            prov = province_name(r["province"]) or r["province"]
            if r["level"] == "district":
                continue
            pl = Place(r["name"], r["level"], prov, r["prefecture"])
            self._add(self.full, r["name"], pl)
            st = city_stem(r["name"])
            if len(st) < 2 or st == r["name"]:
                continue
            if r["level"] == "prefecture":
                self._add(self.stem, st, pl)
            else:
                self._add(self.weak_stem, st, pl)
        # one lookup table in priority order (full name, short form, bare county stem) and the key lengths
        self._any: dict[str, tuple[list[Place], bool]] = {}
        for table, weak in ((self.weak_stem, True), (self.stem, False), (self.full, False)):
            for k, v in table.items():
                self._any[k] = (v, weak)
        self._lengths = sorted({len(k) for k in self._any if len(k) >= 2}, reverse=True)
        self._lead_cache: dict[str, list[PlaceHit]] = {}

    @staticmethod
    def _add(d: dict, key: str, pl: Place) -> None:
        lst = d.setdefault(key, [])
        if pl not in lst:
            lst.append(pl)

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "PlaceIndex":
        with open(DIVISIONS_CSV, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(ln for ln in f if not ln.startswith("#")))
        return cls(rows)

    # -- lookups
    def exact(self, text: str) -> list[Place]:
        """Places whose full name or short form (not a bare county stem) is ``text``."""
        s = nfkc(text)
        return self.full.get(s) or self.stem.get(s) or []

    def _at(self, s: str, i: int, within: str | None = None) -> tuple[list[Place], int, bool] | None:
        """Longest place name starting at ``s[i]`` (full names and short forms; bare county stems last)."""
        rest = len(s) - i
        for n in self._lengths:
            if n > rest:
                continue
            found = self._any.get(s[i:i + n])
            if found:
                hit, weak = found
                if within:  # the next place of a chain lies inside the province already read
                    hit = [p for p in hit if p.province == within]
                if hit:
                    return hit, n, weak
        return None

    def leading(self, name: str) -> list[PlaceHit]:
        """The chain of places at the start of ``name`` (江苏省南京市…, 浙江杭州…, 溧阳市…); only
        unambiguous ones (one place for the text, or one within the province already read)."""
        s = nfkc(name)
        if s in self._lead_cache:
            return self._lead_cache[s]
        out: list[PlaceHit] = []
        i, prov = 0, None
        while i < len(s):
            found = self._at(s, i, prov)
            if not found:
                break
            places, n, weak = found
            if len(places) != 1:
                break
            pl = places[0]
            # a name that is all place (北京市) or whose 'place' runs into the trade name is still read
            out.append(PlaceHit(pl, s[i:i + n], i, i + n, "lead", weak))
            prov = pl.province
            i += n
            if pl.level == "county":
                break
        if len(self._lead_cache) < 200_000:
            self._lead_cache[s] = out
        return out

    def bracketed(self, name: str, county_stems: bool = True) -> list[PlaceHit]:
        """Places written alone in brackets (``康平科技(苏州)…``). A bracket holds the 行政区划 of a registered
        name, so a bare county stem there is a place too (``优德精密工业(昆山)…`` → 苏州市) when only one
        county has it (``county_stems=False``: firm-resolution@4, full names and prefecture stems only)."""
        s = nfkc(name)
        out = []
        for m in _BRACKET.finditer(s):
            places = self.exact(m.group(1)) or (self.weak_stem.get(m.group(1), []) if county_stems else [])
            if len(places) == 1:
                out.append(PlaceHit(places[0], m.group(1), m.start(1), m.end(1), "bracket"))
        return out

    def before_legal_form(self, name: str) -> PlaceHit | None:
        """``…上海有限公司``: a province or prefecture name right before the legal form."""
        s = nfkc(name)
        for form in LEGAL_FORMS:
            if s.endswith(form) and len(s) > len(form):
                core = s[: -len(form)]
                for n in range(min(6, len(core) - 2), 1, -1):
                    piece = core[-n:]
                    places = self.exact(piece)
                    if len(places) == 1 and places[0].level in ("province", "prefecture"):
                        return PlaceHit(places[0], piece, len(core) - n, len(core), "before-legal-form")
                return None
        return None

    def branch(self, name: str) -> tuple[str, PlaceHit | None, str] | None:
        """(parent name, the branch's place or None, branch word) when ``name`` is a branch."""
        s = nfkc(name)
        m = _BRANCH.match(s)
        if not m:
            return None
        rest = m.group("rest")
        hit = None
        found = self._at(rest, 0)
        if found and len(found[0]) == 1 and not found[2]:
            off = m.start("rest")
            hit = PlaceHit(found[0][0], rest[: found[1]], off, off + found[1], "branch")
            # 郑州市东大街, 江苏省南京市: read one more level inside the province
            nxt = self._at(rest, found[1], found[0][0].province) if found[0][0].level == "province" else None
            if nxt and len(nxt[0]) == 1 and not nxt[2]:
                hit = PlaceHit(nxt[0][0], rest[: found[1] + nxt[1]], off, off + found[1] + nxt[1], "branch")
        return m.group("parent"), hit, m.group("word")

    def controller(self, act_name: str | None) -> PlaceHit | None:
        """A local government named as controller (溧阳市人民政府, 滨州市国资委) → its place."""
        s = nfkc(act_name or "")
        if not s or not _GOV.search(s):
            return None
        hits = [h for h in self.leading(s) if not h.weak]
        if not hits:
            return None
        h = hits[-1]
        return PlaceHit(h.place, s[h.start:h.end] if len(hits) == 1 else s[: h.end], 0, h.end, "controller")


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
