"""ingest.jobs: title normalisation, mixed zh/en skill matching, graph postings, user tables, eval targets."""
from __future__ import annotations

import shutil

import pytest

from ingest.vocab.entities import EntityVocabulary
from ingest.jobs import JobExtractor, education_of, experience_of, normalise_title


@pytest.fixture(scope="module")
def repo_extractor():
    """Extractor over the repo vocabulary only (no graph) with one fixture occupation."""
    return JobExtractor(EntityVocabulary.tech_terms(), [("2-02-10-03", "计算机软件工程技术人员", ["软件工程师", "Python", "Java开发"])],
                        {})


def test_title_normalisation(repo_extractor):
    canon = repo_extractor.canon
    assert normalise_title("python开发工程师(数据挖...", canon) == "Python开发工程师"
    assert normalise_title("急聘：销售代表（上海）") == "销售代表"
    assert normalise_title("高级JAVA工程师【急招】", canon) == "高级Java工程师"


def test_occupation_link(repo_extractor):
    assert repo_extractor.occupation_of("软件工程师") == ("2-02-10-03", 0.9)
    assert repo_extractor.occupation_of("高级Python开发工程师") == ("2-02-10-03", 0.7)
    assert repo_extractor.occupation_of("销售代表") is None


def test_mixed_script_skills(repo_extractor):
    text = "岗位职责：负责Google广告系统开发。任职要求：1、熟悉Python、MySQL和golang；2、会用Excel及word；3、有go to market经验"
    found = repo_extractor.skills(text)
    names = [s["name"] for s in found]
    assert {"Python", "MySQL", "Go", "Excel"} <= set(names)
    assert "Word" not in names  # case-sensitive short name: "word" in running text is not the tool
    assert names.count("Go") == 1  # neither Google nor "go to market"
    py = next(s for s in found if s["name"] == "Python")
    assert py["section"] == "任职要求" and py["confidence"] == 0.9
    assert text[py["start"]:py["end"]] == "Python" and py["evidence"] == "1、熟悉Python、MySQL和golang；"


def test_english_case_variants(repo_extractor):
    names = {s["name"] for s in repo_extractor.skills("Requirements: PYTHON, Node.JS, PostgreSQL and REDIS; CET-4")}
    assert {"Python", "Node.js", "PostgreSQL", "Redis", "英语四级"} <= names


def test_education_and_experience():
    assert education_of("大专及以上学历，3年以上销售经验") == "大专"
    assert experience_of("大专及以上学历，3年以上销售经验") == "3年以上"
    assert experience_of("1-3年相关工作经验") == "1-3年"
    assert experience_of("3 years experience as sales assistant") == "3年以上"
    assert education_of("无要求") is None


def test_user_table(tmp_path, embedded):
    from ingest.pipeline import run_ingest

    f = tmp_path / "posts.csv"  # test fixture: invented postings
    f.write_text("职位名称,职位描述,公司名称,学历\n"
                 "Python开发工程师,任职要求：熟悉Python与Django，掌握MySQL。,样例科技有限公司,本科\n"
                 ",没有标题的行,样例科技有限公司,\n"
                 "数据分析师,要求：会用SQL和Excel，3年以上经验,,\n", encoding="utf-8")
    s = run_ingest(embedded, "jobs", [f], {})
    assert s["documents"] == 1 and len(s["rejected"]) == 1 and "row 3" in s["rejected"][0]
    rows = embedded.read("MATCH (d:Document)-[:DESCRIBES]->(j:JobPosting)-[r:REQUIRES]->(k:Skill) "
                         "WHERE r.source = d.id RETURN j.title AS title, k.name AS skill")
    assert {(r["title"], r["skill"]) for r in rows} == {("Python开发工程师", "Django"), ("Python开发工程师", "MySQL"),
                                                ("Python开发工程师", "Python"), ("数据分析师", "Excel"),
                                                ("数据分析师", "SQL")}
    exp = embedded.read("MATCH (j:JobPosting) WHERE j.title = '数据分析师' RETURN j.experience AS e")
    assert exp == [{"e": "3年以上"}]
    assert embedded.read("MATCH (f:Firm)-[:POSTED]->(j:JobPosting) RETURN f.id AS f") == [{"f": "样例科技"}]


# the same two invented postings in every layout a user's posts file may come in (test fixtures, not real data)
_POSTS = [{"职位名称": "Python开发工程师", "职位描述": "任职要求：熟悉Python与Django。", "公司名称": "样例科技有限公司"},
          {"职位名称": "数据分析师", "职位描述": "要求：会用SQL和Excel", "公司名称": "示例数据有限公司"}]


def _layouts():
    import json

    def delimited(sep):
        cols = list(_POSTS[0])
        return "\n".join([sep.join(cols)] + [sep.join(p[c] for c in cols) for p in _POSTS]) + "\n"

    nested = [{"title": p["职位名称"], "jd": p["职位描述"], "company": {"name": p["公司名称"]}} for p in _POSTS]
    return {
        "posts.tsv": delimited("\t"),
        "posts.csv": delimited(";"),  # semicolon-separated, as spreadsheets in many locales save CSV
        "posts.json": json.dumps(_POSTS, ensure_ascii=False),
        "wrapped.json": json.dumps({"total": 2, "data": _POSTS}, ensure_ascii=False),
        "posts.jsonl": "\n".join(json.dumps(p, ensure_ascii=False) for p in nested) + "\n",
    }


@pytest.mark.parametrize("name", list(_layouts()))
def test_user_posts_in_every_layout(tmp_path, embedded, name):
    from ingest.pipeline import detect_kind, run_ingest

    f = tmp_path / name
    f.write_text(_layouts()[name], encoding="utf-8")
    assert detect_kind(f) == "jobs"
    s = run_ingest(embedded, "jobs", [f], {})
    assert s["documents"] == 1 and not s["rejected"]
    rows = embedded.read("MATCH (f:Firm)-[:POSTED]->(j:JobPosting)-[:REQUIRES]->(k:Skill) "
                         "RETURN f.id AS firm, j.title AS title, k.name AS skill")
    assert {(r["firm"], r["title"], r["skill"]) for r in rows} == {
        ("样例科技", "Python开发工程师", "Python"), ("样例科技", "Python开发工程师", "Django"),
        ("示例数据", "数据分析师", "SQL"), ("示例数据", "数据分析师", "Excel")}


def test_json_tags_list_is_read_as_the_boards_tags():
    from ingest.jobs import json_table

    df = json_table('[{"title": "运营", "tags": ["Excel", "数据分析"], "salary": {"raw": "8-10K"}, "n": null}]', lines=False)
    assert df.to_dict("records") == [{"title": "运营", "tags": "Excel, 数据分析", "n": "", "salary_raw": "8-10K"}]
    df = json_table('{"title": "开发", "tags": [{"name": "Python"}, {"name": "SQL", "level": null}]}', lines=True)
    assert df.to_dict("records") == [{"title": "开发", "tags": "Python, SQL"}]


@pytest.mark.parametrize("name, text, where", [
    ("bad.jsonl", '{"title": "会计"}\n{"title": 会计}\n', "line 2: not JSON"),
    ("bad.json", '{"meta": {"n": 1}}', "expected a list of postings"),
    ("scalars.json", '["会计", "出纳"]', "posting 1: a posting must be a JSON object"),
])
def test_bad_json_posts_file_is_one_line_naming_where_and_writes_nothing(tmp_path, embedded, name, text, where):
    from ingest.pipeline import run_ingest

    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    s = run_ingest(embedded, "jobs", [f], {})
    assert s["documents"] == 0 and len(s["rejected"]) == 1
    assert name in s["rejected"][0] and where in s["rejected"][0] and "\n" not in s["rejected"][0]
    assert embedded.read("MATCH (j:JobPosting) RETURN count(j) AS n") == [{"n": 0}]


def test_missing_columns_rejected(tmp_path, embedded):
    from ingest.pipeline import run_ingest

    f = tmp_path / "bad.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    s = run_ingest(embedded, "jobs", [f], {})
    assert s["rejected"] and "missing column" in s["rejected"][0]


def test_empty_graph_is_reported(embedded):
    from ingest.pipeline import run_ingest

    s = run_ingest(embedded, "jobs", [], {})
    assert s["rejected"] and "no JobPosting" in s["rejected"][0]


@pytest.fixture(scope="module")
def jobs_graph(reference_graph, tmp_path_factory):
    """The session's reference graph (copied) with the job-post extractor run once over all postings."""
    import time

    from kg.store.embedded import EmbeddedStore
    from ingest.pipeline import run_ingest

    path = tmp_path_factory.mktemp("jobs") / "g.lbug"
    shutil.copy(reference_graph, path)
    st = EmbeddedStore(str(path))
    t0 = time.perf_counter()
    s = run_ingest(st, "jobs", [], {})
    s["seconds"] = time.perf_counter() - t0
    yield st, s
    st.close()


def test_all_postings_processed(jobs_graph):
    st, s = jobs_graph
    n = st.read("MATCH (j:JobPosting) RETURN count(j) AS c")[0]["c"]
    assert s["rows_read"] == n == sum(r["postings"] for r in s["reports"]) and n >= 3000
    assert not s["rejected"] and not s["skipped_relationships"]
    with_post = st.read("MATCH (j:JobPosting)-[:FOR_POST]->(:Post) RETURN count(DISTINCT j) AS c")[0]["c"]
    assert with_post >= n - 10
    assert st.read("MATCH (:Post)-[r:IN_OCCUPATION]->(:Occupation) RETURN count(r) AS c")[0]["c"] > 500


def test_every_requires_traces_to_document_and_evidence(jobs_graph):
    st, _ = jobs_graph
    q = ("MATCH (j:JobPosting)-[r:REQUIRES]->(s:Skill) MATCH (d:Document {id: r.source}) "
         "RETURN j.id AS job, s.name AS skill, r.evidence AS evidence, d.path AS doc, j.description AS text")
    total = st.read("MATCH (:JobPosting)-[r:REQUIRES]->(:Skill) RETURN count(r) AS c")[0]["c"]
    rows = st.read(q, limit=10**7)
    assert total > 10000 and len(rows) == total
    assert all(r["doc"].startswith("jobs/job_posts_cn.csv#skills-") for r in rows)
    assert all(r["evidence"] and r["evidence"] in r["text"] for r in rows)  # the source's own text


def test_eval_meets_targets():
    """Floors at the measured figures (2026-12-07, jobs@7: IT P 0.934 R 0.891, non-IT P 0.934 R 0.829) — the
    issue's targets (P 0.92 / R 0.85 each) are met on the IT set, not the non-IT recall; the open-vocabulary
    extractor must stay above the previous extractor's non-IT recall."""
    from ingest.jobs_eval import evaluate

    res = evaluate(None)
    it, non_it = res["fields"]["it"], res["fields"]["non_it"]
    assert it["precision"] >= 0.93 and it["recall"] >= 0.89, it
    assert non_it["precision"] >= 0.93 and non_it["recall"] >= 0.82, non_it
    assert non_it["recall"] > res["fields"]["non_it[baseline jobs@1]"]["recall"] + 0.15
    # jobs@4 (named areas recurring across employers) beside jobs@3 in the same run: more non-IT recall, and
    # precision on both sets no more than one point lower (2026-12-07: non-IT R 0.735 → 0.776, IT P 0.926 → 0.919)
    prev_non_it, prev_it = res["fields"]["non_it[baseline jobs@3]"], res["fields"]["it[baseline jobs@3]"]
    assert non_it["recall"] >= prev_non_it["recall"] + 0.03 and non_it["precision"] >= prev_non_it["precision"] - 0.01
    assert it["recall"] >= prev_it["recall"] and it["precision"] >= prev_it["precision"] - 0.01
    # jobs@5 (rule classes: split compounds, terms heading a role/product/document, a tool's category noun, generic
    # modifiers) beside jobs@4: higher precision on both sets, no recall lost (IT P 0.919 → 0.936, non-IT 0.930 → 0.937)
    v4_non_it, v4_it = res["fields"]["non_it[baseline jobs@4]"], res["fields"]["it[baseline jobs@4]"]
    assert it["precision"] >= v4_it["precision"] + 0.01 and it["recall"] >= v4_it["recall"]
    assert non_it["precision"] >= v4_non_it["precision"] and non_it["recall"] >= v4_non_it["recall"]
    # jobs@6 (an area phrase listed beside a known area term) beside jobs@5: more non-IT recall, no IT recall lost,
    # precision on both sets at most half a point lower (non-IT R 0.788 → 0.800, P 0.937 → 0.938; IT 0.937/0.891 both)
    v5_non_it, v5_it = res["fields"]["non_it[baseline jobs@5]"], res["fields"]["it[baseline jobs@5]"]
    assert non_it["recall"] >= v5_non_it["recall"] + 0.01 and it["recall"] >= v5_it["recall"]
    assert non_it["precision"] >= v5_non_it["precision"] - 0.006 and it["precision"] >= v5_it["precision"] - 0.006
    # jobs@7 (glued headings and keyword lines, an area's 体系, a known area's modifier with another head, glued-prose
    # Latin tokens, masks cut at list markers) beside jobs@6: non-IT R 0.800 → 0.829, IT recall kept, precision at most
    # 0.6 points lower on either set (2026-12-07: non-IT P 0.938 → 0.934, IT 0.937 → 0.934)
    v6_non_it, v6_it = res["fields"]["non_it[baseline jobs@6]"], res["fields"]["it[baseline jobs@6]"]
    assert non_it["recall"] >= v6_non_it["recall"] + 0.02 and it["recall"] >= v6_it["recall"]
    assert non_it["precision"] >= v6_non_it["precision"] - 0.006 and it["precision"] >= v6_it["precision"] - 0.006
    assert "64 postings" in res["gold"] and "60 postings" in res["gold"]


def test_open_vocabulary_rules(repo_extractor):
    text = ("公司简介：我们是一家使用SAP的企业，官网www.example.com。岗位职责：负责W3C标准页面。"
            "任职要求：1、统计学、数学等相关专业；2、精通C/C++，熟悉Appium、Selenium；3、熟悉仓储管理与库存分析流程。"
            "福利待遇：Excel培训")
    found = repo_extractor.skills(text)
    names = {s["name"] for s in found}
    assert {"C", "C++", "Appium", "Selenium", "仓储管理"} <= names
    assert not names & {"SAP", "Excel", "统计学", "数学"}  # company presentation, benefits, degree requirement
    assert all(s["name"] != "C" or text[s["start"]:s["end"]] == "C" and text[s["start"] + 1] == "/" for s in found)
    new = [s for s in found if not s["known"]]
    assert {s["name"] for s in new} >= {"Appium", "库存分析"} and all(s["confidence"] < 0.7 for s in new)
    for s in found:  # evidence is the source's own clause, offsets point at the mention
        assert s["evidence"] in text and text[s["start"]:s["end"]].lower().replace(" ", "") in \
            s["evidence"].lower().replace(" ", "")


def test_latin_tokens_in_running_text(repo_extractor):
    """A known name written with a space is that name; a list number glued to a word is not part of it; a
    two-letter lower-case fragment is not a tool; "以下技术", "问题分析" are not skills."""
    text = "任职要求：1、有Tensor Flow, Caffe经验者优先；2、深入理解OOP3、熟悉io/Android控件；4、掌握以下技术和问题分析"
    found = repo_extractor.skills(text)
    names = {s["name"] for s in found}
    assert "TensorFlow" in names and text[[s for s in found if s["name"] == "TensorFlow"][0]["start"]:][:11] == "Tensor Flow"
    assert not {n for n in names if n.lower() in ("flow", "oop3", "io", "以下技术", "问题分析")}, names
    assert "Android" in names
    # a digit that does not continue the list's numbering is part of the name
    names = {s["name"] for s in repo_extractor.skills("任职要求：3. 精通Struts2、Spring；2、有以下经验加分：熟悉FLV、MP4、HLS")}
    assert {"Struts2", "MP4", "Spring"} <= names and "MP" not in names, names


def test_phrase_modifiers_verbs_and_negated_tags(repo_extractor):
    """"实际运营" is 运营 said of something else, "使用开发" / "实现技术" are verb phrases, "无需…" a condition."""
    text = "任职要求：1、拥有供应商的管理和实际运营经验；2、熟悉使用开发工具；3、掌握实现技术；4、熟悉库存分析"
    names = {s["name"] for s in repo_extractor.skills(text)}
    assert "库存分析" in names and not names & {"实际运营", "使用开发", "实现技术"}, names
    # the short alias 供应链 as a modifier of a Latin word ("供应链IT产品") is not 供应链管理; as the object it is
    assert "供应链管理" not in {s["name"] for s in repo_extractor.skills("任职要求：三年以上供应链IT产品的运维经验")}
    assert "供应链管理" in {s["name"] for s in repo_extractor.skills("任职要求：熟悉供应链、仓储等流程")}
    assert "前端开发" in {s["name"] for s in repo_extractor.skills("任职要求：熟悉前端JS开发")}  # JS is a tool, not a domain
    # a phrase with punctuation inside is not a skill name
    assert not [s for s in repo_extractor.skills("任职要求：熟悉（整理、清洁、安全）管理者优先") if ")" in s["name"]]
    tags = [s["name"] for s in repo_extractor.skills("技能标签：无需带货主播, 免费培训, 直播运营")]
    assert tags == ["直播运营"], tags


def test_board_tags(repo_extractor):
    tags = "Java, 五险一金, 电话销售经验, 个人（To C）, 分布式经验, 不接受居家办公, 微服务架构, 互联网金融, 中级会计师"
    found = repo_extractor.skills("技能标签：" + tags)
    names = [s["name"] for s in found]
    assert names == ["Java", "电话销售", "分布式系统", "微服务", "中级会计职称"], names  # vocabulary names
    assert all(s["extractor"] == "jobs-tags@1" for s in found)
    desc = "技能标签：" + tags
    assert all(desc[s["start"]:s["end"]] == s["evidence"] for s in found)
    more = [s["name"] for s in repo_extractor.skills("技能标签：C/C++, 教师, 有质检经验, 1-3年动画设计, 教育培训")]
    assert more == ["C", "C++", "动画设计"], more  # parts of a slash list; no role, domain, years or 2-char "X经验"


def test_rerun_is_skipped(jobs_graph):
    from ingest.pipeline import run_ingest

    st, first = jobs_graph
    before = st.stats()["relationships"]["REQUIRES"]
    s = run_ingest(st, "jobs", [], {})
    assert s["documents"] == 0 and s["documents_skipped"] == first["documents"]
    assert st.stats()["relationships"]["REQUIRES"] == before


def _seed_regions(store):
    """A tiny hand-made region graph: 浙江省 ⊃ 杭州市, and the municipality 上海市."""
    from kg.records import NodeRecord, Provenance

    p = Provenance(source="test-regions", extractor="test", confidence=1.0, evidence="fixture", locator="-")
    recs = [NodeRecord(label="Region", key="浙江省", props={"name": "浙江省", "level": "province", "province": "浙江省"}, prov=p),
            NodeRecord(label="Region", key="浙江省/杭州市", props={"name": "杭州市", "level": "city", "province": "浙江省"}, prov=p),
            NodeRecord(label="Region", key="上海市", props={"name": "上海市", "level": "province", "province": "上海市"}, prov=p)]
    store.write_records(recs)


@pytest.mark.parametrize("layout", ["51job_2023", "boss_2026", "user_zh"])
def test_postings_of_any_jobs_file_are_placed(tmp_path, embedded, layout):
    """Every posting of a jobs table and its employer get LOCATED_IN the posting's city (issue #19/#21), whatever
    the layout; rows without a description are kept; only empty rows are rejected."""
    from ingest.pipeline import run_ingest

    _seed_regions(embedded)
    f = tmp_path / f"{layout}.csv"  # test fixture: invented postings in each file layout
    if layout == "user_zh":
        f.write_text("职位名称,公司名称,城市,职位描述\n总账会计,样例财务有限公司,杭州,\n仓库管理员,样例物流有限公司,上海,熟悉WMS系统\n,,,\n",
                     encoding="utf-8")
    else:
        head = ("job_id,source,source_repo,post_url,crawl_or_post_date,title,title_truncated,company,city,district,"
                "salary_raw,experience,education,company_industry,company_size,company_type,company_stage,welfare,tags,"
                "description\n")
        rows = ('1,x,r,,,总账会计,False,样例财务有限公司,杭州,西湖区,6-8千,1年,大专,交通/运输/物流,50-150人,民营,,,,\n'
                '2,x,r,,,仓库管理员,False,样例物流有限公司,上海,,5-7K,经验不限,大专,,,,,,"WMS, 叉车证, category:物流/运输/仓储",'
                '"技能标签：WMS, 叉车证"\n'
                '3,x,r,,,,False,,,,,,,,,,,,,\n')
        f.write_text(head + rows, encoding="utf-8")
    s = run_ingest(embedded, "jobs", [f], {})
    assert len(s["rejected"]) == 1 and "row 4" in s["rejected"][0] and "empty row" in s["rejected"][0]
    placed = embedded.read("MATCH (j:JobPosting)-[:LOCATED_IN]->(r:Region) RETURN j.title AS t, r.id AS r")
    assert {(x["t"], x["r"]) for x in placed} == {("总账会计", "浙江省/杭州市"), ("仓库管理员", "上海市")}
    firms = embedded.read("MATCH (f:Firm)-[:LOCATED_IN]->(r:Region) RETURN f.name AS f, r.id AS r")
    assert {(x["f"], x["r"]) for x in firms} == {("样例财务有限公司", "浙江省/杭州市"), ("样例物流有限公司", "上海市")}


def test_every_job_file_loaded_and_placed(jobs_graph):
    """All three reference job files are in the graph; ≥ 90 % of postings reach an occupation through their Post."""
    st, s = jobs_graph
    from collections import Counter

    by_source = Counter(r["id"].split(":")[1] for r in st.read("MATCH (j:JobPosting) RETURN j.id AS id", limit=None))
    assert by_source.get("51job_2023") == 4023 and by_source.get("boss_2026") == 6599
    total = sum(by_source.values())
    placed = st.read("MATCH (j:JobPosting)-[:FOR_POST]->(:Post)-[:IN_OCCUPATION]->(:Occupation) "
                     "RETURN count(DISTINCT j) AS c")[0]["c"]
    assert placed / total >= 0.90, (placed, total)
    located = st.read("MATCH (j:JobPosting)-[:LOCATED_IN]->(:Region) RETURN count(DISTINCT j) AS c")[0]["c"]
    assert located / total >= 0.99


def test_skills_gap_of_a_real_accounting_group_uses_new_postings(jobs_graph):
    """`kg skills-gap` for the 双高 会计 group of 北京财贸职业学院 returns rows, and posts of the new (2023/2026)
    postings are among them."""
    from queries.analyses import skills_gap

    st, _ = jobs_graph
    df = skills_gap(st, "北京财贸职业学院", "会计", limit=30).rows
    assert len(df) > 0
    posts = list(df["post"])
    new = st.read("MATCH (j:JobPosting)-[:FOR_POST]->(p:Post) WHERE p.name IN $posts AND "
                  "(j.id STARTS WITH 'job:51job_2023:' OR j.id STARTS WITH 'job:boss_2026:') RETURN count(j) AS c",
                  {"posts": posts})[0]["c"]
    assert new > 0
    assert any(set(r) & {"总账", "税务", "应收应付", "财务分析", "成本核算"} for r in df["required_skills"])


def test_glued_latin_names_are_split(repo_extractor):
    """51job's space-stripped text glues names together: cut at case boundaries after known names; glued
    English prose around known names is dropped, a token with one known name or none is left whole."""
    def names(t):
        return [s["name"] for s in repo_extractor.skills(t)]

    text = "任职要求：熟悉CFenginePuppetChefSaltStack等配置管理工具"
    found = repo_extractor.skills(text)
    assert [s["name"] for s in found] == ["CFengine", "Puppet", "Chef", "SaltStack"]
    assert all(text[s["start"]:s["end"]] == s["name"] for s in found)  # offsets point at each part
    assert names("要求：GoodcommandofOfficeExcel, WordandPowerPoint") == ["Microsoft Office", "Excel", "Word", "PowerPoint"]
    assert names("熟悉RedisMemcachedMongoDB") == ["Redis", "Memcached", "MongoDB"]
    assert names("熟悉JavaScript和TypeScript") == ["JavaScript", "TypeScript"]  # known names are not cut
    assert names("熟悉PostgresSql") == ["PostgreSQL"]  # a misspelt name is not cut
    assert names("要求：熟悉getOpenId接口") == ["getOpenId"]  # no known name inside: left whole
    assert names("要求：youwillberesponsibletobuildandimprovesupplychainsystembyembracingPeninsulaServicePrinciples") == []


def test_latin_objects_of_requirement_verbs(repo_extractor):
    """An unknown Latin name that is the object of 熟悉/掌握/精通 … (alone or in a list of Latin names) is a new
    tool even in a duty clause; a Latin word modifying the Chinese noun after it, a word of an English phrase
    and the generic "Web" are not."""
    def new(t):
        return {s["name"] for s in repo_extractor.skills(t) if not s["known"]}

    assert new("岗位职责：熟悉bugzilla，掌握jmeter、loadrunner") == {"bugzilla", "jmeter", "loadrunner"}
    assert new("岗位职责：熟悉 web 开发，了解Pull Request流程，熟悉ffmpeg工具") == {"ffmpeg"}
    assert new("岗位职责：负责bugzilla的部署") == set()  # no requirement verb: not read
    assert {s["name"] for s in repo_extractor.skills("任职要求：熟悉Golang")} == {"Go"}
