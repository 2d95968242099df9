"""Firms: A-share listed companies, the 专精特新 lists (Nanjing, Hangzhou) and the firms named in job posts.

One ``Firm`` per real company across files: ``Firm.id`` is :func:`ingest.normalize.firm_id` of the full
name (brackets, full/half width, ``(中国)`` and 股份有限公司/有限公司 variants normalised), so the same
company spelled two ways in two files is one node. The display ``name`` is the most authoritative
spelling (A-share full name, then the 专精特新 lists, then job posts); other spellings go to
``aliases`` (the A-share short name too).

* A-share: name, name_en, aliases [short name], province / city (Tushare ``area``: a province, or 深圳),
  listed_code (ts_code), ownership (actual controller type), list_date, tags [A股, market], the Tushare
  industry in ``industry_label`` and ``IN_INDUSTRY`` through :mod:`ingest.reference.industry_map`.
* 专精特新: tags [专精特新, the list, its category], city → ``LOCATED_IN``. The lists' own
  ``a_share_ts_code_exact_match`` column is checked against the resolution (reported).
* Job-post firms are written by :mod:`ingest.reference.jobs` with the same ids.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ingest.base import Batch
from ingest.normalize import firm_id, firm_key, region_id
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, rel
from ingest.firm_resolution import VERSION
from ingest.reference.sources import ASHARE, JOBS, ZJTX_HANGZHOU, ZJTX_NANJING

PART = "firms"
EXTRACTOR = "ref-firms@1"
MAP_EXTRACTOR = {"table": "industry-map-table@1", "similarity": "industry-map-similarity@1"}
ZJTX_LISTS = {ZJTX_NANJING: "南京市专精特新中小企业名录库", ZJTX_HANGZHOU: "浙江省专精特新中小企业2025第一批拟认定(杭州)"}
FIRM_FILES = (ASHARE, ZJTX_NANJING, ZJTX_HANGZHOU, JOBS)  # canonical-name priority
NAME_COLUMN = {ASHARE: "fullname", ZJTX_NANJING: "company", ZJTX_HANGZHOU: "company", JOBS: "company"}


@dataclass
class FirmEntry:
    id: str
    name: str  # canonical spelling
    spellings: dict[str, list[str]] = field(default_factory=dict)  # spelling -> ["file row N", …]
    files: list[str] = field(default_factory=list)
    listed_code: str | None = None


@dataclass
class FirmRegistry:
    by_id: dict[str, FirmEntry] = field(default_factory=dict)

    def resolve(self, name: str) -> FirmEntry | None:
        key = firm_key(name or "")
        return self.by_id.get(key) if key else None

    def cross_file(self) -> list[FirmEntry]:
        return [e for e in self.by_id.values() if len(e.files) > 1]

    def spelled_differently(self) -> list[FirmEntry]:
        return [e for e in self.by_id.values() if len(e.spellings) > 1]


def build_registry(ctx: RefContext) -> FirmRegistry:
    """Every firm name in the four files, grouped by :func:`firm_key`."""
    reg = FirmRegistry()
    for relpath in FIRM_FILES:
        if not ctx.exists(relpath):
            continue
        _, rows = ctx.csv(relpath)
        col = NAME_COLUMN[relpath]
        for i, r in enumerate(rows, start=2):
            name = clean(r.get(col)) if r else None
            if not name or not firm_key(name):
                continue
            fid = firm_id(name)
            e = reg.by_id.get(fid)
            if e is None:
                e = reg.by_id[fid] = FirmEntry(fid, name)
            e.spellings.setdefault(name, []).append(f"{relpath} row {i}")
            if relpath not in e.files:
                e.files.append(relpath)
            if relpath == ASHARE and not e.listed_code:
                e.listed_code = clean(r.get("ts_code"))
    return reg


def industry_rels(ctx: RefContext, res: FileResult, fid: str, label: str | None, scheme: str, locator: str,
                  unmapped: dict[str, int]) -> None:
    """``IN_INDUSTRY`` from ``fid`` for each code the label maps to; unmapped labels counted."""
    if not label:
        return
    matches = ctx.industry_mapper.map(label, scheme)
    if not matches:
        unmapped[label] = unmapped.get(label, 0) + 1
        return
    for m in matches:
        p = res.src.prov(locator, f"{label} → {m.code} {ctx.industries.names.get(m.code, '')} ({m.method})",
                         confidence=m.confidence, extractor=MAP_EXTRACTOR[m.method])
        review = True if m.method == "similarity" else None  # unreviewed text similarity → Review queue
        res.rels.append(rel("IN_INDUSTRY", "Firm", fid, "Industry", m.code, p, {"review": review}))


def _ashare(ctx: RefContext) -> FileResult:
    src = ctx.file(ASHARE, EXTRACTOR)
    res = FileResult(src, PART)
    header, rows = ctx.csv(src.relpath)
    need = {"ts_code", "name", "fullname", "area", "industry", "enname", "market", "list_date"}
    if not need <= set(header):
        res.reject(f"missing columns {sorted(need - set(header))}")
        return res
    reg = ctx.firm_registry
    unmapped: dict[str, int] = {}
    labels: set[str] = set()
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        full = clean(r["fullname"])
        if not full or not firm_key(full):
            res.reject("no full name", i, "fullname")
            continue
        fid = firm_id(full)
        entry = reg.by_id[fid]
        p = src.prov(f"row {i}", evidence_of(r.values()))
        aliases = [s for s in (clean(r["name"]), full) if s and s != entry.name]
        props = {"name": entry.name, "name_en": clean(r["enname"]), "aliases": list(dict.fromkeys(aliases)) or None,
                 "listed_code": clean(r["ts_code"]), "ownership": clean(r.get("act_ent_type")),
                 "industry_label": clean(r["industry"]), "list_date": clean(r["list_date"]),
                 "tags": ["A股", clean(r["market"])] if clean(r["market"]) else ["A股"]}
        res.nodes.append(node("Firm", fid, props, p))
        if clean(r["industry"]):
            labels.add(clean(r["industry"]))
            if not ctx.industry_mapper.map(clean(r["industry"]), "tushare"):
                unmapped[clean(r["industry"])] = unmapped.get(clean(r["industry"]), 0) + 1
    for label, n in sorted(unmapped.items()):
        res.reject(f"industry label {label!r} ({n} firms) not mapped to GB/T 4754", None, "industry")
    res.report = {"firms": res.rows_read, "industry_labels": len(labels), "unmapped_labels": sorted(unmapped),
                  "labels_by_similarity": sorted(l for l in labels if not ctx.industry_mapper.in_table(l, "tushare"))}
    return res


def _zjtx(ctx: RefContext, relpath: str) -> FileResult:
    src = ctx.file(relpath, EXTRACTOR)
    res = FileResult(src, PART)
    header, rows = ctx.csv(src.relpath)
    if not {"company", "city"} <= set(header):
        res.reject(f"missing columns {sorted({'company', 'city'} - set(header))}")
        return res
    reg = ctx.firm_registry
    in_ashare, code_mismatch, beyond_exact = 0, [], []
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        name = clean(r["company"])
        if not name or not firm_key(name):
            res.reject("no company name", i, "company")
            continue
        fid = firm_id(name)
        entry = reg.by_id[fid]
        p = src.prov(f"row {i}", evidence_of(r.values()))
        hit = ctx.gazetteer.resolve(r.get("city"))
        tags = ["专精特新", ZJTX_LISTS[relpath]] + ([clean(r["category_note"])] if clean(r.get("category_note")) else [])
        props = {"name": entry.name, "aliases": [name] if name != entry.name else None, "tags": tags}
        res.nodes.append(node("Firm", fid, props, p))
        if not hit:
            res.reject(f"city {r.get('city')!r} not resolved", i, "city")
        if ASHARE in entry.files:
            in_ashare += 1
        stated = clean(r.get("a_share_ts_code_exact_match"))
        resolved = entry.listed_code if ASHARE in entry.files else None
        if stated and stated != resolved:
            code_mismatch.append(f"row {i}: the list says {stated}, resolved {resolved}")
        elif resolved and not stated:
            beyond_exact.append(f"row {i}: {name} = {entry.name} ({resolved})")
    res.report = {"firms": res.rows_read, "also_a_share_listed": in_ashare,
                  "stated_ts_code_disagreements": code_mismatch,
                  "a_share_found_beyond_exact_name_match": beyond_exact}
    return res


RESOLUTION_EXTRACTOR = f"firm-resolution@{VERSION}"


def _resolved(ctx: RefContext) -> list[FileResult]:
    """Every firm's identity, city, industries, branch link and standing from :mod:`ingest.firm_resolution`,
    each statement attributed to the file and row it rests on. Nodes (new regions, every firm) come in
    the first results, relationships after them, so every endpoint exists when a relationship is written."""
    from ingest.firm_resolution import resolve

    res = resolve(ctx)
    nodes: dict[str, FileResult] = {}
    rels: dict[str, FileResult] = {}
    known = {region_id(p, c) for p, c in ctx.gazetteer.pairs()} | {region_id(p) for p, _ in ctx.gazetteer.pairs()}
    new_regions: set[str] = set()

    def part(d: dict, relpath: str) -> FileResult:
        if relpath not in d:
            d[relpath] = FileResult(ctx.file(relpath, RESOLUTION_EXTRACTOR), PART)
        return d[relpath]

    def prov(d):
        return part(nodes, d.file).src.prov(d.locator, d.evidence, confidence=d.confidence,
                                            extractor=f"{RESOLUTION_EXTRACTOR}:{d.method}")

    def region(d, province: str, city: str | None) -> str:
        for rid, props in ((region_id(province), {"name": province, "level": "province", "province": province}),
                           (region_id(province, city) if city else None,
                            {"name": city, "level": "city", "province": province})):
            if rid and rid not in known and rid not in new_regions:
                new_regions.add(rid)
                part(nodes, d.file).nodes.append(node("Region", rid, props, prov(d)))
                if props["level"] == "city":
                    part(rels, d.file).rels.append(rel("PART_OF", "Region", rid, "Region", region_id(province), prov(d)))
        return region_id(province, city)

    stats = {"firms": len(res.facts), "with_city": 0, "province_only": 0, "with_industry": 0, "branches": 0,
             "brands_linked": len(res.brand_of), "brands_for_review": len(res.review), "city_by_method": {},
             "industry_by_method": {}}
    for fid, f in res.facts.items():
        props = {"name": f.name, "aliases": f.aliases or None, "size": f.size, "ownership": f.ownership,
                 "tags": f.tags or None}
        if f.city:
            p_, c_ = f.city.value
            props.update(province=p_, city=c_)
            part(rels, f.city.file).rels.append(rel("LOCATED_IN", "Firm", fid, "Region", region(f.city, p_, c_),
                                                    prov(f.city)))
            stats["with_city"] += 1
            stats["city_by_method"][f.city.method] = stats["city_by_method"].get(f.city.method, 0) + 1
        elif f.province:
            props.update(province=f.province.value)
            part(rels, f.province.file).rels.append(rel("LOCATED_IN", "Firm", fid, "Region",
                                                        region(f.province, f.province.value, None), prov(f.province)))
            stats["province_only"] += 1
        first = f.city or f.province or (f.industries[0] if f.industries else None) or f.parent
        if first is not None:
            part(nodes, first.file).nodes.append(node("Firm", fid, props, prov(first)))
        else:  # a firm with no decided fact (or a parent named only inside a branch's name)
            file, row = res._rowref(f, f.name)
            file = file or f.files[0]
            part(nodes, file).nodes.append(node("Firm", fid, props, part(nodes, file).src.prov(
                f"row {row}" if row else "", f.name, extractor=f"{RESOLUTION_EXTRACTOR}:name")))
        for d in f.industries:
            part(rels, d.file).rels.append(rel("IN_INDUSTRY", "Firm", fid, "Industry", d.value, prov(d),
                                               {"review": d.review}))
            stats["industry_by_method"][d.method] = stats["industry_by_method"].get(d.method, 0) + 1
        stats["with_industry"] += bool(f.industries)
        if f.parent:
            part(rels, f.parent.file).rels.append(rel("BRANCH_OF", "Firm", fid, "Firm", f.parent.value, prov(f.parent)))
            stats["branches"] += 1
        for d in f.same_as:
            part(rels, d.file).rels.append(rel("SAME_AS", "Firm", fid, "Firm", d.value, prov(d), {"review": True}))
    results = list(nodes.values()) + list(rels.values())
    if results:
        results[0].report = {"resolution": stats, "new_regions": sorted(new_regions), "brand_review": res.review[:50]}
    return results


def batches(ctx: RefContext) -> Iterator[Batch]:
    parts = []
    if ctx.exists(ASHARE):
        parts.append(_ashare(ctx))
    for relpath in (ZJTX_NANJING, ZJTX_HANGZHOU):
        if ctx.exists(relpath):
            parts.append(_zjtx(ctx, relpath))
    reg = ctx.firm_registry
    if parts:
        parts[0].report["resolution"] = {
            "firms": len(reg.by_id), "in_several_files": len(reg.cross_file()),
            "spelled_differently": len(reg.spelled_differently()),
            "examples": [{"id": e.id, "spellings": list(e.spellings)} for e in reg.spelled_differently()[:10]]}
    for res in parts:
        yield from res.batches()
    for res in _resolved(ctx):
        yield from res.batches()
