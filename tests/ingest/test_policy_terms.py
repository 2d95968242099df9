"""ingest.vocab.policy_terms (policy@2): no hits inside longer words or organisation names, phrase patterns,
issuing level, document titles, no organisation proposed from a paper's section title.

Sentences marked REAL are copied verbatim from the reference data (file named); sentences marked TEST
FIXTURE are written for these tests in the shape of policy text (no real text has them)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.vocab.entities import Entry, EntityVocabulary
from ingest.policy import PolicyExtractor, policy_meta
from ingest.readers import DocumentText, read_document
from ingest.vocab.policy_terms import issuing_level, keep_hit, longest_spans
from ingest.normalize import MUNICIPALITIES, PROVINCES


def _extractor() -> PolicyExtractor:
    v = EntityVocabulary.measures()
    for label, key, names in [
        ("Major", "520202", ["助产"]), ("Major", "330203", ["保险"]), ("Major", "590206", ["行政管理"]),
        ("Major", "520201", ["护理"]),
        ("Industry", "01", ["农业", "农业企业"]), ("Industry", "6814", ["意外伤害保险"]),
        ("Industry", "9413", ["失业保险"]), ("Industry", "952", ["社会团体"]), ("Industry", "J", ["金融业"]),
        ("Industry", "68", ["保险业"]), ("Industry", "C", ["制造业"]),
    ]:
        v.add(Entry(label, key, names[0]), names, lang="zh")
    return PolicyExtractor(v)


# (source, sentence) — every name of the vocabulary in these sentences sits inside a longer word or an
# organisation's name, so none may be reported
INSIDE_WORDS = [
    ("REAL 上海市职业教育条例 第五十一条", "本市建立健全职业学校学生实习保险制度，职业学校和实习单位应当为实习学生投保实习责任保险，健全学生权益保障机制。"),
    ("REAL 上海市职业教育条例 第五十一条", "鼓励实习单位为实习学生购买人身意外伤害保险，相关经费可以从单位成本（费用）中列支。"),
    ("REAL 上海市职业教育条例 第四十三条", "市和区人民政府应当统筹使用就业补助资金、失业保险基金、地方教育附加专项资金，支持和促进职业培训。"),
    ("REAL 就业促进法 第二十三条", "各级人民政府采取措施，逐步完善和实施与非全日制用工等灵活就业相适应的劳动和社会保险政策，为灵活就业人员提供帮助和服务。"),
    ("REAL 职业教育法 第六十六条", "侵害学生休息休假、获得劳动安全卫生保护、参加相关保险、接受职业技能指导等权利的"),
    ("REAL 上海市职业教育条例 第三十五条", "企业、事业单位，社会团体，其他社会组织及公民个人可以按照国家规定，举办职业培训机构。"),
    ("REAL 上海市职业教育条例 第六条", "其他有关行政管理部门按照各自职责，分别做好职业教育的相关管理工作。"),
    ("REAL job_posts_boss_2026.csv row 2733", "金融业务合规管理, 销售业务合规管理"),
    ("TEST FIXTURE", "鼓励开发教学辅助产品，支持农业农村部门和护理学会参与。"),
]


@pytest.mark.parametrize("source,sentence", INSIDE_WORDS)
def test_no_hits_inside_longer_words(source, sentence):
    ms = [m for m in _extractor().mentions(sentence, "zh") if m["label"] in ("Major", "Industry", "Occupation")]
    assert ms == [], (source, [(m["surface"], m["label"]) for m in ms])


def test_the_baseline_did_hit_inside_those_words():
    """The sentences above are real traps: policy@1 reports names inside them."""
    base = PolicyExtractor(_extractor().vocab, baseline=True)
    hits = [m for _, s in INSIDE_WORDS for m in base.mentions(s, "zh") if m["label"] in ("Major", "Industry")]
    assert len(hits) >= 8


def test_standalone_names_and_compounds_are_still_found():
    ext = _extractor()
    # REAL 职业教育法 第十五条 (list of fields) and 第二十条 (先进制造等产业)
    got = {(m["label"], m["key"]) for m in ext.mentions("大力发展先进制造等产业需要的新兴专业，托育、护理、康养等", "zh")}
    assert ("Major", "520201") in got and ("Industry", "C") in got
    # REAL 上海市职业教育条例 第四十二条: agriculture named as the enterprises' and workers' industry
    t = "支持农民专业合作社、农业企业、家庭农场、职业学校和职业培训机构对农业从业人员开展农村实用技术等培训。"
    assert [m["surface"] for m in ext.mentions(t, "zh") if m["label"] == "Industry"] == ["农业企业", "农业"]
    # TEST FIXTURE: the insurance trade, named as such, is the industry
    assert any(m["key"] == "68" for m in ext.mentions("支持保险业企业参与实习责任保险服务。", "zh"))


def test_phrase_patterns_on_real_sentences():
    ext = _extractor()

    def keys(t: str, lang: str = "zh") -> set[str]:
        return {m["key"] for m in ext.mentions(t, lang) if m["label"] == "Measure"}

    # REAL 上海市职业教育条例 第四十四条: a tax deduction for enterprises is an enterprise incentive
    assert "enterprise-incentives" in keys("企业发生的职工教育经费支出，不超过工资薪金总额百分之八的部分，可以在计算企业所得税应纳税所得额时扣除")
    # REAL 上海市职业教育条例 第四十八条: a school's tax preference is not
    assert "enterprise-incentives" not in keys("职业学校举办实习基地的，可以享受国家规定的税收优惠政策。")
    # REAL 高等教育法 第十二条: school and enterprise cooperating
    assert "school-enterprise-cooperation" in keys("国家鼓励高等学校之间、高等学校与科学研究机构以及企业事业组织之间开展协作，实行优势互补。")
    # REAL 上海市职业教育条例 第四十一条: 创业培训中心 is an institution, 创新创业能力 an ability
    assert keys("鼓励职业学校、职业培训机构、创业培训中心等开展培训，提升创新创业能力。") == set()
    # REAL paper 002 / 001 (English)
    assert "partner-selection" in keys("Only by choosing the right partner can we continue.", "en")
    assert "industry-education-integration" in keys("integrate the industry and education through projects", "en")
    # TEST FIXTURE: English synonyms of 集团化办学
    assert "group-based-school-running" in keys("The college promotes group-based school running with firms.", "en")
    assert "group-based-school-running" in keys("Running schools in groups pools resources.", "en")


def test_longest_span_wins_and_keeps_all_its_targets():
    cands = [(0, 4, "Measure", "a", 0.9), (0, 7, "Measure", "b", 0.9), (0, 7, "Major", "c", 0.8), (5, 9, "Measure", "d", 0.9)]
    assert longest_spans(cands) == [(0, 7, "Measure", "b", 0.9), (0, 7, "Major", "c", 0.8)]


def test_keep_hit_drops_state_and_organisation_sections():
    assert not keep_hit("社会团体", 0, 4, "Industry", "952", "zh")
    assert not keep_hit("人民法院", 0, 4, "Industry", "S", "zh")


@pytest.mark.parametrize("title,header,expected", [
    ("上海市职业教育条例", "2018年11月22日 上海市第十五届人民代表大会常务委员会第七次会议修订", ("provincial", "上海市")),
    ("中华人民共和国职业教育法", "2022年4月20日 第十三届全国人民代表大会常务委员会第三十四次会议修订", ("national", "全国")),
    # TEST FIXTURE: a city's regulation, adopted by the city's congress and approved by the province's
    ("宁波市职业教育校企合作促进条例",
     "2008年12月26日 宁波市第十三届人民代表大会常务委员会第十六次会议通过\n"
     "2009年4月1日 浙江省第十一届人民代表大会常务委员会第十次会议批准", ("municipal", "浙江省/宁波市")),
    ("江苏省职业教育校企合作促进条例", "2019年 江苏省人民代表大会常务委员会通过", ("provincial", "江苏省")),
])
def test_issuing_level(title, header, expected):
    assert issuing_level(title, None, header, PROVINCES, MUNICIPALITIES) == expected


def test_municipal_regulation_end_to_end():
    text = ("# 宁波市职业教育校企合作促进条例\n\n2008年12月26日 宁波市第十三届人民代表大会常务委员会第十六次会议通过\n\n"
            "2009年4月1日 浙江省第十一届人民代表大会常务委员会第十次会议批准\n\n<!-- INFO END -->\n\n"
            "第一条 为了促进校企合作，制定本条例。\n")  # TEST FIXTURE
    doc = DocumentText(text=text, language="zh", title=None, kind="markdown", sha256="x" * 64,
                       path="宁波市职业教育校企合作促进条例.md")
    meta = policy_meta(doc)
    assert (meta.level, meta.region) == ("municipal", "浙江省/宁波市")
    assert meta.issuer and meta.issuer.startswith("宁波市")


def test_english_papers_titled_from_their_text(reference_dir):
    for name in ("000_599422f99b6137a5.txt", "001_1449173a6594bbb2.txt", "002_70921ece2431b088.txt"):
        doc = read_document(reference_dir / "policies" / "en" / name)
        meta = policy_meta(doc)
        assert Path(name).stem not in meta.title and len(meta.title) > 20
        assert " ".join(meta.title.replace(" …", "").split()[:4]) in " ".join(doc.text.split())


def test_no_college_proposed_from_a_section_title(reference_dir):
    doc = read_document(reference_dir / "policies" / "en" / "001_1449173a6594bbb2.txt")
    ms = _extractor().mentions(doc.text, "en")
    assert not [m for m in ms if m["label"] == "College" and "Specialty Setting" in m["name"]]


def test_more_wording_families():
    ext = _extractor()

    def keys(t: str, lang: str = "zh") -> set[str]:
        return {m["key"] for m in ext.mentions(t, lang) if m["label"] == "Measure"}

    # TEST FIXTURES in the phrasing of school–enterprise cooperation regulations and papers
    assert "vocational-education-group" in keys("鼓励组建产教联盟，推动资源共享。")
    assert "enterprise-part-time-teachers" in keys("支持企业技术人员到职业学校兼课。")
    assert "enterprise-part-time-teachers" not in keys("支持退休教师到职业学校兼课。")  # no enterprise or trade
    assert "teacher-enterprise-practice" in keys("Teachers' practice in enterprises is required every year.", "en")
    assert "joint-talent-training" in keys("Colleges and firms jointly cultivate technicians.", "en")
    assert "enterprise-part-time-teachers" in keys("Enterprise experts teach the core courses.", "en")
    # REAL 职业教育法 第四十五条: enterprise staff as part-time teachers
    assert "enterprise-part-time-teachers" in keys(
        "具备条件的企业、事业单位经营管理和专业技术人员，以及其他有专业知识或者特殊技能的人员，经教育教学能力培训合格的，"
        "可以担任职业学校的专职或者兼职专业课教师")


def test_no_college_proposed_from_a_paper_title_line():
    text = "Reform of Teaching at Example Vocational College Campuses\n\nAbstract: We study it.\n"  # TEST FIXTURE
    ms = _extractor().mentions(text, "en")
    assert not [m for m in ms if m["label"] == "College"]


def test_affiliation_after_the_authors_heading_is_cut_at_the_line(reference_dir):
    # REAL paper 002: "# Chaomin Zhang, Shu Tan" then "Yunnan Land and Resources Vocational College, Kunming …";
    # policy@1 proposed "Shu Tan Yunnan Land and Resources Vocational College"
    doc = read_document(reference_dir / "policies" / "en" / "002_70921ece2431b088.txt")
    names = [m["name"] for m in _extractor().mentions(doc.text, "en") if m["label"] == "College"]
    assert names == ["Yunnan Land and Resources Vocational College"]


def test_office_suffix_rule_needs_the_office_word():
    ext = _extractor()
    # TEST FIXTURES: 农业 before an office name is not the industry; before 企业…局部 words it is
    assert not [m for m in ext.mentions("市农业农村局、教育局负责实施。", "zh") if m["label"] == "Industry"]
    assert [m["surface"] for m in ext.mentions("支持农业企业和局部地区开展培训。", "zh") if m["label"] == "Industry"] \
        == ["农业企业"]


def test_bare_competition_needs_a_skills_context():
    ext = _extractor()
    # REAL 劳动法 第六条 (a 劳动竞赛 of workers) vs REAL 上海市职业教育条例 第三十三条 (竞赛交流 among skills)
    t = "第六条 国家提倡劳动者参加社会义务劳动，开展劳动竞赛和合理化建议活动，鼓励和保护劳动者进行科学研究、技术革新和发明创造"
    assert not [m for m in ext.mentions(t, "zh") if m["key"] == "skills-competition"]
    t = "面向社会开展技能培养、人才评价、竞赛交流、师资培训等工作。"
    assert [m["surface"] for m in ext.mentions(t, "zh") if m["key"] == "skills-competition"] == ["竞赛"]
