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
from ingest.reference.common import FileResult, clean, evidence_of, node, rel
from ingest.reference.context import ASHARE, JOBS, ZJTX_HANGZHOU, ZJTX_NANJING, Context
from ingest.reference.regions import ashare_region

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


def build_registry(ctx: Context) -> FirmRegistry:
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


def industry_rels(ctx: Context, res: FileResult, fid: str, label: str | None, scheme: str, locator: str,
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


def _ashare(ctx: Context) -> FileResult:
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
    no_region = 0
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
        region = ashare_region(clean(r["area"]), ctx.gazetteer)
        aliases = [s for s in (clean(r["name"]), full) if s and s != entry.name]
        props = {"name": entry.name, "name_en": clean(r["enname"]), "aliases": list(dict.fromkeys(aliases)) or None,
                 "listed_code": clean(r["ts_code"]), "ownership": clean(r.get("act_ent_type")),
                 "industry_label": clean(r["industry"]), "list_date": clean(r["list_date"]),
                 "tags": ["A股", clean(r["market"])] if clean(r["market"]) else ["A股"],
                 "province": region[0] if region else None,
                 "city": region[1] if region and region[1] else None}
        res.nodes.append(node("Firm", fid, props, p))
        if region:
            res.rels.append(rel("LOCATED_IN", "Firm", fid, "Region", region_id(region[0], region[1]), p))
        else:
            no_region += 1
        if clean(r["industry"]):
            labels.add(clean(r["industry"]))
        industry_rels(ctx, res, fid, clean(r["industry"]), "tushare", f"row {i}", unmapped)
    for label, n in sorted(unmapped.items()):
        res.reject(f"industry label {label!r} ({n} firms) not mapped to GB/T 4754", None, "industry")
    res.report = {"firms": res.rows_read, "industry_labels": len(labels), "unmapped_labels": sorted(unmapped),
                  "without_area": no_region,
                  "labels_by_similarity": sorted(l for l in labels if not ctx.industry_mapper.in_table(l, "tushare"))}
    return res


def _zjtx(ctx: Context, relpath: str) -> FileResult:
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
        props = {"name": entry.name, "aliases": [name] if name != entry.name else None, "tags": tags,
                 "province": hit[0] if hit else None, "city": hit[1] if hit else None}
        res.nodes.append(node("Firm", fid, props, p))
        if hit:
            res.rels.append(rel("LOCATED_IN", "Firm", fid, "Region", region_id(*hit), p))
        else:
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


def batches(ctx: Context) -> Iterator[Batch]:
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
