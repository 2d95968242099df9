"""What the analyses need to know about a professional group, read in one round trip.

:func:`group_profiles` returns, per group: its majors (with role), the industries they serve (stated by
the group or by a major, with confidence), the posts the majors target, the occupations they prepare
for, the courses and the skills covered (developed by a major or taught by a course).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from queries import cache
from queries.resolve import Group

_PROFILE_Q = """
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[i:INCLUDES]->(m:Major)
RETURN g.id AS gid, 'major' AS kind, m.code AS major, '' AS key, m.name AS name, i.role AS extra, 1.0 AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[:INCLUDES]->(m:Major)-[r:SERVES]->(x:Industry)
RETURN g.id AS gid, 'serves' AS kind, m.code AS major, x.code AS key, x.name AS name, r.extractor AS extra, r.confidence AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[r:SERVES]->(x:Industry)
RETURN g.id AS gid, 'serves' AS kind, '' AS major, x.code AS key, x.name AS name, r.extractor AS extra, r.confidence AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[:INCLUDES]->(m:Major)-[:TARGETS_POST]->(x:Post)
RETURN g.id AS gid, 'post' AS kind, m.code AS major, x.id AS key, x.name AS name, '' AS extra, 1.0 AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[:INCLUDES]->(m:Major)-[:PREPARES_FOR]->(x:Occupation)
RETURN g.id AS gid, 'occupation' AS kind, m.code AS major, x.code AS key, x.name AS name, '' AS extra, 1.0 AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[:INCLUDES]->(m:Major)-[:DEVELOPS]->(x:Skill)
RETURN g.id AS gid, 'skill' AS kind, m.code AS major, x.id AS key, x.name AS name, '' AS extra, 1.0 AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[:INCLUDES]->(m:Major)-[:HAS_COURSE]->(c:Course)
RETURN g.id AS gid, 'course' AS kind, m.code AS major, c.id AS key, c.name AS name, '' AS extra, 1.0 AS w
UNION ALL
MATCH (g:ProfessionalGroup) WHERE g.id IN $gs MATCH (g)-[:INCLUDES]->(m:Major)-[:HAS_COURSE]->(c:Course)-[:TEACHES]->(x:Skill)
RETURN g.id AS gid, 'taught' AS kind, m.code AS major, x.id AS key, x.name AS name, c.id AS extra, 1.0 AS w
"""


@dataclass
class GroupProfile:
    group: Group
    majors: dict[str, str] = field(default_factory=dict)  # code → name
    roles: dict[str, str] = field(default_factory=dict)  # code → lead/member
    # industry code → {major code ('' = the group itself): confidence}
    serves: dict[str, dict[str, float]] = field(default_factory=dict)
    industry_names: dict[str, str] = field(default_factory=dict)
    posts: dict[str, set[str]] = field(default_factory=dict)  # post id → major codes
    post_names: dict[str, str] = field(default_factory=dict)
    occupations: dict[str, set[str]] = field(default_factory=dict)
    occupation_names: dict[str, str] = field(default_factory=dict)
    courses: dict[str, set[str]] = field(default_factory=dict)  # course id → major codes
    course_names: dict[str, str] = field(default_factory=dict)
    # skill id → list of (how, major, via) with how = develops | taught
    skills: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    skill_names: dict[str, str] = field(default_factory=dict)

    @property
    def lead_major(self) -> str | None:
        return next((c for c, r in sorted(self.roles.items()) if r == "lead"), None)

    def serving_majors(self, industry: str) -> list[str]:
        return sorted(m for m in self.serves.get(industry, {}) if m)


def group_profiles(store, groups: list[Group], min_confidence: float = 0.0, *,
                   tok: tuple | None = None) -> dict[str, GroupProfile]:
    """Profiles of ``groups`` keyed by group id (one query, kept by :mod:`queries.cache` while the graph
    is unchanged — pass ``tok`` when the caller read it already). SERVES links below ``min_confidence``
    (e.g. weak inferred industry links) are left out. The profiles are shared: do not modify them."""
    if not groups:
        return {}
    key = ("group_profiles", tuple(g.id for g in groups), float(min_confidence))
    return dict(cache.memo(store, key, lambda: _group_profiles(store, groups, min_confidence), tok))


def _group_profiles(store, groups: list[Group], min_confidence: float) -> dict[str, GroupProfile]:
    out = {g.id: GroupProfile(g) for g in groups}
    for r in store.read(_PROFILE_Q, {"gs": [g.id for g in groups]}, limit=None):
        p = out[r["gid"]]
        kind, major, key, name = r["kind"], r["major"], r["key"], r["name"] or r["key"]
        if kind == "major":  # (LadybugDB 0.22 mixes up UNION ALL columns when a branch repeats an expression)
            p.majors[major] = r["name"] or major
            p.roles[major] = r["extra"] or "member"
        elif kind == "serves":
            if r["w"] is not None and float(r["w"]) < min_confidence:
                continue
            cur = p.serves.setdefault(key, {})
            cur[major] = max(cur.get(major, 0.0), float(r["w"] if r["w"] is not None else 1.0))
            p.industry_names[key] = name
        elif kind == "post":
            p.posts.setdefault(key, set()).add(major)
            p.post_names[key] = name
        elif kind == "occupation":
            p.occupations.setdefault(key, set()).add(major)
            p.occupation_names[key] = name
        elif kind == "course":
            p.courses.setdefault(key, set()).add(major)
            p.course_names[key] = name
        elif kind in ("skill", "taught"):
            how = "develops" if kind == "skill" else "taught"
            p.skills.setdefault(key, []).append((how, major, r["extra"] or ""))
            p.skill_names[key] = name
    for p in out.values():
        for lst in p.skills.values():
            lst.sort()
    return out
