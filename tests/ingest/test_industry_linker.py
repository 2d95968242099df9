"""IndustryLinker: GB/T 4754 大类/中类 proposals from profile text, with confidence and evidence.

Built from the real GB/T 4754-2017 table (read-only) for ranking checks, and from the session's
reference graph for ``from_store``.
"""
from __future__ import annotations

import csv

import pytest

from ingest.industry_linker import EXTRACTOR, IndustryLink, IndustryLinker


@pytest.fixture(scope="module")
def linker(reference_dir) -> IndustryLinker:
    with open(reference_dir / "industries" / "gbt4754_2017.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return IndustryLinker({r["code"]: (r["name_zh"], r["description_zh"]) for r in rows})


SOFTWARE = {"name": "软件技术", "posts": "软件开发、软件测试、软件技术支持",
            "courses": "Java程序设计、数据库应用技术、Web前端开发、软件测试技术",
            "occupations": "计算机软件工程技术人员"}
NURSING = {"name": "护理", "posts": "临床护理、社区护理、健康保健",
           "courses": "基础护理、内科护理、外科护理、妇产科护理、儿科护理",
           "occupations": "内科护士、社区护士"}


@pytest.mark.parametrize("profile,division", [(SOFTWARE, "65"), (NURSING, "84")])
def test_best_division_for_clear_profiles(linker, profile, division):
    links = linker.link(profile)
    divisions = [x.code for x in links if x.level == "大类"]
    assert divisions and divisions[0] == division
    groups = [x for x in links if x.level == "中类"]
    assert all(g.code[:2] in divisions for g in groups)  # a 中类 only under a proposed 大类


def test_links_carry_confidence_and_evidence_from_the_query(linker):
    text = "".join(SOFTWARE.values())
    for x in linker.link(SOFTWARE):
        assert isinstance(x, IndustryLink)
        assert 0.0 < x.confidence <= 0.85  # an inference is never certain
        assert x.evidence_terms and all(t in text.lower() for t in x.evidence_terms)
        assert x.name
    top = linker.link(SOFTWARE)[0]
    assert top.confidence > linker.link({"name": "护理学导论与软件"})[0].confidence


def test_link_many_equals_link(linker):
    many = linker.link_many([SOFTWARE, NURSING, "完全无关的文字"])
    assert many == [linker.link(SOFTWARE), linker.link(NURSING), linker.link("完全无关的文字")]


def test_nothing_to_link(linker):
    assert linker.link({}) == []
    assert linker.link("") == []
    assert linker.link("xyz qqq") == []


def test_from_store_uses_the_graph(reference_graph):
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        lk = IndustryLinker.from_store(st)
    finally:
        st.close()
    assert len(lk) > 500  # 大类 + 中类 of GB/T 4754
    assert lk.link(SOFTWARE)[0].code == "65"
    assert EXTRACTOR.startswith("industry-linker@")
