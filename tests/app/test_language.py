"""One language at a time: every page, in 中文 and in English, shows no text of the other language
outside data values (names from the graph, the source's own words, codes, file names).

Each page is opened with something on it (a college and group picked by link, an entity opened, a
console query run with a dialect note, a curriculum file previewed), and every text a user reads is
collected (tests/app/language_check.py): titles, captions, notices, widget labels and options, metric,
tab, expander and button labels, table headers and cells, the drawn graphs' type and relationship names.
"""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from explorer.i18n import LABELS
from explorer.i18n_terms import COLUMNS
from kg import schema
from kg.config import REPO_ROOT
from language_check import foreign_text, page_texts
from queries import pickers
from queries.library import list_queries

pytestmark = pytest.mark.reference

PAGES = ["overview", "explore", "gaps", "suggest", "coverage", "workbench", "ingest", "review"]
COLLEGE, GROUP = "深圳职业技术大学", "通信技术专业群"
# table columns whose cells are the source's own words or names from the data
DATA_LABELS = ("col_evidence", "col_source", "col_other", "col_name", "col_extractor", "sg_firm", "gp_partners",
               "gp_candidates", "gp_job_posts", "gp_majors", "gp_group", "gp_industries", "ex_value")
DATA_COLUMNS = ("evidence", "source", "sources", "locator", "extractor", "id", "path", "title", "key", "target",
                "name", "group_id", "major_name", "industry", "region", "group", "post", "colleges", "industries",
                "major", "required_skills", "covered_skills", "uncovered_skills")


@pytest.fixture(scope="module")
def graph_data(explorer_graph) -> dict:
    """Names in the graph (data values) and the college/group the pages open."""
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(explorer_graph), read_only=True, max_rows=10**7)
    try:
        names: set[str] = set()
        for lb in schema.LABELS:
            props = schema.NODE_BY_LABEL[lb].all_props
            for prop in ("name", "name_en", "title", "path"):
                if prop in props:
                    names.update(r["a"] for r in st.read(f"MATCH (n:{lb}) RETURN n.{prop} AS a", {}, limit=None)
                                 if isinstance(r["a"], str) and r["a"])
        for r in st.read("MATCH (f:Firm) RETURN f.tags AS t, f.size AS s", {}, limit=None):
            names.update(x for x in (r["t"] or []) if x)
            if r["s"]:
                names.add(r["s"])
        target = next(r for r in pickers.group_choices(st) if r["college"] == COLLEGE and r["group"] == GROUP)
    finally:
        st.close()
    code = {q.name for q in list_queries()} | {p.name for q in list_queries() for p in q.params}
    return {"names": names | code, "target": target}


def _open(page: str, lang: str, target: dict, reference_dir) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=300)
    at.session_state["lang"] = lang
    if page == "explore":
        at.query_params["ref"] = f"College:{target['moe_code']}"
    if page in ("gaps", "suggest", "coverage"):
        at.query_params["college"], at.query_params["group"] = target["moe_code"], target["group_id"]
        at.query_params["region"] = target["province"]
    at.run()
    at.switch_page(f"explorer/{page}.py").run()
    if page == "workbench":
        at.text_area(key="wb_console_query").set_value(
            "MATCH (g:ProfessionalGroup)-[r:BELONGS_TO]->(c:College) WHERE c.name = $name "
            "RETURN g, r, c, substring(c.name, 0, 2) AS s")
        at.text_input(key="wb_console_params").set_value(json.dumps({"name": COLLEGE}, ensure_ascii=False))
        next(b for b in at.button if b.proto.form_id == "console").click().run()
    if page == "ingest":
        text = (reference_dir / "curricula" / "major_profiles_2022" / "5103通信类.md").read_text(encoding="utf-8")
        second = text.index("专业代码", text.index("专业代码") + 4)
        at.file_uploader(key="in_files").set_value(("5103-510301.md", text[:second].encode("utf-8"),
                                                    "text/markdown")).run()
        at.button(key="in_preview_btn").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_is_in_one_language(explorer_env, graph_data, reference_dir, page, lang):
    at = _open(page, lang, graph_data["target"], reference_dir)
    texts, data = page_texts(at)
    assert len(texts) > 10, texts  # the page showed something
    i = 0 if lang == "zh" else 1
    exempt = {LABELS[k][i] for k in DATA_LABELS} | {COLUMNS[k][i] for k in DATA_COLUMNS}
    console = [len(at.dataframe) - 1] if page == "workbench" else []  # the analyst's own query and aliases
    prefixes = [f"**{LABELS['col_evidence'][i]}:**", LABELS["col_source"][i]]
    bad = foreign_text(texts, lang, data, graph_data["names"], exempt, console, prefixes)
    assert not bad, "\n".join(f"{kind}: {text[:120]!r} → {what}" for kind, text, what in bad[:30])


def test_the_checker_finds_the_other_language():
    """The checker itself: English words in Chinese text and Chinese in English text are found; data is not."""
    texts = [("caption", "(0 postings)"), ("table.column", "moe_code"), ("caption", "深圳职业技术大学 · 院校"),
             ("caption", "上市公司 002594.SZ"), ("radio.option", "English")]
    bad = {t for _, t, _ in foreign_text(texts, "zh", set(), {"深圳职业技术大学"})}
    assert bad == {"(0 postings)", "moe_code"}
    texts = [("caption", "Partner gaps (合作缺口)"), ("caption", "College: 深圳职业技术大学"), ("radio.option", "中文")]
    bad = {t for _, t, _ in foreign_text(texts, "en", set(), {"深圳职业技术大学"})}
    assert bad == {"Partner gaps (合作缺口)"}
    # a data value inside a longer Latin word does not hide that word ("DB" is data, "Ladybug" is not)
    bad = {t for _, t, _ in foreign_text([("caption", "内嵌 LadybugDBx")], "zh", set(), {"DB"})}
    assert bad == {"内嵌 LadybugDBx"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_banner_when_no_partnership_list_is_loaded(explorer_env, graph_store, graph_data, lang):
    """A college without any partnership: the gaps page says every gap comes from missing data; the
    college with the (labelled example) partnerships gets no such banner."""
    from queries.library import run as run_query

    rows = pickers.group_choices(graph_store)
    from queries import explorer_api as api

    other = next(r for r in rows if r["moe_code"] != graph_data["target"]["moe_code"]
                 and run_query(graph_store, "college_partners", {"college": r["moe_code"]}).empty
                 and len(api.gaps(graph_store, r["moe_code"], r["group_id"]).rows))  # industries served, none partnered
    for row, expect in ((other, True), (graph_data["target"], False)):
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=300)
        at.session_state["lang"] = lang
        at.query_params["college"], at.query_params["group"] = row["moe_code"], row["group_id"]
        at.run()
        at.switch_page("explorer/gaps.py").run()
        assert not at.exception
        banners = [w.value for w in at.warning if ("合作企业清单" if lang == "zh" else "partnership list") in w.value]
        assert bool(banners) is expect, (row["college"], [w.value for w in at.warning])
        if expect:
            assert row["college"] in banners[0] and "data/templates/" in banners[0]


def test_gap_candidates_are_written_in_the_current_language(monkeypatch):
    """The gaps page formats a structured candidate (firm, postings) in the interface language."""
    from explorer import i18n
    from queries.analyses import GapCandidate

    c = GapCandidate("深圳市示例网络科技有限公司", "fixture-sz-net", 3)
    monkeypatch.setitem(i18n._LAST, "lang", "zh")  # outside a script run: the language of the last run
    assert i18n.candidate_text(c) == "深圳市示例网络科技有限公司（3 条招聘信息）"
    monkeypatch.setitem(i18n._LAST, "lang", "en")
    assert i18n.candidate_text(c) == "深圳市示例网络科技有限公司 (3 job postings)"
