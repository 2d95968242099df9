"""Occupations: 中华人民共和国职业分类大典（2022年版） (csco22.csv).

Four levels (大类 / 中类 / 小类 / 细类 = the occupations proper) with definitions and tasks; the name
suffix ``S`` marks a digital occupation, ``L`` a green one (``L/S`` both) — stripped from the name
into ``digital`` / ``green``. ``(:Occupation)-[:PART_OF]->(:Occupation)`` goes to the nearest level
present in this file (113 细类 sit directly under a 中类 because their 小类 row is absent).
The ``alias`` column (job titles mapped to the occupation by the package) becomes ``aliases``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ingest.base import Batch
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, rel
from ingest.reference.sources import OCCUPATIONS
from kg import schema

PART = "occupations"
EXTRACTOR = "ref-occupations@1"
LEVEL_NAMES = {"1": "大类", "2": "中类", "3": "小类", "4": "细类"}
_CODE = re.compile(r"^\d-\d\d-\d\d-\d\d$")
_FLAG = re.compile(r"\s*([LS](?:\s*/\s*[LS])?)\s*$")


def split_flags(name: str) -> tuple[str, bool, bool]:
    """``"地理信息系统工程技术人员L/S"`` → (name without the flag, digital, green)."""
    m = _FLAG.search(name)
    if not m or m.start() == 0:
        return name.strip(), False, False
    flag = m.group(1)
    return name[: m.start()].strip(), "S" in flag, "L" in flag


def parent_codes(code: str) -> list[str]:
    """Candidate ancestors of ``1-02-03-04``, nearest first: 1-02-03-00, 1-02-00-00, 1-00-00-00."""
    a, b, c, _ = code.split("-")
    return [f"{a}-{b}-{c}-00", f"{a}-{b}-00-00", f"{a}-00-00-00"]


@dataclass
class Occupations:
    rows: list[dict] = field(default_factory=list)
    result: FileResult | None = None


def load_occupations(ctx: RefContext) -> Occupations:
    return ctx.memo(PART, lambda: _read(ctx))


def _read(ctx: RefContext) -> Occupations:
    src = ctx.file(OCCUPATIONS, EXTRACTOR)
    res = FileResult(src, PART)
    out = Occupations(result=res)
    header, rows = ctx.csv(src.relpath)
    if not {"level", "code", "name"} <= set(header):
        res.reject(f"missing columns {sorted({'level', 'code', 'name'} - set(header))}")
        return out
    has_aliases = "aliases" in schema.node("Occupation").props
    levels: dict[str, int] = {}
    provs: dict[str, list] = {}
    by_code: dict[str, dict] = {}
    first_row: dict[str, int] = {}
    merged: list[str] = []
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        code, lvl, raw_name = clean(r["code"]), clean(r["level"]), clean(r["name"])
        if not code or not _CODE.match(code) or lvl not in LEVEL_NAMES or not raw_name:
            res.reject(f"bad occupation row (code {code!r}, level {lvl!r})", i)
            continue
        name, digital, green = split_flags(raw_name)
        if code in levels:
            first = by_code[code]
            if first["name"] == name and levels[code] == 3 and lvl == "4":
                # a 小类 without 细类: its one occupation repeats the 小类's code and name → one node (细类)
                levels[code] = 4
                first["level"] = LEVEL_NAMES["4"]
                for k in ("definition", "tasks"):
                    first[k] = first.get(k) or clean(r.get(k))
                first["digital"], first["green"] = first["digital"] or digital, first["green"] or green
                merged.append(code)
                provs[code] = [*provs[code], src.prov(f"row {i}", evidence_of(r.values()))]
                continue
            res.reject(f"code {code} ({name}) repeats row {first_row[code]} ({first['name']}); loaded once",
                       i, "code")
            continue
        levels[code] = int(lvl)
        first_row[code] = i
        provs[code] = [src.prov(f"row {i}", evidence_of(r.values()))]
        props = {"name": name, "level": LEVEL_NAMES[lvl], "definition": clean(r.get("definition")),
                 "tasks": clean(r.get("tasks")), "digital": digital, "green": green}
        aliases = [a.strip() for a in (r.get("alias") or "").split(",") if a.strip() and a.strip() != name]
        if has_aliases and aliases:
            props["aliases"] = list(dict.fromkeys(aliases))
        by_code[code] = props
    for code, props in by_code.items():
        out.rows.append({"code": code, **props})
        for p in provs[code]:
            res.nodes.append(node("Occupation", code, props, p))
    skipped_level = 0
    for code, lvl in levels.items():
        if lvl == 1:
            continue
        parent = next((c for c in parent_codes(code) if c != code and c in levels and levels[c] < lvl), None)
        if parent is None:
            res.reject(f"occupation {code} has no ancestor in the file", None, "code")
            continue
        skipped_level += levels[parent] < lvl - 1
        res.rels.append(rel("PART_OF", "Occupation", code, "Occupation", parent, provs[code][0]))
    counts = {LEVEL_NAMES[str(k)]: sum(1 for v in levels.values() if v == k) for k in range(1, 5)}
    res.report = {"occupations_by_level": counts,
                  "digital": sum(1 for o in out.rows if o["digital"]),
                  "green": sum(1 for o in out.rows if o["green"]),
                  "linked_past_a_missing_level": skipped_level,
                  "小类_rows_merged_with_their_only_细类": merged}
    return out


def batches(ctx: RefContext) -> Iterator[Batch]:
    yield from load_occupations(ctx).result.batches()
