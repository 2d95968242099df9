"""`kg ingest reference` on the real reference folder: official totals, entity resolution, provenance.

The whole folder is loaded once per session (``reference_graph`` in tests/conftest.py); these tests read
that graph. Small reader-level tests use copies of single files in a temp folder.
"""
from __future__ import annotations

import re
import shutil

import pytest

from ingest.base import write_batches
from ingest.normalize import PROVINCES, college_key, firm_id
from ingest.reference import PARTS, batches, select_parts
from ingest.reference.common import CHUNK, read_csv_rows
from kg.records import statements_of
from ingest.reference.context import Context
from ingest.reference.groups import load_college_aliases, load_major_renames
from ingest.reference.industries import GBT_TO_ISIC, isic_sections
from ingest.reference.industry_map import FALLBACK_MIN, evaluate_fallback, split_job_labels
from kg.records import NodeRecord, RelRecord
from kg.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def graph(reference_graph):
    st = EmbeddedStore(str(reference_graph), read_only=True)
    yield st
    st.close()


@pytest.fixture(scope="module")
def ctx(reference_dir):
    return Context(reference_dir)


def one(st, query, **params):
    rows = st.read(query, params, limit=None)
    assert len(rows) == 1, rows
    return rows[0]


def count(st, query, **params) -> int:
    return one(st, query, **params)["n"]


def rejected(summary, pattern: str) -> list[str]:
    return [line for line in summary["rejected"] if re.search(pattern, line)]


# --------------------------------------------------------------------------------------- catalogue
def test_major_catalogue_has_the_official_2021_totals(graph):
    rows = graph.read("MATCH (m:Major) WHERE m.catalogue = '2021' RETURN m.level AS level, count(m) AS n")
    assert {r["level"]: r["n"] for r in rows} == {"中职": 358, "高职专科": 744, "高职本科": 247}
    assert count(graph, "MATCH (m:Major) WHERE m.catalogue = '2021' RETURN count(m) AS n") == 1349
    rows = graph.read("MATCH (c:MajorCategory) RETURN c.level AS level, count(c) AS n")
    assert {r["level"]: r["n"] for r in rows} == {"中职": 19, "高职专科": 19, "高职本科": 19}
    # K-coded majors (absent from the 2025 update) are kept
    assert count(graph, "MATCH (m:Major) WHERE m.code ENDS WITH 'K' RETURN count(m) AS n") == 47


def test_majors_added_after_2021_are_marked(graph, reference_summary):
    added = graph.read("MATCH (m:Major) WHERE m.catalogue <> '2021' RETURN m.code AS code, m.name AS name, "
                       "m.year_added AS year", limit=None)
    report = next(r for r in reference_summary["reports"] if r["document"].endswith("updated_2025.xlsx"))
    assert len(added) == report["majors_added_after_2021"] > 0
    by_code = {r["code"]: r for r in added}
    assert by_code["510219"]["name"] == "智能体技术应用" and by_code["510219"]["year"] == 2025  # 备注 2025年12月新增
    assert by_code["710212"]["year"] is None  # added after 2021, year not stated in the source
    assert sum(1 for r in added if r["year"] == 2025) == report["with_year_stated"]
    assert report["absent_all_k_coded"] is True


def test_every_major_is_in_one_class_and_every_class_in_a_category(graph):
    assert count(graph, "MATCH (m:Major) WHERE NOT EXISTS { MATCH (m)-[:IN_CLASS]->(:MajorClass) } "
                        "RETURN count(m) AS n") == 0
    assert count(graph, "MATCH (c:MajorClass) WHERE NOT EXISTS { MATCH (c)-[:PART_OF]->(:MajorCategory) } "
                        "RETURN count(c) AS n") == 0
    r = one(graph, "MATCH (m:Major {code: '460104'})-[:IN_CLASS]->(c:MajorClass)-[:PART_OF]->(k:MajorCategory) "
                   "RETURN m.name AS m, c.code AS c, k.code AS k")
    assert r == {"m": "机械制造及自动化", "c": "4601", "k": "46"}


# -------------------------------------------------------------------------------------- industries
def test_industries_have_the_standard_totals_and_hierarchy(graph, reference_summary):
    rows = graph.read("MATCH (i:Industry) RETURN i.level AS level, count(i) AS n")
    assert {r["level"]: r["n"] for r in rows} == {"门类": 20, "大类": 97, "中类": 473, "小类": 1380}
    assert count(graph, "MATCH (i:Industry) WHERE i.level <> '门类' AND NOT EXISTS "
                        "{ MATCH (i)-[:PART_OF]->(:Industry) } RETURN count(i) AS n") == 0
    # 中类 019 has no row of its own: implied by 小类 0190, with its name
    r = one(graph, "MATCH (s:Industry {code: '0190'})-[:PART_OF]->(m:Industry)-[:PART_OF]->(d:Industry)"
                   "-[:PART_OF]->(g:Industry) RETURN m.code AS m, m.name AS name, d.code AS d, g.code AS g")
    assert r == {"m": "019", "name": "其他农业", "d": "01", "g": "A"}
    assert rejected(reference_summary, r"gbt4754_2017.csv: row 769: .*duplicate code 374")


def test_english_names_of_the_menlei_come_from_isic_sections(graph, reference_dir):
    sections = isic_sections(Context(reference_dir))
    assert len(GBT_TO_ISIC) == 20 and len(set(GBT_TO_ISIC.values())) == 20  # one section each, none shared
    assert set(GBT_TO_ISIC.values()) <= set(sections)
    rows = {r["code"]: r["en"] for r in graph.read("MATCH (i:Industry) WHERE i.level = '门类' "
                                                   "RETURN i.code AS code, i.name_en AS en")}
    assert set(rows) == set(GBT_TO_ISIC)
    assert rows == {g: sections[s] for g, s in GBT_TO_ISIC.items()}
    assert rows["C"] == "Manufacturing" and rows["P"] == "Education"
    assert rows["I"] == "Information and communication"  # 信息传输、软件和信息技术服务业 = ISIC J
    assert rows["E"] == "Construction"  # 建筑业 = ISIC F


# ------------------------------------------------------------------------------------- occupations
def test_occupations_have_four_levels_flags_and_parents(graph, reference_dir, reference_summary):
    _, rows = read_csv_rows(reference_dir / "occupations/occupational_classification_2022.csv")
    assert sum(1 for r in rows if r and r["level"] == "4") == 1634  # the file's 细类 rows
    levels = {r["level"]: r["n"] for r in graph.read("MATCH (o:Occupation) RETURN o.level AS level, count(o) AS n")}
    # 2 细类 rows repeat a code (reported), 1 小类 row is the same occupation as its only 细类 (merged)
    assert levels == {"大类": 8, "中类": 72, "小类": 335, "细类": 1632}
    assert len(rejected(reference_summary, r"occupational_classification_2022.csv: row \d+: field code: code")) == 3
    r = one(graph, "MATCH (o:Occupation {code: '2-02-02-07'}) RETURN o.name AS name, o.digital AS d, o.green AS g")
    assert r == {"name": "地理信息系统工程技术人员", "d": True, "g": True}  # 'L/S' suffix → both flags
    assert count(graph, "MATCH (o:Occupation) WHERE o.level <> '大类' AND NOT EXISTS "
                        "{ MATCH (o)-[:PART_OF]->(:Occupation) } RETURN count(o) AS n") == 0
    assert "财务主管/总账主管" in one(graph, "MATCH (o:Occupation {code: '1-03-00-02'}) RETURN o.aliases AS a")["a"]


def test_crosswalk_links_majors_to_occupations_and_reports_unknown_codes(graph, reference_summary):
    assert count(graph, "MATCH (:Major)-[r:PREPARES_FOR]->(:Occupation) RETURN count(r) AS n") == 5534
    assert count(graph, "MATCH (:Major {code: '610101'})-[:PREPARES_FOR]->(o:Occupation {code: '5-01-01-01'}) "
                        "RETURN count(o) AS n") == 1
    assert len(rejected(reference_summary, r"crosswalk_2023.xlsx.*not a vocational major")) == 914
    unknown_occ = rejected(reference_summary, r"crosswalk_2023.xlsx.*occupation code .* is not in")
    assert len(unknown_occ) == 16 and any("6-09-03-05" in line for line in unknown_occ)
    assert not reference_summary["skipped_relationships"]


# ---------------------------------------------------------------------------------------- colleges
def test_colleges_from_the_moe_list(graph, reference_summary):
    rows = graph.read("MATCH (c:College) RETURN c.level AS level, count(c) AS n")
    assert {r["level"]: r["n"] for r in rows} == {"本科": 1365, "专科": 1554}
    assert count(graph, "MATCH (c:College) WHERE NOT EXISTS { MATCH (c)-[:LOCATED_IN]->(:Region) } "
                        "RETURN count(c) AS n") == 0
    assert count(graph, "MATCH (c:College) WHERE c.ownership = '民办' RETURN count(c) AS n") == 829
    r = one(graph, "MATCH (c:College {moe_code: '4111010001'})-[:LOCATED_IN]->(r:Region) "
                   "RETURN c.name AS name, r.id AS region, c.source AS source, c.evidence AS ev")
    assert r["name"] == "北京大学" and r["region"] == "北京市"
    assert r["source"] == "ref:colleges/moe_regular_hei_2025.xls" and "4111010001" in r["ev"]
    # listed under the province that runs it, located in its city's province
    r = one(graph, "MATCH (c:College {name: '河北工业大学'})-[:LOCATED_IN]->(r:Region) "
                   "RETURN c.province AS p, r.id AS region")
    assert r == {"p": "河北省", "region": "天津市"}
    report = next(r for r in reference_summary["reports"] if r["document"] == "colleges/moe_regular_hei_2025.csv"
                  and "agree_with_xls" in r)
    assert report["agree_with_xls"] is True and report["cells_differing_only_by_whitespace"] == 2


def test_xls_and_csv_disagreement_is_rejected(tmp_path, reference_dir):
    from ingest.reference.colleges import load_moe

    (tmp_path / "colleges").mkdir()
    shutil.copy(reference_dir / "colleges/moe_regular_hei_2025.xls", tmp_path / "colleges")
    text = (reference_dir / "colleges/moe_regular_hei_2025.csv").read_text(encoding="utf-8")
    (tmp_path / "colleges/moe_regular_hei_2025.csv").write_text(text.replace(",清华大学,", ",清华学校,", 1),
                                                                encoding="utf-8")
    moe = load_moe(Context(tmp_path))
    lines = [r.line() for res in moe.results for r in res.rejects]
    assert len(lines) == 1 and "4111010003: name is '清华大学' in the xls but '清华学校' in the CSV" in lines[0]
    assert moe.by_code["4111010003"]["name"] == "清华大学"


def test_regions_are_normalised_provinces_and_cities(graph):
    # the 31 mainland provinces of the MOE list, and 香港 where job-post employers are (firm resolution)
    provinces = {r["id"] for r in graph.read("MATCH (r:Region) WHERE r.level = 'province' RETURN r.id AS id")}
    assert len(provinces - {"香港特别行政区"}) == 31 and provinces <= set(PROVINCES)
    r = one(graph, "MATCH (c:Region {id: '浙江省/杭州市'})-[:PART_OF]->(p:Region) RETURN c.name AS c, p.id AS p")
    assert r == {"c": "杭州市", "p": "浙江省"}
    assert count(graph, "MATCH (r:Region {id: '内蒙古自治区'}) RETURN count(r) AS n") == 1
    assert count(graph, "MATCH (r:Region) WHERE r.id CONTAINS '内蒙/' OR r.name = '临夏州' RETURN count(r) AS n") == 0
    assert count(graph, "MATCH (r:Region) WHERE r.level = 'city' AND NOT EXISTS "
                        "{ MATCH (r)-[:PART_OF]->(:Region) } RETURN count(r) AS n") == 0


# ------------------------------------------------------------------------------------------ groups
def test_all_shuanggao_groups_and_colleges_are_linked(graph):
    assert count(graph, "MATCH (g:ProfessionalGroup) WHERE g.source_kind = '双高' RETURN count(g) AS n") == 253
    assert count(graph, "MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) RETURN count(DISTINCT c) AS n") == 197
    assert count(graph, "MATCH (g:ProfessionalGroup) WHERE NOT EXISTS { MATCH (g)-[:BELONGS_TO]->(:College) } "
                        "RETURN count(g) AS n") == 0


def test_renamed_shuanggao_college_resolves_to_its_moe_entry(graph):
    rows = graph.read("MATCH (g:ProfessionalGroup)-[b:BELONGS_TO]->(c:College {moe_code: '4144011113'}) "
                      "RETURN g.college_name AS old, c.name AS name, c.aliases AS aliases, b.confidence AS conf, "
                      "b.evidence AS ev, b.source AS source ORDER BY g.name")
    assert len(rows) == 2
    for r in rows:
        assert r["old"] == "深圳职业技术学院" and r["name"] == "深圳职业技术大学"
        assert "深圳职业技术学院" in r["aliases"] and r["conf"] < 1.0
        assert "alias (upgrade)" in r["ev"] and r["source"] == "ref:colleges/double_high_plan_2019_groups.csv"
    # a merger: 邢台职业技术学院 → 河北科技工程职业技术大学 (new-series code)
    r = one(graph, "MATCH (g:ProfessionalGroup {college_name: '邢台职业技术学院'})-[:BELONGS_TO]->(c:College) "
                   "RETURN c.moe_code AS code, c.name AS name")
    assert r == {"code": "4113016203", "name": "河北科技工程职业技术大学"}


def test_alias_table_is_consistent_with_the_moe_list_and_covers_every_renamed_college(ctx, reference_dir):
    aliases, problems = load_college_aliases(ctx)
    assert problems == []
    assert len(aliases) == 33 and all(a.reason and 0 < a.confidence <= 1 for a in aliases.values())
    _, rows = read_csv_rows(reference_dir / "colleges/double_high_plan_2019_groups.csv")
    absent = {r["college"] for r in rows if r and college_key(r["college"]) not in ctx.moe.by_name}
    assert {college_key(n) for n in absent} == set(aliases)
    # the plain upgrades (职业技术学院 → 职业技术大学, same stem) are exactly what the names say
    for key, a in aliases.items():
        if a.alias.endswith("职业技术学院") and a.current_name == a.alias[:-2] + "大学":
            assert a.kind == "upgrade" and ctx.moe.by_code[a.moe_code]["level"] == "本科"


def test_lead_majors_are_matched_or_reported(graph, ctx, reference_summary):
    assert count(graph, "MATCH (:ProfessionalGroup)-[r:INCLUDES]->(:Major) WHERE r.role = 'lead' "
                        "RETURN count(r) AS n") == 252
    assert count(graph, "MATCH (g:ProfessionalGroup)-[:INCLUDES]->(m:Major) WHERE m.level <> '高职专科' "
                        "RETURN count(g) AS n") == 0
    unmatched = rejected(reference_summary, r"double_high.*lead major .* group kept without INCLUDES")
    assert len(unmatched) == 1 and "食品营养与检测" in unmatched[0]
    # a 2015 name renamed in 2021: 道路桥梁工程技术 → 道路与桥梁工程技术
    r = graph.read("MATCH (g:ProfessionalGroup)-[i:INCLUDES]->(m:Major) WHERE g.name = '道路桥梁工程技术专业群' "
                   "RETURN DISTINCT m.name AS name, i.confidence AS conf", limit=None)
    assert r and all(x["name"] == "道路与桥梁工程技术" and x["conf"] < 1 for x in r)
    # the one low-confidence rename (高分子材料工程技术, 0.7) is flagged for review
    r = graph.read("MATCH (g:ProfessionalGroup)-[i:INCLUDES]->(m:Major) WHERE i.review = true "
                   "RETURN g.name AS g, m.code AS m, i.confidence AS conf")
    assert r == [{"g": "高分子材料工程技术专业群", "m": "430602", "conf": 0.7}]
    renames, problems = load_major_renames(ctx)
    assert problems == [] and len(renames) >= 30


# ------------------------------------------------------------------------------------------- firms
def test_a_firm_in_both_the_a_share_and_zhuanjingtexin_lists_is_one_node(graph):
    # 南京 list writes 有限公司, the A-share list 股份有限公司
    rows = graph.read("MATCH (f:Firm) WHERE f.name CONTAINS '麦澜德' RETURN f.id AS id, f.name AS name, "
                      "f.aliases AS aliases, f.tags AS tags, f.listed_code AS code, f.sources AS sources")
    assert len(rows) == 1
    f = rows[0]
    assert f["id"] == firm_id("南京麦澜德医疗科技有限公司") == firm_id("南京麦澜德医疗科技股份有限公司")
    assert f["name"] == "南京麦澜德医疗科技股份有限公司" and f["code"] == "688273.SH"
    assert "南京麦澜德医疗科技有限公司" in f["aliases"] and {"A股", "专精特新"} <= set(f["tags"])
    assert set(f["sources"]) == {"ref:firms/a_share_listed_companies.csv", "ref:firms/zhuanjingtexin_nanjing.csv"}
    assert count(graph, "MATCH (f:Firm) WHERE 'A股' IN f.tags AND '专精特新' IN f.tags RETURN count(f) AS n") == 44


def test_the_same_firm_spelled_two_ways_is_one_node(graph):
    # full-width brackets in the 南京 list, half-width in the A-share list
    rows = graph.read("MATCH (f:Firm) WHERE f.name CONTAINS '美埃' RETURN f.name AS name, f.aliases AS aliases, "
                      "f.listed_code AS code")
    assert rows == [{"name": "美埃(中国)环境科技股份有限公司", "aliases": ["美埃科技", "美埃（中国）环境科技股份有限公司"],
                     "code": "688376.SH"}]
    # a job post's 有限公司 spelling of a listed 股份有限公司: the posting hangs off the listed firm
    r = graph.read("MATCH (f:Firm)-[:POSTED]->(j:JobPosting) WHERE j.company = '杭州安恒信息技术有限公司' "
                   "RETURN DISTINCT f.name AS name, f.listed_code AS code")
    assert r == [{"name": "杭州安恒信息技术股份有限公司", "code": "688023.SH"}]


def test_firm_counts_and_locations(graph, reference_dir):
    _, rows = read_csv_rows(reference_dir / "firms/a_share_listed_companies.csv")
    assert count(graph, "MATCH (f:Firm) WHERE f.listed_code IS NOT NULL RETURN count(f) AS n") == len(rows) == 5418
    assert count(graph, "MATCH (f:Firm) WHERE '专精特新' IN f.tags RETURN count(f) AS n") == 570 + 332
    r = one(graph, "MATCH (f:Firm {listed_code: '000001.SZ'})-[:LOCATED_IN]->(r:Region) "
                   "RETURN f.name AS name, r.id AS region, f.name_en AS en")
    assert r == {"name": "平安银行股份有限公司", "region": "广东省/深圳市", "en": "Ping An Bank Co., Ltd."}
    assert one(graph, "MATCH (f:Firm {listed_code: '000002.SZ'})-[:LOCATED_IN]->(r:Region) "
                      "RETURN r.id AS id")["id"] == "广东省/深圳市"


def test_industry_labels_map_to_gbt4754(graph, ctx, reference_dir, reference_summary):
    mapper = ctx.industry_mapper
    assert mapper.table_errors == []
    _, rows = read_csv_rows(reference_dir / "firms/a_share_listed_companies.csv")
    tushare = {r["industry"].strip() for r in rows if r and r["industry"].strip()}
    assert len(tushare) == 110 and all(mapper.in_table(label, "tushare") for label in tushare)
    _, jobs = read_csv_rows(reference_dir / "jobs/job_posts_cn.csv")
    labels = {lab for r in jobs if r for lab in split_job_labels(r.get("company_industry"), r["source"])}
    assert labels and all(mapper.in_table(label, "jobs") for label in labels)
    assert one(graph, "MATCH (f:Firm {listed_code: '000001.SZ'})-[r:IN_INDUSTRY]->(i:Industry) "
                      "RETURN i.code AS code, r.extractor AS ex")["code"] == "662"
    # deliberately unmapped labels are reported
    assert rejected(reference_summary, r"industry label '综合类' \(19 firms\) not mapped")
    assert count(graph, "MATCH (f:Firm)-[r:IN_INDUSTRY]->(:Industry) WHERE f.listed_code IS NOT NULL "
                        "AND r.extractor STARTS WITH 'firm-resolution@6:tushare' RETURN count(DISTINCT f) AS n") \
        == 5418 - 19 - 5
    # firms whose class is unmapped (综合类) or missing get the combiner's 大类 when it is confident
    named = count(graph, "MATCH (f:Firm)-[r:IN_INDUSTRY]->(:Industry) WHERE f.listed_code IS NOT NULL "
                         "AND r.extractor = 'firm-resolution@6:combined' RETURN count(DISTINCT f) AS n")
    assert 0 < named <= 19 + 5


def test_similarity_fallback_maps_unseen_labels_with_a_confidence(ctx):
    mapper = ctx.industry_mapper
    m = mapper.map("白酒", "some-new-board")
    assert [x.code for x in m] == ["1512"] and m[0].method == "similarity" and FALLBACK_MIN <= m[0].confidence < 1
    assert mapper.map("O2O", "some-new-board") == []  # nothing similar enough: unmapped, not guessed
    score = evaluate_fallback(mapper, ctx.industries.section_of)
    assert score["precision"] >= 0.7 and score["accepted"] >= 50  # measured against the reviewed tables


# -------------------------------------------------------------------------------------------- jobs
def test_job_postings_are_posted_by_firms_and_located(graph, reference_summary, reference_dir):
    # every row of every job file of the folder (issue #19) is a posting, except the rows reported rejected
    # (today 3,008 + 4,023 + 6,599 rows, one empty row of job_posts_cn.csv: 13,629 postings)
    import csv

    rows = 0
    for p in sorted((reference_dir / "jobs").glob("*.csv")):
        with open(p, encoding="utf-8", newline="") as f:
            rows += sum(1 for _ in csv.DictReader(f))
    dropped = rejected(reference_summary, r"^jobs/[^:]+\.csv: row \d+: ")
    assert rejected(reference_summary, r"job_posts_cn.csv: row 548: empty posting") and len(dropped) == 1
    assert count(graph, "MATCH (j:JobPosting) RETURN count(j) AS n") == rows - len(dropped) == 13629
    assert count(graph, "MATCH (j:JobPosting) WHERE NOT EXISTS { MATCH (:Firm)-[:POSTED]->(j) } "
                        "RETURN count(j) AS n") == 0
    located = count(graph, "MATCH (j:JobPosting)-[:LOCATED_IN]->(:Region) RETURN count(j) AS n")
    reports = [r for r in reference_summary["reports"] if str(r.get("document", "")).startswith("jobs/")
               and "postings" in r]
    assert {r["document"] for r in reports} == {"jobs/job_posts_cn.csv", "jobs/job_posts_51job_2023.csv",
                                                "jobs/job_posts_boss_2026.csv"}
    assert located == sum(r["postings"] - r["city_unresolved_count"] for r in reports) and located > 13500
    # employers known from job posts are placed where they post (firm resolution, issue #18): a firm left without
    # any place is one whose name names none and whose postings lie in two provinces or more (never a guess)
    unplaced = graph.read("MATCH (f:Firm)-[:POSTED]->(:JobPosting)-[:LOCATED_IN]->(r:Region) WHERE f.listed_code IS NULL "
                          "AND NOT EXISTS { MATCH (f)-[:LOCATED_IN]->(:Region) } "
                          "RETURN f.id AS firm, collect(DISTINCT r.id) AS regions")
    assert all(len({r.split("/")[0] for r in u["regions"]}) >= 2 for u in unplaced) and len(unplaced) < 250
    r = one(graph, "MATCH (f:Firm)-[:POSTED]->(j:JobPosting {id: 'job:lagou_2017:1'})-[:LOCATED_IN]->(c:Region) "
                   "RETURN f.name AS firm, c.id AS city, j.salary AS salary, j.education AS edu, j.source AS src, "
                   "j AS j")
    assert r["firm"] == "上海优刻得信息科技有限公司" and r["city"] == "上海市"
    assert r["salary"] == "12k-24k" and r["edu"] == "本科及以上" and r["src"] == "ref:jobs/job_posts_cn.csv"
    assert '"locator": "row 2"' in statements_of(r["j"])[0] and r["j"]["locator"] == "row 2"


# -------------------------------------------------------------------------------------- provenance
@pytest.mark.parametrize("label", ["Region", "Industry", "MajorCategory", "MajorClass", "Major", "Occupation",
                                   "College", "ProfessionalGroup", "Firm", "JobPosting"])
def test_every_node_has_provenance(graph, label):
    assert count(graph, f"MATCH (n:{label}) WHERE n.source IS NULL OR NOT n.source STARTS WITH 'ref:' "
                        f"OR n.extractor IS NULL RETURN count(n) AS n") == 0
    locators = [statements_of(r["n"])[0] for r in graph.read(f"MATCH (n:{label}) RETURN n LIMIT 50")]
    assert locators and all(re.search(r'"locator": "(sheet \S+ )?row \d+"', p) for p in locators)


@pytest.mark.parametrize("rel_type", ["PART_OF", "IN_CLASS", "PREPARES_FOR", "LOCATED_IN", "BELONGS_TO", "INCLUDES",
                                      "IN_INDUSTRY", "POSTED"])
def test_every_relationship_has_provenance(graph, rel_type):
    assert count(graph, f"MATCH ()-[r:{rel_type}]->() WHERE r.source IS NULL OR r.evidence IS NULL "
                        f"OR size(r.provenance) = 0 RETURN count(r) AS n") == 0


# ------------------------------------------------------------------------------ batches and reruns
def test_batches_are_file_chunks_with_nodes_before_relationships(reference_dir):
    seen_docs = set()
    for b in batches([reference_dir], None, {"only": ["colleges", "crosswalk"]}):
        assert b.doc_id not in seen_docs and b.doc_id.startswith(f"ref:{b.path}#")
        seen_docs.add(b.doc_id)
        # (the CSV copy of the MOE list yields only its comparison report: facts cite the original xls)
        assert len(b.records) <= CHUNK and b.content_hash and len(b.content_hash) == 64
        assert b.records or b.report.get("agree_with_xls") is True
        kinds = [isinstance(r, RelRecord) for r in b.records]
        assert kinds == sorted(kinds)  # nodes (False) first, then relationships
        assert all(isinstance(r, (NodeRecord, RelRecord)) for r in b.records)
    assert len(seen_docs) >= 4  # crosswalk needs 2 chunks


def test_a_second_run_changes_nothing(reference_graph, reference_dir, tmp_path):
    path = tmp_path / "copy.lbug"
    shutil.copy(reference_graph, path)
    st = EmbeddedStore(str(path))
    try:
        before = st.stats()
        q = "MATCH (g:ProfessionalGroup) RETURN g.id AS id, size(g.provenance) AS n ORDER BY g.id"
        prov = st.read(q, limit=None)
        # resume: every document is complete with the same hash → nothing written
        s = write_batches(st, batches([reference_dir], st, {}), skip_complete=True)
        assert s["documents"] == 0 and s["documents_skipped"] > 20
        # rewriting parts (no resume) merges into the same nodes: counts and provenance unchanged
        s = write_batches(st, batches([reference_dir], st, {"only": ["groups", "catalog"]}))
        assert s["documents"] >= 3
        assert st.stats() == before
        assert st.read(q, limit=None) == prov
    finally:
        st.close()


# ----------------------------------------------------------------------------------- bad input
def test_bad_files_are_rejected_and_good_parts_still_load(tmp_path, reference_dir, embedded):
    (tmp_path / "industries").mkdir()
    (tmp_path / "catalog").mkdir()
    # a GBK-encoded copy of the industries file loads like the UTF-8 original
    text = (reference_dir / "industries/gbt4754_2017.csv").read_text(encoding="utf-8")
    (tmp_path / "industries/gbt4754_2017.csv").write_bytes(text.encode("gbk"))
    (tmp_path / "catalog/vocational_major_catalog_2021.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    s = write_batches(embedded, batches([tmp_path], embedded, {"only": ["industries", "catalog", "colleges", "nope"]}))
    lines = s["rejected"]
    assert any("unknown part 'nope'" in x for x in lines)
    assert any("vocational_major_catalog_2021.csv" in x and "missing columns" in x for x in lines)
    assert any("moe_regular_hei_2025.csv" in x and "file missing" in x for x in lines)
    assert any("isic_rev4_en.csv missing" in x for x in lines)
    assert embedded.stats()["nodes"]["Industry"] == 1970
    assert embedded.stats()["nodes"]["Major"] == 0


def test_only_selects_parts_in_dependency_order():
    assert select_parts(["jobs", "regions", "firm"]) == (["regions", "firms", "jobs"], [])
    assert select_parts(None) == (list(PARTS), [])
    assert select_parts(["catalogue", "bogus"]) == (["catalog"], ["bogus"])
