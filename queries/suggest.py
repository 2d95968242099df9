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
    the firm's job postings in scope: x = postings for the group's posts (TARGETS_POST) + 0.75 × postings
    for other posts in an occupation the group's majors prepare for (PREPARES_FOR / IN_OCCUPATION) +
    0.5 × postings that only require a skill the group covers (DEVELOPS / a course that TEACHES it);
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

import pandas as pd

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
OCCUPATION_POSTING, SKILL_POSTING = 0.75, 0.5  # a posting found through an occupation / a skill counts this much
MIN_INDUSTRY_MATCH = ind.MATCH_SAME_DIVISION
QUALITY_TAGS = ("专精特新", "小巨人", "单项冠军")
TIE_OTHER_GROUP, TIE_COLLEGE, TIE_ALLIANCE = 1.0, 0.7, 0.5
RESEARCH_JOINT, RESEARCH_TOPIC = 1.0, 0.5
TAG_QUALITY, TAG_LISTED = 1.0, 0.6
PROXIMITY_CITY, PROXIMITY_PROVINCE = 1.0, 0.5

assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9

COLUMNS = ["rank", "firm_id", "firm", "region", "score", *PARTS, "existing_partner", "reasons", "paths"]

_SCOPE = "($scope = '' OR r.id = $scope OR r.province = $scope OR r.id STARTS WITH ($scope + '/'))"

_INDUSTRY_FIRMS_Q = f"""
UNWIND $codes AS code
MATCH (i:Industry {{code: code}})<-[:IN_INDUSTRY]-(f:Firm)
MATCH (f)-[:LOCATED_IN]->(r:Region)
WHERE {_SCOPE}
RETURN f.id AS id, code, f.name AS name, f.tags AS tags, f.listed_code AS listed_code, r.id AS region,
       r.name AS region_name, r.province AS province
"""

_DEMAND_Q = f"""
UNWIND $posts AS pid
MATCH (p:Post {{id: pid}})<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {_SCOPE}
RETURN f.id AS firm, 'post' AS kind, pid AS key, p.name AS via, j.id AS posting, j.title AS title
UNION ALL
UNWIND $occupations AS oc
MATCH (o:Occupation {{code: oc}})<-[:IN_OCCUPATION]-(p:Post)<-[:FOR_POST]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {_SCOPE}
RETURN f.id AS firm, 'occupation' AS kind, oc AS key, p.id AS via, j.id AS posting, j.title AS title
UNION ALL
UNWIND $skills AS sid
MATCH (s:Skill {{id: sid}})<-[:REQUIRES]-(j:JobPosting)<-[:POSTED]-(f:Firm)
MATCH (j)-[:LOCATED_IN]->(r:Region)
WHERE {_SCOPE}
RETURN f.id AS firm, 'skill' AS kind, sid AS key, s.name AS via, j.id AS posting, j.title AS title
"""

# ties are read from the college's side (a handful of rows), whatever the number of candidates
_TIES_Q = """
MATCH (c:College {moe_code: $college})<-[:BELONGS_TO]-(g:ProfessionalGroup)<-[:PARTNERS_WITH]-(f:Firm)
RETURN f.id AS firm, 'group' AS kind, g.id AS key, g.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})<-[:PARTNERS_WITH]-(f:Firm)
RETURN f.id AS firm, 'college' AS kind, c.moe_code AS key, c.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})-[:MEMBER_OF]->(a:EducationAlliance)<-[:MEMBER_OF]-(f:Firm)
RETURN f.id AS firm, 'alliance' AS kind, a.id AS key, a.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})-[:HOSTS]->(p:Platform)<-[:CO_BUILDS]-(f:Firm)
RETURN f.id AS firm, 'platform' AS kind, p.id AS key, p.name AS name, '' AS extra
UNION ALL
MATCH (c:College {moe_code: $college})<-[:INVOLVES]-(p:ResearchProject)-[:INVOLVES]->(f:Firm)
RETURN f.id AS firm, 'joint_research' AS kind, p.id AS key, p.title AS name, '' AS extra
UNION ALL
UNWIND $topics AS code
MATCH (i:Industry {code: code})<-[:ON_TOPIC]-(p:ResearchProject)-[:INVOLVES]->(f:Firm)
RETURN f.id AS firm, 'topic_research' AS kind, p.id AS key, p.title AS name, code AS extra
"""

_FIRM_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})
OPTIONAL MATCH (f)-[:LOCATED_IN]->(r:Region)
RETURN f.id AS id, f.name AS name, f.tags AS tags, f.listed_code AS listed_code, r.id AS region,
       r.name AS region_name, r.province AS province
"""

_FIRM_CODES_Q = """
UNWIND $firms AS fid
MATCH (f:Firm {id: fid})-[:IN_INDUSTRY]->(i:Industry)
RETURN f.id AS firm, i.code AS code
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
    post_postings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # post → [(posting, title)]
    # occupation → [(posting, title, post id)]: postings for a post in an occupation the majors prepare for
    occupation_postings: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    skill_postings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    ties: list[tuple[str, str, str, str]] = field(default_factory=list)  # (kind, key, name, extra)
    values: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, tuple] = field(default_factory=dict)  # part → what produced the value


def _province(region_id: str | None, province: str | None) -> str | None:
    return province or (region_id.split("/")[0] if region_id else None)


def _in_scope(region_id: str | None, province: str | None, scope: str) -> bool:
    if not scope:
        return True
    if not region_id:
        return False
    return region_id == scope or region_id.startswith(scope + "/") or province == scope


def suggest(store, group: str, college: str | None = None, *, top: int = 10, region: str | None = None,
            include_partners: bool = False, max_paths: int = 3) -> pd.DataFrame:
    """Rank partner firms for a professional group.

    Inputs: ``group`` (id, name or lead-major name), ``college`` (name or 学校标识码, to pick the group
    when several colleges have one of that name), ``top`` (rows), ``region`` (province/city to search;
    default the college's province; ``全国`` = everywhere), ``include_partners`` (keep current partners),
    ``max_paths`` (explanation paths per firm, 1–3).

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
    if region and reg is None:
        scope = ""
    elif reg is not None:
        scope = reg.id
    else:
        scope = c.province or ""
    prof = group_profiles(store, [g])[g.id]
    tree = ind.tree(store)
    notes: list[str] = []
    if not prof.serves:
        notes.append("the group's majors have no SERVES links to industries: industry fit is 0 for every firm")
    if not prof.posts and not prof.skills:
        notes.append("the group's majors have no posts or skills: demand from job postings cannot be measured")

    # --- candidates: by industry (with the firm's details), by demand, by ties to the college
    cands: dict[str, Candidate] = {}
    known: set[str] = set()  # firms whose details and in-scope codes are read

    def info(cd: Candidate, r: dict) -> None:
        cd.name, cd.tags, cd.listed_code = r["name"] or r["id"], list(r["tags"] or []), r["listed_code"]
        if cd.region is None or (r["region"] and "/" in r["region"]):  # prefer the city over the province
            cd.region, cd.region_name = r["region"], r["region_name"]
            cd.province = _province(r["region"], r["province"])

    served = sorted(prof.serves)
    codes = sorted(tree.related_codes(served, MIN_INDUSTRY_MATCH)) if served else []
    if codes:
        for r in store.read(_INDUSTRY_FIRMS_Q, {"codes": codes, "scope": scope}, limit=None):
            cd = cands.setdefault(r["id"], Candidate(r["id"]))
            cd.codes.add(r["code"])
            info(cd, r)
            known.add(cd.id)
    posts, skills, occs = sorted(prof.posts), sorted(prof.skills), sorted(prof.occupations)
    if posts or skills or occs:
        for r in store.read(_DEMAND_Q, {"posts": posts, "skills": skills, "occupations": occs, "scope": scope},
                            limit=None):
            cd = cands.setdefault(r["firm"], Candidate(r["firm"]))
            title = r["title"] or r["posting"]
            if r["kind"] == "occupation":
                lst3 = cd.occupation_postings.setdefault(r["key"], [])
                if (r["posting"], title, r["via"]) not in lst3:
                    lst3.append((r["posting"], title, r["via"]))
                continue
            target = cd.post_postings if r["kind"] == "post" else cd.skill_postings
            lst = target.setdefault(r["key"], [])
            if (r["posting"], title) not in lst:
                lst.append((r["posting"], title))
    partners_of_group: set[str] = set()
    topics = sorted(tree.related_codes(served, ind.MATCH_COARSE_FIRM)) if served else []
    tied: dict[str, list[tuple[str, str, str, str]]] = {}
    for r in store.read(_TIES_Q, {"college": c.moe_code, "topics": topics}, limit=None):
        if r["kind"] == "group" and r["key"] == g.id:
            partners_of_group.add(r["firm"])
            continue
        t_ = (r["kind"], r["key"], r["name"] or r["key"], r["extra"] or "")
        if t_ not in tied.setdefault(r["firm"], []):
            tied[r["firm"]].append(t_)
    if include_partners:
        for fid in partners_of_group:
            tied.setdefault(fid, [])
    only_tied = set(tied) - set(cands)  # neither industry nor demand candidates: check the scope below
    for fid in tied:
        cands.setdefault(fid, Candidate(fid))
    rest = sorted(set(cands) - known)
    if rest:
        for r in store.read(_FIRM_Q, {"firms": rest}, limit=None):
            info(cands[r["id"]], r)
        for r in store.read(_FIRM_CODES_Q, {"firms": rest}, limit=None):
            cands[r["firm"]].codes.add(r["code"])
    for fid, ts in tied.items():
        cands[fid].ties = ts
    for fid in only_tied:
        if not _in_scope(cands[fid].region, cands[fid].province, scope):
            del cands[fid]
    if not cands:
        df = pd.DataFrame(columns=COLUMNS)
        df.attrs.update(group=g.id, college=c.name, scope=scope or "全国", weights=dict(WEIGHTS),
                        notes=notes + ["no candidate firms in scope"])
        return df

    # --- parts
    college_city = c.region
    college_prov = c.province or _province(c.region, None)
    rows = []
    for cd in cands.values():
        existing = cd.id in partners_of_group
        if existing and not include_partners:
            continue
        v: dict[str, float] = {}
        # industry
        best, best_ev = 0.0, None
        for f_code in sorted(cd.codes):
            for s_code in served:
                conf = max(prof.serves[s_code].values())
                m = tree.match(f_code, s_code) * conf
                if m > best:
                    best, best_ev = m, (f_code, s_code)
        v["industry"] = best
        cd.evidence["industry"] = best_ev
        # demand
        post_ids = {p for lst in cd.post_postings.values() for p, _ in lst}
        occ_ids = {p for lst in cd.occupation_postings.values() for p, _, _ in lst} - post_ids
        skill_only = len({p for lst in cd.skill_postings.values() for p, _ in lst} - post_ids - occ_ids)
        x = len(post_ids) + OCCUPATION_POSTING * len(occ_ids) + SKILL_POSTING * skill_only
        v["demand"] = min(1.0, math.log1p(x) / math.log1p(DEMAND_SATURATION)) if x else 0.0
        # proximity
        if college_city and cd.region == college_city:
            v["proximity"] = PROXIMITY_CITY
        elif college_prov and cd.province == college_prov:
            v["proximity"] = PROXIMITY_PROVINCE
        else:
            v["proximity"] = 0.0
        # ties
        kinds = {t[0] for t in cd.ties}
        v["ties"] = (TIE_OTHER_GROUP if "group" in kinds else TIE_COLLEGE if "college" in kinds
                     else TIE_ALLIANCE if kinds & {"alliance", "platform"} else 0.0)
        # research
        topic_hit = any(t[0] == "topic_research" and any(tree.match(t[3], s) >= ind.MATCH_COARSE_FIRM for s in served)
                        for t in cd.ties)
        v["research"] = RESEARCH_JOINT if "joint_research" in kinds else RESEARCH_TOPIC if topic_hit else 0.0
        # tags
        quality = any(q in t for t in cd.tags for q in QUALITY_TAGS)
        v["tags"] = TAG_QUALITY if quality else TAG_LISTED if cd.listed_code else 0.0
        if v["industry"] < MIN_INDUSTRY_MATCH * 0.5 and not x and not v["ties"] and not v["research"] and not existing:
            continue  # no industry fit, no demand, no ties: not a candidate
        cd.values = v
        contrib = {k: round(WEIGHTS[k] * v[k], 4) for k in PARTS}
        score = round(sum(contrib.values()), 4)
        rows.append((cd, contrib, score, existing))
    rows.sort(key=lambda t: (-t[2], t[0].name, t[0].id))
    rows = rows[:top]
    out = []
    for rank, (cd, contrib, score, existing) in enumerate(rows, 1):
        paths = explanation_paths(g, prof, tree, cd, contrib, c, max_paths=max_paths)
        out.append({"rank": rank, "firm_id": cd.id, "firm": cd.name, "region": cd.region, "score": score,
                    **contrib, "existing_partner": existing, "reasons": _reasons(prof, tree, cd),
                    "paths": [p.to_dict() for p in paths]})
    df = pd.DataFrame(out, columns=COLUMNS)
    df.attrs.update(group=g.id, college=c.name, scope=scope or "全国", weights=dict(WEIGHTS), notes=notes)
    return df


def _reasons(prof: GroupProfile, tree: ind.IndustryTree, cd: Candidate) -> str:
    out = []
    ev = cd.evidence.get("industry")
    if ev:
        f, s = ev
        m = tree.match(f, s)
        how = "≈" if m >= ind.MATCH_COARSE_FIRM else " same 大类 as " if m >= ind.MATCH_SAME_DIVISION else " same 门类 as "
        out.append(f"industry {tree.names.get(f, f)}{how}{tree.names.get(s, s)}")
    n_post = sum(len(v) for v in cd.post_postings.values())
    if n_post:
        out.append(f"{n_post} postings for {'/'.join(prof.post_names.get(p, p) for p in sorted(cd.post_postings))}")
    n_occ = len({p for v in cd.occupation_postings.values() for p, _, _ in v})
    if n_occ:
        out.append(f"{n_occ} postings in {'/'.join(prof.occupation_names.get(o, o) for o in sorted(cd.occupation_postings))}")
    n_skill = len({p for v in cd.skill_postings.values() for p, _ in v})
    if n_skill:
        out.append(f"{n_skill} postings needing the group's skills")
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
    if cd.post_postings:
        post = max(sorted(cd.post_postings), key=lambda k: len(cd.post_postings[k]))
        posting, title = sorted(cd.post_postings[post])[0]
        major = sorted(prof.posts[post])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("TARGETS_POST", "Post", post, prof.post_names.get(post))
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif cd.occupation_postings:
        occ = max(sorted(cd.occupation_postings), key=lambda k: len(cd.occupation_postings[k]))
        posting, title, post = sorted(cd.occupation_postings[occ])[0]
        major = sorted(prof.occupations[occ])[0]
        p = (p0.out("INCLUDES", "Major", major, prof.majors.get(major))
             .out("PREPARES_FOR", "Occupation", occ, prof.occupation_names.get(occ))
             .inn("IN_OCCUPATION", "Post", post, post)
             .inn("FOR_POST", "JobPosting", posting, title).inn("POSTED", "Firm", cd.id, cd.name))
    elif cd.skill_postings:
        skill = max(sorted(cd.skill_postings), key=lambda k: len(cd.skill_postings[k]))
        posting, title = sorted(cd.skill_postings[skill])[0]
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
    if not c.region or not cd.region or cd.values.get("proximity") != PROXIMITY_CITY:
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
