"""A group-composition table (CSV/XLSX) → the member majors of professional groups (``INCLUDES``).

``kg ingest FILE… --kind group-composition``. The 双高 list names each group by its lead major only; a
college (or a data steward) lists the majors each group really includes. Template:
``data/templates/group_composition_template.csv`` (documented in ``data/templates/README.md``).

Columns (header cells may be the English key, the Chinese label, or both like ``院校(college)``):
``college`` * (院校: name, former name or 学校标识码), ``group`` * (专业群: id, name or lead major),
``major`` * (专业: 2021 catalogue code or name; several per cell separated by ``、;，``), ``role``
(角色: ``lead`` / 牵头 or ``member`` / 成员, default member), ``note`` (备注, ignored).

Resolution: colleges and groups as in :mod:`ingest.partnerships` (an unknown college or group rejects the
row: groups come from the 双高 list or a partnership table); majors by code, else by name (the 高职专科
major first, then 高职本科, then 中职). Every INCLUDES cites the file, row and the row's text. One file =
one Batch; a bad row is a one-line reject naming the row and field and changes nothing else.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ingest.base import Batch, Reject
from ingest.extractor import table_batches
from ingest.normalize import major_key
from ingest.partnerships import open_table
from ingest.vocab.partnership_names import PartnershipGazetteer, cell_text
from kg.records import Provenance, RelRecord

EXTRACTOR = "group-composition@1"
KIND = "group-composition"
SUFFIXES = (".csv", ".xlsx", ".xls", ".tsv")
COLUMNS: dict[str, tuple[str, ...]] = {
    "college": ("college", "school", "院校", "学校", "院校名称", "学校标识码", "moe_code"),
    "group": ("group", "professional_group", "专业群", "专业群名称"),
    "major": ("major", "majors", "专业", "专业名称", "专业代码", "成员专业", "member_majors"),
    "role": ("role", "角色", "类型"),
    "note": ("note", "notes", "备注", "说明"),
}
_SPLIT = re.compile(r"[;；、,，|]+")
_LEVEL_ORDER = {"ASSOCIATE": 0, "BACHELOR": 1, "VOCATIONAL_SECONDARY": 2}
_ROLES = {"lead": "lead", "牵头": "lead", "核心": "lead", "牵头专业": "lead", "member": "member", "成员": "member",
          "成员专业": "member", "": "member"}


def header_key(cell: str) -> str | None:
    """The canonical column key of a header cell ('院校(college)' → 'college'; unknown → None)."""
    h = cell_text(cell).lower()
    parts = [h, *[p.strip() for p in re.split(r"[()\[\]（）/\s]+", h) if p.strip()]]
    for key, aliases in COLUMNS.items():
        if any(p in {a.lower() for a in aliases} for p in parts):
            return key
    return None


def _majors(store) -> tuple[dict[str, str], dict[str, str]]:
    """code → code and name key → code (高职专科 preferred) of the graph's majors."""
    by_code: dict[str, str] = {}
    by_name: dict[str, tuple[int, str]] = {}
    if store is None:
        return by_code, {}
    for r in store.read("MATCH (m:Major) RETURN m.code AS code, m.name AS name, m.level AS level", limit=None):
        by_code[r["code"]] = r["code"]
        if r["name"]:
            rank = (_LEVEL_ORDER.get(r["level"] or "", 3), r["code"])
            k = major_key(r["name"])
            if k not in by_name or rank < by_name[k]:
                by_name[k] = rank
    return by_code, {k: v[1] for k, v in by_name.items()}


def parse_file(path: Path, gaz: PartnershipGazetteer, majors: tuple[dict[str, str], dict[str, str]]) -> Batch:
    """One composition table → one Batch of INCLUDES (role lead/member)."""
    batch, header, rows = open_table(path, KIND)
    file, doc = str(path), batch.doc_id
    if header is None:
        return batch
    keys = {h: header_key(h) for h in header}
    missing = [k for k in ("college", "group", "major") if k not in keys.values()]
    if missing:
        batch.rejects.append(Reject(file=file, reason=f"missing column(s) {', '.join(missing)} "
                                                      "(see data/templates/group_composition_template.csv)"))
        return batch
    by_code, by_name = majors
    out: dict[tuple[str, str], RelRecord] = {}
    groups: set[str] = set()
    for row_no, raw in rows:
        batch.rows_read += 1
        row = {keys[h]: v for h, v in raw.items() if keys.get(h) and v}
        ev = ",".join(v for v in raw.values() if v)[:500]

        def reject(fld: str | None, reason: str) -> None:
            batch.rejects.append(Reject(file=file, row=row_no, field=fld, reason=reason))

        text = row.get("college", "")
        moe = gaz.college(text) if text else None
        if not moe:
            reject("college", f"unknown college {text!r}" if text else "no college")
            continue
        gtext = row.get("group", "")
        gid = gaz.group(moe, gtext) if gtext else None
        if not gid:
            reject("group", f"{gaz.college_names.get(moe, moe)} has no group {gtext!r}" if gtext else "no group")
            continue
        role_text = cell_text(row.get("role", "")).lower()
        role = _ROLES.get(role_text)
        if role is None:
            reject("role", f"{row.get('role')!r} is not lead/牵头 or member/成员")
            continue
        names = [m.strip() for m in _SPLIT.split(row.get("major", "")) if m.strip()]
        if not names:
            reject("major", "no major")
            continue
        for m in names:
            code = by_code.get(m) or by_name.get(major_key(m))
            if not code:
                reject("major", f"unknown major {m!r} (2021 catalogue code or name)")
                continue
            prov = Provenance(source=doc, evidence=ev, extractor=EXTRACTOR, confidence=1.0, locator=f"row {row_no}")
            out[(gid, code)] = RelRecord(type="INCLUDES", start_label="ProfessionalGroup", start_key=gid,
                                         end_label="Major", end_key=code, props={"role": role}, prov=prov)
            groups.add(gid)
    batch.records = list(out.values())
    batch.report = {"rows": batch.rows_read, "includes": len(out), "groups": len(groups)}
    return batch


def batches(paths: list[Path], store, options: dict) -> Iterator[Batch]:
    """``kg ingest FILE… --kind group-composition``: one Batch per table. ``store`` is only read."""
    def setup():
        gaz, majors = PartnershipGazetteer.from_store(store), _majors(store)
        return lambda f: parse_file(f, gaz, majors)

    return table_batches(KIND, paths, SUFFIXES, setup)
