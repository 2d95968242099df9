"""Major catalogue: 职业教育专业目录（2021年） (CSV) and its update to Dec 2025 (XLSX).

Three levels (中职 / 高职专科 / 高职本科), each with 专业大类 → 专业类 → 专业:
``(:MajorClass)-[:PART_OF]->(:MajorCategory)`` and ``(:Major)-[:IN_CLASS]->(:MajorClass)``.
Majors of the 2021 catalogue get ``catalogue='2021'``; majors only in the updated list get
``catalogue='2021+增补'`` and ``year_added`` when the list states it (备注 "2025年12月新增" → 2025; the
other additions carry no year in the source, so ``year_added`` stays empty and the report counts them).
The 47 K-coded majors (absent from the update) are kept from the 2021 file. Majors, classes and
categories already stated by the 2021 file are not re-written from the update (it is checked against
the 2021 file instead: a differing name is rejected and reported).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ingest.base import Batch
from ingest.normalize import major_key
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, rel
from ingest.reference.sources import CATALOG_2021, CATALOG_2025

PART = "catalog"
EXTRACTOR = "ref-catalog@1"

LEVELS = {"VOCATIONAL_SECONDARY": "中职", "VOCATIONAL_ASSOCIATE": "高职专科", "VOCATIONAL_BACHELOR": "高职本科",
          "中职": "中职", "高职专科": "高职专科", "高职本科": "高职本科", "职教本科": "高职本科"}
CATALOGUE_2021 = "2021"
CATALOGUE_ADDED = "2021+增补"
_YEAR_ADDED = re.compile(r"(20\d\d)年.*新增")


@dataclass
class Catalogue:
    categories: dict[str, dict] = field(default_factory=dict)  # code -> {name, level}
    classes: dict[str, dict] = field(default_factory=dict)  # code -> {name, level, category}
    majors: dict[str, dict] = field(default_factory=dict)  # code -> {name, level, class, catalogue, year_added}

    def associate_by_name(self) -> dict[str, str]:
        """{major_key(name): code} of 高职专科 majors (the 双高 groups' lead majors)."""
        return {major_key(m["name"]): c for c, m in self.majors.items() if m["level"] == "高职专科"}


def _read_2021(ctx: RefContext, cat: Catalogue) -> FileResult:
    src = ctx.file(CATALOG_2021, EXTRACTOR)
    res = FileResult(src, PART)
    header, rows = ctx.csv(src.relpath)
    need = {"educationLevel", "categoryCode", "categoryName", "classCode", "className", "majorCode", "majorName",
            "itemLevel"}
    if not need <= set(header):
        res.reject(f"missing columns {sorted(need - set(header))}")
        return res
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        level = LEVELS.get(r["educationLevel"].strip())
        item = r["itemLevel"].strip()
        code, name = clean(r["majorCode"]), clean(r["majorName"])
        if not level or not code or not name or item not in ("CATEGORY", "CLASS", "MAJOR"):
            res.reject(f"unreadable catalogue row (level {r['educationLevel']!r}, item {item!r}, code {code!r})", i)
            continue
        ev = evidence_of(r.values())
        p = src.prov(f"row {i}", ev)
        if item == "CATEGORY":
            cat.categories[code] = {"name": name, "level": level}
            res.nodes.append(node("MajorCategory", code, {"name": name, "level": level}, p))
        elif item == "CLASS":
            parent = clean(r["categoryCode"])
            cat.classes[code] = {"name": name, "level": level, "category": parent}
            res.nodes.append(node("MajorClass", code, {"name": name, "level": level}, p))
            res.rels.append(rel("PART_OF", "MajorClass", code, "MajorCategory", parent, p))
        else:
            klass = clean(r["classCode"])
            if code in cat.majors:
                res.reject(f"duplicate major code {code}", i, "majorCode")
                continue
            cat.majors[code] = {"name": name, "level": level, "class": klass, "catalogue": CATALOGUE_2021,
                                "year_added": None}
            res.nodes.append(node("Major", code, {"name": name, "level": level, "catalogue": CATALOGUE_2021}, p))
            res.rels.append(rel("IN_CLASS", "Major", code, "MajorClass", klass, p))
    counts: dict[str, int] = {}
    for m in cat.majors.values():
        counts[m["level"]] = counts.get(m["level"], 0) + 1
    res.report = {"majors_2021": len(cat.majors), "majors_by_level": counts,
                  "classes": len(cat.classes), "categories": len(cat.categories),
                  "k_coded_majors": sum(1 for c in cat.majors if c.endswith("K"))}
    return res


def _read_2025(ctx: RefContext, cat: Catalogue) -> FileResult:
    from openpyxl import load_workbook

    src = ctx.file(CATALOG_2025, EXTRACTOR)
    res = FileResult(src, PART)
    wb = load_workbook(src.path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [clean(h) for h in next(rows, ())]
        cols = {h: i for i, h in enumerate(header) if h}
        need = ["专业大类代码", "专业大类", "专业类代码", "专业类", "专业代码", "专业名称", "层次"]
        if any(n not in cols for n in need):
            res.reject(f"missing columns {[n for n in need if n not in cols]} in sheet {ws.title}")
            return res
        new_classes: list[str] = []
        confirmed: set[str] = set()
        added, added_with_year = 0, 0
        for i, vals in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in vals):
                continue
            res.rows_read += 1
            get = {n: clean(vals[cols[n]]) if cols[n] < len(vals) else None for n in cols}
            level = LEVELS.get(get["层次"] or "")
            code, name = get["专业代码"], get["专业名称"]
            cat_code, cls_code = get["专业大类代码"], get["专业类代码"]
            if not (level and code and name and cat_code and cls_code):
                res.reject(f"incomplete row (level {get['层次']!r}, code {code!r}, name {name!r})", i)
                continue
            p = src.prov(f"sheet {ws.title} row {i}", evidence_of(vals))
            if cat_code not in cat.categories:  # a 专业大类 or 专业类 new since 2021
                cat.categories[cat_code] = {"name": get["专业大类"], "level": level}
                res.nodes.append(node("MajorCategory", cat_code, {"name": get["专业大类"], "level": level}, p))
            if cls_code not in cat.classes:
                new_classes.append(cls_code)
                cat.classes[cls_code] = {"name": get["专业类"], "level": level, "category": cat_code}
                res.nodes.append(node("MajorClass", cls_code, {"name": get["专业类"], "level": level}, p))
                res.rels.append(rel("PART_OF", "MajorClass", cls_code, "MajorCategory", cat_code, p))
            remark = get.get("备注")
            known = cat.majors.get(code)
            props = {"name": name, "level": level}
            if known is None:
                m = _YEAR_ADDED.search(remark or "")
                year = int(m.group(1)) if m else None
                added += 1
                added_with_year += year is not None
                cat.majors[code] = {"name": name, "level": level, "class": cls_code, "catalogue": CATALOGUE_ADDED,
                                    "year_added": year}
                props.update(catalogue=CATALOGUE_ADDED, year_added=year)
            elif known["catalogue"] == CATALOGUE_2021:
                confirmed.add(code)
                if known["name"] != name or known["level"] != level:
                    res.reject(f"major {code}: 2021 catalogue says {known['name']} ({known['level']}), "
                               f"the update says {name} ({level}); kept the 2021 values", i, "专业名称")
                continue  # already stated by the 2021 file: only additions are written from the update
            res.nodes.append(node("Major", code, props, p))
            res.rels.append(rel("IN_CLASS", "Major", code, "MajorClass", cls_code, p))
        missing = sorted(c for c, m in cat.majors.items() if m["catalogue"] == CATALOGUE_2021 and c not in confirmed)
        res.report = {"majors_added_after_2021": added, "with_year_stated": added_with_year,
                      "year_not_stated": added - added_with_year, "classes_added": new_classes,
                      "majors_2021_confirmed_by_update": len(confirmed),
                      "majors_2021_absent_from_update": len(missing),
                      "absent_all_k_coded": all(c.endswith("K") for c in missing)}
    finally:
        wb.close()
    return res


def _load(ctx: RefContext) -> tuple[Catalogue, list[FileResult]]:
    def build():
        cat = Catalogue()
        results = [_read_2021(ctx, cat)]
        if ctx.exists(CATALOG_2025):
            results.append(_read_2025(ctx, cat))
        return cat, results

    return ctx.memo(PART, build)


def load_catalogue(ctx: RefContext) -> Catalogue:
    return _load(ctx)[0]


def batches(ctx: RefContext) -> Iterator[Batch]:
    _, results = _load(ctx)
    for res in results:
        yield from res.batches()
