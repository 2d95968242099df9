"""TEST FIXTURE — a small graph for the linked-data export / re-import tests (kg.rdf, kg.export, ingest.rdf).

Written with ``store.upsert_nodes`` / ``store.upsert_relationships``. Codes and names of the catalogue
entries look like the real ones, but every relationship, every firm, posting, policy sentence and every
provenance statement here is INVENTED for testing. It exercises what an export must survive: Chinese
keys (and keys with '/', '#', '+'), quotes, newlines, backslashes, tabs and a control character in
values, lists, integers, doubles with many digits, booleans, the review flag, and facts with several
provenance statements (different sources, confidences, evidence with quotes and newlines).
"""
from __future__ import annotations

import hashlib

SRC_A = "ref:catalog/TEST-FIXTURE-catalogue.csv"
SRC_B = hashlib.sha256(b"TEST FIXTURE document B").hexdigest()
SRC_C = hashlib.sha256(b"TEST FIXTURE document C").hexdigest()
EX = "test-fixture@1"


def p(source: str = SRC_A, evidence: str | None = None, confidence: float = 1.0, locator: str | None = "row 1",
      extractor: str = EX) -> dict:
    d = {"source": source, "extractor": extractor, "confidence": confidence}
    if evidence is not None:
        d["evidence"] = evidence
    if locator is not None:
        d["locator"] = locator
    return d


TRICKY = '他说："产教融合"\n第二行\\反斜杠\t制表符\r回车 """三引号""" \x07铃'


def build(store) -> dict:
    """Write the fixture graph; returns expected facts for the SPARQL/Cypher test."""
    up = store.upsert_nodes
    up("MajorCategory", [
        {"code": "51", "name": "电子与信息大类", "level": "高职专科", "_prov": [p(locator="row 2")]},
        {"code": "46", "name": "装备制造大类", "level": "高职专科", "_prov": [p(locator="row 3")]},
    ])
    up("MajorClass", [
        {"code": "5102", "name": "计算机类", "level": "高职专科", "_prov": [p(locator="row 4")]},
        {"code": "5101", "name": "电子信息类", "level": "高职专科", "_prov": [p(locator="row 5")]},
        {"code": "4603", "name": "自动化类", "level": "高职专科", "_prov": [p(locator="row 6")]},
    ])
    up("Major", [
        {"code": "510203", "name": "软件技术", "level": "高职专科", "years": "3", "year_added": 2021,
         "catalogue": "2021", "target": TRICKY,
         "_prov": [p(locator="row 7"), p(SRC_B, evidence='专业代码 510203 "软件技术"\n职业面向', confidence=0.8,
                                          locator="section 职业面向", extractor="curriculum@2"),
                   p(SRC_C, evidence="软件技术", confidence=0.95, locator=None)]},
        {"code": "510205", "name": "大数据技术", "level": "高职专科", "years": "3", "_prov": [p(locator="row 8")]},
        {"code": "510101", "name": "电子信息工程技术", "level": "高职专科", "_prov": [p(locator="row 9")]},
        {"code": "460305", "name": "工业机器人技术", "level": "高职专科", "_prov": [p(locator="row 10")],
         "review": True},
        {"code": "310203", "name": "软件工程技术", "level": "高职本科", "_prov": [p(locator="row 11")]},
    ])
    up("Occupation", [
        {"code": "2", "name": "专业技术人员", "level": "大类", "_prov": [p()]},
        {"code": "2-02", "name": "工程技术人员", "level": "中类", "_prov": [p()]},
        {"code": "2-02-10", "name": "信息和通信工程技术人员", "level": "小类", "_prov": [p()]},
        {"code": "2-02-10-03", "name": "软件工程技术人员", "level": "细类", "digital": True, "green": False,
         "definition": "从事软件需求分析、设计、测试的工程技术人员。", "tasks": "1. 需求分析；\n2. 设计；",
         "_prov": [p()]},
        {"code": "2-02-10-09", "name": "大数据工程技术人员", "level": "细类", "digital": True, "_prov": [p()]},
        {"code": "6-30-99-00", "name": "工业机器人系统操作员", "level": "细类", "green": True, "_prov": [p()]},
    ])
    up("Region", [
        {"id": "广东省", "name": "广东省", "level": "province", "province": "广东省", "_prov": [p()]},
        {"id": "广东省/深圳市", "name": "深圳市", "level": "city", "province": "广东省", "_prov": [p()]},
    ])
    up("College", [
        {"moe_code": "4144011113", "name": "深圳职业技术大学", "aliases": ["深圳职业技术学院", "深职院"],
         "level": "本科", "province": "广东省", "city": "深圳市", "_prov": [p()]},
    ])
    up("Firm", [
        {"id": "示例科技有限公司", "name": '示例"科技"有限公司', "aliases": ["示例科技"], "tags": ["专精特新", "TEST"],
         "province": "广东省", "city": "深圳市", "list_date": "2001-01-01",
         "_prov": [p(SRC_B, evidence="示例科技有限公司 <TEST FIXTURE>", confidence=0.6, locator="chars 10-42"),
                   p(SRC_C, evidence="示例科技", confidence=0.6)]},
    ])
    up("Skill", [
        {"id": "c#", "name": "C#", "lang": "en", "kind": "tool", "_prov": [p(SRC_B, confidence=0.7)]},
        {"id": "c++", "name": "C++", "lang": "en", "kind": "tool", "_prov": [p(SRC_B, confidence=0.7)]},
        {"id": "软件测试/质量保证", "name": "软件测试/质量保证", "lang": "zh", "kind": "ability",
         "_prov": [p(SRC_B, confidence=0.9)]},
    ])
    up("Course", [{"id": "程序设计基础", "name": "程序设计基础", "_prov": [p(SRC_B)]}])
    up("JobPosting", [
        {"id": "job-1", "title": "软件测试工程师", "description": TRICKY, "salary": "8k-12k",
         "url": "https://example.org/jobs/1?a=1&b=2", "_prov": [p(SRC_C, evidence=TRICKY, confidence=0.9)]},
    ])
    up("ResearchProject", [
        {"id": "rp-1", "title": "产教融合研究（TEST FIXTURE）", "kind": "横向", "year": 2023,
         "funding": 12.345678901234567, "_prov": [p(SRC_C)]},
    ])
    up("Policy", [{"id": "policy-1", "title": "职业教育法（TEST FIXTURE）", "level": "national",
                   "_prov": [p(SRC_C)]}])
    up("Document", [{"id": SRC_B, "path": "fixture/b.md", "kind": "curriculum", "title": "TEST FIXTURE B",
                     "status": "complete", "content_hash": SRC_B, "_prov": [p(SRC_B, evidence="fixture/b.md")]}])

    def rel(type_, a, b, rows):
        n, skipped = store.upsert_relationships(type_, rows, a, b)
        assert not skipped, skipped

    rel("PART_OF", "MajorClass", "MajorCategory", [
        {"from": "5102", "to": "51", "_prov": [p()]}, {"from": "5101", "to": "51", "_prov": [p()]},
        {"from": "4603", "to": "46", "_prov": [p()]}])
    rel("IN_CLASS", "Major", "MajorClass", [
        {"from": "510203", "to": "5102", "_prov": [p()]}, {"from": "510205", "to": "5102", "_prov": [p()]},
        {"from": "510101", "to": "5101", "_prov": [p()]}, {"from": "460305", "to": "4603", "_prov": [p()]}])
    rel("PART_OF", "Occupation", "Occupation", [
        {"from": "2-02", "to": "2", "_prov": [p()]}, {"from": "2-02-10", "to": "2-02", "_prov": [p()]},
        {"from": "2-02-10-03", "to": "2-02-10", "_prov": [p()]},
        {"from": "2-02-10-09", "to": "2-02-10", "_prov": [p()]}])
    rel("PART_OF", "Region", "Region", [{"from": "广东省/深圳市", "to": "广东省", "_prov": [p()]}])
    rel("PREPARES_FOR", "Major", "Occupation", [
        {"from": "510203", "to": "2-02-10-03",
         "_prov": [p(SRC_B, evidence="职业面向：软件工程技术人员", confidence=0.85, locator="section 职业面向"),
                   p(SRC_C, evidence='"软件工程技术人员"', confidence=0.5)]},
        {"from": "510205", "to": "2-02-10-09", "_prov": [p(SRC_B, confidence=0.9)]},
        {"from": "510205", "to": "2-02-10-03", "_prov": [p(SRC_B, confidence=0.4)], "review": True},
        {"from": "460305", "to": "6-30-99-00", "_prov": [p(SRC_B)]}])
    rel("DEVELOPS", "Major", "Skill", [{"from": "510203", "to": "c#", "_prov": [p(SRC_B, confidence=0.7)]},
                                       {"from": "510203", "to": "软件测试/质量保证", "_prov": [p(SRC_B)]}])
    rel("HAS_COURSE", "Major", "Course", [{"from": "510203", "to": "程序设计基础", "kind": "basic",
                                           "_prov": [p(SRC_B)]}])
    rel("TEACHES", "Course", "Skill", [{"from": "程序设计基础", "to": "c++", "_prov": [p(SRC_B, confidence=0.6)]}])
    rel("LEADS_TO", "Major", "Major", [{"from": "510203", "to": "310203", "_prov": [p(SRC_B)]}])
    rel("OFFERS", "College", "Major", [{"from": "4144011113", "to": "510203", "_prov": [p()]}])
    rel("LOCATED_IN", "College", "Region", [{"from": "4144011113", "to": "广东省/深圳市", "_prov": [p()]}])
    rel("LOCATED_IN", "Firm", "Region", [{"from": "示例科技有限公司", "to": "广东省/深圳市", "_prov": [p(SRC_B)]}])
    rel("PARTNERS_WITH", "Firm", "College", [
        {"from": "示例科技有限公司", "to": "4144011113", "kind": "订单班", "since": "2020", "status": "active",
         "internship_posts": 30, "courses_codeveloped": 2, "evaluation_scores": '{"quality": 4.5}',
         "_prov": [p(SRC_C, evidence="合作协议\n第一条", confidence=0.75)]}])
    rel("POSTED", "Firm", "JobPosting", [{"from": "示例科技有限公司", "to": "job-1", "_prov": [p(SRC_C)]}])
    rel("REQUIRES", "JobPosting", "Skill", [{"from": "job-1", "to": "c#", "_prov": [p(SRC_C, confidence=0.9)]}])
    rel("INVOLVES", "ResearchProject", "Firm", [{"from": "rp-1", "to": "示例科技有限公司", "role": "合作方",
                                                 "_prov": [p(SRC_C)]}])
    rel("MENTIONS", "Policy", "Major", [{"from": "policy-1", "to": "510203", "char_start": 10, "char_end": 14,
                                         "sentence": "支持软件技术专业\n建设。", "article": "第三条",
                                         "_prov": [p(SRC_C, evidence="软件技术", confidence=0.66)]}])
    rel("DESCRIBES", "Document", "Firm", [{"from": SRC_B, "to": "示例科技有限公司", "_prov": [p(SRC_B)]}])
    return EXPECTED


EXPECTED = {"category": "51", "majors_occupations": {("510203", "2-02-10-03"), ("510205", "2-02-10-09"),
                                                     ("510205", "2-02-10-03")}}


def snapshot(store) -> dict:
    """Everything stored, read with plain queries (not the exporter's paging): nodes and relationships
    with every property (provenance statements and sources in order)."""
    from kg import schema

    out: dict = {"nodes": {}, "rels": {}}
    for nt in schema.NODES:
        for r in store.read(f"MATCH (n:{nt.label}) RETURN n", limit=None):
            props = {k: v for k, v in r["n"].items() if not k.startswith("_") and v is not None}
            out["nodes"][(nt.label, props[nt.key])] = props
    for rt in schema.RELS:
        for a, b in rt.pairs:
            q = (f"MATCH (a:{a})-[r:{rt.type}]->(b:{b}) RETURN a.{schema.key_of(a)} AS f, "
                 f"b.{schema.key_of(b)} AS t, r")
            for r in store.read(q, limit=None):
                props = {k: v for k, v in (r["r"] or {}).items() if not k.startswith("_") and v is not None}
                out["rels"][(rt.type, a, r["f"], b, r["t"])] = props
    return out


def wipe(store) -> None:
    store.write("MATCH (n) DETACH DELETE n")


def template(folder) -> str:
    """Build the fixture graph once into ``folder/template.lbug`` (closed, so it is one file)."""
    from pathlib import Path

    from kg.store.embedded import EmbeddedStore

    path = Path(folder) / "template.lbug"
    if not path.exists():
        st = EmbeddedStore(str(path))
        st.apply_schema()
        build(st)
        st.close()
    return str(path)


def built_copy(template_path: str, folder):
    """A writable embedded store holding a copy of the fixture graph (a file copy: no rebuild)."""
    import shutil
    from pathlib import Path

    from kg.store.embedded import EmbeddedStore

    dst = Path(folder) / "graph.lbug"
    shutil.copy(template_path, dst)
    return EmbeddedStore(str(dst))
