"""ingest.vocab.skills named areas (jobs@4): professional areas in duty and requirement clauses, admitted by how many
employers of an unlabelled corpus ask for them."""
from __future__ import annotations

import csv

import pytest

from ingest.vocab.entities import EntityVocabulary, normalise
from ingest.jobs import JobExtractor, reference_areas
from ingest.vocab.skills import area_document_frequency, area_phrases


def _phrases(text: str) -> list[str]:
    norm, _ = normalise(text, "zh")
    return [p for _s, _e, p in area_phrases(norm)]


def test_area_candidates_are_whole_clause_pieces_with_a_work_head():
    text = ("岗位职责：1、负责公司产品销售及品牌推广工作；2、制定年度工作计划；3、能够独立分析问题；4、收集客户意见。"
            "任职要求：熟悉库存盘点、物料控制等工作")
    assert _phrases(text) == ["品牌推广", "库存盘点", "物料控制"]  # not 工作计划 (generic), 分析 (too short)
    assert _phrases("公司简介：我们擅长品牌推广。福利待遇：年度计划") == []  # not a counted section


def test_document_frequency_counts_employers_that_ask_for_the_area():
    corpus = [("甲公司", "任职要求：熟悉品牌推广"), ("甲公司", "任职要求：熟悉品牌推广"),   # one employer, twice
              ("乙公司", "任职要求：有品牌推广经验"), ("丙公司", "岗位职责：负责品牌推广"),   # a duty, not asked for
              ("丁公司", "岗位职责：负责登记管理"), ("戊公司", "技能标签：品牌推广")]          # a tag list is skipped
    df = area_document_frequency(corpus)
    assert df == {"品牌推广": 2}


def test_finder_reads_recurring_areas_in_duties_and_head_final_endings():
    vocab = EntityVocabulary.tech_terms()
    ext = JobExtractor(vocab, [], {}, areas=frozenset({"品牌推广", "生产管理"}))
    text = "岗位职责：负责公司产品销售及品牌推广工作。任职要求：具备5年以上产品型工厂生产管理经验"
    found = {s["name"]: s for s in ext.skills(text)}
    assert {"品牌推广", "生产管理"} <= set(found), found
    s = found["品牌推广"]
    assert s["method"] == "area" and not s["known"] and s["confidence"] < 0.7 and text[s["start"]:s["end"]] == "品牌推广"
    assert s["evidence"] in text and "品牌推广" in s["evidence"]
    assert text[found["生产管理"]["start"]:found["生产管理"]["end"]] == "生产管理"  # the ending of 产品型工厂生产管理
    without = JobExtractor(vocab, [], {})  # no corpus: the phrases are not terms
    assert not {"品牌推广", "生产管理"} & {s["name"] for s in without.skills(text)}


@pytest.fixture()
def tiny_reference(tmp_path):
    from ingest.reference.sources import JOB_FILES

    header = ["job_id", "source", "company", "title", "description"]
    for n, f in enumerate(JOB_FILES):
        p = tmp_path / f
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for i in range(2):  # two employers per file ask for 活动策划; one per file writes 文件管理 as a duty
                w.writerow([i, f"src{n}", f"公司{n}-{i}", "专员", "任职要求：熟悉活动策划"])
            w.writerow([9, f"src{n}", f"公司{n}-9", "助理", "岗位职责：负责文件管理"])
    return tmp_path


def test_reference_areas_from_the_job_files(tiny_reference):
    assert reference_areas(tiny_reference, min_employers=6) == frozenset({"活动策划"})
    assert reference_areas(tiny_reference, min_employers=7) == frozenset()


def test_jobs5_rule_classes():
    """jobs@5: a compound split by modifiers, a term heading a role/product/document, a tool's category noun,
    a generic modifier of a broad head, an area written with 的; jobs@4 (``finder.v5 = False``) as before."""
    vocab = EntityVocabulary.tech_terms()
    ext = JobExtractor(vocab, [], {}, areas=frozenset({"供应商管理", "活动策划"}))

    def names(text: str) -> set[str]:
        return {s["name"] for s in ext.skills(text)}

    assert "后端开发" in names("岗位职责：1.能够承担web后端主要开发任务；2.负责后端架构的规划和开发")
    assert "前端开发" not in names("岗位职责：配合前端客户端开发工程师的调试工作")  # the head names a role
    assert "供应链管理" not in names("任职要求：1年以上物流/供应链企业管理经验")  # a firm's management
    assert "数据分析" not in names("岗位职责：配合数据分析师完成相应工作")
    assert "仓储管理" not in names("岗位职责：负责制作并管理出入库单据及其他仓库管理单据")
    assert "仓储管理" not in names("岗位职责：熟悉仓库管理系统")  # a management area before 系统: the product
    assert "机器学习" in names("岗位职责：负责机器学习系统的开发")  # a technical method before 系统 keeps its skill
    linux = names("任职要求：熟悉Linux操作系统及常用命令")
    assert "Linux" in linux and "操作系统" not in linux
    assert "业务开发" not in names("任职要求：有业务开发经验者优先")
    found = {s["name"]: s for s in ext.skills("岗位职责：负责对供应商的管理；负责营销活动的策划")}
    assert {"供应商管理", "活动策划"} <= set(found)
    assert found["供应商管理"]["method"] == "compound"
    ext.finder.v5 = False  # jobs@4
    assert "操作系统" in names("任职要求：熟悉Linux操作系统及常用命令")
    assert "后端开发" not in names("岗位职责：能够承担web后端主要开发任务")


def test_jobs6_areas_listed_beside_a_known_area():
    """jobs@6: an area phrase (4–6 characters, professional-work head) that one employer writes is a skill when it
    stands in an enumeration (、/和/及/与/或) with a known Chinese area term (…管理/分析/计划 …); not alone, not after a
    count, not beside a Latin tool or a known term of another kind, not modifying a role noun; jobs@5
    (``finder.v6 = False``) as before."""
    vocab = EntityVocabulary.tech_terms()
    ext = JobExtractor(vocab, [], {}, areas=frozenset({"生产计划"}))

    def names(text: str) -> set[str]:
        return {s["name"] for s in ext.skills(text)}

    text = "岗位职责：不断完善公司的生产计划和物料控制、物流管控的管理制度"
    found = {s["name"]: s for s in ext.skills(text)}
    assert {"生产计划", "物料控制"} <= set(found), found
    s = found["物料控制"]
    assert s["method"] == "listed" and not s["known"] and text[s["start"]:s["end"]] == "物料控制"
    assert "物料控制" not in names("岗位职责：负责物料控制")  # alone: a one-off phrase, not a term
    assert "物料控制" not in names("岗位职责：负责生产计划，物料控制")  # a comma ends the enumeration
    assert "物料控制" not in names("岗位职责：负责ERP和物料控制")  # beside a Latin tool: not the same kind
    assert "单元测试" in names("岗位职责：进行源代码的单元测试和质量控制")  # a known term, but no area (…测试)
    ext.finder.v7 = frozenset()  # (jobs@7's ``modifier`` rule reads it as 质量控制: 质量 is 质量管理's modifier)
    assert "质量控制" not in names("岗位职责：进行源代码的单元测试和质量控制")
    from ingest.vocab.skills import V7_RULES

    ext.finder.v7 = V7_RULES
    assert "五年左右计划" not in names("任职要求：五年左右计划或生产计划的相关经验")  # a count before the head
    assert "实际运营" not in names("岗位职责：负责生产计划和实际运营")  # a function word (as for requirement phrases)
    assert "物料控制" not in names("岗位职责：协助生产计划及物料控制员工作")  # a role noun follows
    assert "采购计划管理" in names("任职要求：有项目管理、采购计划管理等同类型经验")  # beside a vocabulary name
    ext.finder.v6 = False  # jobs@5
    assert "物料控制" not in names(text)


def test_anonymisation_placeholders_are_not_skills():
    """The reference files replace contacts by [PHONE], [EMAIL], [URL]: placeholders, not tools."""
    ext = JobExtractor(EntityVocabulary.tech_terms(), [], {})
    names = {s["name"] for s in ext.skills("任职要求：熟悉SQL；简历请发至[EMAIL]，电话[PHONE]，详见[URL]")}
    assert "SQL" in names and not names & {"EMAIL", "PHONE", "URL"}


def test_recognition_methods_end_like_skills():
    """…识别 closes a technical method's name (语音识别, 模式识别, 人脸识别) like …挖掘 or …分析."""
    ext = JobExtractor(EntityVocabulary.tech_terms(), [], {})
    names = {s["name"] for s in ext.skills("任职要求：有一定的图像处理、语音识别、模式识别、机器学习相关研究经验；熟悉人脸识别者优先")}
    assert {"语音识别", "模式识别", "人脸识别"} <= names, names


def test_jobs6_the_whole_enumeration_counts():
    """Any item of the enumeration may hold the known term, before or after the phrase, next to it or not."""
    ext = JobExtractor(EntityVocabulary.tech_terms(), [], {}, areas=frozenset({"生产计划"}))
    names = {s["name"] for s in ext.skills("岗位职责：优化物料计划、发货计划、生产计划和库存计划，提升供应链效率")}
    assert {"物料计划", "发货计划", "生产计划", "库存计划"} <= names, names


def _v7(areas=frozenset(), rules=None):
    from ingest.vocab.skills import V7_RULES

    ext = JobExtractor(EntityVocabulary.tech_terms(), [], {}, areas=frozenset(areas))
    ext.finder.v7 = V7_RULES if rules is None else frozenset(rules)
    return ext


def _names(ext, text: str) -> set[str]:
    return {s["name"] for s in ext.skills(text)}


def test_jobs7_glued_heading_and_keyword_line():
    """jobs@7 ``header``: a two-word heading glued to the word before it and closed by a colon starts its section (51job's
    text has lost its line breaks), and a short keyword line before the first heading lists the job's areas."""
    from ingest.vocab.skills import sections

    norm, _ = normalise("负责仓库盘点工作任职要求：熟悉SAP", "zh")
    assert [k for k, _s, _e in sections(norm, glued=True)] == ["body", "requirements"]
    assert [k for k, _s, _e in sections(norm)] == ["body"]  # jobs@6: no heading
    assert [k for k, _s, _e in sections("负责制定任职要求的模板", glued=True)] == ["body"]  # no colon: prose
    text = "物流管理，供应链物流，物流调度岗位职责：1、服务管理省区计划订单"
    found = {s["name"]: s for s in _v7().skills(text)}
    assert "物流调度" in found and found["物流调度"]["method"] == "header", found
    assert text[found["物流调度"]["start"]:found["物流调度"]["end"]] == "物流调度"
    assert "物流调度" not in _names(_v7(rules=()), text)  # jobs@6: read as the modifier of 岗位
    # a sentence before the heading is no keyword line
    assert "物流调度" not in _names(_v7(), "我们公司主要负责全国的物流调度。岗位职责：1、服务管理省区计划订单")


def test_jobs7_an_areas_system_names_the_area():
    """jobs@7 ``system``: "X管理体系" is the system of the area X管理 ("建设和维护供应商管理体系" → 供应商管理); a 体系 after
    no area head is not cut ("课程体系")."""
    text = "岗位职责：3、负责拓展、维护和优化供应商关系，建设和维护供应商管理体系；"
    assert "供应商管理" in _names(_v7({"供应商管理"}), text)
    assert "供应商管理" not in _names(_v7({"供应商管理"}, rules=()), text)
    from ingest.vocab.skills import _SYSTEM_TAIL

    assert _SYSTEM_TAIL.sub("", "供应商管理体系") == "供应商管理" and _SYSTEM_TAIL.sub("", "课程体系") == "课程体系"


def test_jobs7_a_known_areas_modifier_with_another_head():
    """jobs@7 ``modifier``: the object of a known area's work (库存 of 库存管理) with another professional-work head names
    an area ("进行库存分析" → 库存分析); not an unknown modifier, not a plan carried out ("执行销售计划"), not before a
    role noun."""
    ext = _v7({"库存管理", "销售管理"})
    found = {s["name"]: s for s in ext.skills("岗位职责：4、输出供应链日报，进行库存分析（PSI管理），实时监控库存周转")}
    assert "库存分析" in found and found["库存分析"]["method"] == "modifier", found
    assert "库存分析" not in _names(_v7({"库存管理", "销售管理"}, rules=()), "岗位职责：进行库存分析")
    assert "产能分析" not in _names(ext, "岗位职责：进行产能分析")  # 产能: the modifier of no known area
    assert "销售计划" in _names(ext, "岗位职责：负责制定销售计划")
    assert "销售计划" not in _names(ext, "岗位职责：执行销售计划并完成业绩指标")  # a target, not planning work
    assert "库存分析" not in _names(ext, "岗位职责：协助库存分析员工作")  # a role noun follows
    assert "销售计划" not in _names(ext, "岗位职责：1、根据公司的战略规划和销售计划，完成个人业绩指标")  # a plan followed
    # the items of one enumeration are of one kind: beside a post or a document they are posts or documents
    assert "销售分析" not in _names(ext, "岗位职责：商务经理/商务专员/销售分析")
    assert "库存分析" not in _names(ext, "岗位职责：提交库存分析和总结报告")
    assert "库存分析" in _names(ext, "岗位职责：提交库存分析和成本核算")


def test_jobs7_masks_end_at_list_markers_and_glued_prose_is_no_tool():
    """jobs@7 ``mask``: a "学历：…" mask ends at the next list marker of a glued list; ``latin``: an unknown Latin token
    of space-stripped English prose, or after & (S&OP), is no tool; a known tool beside them stays."""
    text = "任职资格：1、学历：大专及以上2、有3年及以上制造业供应链岗位经验"
    assert "供应链管理" in _names(_v7(), text)
    assert "供应链管理" not in _names(_v7(rules=()), text)
    assert "供应链管理" not in _names(_v7(), "任职资格：1、学历：大专及以上，供应链等相关专业")  # still a major
    text = "任职要求：BasicknowledgeofSAP，熟悉S&OP流程，熟悉SAP"
    assert _names(_v7(), text) == {"SAP"}, _names(_v7(), text)
    assert {"BasicknowledgeofSAP", "OP"} <= _names(_v7(rules=()), text)
    # names of capitalised parts or acronyms, and a single lower-case word, are no prose
    text = "任职要求：熟悉APScheduler、PrecisionTree、multiprocessing"
    assert {"APScheduler", "PrecisionTree", "multiprocessing"} <= _names(_v7(), text), _names(_v7(), text)


def test_jobs7_a_version_after_a_slash_is_no_tool():
    """jobs@7 ``latin``: "Python2.x/3.x" splits into Python and the version 3.x, which is no tool; a name with digits
    (S3, H5, Vue3) is still read."""
    text = "任职要求：1、熟悉Python2.x/3.x，至少2年相关任职经验2、熟悉Linux平台"
    assert _names(_v7(), text) == {"Python", "Linux"}, _names(_v7(), text)
    assert "3.x" in _names(_v7(rules=()), text)
    assert {"S3", "Vue3"} <= _names(_v7(), "任职要求：熟悉AWS S3、Vue3")
