"""`kg ingest FILE --kind partnerships`: a college's partnership table → PARTNERS_WITH and friends.

The graph is the TEST FIXTURE of tests/queries/fixture_graph.py (real names, invented relationships).
"""
from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from ingest import partnerships as P
from ingest.base import write_batches
from kg.config import REPO_ROOT
from kg.records import statements_of
from kg.store.embedded import EmbeddedStore
from queries import analyses, library

_spec = importlib.util.spec_from_file_location("queries_fixture_graph",
                                               Path(__file__).resolve().parents[1] / "queries" / "fixture_graph.py")
fixture_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture_graph)

TEMPLATE = REPO_ROOT / "data" / "templates" / "partnerships_template.csv"
EXAMPLE = REPO_ROOT / "data" / "examples" / "partnerships_example.csv"
HEADER = ["院校(college)", "专业群(group)", "企业(firm)", "企业所在地(firm_city)", "企业行业(firm_industry)",
          "合作形式(kind)", "开始年份(since)", "结束年份(until)", "实习岗位数(internship_posts)",
          "共建课程数(courses_codeveloped)", "合作项目数(joint_projects)", "知识产权数(ip_output)",
          "年度评价(evaluation_scores)", "评价2024", "科研项目(project)", "项目主题(project_topics)",
          "共建平台(platform)", "平台类型(platform_kind)", "职教集团/联合体(alliance)"]
ROWS = [
    # 2: known group + known firm
    ["深圳职业技术大学", "通信技术专业群", "中兴通讯股份有限公司", "", "", "订单班", "2019", "", "40", "3", "2", "1",
     "2022:88;2023:91", "", "5G基站节能", "631;5G网络优化", "ICT产业学院", "产业学院", "深圳市电子信息联合体"],
    # 3: same firm and group again → combined
    ["4144011113", "通信技术", "中兴通讯", "", "", "实训基地", "2018", "2026", "10", "", "", "", "", "95", "", "", "",
     "", ""],
    # 4: college-level, unknown firm with city and industry → created for review
    ["深圳职业技术大学", "", "深圳市新示例科技有限公司", "深圳", "6513", "技术服务", "2022", "", "5", "", "", "", "", "",
     "", "", "", "", ""],
    # 5: unknown college → rejected row
    ["不存在职业学院", "", "中兴通讯股份有限公司", "", "", "订单班", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    # 6: bad number and bad year → field rejects, row kept; unknown group → user group
    ["常州信息职业技术学院", "人工智能技术应用", "江苏润和软件股份有限公司", "", "", "产业学院", "去年", "", "很多", "2", "",
     "", "", "", "", "", "", "", ""],
    # 7: no firm → rejected
    ["深圳职业技术大学", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """A fixture graph file (built once); each test gets a fresh copy."""
    path = tmp_path_factory.mktemp("partnerships") / "base.lbug"
    st = EmbeddedStore(str(path))
    st.apply_schema()
    fixture_graph.build(st)
    st.close()
    return path


@pytest.fixture
def store(graph, tmp_path):
    copy = tmp_path / "graph.lbug"
    shutil.copy(graph, copy)
    st = EmbeddedStore(str(copy))
    yield st
    st.close()


def _write(path: Path, rows, header=HEADER, encoding="utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _partners(store) -> dict[tuple[str, str], dict]:
    rows = store.read("MATCH (f:Firm)-[r:PARTNERS_WITH]->(x) "
                      "RETURN f.id AS firm, coalesce(x.id, x.moe_code) AS target, r.kind AS kind, r.since AS since, "
                      "r.until AS until, r.internship_posts AS ip, r.courses_codeveloped AS cc, "
                      "r.evaluation_scores AS scores, r.source AS source, r AS rel", limit=None)
    for r in rows:
        r["prov"] = statements_of(r.pop("rel"))
    return {(r["firm"], r["target"]): r for r in rows if any("partnerships@1" in s for s in r["prov"])}


def test_template_header_is_fully_understood():
    header, rows = P.read_table(TEMPLATE)
    assert rows == []
    assert all(P.header_key(h) for h in header), [h for h in header if not P.header_key(h)]
    assert {P.header_key(h) for h in header} >= {"college", "group", "firm", "kind", "since", "until",
                                                 "internship_posts", "courses_codeveloped", "joint_projects",
                                                 "ip_output", "evaluation_scores", "project", "platform", "alliance"}


def test_table_to_graph(store, tmp_path):
    f = _write(tmp_path / "合作台账.csv", ROWS)
    summary = write_batches(store, P.batches([f], store, {}))
    assert summary["documents"] == 1 and summary["rows_read"] == 6
    rej = summary["rejected"]
    assert any("row 5: field college" in r and "不存在职业学院" in r for r in rej)
    assert any("row 7: field firm" in r for r in rej)
    assert any("row 6: field internship_posts" in r and "很多" in r for r in rej)
    assert any("row 6: field since" in r for r in rej)
    assert len(rej) == 4
    pw = _partners(store)
    zte = pw[("000063.SZ", "4144011113/通信技术")]
    assert zte["kind"] == "订单班、实训基地" and zte["since"] == "2018" and zte["until"] == "2026"
    assert zte["ip"] == 50 and zte["cc"] == 3
    assert zte["scores"] == "2022:88;2023:91;2024:95"
    assert any('"locator": "rows 2, 3"' in s for s in zte["prov"])
    # the unknown firm: created for review, located, in its industry, partner of the college itself
    new = store.read("MATCH (f:Firm {id: $id}) OPTIONAL MATCH (f)-[:LOCATED_IN]->(r:Region) "
                     "OPTIONAL MATCH (f)-[:IN_INDUSTRY]->(i:Industry) RETURN f.review AS review, r.id AS region, "
                     "i.code AS industry", {"id": P.firm_id("深圳市新示例科技有限公司")})
    assert new == [{"review": True, "region": "广东省/深圳市", "industry": "6513"}]
    assert (P.firm_id("深圳市新示例科技有限公司"), "4144011113") in pw
    report = summary["reports"][0]
    assert any("深圳市新示例科技有限公司" in x and "review=true" in x for x in report["firms_created_for_review"])
    assert any("人工智能技术应用专业群" in x for x in report["groups_created"])
    # the unknown group: a user-defined group of the college, with the partnership
    g = store.read("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) WHERE g.source_kind = 'user' "
                   "RETURN g.id AS id, g.name AS name, c.moe_code AS c")
    assert g == [{"id": "user:4132012317:人工智能技术应用专业群", "name": "人工智能技术应用专业群", "c": "4132012317"}]
    assert ("300339.SZ", g[0]["id"]) in pw and pw[("300339.SZ", g[0]["id"])]["cc"] == 2
    # project, platform, alliance
    facts = _facts(store)
    assert ("INVOLVES", "project:4144011113:5G基站节能", "000063.SZ") in facts
    assert ("ON_TOPIC", "project:4144011113:5G基站节能", "631") in facts
    assert ("ON_TOPIC", "project:4144011113:5G基站节能", "5G网络优化") in facts  # an existing Skill
    assert ("HOSTS", "4144011113", "platform:4144011113:ICT产业学院") in facts
    assert ("MEMBER_OF", "000063.SZ", "alliance:深圳市电子信息联合体") in facts
    # the analyses see it
    review = analyses.review_partners(store, "深圳职业技术大学", year=2025).rows.set_index("firm_id")
    assert review.loc["000063.SZ", "internship_posts"] >= 50
    queue = library.run(store, "review_queue", {"label": "Firm"})
    assert "深圳市新示例科技有限公司" in set(queue["name"])


def _facts(store) -> set[tuple[str, str, str]]:
    rows = store.read("MATCH (a)-[r]->(b) RETURN label(r) AS t, coalesce(a.id, a.moe_code) AS a, "
                      "coalesce(b.id, b.code, b.moe_code) AS b, r AS r", limit=None)
    return {(r["t"], r["a"], r["b"]) for r in rows if any("partnerships@1" in s for s in statements_of(r["r"]))}


def test_reingest_is_idempotent(store, tmp_path):
    f = _write(tmp_path / "t.csv", ROWS[:3])
    write_batches(store, P.batches([f], store, {}))
    before = store.stats()
    write_batches(store, P.batches([f], store, {}))
    assert store.stats() == before


def test_xlsx_gbk_and_bad_files_in_one_call(store, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["院校", "专业群", "企业", "合作形式", "实习岗位数"])
    ws.append(["南京信息职业技术学院", "通信技术专业群", "南京熊猫电子股份有限公司", "现代学徒制", 15])
    wb.save(tmp_path / "a.xlsx")
    _write(tmp_path / "b.csv", [["常州信息职业技术学院", "软件技术", "300339.SZ", "订单班"]],
           header=["院校", "专业群", "企业", "合作形式"], encoding="gbk")
    _write(tmp_path / "c.csv", [["x", "y"]], header=["学校名字", "公司名字"])  # no recognisable columns
    summary = write_batches(store, P.batches([tmp_path], store, {}))
    pw = _partners(store)
    assert pw[("600775.SH", "4132013112/通信技术")]["ip"] == 15
    assert pw[("300339.SZ", "4132012317/软件技术")]["kind"] == "订单班"  # found by stock code, GBK file
    assert any("c.csv" in r and "missing column(s) college, firm" in r for r in summary["rejected"])


def test_example_file_is_labelled_and_names_real_reference_entities(reference_dir, store):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.startswith("# EXAMPLE FILE") and "INVENTED" in text
    header, rows = P.read_table(EXAMPLE)
    assert rows and all(r["示例(example)"] == "true" for _, r in rows)
    # every college, 双高 group and firm named exists in the real reference files
    groups = {(r["college"], r["group_lead_major"])
              for r in csv.DictReader(open(reference_dir / "colleges/double_high_plan_2019_groups.csv", encoding="utf-8"))}
    moe = {r["name"] for r in csv.DictReader(open(reference_dir / "colleges/moe_regular_hei_2025.csv", encoding="utf-8"))}
    firms = {r["fullname"] for r in csv.DictReader(open(reference_dir / "firms/a_share_listed_companies.csv",
                                                        encoding="utf-8"))}
    for f in ("zhuanjingtexin_nanjing.csv", "zhuanjingtexin_hangzhou_2025_batch1.csv"):
        firms |= {r["company"] for r in csv.DictReader(open(reference_dir / "firms" / f, encoding="utf-8"))}
    renamed = {"深圳职业技术大学": "深圳职业技术学院"}  # the 2019 list uses the former name
    for _, r in rows:
        college = r["院校(college)"]
        assert college in moe, college
        if r["专业群(group)"]:
            assert (renamed.get(college, college), r["专业群(group)"]) in groups, r["专业群(group)"]
        assert r["企业(firm)"] in firms, r["企业(firm)"]
    # ingested, the facts say they are examples
    summary = write_batches(store, P.batches([EXAMPLE], store, {}))
    doc = store.read("MATCH (d:Document {kind: 'partnerships'}) RETURN d.title AS t")
    assert doc[0]["t"].startswith("EXAMPLE (invented partnerships)")
    ev = [json.loads(s) for r in store.read("MATCH (:Firm)-[r:PARTNERS_WITH]->() RETURN r", limit=None)
          for s in statements_of(r["r"])]
    ev = [e["evidence"] for e in ev if e["extractor"] == "partnerships@1"]
    assert len(ev) >= len(rows) - 1 and all(e.startswith(P.EXAMPLE_MARK) for e in ev)
    assert summary["reports"][0]["example_rows"] == len(rows)


def test_semicolon_and_bar_separated_tables_read_like_the_comma_one(tmp_path):
    comma = P.read_table(_write(tmp_path / "comma.csv", ROWS))
    assert comma[0] == HEADER and len(comma[1]) == len(ROWS)
    for sep, name in ((";", "semi.csv"), ("|", "bar.csv"), ("\t", "tab.csv")):
        f = tmp_path / name
        with open(f, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, delimiter=sep).writerows([HEADER, *ROWS])
        assert P.read_table(f) == comma, sep
