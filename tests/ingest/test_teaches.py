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
    """Floors at the measured precision (2026-12-07: 0.81 on each set — 100 courses, and 120 courses annotated
    before the matcher ran on them; the issue's target 0.85 is not met). Both sets and the pooled figure are
    reported, each with its baselines."""
    from ingest.teaches_eval import evaluate

    res = evaluate(None)
    f = res["fields"]
    for name in ("teaches", "teaches_b", "pooled"):
        assert f[name]["precision"] >= 0.7 and f[name]["tp"] >= 10, (name, f[name])
        assert f[f"{name}[baseline: no links]"]["tp"] == 0
    assert f["pooled"]["tp"] == f["teaches"]["tp"] + f["teaches_b"]["tp"]
    assert "100" in res["gold"] and "120 courses" in res["gold"]


def test_teaches_on_a_tiny_graph(embedded):
    """Hand-made graph: two courses, one ability, postings requiring Python and 网络推广 → TEACHES/DEVELOPS with
    evidence; a rerun changes nothing; an empty graph is reported."""
    from kg.records import NodeRecord, Provenance, RelRecord
    from ingest.pipeline import run_ingest

    s = run_ingest(embedded, "teaches", [], {})
    assert s["rejected"] and "no Course nodes" in s["rejected"][0]
    p = Provenance(source="fixture", extractor="test", confidence=1.0, evidence="fixture", locator="-")
    recs = [NodeRecord(label="Course", key="Python程序设计", props={"name": "Python程序设计"}, prov=p),
            NodeRecord(label="Course", key="网络推广实务", props={"name": "网络推广实务"}, prov=p),
            NodeRecord(label="Major", key="510203", props={"name": "软件技术"}, prov=p),
            NodeRecord(label="Skill", key="ab1", props={"name": "具有运用Python进行网络推广数据分析的能力", "kind": "ability"},
                       prov=p),
            RelRecord(type="DEVELOPS", start_label="Major", start_key="510203", end_label="Skill", end_key="ab1", prov=p),
            NodeRecord(label="Skill", key="python", props={"name": "Python", "kind": "language"}, prov=p),
            NodeRecord(label="Skill", key="网络推广", props={"name": "网络推广", "kind": "knowledge"}, prov=p)]
    for i in range(3):
        recs.append(NodeRecord(label="JobPosting", key=f"j{i}", props={"title": "运营"}, prov=p))
        for sk in ("python", "网络推广"):
            recs.append(RelRecord(type="REQUIRES", start_label="JobPosting", start_key=f"j{i}", end_label="Skill",
                                  end_key=sk, prov=Provenance(source="fixture", extractor="jobs-tags@1", confidence=0.8,
                                                              evidence=sk, locator="-")))
    embedded.write_records(recs)
    s = run_ingest(embedded, "teaches", [], {})
    assert s["documents"] == 1 and not s["skipped_relationships"]
    rows = embedded.read("MATCH (c:Course)-[t:TEACHES]->(k:Skill) RETURN c.name AS c, k.id AS k, t.evidence AS e, "
                         "t.extractor AS x ORDER BY c.name")
    assert [(r["c"], r["k"]) for r in rows] == [("Python程序设计", "python"), ("网络推广实务", "网络推广")]
    assert all(r["e"] == r["c"] and r["x"] == "teaches@2" for r in rows)
    dev = embedded.read("MATCH (m:Major)-[d:DEVELOPS]->(k:Skill) WHERE d.extractor = 'teaches@2' "
                        "RETURN k.id AS k, d.evidence AS e ORDER BY k.id")
    assert [r["k"] for r in dev] == ["python", "数据分析", "网络推广"] and dev[0]["e"].startswith("具有运用Python")
    again = run_ingest(embedded, "teaches", [], {})
    assert again["documents"] == 0 and again["documents_skipped"] == 1


def test_course_gold_sets_are_disjoint_and_well_formed():
    """The second course set holds 120 courses none of which is in the first (so it measures unseen names);
    skills are written without surrounding spaces."""
    import csv

    from ingest.teaches_eval import GOLD, GOLD_B

    def rows(p):
        with open(p, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f, delimiter="\t"))

    a, b = rows(GOLD), rows(GOLD_B)
    assert len(b) == 120 and len({r["course"] for r in b}) == 120
    assert not {r["course"] for r in a} & {r["course"] for r in b}
    assert {r["stratum"] for r in b} == {"random", "focus"}
    assert all(s == s.strip() and s for r in b for s in (r["skills"] or "").split("|") if r["skills"])


def test_a_domain_noun_opening_a_course_name_is_a_modifier_not_the_skill():
    """Chinese compounds are head-final: an area/domain term that opens a longer course name and is followed by
    another head is not what the course teaches; a tool's name is, and so is a term followed by a course-form
    word or a connector."""
    m = CourseSkillMatcher({"大数据": "大数据", "电子产品": "电子产品", "办公软件": "Microsoft Office",
                            "区块链": "区块链", "审计": "审计"}, {}, tools={"Microsoft Office"})
    assert m.find("大数据信用评级") == []              # 信用评级 is the head
    assert m.find("电子产品检验技术") == []             # 检验 is the head
    assert [x.name for x in m.find("大数据审计")] == ["审计"]  # the head is a skill itself: kept, the modifier not
    assert [x.name for x in m.find("办公软件数据处理")] == ["Microsoft Office"]  # a tool opening the name
    assert [x.name for x in m.find("区块链原理与设计")] == ["区块链"]  # a course-form word after the term
    assert [x.name for x in m.find("大数据与审计")] == ["大数据", "审计"]  # two subjects joined by 与
