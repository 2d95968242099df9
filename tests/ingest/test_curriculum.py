"""Curriculum extractor, pure parts: segmentation, field parsing, catalogue resolution.

The noisy texts below are TEST FIXTURES written for these tests (shaped like the OCR'd 专业简介); a few
tests also read real corpus files (read-only) to check behaviour on the real noise.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.curriculum.extract import extract_document, resolve_majors
from ingest.curriculum.fields import parse_fields, split_list
from ingest.curriculum.segment import (ABILITIES, BASIC, CERTIFICATES, CORE, FOLLOW_ON, INTERNSHIP, OCCUPATION,
                                       logical_lines, segment)
from ingest.vocab.curriculum import MajorEntry, CurriculumVocabulary, major_level

# TEST FIXTURE: two majors of an invented 专科 class 5999; the second has lost its code and name lines, the
# first has its code and name merged on one line, headings without '#', a page number, a wrapped
# course list, a glued heading, full-width punctuation and letters.
NOISY = """# 99 测试大类

# 5999 测试类

专业代码 599901 专业名称 示例工程技术

基本修业年限 三年

职业面向

面向示例工程技术人员、示例操作员等职业，示例设备安装调试、示例系统运维等岗位（群）。

# 培养目标定位

本专业培养德智体美劳全面发展的高素质技术技能人才。

## 主要专业能力要求

1. 具有示例设备安装的能力；
2. 具有示例系统运行维护的能力；3. 具有探究学习的能力。

# 主要专业课程与实习实训

专业基础课程：示例导论、Ｃ 语言程序设计、示例制图（含 CAD、CAM）、

— 12 —

示例材料。

专业核心课程:示例设备安装、示例系统运维。

实习实训：对接真实职业场景，在校内外进行示例实训。在软件和信息技术服务业企业、示例单位等进行岗位实习。

职业类证书举例

职业资格证书：示例工程师

职业技能等级证书：示例运维、示例安装接续专业举例

接续高职本科专业举例：示例工程

接续普通本科专业举例：示例学

# 职业面向

面向信息和通信工程技术人员等职业，示例数据分析等技术领域。

# 主要专业能力要求

1. 具有示例数据分析的能力。

# 主要专业课程与实习实训

专业基础课程：数据导论。

专业核心课程：示例数据分析。

# 职业类证书举例

暂无
"""


def test_logical_lines_join_wrapped_text_and_drop_furniture():
    lines = logical_lines(NOISY)
    basic = [ln for ln in lines if ln.section == BASIC]
    assert len(basic) == 2  # one per major
    assert basic[0].text.endswith("示例制图（含 CAD、CAM）、示例材料。")
    assert not any("12" in ln.text and "—" in ln.text for ln in lines)
    for ln in lines:  # every character keeps its document offset
        assert "".join(NOISY[o] for o in ln.offsets) == ln.text


def test_segment_merged_code_line_missing_code_and_glued_heading():
    blocks = segment(NOISY)
    assert [(b.code, b.name) for b in blocks] == [("599901", "示例工程技术"), (None, None)]
    first, second = blocks
    assert first.class_code == "5999" and first.years == "三年"
    assert set(first.sections) >= {OCCUPATION, ABILITIES, BASIC, CORE, INTERNSHIP, CERTIFICATES, FOLLOW_ON}
    assert second.notes and "no 专业代码" in second.notes[0]
    assert NOISY[first.code_span[0]:first.code_span[1]] == "599901"


def test_fields_of_noisy_profile():
    first, second = segment(NOISY)
    f = parse_fields(first, NOISY)
    assert [i.text for i in f.occupations] == ["示例工程技术人员", "示例操作员"]
    assert [i.text for i in f.posts] == ["示例设备安装调试", "示例系统运维"]
    assert [i.text for i in f.abilities] == ["具有示例设备安装的能力", "具有示例系统运行维护的能力", "具有探究学习的能力"]
    assert [(i.kind, i.text) for i in f.courses] == [
        ("basic", "示例导论"), ("basic", "C语言程序设计"), ("basic", "示例制图（含CAD、CAM）"), ("basic", "示例材料"),
        ("core", "示例设备安装"), ("core", "示例系统运维")]
    assert [(i.kind, i.text) for i in f.certificates] == [("职业资格", "示例工程师"), ("职业技能等级", "示例运维"),
                                                         ("职业技能等级", "示例安装")]
    assert [(i.kind, i.text) for i in f.follow_on] == [("高职本科", "示例工程"), ("普通本科", "示例学")]
    # every item's span is the exact document text (modulo the spaces and widths the display form drops)
    for it in f.courses + f.abilities + f.posts:
        raw = NOISY[it.start:it.end]
        assert raw.replace(" ", "").replace("Ｃ", "C").replace("\n", "") == it.text.replace(" ", "")
    g = parse_fields(second, NOISY)
    assert [i.text for i in g.posts] == ["示例数据分析"] and g.certificates == []


@pytest.mark.parametrize("text,items", [
    ("甲、乙（丙、丁）、戊", ["甲", "乙（丙、丁）", "戊"]),
    ("甲，乙；丙以及丁。", ["甲", "乙", "丙", "丁"]),
    ("种子销售及技术服务、作物育种", ["种子销售及技术服务", "作物育种"]),
    ("《法规、标准》解读、实务", ["《法规、标准》解读", "实务"]),
])
def test_split_list(text, items):
    assert [text[i:j] for i, j in split_list(text)] == items


def _vocab() -> CurriculumVocabulary:
    """TEST FIXTURE vocabulary: an invented class 5999 with three majors and a 本科 follow-on."""
    majors = {c: MajorEntry(c, n, major_level(c)) for c, n in
              [("599901", "示例工程技术"), ("599902", "示例数据技术"), ("599903", "示例其他技术"),
               ("399901", "示例工程")]}
    return CurriculumVocabulary(majors, {"2-02-10-00": "信息和通信工程技术人员", "9-99-99-01": "示例操作员"},
                      {"65": ("软件和信息技术服务业", ""), "651": ("软件开发", "")})


def test_resolution_by_position_and_text():
    vocab = _vocab()
    majors = resolve_majors(segment(NOISY), vocab, "5999", NOISY)
    assert [(m.code, m.method) for m in majors] == [("599901", "code"), ("599902", "position+text")]
    assert 0 < majors[1].confidence < 1.0


def test_resolution_by_name_when_code_missing():
    text = NOISY.replace("专业代码 599901 专业名称 示例工程技术", "专业名称 示例工程技术")
    majors = resolve_majors(segment(text), _vocab(), "5999", text)
    assert majors[0].code == "599901" and majors[0].method == "name" and majors[0].confidence < 1.0


def test_code_not_in_catalogue_with_known_name_is_resolved_by_name_and_reported():
    text = NOISY.replace("599901", "599999")
    res = extract_document("doc", text, "5999测试类.md", _vocab(), None)
    assert res.majors[0].code == "599901" and res.majors[0].confidence < 1.0
    assert any(x.startswith("599901") for x in res.report["inferred_codes"])


def test_unknown_code_is_reported_not_created():
    text = NOISY.replace("599901", "599999").replace("示例工程技术", "未知专业名")
    res = extract_document("doc", text, "5999测试类.md", _vocab(), None)
    assert any("599999" in u for u in res.report["unresolved"])
    assert not any(getattr(r, "key", None) == "599999" or getattr(r, "start_key", None) == "599999"
                   for r in res.records)


def test_extract_document_records_and_report():
    res = extract_document("doc-1", NOISY, "5999测试类.md", _vocab(), None)
    rels = {(r.type, r.start_key, r.end_key) for r in res.records if hasattr(r, "type")}
    assert ("HAS_COURSE", "599901", "c语言程序设计") in rels
    assert ("PREPARES_FOR", "599901", "9-99-99-01") in rels  # exact occupation name
    assert ("LEADS_TO", "599901", "399901") in rels
    assert ("SERVES", "599901", "65") in rels  # named in the placement sentence
    assert ("PREPARES_FOR", "599902", "2-02-10-00") in rels
    assert res.report["missed"] == ["599903 示例其他技术 (catalogue ?)"]
    assert res.report["occupations_missed"] == ["示例工程技术人员"]
    for r in res.records:
        assert r.prov.source == "doc-1" and r.prov.extractor == "curriculum@1"
        if hasattr(r, "type") and r.type == "HAS_COURSE":
            s, e = map(int, r.prov.locator.split("chars ")[1].split("-"))
            assert NOISY[s:e] == r.prov.evidence
            assert r.prov.locator.startswith("section 专业")


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "curricula" / "major_profiles_2022"


@pytest.fixture(scope="module")
def corpus(reference_dir) -> Path:
    return reference_dir / "curricula" / "major_profiles_2022"


@pytest.mark.parametrize("name,blocks,codeless", [
    ("4601机械设计制造类.md", 20, 3),  # three majors lost their code and name lines in the OCR
    ("5202护理类.md", 2, 0),
    ("5801公安管理类.md", 4, 0),  # profiles omitted (略)
])
def test_real_files_segment_into_majors(corpus, name, blocks, codeless):
    from ingest.readers import read_document

    text = read_document(corpus / name).text
    bl = segment(text)
    assert len(bl) == blocks
    assert sum(1 for b in bl if b.code is None) == codeless
    for b in bl:
        f = parse_fields(b, text)
        assert b.omitted or (f.courses and f.abilities), (b.code, b.name)


# TEST FIXTURE (invented names, layout of 中职 profiles): the 接续 lines of a 中职 major name 高职专科 and
# 高职本科 majors — on separate lines, on one line separated by spaces, glued without a space, under the label
# 接续职业本科, with a 2015 name that the 2021 catalogue renamed (rename table: 会计 → 大数据与会计 530302),
# a name whose words are swapped, and a name that exists at both levels.
ZHONGZHI = """# 69 测试大类

# 6999 测试类

专业代码 699901

专业名称 示例操作

# 接续专业举例

接续高职专科专业举例：示例工程技术、会计  接续高职本科专业举例：示例工程、示例数据技术

专业代码 699902

专业名称 示例维修

# 接续专业举例

接续高职专科专业举例：示例工程技术接续职业本科专业举例：数据示例技术

接续普通本科专业举例：示例学
"""


def _vocab_zhongzhi() -> CurriculumVocabulary:
    majors = {c: MajorEntry(c, n, major_level(c)) for c, n in [
        ("699901", "示例操作"), ("699902", "示例维修"), ("599901", "示例工程技术"), ("530302", "大数据与会计"),
        ("399901", "示例工程"), ("399902", "示例数据技术"), ("599909", "示例数据技术")]}
    return CurriculumVocabulary(majors, {}, {})


def test_zhongzhi_follow_ons_reach_both_higher_levels():
    res = extract_document("doc-z", ZHONGZHI, "6999测试类.md", _vocab_zhongzhi(), None)
    leads = {(r.start_key, r.end_key) for r in res.records if getattr(r, "type", None) == "LEADS_TO"}
    assert leads == {("699901", "599901"), ("699901", "530302"),  # 会计: renamed 2015 name
                     ("699901", "399901"), ("699901", "399902"),  # 本科, not the 专科 namesake 599909
                     ("699902", "599901"), ("699902", "399902")}  # glued label; 数据示例技术 = words swapped
    for r in res.records:
        if getattr(r, "type", None) == "LEADS_TO":
            s, e = map(int, r.prov.locator.split("chars ")[1].split("-"))
            assert ZHONGZHI[s:e] == r.prov.evidence


def test_specialist_major_does_not_lead_to_its_own_level():
    text = ZHONGZHI.replace("699901", "599988").replace("699902", "599989")
    v = _vocab_zhongzhi()
    v = CurriculumVocabulary({**v.majors, "599988": MajorEntry("599988", "示例操作", "高职专科"),
                    "599989": MajorEntry("599989", "示例维修", "高职专科")}, {}, {})
    res = extract_document("doc-z", text, "5999测试类.md", v, None)
    leads = {(r.start_key, r.end_key) for r in res.records if getattr(r, "type", None) == "LEADS_TO"}
    assert leads == {("599988", "399901"), ("599988", "399902"), ("599989", "399902")}
