"""Major–occupation crosswalk (专业—职业对照, 2023 guide): one sheet per level → ``PREPARES_FOR``.

Each data row names a major code and an occupation code. A row whose major is not in the vocational
catalogue (the whole 普通本科 sheet: undergraduate majors of the regular catalogue) or whose occupation
code is not in the 2022 classification is rejected with that reason — reported, never dropped silently.
The sheets' closing note row (注：…) is not data.
"""
from __future__ import annotations

import re
from typing import Iterator

from ingest.base import Batch
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, rel, xlsx_rows
from ingest.reference.sources import CROSSWALK

PART = "crosswalk"
EXTRACTOR = "ref-crosswalk@1"
_OCC = re.compile(r"^\d-\d\d-\d\d-\d\d$")


def _read(ctx: RefContext) -> FileResult:
    src = ctx.file(CROSSWALK, EXTRACTOR)
    res = FileResult(src, PART)
    majors = ctx.catalogue.majors
    occupations = ctx.occupation_codes
    per_sheet: dict[str, dict[str, int]] = {}
    for title, sheet_rows in xlsx_rows(src.path):
        stats = per_sheet.setdefault(title, {"rows": 0, "linked": 0, "unknown_major": 0,
                                            "unknown_occupation": 0})
        rows = iter(sheet_rows)
        header = [clean(h) for h in next(rows, ())]
        cols = {h: i for i, h in enumerate(header) if h}
        if not {"专业代码", "职业编码"} <= set(cols):
            res.reject(f"sheet {title}: no 专业代码/职业编码 header")
            continue
        for i, vals in enumerate(rows, start=2):
            get = {n: clean(vals[j]) if j < len(vals) else None for n, j in cols.items()}
            major, occ = get.get("专业代码"), get.get("职业编码")
            if not major and not occ:
                continue  # blank row or the closing 注 note
            res.rows_read += 1
            stats["rows"] += 1
            where = f"sheet {title} row {i}"
            if major not in majors:
                stats["unknown_major"] += 1
                why = ("not a vocational major (普通本科 catalogue)" if "普通本科" in title
                       else "not in the vocational major catalogue")
                res.reject(f"{title}: major code {major} ({get.get('专业名称')}) {why}", i, "专业代码")
                continue
            if not occ or not _OCC.match(occ) or occ not in occupations:
                stats["unknown_occupation"] += 1
                res.reject(f"{title}: occupation code {occ} ({get.get('职业名称')}) is not in the 2022 "
                           f"classification file", i, "职业编码")
                continue
            stats["linked"] += 1
            res.rels.append(rel("PREPARES_FOR", "Major", major, "Occupation", occ,
                                src.prov(where, evidence_of(v for v in vals if v is not None))))
    res.report = {"sheets": per_sheet, "links": len(res.rels)}
    return res


def batches(ctx: RefContext) -> Iterator[Batch]:
    yield from _read(ctx).batches()
