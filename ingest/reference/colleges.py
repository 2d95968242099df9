"""Colleges: 全国普通高等学校名单 (MOE, 2025-06-20) → ``College`` keyed by 学校标识码 + ``LOCATED_IN``.

The original ``.xls`` (read with xlrd; province section rows like ``北京市（92所）``) and the CSV
conversion are both read and compared cell by cell; they must agree (cells that differ only by
surrounding whitespace are counted in the report, real differences are rejected with both values).
Facts cite the original xls row (the CSV row only for a college the xls lacks); the CSV's batch carries
the comparison report. ``ownership`` is 公办 unless the 备注 says 民办,
中外合作办学 (中外合作办学及内地与港澳合作办学) or 境外机构办学 (the two Hainan free-trade-port schools).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ingest.base import Batch
from ingest.normalize import college_key
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, read_csv_rows, rel
from ingest.reference.sources import MOE_CSV, MOE_XLS
from ingest.reference.regions import college_region
from kg.codes import city_name, province_name, region_id

PART = "colleges"
EXTRACTOR = "ref-colleges@1"
FIELDS = ("name", "competent_dept", "city", "level", "remark", "province")
_SECTION = re.compile(r"^\s*(\S+?)\s*[（(]\s*\d+\s*所\s*[)）]\s*$")


def ownership_of(remark: str | None) -> str:
    r = remark or ""
    if "民办" in r:
        return "民办"
    if "中外合作" in r:
        return "中外合作办学"
    if "境外" in r:
        return "境外机构办学"
    return "公办"


@dataclass
class MoeList:
    by_code: dict[str, dict] = field(default_factory=dict)  # moe_code -> row (xls values, csv locator)
    by_name: dict[str, str] = field(default_factory=dict)  # college_key(name) -> moe_code
    results: list[FileResult] = field(default_factory=list)


def _read_xls(ctx: RefContext, res: FileResult) -> dict[str, dict]:
    import xlrd

    book = xlrd.open_workbook(str(res.src.path))
    sheet = book.sheet_by_index(0)
    header_row = next((i for i in range(min(10, sheet.nrows)) if "学校标识码" in sheet.row_values(i)), None)
    if header_row is None:
        res.reject("no header row with 学校标识码")
        return {}
    header = [str(h).strip() for h in sheet.row_values(header_row)]
    col = {h: j for j, h in enumerate(header)}
    names = {"学校名称": "name", "学校标识码": "moe_code", "主管部门": "competent_dept", "所在地": "city",
             "办学层次": "level", "备注": "remark"}
    if any(h not in col for h in names):
        res.reject(f"missing columns {[h for h in names if h not in col]}")
        return {}
    out: dict[str, dict] = {}
    province = None
    for i in range(header_row + 1, sheet.nrows):
        vals = sheet.row_values(i)
        filled = [v for v in vals if str(v).strip()]
        if len(filled) == 1 and (m := _SECTION.match(str(filled[0]))):
            province = province_name(m.group(1)) or m.group(1)
            continue
        if not filled:
            continue
        res.rows_read += 1
        row = {}
        for h, k in names.items():
            row[k] = clean(vals[col[h]])
        row["province"] = province
        code = row["moe_code"]
        if not code or not re.fullmatch(r"\d{10}", code) or not row["name"]:
            res.reject(f"no valid 学校标识码/学校名称 ({code!r}, {row['name']!r})", i + 1)
            continue
        if code in out:
            res.reject(f"duplicate 学校标识码 {code}", i + 1, "学校标识码")
            continue
        row["locator"] = f"sheet {sheet.name} row {i + 1}"
        row["evidence"] = evidence_of(v if v != "" else None for v in vals)
        row["raw"] = {k: (str(vals[col[h]]) if not isinstance(vals[col[h]], float) else row[k])
                      for h, k in names.items()}
        out[code] = row
    return out


def _read_csv(res: FileResult) -> dict[str, dict]:
    header, rows = read_csv_rows(res.src.path)
    need = {"name", "moe_code", "competent_dept", "city", "level", "remark", "province"}
    if not need <= set(header):
        res.reject(f"missing columns {sorted(need - set(header))}")
        return {}
    out = {}
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        code = clean(r["moe_code"])
        if not code or not re.fullmatch(r"\d{10}", code):
            res.reject(f"no valid moe_code ({code!r})", i, "moe_code")
            continue
        out[code] = {**{k: clean(r.get(k)) for k in FIELDS}, "locator": f"row {i}",
                     "evidence": evidence_of(r.values()), "raw": dict(r)}
    return out


def load_moe(ctx: RefContext) -> MoeList:
    return ctx.memo(PART, lambda: _load(ctx))


def _load(ctx: RefContext) -> MoeList:
    moe = MoeList()
    xls_res = FileResult(ctx.file(MOE_XLS, EXTRACTOR), PART)
    csv_res = FileResult(ctx.file(MOE_CSV, EXTRACTOR), PART)
    xls = _read_xls(ctx, xls_res) if ctx.exists(MOE_XLS) else {}
    if not ctx.exists(MOE_XLS):
        xls_res.reject("file missing: the CSV alone is used")
    csv_rows = _read_csv(csv_res) if ctx.exists(MOE_CSV) else {}
    whitespace_only, differing = 0, 0
    for code in sorted(set(xls) | set(csv_rows)):
        a, b = xls.get(code), csv_rows.get(code)
        if a is None or b is None:
            where = b if a is None else a
            res = xls_res if a is None else csv_res
            res.reject(f"学校标识码 {code} ({where['name']}) is only in the "
                       f"{'CSV' if a is None else 'xls'}", None, "moe_code")
        else:
            for k in FIELDS:
                if a.get(k) == b.get(k):
                    if k in a["raw"] and k in b["raw"] and (a["raw"][k] or "") != (b["raw"][k] or ""):
                        whitespace_only += 1
                    continue
                differing += 1
                csv_res.reject(f"{code}: {k} is {a.get(k)!r} in the xls but {b.get(k)!r} in the CSV "
                               f"(the xls value is kept)", int(b["locator"].split()[-1]), k)
        row = dict(a or b)
        row["csv_locator"] = b["locator"] if b else None
        row["csv_evidence"] = b["evidence"] if b else None
        row["in_xls"] = a is not None
        row["province"] = province_name(row.get("province")) or row.get("province")
        row["city"] = city_name(row.get("city"))
        moe.by_code[code] = row
        moe.by_name.setdefault(college_key(row["name"]), code)
    levels: dict[str, int] = {}
    for row in moe.by_code.values():
        levels[row["level"]] = levels.get(row["level"], 0) + 1
    xls_res.report = {"colleges": len(xls), "by_level": levels}
    csv_res.report = {"colleges": len(csv_rows), "agree_with_xls": differing == 0, "cells_differing": differing,
                      "cells_differing_only_by_whitespace": whitespace_only}
    moe.results = [xls_res, csv_res]
    return moe


def _records(ctx: RefContext) -> list[FileResult]:
    """College nodes and LOCATED_IN from both files (after the comparison)."""
    moe = ctx.moe
    xls_res, csv_res = moe.results
    elsewhere: list[str] = []
    for code, row in moe.by_code.items():
        props = {"name": row["name"], "level": row["level"], "ownership": ownership_of(row["remark"]),
                 "province": row["province"], "city": row["city"], "competent_dept": row["competent_dept"]}
        hit = college_region(ctx, row)
        rid = region_id(*hit) if hit else (region_id(row["province"]) if row["province"] else None)
        if hit and hit[0] != row["province"]:
            elsewhere.append(f"{row['name']} (listed under {row['province']}) is in {hit[1]}")
        # the original xls is the source of each fact; the CSV (its conversion) only where the xls lacks a row
        res, locator, ev = ((xls_res, row["locator"], row["evidence"]) if row["in_xls"]
                            else (csv_res, row["csv_locator"], row["csv_evidence"]))
        p = res.src.prov(locator, ev)
        res.nodes.append(node("College", code, props, p))
        if rid:
            res.rels.append(rel("LOCATED_IN", "College", code, "Region", rid, p))
    xls_res.report["listed_under_another_province_than_their_city"] = elsewhere
    return [xls_res, csv_res]


def batches(ctx: RefContext) -> Iterator[Batch]:
    for res in _records(ctx):
        yield from res.batches()
