"""ingest.vocab.course_skills / ingest.teaches: course names and abilities → skills (TEACHES, DEVELOPS)."""
from __future__ import annotations

from ingest.vocab.course_skills import CourseSkillMatcher


def _m():
    # hand-made terms: vocabulary (norm key → name), demand terms, open phrases matched only as a whole subject
    return CourseSkillMatcher({"python": "Python", "excel": "Excel", "供应链": "供应链管理", "英语": "英语",
                               "c": "C", "审计": "审计"},
                              {"网络推广": "网络推广", "成本": "成本"}, {"仓配运营": "仓配运营"})


def test_course_names():
    m = _m()
    assert [x.name for x in m.find("Python程序设计")] == ["Python"]
    assert [x.name for x in m.find("Excel在审计中的应用")] == ["Excel", "审计"]
    assert [(x.name, x.method) for x in m.find("智慧仓配运营")] == [("仓配运营", "core")]  # the whole subject
    assert m.find("仓配运营与物流") == []  # an open phrase counts only as the whole subject
    assert [x.name for x in m.find("网络推广实务")] == ["网络推广"]
    assert [x.name for x in m.find("物流专业英语")] == ["英语"]  # a language course for a field
    assert m.find("供应链智慧仓储") == []  # the alias 供应链 as a modifier is not 供应链管理
    assert m.find("成本会计实务") == []  # two-character demand terms do not stand inside longer names
    assert m.find("Cisco网络") == []  # C inside a Latin word
    x = m.find("数据与Python")[0]
    assert "数据与Python"[x.start:x.end].lower() == "python"


def test_abilities_use_terms_inside_sentences_only():
    m = _m()
    found = m.find("具有运用Excel进行数据处理和网络推广的能力", whole=False)
    assert [x.name for x in found] == ["Excel", "网络推广"]


def test_eval_teaches_reports_baselines():
    """Floor at the measured precision (2026-12-06: 0.80 on 100 courses; the issue's target 0.85 is not met)."""
    from ingest.teaches_eval import evaluate

    res = evaluate(None)
    f = res["fields"]
    assert f["teaches"]["precision"] >= 0.7 and f["teaches"]["tp"] >= 10
    assert f["teaches[baseline: no links]"]["tp"] == 0 and "100 courses" in res["gold"]
