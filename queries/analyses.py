"""Analyses an analyst runs on the graph. One function each; each returns a pandas DataFrame (or a
small typed result of DataFrames) and works on both stores. All user values travel as parameters.

* :func:`gaps` — per industry a group's majors serve: partner firms, or candidate firms where none;
* :func:`coverage` — regional industry structure vs. majors offered: the **matching index**;
* :func:`skills_gap` — posts demanded in the region whose required skills the group does not cover;
* :func:`suggest` (in :mod:`queries.suggest`) — ranked partner firms with score parts and paths;
* :func:`suggest_groups` — inter-school professional-group pairs for one industry chain;
* :func:`review_partners` — the annual partnership review with flags;
* :func:`pathways` — a major's 接续 route 中职→高职专科→高职本科 and where each step is offered;
* network analytics live in :mod:`queries.network`.

Each returns a :class:`queries.results.Table` (rows, notes, metadata). Where an analysis needs data the
graph lacks (e.g. no SERVES links yet), it still returns a table and says so in its ``notes``.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass

import pandas as pd

from kg.codes import parse_scores, region_parts  # noqa: F401 - parse_scores re-exported (the format of a scores cell)
from queries.common import IN_SCOPE
from queries import cache
from queries import industry as ind
from queries import resolve
from queries.context import GroupProfile, group_profiles
from queries.results import Table, table
from queries.suggest import WEIGHTS as SUGGEST_WEIGHTS  # noqa: F401 - re-exported
from queries.suggest import suggest  # noqa: F401 - re-exported


# ====================================================================== gaps
_PARTNERS_Q = """
MATCH (c:College {moe_code: $college})
MATCH (f:Firm)-[r:PARTNERS_WITH]->(x)
WHERE x.moe_code = c.moe_code OR EXISTS { MATCH (x)-[:BELONGS_TO]->(c) }
OPTIONAL MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
RETURN f.id AS firm, f.name AS name, coalesce(x.id, x.moe_code) AS partner_of, r.kind AS kind,
       collect(i.code) AS codes
"""

_CANDIDATES_Q = f"""
MATCH (i:Industry) WHERE i.code IN $codes
MATCH (i)<-[:IN_INDUSTRY]-(f:Firm)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, f.name AS name, i.code AS code, r.id AS region
"""

_POST_POSTINGS_Q = f"""
MATCH (p:Post) WHERE p.id IN $posts
MATCH (p)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, 'post' AS kind, p.id AS key, j.id AS posting, j.title AS title
UNION ALL
MATCH (o:Occupation) WHERE o.code IN $occupations
MATCH (o)<-[:IN_OCCUPATION]-(:Post)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, 'occupation' AS kind, o.code AS key, j.id AS posting, j.title AS title
"""

@dataclass(frozen=True)
class GapCandidate:
    """A candidate firm for a gap in :func:`gaps`: its name, id and job postings counted for the group.
    ``str()`` is the plain form the CLI and the downloads print: ``name (n postings)``."""

    firm: str
    firm_id: str
    postings: int

    def __str__(self) -> str:
        return f"{self.firm} ({self.postings} postings)"


GAPS_COLUMNS = ["group_id", "group", "industry_code", "industry", "industry_level", "majors", "confidence",
                "partner_count",
                "partners", "gap", "candidate_scope", "candidates", "candidate_job_posts"]


def gaps(store, college: str, group: str | None = None, *, candidates: int = 5,
         min_confidence: float = 0.0) -> Table:
    """Partner gaps of a college's professional groups, industry by industry.

    Inputs: ``college`` (name, former name or 学校标识码), ``group`` (optional: one group's id/name;
    default all the college's groups), ``candidates`` (how many candidate firms to list per gap),
    ``min_confidence`` (ignore served-industry links below this confidence, e.g. weak inferred ones).

    For each industry the group (or its majors) serves: the partner firms whose industry fits it
    (:meth:`IndustryTree.match` ≥ 0.7; partners of the group or of the college), and where there are
    none (``gap`` = True) candidate firms of that industry in the college's city — or, if the city has
    none, its province — ranked by their job postings (in the province) for the group's posts or for
    posts in the occupations its majors prepare for.

    Output: a :class:`Table` (``meta``: ``college``, ``moe_code``) with the columns ``group_id``,
    ``group``, ``industry_code``, ``industry``, ``industry_level``,
    ``majors`` (names of the group's majors serving it), ``confidence`` (of the best SERVES link:
    1.0 stated, lower when inferred), ``partner_count``, ``partners`` (names),
    ``gap`` (bool), ``candidate_scope`` (city / province / None), ``candidates`` (a list of
    :class:`GapCandidate`: firm, firm id, postings), ``candidate_job_posts`` (``firm: posting title``
    for the group's posts).

    Example::

        >>> gaps(store, "深圳职业技术大学", "通信技术专业群").rows[["industry", "partner_count", "gap"]]
    """
    c = resolve.college(store, college)
    groups = [resolve.group(store, group, c.moe_code)] if group else resolve.groups_of(store, c)
    notes = []
    if not groups:
        return table([], GAPS_COLUMNS, [f"{c.name} has no professional groups in the graph"], college=c.name)
    tok = store.change_token()
    profs = group_profiles(store, groups, min_confidence, tok=tok)
    tree = ind.tree(store)
    partners = cache.memo(store, ("gaps_partners", c.moe_code),
                          lambda: store.read(_PARTNERS_Q, {"college": c.moe_code}, limit=None), tok)
    # firms posting for any group's posts in the college's province, by firm → [(post, posting, title)]
    all_posts = sorted({p for pr in profs.values() for p in pr.posts})
    all_occs = sorted({o for pr in profs.values() for o in pr.occupations})
    postings: dict[str, list[tuple[str, str, str, str]]] = {}  # firm → (kind, key, posting, title)
    if all_posts or all_occs:
        rows_ = cache.memo(store, ("gaps_postings", tuple(all_posts), tuple(all_occs), c.province or ""),
                           lambda: store.read(_POST_POSTINGS_Q, {"posts": all_posts, "occupations": all_occs,
                                                                 "scope": c.province or ""}, limit=None), tok)
        for r in rows_:
            postings.setdefault(r["firm"], []).append((r["kind"], r["key"], r["posting"], r["title"] or r["posting"]))
    rows = []
    gap_industries: list[tuple[GroupProfile, str]] = []
    for g in groups:
        pr = profs[g.id]
        if not pr.serves:
            notes.append(f"{g.name} ({g.id}): its majors serve no industry in the graph (no SERVES links)")
        for code in sorted(pr.serves):
            fits = sorted({(p["name"] or p["firm"]) for p in partners
                           if p["partner_of"] in (g.id, c.moe_code)
                           and any(tree.match(fc, code) >= ind.MATCH_COARSE_FIRM for fc in p["codes"] or [])})
            majors = [pr.majors.get(m, m) for m in pr.serving_majors(code)] or [f"({g.name})"]
            rows.append({"group_id": g.id, "group": g.name, "industry_code": code,
                         "industry": pr.industry_names.get(code) or tree.names.get(code, code),
                         "industry_level": tree.levels.get(code) or ind.level_of(code), "majors": majors,
                         "confidence": round(max(pr.serves[code].values()), 4),
                         "partner_count": len(fits), "partners": fits, "gap": not fits, "candidate_scope": None,
                         "candidates": [], "candidate_job_posts": []})
            if not fits:
                gap_industries.append((pr, code))
    # candidates for the gaps: city first, then province
    if gap_industries:
        codes = sorted({x for _, code in gap_industries for x in tree.related_codes([code], ind.MATCH_COARSE_FIRM)})
        found: dict[str, dict[str, dict]] = {"city": {}, "province": {}}
        for scope_name, scope in (("city", c.region), ("province", c.province)):
            if not scope or not codes:
                continue
            for r in cache.memo(store, ("gaps_candidates", tuple(codes), scope),
                                lambda: store.read(_CANDIDATES_Q, {"codes": codes, "scope": scope}, limit=None),
                                tok):
                found[scope_name].setdefault(r["firm"], {"name": r["name"] or r["firm"], "codes": set(),
                                                         "region": r["region"]})["codes"].add(r["code"])
        by_key = {(r["group_id"], r["industry_code"]): r for r in rows}
        for pr, code in gap_industries:
            row = by_key[(pr.group.id, code)]
            for scope_name in ("city", "province"):
                fit = {fid: f for fid, f in found[scope_name].items()
                       if any(tree.match(fc, code) >= ind.MATCH_COARSE_FIRM for fc in f["codes"])}
                if not fit:
                    continue

                def demand(fid: str) -> list[tuple[str, str]]:
                    """The firm's postings (id, title) for the group's posts or its majors' occupations."""
                    hits = {(x[2], x[3]) for x in postings.get(fid, [])
                            if (x[0] == "post" and x[1] in pr.posts) or (x[0] == "occupation" and x[1] in pr.occupations)}
                    return sorted(hits)

                ranked = sorted(fit, key=lambda fid: (-len(demand(fid)), fit[fid]["name"], fid))[:candidates]
                row["candidate_scope"] = scope_name
                row["candidates"] = [GapCandidate(fit[fid]["name"], fid, len(demand(fid))) for fid in ranked]
                row["candidate_job_posts"] = [f"{fit[fid]['name']}: {t}" for fid in ranked
                                              for _, t in demand(fid)[:3]]
                break
    if not all_posts and not all_occs:
        notes.append("the groups' majors target no posts or occupations: candidates are not ranked by job postings")
    return table(rows, GAPS_COLUMNS, notes, college=c.name, moe_code=c.moe_code)


# ====================================================================== coverage
_DEMAND_FIRMS_Q = f"""
MATCH (f:Firm)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
WITH f, r, collect(i.code) AS codes
UNWIND codes AS code
RETURN r.id AS region, code, sum(1.0 / size(codes)) AS weight
"""

# postings counted per (firm, region) before the firm's industries are read (one industry expansion
# per firm instead of per posting)
_DEMAND_POSTINGS_Q = f"""
MATCH (j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (f:Firm)-[:POSTED]->(j)
WITH f, r, count(j) AS n
MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
WITH f, r, n, collect(i.code) AS codes
UNWIND codes AS code
RETURN r.id AS region, code, sum(n * 1.0 / size(codes)) AS weight
"""

# supply: the majors each college in scope offers (OFFERS, or a group of it INCLUDES them) and the
# industries each major serves. Three plain queries joined here: the one-query form (every College ×
# every Major filtered by two EXISTS subqueries) took 55 s nationwide on Neo4j — ten explorer sessions
# timed out on it while an ingest ran (#23, bench/concurrency.py)
_SUPPLY_OFFERS_Q = f"""
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (c)-[:OFFERS]->(m:Major)
RETURN DISTINCT r.id AS region, c.moe_code AS college, m.code AS major, m.name AS major_name
"""
_SUPPLY_GROUPS_Q = f"""
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)-[:INCLUDES]->(m:Major)
RETURN DISTINCT r.id AS region, c.moe_code AS college, m.code AS major, m.name AS major_name
"""
_SERVES_Q = "MATCH (m:Major)-[:SERVES]->(i:Industry) RETURN m.code AS major, collect(i.code) AS codes"


def _supply_rows(store, scope: str) -> list[dict]:
    """``region, college, major, major_name, codes`` for every (region, college, major) offered in scope."""
    rows: dict[tuple, dict] = {}
    for q in (_SUPPLY_OFFERS_Q, _SUPPLY_GROUPS_Q):
        for r in store.read(q, {"scope": scope}, limit=None):
            rows.setdefault((r["region"], r["college"], r["major"]), r)
    serves = {r["major"]: r["codes"] for r in store.read(_SERVES_Q, limit=None)}
    return [{**r, "codes": list(serves.get(k[2]) or [])} for k, r in sorted(rows.items())]


@dataclass(frozen=True, eq=False)
class CoverageResult:
    """Result of :func:`coverage`: four tables of one run sharing its ``notes`` (a tuple, as in
    :class:`queries.results.Table`) and ``industry_level``.

    ``index``: one row per region — ``region``, ``level`` (province/city), ``matching_index`` (0–1),
    ``firms``, ``postings`` (the demand weights' totals), ``offerings`` (college×major offerings with an
    industry), ``industries_demanded``, ``industries_supplied``, ``industries_uncovered``.
    ``industries``: per region and industry (at ``industry_level``) — ``demand_share``,
    ``supply_share``, ``gap`` (= demand − supply share), ``firms``, ``postings``, ``offerings``.
    ``uncovered``: industries with regional demand that no major offered in the region serves.
    ``unmatched_majors``: majors offered in the region whose industries have no regional demand.
    """

    index: pd.DataFrame
    industries: pd.DataFrame
    uncovered: pd.DataFrame
    unmatched_majors: pd.DataFrame
    industry_level: str = "大类"
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", tuple(self.notes))


def matching_index(demand: dict[str, float], supply: dict[str, float]) -> float | None:
    """Overlap of two distributions over industries: ``Σ_k min(p_k, q_k)`` where ``p`` and ``q`` are the
    demand and supply weights normalised to shares (= 1 − total variation distance). 1 means the majors
    on offer mirror the regional industry structure exactly, 0 that they serve none of its industries.
    Shares make regions of any size comparable. None when either side is empty."""
    dt, st = sum(demand.values()), sum(supply.values())
    if dt <= 0 or st <= 0:
        return None
    keys = set(demand) | set(supply)
    return round(sum(min(demand.get(k, 0.0) / dt, supply.get(k, 0.0) / st) for k in keys), 6)


def coverage(store, region: str | None = None, *, industry_level: str = "大类",
             postings_weight: float = 1.0) -> CoverageResult:
    """Regional industry structure vs. majors offered, and the matching index per region.

    Inputs: ``region`` (a province → the province and each of its cities; a city → that city; empty →
    every province, for comparison), ``industry_level`` (门类 or 大类: the level both distributions are
    compared at), ``postings_weight`` (weight of one job posting relative to one firm).

    Formula: demand weight of industry k in a region = Σ over firms located there of 1/(number of the
    firm's industries) for each of its industries rolled up to k, + ``postings_weight`` × the same over
    job postings located there (by the posting firm's industries). Supply weight of k = Σ over
    (college, major) offerings in the region (OFFERS, or a group of the college INCLUDES the major) of
    1/(number of the major's industries). At 大类 level an industry known only at 门类 is spread evenly
    over that 门类's 大类 present in the region's demand. The matching index is
    :func:`matching_index` of the two distributions — comparable across provinces.

    Output: a :class:`CoverageResult`.

    Example::

        >>> r = coverage(store, "广东省"); r.index[["region", "matching_index"]]
    """
    if industry_level not in ("门类", "大类"):
        raise ValueError("industry_level must be 门类 or 大类")
    reg = resolve.region(store, region)
    res = cache.memo(store, ("coverage", reg.id if reg else "", industry_level, float(postings_weight)),
                     lambda: _coverage(store, reg, industry_level, postings_weight))
    return CoverageResult(res.index.copy(), res.industries.copy(), res.uncovered.copy(),
                          res.unmatched_majors.copy(), res.industry_level, res.notes)


def _coverage(store, reg, industry_level: str, postings_weight: float) -> CoverageResult:
    scope = reg.id if reg else ""
    tree = ind.tree(store)
    notes: list[str] = []

    def roll(code: str) -> str | None:
        return tree.at_level(code, industry_level) if code else None

    def unit_of(region_id: str) -> list[str]:
        if reg is None:
            return [region_parts(region_id)[0]]
        if reg.level == "province" or "/" not in reg.id:
            return [reg.id] + ([region_id] if region_id != reg.id else [])
        return [reg.id]

    raw = {q: store.read(q, {"scope": scope}, limit=None) for q in (_DEMAND_FIRMS_Q, _DEMAND_POSTINGS_Q)}
    supply_rows = _supply_rows(store, scope)
    demand_f: dict[str, dict[str, float]] = {}
    demand_p: dict[str, dict[str, float]] = {}
    for q, target in ((_DEMAND_FIRMS_Q, demand_f), (_DEMAND_POSTINGS_Q, demand_p)):
        for r in raw[q]:
            k = roll(r["code"])
            if k is None:
                continue
            for u in unit_of(r["region"]):
                d = target.setdefault(u, {})
                d[k] = d.get(k, 0.0) + float(r["weight"])
    supply: dict[str, dict[str, float]] = {}
    offerings: dict[str, list[dict]] = {}
    coarse: dict[str, dict[str, float]] = {}  # 门类-only supply to spread at 大类 level
    for r in supply_rows:
        codes = sorted(set(r["codes"] or []))
        for u in unit_of(r["region"]):
            offerings.setdefault(u, []).append({"major": r["major"], "major_name": r["major_name"],
                                                "college": r["college"], "codes": codes})
            for code in codes:
                k = roll(code)
                if k is None:
                    sec = ind.section_of(code)
                    if sec:
                        coarse.setdefault(u, {})[sec] = coarse.setdefault(u, {}).get(sec, 0.0) + 1.0 / len(codes)
                    continue
                supply.setdefault(u, {})[k] = supply.setdefault(u, {}).get(k, 0.0) + 1.0 / len(codes)
    for u, secs in coarse.items():
        dem = {**demand_f.get(u, {}), **demand_p.get(u, {})}
        for sec, w in secs.items():
            targets = sorted(k for k in dem if ind.section_of(k) == sec) or \
                sorted(c for c in tree.names if tree.levels.get(c) == industry_level and ind.section_of(c) == sec)
            for k in targets:
                supply.setdefault(u, {})[k] = supply.setdefault(u, {}).get(k, 0.0) + w / len(targets)
    units = sorted(set(demand_f) | set(demand_p) | set(supply) | ({reg.id} if reg else set()))
    idx_rows, ind_rows, unc_rows, unm_rows = [], [], [], []
    for u in units:
        dem = {k: demand_f.get(u, {}).get(k, 0.0) + postings_weight * demand_p.get(u, {}).get(k, 0.0)
               for k in set(demand_f.get(u, {})) | set(demand_p.get(u, {}))}
        sup = supply.get(u, {})
        mi = matching_index(dem, sup)
        dt, st = sum(dem.values()), sum(sup.values())
        uncovered = sorted(k for k in dem if dem[k] > 0 and sup.get(k, 0) <= 0)
        idx_rows.append({"region": u, "level": "province" if "/" not in u else "city", "matching_index": mi,
                         "firms": round(sum(demand_f.get(u, {}).values()), 3),
                         "postings": round(sum(demand_p.get(u, {}).values()), 3),
                         "offerings": round(st, 3), "industries_demanded": sum(1 for v in dem.values() if v > 0),
                         "industries_supplied": sum(1 for v in sup.values() if v > 0),
                         "industries_uncovered": len(uncovered)})
        for k in sorted(set(dem) | set(sup)):
            ds = dem.get(k, 0.0) / dt if dt else 0.0
            ss = sup.get(k, 0.0) / st if st else 0.0
            ind_rows.append({"region": u, "industry_code": k, "industry": tree.names.get(k, k),
                             "demand_share": round(ds, 6), "supply_share": round(ss, 6), "gap": round(ds - ss, 6),
                             "firms": round(demand_f.get(u, {}).get(k, 0.0), 3),
                             "postings": round(demand_p.get(u, {}).get(k, 0.0), 3),
                             "offerings": round(sup.get(k, 0.0), 3)})
        for k in uncovered:
            unc_rows.append({"region": u, "industry_code": k, "industry": tree.names.get(k, k),
                             "demand_share": round(dem[k] / dt, 6) if dt else 0.0,
                             "firms": round(demand_f.get(u, {}).get(k, 0.0), 3),
                             "postings": round(demand_p.get(u, {}).get(k, 0.0), 3)})
        seen: dict[str, dict] = {}
        for o in offerings.get(u, []):
            ks = {roll(c) for c in o["codes"]} - {None}
            if not o["codes"] or not (ks & {k for k, v in dem.items() if v > 0}):
                s = seen.setdefault(o["major"], {"region": u, "major": o["major"], "major_name": o["major_name"],
                                                 "colleges": 0, "industries": sorted(ks),
                                                 "reason": "no SERVES link" if not o["codes"] else
                                                 "its industries have no regional demand"})
                s["colleges"] += 1
        unm_rows.extend(seen[m] for m in sorted(seen))
    if not demand_f and not demand_p:
        notes.append("no firms with industries located in scope: demand is empty")
    if not supply:
        notes.append("no majors with industries offered in scope (OFFERS/INCLUDES + SERVES): supply is empty")
    index = pd.DataFrame(idx_rows, columns=["region", "level", "matching_index", "firms", "postings", "offerings",
                                            "industries_demanded", "industries_supplied", "industries_uncovered"])
    index = index.sort_values(["level", "region"], ascending=[False, True], kind="stable").reset_index(drop=True)
    industries = pd.DataFrame(ind_rows, columns=["region", "industry_code", "industry", "demand_share",
                                                 "supply_share", "gap", "firms", "postings", "offerings"])
    uncovered = pd.DataFrame(unc_rows, columns=["region", "industry_code", "industry", "demand_share", "firms",
                                                "postings"])
    if len(uncovered):
        uncovered = uncovered.sort_values(["region", "demand_share", "industry_code"], ascending=[True, False, True],
                                          kind="stable").reset_index(drop=True)
    unmatched = pd.DataFrame(unm_rows, columns=["region", "major", "major_name", "colleges", "industries", "reason"])
    return CoverageResult(index, industries, uncovered, unmatched, industry_level, notes)


# ====================================================================== skills gap
_REGION_POSTS_Q = f"""
MATCH (j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (j)-[:FOR_POST]->(p:Post)
RETURN p.id AS post, p.name AS name, count(j) AS postings
"""

# the tail of both share queries below: per post (p) and its postings in scope (j), the skills asked by at
# least $min_share of those postings
_SHARE_OF_POSTINGS = """WITH p, count(j) AS total
MATCH (p)<-[:FOR_POST]-(j2:JobPosting)-[:REQUIRES]->(s:Skill)
MATCH (j2)-[:LOCATED_IN]->(r2:Region)
WHERE $scope = '' OR r2.id = $scope OR r2.province = $scope OR r2.id STARTS WITH ($scope + '/')
WITH p, total, s, count(j2) AS n
WHERE n >= $min_share * total
RETURN p.id AS post, s.id AS skill, s.name AS name, n AS postings
"""

# skills stated for the given posts, or asked by at least $min_share of their postings in scope — one batch
# of posts (each such read costs about one scan of the postings, whatever the batch size)
_POST_SKILLS_Q = f"""
MATCH (p:Post) WHERE p.id IN $posts
MATCH (p)-[:REQUIRES]->(s:Skill)
RETURN p.id AS post, s.id AS skill, s.name AS name, -1 AS postings
UNION ALL
MATCH (p:Post) WHERE p.id IN $posts
MATCH (p)<-[:FOR_POST]-(j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
{_SHARE_OF_POSTINGS}"""

# skills stated for a post (every post: ~20k rows at province scale, one read)
_POST_STATED_SKILLS_Q = """
MATCH (p:Post)-[:REQUIRES]->(s:Skill)
RETURN p.id AS post, s.id AS skill, s.name AS name
"""

# skills asked by at least $min_share of a post's postings in scope — every post at once: the share is
# filtered in Cypher, so only the qualifying (post, skill) pairs travel (one scan instead of one per batch
# of posts, each of which cost a whole-table scan in LadybugDB)
_POST_SHARED_SKILLS_Q = f"""
MATCH (j:JobPosting)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
MATCH (j)-[:FOR_POST]->(p:Post)
{_SHARE_OF_POSTINGS}"""

_OCC_POSTS_Q = """
MATCH (o:Occupation) WHERE o.code IN $occupations
MATCH (o)<-[:IN_OCCUPATION]-(p:Post)
RETURN p.id AS post, o.code AS occupation
"""

REQUIREMENT_BATCH = 200

SKILLS_GAP_COLUMNS = ["group_id", "group", "post", "postings", "relevance", "required_skills", "covered_skills",
                      "uncovered_skills", "coverage"]


def _covered(prof: GroupProfile, skill_id: str, skill_name: str, course_text: str) -> bool:
    """``course_text``: the group's course names, lower-cased, joined by NUL (:func:`_course_text`)."""
    if skill_id in prof.skills:
        return True
    low = (skill_name or skill_id).lower()
    return len(low) >= 2 and "\0" not in low and low in course_text


def _course_text(prof: GroupProfile) -> str:
    """Every course name of the group, lower-cased, NUL-separated: a skill name found in it is found in
    one course name (a name without NUL cannot span two)."""
    return "\0".join((n or "").lower() for n in prof.course_names.values())


_COMPLETE = ("*complete*",)  # key in the requirements cache: every post's requirements are in it


def _requirements(store, post_ids: list[str], scope: str, min_share: float,
                  cache: dict[str, dict[str, tuple[str, int]]]) -> None:
    """Fill ``cache[post] = {skill: (name, postings or -1 when stated for the post)}`` for ``post_ids``:
    skills stated for the post, or required by at least ``min_share`` of its postings in scope. Up to one
    batch of posts is read for those posts only; more, and every post's requirements are read at once
    (two reads, the share filtered in Cypher) — a batch read costs about as much as the whole scope."""
    if _COMPLETE in cache:
        return
    todo = [p for p in post_ids if p not in cache]
    if not todo:
        return
    if len(todo) <= REQUIREMENT_BATCH:
        for p in todo:
            cache[p] = {}
        for r in store.read(_POST_SKILLS_Q, {"posts": todo, "scope": scope, "min_share": float(min_share)},
                            limit=None):
            cur = cache[r["post"]]
            n = int(r["postings"])
            prev = cur.get(r["skill"])
            cur[r["skill"]] = (r["name"] or r["skill"], -1 if n == -1 or (prev and prev[1] == -1) else n)
        return
    full: dict[str, dict[str, tuple[str, int]]] = {}
    for r in store.read(_POST_STATED_SKILLS_Q, limit=None):
        full.setdefault(r["post"], {})[r["skill"]] = (r["name"] or r["skill"], -1)
    for r in store.read(_POST_SHARED_SKILLS_Q, {"scope": scope, "min_share": float(min_share)}, limit=None):
        cur = full.setdefault(r["post"], {})
        if r["skill"] not in cur:
            cur[r["skill"]] = (r["name"] or r["skill"], int(r["postings"]))
    for p, skills in full.items():
        cache.setdefault(p, skills)  # posts read in a batch before are the same
    cache[_COMPLETE] = {}


def skills_gap(store, college: str, group: str | None = None, *, region: str | None = None,
               all_posts: bool = False, min_share: float = 0.2, limit: int = 50) -> Table:
    """Posts demanded in the region whose required skills the group's courses/abilities do not cover.

    Inputs: ``college``; ``group`` (optional, default every group of the college); ``region`` (default
    the college's province); ``all_posts`` (False: only posts relevant to the group — targeted by its
    majors, in an occupation they prepare for, or needing a skill the group covers; True: every post
    in demand); ``min_share`` (a skill counts as required when stated for the post, or asked by at least
    this share of the post's postings in the region); ``limit`` (rows per group).

    A skill is covered when a major of the group DEVELOPS it, one of its courses TEACHES it, or the skill
    name appears in one of its course names (e.g. ``Python`` in ``Python程序设计``).

    Output columns: ``group_id``, ``group``, ``post``, ``postings`` (job postings in the region),
    ``relevance`` (targeted / occupation / skills / other), ``required_skills``, ``covered_skills``,
    ``uncovered_skills`` (lists of names), ``coverage`` (covered share, 0–1). Only posts with at least
    one uncovered skill: targeted first, then occupation, skills, other; most postings first within each.

    Example::

        >>> skills_gap(store, "深圳职业技术大学", "软件技术专业群").rows[["post", "uncovered_skills"]]
    """
    c = resolve.college(store, college)
    groups = [resolve.group(store, group, c.moe_code)] if group else resolve.groups_of(store, c)
    reg = resolve.region(store, region) if region else None
    scope = reg.id if reg else (c.province or "") if not region else ""
    tok = store.change_token()
    profs = group_profiles(store, groups, tok=tok)
    posts = cache.memo(store, ("region_posts", scope), lambda: {
        r["post"]: r for r in store.read(_REGION_POSTS_Q, {"scope": scope}, limit=None)}, tok)
    occs = sorted({o for pr in profs.values() for o in pr.occupations})
    post_occ: dict[str, set[str]] = {}
    for r in store.read(_OCC_POSTS_Q, {"occupations": occs}, limit=None) if occs else []:
        post_occ.setdefault(r["post"], set()).add(r["occupation"])
    notes = []
    if not posts:
        notes.append(f"no job postings with posts located in {scope or '全国'}")
    # requirements per post, filled lazily and kept while the graph is unchanged
    req: dict = cache.memo(store, ("post_requirements", scope, float(min_share)), dict, tok)
    order = {"targeted": 0, "occupation": 1, "skills": 2, "other": 3}
    rows = []
    firsts = {g.id: sorted(set(profs[g.id].posts) | {p for p, o in post_occ.items()
                                                     if o & set(profs[g.id].occupations) and p in posts},
                           key=lambda p: (-int(posts[p]["postings"]) if p in posts else 0, p)) for g in groups}
    # the posts every group looks at first, in one read (or every post's, when more than a batch)
    _requirements(store, sorted({p for f in firsts.values() for p in f}), scope, min_share, req)
    for g in groups:
        pr = profs[g.id]
        first = firsts[g.id]
        rest = sorted((p for p in posts if p not in set(first)), key=lambda p: (-int(posts[p]["postings"]), p))
        out: list[dict] = []
        course_text = _course_text(pr)
        covered: dict[str, bool] = {}

        def is_covered(s: str, name: str) -> bool:
            if s not in covered:
                covered[s] = _covered(pr, s, name, course_text)
            return covered[s]

        def evaluate(pid: str) -> None:
            n = int(posts[pid]["postings"]) if pid in posts else 0
            needed = {s: name for s, (name, k) in req.get(pid, {}).items() if k == -1 or (n and k / n >= min_share)}
            if not needed:
                return
            cov = {s for s, name in needed.items() if is_covered(s, name)}
            rel = ("targeted" if pid in pr.posts else "occupation" if post_occ.get(pid, set()) & set(pr.occupations)
                   else "skills" if cov else "other")
            if rel == "other" and not all_posts:
                return
            unc = sorted(needed[s] for s in set(needed) - cov)
            if not unc:
                return
            out.append({"group_id": g.id, "group": g.name,
                        "post": (posts[pid]["name"] if pid in posts else pr.post_names.get(pid)) or pid,
                        "postings": n, "relevance": rel, "required_skills": sorted(needed.values()),
                        "covered_skills": sorted(needed[s] for s in cov), "uncovered_skills": unc,
                        "coverage": round(len(cov) / len(needed), 4)})

        _requirements(store, first, scope, min_share, req)
        for pid in first:
            evaluate(pid)
        # the other posts, busiest first, until enough rows are certain (skills rows rank before other)
        for i in range(0, len(rest), REQUIREMENT_BATCH):
            if sum(1 for r in out if r["relevance"] != "other") >= limit:
                break
            part = rest[i:i + REQUIREMENT_BATCH]
            _requirements(store, rest[i:], scope, min_share, req)  # the rest at once when more than a batch
            for pid in part:
                evaluate(pid)
        out.sort(key=lambda r: (order[r["relevance"]], -r["postings"], r["post"]))
        rows.extend(out[:limit])
        if not any(r["relevance"] in ("targeted", "occupation") for r in out):
            notes.append(_no_demand_note(store, g.name, pr, first, posts, post_occ, scope))
        if not pr.skills and not pr.course_names:
            notes.append(f"{g.name}: no courses or abilities in the graph — nothing counts as covered")
    return table(rows, SKILLS_GAP_COLUMNS, notes, college=c.name, scope=scope or "全国")


_POSTINGS_WHERE_Q = """
MATCH (p:Post)<-[:FOR_POST]-(j:JobPosting) WHERE p.id IN $posts
OPTIONAL MATCH (j)-[:LOCATED_IN]->(r:Region)
RETURN r.id AS region, count(j) AS postings ORDER BY postings DESC
"""


def _no_demand_note(store, group: str, pr, first: list, posts: dict, post_occ: dict, scope: str) -> str:
    """Why a group has no demand rows (its posts/occupations have no postings in scope) and what would fill it."""
    where = scope or "全国"
    if not pr.posts and not pr.occupations:
        return (f"{group}: its majors name no posts or occupations in the graph (no 职业面向 / crosswalk links), so "
                f"no postings count as its demand — load the major profiles (kg ingest … --kind curriculum)")
    in_scope = sum(int(posts[p]["postings"]) for p in first if p in posts)
    if in_scope:
        return (f"{group}: {in_scope} postings in {where} for its posts/occupations, but none states a skill the "
                f"group does not cover (or none states skills at all: postings without a description or tags)")
    mine = sorted(set(pr.posts) | {p for p, o in post_occ.items() if o & set(pr.occupations)})
    elsewhere = store.read(_POSTINGS_WHERE_Q, {"posts": mine}, limit=None) if mine else []
    total = sum(int(r["postings"]) for r in elsewhere)
    top = ", ".join(f"{r['region'] or '(no city)'} {r['postings']}" for r in elsewhere[:3])
    occs = len(pr.occupations)
    return (f"{group}: no job postings in {where} for the {len(pr.posts)} posts and {occs} occupations its majors "
            f"prepare for" + (f"; {total} such postings elsewhere ({top})" if total else "; none anywhere in the graph")
            + f" — postings for these occupations located in {where} (kg ingest FILE --kind jobs: title, company, "
              f"city[, description]) would fill it")


# ====================================================================== suggest-groups
_CHAIN_GROUPS_Q = f"""
MATCH (i:Industry) WHERE i.code IN $codes
MATCH (i)<-[s:SERVES]-(m:Major)<-[:INCLUDES]-(g:ProfessionalGroup)-[:BELONGS_TO]->(c:College)
MATCH (c)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN g.id AS group_id, g.name AS group_name, c.moe_code AS college, c.name AS college_name, r.id AS region,
       m.code AS major, m.name AS major_name, i.code AS code, s.confidence AS confidence
"""

#: weights of the inter-school pair score (sum 1)
SG_WEIGHTS = {"complementarity": 0.4, "coverage": 0.3, "relevance": 0.2, "proximity": 0.1}

SUGGEST_GROUPS_COLUMNS = ["rank", "group_a", "college_a", "group_b", "college_b", "score", "complementarity",
                          "union_coverage", "relevance", "shared_majors", "majors_only_a", "majors_only_b", "same_city",
                          "same_province"]


def suggest_groups(store, industry: str, region: str | None = None, *, college: str | None = None,
                   top: int = 20, min_confidence: float = 0.0) -> Table:
    """Inter-school professional-group suggestions for one industry chain.

    Inputs: ``industry`` (GB/T 4754 code or name — the chain is that industry, everything inside it and,
    when it is a 中类/小类, its 大类), ``region`` (province/city of the colleges; empty = everywhere),
    ``college`` (only pairs involving this college's groups), ``top``.

    Every pair of groups from different colleges whose majors serve the chain is scored
    (weights :data:`SG_WEIGHTS`): ``complementarity`` = share of the pair's chain majors that only one of
    them offers; ``union_coverage`` = the pair's chain majors / all chain majors offered by groups in
    scope; ``relevance`` = the weaker of the two groups' best SERVES confidence for the chain (stated
    links 1.0, inferred lower), so pairs tied to the chain only by weak inferred links rank lower;
    proximity = same city 1 / same province 0.5. ``min_confidence`` drops SERVES links below it.
    ``score`` = 0.4 × complementarity + 0.3 × union_coverage + 0.2 × relevance + 0.1 × proximity.

    Output columns: ``rank``, ``group_a``, ``college_a``, ``group_b``, ``college_b``, ``score``,
    ``complementarity``, ``union_coverage``, ``relevance``, ``shared_majors``, ``majors_only_a``,
    ``majors_only_b``, ``same_city``, ``same_province``.

    Example::

        >>> suggest_groups(store, "65", region="江苏省")
    """
    i = resolve.industry(store, industry)
    reg = resolve.region(store, region)
    anchor = resolve.college(store, college) if college else None
    tree = ind.tree(store)
    chain = {i.code, *tree.descendants(i.code)}
    div = tree.at_level(i.code, "大类")
    if div and div != i.code:
        chain |= {div, *tree.descendants(div)}
    chain = {c for c in chain if c in tree.names}
    groups: dict[str, dict] = {}
    for r in store.read(_CHAIN_GROUPS_Q, {"codes": sorted(chain), "scope": reg.id if reg else ""}, limit=None):
        conf = float(r["confidence"]) if r["confidence"] is not None else 1.0
        if conf < min_confidence:
            continue
        g = groups.setdefault(r["group_id"], {"name": r["group_name"], "college": r["college"],
                                              "college_name": r["college_name"], "region": r["region"], "majors": {},
                                              "conf": {}})
        g["majors"][r["major"]] = r["major_name"]
        g["conf"][r["major"]] = max(conf, g["conf"].get(r["major"], 0.0))
    all_majors = {m for g in groups.values() for m in g["majors"]}
    notes = [] if groups else [f"no professional group in scope has a major serving {i.code} {i.name}"]
    rows = []
    ids = sorted(groups)
    for x, first in enumerate(ids):
        for second in ids[x + 1:]:
            a, b = first, second
            ga, gb = groups[a], groups[b]
            if ga["college"] == gb["college"]:
                continue
            if anchor and anchor.moe_code not in (ga["college"], gb["college"]):
                continue
            if anchor and gb["college"] == anchor.moe_code:
                a, b, ga, gb = b, a, gb, ga
            ma, mb = set(ga["majors"]), set(gb["majors"])
            union = ma | mb
            comp = len(ma ^ mb) / len(union)
            cov = len(union) / len(all_majors)
            same_city = ga["region"] == gb["region"]
            same_prov = region_parts(ga["region"])[0] == region_parts(gb["region"])[0]
            rel = min(max(ga["conf"].values()), max(gb["conf"].values()))
            score = round(SG_WEIGHTS["complementarity"] * comp + SG_WEIGHTS["coverage"] * cov
                          + SG_WEIGHTS["relevance"] * rel
                          + SG_WEIGHTS["proximity"] * (1.0 if same_city else 0.5 if same_prov else 0.0), 4)
            names = {**ga["majors"], **gb["majors"]}
            rows.append({"group_a": f"{ga['name']} ({a})", "college_a": ga["college_name"],
                         "group_b": f"{gb['name']} ({b})", "college_b": gb["college_name"], "score": score,
                         "complementarity": round(comp, 4), "union_coverage": round(cov, 4),
                         "relevance": round(rel, 4),
                         "shared_majors": sorted(names[m] for m in ma & mb),
                         "majors_only_a": sorted(names[m] for m in ma - mb),
                         "majors_only_b": sorted(names[m] for m in mb - ma),
                         "same_city": same_city, "same_province": same_prov})
    rows.sort(key=lambda r: (-r["score"], r["group_a"], r["group_b"]))
    for k, r in enumerate(rows[:top], 1):
        r["rank"] = k
    return table(rows[:top], SUGGEST_GROUPS_COLUMNS, notes, industry=f"{i.code} {i.name}",
                  chain=sorted(chain), groups_in_scope=len(groups))


# ====================================================================== review partners
_REVIEW_Q = """
MATCH (c:College {moe_code: $college})
MATCH (f:Firm)-[r:PARTNERS_WITH]->(x)
WHERE x.moe_code = c.moe_code OR EXISTS { MATCH (x)-[:BELONGS_TO]->(c) }
RETURN f.id AS firm, f.name AS name, coalesce(x.id, x.moe_code) AS partner_of, coalesce(x.name, x.id) AS partner_name,
       r.kind AS kind, r.since AS since, r.until AS until, r.status AS status,
       r.internship_posts AS internship_posts, r.courses_codeveloped AS courses_codeveloped,
       r.joint_projects AS joint_projects, r.ip_output AS ip_output, r.evaluation_scores AS evaluation_scores
"""

_COLLEGE_SERVES_Q = """
MATCH (c:College {moe_code: $college})<-[:BELONGS_TO]-(g:ProfessionalGroup)-[:INCLUDES]->(:Major)-[:SERVES]->(i:Industry)
RETURN DISTINCT i.code AS code
UNION
MATCH (c:College {moe_code: $college})<-[:BELONGS_TO]-(g:ProfessionalGroup)-[:SERVES]->(i:Industry)
RETURN DISTINCT i.code AS code
"""

_REVIEW_EXTRA_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})-[:IN_INDUSTRY]->(i:Industry)
RETURN fid AS firm, 'industry' AS kind, i.code AS key
UNION ALL
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})<-[:INVOLVES]-(p:ResearchProject)-[:INVOLVES]->(c:College {moe_code: $college})
RETURN fid AS firm, 'research' AS kind, p.id AS key
"""

REVIEW_COLUMNS = ["firm_id", "firm", "partner_of", "kinds", "since", "until", "internship_posts",
                  "courses_codeveloped", "joint_projects", "ip_output", "research_projects", "scores",
                  "latest_score", "score_trend", "industries", "flags", "recommendation"]
_METRICS = ("internship_posts", "courses_codeveloped", "joint_projects", "ip_output")


def review_partners(store, college: str, *, many_groups: int = 2, year: int | None = None) -> Table:
    """The annual partnership review of a college: one row per partner firm with its record and flags.

    Inputs: ``college``; ``many_groups`` (a partner of at least this many groups is flagged ``keep:
    carries N groups``); ``year`` (the review year, default this year — partnerships whose ``until`` is
    before it count as ended).

    Flags: ``exit candidate: industry no longer matches`` (none of the firm's industries fits an industry
    served by any of the college's groups at ≥ 0.4, i.e. same 大类), ``no activity`` (no internship posts,
    co-developed courses, joint projects, IP output or joint research recorded), ``keep: carries N
    groups``, ``declining scores`` (latest annual score below the previous), ``ended`` (until < year).
    ``recommendation``: exit candidate / review / keep / continue.

    Output columns: ``firm_id``, ``firm``, ``partner_of`` (group/college names), ``kinds``, ``since``,
    ``until``, the summed metrics (``internship_posts``, ``courses_codeveloped``, ``joint_projects``,
    ``ip_output``), ``research_projects``, ``scores`` ({year: mean score}), ``latest_score``,
    ``score_trend`` (latest − previous), ``industries``, ``flags``, ``recommendation``.

    Example::

        >>> review_partners(store, "深圳职业技术大学").rows[["firm", "flags", "recommendation"]]
    """
    c = resolve.college(store, college)
    year = year or _dt.date.today().year
    served, rows, extra_rows = cache.memo(store, ("review_partners_reads", c.moe_code), lambda: _review_reads(store, c))
    tree = ind.tree(store)
    notes = [] if rows else [f"{c.name} has no PARTNERS_WITH relationships (load a partnerships file)"]
    firms: dict[str, dict] = {}
    for r in rows:
        f = firms.setdefault(r["firm"], {"name": r["name"] or r["firm"], "rels": []})
        f["rels"].append(r)
    extra: dict[str, dict[str, set[str]]] = {}
    for r in extra_rows:
        extra.setdefault(r["firm"], {}).setdefault(r["kind"], set()).add(r["key"])
    fits: dict[str, bool] = {}  # industry code → fits a served industry (same 大类 or closer)

    def fits_served(code: str) -> bool:
        if code not in fits:
            fits[code] = any(tree.match(code, s) >= ind.MATCH_SAME_DIVISION for s in served)
        return fits[code]
    if not served:
        notes.append("the college's groups serve no industry in the graph: industry fit cannot be judged")
    out = []
    for fid in sorted(firms, key=lambda k: (firms[k]["name"], k)):
        f = firms[fid]
        rels = f["rels"]
        group_ids = {r["partner_of"] for r in rels if r["partner_of"] != c.moe_code}
        metrics = {m: sum(int(r[m] or 0) for r in rels) for m in _METRICS}
        research = sorted(extra.get(fid, {}).get("research", set()))
        per_year: dict[str, list[float]] = {}
        for r in rels:
            for y, v in parse_scores(r["evaluation_scores"]).items():
                per_year.setdefault(y, []).append(v)
        scores = {y: round(sum(v) / len(v), 2) for y, v in sorted(per_year.items())}
        ys = list(scores)
        latest = scores[ys[-1]] if ys else None
        trend = round(scores[ys[-1]] - scores[ys[-2]], 2) if len(ys) >= 2 else None
        codes = sorted(extra.get(fid, {}).get("industry", set()))
        flags = []
        if served and codes and not any(fits_served(fc) for fc in codes):
            flags.append("exit candidate: industry no longer matches")
        elif served and not codes:
            flags.append("industry unknown")
        if not any(metrics.values()) and not research:
            flags.append("no activity")
        if len(group_ids) >= many_groups:
            flags.append(f"keep: carries {len(group_ids)} groups")
        if trend is not None and trend < 0:
            flags.append("declining scores")
        untils = [r["until"] for r in rels if r["until"]]
        if untils and all(str(u)[:4].isdigit() and int(str(u)[:4]) < year for u in untils):
            flags.append("ended")
        rec = ("exit candidate" if flags and flags[0].startswith("exit") and not any(x.startswith("keep") for x in flags)
               else "keep" if any(x.startswith("keep") for x in flags)
               else "review" if any(x in flags for x in ("no activity", "declining scores", "ended", "industry unknown"))
               or any(x.startswith("exit") for x in flags)
               else "continue")
        sinces = sorted(str(r["since"]) for r in rels if r["since"])
        out.append({"firm_id": fid, "firm": f["name"],
                    "partner_of": sorted({r["partner_name"] for r in rels}),
                    "kinds": sorted({r["kind"] for r in rels if r["kind"]}), "since": sinces[0] if sinces else None,
                    "until": max(untils) if untils else None, **metrics, "research_projects": len(research),
                    "scores": scores, "latest_score": latest, "score_trend": trend,
                    "industries": [tree.names.get(x, x) for x in codes], "flags": flags, "recommendation": rec})
    return table(out, REVIEW_COLUMNS, notes, college=c.name, year=year)


def _review_reads(store, c) -> tuple[list[str], list[dict], list[dict]]:
    """The reads of :func:`review_partners` for one college (kept while the graph is unchanged): the
    industries its groups serve, its PARTNERS_WITH rows, the partner firms' industries and joint research."""
    served = sorted({r["code"] for r in store.read(_COLLEGE_SERVES_Q, {"college": c.moe_code}, limit=None)})
    rows = store.read(_REVIEW_Q, {"college": c.moe_code}, limit=None)
    firms = sorted({r["firm"] for r in rows})
    extra = store.read(_REVIEW_EXTRA_Q, {"firms": firms, "college": c.moe_code}, limit=None) if firms else []
    return served, rows, extra


# ====================================================================== pathways
_PATHWAY_Q = """
MATCH (m:Major {code: $major})
MATCH (n:Major)
WHERE n.code = m.code OR EXISTS { MATCH (m)-[:LEADS_TO*1..2]->(n) } OR EXISTS { MATCH (n)-[:LEADS_TO*1..2]->(m) }
RETURN n.code AS code, n.name AS name, n.level AS level
"""

_PATHWAY_EDGES_Q = """
MATCH (a:Major) WHERE a.code IN $codes
MATCH (a)-[:LEADS_TO]->(b:Major)
RETURN a.code AS src, b.code AS dst
"""

_OFFERED_Q = f"""
MATCH (m:Major) WHERE m.code IN $codes
MATCH (c:College)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
  AND (EXISTS {{ MATCH (c)-[:OFFERS]->(m) }} OR EXISTS {{ MATCH (c)<-[:BELONGS_TO]-(:ProfessionalGroup)-[:INCLUDES]->(m) }})
RETURN m.code AS code, c.name AS college, r.id AS region
"""

LEVEL_ORDER = {"中职": 0, "高职专科": 1, "高职本科": 2}
PATHWAY_COLUMNS = ["step", "level", "code", "major", "relation", "leads_to", "colleges", "college_count"]


def pathways(store, major: str, region: str | None = None, *, level: str | None = None) -> Table:
    """A major's 接续 route (中职 → 高职专科 → 高职本科) and the colleges in a region offering each step.

    Inputs: ``major`` (code or name; ``level`` picks one when a name exists at several levels), ``region``
    (province/city of the colleges; empty = everywhere).

    Output columns: ``step`` (1 = 中职, 2 = 高职专科, 3 = 高职本科), ``level``, ``code``, ``major``,
    ``relation`` (before / self / after), ``leads_to`` (codes of the next-step majors it leads to),
    ``colleges`` (names offering it in the region — OFFERS or one of their groups INCLUDES it),
    ``college_count``.

    Example::

        >>> pathways(store, "510301", region="广东省")
    """
    m = resolve.major(store, major, level)
    reg = resolve.region(store, region)
    nodes = store.read(_PATHWAY_Q, {"major": m.code}, limit=None)
    codes = sorted(r["code"] for r in nodes)
    edges = store.read(_PATHWAY_EDGES_Q, {"codes": codes}, limit=None)
    offered: dict[str, set[str]] = {}
    for r in store.read(_OFFERED_Q, {"codes": codes, "scope": reg.id if reg else ""}, limit=None):
        offered.setdefault(r["code"], set()).add(r["college"])
    nexts: dict[str, set[str]] = {}
    for e in edges:
        if e["dst"] in codes:
            nexts.setdefault(e["src"], set()).add(e["dst"])
    me = LEVEL_ORDER.get(m.level or "", 1)
    rows = []
    for r in nodes:
        lv = LEVEL_ORDER.get(r["level"] or "", 1)
        rel = "self" if r["code"] == m.code else "before" if lv < me else "after" if lv > me else "peer"
        rows.append({"step": lv + 1, "level": r["level"], "code": r["code"], "major": r["name"], "relation": rel,
                     "leads_to": sorted(nexts.get(r["code"], set())), "colleges": sorted(offered.get(r["code"], set())),
                     "college_count": len(offered.get(r["code"], set()))})
    rows.sort(key=lambda x: (x["step"], x["relation"] != "self", x["code"]))
    notes = [] if len(rows) > 1 else [f"{m.code} {m.name} has no LEADS_TO (接续) links in the graph"]
    return table(rows, PATHWAY_COLUMNS, notes, major=f"{m.code} {m.name}", region=reg.id if reg else "全国")


def _nan_to_none(v):
    return None if isinstance(v, float) and math.isnan(v) else v
