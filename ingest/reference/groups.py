"""双高 professional groups (2019 list) → ``ProfessionalGroup`` ``BELONGS_TO`` College, ``INCLUDES`` lead Major.

* College: resolved by name to the 2025 MOE list; 33 colleges have been renamed or upgraded since
  2019 — those resolve through ``ingest/data/college_aliases.csv`` (a reviewed table, one reason per
  alias). Each alias row is checked against the MOE list; the old name is added to ``College.aliases``
  (cited to this file's row) when the College is in the graph.
* Lead major: matched by name to the 高职专科 majors of the catalogue; 2015-catalogue names that the
  2021 catalogue renamed resolve through ``ingest/data/major_renames_2015_2021.csv`` (confidence per
  row; below 0.8 the link is flagged ``review``). A lead major that cannot be matched is reported and
  the group is kept without ``INCLUDES``.
* Group id: ``双高2019:<学校标识码>:<lead major as written>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ingest.base import Batch, Reject
from ingest.normalize import college_key, major_key
from ingest.reference.common import FileResult, RefContext, clean, evidence_of, node, read_data_table, rel
from ingest.reference.sources import SHUANGGAO
from kg.records import NodeRecord

PART = "groups"
EXTRACTOR = "ref-groups@1"
COLLEGE_ALIASES = "college_aliases.csv"
MAJOR_RENAMES = "major_renames_2015_2021.csv"
REVIEW_BELOW = 0.8  # a lead-major link resolved with less confidence goes to the Review queue


@dataclass(frozen=True)
class CollegeAlias:
    alias: str
    moe_code: str
    current_name: str
    kind: str
    confidence: float
    reason: str


def load_college_aliases(ctx: RefContext) -> tuple[dict[str, CollegeAlias], list[Reject]]:
    """The alias table, checked against the MOE list: {college_key(alias): CollegeAlias}, problems."""
    out, problems = {}, []
    for n, r in enumerate(read_data_table(COLLEGE_ALIASES), start=1):
        a = CollegeAlias(r["alias"], r["moe_code"], r["current_name"], r["kind"], float(r["confidence"] or 0),
                         r["reason"])
        where = f"ingest/data/{COLLEGE_ALIASES}"
        row = ctx.moe.by_code.get(a.moe_code)
        if row is None:
            problems.append(Reject(where, f"alias {a.alias}: 学校标识码 {a.moe_code} is not in the MOE list", n))
        elif college_key(row["name"]) != college_key(a.current_name):
            problems.append(Reject(where, f"alias {a.alias}: {a.moe_code} is {row['name']}, not {a.current_name}", n))
        elif college_key(a.alias) in ctx.moe.by_name:
            problems.append(Reject(where, f"alias {a.alias} is itself a college in the MOE list", n))
        elif not a.reason:
            problems.append(Reject(where, f"alias {a.alias} has no reason", n))
        else:
            out[college_key(a.alias)] = a
    return out, problems


def load_major_renames(ctx: RefContext) -> tuple[dict[str, tuple[str, float, str]], list[Reject]]:
    """{major_key(old name): (2021 code, confidence, reason)}, checked against the catalogue."""
    out, problems = {}, []
    majors = ctx.catalogue.majors
    for n, r in enumerate(read_data_table(MAJOR_RENAMES), start=1):
        m = majors.get(r["code"])
        where = f"ingest/data/{MAJOR_RENAMES}"
        if m is None or m["level"] != "高职专科" or major_key(m["name"]) != major_key(r["current_name"]):
            problems.append(Reject(where, f"{r['old_name']}: {r['code']} is not the 高职专科 major "
                                          f"{r['current_name']}", n))
            continue
        out[major_key(r["old_name"])] = (r["code"], float(r["confidence"] or 0), r["reason"])
    return out, problems


def resolve_college(ctx: RefContext, name: str, aliases: dict[str, CollegeAlias]) -> tuple[str, float, str] | None:
    """(moe_code, confidence, how) of a college name, or None."""
    key = college_key(name)
    if key in ctx.moe.by_name:
        return ctx.moe.by_name[key], 1.0, "exact name"
    a = aliases.get(key)
    if a:
        return a.moe_code, a.confidence, f"alias ({a.kind}): {a.reason}"
    return None


def existing_colleges(ctx: RefContext, codes: set[str]) -> set[str] | None:
    """Which of ``codes`` are College nodes in the graph (None when no store was given)."""
    if ctx.store is None or not codes:
        return None
    rows = ctx.store.read("UNWIND $keys AS k MATCH (c:College {moe_code: k}) RETURN c.moe_code AS k",
                          {"keys": sorted(codes)}, limit=None)
    return {r["k"] for r in rows}


def _read(ctx: RefContext) -> FileResult:
    src = ctx.file(SHUANGGAO, EXTRACTOR)
    res = FileResult(src, PART)
    header, rows = ctx.csv(src.relpath)
    need = {"college", "province", "program_type", "tier", "group_lead_major"}
    if not need <= set(header):
        res.reject(f"missing columns {sorted(need - set(header))}")
        return res
    aliases, problems = load_college_aliases(ctx)
    renames, rename_problems = load_major_renames(ctx)
    res.rejects.extend(problems + rename_problems)
    by_name = ctx.catalogue.associate_by_name()
    colleges: dict[str, str] = {}
    via_alias: set[str] = set()
    alias_nodes: list[NodeRecord] = []
    unmatched_majors: list[str] = []
    renamed = 0
    for i, r in enumerate(rows, start=2):
        if not r:
            continue
        res.rows_read += 1
        name, lead = clean(r["college"]), clean(r["group_lead_major"])
        if not name or not lead:
            res.reject("no college or lead major", i)
            continue
        ev = evidence_of(r.values())
        hit = resolve_college(ctx, name, aliases)
        if hit is None:
            res.reject(f"college {name} is not in the MOE list and has no alias", i, "college")
            continue
        code, conf, how = hit
        college = ctx.moe.by_code[code]
        if clean(r["province"]) and college["province"] != clean(r["province"]):
            res.reject(f"college {name}: province {r['province']} here but {college['province']} in the MOE list",
                       i, "province")
        colleges[name] = code
        p = src.prov(f"row {i}", ev)
        gid = f"双高2019:{code}:{major_key(lead)}"
        major_code, mconf, mhow = None, 0.0, ""
        if major_key(lead) in by_name:
            major_code, mconf, mhow = by_name[major_key(lead)], 1.0, "exact name"
        elif major_key(lead) in renames:
            major_code, mconf, mhow = renames[major_key(lead)]
            renamed += 1
        else:
            unmatched_majors.append(lead)
            res.reject(f"lead major {lead} ({name}) is not a 高职专科 major of the catalogue and has no reviewed "
                       f"rename; group kept without INCLUDES", i, "group_lead_major")
        res.nodes.append(node("ProfessionalGroup", gid, {
            "name": f"{lead}专业群", "lead_major_code": major_code, "source_kind": "双高", "tier": clean(r["tier"]),
            "program_type": clean(r["program_type"]), "college_name": name}, p))
        if conf < 1.0 and name not in via_alias:  # the former name becomes an alias of the College
            via_alias.add(name)
            alias_nodes.append(node("College", code, {"aliases": [name]},
                                    src.prov(f"row {i}", f"{ev} | {how}", confidence=conf)))
        res.rels.append(rel("BELONGS_TO", "ProfessionalGroup", gid, "College", code,
                            p if conf >= 1.0 else src.prov(f"row {i}", f"{ev} | {how}", confidence=conf)))
        if major_code:
            mp = p if mconf >= 1.0 else src.prov(f"row {i}", f"{ev} | 2021 name {ctx.catalogue.majors[major_code]['name']}"
                                                 f": {mhow}", confidence=mconf)
            props = {"role": "lead", "review": True if mconf < REVIEW_BELOW else None}
            res.rels.append(rel("INCLUDES", "ProfessionalGroup", gid, "Major", major_code, mp, props))
    # College.aliases only on colleges already in the graph (never a bare College from `--only groups`)
    present = existing_colleges(ctx, {n.key for n in alias_nodes})
    res.nodes.extend(n for n in alias_nodes if present is None or n.key in present)
    missing = sorted({n.key for n in alias_nodes} - present) if present is not None else []
    for code in missing:
        res.reject(f"College {code} is not in the graph (load the colleges part first): alias not written",
                   None, "college")
    res.report = {"groups": sum(1 for n in res.nodes if n.label == "ProfessionalGroup"),
                  "colleges": len(set(colleges.values())), "colleges_via_alias": len(via_alias),
                  "lead_majors_renamed_since_2015": renamed, "lead_majors_unmatched": sorted(set(unmatched_majors))}
    return res


def _result(ctx: RefContext) -> FileResult:
    return ctx.memo(f"{PART}:result", lambda: _read(ctx))


def group_members(ctx: RefContext) -> dict[str, list[tuple[str, str]]]:
    """{group id: [(major code, role)]} of the 双高 list (the lead major of each group)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in _result(ctx).rels:
        if r.type == "INCLUDES":
            out.setdefault(r.start_key, []).append((r.end_key, r.props.get("role") or "member"))
    return out


def batches(ctx: RefContext) -> Iterator[Batch]:
    yield from _result(ctx).batches()
