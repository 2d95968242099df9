"""Turn what a user types (a name, a former name, a key, part of a name) into one graph entity.

Order of attempts: exact key → exact name (or alias) → the name contains the text → fuzzy (rapidfuzz) —
the fuzzy step only suggests, it never picks silently. Failures raise :class:`NotFound` (one line, with
the closest names) and several equally good matches raise :class:`Ambiguous` (listing them), so the CLI
can print the message as is.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process



class NotFound(LookupError):
    pass


class Ambiguous(LookupError):
    pass


def _suggest(store, query: str, text: str, what: str) -> NotFound:
    names = [r["name"] for r in store.read(query, limit=None) if r.get("name")]
    best = process.extract(text, names, scorer=fuzz.WRatio, limit=3)
    hint = f"; closest: {', '.join(n for n, s, _ in best if s >= 50)}" if best else ""
    return NotFound(f"no {what} matches {text!r}{hint}")


def _one(rows: list[dict], text: str, what: str, show) -> dict | None:
    if not rows:
        return None
    if len(rows) == 1:
        return rows[0]
    opts = "; ".join(show(r) for r in rows[:8])
    raise Ambiguous(f"{len(rows)} {what}s match {text!r}: {opts}{' …' if len(rows) > 8 else ''} — be more specific")


# ------------------------------------------------------------------ colleges
@dataclass(frozen=True)
class College:
    moe_code: str
    name: str
    province: str | None
    city: str | None
    region: str | None  # Region id of the city (LOCATED_IN), e.g. 广东省/深圳市


_COLLEGE_RET = ("OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region) "
                "RETURN c.moe_code AS moe_code, c.name AS name, coalesce(r.province, c.province) AS province, "
                "coalesce(r.name, c.city) AS city, r.id AS region ORDER BY moe_code")


def college(store, text: str) -> College:
    """A college by 学校标识码, name, former name (alias) or a unique part of its name."""
    text = (text or "").strip()
    if not text:
        raise NotFound("a college is required (name or 学校标识码)")
    rows = store.read("MATCH (c:College) WHERE c.moe_code = $t OR c.name = $t OR $t IN c.aliases " + _COLLEGE_RET,
                      {"t": text})
    if not rows:
        rows = store.read("MATCH (c:College) WHERE c.name CONTAINS $t " + _COLLEGE_RET, {"t": text})
    r = _one(rows, text, "college", lambda r: f"{r['name']} ({r['moe_code']})")
    if r is None:
        raise _suggest(store, "MATCH (c:College) RETURN c.name AS name", text, "college")
    return College(**r)


# ------------------------------------------------------------------ groups
@dataclass(frozen=True)
class Group:
    id: str
    name: str
    college: College


def group(store, text: str, college_text: str | None = None) -> Group:
    """A professional group by id, by name (``通信技术专业群`` or ``通信技术``) or by its lead major's name;
    ``college_text`` narrows the search to one college (needed when several colleges have the name)."""
    text = (text or "").strip()
    if not text:
        raise NotFound("a professional group is required (id or name)")
    c = college(store, college_text) if college_text else None
    q = ("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) "
         "WHERE (g.id = $t OR g.name = $t OR g.name = $t + '专业群' "
         "OR EXISTS { MATCH (g)-[i:INCLUDES]->(m:Major) WHERE i.role = 'lead' AND m.name = $t }) "
         "AND ($c = '' OR c.moe_code = $c) "
         "RETURN g.id AS id, g.name AS name, c.moe_code AS moe_code, c.name AS college ORDER BY id")
    rows = store.read(q, {"t": text, "c": c.moe_code if c else ""})
    if not rows:
        rows = store.read("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) WHERE g.name CONTAINS $t "
                          "AND ($c = '' OR c.moe_code = $c) RETURN g.id AS id, g.name AS name, "
                          "c.moe_code AS moe_code, c.name AS college ORDER BY id",
                          {"t": text, "c": c.moe_code if c else ""})
    r = _one(rows, text, "professional group", lambda r: f"{r['id']} ({r['college']}; use --college)")
    if r is None:
        where = f" at {c.name}" if c else ""
        raise _suggest(store, "MATCH (g:ProfessionalGroup) RETURN DISTINCT g.name AS name", text,
                       f"professional group{where}")
    return Group(r["id"], r["name"], c or college(store, r["moe_code"]))


def groups_of(store, c: College) -> list[Group]:
    rows = store.read("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College {moe_code: $c}) "
                      "RETURN g.id AS id, g.name AS name ORDER BY id", {"c": c.moe_code})
    return [Group(r["id"], r["name"], c) for r in rows]


# ------------------------------------------------------------------ industries, regions, majors, firms
@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    level: str | None


def industry(store, text: str) -> Industry:
    """An industry by GB/T 4754 code (``I``, ``65``, ``6513``), exact name or a unique part of its name."""
    text = (text or "").strip()
    if not text:
        raise NotFound("an industry is required (GB/T 4754 code or name)")
    ret = "RETURN i.code AS code, i.name AS name, i.level AS level ORDER BY code"
    rows = store.read(f"MATCH (i:Industry) WHERE i.code = $t OR i.code = $u OR i.name = $t {ret}",
                      {"t": text, "u": text.upper()})
    if not rows:
        rows = store.read(f"MATCH (i:Industry) WHERE i.name CONTAINS $t OR toLower(i.name_en) CONTAINS $l {ret}",
                          {"t": text, "l": text.lower()})
        if len(rows) > 1:  # prefer the broadest (门类 < 大类 < …) then the shortest name
            rows.sort(key=lambda r: (len(r["code"]), len(r["name"] or ""), r["code"]))
            if (len(rows[0]["code"]), len(rows[0]["name"])) < (len(rows[1]["code"]), len(rows[1]["name"])):
                rows = rows[:1]
    r = _one(rows, text, "industry", lambda r: f"{r['code']} {r['name']}")
    if r is None:
        raise _suggest(store, "MATCH (i:Industry) RETURN i.name AS name", text, "industry")
    return Industry(**r)


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    level: str | None
    province: str | None


_ALL = {"", "全国", "all", "china", "中国", "*"}


def region(store, text: str | None) -> Region | None:
    """A province or city by id (``广东省/深圳市``), name (``深圳市``) or short name (``深圳``, ``广东``);
    ``None`` for empty / 全国 / all (everywhere)."""
    text = (text or "").strip()
    if text.lower() in _ALL:
        return None
    ret = "RETURN r.id AS id, r.name AS name, r.level AS level, r.province AS province ORDER BY id"
    rows = store.read(f"MATCH (r:Region) WHERE r.id = $t OR r.name = $t {ret}", {"t": text})
    if not rows:
        rows = store.read(f"MATCH (r:Region) WHERE r.name = $a OR r.name = $b OR r.name = $c OR r.name STARTS WITH $t "
                          f"{ret}", {"t": text, "a": text + "省", "b": text + "市", "c": text + "自治区"})
        if len(rows) > 1:  # 广东 → 广东省 before cities named 广东…; a province wins over a city
            prov = [r for r in rows if r["level"] == "province"]
            rows = prov[:1] if len(prov) == 1 else rows
    r = _one(rows, text, "region", lambda r: r["id"])
    if r is None:
        raise _suggest(store, "MATCH (r:Region) RETURN r.name AS name", text, "region")
    return Region(**r)


def region_ids(store, reg: Region | None) -> list[str] | None:
    """Region ids inside ``reg`` (itself and, for a province, its cities/districts); None = everywhere."""
    if reg is None:
        return None
    rows = store.read("MATCH (r:Region) WHERE r.id = $id OR r.id STARTS WITH ($id + '/') OR r.province = $id "
                      "RETURN r.id AS id ORDER BY id", {"id": reg.id})
    return [r["id"] for r in rows]


@dataclass(frozen=True)
class Major:
    code: str
    name: str
    level: str | None


_LEVEL_PREF = {"高职专科": 0, "高职本科": 1, "中职": 2}


def major(store, text: str, level: str | None = None) -> Major:
    """A major by code or name; a name used at several levels picks ``level`` (default 高职专科)."""
    text = (text or "").strip()
    if not text:
        raise NotFound("a major is required (code or name)")
    ret = "RETURN m.code AS code, m.name AS name, m.level AS level ORDER BY code"
    rows = store.read(f"MATCH (m:Major) WHERE m.code = $t OR m.name = $t {ret}", {"t": text})
    if level:
        rows = [r for r in rows if r["level"] == level]
    if len(rows) > 1 and len({r["level"] for r in rows}) == len(rows):
        rows = sorted(rows, key=lambda r: _LEVEL_PREF.get(r["level"], 9))[:1]
    if not rows:
        rows = store.read(f"MATCH (m:Major) WHERE m.name CONTAINS $t {ret}", {"t": text})
        if level:
            rows = [r for r in rows if r["level"] == level]
    r = _one(rows, text, "major", lambda r: f"{r['code']} {r['name']} ({r['level']})")
    if r is None:
        raise _suggest(store, "MATCH (m:Major) RETURN m.name AS name", text, "major")
    return Major(**r)


def firm(store, text: str) -> dict:
    """A firm by id, full name, alias or a unique part of its name → {id, name}."""
    text = (text or "").strip()
    ret = "RETURN f.id AS id, f.name AS name ORDER BY id"
    rows = store.read(f"MATCH (f:Firm) WHERE f.id = $t OR f.name = $t OR $t IN f.aliases {ret}", {"t": text})
    if not rows:
        rows = store.read(f"MATCH (f:Firm) WHERE f.name CONTAINS $t {ret}", {"t": text}, limit=50)
    r = _one(rows, text, "firm", lambda r: f"{r['name']} ({r['id']})")
    if r is None:
        raise NotFound(f"no firm matches {text!r}")
    return r
