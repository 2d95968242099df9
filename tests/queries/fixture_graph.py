"""TEST FIXTURE — a small graph for the query library and analyses tests.

Everything here is written with ``source='fixture:tests/queries'`` and ``extractor='test-fixture@1'``.
Names of colleges, majors, industries, occupations, regions and listed firms are real (so the shapes
match the reference data), but every *relationship between them* that is not in the official
catalogues — partnerships, job postings, research projects, platforms, which firm is in which
city/industry, which major serves which industry — is INVENTED for testing and must not be read as fact.

Shape (what the tests rely on):
* 2 provinces (广东省, 江苏省), 4 cities; GB/T 4754 industries C/39/392/3921, I/63/631/6312, I/65/651/6513;
* 4 colleges, 5 professional groups, 13 majors across 中职/高职专科/高职本科 with LEADS_TO chains;
* firms in 深圳/南京/常州 with industries, tags (专精特新) and listed codes, job postings with posts and
  skills, partnerships (one unrelated, inactive partner = exit candidate), a research project,
  a platform, an alliance, a policy with MENTIONS evidence.
"""
from __future__ import annotations

from typing import Any

SOURCE = "fixture:tests/queries"
EXTRACTOR = "test-fixture@1"


def _p(evidence: str | None = None, extractor: str = EXTRACTOR, confidence: float = 1.0) -> list[dict]:
    return [{"source": SOURCE, "evidence": evidence, "extractor": extractor, "confidence": confidence,
             "locator": "fixture"}]


REGIONS = [
    ("广东省", "广东省", "province", "广东省"), ("广东省/深圳市", "深圳市", "city", "广东省"),
    ("广东省/广州市", "广州市", "city", "广东省"), ("江苏省", "江苏省", "province", "江苏省"),
    ("江苏省/南京市", "南京市", "city", "江苏省"), ("江苏省/常州市", "常州市", "city", "江苏省"),
]

INDUSTRIES = [  # code, name, level, parent
    ("C", "制造业", "门类", None), ("39", "计算机、通信和其他电子设备制造业", "大类", "C"),
    ("392", "通信设备制造", "中类", "39"), ("3921", "通信系统设备制造", "小类", "392"),
    ("36", "汽车制造业", "大类", "C"), ("361", "汽车整车制造", "中类", "36"),
    ("I", "信息传输、软件和信息技术服务业", "门类", None), ("63", "电信、广播电视和卫星传输服务", "大类", "I"),
    ("631", "电信", "中类", "63"), ("6312", "移动电信服务", "小类", "631"),
    ("65", "软件和信息技术服务业", "大类", "I"), ("651", "软件开发", "中类", "65"),
    ("6513", "应用软件开发", "小类", "651"),
]

MAJORS = [  # code, name, level, class
    ("710301", "现代通信技术应用", "中职", "7103"), ("710201", "计算机应用", "中职", "7102"),
    ("510101", "电子信息工程技术", "高职专科", "5101"), ("510102", "物联网应用技术", "高职专科", "5101"),
    ("510203", "软件技术", "高职专科", "5102"), ("510205", "大数据技术", "高职专科", "5102"),
    ("510207", "信息安全技术应用", "高职专科", "5102"), ("510301", "现代通信技术", "高职专科", "5103"),
    ("510302", "现代移动通信技术", "高职专科", "5103"), ("460305", "工业机器人技术", "高职专科", "4603"),
    ("310301", "现代通信工程", "高职本科", "3103"), ("310203", "软件工程技术", "高职本科", "3102"),
    ("310101", "电子信息工程技术", "高职本科", "3101"),
]
CLASSES = [("7103", "通信类", "中职"), ("7102", "计算机类", "中职"), ("5101", "电子信息类", "高职专科"),
           ("5102", "计算机类", "高职专科"), ("5103", "通信类", "高职专科"), ("4603", "自动化类", "高职专科"),
           ("3101", "电子信息类", "高职本科"), ("3102", "计算机类", "高职本科"), ("3103", "通信类", "高职本科")]

COLLEGES = [  # moe_code, name, level, province, city region id
    ("4144011113", "深圳职业技术大学", "本科", "广东省", "广东省/深圳市", ["深圳职业技术学院"]),
    ("4144012957", "深圳信息职业技术大学", "本科", "广东省", "广东省/深圳市", ["深圳信息职业技术学院"]),
    ("4132013112", "南京信息职业技术学院", "专科", "江苏省", "江苏省/南京市", []),
    ("4132012317", "常州信息职业技术学院", "专科", "江苏省", "江苏省/常州市", []),
]

GROUPS = [  # id, name, college, majors (lead first), tier
    ("4144011113/通信技术", "通信技术专业群", "4144011113", ["510301", "510302", "510101"], "A档"),
    ("4144011113/软件技术", "软件技术专业群", "4144011113", ["510203", "510205", "510207"], "A档"),
    ("4132013112/通信技术", "通信技术专业群", "4132013112", ["510301", "510102"], "B档"),
    ("4132012317/软件技术", "软件技术专业群", "4132012317", ["510203", "510207"], "B档"),
    ("4144012957/软件技术", "软件技术专业群", "4144012957", ["510203", "510205", "510102"], "B档"),
]

MAJOR_SERVES = [  # major, industry, extractor (stated vs inferred)
    ("510301", "631", "curriculum@1"), ("510301", "3921", "curriculum-infer@1"), ("510302", "6312", "curriculum@1"),
    ("510101", "39", "curriculum@1"), ("510102", "6513", "curriculum-infer@1"), ("510203", "6513", "curriculum@1"),
    ("510205", "65", "curriculum-infer@1"), ("510207", "651", "curriculum@1"), ("460305", "36", "curriculum@1"),
    ("310301", "631", "curriculum@1"), ("310203", "651", "curriculum@1"), ("710301", "631", "curriculum@1"),
]

COURSES = {
    "510301": ["通信原理", "光纤通信技术", "5G网络优化"], "510302": ["移动通信技术", "5G网络优化"],
    "510101": ["嵌入式系统应用", "电子电路分析"], "510203": ["Java程序设计", "数据库技术", "Web前端开发"],
    "510205": ["Python程序设计", "数据分析"], "510207": ["网络安全技术", "Linux操作系统"],
    "510102": ["物联网系统集成"],
}
TEACHES = [("Java程序设计", "Java"), ("数据库技术", "SQL"), ("Python程序设计", "Python"),
           ("网络安全技术", "网络安全"), ("Linux操作系统", "Linux"), ("5G网络优化", "5G网络优化"),
           ("光纤通信技术", "光纤熔接")]
DEVELOPS = [("510301", "5G网络优化"), ("510301", "光纤熔接"), ("510205", "数据分析"), ("510101", "C语言")]
SKILLS = ["Java", "SQL", "Python", "网络安全", "Linux", "5G网络优化", "光纤熔接", "数据分析", "C语言",
          "Kubernetes", "C++"]

POSTS = ["通信工程师", "网络优化工程师", "软件开发工程师", "测试工程师", "数据分析师", "嵌入式工程师",
         "运维工程师", "软件测试员"]
TARGETS = [("510301", "通信工程师"), ("510301", "网络优化工程师"), ("510302", "网络优化工程师"),
           ("510203", "软件开发工程师"), ("510203", "测试工程师"), ("510205", "数据分析师"),
           ("510101", "嵌入式工程师"), ("510207", "运维工程师")]
POST_REQUIRES = [("软件开发工程师", "Java"), ("软件开发工程师", "SQL"), ("数据分析师", "Python"),
                 ("数据分析师", "SQL"), ("运维工程师", "Linux"), ("运维工程师", "Kubernetes"),
                 ("网络优化工程师", "5G网络优化"), ("嵌入式工程师", "C++")]
OCCUPATIONS = [("2-02-10-01", "通信工程技术人员"), ("4-04-05-01", "计算机程序设计员"),
               ("4-04-04-01", "信息通信网络运行管理员"), ("2-02-38-03", "大数据工程技术人员")]
PREPARES = [("510301", "2-02-10-01"), ("510302", "4-04-04-01"), ("510203", "4-04-05-01"),
            ("510205", "2-02-38-03")]
IN_OCC = [("通信工程师", "2-02-10-01"), ("软件开发工程师", "4-04-05-01"), ("网络优化工程师", "4-04-04-01"),
          ("软件测试员", "4-04-05-01")]
CERTS = [("510301", "1+X 5G移动网络运维职业技能等级证书"), ("510203", "1+X Web前端开发职业技能等级证书")]
LEADS = [("710301", "510301"), ("510301", "310301"), ("710201", "510203"), ("510203", "310203"),
         ("510101", "310101")]

FIRMS = [  # id, name, region, industries, tags, listed_code
    ("000063.SZ", "中兴通讯股份有限公司", "广东省/深圳市", ["3921"], [], "000063.SZ"),
    ("300454.SZ", "深信服科技股份有限公司", "广东省/深圳市", ["6513"], [], "300454.SZ"),
    ("002594.SZ", "比亚迪股份有限公司", "广东省/深圳市", ["361"], [], "002594.SZ"),
    ("fixture-sz-net", "深圳市示例网络科技有限公司", "广东省/深圳市", ["6312"], ["专精特新"], None),
    ("fixture-gz-soft", "广州市示例软件有限公司", "广东省/广州市", ["651"], [], None),
    ("600775.SH", "南京熊猫电子股份有限公司", "江苏省/南京市", ["392"], [], "600775.SH"),
    ("300339.SZ", "江苏润和软件股份有限公司", "江苏省/南京市", ["6513"], [], "300339.SZ"),
    ("南京中网卫星通信股份有限公司", "南京中网卫星通信股份有限公司", "江苏省/南京市", ["631"], ["专精特新"], None),
    ("fixture-cz-data", "常州市示例数据服务有限公司", "江苏省/常州市", ["65"], ["专精特新"], None),
]

POSTINGS = [  # id, firm, title, region, post, skills
    ("fx-jp-01", "000063.SZ", "5G网络优化工程师", "广东省/深圳市", "网络优化工程师", ["5G网络优化", "Python"]),
    ("fx-jp-02", "000063.SZ", "通信工程师（校招）", "广东省/深圳市", "通信工程师", ["光纤熔接"]),
    ("fx-jp-03", "300454.SZ", "Java开发工程师", "广东省/深圳市", "软件开发工程师", ["Java", "SQL", "Kubernetes"]),
    ("fx-jp-04", "300454.SZ", "运维工程师", "广东省/深圳市", "运维工程师", ["Linux", "Kubernetes"]),
    ("fx-jp-05", "fixture-sz-net", "网络优化工程师", "广东省/深圳市", "网络优化工程师", ["5G网络优化"]),
    ("fx-jp-06", "fixture-gz-soft", "数据分析师", "广东省/广州市", "数据分析师", ["Python", "SQL"]),
    ("fx-jp-07", "300339.SZ", "软件测试工程师", "江苏省/南京市", "测试工程师", ["Python"]),
    ("fx-jp-08", "300339.SZ", "嵌入式软件工程师", "江苏省/南京市", "嵌入式工程师", ["C++", "C语言"]),
    ("fx-jp-09", "600775.SH", "通信工程师", "江苏省/南京市", "通信工程师", ["光纤熔接"]),
    ("fx-jp-10", "fixture-cz-data", "数据分析师", "江苏省/常州市", "数据分析师", ["Python", "数据分析"]),
    # a post no major targets, in an occupation 软件技术 prepares for (4-04-05-01)
    ("fx-jp-11", "600775.SH", "软件测试员（嵌入式平台）", "江苏省/南京市", "软件测试员", ["Python"]),
]

PARTNERSHIPS = [  # firm, end label, end key, props
    ("000063.SZ", "ProfessionalGroup", "4144011113/通信技术",
     {"kind": "订单班", "since": "2019", "status": "active", "internship_posts": 40, "courses_codeveloped": 3,
      "joint_projects": 2, "ip_output": 1, "evaluation_scores": "2022:88;2023:91"}),
    ("300454.SZ", "ProfessionalGroup", "4144011113/软件技术",
     {"kind": "产业学院", "since": "2020", "status": "active", "internship_posts": 25, "courses_codeveloped": 2,
      "joint_projects": 1, "ip_output": 0, "evaluation_scores": "2022:80;2023:78"}),
    ("000063.SZ", "ProfessionalGroup", "4144011113/软件技术",
     {"kind": "实训基地", "since": "2021", "status": "active", "internship_posts": 10, "courses_codeveloped": 1,
      "joint_projects": 0, "ip_output": 0, "evaluation_scores": "2023:85"}),
    ("002594.SZ", "ProfessionalGroup", "4144011113/软件技术",
     {"kind": "实训基地", "since": "2018", "status": "active", "internship_posts": 0, "courses_codeveloped": 0,
      "joint_projects": 0, "ip_output": 0, "evaluation_scores": None}),
    ("000063.SZ", "College", "4144011113", {"kind": "产业学院", "since": "2019", "status": "active"}),
    ("600775.SH", "ProfessionalGroup", "4132013112/通信技术",
     {"kind": "现代学徒制", "since": "2020", "status": "active", "internship_posts": 15, "courses_codeveloped": 2,
      "joint_projects": 1, "ip_output": 0, "evaluation_scores": "2023:82"}),
]


def _key_row(label: str, key: str, **props: Any) -> dict:
    from kg import schema

    return {schema.key_of(label): key, **{k: v for k, v in props.items() if v is not None}, "_prov": _p()}


def build(store) -> dict:
    """Write the fixture graph into ``store`` (schema already applied). Returns counts written."""
    n: dict[str, list[dict]] = {}
    r: list[tuple[str, str, str, list[dict]]] = []

    def node(label, key, **props):
        n.setdefault(label, []).append(_key_row(label, key, **props))

    def rel(type_, a, b, rows):
        r.append((type_, a, b, rows))

    def row(f, t, evidence=None, extractor=EXTRACTOR, confidence=1.0, **props):
        return {"from": f, "to": t, **props, "_prov": _p(evidence, extractor, confidence)}

    for rid, name, level, prov in REGIONS:
        node("Region", rid, name=name, level=level, province=prov)
    rel("PART_OF", "Region", "Region", [row(rid, prov) for rid, _, lv, prov in REGIONS if lv == "city"])
    for code, name, level, _ in INDUSTRIES:
        node("Industry", code, name=name, level=level)
    rel("PART_OF", "Industry", "Industry", [row(c, p) for c, _, _, p in INDUSTRIES if p])
    node("MajorCategory", "51", name="电子与信息大类", level="高职专科")
    for code, name, level in CLASSES:
        node("MajorClass", code, name=name, level=level)
    rel("PART_OF", "MajorClass", "MajorCategory", [row("5101", "51"), row("5102", "51"), row("5103", "51")])
    for code, name, level, cls in MAJORS:
        node("Major", code, name=name, level=level, catalogue="2021")
    rel("IN_CLASS", "Major", "MajorClass", [row(c, cls) for c, _, _, cls in MAJORS])
    for code, name, level, prov, city, aliases in COLLEGES:
        node("College", code, name=name, level=level, province=prov, city=city.split("/")[-1],
             aliases=aliases or None, ownership="公办")
    rel("LOCATED_IN", "College", "Region", [row(c[0], c[4]) for c in COLLEGES])
    for gid, name, college, majors, tier in GROUPS:
        cname = next(c[1] for c in COLLEGES if c[0] == college)
        node("ProfessionalGroup", gid, name=name, lead_major_code=majors[0], source_kind="双高", tier=tier,
             college_name=cname)
    rel("BELONGS_TO", "ProfessionalGroup", "College", [row(g[0], g[2]) for g in GROUPS])
    rel("INCLUDES", "ProfessionalGroup", "Major",
        [row(g[0], m, role="lead" if i == 0 else "member") for g in GROUPS for i, m in enumerate(g[3])])
    rel("OFFERS", "College", "Major", [row(g[2], m) for g in GROUPS for m in g[3]] + [row("4144011113", "310301")])
    rel("SERVES", "Major", "Industry",
        [row(m, i, evidence=f"{m}→{i}", extractor=ex, confidence=1.0 if ex == "curriculum@1" else 0.6)
         for m, i, ex in MAJOR_SERVES])
    rel("SERVES", "ProfessionalGroup", "Industry", [row("4144011113/通信技术", "63", evidence="群面向电信产业")])
    courses = sorted({c for cs in COURSES.values() for c in cs})
    for c in courses:
        node("Course", c, name=c)
    rel("HAS_COURSE", "Major", "Course",
        [row(m, c, kind="core" if i else "basic", evidence=f"专业核心课程：{c}") for m, cs in COURSES.items()
         for i, c in enumerate(cs)])
    for s in SKILLS:
        node("Skill", s, name=s, lang="zh", kind="ability")
    rel("TEACHES", "Course", "Skill", [row(c, s) for c, s in TEACHES])
    rel("DEVELOPS", "Major", "Skill", [row(m, s, evidence=f"具备{s}能力") for m, s in DEVELOPS])
    for p in POSTS:
        node("Post", p, name=p)
    rel("TARGETS_POST", "Major", "Post", [row(m, p, evidence=f"职业面向：{p}") for m, p in TARGETS])
    rel("REQUIRES", "Post", "Skill", [row(p, s) for p, s in POST_REQUIRES])
    for code, name in OCCUPATIONS:
        node("Occupation", code, name=name, level="细类", digital=True)
    rel("PREPARES_FOR", "Major", "Occupation", [row(m, o) for m, o in PREPARES])
    rel("IN_OCCUPATION", "Post", "Occupation", [row(p, o) for p, o in IN_OCC])
    for m, c in CERTS:
        node("Certificate", c, name=c, kind="职业技能等级")
    rel("HAS_CERTIFICATE", "Major", "Certificate", [row(m, c) for m, c in CERTS])
    rel("LEADS_TO", "Major", "Major", [row(a, b, evidence="接续专业举例") for a, b in LEADS])
    for fid, name, region, inds, tags, listed in FIRMS:
        prov, city = region.split("/")
        node("Firm", fid, name=name, province=prov, city=city, tags=tags or None, listed_code=listed)
    rel("LOCATED_IN", "Firm", "Region", [row(f[0], f[2]) for f in FIRMS])
    # a firm proposed by an extractor and waiting in the review queue (no region, no industry)
    n["Firm"].append({"id": "示例待核科技有限公司", "name": "示例待核科技有限公司", "review": True,
                      "_prov": _p("partnership file row 7: 示例待核科技有限公司", "partnerships@1", 0.5)})
    rel("IN_INDUSTRY", "Firm", "Industry", [row(f[0], i) for f in FIRMS for i in f[3]])
    for jid, firm, title, region, post, skills in POSTINGS:
        node("JobPosting", jid, title=title, city=region.split("/")[1], date="2024-03-01",
             company=next(f[1] for f in FIRMS if f[0] == firm))
    rel("POSTED", "Firm", "JobPosting", [row(p[1], p[0]) for p in POSTINGS])
    rel("LOCATED_IN", "JobPosting", "Region", [row(p[0], p[3]) for p in POSTINGS])
    rel("FOR_POST", "JobPosting", "Post", [row(p[0], p[4], evidence=p[2]) for p in POSTINGS])
    rel("REQUIRES", "JobPosting", "Skill", [row(p[0], s, evidence=f"任职要求：{s}") for p in POSTINGS for s in p[5]])
    for fid, label, key, props in PARTNERSHIPS:
        rel("PARTNERS_WITH", "Firm", label, [row(fid, key, evidence="fixture partnership", **props)])
    node("ResearchProject", "fx-rp-1", title="5G基站节能关键技术研究", kind="横向", year=2023, funding=50.0)
    rel("INVOLVES", "ResearchProject", "College", [row("fx-rp-1", "4144011113", role="lead")])
    rel("INVOLVES", "ResearchProject", "Firm", [row("fx-rp-1", "fixture-sz-net", role="partner")])
    rel("ON_TOPIC", "ResearchProject", "Industry", [row("fx-rp-1", "631")])
    node("Platform", "fx-pf-1", name="5G产业学院", kind="产业学院")
    rel("HOSTS", "College", "Platform", [row("4144011113", "fx-pf-1")])
    rel("CO_BUILDS", "Firm", "Platform", [row("000063.SZ", "fx-pf-1")])
    node("EducationAlliance", "fx-al-1", name="深圳市电子信息市域产教联合体", kind="市域产教联合体")
    rel("MEMBER_OF", "College", "EducationAlliance", [row("4144011113", "fx-al-1", role="牵头单位"),
                                                       row("4144012957", "fx-al-1", role="成员")])
    rel("MEMBER_OF", "Firm", "EducationAlliance", [row("000063.SZ", "fx-al-1", role="成员")])
    node("Policy", "职业教育法(2022-04-20)", title="中华人民共和国职业教育法", issuer="全国人民代表大会常务委员会",
         date="2022-04-20", level="national", language="zh")
    node("Measure", "现代学徒制", name_zh="现代学徒制", name_en="modern apprenticeship")
    node("Measure", "产教融合", name_zh="产教融合", name_en="industry-education integration")
    sentence = "第三十条 国家推行中国特色学徒制，引导企业按照岗位总量的一定比例设立学徒岗位"
    rel("MENTIONS", "Policy", "Measure", [
        row("职业教育法(2022-04-20)", "现代学徒制", evidence=sentence, extractor="policy@1", confidence=0.9,
            char_start=10, char_end=17, article="第三十条", sentence=sentence),
        row("职业教育法(2022-04-20)", "产教融合", evidence="深化产教融合、校企合作", extractor="policy@1",
            confidence=1.0, char_start=3, char_end=7, article="第四条", sentence="深化产教融合、校企合作")])
    rel("MENTIONS", "Policy", "Region", [row("职业教育法(2022-04-20)", "广东省", evidence="fixture", extractor="policy@1",
                                              confidence=0.5, article="第一条", sentence="fixture")])
    rel("APPLIES_TO", "Policy", "Region", [row("职业教育法(2022-04-20)", "广东省"),
                                             row("职业教育法(2022-04-20)", "江苏省")])

    out = {"nodes": 0, "relationships": 0, "skipped": []}
    with store.transaction():
        for label, rows in n.items():
            out["nodes"] += store.upsert_nodes(label, rows)
        for type_, a, b, rows in r:
            w, skipped = store.upsert_relationships(type_, rows, a, b)
            out["relationships"] += w
            out["skipped"].extend(skipped)
    if out["skipped"]:
        raise AssertionError(f"fixture relationships skipped: {out['skipped'][:3]}")
    return out
