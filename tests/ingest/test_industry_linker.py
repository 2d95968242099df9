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


# ---------------------------------------------------------------- the numpy TF-IDF is scikit-learn's, bit for bit
def _sklearn(docs, max_df):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    from ingest.industry_linker import _prepare

    v = text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1, max_df=max_df,
                             preprocessor=_prepare)
    m = v.fit_transform(docs).tocsr()
    m.sort_indices()
    return v, m


def _same(a, b) -> None:
    import numpy as np

    a, b = a.tocsr(), b.tocsr()
    a.sort_indices()
    b.sort_indices()
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # the same floats, not merely close


def _check_against_sklearn(docs, queries, max_df):
    from ingest.industry_linker import CharNgramTfidf, _prepare

    v, m = _sklearn(docs, max_df)
    mine = CharNgramTfidf(_prepare, (2, 4), max_df=max_df)
    _same(mine.fit_transform(docs), m)
    assert mine.features == list(v.get_feature_names_out())
    _same(mine.transform(queries), v.transform(queries))


def test_tfidf_equals_scikit_learn_on_the_real_standard(linker, reference_dir):
    """The linker's own documents (GB/T 4754 大类/中类 names and notes) and real queries."""
    with open(reference_dir / "industries" / "gbt4754_2017.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    docs = linker._docs
    queries = [linker._query(SOFTWARE), linker._query(NURSING), ""] + [r["description_zh"] or r["name_zh"]
                                                                       for r in rows[::7]]
    _check_against_sklearn(docs, queries, 0.25)
    v, m = _sklearn(docs, 0.25)
    _same(linker.matrix, m)


def test_tfidf_equals_scikit_learn_on_awkward_text():
    """Whitespace of every kind, one-character words (padded word shorter than an n-gram), full-width
    and upper-case letters, punctuation-only and empty texts, repeated n-grams, pruning by max_df."""
    docs = ["软件 和 信息技术服务业", "Ａｂｃ\u3000D　e\tf\n\ng  h", "、。；", "", "a", "ab ab ab abab", "x\u00a0y\u2028z",
            "农、林、牧、渔业", "Java程序设计、数据库应用"] + [f"行业{i} 共同 词{i % 3}" for i in range(16)]
    queries = ["软件开发 Java", "", "   ", "zzz", "ab", "行业1 共同共同 词2 软件", "Ｊａｖａ"]
    _check_against_sklearn(docs, queries, 0.25)  # 25 documents: 共同 (in 16) is pruned
    _check_against_sklearn(docs, queries, 1.0)
    _check_against_sklearn(docs[:5], queries, 2)  # an integer max_df counts documents


def test_tfidf_with_a_huge_alphabet_equals_scikit_learn():
    """More distinct characters than fit a 4-gram code in 64 bits: the Python-integer path."""
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 21000)] + [chr(c) for c in range(0x20000, 0x20000 + 40000)]
    docs = ["".join(chars[i::3]) for i in range(3)] + ["".join(chars[:50]) + " " + "".join(chars[-50:])]
    queries = ["".join(chars[100:160]), "".join(chars[-70:]) + "的"]
    _check_against_sklearn(docs, queries, 1.0)
