"""Regions: provinces and cities named by the college, firm and job files → ``Region`` + ``PART_OF``.

Ids are paths (``江苏省``, ``江苏省/南京市``); a municipality is one node (``上海市``, level province).
Names are normalised with :mod:`kg.codes` (内蒙 → 内蒙古自治区, 杭州 → 杭州市, 临夏州 →
临夏回族自治州). The MOE college list names every province and the city of each college, so it is
the gazetteer the firm and job files' short city names are resolved against.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from ingest.base import Batch
from ingest.reference.common import FileResult, RefContext, SourceFile, evidence_of, node, rel
from ingest.reference.sources import ASHARE, JOB_FILES, MOE_CSV, ZJTX_HANGZHOU, ZJTX_NANJING
from ingest.vocab.places import CityGazetteer
from kg.codes import MUNICIPALITIES, city_name, province_name, region_id

PART = "regions"
EXTRACTOR = "ref-regions@1"


def build_gazetteer(ctx: RefContext) -> CityGazetteer:
    """(province, city) of the colleges in the MOE list. The list groups colleges by the province that
    runs them, which is not always where they are (河北工业大学 is in 天津市, 西藏民族大学 in 咸阳市), so
    each city goes to the province most of its colleges are listed under (a municipality to itself)."""
    votes: dict[str, Counter] = {}
    for c in ctx.moe.by_code.values():
        if c.get("province") and c.get("city"):
            votes.setdefault(c["city"], Counter())[c["province"]] += 1
    pairs = []
    for city, counter in votes.items():
        p = city if city in MUNICIPALITIES else counter.most_common(1)[0][0]
        pairs.append((p, city))
    return CityGazetteer(sorted(pairs))


def college_region(ctx: RefContext, college: dict) -> tuple[str, str] | None:
    """(province, city) where a college of the MOE list is located."""
    return ctx.gazetteer.resolve(college.get("city")) if college.get("city") else None


def ashare_region(area: str | None, gazetteer: CityGazetteer) -> tuple[str, str | None] | None:
    """Tushare ``area`` → (province, city or None): 深圳 is listed apart from 广东 (a city)."""
    p = province_name(area)
    if p:
        return p, (p if p in MUNICIPALITIES else None)
    hit = gazetteer.resolve(area)
    return hit if hit else None


class RegionCollector:
    """Regions mentioned by one file, each with the provenance of its first mention."""

    def __init__(self, src: SourceFile):
        self.res = FileResult(src, PART)
        self.seen: set[str] = set()

    def add(self, province: str, city: str | None, locator: str, evidence: str) -> str:
        p = province_name(province) or province
        c = city_name(city) if city else None
        prov = None
        pid = region_id(p)
        if pid not in self.seen:
            self.seen.add(pid)
            prov = self.res.src.prov(locator, evidence)
            self.res.nodes.append(node("Region", pid, {"name": p, "level": "province", "province": p}, prov))
        rid = region_id(p, c)
        if rid not in self.seen:
            self.seen.add(rid)
            prov = prov or self.res.src.prov(locator, evidence)
            self.res.nodes.append(node("Region", rid, {"name": c, "level": "city", "province": p}, prov))
            self.res.rels.append(rel("PART_OF", "Region", rid, "Region", pid, prov))
        return rid


def _collect(ctx: RefContext) -> list[FileResult]:
    out = []
    gaz = ctx.gazetteer
    # colleges: every province and the city of each college
    moe = RegionCollector(ctx.file(MOE_CSV, EXTRACTOR))
    for c in ctx.moe.by_code.values():
        hit = college_region(ctx, c)
        if hit:
            moe.add(hit[0], hit[1], c["csv_locator"] or c["locator"], c["evidence"])
        else:
            moe.add(c["province"], None, c["csv_locator"] or c["locator"], c["evidence"])
    moe.res.rows_read = len(ctx.moe.by_code)
    out.append(moe.res)
    # A-share firms: province (深圳 as a city of 广东)
    if ctx.exists(ASHARE):
        col = RegionCollector(ctx.file(ASHARE, EXTRACTOR))
        _, rows = ctx.csv(col.res.src.relpath)
        for i, r in enumerate(rows, start=2):
            hit = ashare_region(r.get("area"), gaz) if r else None
            if hit:
                col.add(hit[0], hit[1], f"row {i}", evidence_of(r.values()))
        col.res.rows_read = len(rows)
        out.append(col.res)
    # 专精特新 lists and job posts: cities
    for relpath, column in ((ZJTX_NANJING, "city"), (ZJTX_HANGZHOU, "city"), *((j, "city") for j in JOB_FILES)):
        if not ctx.exists(relpath):
            continue
        col = RegionCollector(ctx.file(relpath, EXTRACTOR))
        _, rows = ctx.csv(col.res.src.relpath)
        for i, r in enumerate(rows, start=2):
            hit = gaz.resolve(r.get(column)) if r else None
            if hit:
                col.add(hit[0], hit[1], f"row {i}", evidence_of(r.values()))
        col.res.rows_read = len(rows)
        out.append(col.res)
    for res in out:
        res.report = {"regions": len(res.nodes)}
    return out


def batches(ctx: RefContext) -> Iterator[Batch]:
    for res in _collect(ctx):
        yield from res.batches()
