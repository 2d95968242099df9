"""AppTest drives every explorer page on the explorer graph (reference data + curricula + job posts +
the labelled partnership example): the real 双高 college 深圳职业技术大学 and its 通信技术 group, gaps and
suggestions, a named query and a console query, a refused write, an uploaded curriculum file's preview.

What a page should show is computed from the library functions on the same graph, so the assertions
check the pages render the library's answers (and the answers are not empty), not hard-coded values.
"""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from kg.config import REPO_ROOT
from queries import explorer_api as api
from queries import graph
from queries import pickers
from queries import review

pytestmark = pytest.mark.reference

COLLEGE = "深圳职业技术大学"  # a 双高 A档 college (renamed from 深圳职业技术学院)
GROUP = "通信技术专业群"
TIMEOUT = 300


def run_page(page: str | None = None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    if page:
        at.switch_page(f"explorer/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def graphs(at: AppTest) -> list[dict]:
    """The graphs drawn (st-link-analysis components): their Cytoscape elements."""
    return [json.loads(c.proto.json_args)["elements"] for c in at.get("component_instance")]


def html_tables(at: AppTest) -> list:
    """The read-only HTML tables (explorer/tables.py) as DataFrames."""
    from explorer.tables import CLASS, read

    return [read(e.proto.body) for e in at.get("html") if e.proto.body.startswith(f'<div class="{CLASS}"')]


def charts(at: AppTest) -> int:
    """Charts drawn: Vega-Lite charts and the HTML bar charts of explorer/charts.py (#24)."""
    from explorer.charts import CLASS

    html = [e for e in at.get("html") if e.proto.body.startswith(f'<div class="{CLASS}"')]
    return len(at.get("vega_lite_chart")) + len(html)


@pytest.fixture
def target(graph_store) -> dict:
    """The real 双高 college and group the tests pick (from the graph)."""
    rows = [r for r in pickers.group_choices(graph_store) if r["college"] == COLLEGE and r["group"] == GROUP]
    assert rows, f"{COLLEGE} / {GROUP} not in the graph"
    return rows[0]


def pick(at: AppTest, prefix: str, target: dict) -> AppTest:
    at.selectbox(key=f"{prefix}-province").set_value(target["province"]).run()
    at.selectbox(key=f"{prefix}-college").set_value(target["moe_code"]).run()
    at.selectbox(key=f"{prefix}-group").set_value(target["group_id"]).run()
    return ok(at)


# ------------------------------------------------------------------ overview
def test_overview_shows_counts_charts_and_sources(explorer_env, graph_store):
    at = ok(run_page())
    counts = graph.graph_counts(graph_store)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["实体总数"] == f"{sum(counts['nodes'].values()):,}"
    assert metrics["关系总数"] == f"{sum(counts['relationships'].values()):,}"
    assert metrics["来源文档"] == f"{counts['nodes']['Document']:,}" and counts["nodes"]["Document"] > 0
    assert charts(at) >= 4  # nodes, relationships, majors per 门类, matching index per province
    assert not at.dataframe  # the landing page's tables are HTML: a new session loads no grid code (#24)
    sources = html_tables(at)[0]
    # column and kinds shown in Chinese (类型: 参考数据 = reference, 专业简介 = curriculum, 招聘信息 = jobs)
    assert "参考数据" in set(sources["类型"]) and set(sources["类型"]) >= {"专业简介", "招聘信息"}


def test_language_switch_to_english(explorer_env):
    at = ok(run_page(lang="en"))
    assert at.title[0].value == "Industry–Education Knowledge Graph"
    assert {m.label for m in at.metric} >= {"Entities", "Relationships"}
    at = ok(run_page("gaps", lang="en"))
    assert at.title[0].value == "Partner gaps"


# ------------------------------------------------------------------ explore
def test_explore_search_entity_neighbourhood_and_evidence(explorer_env, graph_store, target):
    at = ok(run_page("explore"))
    at.text_input(key="ex_text").set_value("深圳职业技术").run()
    ok(at)
    results = at.selectbox(key="ex_choice")
    ref = f"College:{target['moe_code']}"
    assert ref in results.options[0] or any(ref == v for v in results.proto.options) or ref in results.value
    results.set_value(ref).run()
    ok(at)
    assert at.header[0].value.startswith(COLLEGE)
    # 1 hop: the drawn graph is the library's neighbourhood, centre included, coloured by type
    hood = api.neighbourhood(graph_store, "College", target["moe_code"], hops=1, limit=40, per_node=12)
    drawn = graphs(at)[0]
    assert {n["data"]["id"] for n in drawn["nodes"]} == {n["id"] for n in hood["nodes"]}
    assert len(drawn["edges"]) == len(hood["edges"]) >= 3
    assert any(e.proto.body.startswith('<div class="kg-legend"') for e in at.get("html"))
    assert not any("kg-legend" in m.value for m in at.markdown)  # not markdown with raw HTML (#24)
    # every relationship listed with its source document
    rels = api.relationships(graph_store, "College", target["moe_code"], limit=500)
    assert not at.dataframe  # HTML tables: a new session loads no grid code (#24)
    table = html_tables(at)[-1]
    assert len(table) == len(rels) and (table["来源文档"] != "").all()
    # two hops reach further
    at.radio(key="ex_hops").set_value(2).run()
    ok(at)
    assert len(graphs(at)[0]["nodes"]) > len(drawn["nodes"])


def test_explore_major_shows_its_industry_links_with_signals_and_evidence(explorer_env, graph_store):
    from queries.industry import major_industry_links

    at = ok(run_page("explore"))
    at.session_state["ex_current"] = "Major:510101"  # 电子信息工程技术 (the page reopens the last entity)
    at.run()
    ok(at)
    links = major_industry_links(graph_store, "510101")
    assert links and all(x["evidence"] for x in links)
    want = [f"{x['code']} {x['name']} ({x['level']})" for x in links]
    tables = [d for d in html_tables(at) if len(d) == len(links) and list(d.iloc[:, 0]) == want]
    assert len(tables) == 1, "the industry-links table lists the library's links in order"
    assert links[0]["evidence"][0]["text"] in tables[0].iloc[0, 3]  # evidence column cites the text


def test_explore_type_filter_and_show_more(explorer_env, graph_store):
    at = ok(run_page("explore"))
    at.multiselect(key="ex_types").set_value(["Major"]).run()
    at.text_input(key="ex_text").set_value("现代通信技术").run()
    ok(at)
    refs = at.selectbox(key="ex_choice").options
    assert refs and all(r.startswith("专业") for r in refs)  # shown as 类型 · 名称: only majors
    # a city with hundreds of firms: its neighbourhood is capped, "show more" draws more
    at.multiselect(key="ex_types").set_value(["Region"]).run()
    at.text_input(key="ex_text").set_value("深圳市").run()
    ok(at)
    assert at.selectbox(key="ex_choice").value == "Region:广东省/深圳市"
    first = len(graphs(at)[0]["nodes"])
    more = [b for b in at.button if b.key == "ex_more"]
    assert more, "a city with many firms should be capped"
    more[0].click().run()
    ok(at)
    assert len(graphs(at)[0]["nodes"]) > first


# ------------------------------------------------------------------ partner gaps / suggestions
def test_gaps_for_a_real_double_high_group(explorer_env, graph_store, target):
    at = pick(run_page("gaps"), "gaps", target)
    expected = api.gaps(graph_store, target["moe_code"], target["group_id"]).rows
    assert len(expected) > 0
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["服务行业"] == str(len(expected))
    assert metrics["缺口行业（无合作企业）"] == str(int(expected["gap"].sum()))
    assert not at.dataframe  # HTML tables: a new session loads no grid code (#24)
    table = html_tables(at)[0]
    assert len(table) == len(expected)
    assert list(table["缺口"]) == ["✓" if g else "" for g in expected["gap"]]
    assert [b.proto.label for b in at.download_button] == ["下载 CSV", "下载 Excel"]
    assert charts(at) == 1
    if expected["gap"].any():  # each gap lists its candidate firms with their job posts
        assert len(at.expander) == int(expected["gap"].sum())


def xs_parts() -> list[str]:
    from queries.suggest import PARTS

    return list(PARTS)


def test_suggestions_ranked_with_parts_and_paths(explorer_env, graph_store, target):
    at = pick(run_page("suggest"), "suggest", target)
    result = pickers.suggest_filtered(graph_store, target["group_id"], target["moe_code"], top=10)
    expected = result.rows
    assert len(expected) > 0
    assert not at.dataframe  # HTML tables: a new session loads no grid code (#24)
    table = html_tables(at)[0]
    assert list(table["企业"]) == list(expected["firm"])
    # the analysis's notes reach the page through the explorer's cache (ui.call), one caption each
    assert result.notes and len([c for c in at.caption if c.value.startswith("ℹ")]) == len(result.notes)
    parts = ["产业匹配", "岗位需求", "地理邻近", "已有合作", "科研合作", "企业资质"]
    assert ((table[parts].astype(float).sum(axis=1) - table["得分"].astype(float)).abs() < 0.01).all()
    assert charts(at) == 1
    # the chosen suggestion's explanation paths drawn as a small graph (the firm at one end)
    drawn = graphs(at)
    assert len(drawn) == 1 and len(drawn[0]["edges"]) >= 2
    assert f"Firm:{expected['firm_id'].iloc[0]}" in {n["data"]["id"] for n in drawn[0]["nodes"]}
    at.selectbox(key=f"sg_path_firm-{target['group_id']}").set_value(expected["firm_id"].iloc[1]).run()
    assert f"Firm:{expected['firm_id'].iloc[1]}" in {n["data"]["id"] for n in graphs(at)[0]["nodes"]}
    # why not higher: the second firm's parts beside the last suggested firm's
    at.text_input(key=f"sg_why_typed-{target['group_id']}").set_value(expected["firm_id"].iloc[1]).run()
    ok(at)
    why = html_tables(at)[-1]
    assert len(why) == 6 and [float(v) for v in why["企业"]] == [round(expected.iloc[1][p], 4) for p in xs_parts()]
    # a data steward's member majors become a group-composition table to download
    at.text_area(key=f"sg_comp-{target['group_id']}").set_value("现代通信技术\n510302").run()
    ok(at)
    assert "下载专业群组成表" in [b.proto.label for b in at.download_button]
    at.text_input(key=f"sg_why_typed-{target['group_id']}").set_value("").run()
    # filter by tag: only listed firms remain
    at.multiselect(key="sg_tags").set_value([pickers.LISTED_TAG]).run()
    ok(at)
    listed = pickers.suggest_filtered(graph_store, target["group_id"], target["moe_code"], top=10,
                                      tags=[pickers.LISTED_TAG]).rows
    attrs = pickers.firm_attributes(graph_store, list(listed["firm_id"]))
    assert len(listed) > 0 and all(attrs[f].get("listed_code") for f in listed["firm_id"])
    assert html_tables(at)[0]["企业"].tolist() == listed["firm"].tolist()


def test_coverage_and_skills_gap(explorer_env, graph_store, target):
    at = ok(run_page("coverage"))
    at.selectbox(key="cv_region").set_value(target["province"]).run()
    ok(at)
    res = api.coverage(graph_store, target["province"])
    row = res.index[res.index["region"] == target["province"]].iloc[0]
    assert at.metric[0].value == f"{row['matching_index']:.3f}"
    assert charts(at) >= 2
    pick(at, "skills", target)
    sg = api.skills_gap(graph_store, target["moe_code"], target["group_id"]).rows
    assert not at.dataframe and len(html_tables(at)[-1]) == len(sg)


# ------------------------------------------------------------------ workbench
def test_named_query_gallery_runs_with_example_parameters(explorer_env, graph_store):
    at = ok(run_page("workbench"))
    at.selectbox(key="wb_query").set_value("college_groups").run()
    assert at.text_input(key="wb-college_groups-college").value == COLLEGE  # prefilled from the example
    next(b for b in at.button if b.proto.label == "运行" and "college_groups" in b.proto.form_id).click().run()
    ok(at)
    expected = api.run_query(graph_store, "college_groups", {"college": COLLEGE})
    assert len(expected) >= 2 and len(at.dataframe[0].value) == len(expected)


def test_console_query_table_and_graph(explorer_env):
    at = ok(run_page("workbench"))
    at.text_area(key="wb_console_query").set_value(
        "MATCH (g:ProfessionalGroup)-[r:BELONGS_TO]->(c:College) WHERE c.name = $name RETURN g, r, c")
    at.text_input(key="wb_console_params").set_value(json.dumps({"name": COLLEGE}, ensure_ascii=False))
    next(b for b in at.button if b.proto.form_id == "console").click().run()
    ok(at)
    assert len(at.dataframe[-1].value) == 2
    g = graphs(at)[-1]
    assert len(g["nodes"]) == 3 and len(g["edges"]) == 2


@pytest.mark.parametrize("query, message", [
    ("MATCH (c:College) WHERE c.name = '深圳职业技术大学' SET c.name = 'x' RETURN c", "已拒绝"),
    ("CREATE (:Firm {id: 'evil', name: 'evil'})", "已拒绝"),
    ("MATCH (c:College RETURN c", "语法错误"),
])
def test_console_refuses_writes_and_shows_syntax_errors(explorer_env, graph_store, query, message):
    before = graph.graph_counts(graph_store)
    at = run_page("workbench")
    at.text_area(key="wb_console_query").set_value(query)
    next(b for b in at.button if b.proto.form_id == "console").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith(message)
    assert graph.graph_counts(graph_store) == before
    assert graph_store.read("MATCH (c:College) WHERE c.name = $n RETURN count(c) AS n", {"n": COLLEGE})[0]["n"] == 1


# ------------------------------------------------------------------ review
def test_review_queue_lists_items_and_requires_a_reviewer(explorer_env, graph_store):
    at = ok(run_page("review"))
    items = review.review_queue(graph_store, confidence_below=0.6, limit=300)
    assert items, "the page's graph must hold low-confidence facts, or the queue is never exercised"
    assert f"{len(items)} 项待审核" in [c.value for c in at.caption]
    from explorer.tables import MAX_ROWS

    assert len(items) > MAX_ROWS and len(at.dataframe[0].value) == len(items)  # a long queue: the interactive grid
    before = review.review_queue(graph_store, confidence_below=0.6, limit=300)
    at.button(key=f"rv-acc-{items[0].id}").click().run()  # no reviewer name yet
    assert at.error and at.error[0].value == "请先填写审核人。"
    assert [i.id for i in review.review_queue(graph_store, confidence_below=0.6, limit=300)] == [i.id for i in before]


# ------------------------------------------------------------------ caching (writes: keep near the end)
def test_cached_results_follow_the_graph_version(explorer_env):
    """Results are cached on the graph's version: a write by another process shows on the next run."""
    from kg.store.embedded import EmbeddedStore

    at = ok(run_page())
    before = int(at.metric[0].value.replace(",", ""))
    at.run()
    assert int(at.metric[0].value.replace(",", "")) == before  # cached, unchanged
    w = EmbeddedStore(str(explorer_env))
    try:
        w.upsert_nodes("Region", [{"id": "TEST-FIXTURE/缓存测试", "name": "缓存测试", "level": "city",
                                   "_prov": [{"source": "fixture:cache-test", "extractor": "test-fixture@1"}]}])
    finally:
        w.close()
    at.run()
    assert int(at.metric[0].value.replace(",", "")) == before + 1


# ------------------------------------------------------------------ ingest (writes: keep last)
def test_upload_curriculum_preview_then_confirm(explorer_env, graph_store, reference_dir):
    text = (reference_dir / "curricula" / "major_profiles_2022" / "5103通信类.md").read_text(encoding="utf-8")
    second = text.index("专业代码", text.index("专业代码") + 4)
    sample = text[:second]  # the first major's profile (现代通信技术), as a college would upload it
    docs_before = graph.graph_counts(graph_store)["nodes"]["Document"]

    at = ok(run_page("ingest"))
    at.file_uploader(key="in_files").set_value(("5103-510301.md", sample.encode("utf-8"), "text/markdown")).run()
    ok(at)
    assert at.selectbox(key="in_kind").value == "curriculum"  # detected from the text
    at.button(key="in_preview_btn").click().run()
    ok(at)
    assert at.success and at.success[0].value.endswith("，0 行被拒绝")
    marks = [h for h in at.get("html") if "<mark" in h.proto.body]
    assert marks, "the preview highlights the entities found in the text"
    body = marks[0].proto.body
    assert "现代通信技术" in body and ("专业" in body or "课程" in body)
    records = at.dataframe[0].value
    assert len(records) > 5 and {"专业", "课程"} <= set(records["类型"])  # Major, Course by their Chinese names
    assert graph.graph_counts(graph_store)["nodes"]["Document"] == docs_before  # nothing written yet

    at.button(key="in_confirm_btn").click().run()
    ok(at)
    assert any(s.value.startswith("已写入：1 个文档") for s in at.success)
    assert graph.graph_counts(graph_store)["nodes"]["Document"] == docs_before + 1


# ------------------------------------------------------------------ Neo4j
@pytest.mark.neo4j
def test_pages_work_on_neo4j(neo4j, neo4j_server, monkeypatch):
    """The same pages on the Neo4j store (TEST FIXTURE graph: two real names, an invented link)."""
    prov = [{"source": "fixture:app-neo4j", "extractor": "test-fixture@1", "confidence": 1.0,
             "evidence": "fixture row"}]
    neo4j.upsert_nodes("Region", [{"id": "广东省/深圳市", "name": "深圳市", "level": "city", "_prov": prov}])
    neo4j.upsert_nodes("College", [{"moe_code": "4144011113", "name": COLLEGE, "_prov": prov}])
    neo4j.upsert_relationships("LOCATED_IN", [{"from": "4144011113", "to": "广东省/深圳市", "_prov": prov}],
                               "College", "Region")
    monkeypatch.setenv("KG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", neo4j_server["uri"])
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server["password"])
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server["database"])

    at = ok(run_page())
    assert {m.label: m.value for m in at.metric}["实体总数"] == "2"
    assert any("Neo4j" in c.value for c in at.sidebar.caption)

    at = ok(run_page("explore"))
    at.text_input(key="ex_text").set_value(COLLEGE).run()
    ok(at)
    assert at.header[0].value == COLLEGE
    assert html_tables(at)[-1]["来源文档"].tolist() == ["fixture:app-neo4j"]

    at = run_page("workbench")
    at.text_area(key="wb_console_query").set_value("MATCH (c:College) DETACH DELETE c")
    next(b for b in at.button if b.proto.form_id == "console").click().run()
    assert at.error and at.error[0].value.startswith("已拒绝")
    assert neo4j.read("MATCH (c:College) RETURN count(c) AS n")[0]["n"] == 1
