"""The named query library: headers, parameter coercion, every query runs and returns its columns."""
from __future__ import annotations

import re
import shlex
import unittest.mock as um

import pandas as pd
import pytest

from queries import library
from queries.library import QueryError


def example_params(q: library.NamedQuery) -> dict:
    """Parameters of the query's first example line (`kg query NAME -p k=v …`)."""
    assert q.examples, f"{q.name} has no example"
    words = shlex.split(q.examples[0])
    assert words[:3] == ["kg", "query", q.name], q.examples[0]
    out = {}
    for i, w in enumerate(words):
        if w == "-p":
            k, v = words[i + 1].split("=", 1)
            out[k] = v
    return out


def test_library_has_the_analyst_queries_with_complete_headers():
    qs = library.list_queries()
    assert len(qs) >= 15
    names = {q.name for q in qs}
    for must in ("college_groups", "major_courses", "major_posts", "major_occupations", "major_industries",
                 "firms_in_industry_region", "post_employers", "policy_mentions", "entity_path",
                 "majors_per_industry", "region_colleges"):
        assert must in names
    for q in qs:
        assert q.description and q.columns and q.examples, q.name
        for d in ("ladybug", "neo4j"):
            text = q.text(d)
            assert "ORDER BY" in text, f"{q.name} ({d}) has no ORDER BY"
            *first, last = library.stages(text)
            produced = set().union(*(library._returned(st) for st in first)) if first else set()
            assert set(re.findall(r"\$(\w+)", text)) - produced == {p.name for p in q.params}
        example_params(q)  # parses
    # variants only where the dialects must differ
    variants = {q.name for q in qs if q.has_variants}
    assert "entity_path" in variants and "college_groups" not in variants


def test_describe_lists_parameters_columns_and_example():
    text = library.describe("firms_in_industry_region")
    assert "industry (STRING, required)" in text
    assert 'region (STRING, default "")' in text and "limit (INT, default 200)" in text
    assert "job_postings (INT)" in text and "kg query firms_in_industry_region" in text


def test_params_are_coerced_defaulted_and_checked():
    p = library.coerce_params("firms_in_industry_region", {"industry": 39, "limit": "5"})
    assert p == {"industry": "39", "region": "", "limit": 5}
    with pytest.raises(QueryError, match="missing required parameter industry"):
        library.coerce_params("firms_in_industry_region", {})
    with pytest.raises(QueryError, match="unknown parameter"):
        library.coerce_params("firms_in_industry_region", {"industry": "39", "city": "x"})
    with pytest.raises(QueryError, match="not a valid INT"):
        library.coerce_params("firms_in_industry_region", {"industry": "39", "limit": "many"})
    with pytest.raises(QueryError, match="must not be empty"):
        library.coerce_params("college_groups", {"college": ""})
    with pytest.raises(QueryError, match="did you mean college_groups"):
        library.get("college_group")


@pytest.mark.parametrize("q", library.list_queries(), ids=lambda q: q.name)
def test_every_query_runs_on_the_fixture_and_returns_its_columns(fx, q):
    df = library.run(fx, q.name, example_params(q))
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == [c.name for c in q.columns]
    assert len(df) > 0, f"{q.name}: its example returns nothing on the fixture graph"
    for c in q.columns:
        vals = [v for v in df[c.name] if v is not None and not (isinstance(v, float) and pd.isna(v))]
        if c.type in ("LIST", "PATH"):
            assert all(isinstance(v, list) for v in df[c.name]), c.name
        if c.type == "LIST":
            assert all(v == sorted(v) for v in df[c.name]), c.name
        if c.type == "BOOL":
            assert all(isinstance(v, bool) for v in vals), c.name


def test_answers_are_the_graph_facts(fx):
    g = library.run(fx, "college_groups", {"college": "深圳职业技术学院"})  # former name → alias
    assert g["group_id"].tolist() == ["4144011113/软件技术", "4144011113/通信技术"]
    assert g.set_index("group_id").loc["4144011113/通信技术", "lead_major"] == "现代通信技术"
    p = library.run(fx, "major_pathway", {"major": "510301"})
    assert {(r.direction, r.code) for r in p.itertuples()} == {("from", "710301"), ("to", "310301")}
    path = library.run(fx, "entity_path", {"source": "深圳职业技术大学", "target": "中兴通讯股份有限公司"})
    assert path.iloc[0]["length"] == 1 and path.iloc[0]["rels"] == ["PARTNERS_WITH"]
    firms = library.run(fx, "firms_in_industry_region", {"industry": "65", "region": "江苏省"})
    assert set(firms["firm"]) == {"江苏润和软件股份有限公司", "常州市示例数据服务有限公司"}
    m = library.run(fx, "policy_mentions", {"policy": "职业教育法"})
    assert "国家推行中国特色学徒制" in m.set_index("target").loc["现代学徒制", "sentence"]


def test_values_travel_as_parameters(fx):
    hostile = "深圳职业技术大学' OR 1=1 //"
    assert library.run(fx, "college_groups", {"college": hostile}).empty
    assert library.run(fx, "firms_in_industry_region", {"industry": "65", "region": "x') RETURN 1 //"}).empty


def test_stages_split_at_semicolon_lines_and_pass_their_row_on(embedded):
    text = "MATCH (n) RETURN count(n) AS total, 'x' AS tag\n;\nRETURN $total AS t, $tag AS g ORDER BY t"
    assert library.stages(text) == ["MATCH (n) RETURN count(n) AS total, 'x' AS tag", "RETURN $total AS t, $tag AS g ORDER BY t"]
    assert library._returned(library.stages(text)[0]) == {"total", "tag"}
    doc = library.get("document_facts")
    assert len(library.stages(doc.text("ladybug"))) == 2 and len(library.stages(doc.text("neo4j"))) == 1
    # a stage that does not return exactly one row is an error naming the query
    q = library.NamedQuery(name="two_rows", description="d", params=(), columns=(library.Column("t", "INT", ""),),
                           examples=("e",), texts={d: "UNWIND [1, 2] AS i RETURN i AS v\n;\nRETURN $v AS t ORDER BY t"
                                                   for d in library.DIALECTS}, files=())
    with um.patch.object(library, "get", return_value=q), pytest.raises(QueryError, match="2 rows, not 1"):
        library.run(embedded, "two_rows", {})
