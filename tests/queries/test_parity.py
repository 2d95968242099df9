"""Both stores give identical answers: every named query and every analysis, run on the same TEST
FIXTURE graph written into a fresh LadybugDB and into the real local Neo4j server."""
from __future__ import annotations

import pytest

from fixture_graph import build
from kgcli.query_cmds import rows_of
from queries import analyses as A
from queries import library
from queries import network as N
from queries import suggest as S
from test_query_library import example_params

pytestmark = pytest.mark.neo4j

ANALYSES = {
    "gaps": lambda s: A.gaps(s, "深圳职业技术大学"),
    "gaps_nanjing": lambda s: A.gaps(s, "南京信息职业技术学院"),
    "coverage_province": lambda s: A.coverage(s, "广东省"),
    "coverage_all_门类": lambda s: A.coverage(s, None, industry_level="门类"),
    "skills_gap": lambda s: A.skills_gap(s, "深圳职业技术大学", all_posts=True),
    "suggest": lambda s: A.suggest(s, "通信技术专业群", "深圳职业技术大学", include_partners=True, top=50),
    "suggest_national": lambda s: A.suggest(s, "软件技术", "4132012317", region="全国", top=50),
    "suggest_why_not": lambda s: S.why_not(s, "通信技术专业群", "300454.SZ", "深圳职业技术大学", top=1),
    "suggest_groups": lambda s: A.suggest_groups(s, "I"),
    "review_partners": lambda s: A.review_partners(s, "深圳职业技术大学", year=2025),
    "pathways": lambda s: A.pathways(s, "510301", "广东省"),
    "central_firms": lambda s: N.central_firms(s, "广东省"),
    "major_communities": lambda s: N.major_communities(s),
    "bridging_colleges": lambda s: N.bridging_colleges(s),
}


def _result(r):
    if hasattr(r, "unmatched_majors"):
        return {k: rows_of(getattr(r, k)) for k in ("index", "industries", "uncovered", "unmatched_majors")}
    return rows_of(r.rows)


def test_every_named_query_and_analysis_is_identical_on_both_stores(embedded, neo4j):
    build(embedded)
    build(neo4j)
    differ, empty = [], []
    for q in library.list_queries():
        params = example_params(q)
        a = library.records(library.run(embedded, q.name, params))
        b = library.records(library.run(neo4j, q.name, params))
        if a != b:
            differ.append(f"{q.name}: ladybug {a[:2]} ≠ neo4j {b[:2]}")
        if not a:
            empty.append(q.name)
    for name, fn in ANALYSES.items():
        a, b = _result(fn(embedded)), _result(fn(neo4j))
        if a != b:
            differ.append(f"{name}: ladybug {str(a)[:300]} ≠ neo4j {str(b)[:300]}")
        if not a:
            empty.append(name)
    assert not differ, "\n".join(differ)
    assert not empty, f"parity checked on empty results: {empty}"
