"""Partner suggestions for a professional group: ranked firms, a score in named parts, and paths.

Score
-----
``score = Σ WEIGHTS[part] × value[part]`` with every ``value`` in [0, 1] and the weights summing to 1, so
the score is in [0, 1]. Each part's *contribution* (weight × value, rounded to 4 places) is reported and
the score is the sum of the contributions. The parts follow the partner-selection criteria in the
literature on professional groups (industry-chain fit and professional direction first, then the
enterprise's demand for the group's graduates, proximity, existing trust and R&D ties):

``industry`` (0.30)
    best fit between the firm's industries and the industries the group or its majors serve:
    :func:`queries.industry.IndustryTree.match` (1.0 inside a served industry, 0.7 firm coarser, 0.4 same
    大类) × the confidence of the SERVES link (inferred links count less).
``demand`` (0.25)
    the firm's job postings in scope, counted per channel: x = postings for the group's posts
    (TARGETS_POST) + 0.75 × postings for posts in an occupation the group's majors prepare for
    (PREPARES_FOR / IN_OCCUPATION) + 0.5 × postings requiring a skill the group covers (DEVELOPS / a
    course that TEACHES it) — a posting found by two channels is evidence twice;
    value ``min(1, log(1 + x) / log(1 + DEMAND_SATURATION))``.
``proximity`` (0.15)
    same city as the college 1.0, same province 0.5.
``ties`` (0.15)
    already a partner of another group of the same college 1.0, of the college itself 0.7, or in the
    same education alliance / co-building a platform the college hosts 0.5.
``research`` (0.10)
    a research project with the college 1.0; a project on one of the served industries 0.5.
``tags`` (0.05)
    专精特新 / 小巨人 / 单项冠军 tag 1.0, listed company 0.6.

Candidates are the firms in scope (the ``region``, default the college's province) whose industry fits
a served industry (≥ 0.4), that post jobs for the group's posts or skills, or that already have ties
with the college (partners of it or its other groups, alliance, platform, joint research). Firms that already partner
with the group are left out unless ``include_partners``.

Each suggestion carries 1–3 explanation paths (:class:`queries.paths.Path`) built only from nodes and
relationships read from the graph, e.g. ``通信技术专业群 -[INCLUDES]-> 现代通信技术 -[TARGETS_POST]->
网络优化工程师 <-[FOR_POST]- 5G网络优化工程师 <-[POSTED]- 中兴通讯``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from queries.common import IN_SCOPE
from queries import cache
from queries import industry as ind
from queries import resolve
from queries.context import GroupProfile, group_profiles
from queries.paths import Path

#: THE weights of the suggestion score (sum 1.0). Change them here only.
WEIGHTS: dict[str, float] = {
    "industry": 0.30,
    "demand": 0.25,
    "proximity": 0.15,
    "ties": 0.15,
    "research": 0.10,
    "tags": 0.05,
}
PARTS = tuple(WEIGHTS)
DEMAND_SATURATION = 10  # postings at which the demand part reaches 1
#: how much one posting counts in each demand channel (see ``demand`` above)
CHANNEL_WEIGHT = {"post": 1.0, "occupation": 0.75, "skill": 0.5}
DETAILS_CAP = 5000  # firms whose details are read to settle the tags part of the leaders
MIN_INDUSTRY_MATCH = ind.MATCH_SAME_DIVISION
QUALITY_TAGS = ("专精特新", "小巨人", "单项冠军")
TIE_OTHER_GROUP, TIE_COLLEGE, TIE_ALLIANCE = 1.0, 0.7, 0.5
RESEARCH_JOINT, RESEARCH_TOPIC = 1.0, 0.5
TAG_QUALITY, TAG_LISTED = 1.0, 0.6
PROXIMITY_CITY, PROXIMITY_PROVINCE = 1.0, 0.5

assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9

COLUMNS = ["rank", "firm_id", "firm", "region", "score", *PARTS, "existing_partner", "reasons", "paths"]


# firms whose industry fits, counted per (industry, region): the analysis reads firm by firm only the
# groups that can reach the top
_INDUSTRY_GROUPS_Q = f"""
MATCH (i:Industry) WHERE i.code IN $codes
MATCH (i)<-[:IN_INDUSTRY]-(f:Firm)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN i.code AS code, r.id AS region, r.province AS province, count(DISTINCT f) AS n
"""

_GROUP_FIRMS_Q = """
MATCH (i:Industry {code: $code})<-[:IN_INDUSTRY]-(f:Firm)
MATCH (f)-[:LOCATED_IN]->(r:Region {id: $region})
RETURN f.id AS id, f.name AS name, f.tags AS tags, f.listed_code AS listed_code
"""

# demand per firm and channel: distinct postings and one sample posting (its link to the group is read
# for the leaders only, see _SAMPLE_Q). Lists over taxonomy tables use IN (LadybugDB plans UNWIND + multi-hop
# MATCH as a join over whole tables: 40× slower here); lists of firm ids use UNWIND (IN over 50k firms is slow).
_DEMAND_Q = f"""
MATCH (p:Post) WHERE p.id IN $posts
MATCH (p)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, f.province AS province, f.city AS city, 'post' AS kind, count(DISTINCT j) AS n, min(j.id) AS sample
UNION ALL
MATCH (o:Occupation) WHERE o.code IN $occupations
MATCH (o)<-[:IN_OCCUPATION]-(p:Post)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, f.province AS province, f.city AS city, 'occupation' AS kind, count(DISTINCT j) AS n, min(j.id) AS sample
UNION ALL
MATCH (s:Skill) WHERE s.id IN $skills
MATCH (s)<-[:REQUIRES]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {IN_SCOPE}
RETURN f.id AS firm, f.province AS province, f.city AS city, 'skill' AS kind, count(DISTINCT j) AS n, min(j.id) AS sample
"""

# ties are read from the college's side (a handful of rows), whatever the number of candidates
_TIES_Q = """
MATCH (c:College {moe_code: $college})<-[:BELONGS_TO]-(g:ProfessionalGroup)<-[:PARTNERS_WITH]-(f:Firm)
RETURN f.id AS firm, f.province AS province, f.city AS city, 'group' AS kind, g.id AS key, g.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})<-[:PARTNERS_WITH]-(f:Firm)
RETURN f.id AS firm, f.province AS province, f.city AS city, 'college' AS kind, c.moe_code AS key, c.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})-[:MEMBER_OF]->(a:EducationAlliance)<-[:MEMBER_OF]-(f:Firm)
RETURN f.id AS firm, f.province AS province, f.city AS city, 'alliance' AS kind, a.id AS key, a.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})-[:HOSTS]->(p:Platform)<-[:CO_BUILDS]-(f:Firm)
RETURN f.id AS firm, f.province AS province, f.city AS city, 'platform' AS kind, p.id AS key, p.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})<-[:INVOLVES]-(p:ResearchProject)-[:INVOLVES]->(f:Firm)
RETURN f.id AS firm, f.province AS province, f.city AS city, 'joint_research' AS kind, p.id AS key, p.title AS name, '' AS extra
UNION ALL
MATCH (i:Industry) WHERE i.code IN $topics
MATCH (i)<-[:ON_TOPIC]-(p:ResearchProject)-[:INVOLVES]->(f:Firm)
RETURN f.id AS firm, f.province AS province, f.city AS city, 'topic_research' AS kind, p.id AS key, p.title AS name, i.code AS extra
"""

# how a sample posting connects to the group — one posting per query: LadybugDB answers a single-key
# expansion in about a millisecond but plans a list of keys (UNWIND or IN) as a join over the whole
# relationship table
_SAMPLE_Q = {
    "post": "MATCH (j:JobPosting {id: $posting})-[:FOR_POST]->(p:Post) RETURN p.id AS key, '' AS via, j.title AS title",
    "occupation": ("MATCH (j:JobPosting {id: $posting})-[:FOR_POST]->(p:Post)-[:IN_OCCUPATION]->(o:Occupation) "
                   "RETURN o.code AS key, p.id AS via, j.title AS title"),
    "skill": "MATCH (j:JobPosting {id: $posting})-[:REQUIRES]->(s:Skill) RETURN s.id AS key, '' AS via, j.title AS title",
}
_LOCATED_ONE_Q = "MATCH (f:Firm {id: $firm})-[:LOCATED_IN]->(r:Region) RETURN r.id AS id, r.name AS name"
_FIRM_CODES_ONE_Q = "MATCH (f:Firm {id: $firm})-[:IN_INDUSTRY]->(i:Industry) RETURN i.code AS code"
SINGLE_LOOKUPS = 200  # up to this many firms, one query each; beyond, one UNWIND query

_FIRM_CODES_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})-[:IN_INDUSTRY]->(i:Industry)
RETURN f.id AS firm, i.code AS code
"""

_DETAILS_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})
RETURN f.id AS id, f.name AS name, f.tags AS tags, f.listed_code AS listed_code
"""

@dataclass
class Candidate:
    id: str
    name: str = ""
    region: str | None = None
    region_name: str | None = None
    province: str | None = None
    tags: list[str] = field(default_factory=list)
    listed_code: str | None = None
    codes: set[str] = field(default_factory=set)
    demand: dict[str, tuple[int, str]] = field(default_factory=dict)  # channel → (distinct postings, a posting id)
    # channel → (posting, key, via post, title): how the sample posting connects to the group (leaders only)
    links: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    ties: list[tuple[str, str, str, str]] = field(default_factory=list)  # (kind, key, name, extra)
    values: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, tuple] = field(default_factory=dict)  # part → what produced the value

    def clone(self) -> "Candidate":
        """A copy this call may change (the precomputed candidates are shared between calls)."""
        return Candidate(self.id, self.name, self.region, self.region_name, self.province, list(self.tags),
                         self.listed_code, set(self.codes), dict(self.demand), dict(self.links), list(self.ties),
                         dict(self.values), dict(self.evidence))

    def set_region(self, region: str | None, province: str | None) -> None:
        if region and (self.region is None or ("/" in region and "/" not in self.region)):  # prefer the city
            self.region, self.province = region, _province(region, province)


def _province(region_id: str | None, province: str | None) -> str | None:
    return province or (region_id.split("/")[0] if region_id else None)


def _region_id(province: str | None, city: str | None) -> str | None:
    """The Region id of a firm's province/city properties (as the reference loader builds it)."""
    if not province:
        return None
    return province if not city or city == province else f"{province}/{city}"


def _in_scope(region_id: str | None, province: str | None, scope: str) -> bool:
    if not scope:
        return True
    if not region_id:
        return False
    return region_id == scope or region_id.startswith(scope + "/") or province == scope


def suggest(store, group: str, college: str | None = None, *, top: int = 10, region: str | None = None,
            include_partners: bool = False, max_paths: int = 3, min_confidence: float = 0.0) -> pd.DataFrame:
    """Rank partner firms for a professional group.

    Inputs: ``group`` (id, name or lead-major name), ``college`` (name or 学校标识码, to pick the group
    when several colleges have one of that name), ``top`` (rows), ``region`` (province/city to search;
    default the college's province; ``全国`` = everywhere), ``include_partners`` (keep current partners),
    ``max_paths`` (explanation paths per firm, 1–3), ``min_confidence`` (ignore served-industry links
    below this confidence).

    Output columns: ``rank``, ``firm_id``, ``firm``, ``region`` (Region id), ``score`` (0–1) and one
    column per part (``industry``, ``demand``, ``proximity``, ``ties``, ``research``, ``tags``: the part's
    weighted contribution; they sum to ``score``), ``existing_partner`` (bool), ``reasons`` (short text
    per part) and ``paths`` (list of path dicts: kind, text, nodes, rels — see :mod:`queries.paths`).
    ``df.attrs`` holds ``group``, ``college``, ``scope``, ``weights`` and ``notes``.

    Example::

        >>> suggest(store, "通信技术专业群", college="深圳职业技术大学", top=5)[["firm", "score"]]
    """
    g = resolve.group(store, group, college)
    c = g.college
    reg = resolve.region(store, region) if region else None
    scope = "" if (region and reg is None) else reg.id if reg is not None else (c.province or "")
    tok = cache.token(store)
    prof = group_profiles(store, [g], min_confidence, tok=tok)[g.id]
    tree = ind.tree(store)
    notes: list[str] = []
    if not prof.serves:
        notes.append("the group's majors have no SERVES links to industries: industry fit is 0 for every firm")
    if not prof.posts and not prof.skills and not prof.occupations:
        notes.append("the group's majors have no posts, occupations or skills: job-posting demand cannot be measured")
    # the special firms scored and the (industry, region) groups bounded: kept while the graph is unchanged
    prep = cache.memo(store, ("suggest_prep", g.id, scope, float(min_confidence), bool(include_partners)),
                      lambda: _prepare(store, g, prof, tree, scope, include_partners), tok)
    if not prep.lower:
        df = pd.DataFrame(columns=COLUMNS)
        df.attrs.update(group=g.id, college=c.name, scope=scope or "全国", weights=dict(WEIGHTS),
                        notes=notes + ["no candidate firms in scope"])
        return df
    partners_of_group = prep.partners_of_group
    # only what can still reach the N-th best lower bound with the best tags is read in detail
    bar = prep.lower[min(top, len(prep.lower)) - 1] - WEIGHTS["tags"] - 1e-9
    cands: dict[str, Candidate] = {}  # this call's copies of the firms it looks at

    def cand(fid: str) -> Candidate:
        cd = cands.get(fid)
        if cd is None:
            base = prep.cands.get(fid)
            cd = cands[fid] = base.clone() if base is not None else Candidate(fid)
        return cd

    read_in_detail = 0
    for lb, r in prep.group_lb:
        if lb < bar:
            break
        for f in store.read(_GROUP_FIRMS_Q, {"code": r["code"], "region": r["region"]}, limit=None):
            if f["id"] in partners_of_group and not include_partners:
                continue
            cd = cand(f["id"])
            cd.codes.add(r["code"])
            cd.set_region(r["region"], r["province"])
            cd.name, cd.tags, cd.listed_code = f["name"] or f["id"], list(f["tags"] or []), f["listed_code"]
            if not cd.evidence.get("details"):
                read_in_detail += 1
            cd.evidence["details"] = True
        if read_in_detail > DETAILS_CAP:
            notes.append(f"more than {DETAILS_CAP} firms tie near the top: the ranking among them is cut there")
            break
    # the special firms not read above keep their precomputed parts; the others are scored again
    for fid, lb in prep.special_lb.items():
        if lb >= bar and fid not in cands:
            cand(fid)
    leaders = []
    for cd in cands.values():
        lb = prep.score_parts(cd)
        v = cd.values
        existing = cd.id in partners_of_group
        if v["industry"] < MIN_INDUSTRY_MATCH * 0.5 and not v["demand"] and not v["ties"] and not v["research"] \
                and not existing:
            continue  # no industry fit, no demand, no ties: not a candidate
        if lb >= bar:
            leaders.append((cd, existing))
    need = [cd.id for cd, _ in leaders if not cd.evidence.get("details")]
    if need:
        for r in store.read(_DETAILS_Q, {"firms": need}, limit=None):
            cd = cands[r["id"]]
            cd.name, cd.tags, cd.listed_code = r["name"] or r["id"], list(r["tags"] or []), r["listed_code"]
    rows = []
    for cd, existing in leaders:
        quality = any(q in t_ for t_ in cd.tags for q in QUALITY_TAGS)
        cd.values["tags"] = TAG_QUALITY if quality else TAG_LISTED if cd.listed_code else 0.0
        contrib = {k: round(WEIGHTS[k] * cd.values[k], 4) for k in PARTS}
        rows.append((cd, contrib, round(sum(contrib.values()), 4), existing))
    rows.sort(key=lambda t_: (-t_[2], t_[0].name or t_[0].id, t_[0].id))
    n_candidates = len(rows)
    rows = rows[:top]
    # how each leader's sample posting connects to the group (one small query per posting)
    wanted = {"post": prof.posts, "occupation": prof.occupations, "skill": prof.skills}
    for cd, *_ in rows:
        for ch, (_, sample) in sorted(cd.demand.items()):
            if not sample:
                continue
            hit = sorted((r["key"], r["via"] or "", r["title"] or sample)
                         for r in store.read(_SAMPLE_Q[ch], {"posting": sample}, limit=None)
                         if r["key"] in wanted[ch])
            if hit:
                cd.links[ch] = (sample, *hit[0])
    located_in: dict[str, dict[str, str]] = {}
    for cd, *_ in rows:  # the Region the firm is LOCATED_IN (region column, proximity path)
        ids = {r["id"]: r["name"] for r in store.read(_LOCATED_ONE_Q, {"firm": cd.id}, limit=None)}
        if cd.region not in ids and ids:
            cd.region = sorted(ids, key=lambda x: ("/" not in x, x))[0]
        located_in[cd.id] = ids
        cd.evidence["located"] = tuple(sorted(ids))
    out = []
    for rank, (cd, contrib, score, existing) in enumerate(rows, 1):
        cd.region_name = located_in[cd.id].get(cd.region or "", cd.region)
        paths = explanation_paths(g, prof, tree, cd, contrib, c, max_paths=max_paths)
        out.append({"rank": rank, "firm_id": cd.id, "firm": cd.name or cd.id, "region": cd.region, "score": score,
                    **contrib, "existing_partner": existing, "reasons": _reasons(prof, tree, cd),
                    "paths": [p.to_dict() for p in paths]})
    df = pd.DataFrame(out, columns=COLUMNS)
    df.attrs.update(group=g.id, college=c.name, scope=scope or "全国", weights=dict(WEIGHTS), notes=notes,
                    candidates=n_candidates)
    return df


@dataclass
class _Prepared:
    """What :func:`suggest` computes once per (group, scope, min_confidence, include_partners) while the
    graph is unchanged: the special firms (job-posting demand or ties) with their parts, the (industry,
    region) groups of other firms with their lower bounds, and every lower bound sorted (best first)."""
    cands: dict[str, Candidate]
    special_lb: dict[str, float]
    partners_of_group: set[str]
    group_lb: list[tuple[float, dict]]  # best first
    lower: list[float]  # best first
    score_parts: Callable[[Candidate], float]


def _prepare(store, g, prof: GroupProfile, tree: ind.IndustryTree, scope: str, include_partners: bool) -> _Prepared:
    c = g.college
    served = sorted(prof.serves)
    # best fit of each industry code to the served industries (computed once per code, not per firm)
    serve_conf = {s: max(prof.serves[s].values()) for s in served}
    fit_cache: dict[str, tuple[float, str | None]] = {}

    def fit(code: str) -> tuple[float, str | None]:
        if code not in fit_cache:
            best, arg = 0.0, None
            for s in served:
                m = tree.match(code, s) * serve_conf[s]
                if m > best:
                    best, arg = m, s
            fit_cache[code] = (best, arg)
        return fit_cache[code]

    # --- "special" firms, known one by one: those with job-posting demand and those tied to the college
    cands: dict[str, Candidate] = {}

    def cand(fid: str) -> Candidate:
        cd = cands.get(fid)
        if cd is None:
            cd = cands[fid] = Candidate(fid)
        return cd

    posts, skills, occs = sorted(prof.posts), sorted(prof.skills), sorted(prof.occupations)
    topics = sorted(tree.related_codes(served, ind.MATCH_COARSE_FIRM)) if served else []
    codes = sorted(tree.related_codes(served, MIN_INDUSTRY_MATCH)) if served else []
    raw = _gather(store, c, posts, skills, occs, topics, codes, scope)
    if raw["demand"] is not None:
        for r in raw["demand"]:
            cd = cand(r["firm"])
            cd.demand[r["kind"]] = (int(r["n"]), r["sample"] or "")
            cd.set_region(_region_id(r["province"], r["city"]), r["province"])
    partners_of_group: set[str] = set()
    tied: dict[str, list[tuple[str, str, str, str]]] = {}
    place: dict[str, tuple[str | None, str | None]] = {}
    for r in raw["ties"]:
        place[r["firm"]] = (_region_id(r["province"], r["city"]), r["province"])
        if r["kind"] == "group" and r["key"] == g.id:
            partners_of_group.add(r["firm"])
            continue
        t_ = (r["kind"], r["key"], r["name"] or r["key"], r["extra"] or "")
        if t_ not in tied.setdefault(r["firm"], []):
            tied[r["firm"]].append(t_)
    if include_partners:
        for fid in partners_of_group:
            tied.setdefault(fid, [])
    for fid, ts in tied.items():
        cd = cand(fid)
        cd.ties = ts
        cd.set_region(*place[fid])
    special = sorted(cands)
    if special:
        codes_of = raw["codes"]  # read for every firm with demand or ties (a superset of these)
        for fid in special:
            cands[fid].codes.update(codes_of.get(fid, ()))
    for fid in list(tied):  # tied firms outside the scope are not candidates (demand is in scope already)
        cd = cands[fid]
        if not cd.demand and not _in_scope(cd.region, cd.province, scope):
            del cands[fid]

    college_city = c.region
    college_prov = c.province or _province(c.region, None)

    def proximity(region_id: str | None, province: str | None) -> float:
        return (PROXIMITY_CITY if college_city and region_id == college_city
                else PROXIMITY_PROVINCE if college_prov and province == college_prov else 0.0)

    def score_parts(cd: Candidate) -> float:
        """Set the candidate's part values (all but tags); return the weighted sum (unrounded)."""
        v = cd.values
        best, best_ev = 0.0, None
        for code in sorted(cd.codes):
            m, s_ = fit(code)
            if m > best:
                best, best_ev = m, (code, s_)
        v["industry"] = best
        cd.evidence["industry"] = best_ev
        x = sum(CHANNEL_WEIGHT[k] * n for k, (n, _) in cd.demand.items())
        v["demand"] = min(1.0, math.log1p(x) / math.log1p(DEMAND_SATURATION)) if x else 0.0
        v["proximity"] = proximity(cd.region, cd.province)
        kinds = {t_[0] for t_ in cd.ties}
        v["ties"] = (TIE_OTHER_GROUP if "group" in kinds else TIE_COLLEGE if "college" in kinds
                     else TIE_ALLIANCE if kinds & {"alliance", "platform"} else 0.0)
        v["research"] = (RESEARCH_JOINT if "joint_research" in kinds
                         else RESEARCH_TOPIC if "topic_research" in kinds else 0.0)
        return sum(WEIGHTS[k] * v[k] for k in PARTS if k != "tags")

    # --- every other firm whose industry fits, counted per (industry, region) group: firms in one group
    # share the industry and proximity parts, so only the best groups are read firm by firm
    lower: list[float] = []
    special_lb: dict[str, float] = {}
    for fid in list(cands):
        cd = cands[fid]
        if fid in partners_of_group and not include_partners:
            del cands[fid]
            continue
        special_lb[fid] = score_parts(cd)
        lower.append(special_lb[fid])
    group_lb = []
    for r in raw["groups"]:
        lb = WEIGHTS["industry"] * fit(r["code"])[0] + WEIGHTS["proximity"] * proximity(r["region"], r["province"])
        group_lb.append((lb, r))
        lower.append(lb)  # a group counts once: the bar below can only be lower than the true one
    group_lb.sort(key=lambda x: (-x[0], x[1]["code"], x[1]["region"]))
    return _Prepared(cands, special_lb, partners_of_group, group_lb, sorted(lower, reverse=True), score_parts)


def _gather(store, c, posts, skills, occs, topics, codes, scope) -> dict:
    """The heavy reads of :func:`suggest` for one group and scope (kept by :mod:`queries.cache`)."""
    demand = (store.read(_DEMAND_Q, {"posts": posts, "skills": skills, "occupations": occs, "scope": scope},
                         limit=None) if (posts or skills or occs) else None)
    ties = store.read(_TIES_Q, {"college": c.moe_code, "topics": topics}, limit=None)
    special = sorted({r["firm"] for r in demand or []} | {r["firm"] for r in ties})
    groups = store.read(_INDUSTRY_GROUPS_Q, {"codes": codes, "scope": scope}, limit=None) if codes else []
    return {"demand": demand, "ties": ties, "codes": _codes(store, special), "groups": groups}


def _codes(store, firms: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    if firms:
        for r in store.read(_FIRM_CODES_Q, {"firms": firms}, limit=None):
            out.setdefault(r["firm"], set()).add(r["code"])
    return out


def _reasons(prof: GroupProfile, tree: ind.IndustryTree, cd: Candidate) -> str:
    out = []
    ev = cd.evidence.get("industry")
    if ev:
        f, s = ev
        m = tree.match(f, s)
        how = "≈" if m >= ind.MATCH_COARSE_FIRM else " same 大类 as " if m >= ind.MATCH_SAME_DIVISION else " same 门类 as "
        out.append(f"industry {tree.names.get(f, f)}{how}{tree.names.get(s, s)}")
    labels = {"post": "postings for the group's posts", "occupation": "postings in its majors' occupations",
              "skill": "postings needing the group's skills"}
    for ch in ("post", "occupation", "skill"):
        if ch in cd.demand:
            out.append(f"{cd.demand[ch][0]} {labels[ch]}")
    if cd.values.get("proximity") == PROXIMITY_CITY:
        out.append(f"same city ({cd.region_name or cd.region})")
    elif cd.values.get("proximity"):
        out.append(f"same province ({cd.province})")
    for kind, _, name, _ in sorted(set(cd.ties)):
        if kind in ("group", "college", "alliance", "platform", "joint_research"):
            out.append({"group": "partner of", "college": "partner of", "alliance": "alliance",
                        "platform": "platform", "joint_research": "joint research"}[kind] + f" {name}")
    if cd.values.get("tags") == TAG_QUALITY:
        out.append("/".join(t for t in cd.tags if any(q in t for q in QUALITY_TAGS)))
    elif cd.values.get("tags"):
        out.append(f"listed {cd.listed_code}")
    return "; ".join(out)


# ------------------------------------------------------------------ explanation paths
def _group_to_industry(g: resolve.Group, prof: GroupProfile, served: str) -> Path:
    p = Path.start("ProfessionalGroup", g.id, g.name)
    majors = prof.serving_majors(served)
    if majors:
        m = max(majors, key=lambda m: (prof.serves[served][m], m == prof.lead_major, m))
        return p.out("INCLUDES", "Major", m, prof.majors.get(m)).out("SERVES", "Industry", served,
                                                                    prof.industry_names.get(served))
    return p.out("SERVES", "Industry", served, prof.industry_names.get(served))


def _industry_path(g, prof, tree: ind.IndustryTree, cd: Candidate) -> Path | None:
    ev = cd.evidence.get("industry")
    if not ev:
        return None
    f, s = ev
    p = _group_to_industry(g, prof, s)
    if f != s:
        down = tree.graph_chain(f, s)  # firm's industry inside the served one
        up = tree.graph_chain(s, f)  # served inside the firm's
        if down:
            for code in reversed(down[:-1]):
                p = p.inn("PART_OF", "Industry", code, tree.names.get(code))
        elif up:
            for code in up[1:]:
                p = p.out("PART_OF", "Industry", code, tree.names.get(code))
        else:  # siblings: up to the lowest common ancestor, then down
            f_line = [f, *tree.ancestors(f)]
            lca = next((a for a in tree.ancestors(s) if a in f_line), None)
            up, down = (tree.graph_chain(s, lca), tree.graph_chain(f, lca)) if lca else (None, None)
            if not up or not down:
                return None
            for code in up[1:]:
                p = p.out("PART_OF", "Industry", code, tree.names.get(code))
            for code in reversed(down[:-1]):
                p = p.inn("PART_OF", "Industry", code, tree.names.get(code))
    p = p.inn("IN_INDUSTRY", "Firm", cd.id, cd.name)
    p.kind = "industry"
    return p


def _demand_path(g, prof: GroupProfile, cd: Candidate) -> Path | None:
    p0 = Path.start("ProfessionalGroup", g.id, g.name)
    if "post" in cd.links:
        posting, post, _, title = cd.links["post"]
        major = sorted(prof.posts[post])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("TARGETS_POST", "Post", post, prof.post_names.get(post))
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif "occupation" in cd.links:
        posting, occ, post, title = cd.links["occupation"]
        major = sorted(prof.occupations[occ])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("PREPARES_FOR", "Occupation", occ, prof.occupation_names.get(occ))
             .inn("IN_OCCUPATION", "Post", post, post)
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif "skill" in cd.links:
        posting, skill, _, title = cd.links["skill"]
        how, major, via = prof.skills[skill][0]
        p = p0.out("INCLUDES", "Major", major, prof.majors.get(major))
        if how == "develops":
            p = p.out("DEVELOPS", "Skill", skill, prof.skill_names.get(skill))
        else:
            p = (p.out("HAS_COURSE", "Course", via, prof.course_names.get(via))
                 .out("TEACHES", "Skill", skill, prof.skill_names.get(skill)))
        p = p.inn("REQUIRES", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name)
    else:
        return None
    p.kind = "demand"
    return p


def _proximity_path(g, c: resolve.College, cd: Candidate) -> Path | None:
    if not c.region or not cd.region or cd.values.get("proximity") != PROXIMITY_CITY \
            or cd.region not in cd.evidence.get("located", ()):
        return None
    p = (Path.start("ProfessionalGroup", g.id, g.name).out("BELONGS_TO", "College", c.moe_code, c.name)
         .out("LOCATED_IN", "Region", c.region, c.city or c.region)
         .inn("LOCATED_IN", "Firm", cd.id, cd.name))
    p.kind = "proximity"
    return p


def _ties_path(g, c: resolve.College, cd: Candidate, kinds: tuple[str, ...]) -> Path | None:
    base = Path.start("ProfessionalGroup", g.id, g.name).out("BELONGS_TO", "College", c.moe_code, c.name)
    for kind, key, name, _ in sorted(cd.ties):
        if kind not in kinds:
            continue
        if kind == "group":
            p = base.inn("BELONGS_TO", "ProfessionalGroup", key, name).inn("PARTNERS_WITH", "Firm", cd.id, cd.name)
        elif kind == "college":
            p = base.inn("PARTNERS_WITH", "Firm", cd.id, cd.name)
        elif kind == "alliance":
            p = base.out("MEMBER_OF", "EducationAlliance", key, name).inn("MEMBER_OF", "Firm", cd.id, cd.name)
        elif kind == "platform":
            p = base.out("HOSTS", "Platform", key, name).inn("CO_BUILDS", "Firm", cd.id, cd.name)
        elif kind == "joint_research":
            p = base.inn("INVOLVES", "ResearchProject", key, name).out("INVOLVES", "Firm", cd.id, cd.name)
        else:
            continue
        p.kind = "research" if kind == "joint_research" else "ties"
        return p
    return None


def explanation_paths(g, prof, tree, cd: Candidate, contrib: dict[str, float], c: resolve.College,
                      max_paths: int = 3) -> list[Path]:
    """Up to ``max_paths`` paths for the parts that contributed most (each part at most once)."""
    builders = {
        "industry": lambda: _industry_path(g, prof, tree, cd),
        "demand": lambda: _demand_path(g, prof, cd),
        "proximity": lambda: _proximity_path(g, c, cd),
        "ties": lambda: _ties_path(g, c, cd, ("group", "college", "alliance", "platform")),
        "research": lambda: _ties_path(g, c, cd, ("joint_research",)),
    }
    out: list[Path] = []
    for part in sorted(builders, key=lambda k: (-contrib.get(k, 0.0), PARTS.index(k))):
        if len(out) >= max(1, min(3, max_paths)):
            break
        if contrib.get(part, 0.0) <= 0:
            continue
        p = builders[part]()
        if p is not None:
            out.append(p)
    return out
