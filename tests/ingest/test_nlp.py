"""ingest.nlp: width folding keeps offsets, keys are stable, matching is longest-first."""
from __future__ import annotations

from hypothesis import given, strategies as st

from ingest.nlp import clean_name, fold_width, norm_key
from ingest.vocab.terms import Term, TermMatcher, ruler_pipeline


@given(st.text())
def test_fold_width_keeps_length(s):
    assert len(fold_width(s)) == len(s)


def test_fold_width_maps_full_width_ascii():
    assert fold_width("ＡＢＣ１２３：（）　") == "ABC123:() "


def test_keys_and_names():
    assert norm_key("Ｃ 语言程序设计") == norm_key("C语言程序设计") == "c语言程序设计"
    assert clean_name(" C 语言程序设计；") == "C语言程序设计"
    assert clean_name("大数据应用开发（Ｊava）") == "大数据应用开发（Java）"  # CJK brackets kept for display
    assert clean_name("Linux 操作系统 与 Web 开发") == "Linux操作系统与Web开发"
    assert clean_name("Office 2019 Pro") == "Office 2019 Pro"


def test_term_matcher_longest_and_offsets():
    terms = [Term("Occupation", "5-05-01-01", "农业技术员"), Term("Occupation", "x", "农业技术"),
             Term("Industry", "65", "软件和信息技术服务业"), Term("Industry", "651", "软件开发"),
             Term("Industry", "short", "业")]
    m = TermMatcher(terms)
    text = "面向农业技术员等职业，在软件和信息技术服务业及ＡＢ软件开发企业"
    found = m.find(text)
    assert [(x.id, x.text) for x in found] == [("5-05-01-01", "农业技术员"), ("65", "软件和信息技术服务业"),
                                              ("651", "软件开发")]
    for x in found:
        assert text[x.start:x.end] == x.text
    assert len(m) == 4  # the one-character term is not used


def test_term_matcher_full_width_input_and_english():
    m = TermMatcher([Term("Certificate", "c", "Python程序开发")])
    assert [x.text for x in m.find("取得Ｐｙｔｈｏｎ程序开发证书")] == ["Ｐｙｔｈｏｎ程序开发"]
    en = TermMatcher([Term("Industry", "I", "software industry")], lang="en")
    assert [x.id for x in en.find("Firms in the Software Industry hire")] == ["I"]


def test_ruler_pipeline_sets_entities():
    nlp = ruler_pipeline([Term("Industry", "65", "软件和信息技术服务业")])
    doc = nlp("在软件和信息技术服务业企业实习")
    assert [(e.label_, e.ent_id_, e.text) for e in doc.ents] == [("Industry", "65", "软件和信息技术服务业")]
