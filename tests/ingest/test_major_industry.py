"""industry-linker@2: majors and groups → GB/T 4754 industries (ingest/major_industry.py).

Unit tests use TEST FIXTURE vocabularies (a few invented rows in the shape of the real tables); the
real-data tests read the session's reference graph (``reference_graph``: the whole reference folder
loaded once): every catalogue major has a link, and every evidence item occurs in its source as written.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from ingest.major_industry import (EXTRACTOR, FEATURES, SIGNALS, Evidence, Link, MajorInput, Model,
                                   OccupationIndustryMap, Priors, Signals, add_priors, add_profile_vectors,
                                   add_sibling_profiles,
                                   candidates, class_key,
                                   group_links, link_major, major_signals)
from ingest.vocab.industry_terms import IndustryTerms
from kg.codes import gbt_division, gbt_level
from kg.store.embedded import EmbeddedStore

# TEST FIXTURE: a few GB/T-shaped rows (codes and names as in the standard)
NAMES = {"36": "汽车制造业", "361": "汽车整车制造", "367": "汽车零部件及配件制造",
         "65": "软件和信息技术服务业", "651": "软件开发", "653": "信息系统集成和物联网技术服务",
         "81": "机动车、电子产品和日用产品修理业", "811": "汽车、摩托车等修理与维护",
         "84": "卫生", "841": "医院", "8411": "综合医院"}


# ------------------------------------------------------------------ codes
def test_gbt_levels():
    assert [gbt_level(c) for c in ("C", "36", "361", "3611")] == ["门类", "大类", "中类", "小类"]
    assert gbt_division("3611") == "36"
    for bad in ("", "3", "36111", "c", "AB", "3a"):
        with pytest.raises(ValueError):
            gbt_level(bad)


# ------------------------------------------------------------------ terms
def test_terms_are_whole_names_and_offsets_point_at_them():
    terms = IndustryTerms(NAMES)
    text = "学生在汽车整车制造企业、综合医院实习，从事软件开发工作"
    hits = terms.find(text)
    assert [h.term for h in hits] == ["汽车整车制造", "综合医院", "软件开发"]  # longest first, no pieces
    for h in hits:
        assert text[h.start:h.end] == h.term
        assert abs(sum(s for _d, s in h.divisions) - 1.0) < 1e-3
    assert dict(hits[2].divisions) == {"65": 1.0} and hits[2].groups == ("651",)
    # a stem shared by several 大类 splits its vote
    car = terms.find("汽车")[0]
    assert {d for d, _s in car.divisions} == {"36", "81"}


def test_generic_words_are_not_terms():
    terms = IndustryTerms(NAMES)
    assert terms.find("制造、服务、技术、管理") == []


# ------------------------------------------------------------------ occupation → industry
def test_occupation_table_group_row_applies_to_its_occupations_and_single_rows_override():
    terms = IndustryTerms(NAMES)
    table = [{"occupation_code": "4-12-01-00", "divisions": "81", "groups": "811", "confidence": "0.9", "reviewed": "yes"},
             {"occupation_code": "4-12-01-02", "divisions": "36 81", "groups": "", "confidence": "0.6", "reviewed": "yes"},
             {"occupation_code": "4-99-99-00", "divisions": "99x", "groups": "", "confidence": "0.9", "reviewed": "yes"},
             {"occupation_code": "4-98-98-00", "divisions": "84", "groups": "", "confidence": "0.9", "reviewed": "no"}]
    occs = {"4-12-01-01": ("汽车维修工", ""), "4-12-01-02": ("汽车检测员", ""),
            "2-05-08-01": ("示例护士", "在综合医院从事护理工作的人员")}
    m = OccupationIndustryMap(table, occs, terms, set(NAMES))
    assert m.of("4-12-01-01") == ({"81": 1.0}, {"811": 1.0}, 0.9, "table")
    dist, _g, conf, how = m.of("4-12-01-02")
    assert how == "table" and conf == 0.6 and dist["36"] > dist["81"]  # the first listed counts most
    assert len(m.errors) == 1 and "4-99-99-00" in m.errors[0]  # a bad code is reported, not used
    assert m.of("4-98-98-01")[3] == "none"  # an unreviewed row is not used
    dist, groups, conf, how = m.of("2-05-08-01")  # not in the table: the definition names a hospital
    assert how == "similarity" and dist == {"84": 1.0} and "841" in groups and conf < 0.5


# ------------------------------------------------------------------ signals and the model
def _hand_model(weights: dict[str, float], intercept: float = -1.0, threshold: float = 0.5) -> Model:
    coef = np.array([weights.get(f, 0.0) for f in FEATURES])
    return Model(coef, intercept, threshold, Priors())


def test_signals_cite_the_text_and_the_crosswalk_row():
    terms = IndustryTerms(NAMES)
    occ_map = OccupationIndustryMap([{"occupation_code": "4-12-01-00", "divisions": "81", "groups": "811",
                                      "confidence": "0.9", "reviewed": "yes"}], {}, terms)
    text = "职业面向：汽车维修。实习实训：在汽车整车制造企业实习。"
    m = MajorInput("599901", "示例汽车技术", "高职专科", "5999", occupations=[("4-12-01-01", "sheet S row 7", "汽车维修工")],
                   sections={"实习实训": (text[10:], 10)}, profile_source="ref:test.md")
    s = major_signals(m, occ_map, terms, "ref:xw.xlsx", "ref:cat.csv")
    assert s.values["crosswalk"]["81"] == pytest.approx(0.9)
    assert s.values["practice"]["36"] == pytest.approx(1.0)
    prac = [e for e in s.evidence["36"] if e.signal == "practice"][0]
    a, b = map(int, re.search(r"chars (\d+)-(\d+)", prac.locator).groups())
    assert text[a:b] == prac.text == "汽车整车制造" and prac.group == "361"
    xw = [e for e in s.evidence["81"] if e.signal == "crosswalk"][0]
    assert (xw.text, xw.source, xw.locator) == ("汽车维修工", "ref:xw.xlsx", "sheet S row 7")


def test_link_major_best_always_others_above_threshold_with_contributions():
    vals = {sig: defaultdict(float) for sig in SIGNALS}
    vals["crosswalk"].update({"81": 0.6, "36": 0.3, "84": 0.05})
    ev = {"81": [Evidence("crosswalk", "ref:x", "row 2", "汽车维修工", "81", None, 0.6)],
          "36": [Evidence("practice", "ref:p", "chars 1-7", "汽车整车制造", "36", "361", 0.3)]}
    s = Signals(vals, ev, {"36": defaultdict(float, {"361": 0.3})})
    links = link_major(s, _hand_model({"crosswalk": 6.0}, intercept=-2.0, threshold=0.5))
    divs = [ln.code for ln in links if ln.level == "大类"]
    assert divs == ["81"]  # p(36) = σ(6·0.3 − 2) < 0.5
    assert links[0].signals == {"crosswalk": pytest.approx(3.6)}
    assert links[0].confidence == pytest.approx(1 / (1 + np.exp(-1.6)), abs=1e-3)
    links = link_major(s, _hand_model({"crosswalk": 6.0}, intercept=-2.0, threshold=0.4))
    assert [ln.code for ln in links] == ["81", "36", "361"]  # 36 now passes; its only 中类 evidence is 361
    assert links[2].level == "中类" and links[2].evidence[0].text == "汽车整车制造"


def test_link_major_keeps_at_most_the_models_max_links(tmp_path):
    vals = {sig: defaultdict(float) for sig in SIGNALS}
    vals["crosswalk"].update({"81": 0.6, "36": 0.5, "84": 0.45})
    s = Signals(vals, {}, {})
    m = _hand_model({"crosswalk": 6.0}, intercept=-2.0, threshold=0.5)
    assert [ln.code for ln in link_major(s, m)] == ["81", "36", "84"]  # all three pass 0.5
    m.max_links = 2
    assert [ln.code for ln in link_major(s, m)] == ["81", "36"]
    m.save(tmp_path / "m.json")  # the cap travels with the weights
    assert Model.load(tmp_path / "m.json").max_links == 2


def test_no_signal_no_link():
    s = Signals({sig: defaultdict(float) for sig in SIGNALS}, {}, {})
    assert candidates(s)[0] == [] and link_major(s, _hand_model({"crosswalk": 1.0})) == []


def test_priors_leave_the_major_itself_out():
    majors = {c: MajorInput(c, n, "高职专科", c[:4]) for c, n in
              [("460101", "机械设计与制造"), ("460102", "数字化设计与制造技术"), ("260101", "机械设计制造")]}
    sigs = {c: Signals({sig: defaultdict(float) for sig in SIGNALS}, {}, {}) for c in majors}
    priors = Priors.learn({"460101": ["34"], "460102": ["35"]}, {c: m.name for c, m in majors.items()})
    add_priors(sigs, majors, priors)
    assert class_key("460101") == class_key("260101")  # the same 专业类 at another level
    assert dict(sigs["460101"].values["class_prior"]) == {"35": 0.5}  # its own "34" left out
    assert dict(sigs["260101"].values["class_prior"]) == {"34": pytest.approx(1 / 3), "35": pytest.approx(1 / 3)}
    assert "34" not in sigs["460101"].values["similar_majors"]
    assert sigs["260101"].values["similar_majors"]["34"] > 0  # "机械设计制造" ~ "机械设计与制造"
    # annotated majors sharing crosswalk occupations vote with their 大类 (never the major itself)
    majors["460101"].occupations = [("2-02-07-01", "row 2", "机械设计工程技术人员")]
    majors["260101"].occupations = [("2-02-07-01", "row 3", "机械设计工程技术人员"), ("6-18-01-01", "row 4", "车工")]
    add_priors(sigs, majors, priors)
    assert dict(sigs["260101"].values["shared_occupations"]) == {"34": pytest.approx(1.0)}
    assert dict(sigs["460101"].values["shared_occupations"]) == {}  # 460102 shares none, itself left out


def test_similar_profiles_votes_with_the_most_similar_annotated_profiles_never_the_major_itself():
    """The optional ``similar_profiles`` signal (measured, not kept): annotated majors whose profile text is most
    similar vote with their 大类; a major is not its own example; no profile, no signal."""
    texts = {"460701": "汽车维修企业 汽车检测 汽车修理 发动机维修", "460702": "汽车维修企业 汽车检测 底盘维修",
             "520201": "医院 护理 病房 临床护理", "520202": "医院 护理 社区护理 病房", "660702": ""}
    majors = {c: MajorInput(c, c, "高职专科", c[:4]) for c in texts}
    for c, t in texts.items():
        if t:
            majors[c].sections = {"职业面向": (t, 0)}
    sigs = {c: Signals({sig: defaultdict(float) for sig in SIGNALS}, defaultdict(list), {}) for c in majors}
    priors = Priors.learn({"460701": ["81"], "520201": ["84"], "520202": ["84"]}, {c: c for c in majors})
    add_priors(sigs, majors, priors)
    assert "similar_profiles" not in sigs["460702"].values  # no vectors: the signal is off (the default)
    add_profile_vectors(majors)
    assert majors["660702"].profile_vector is None
    add_priors(sigs, majors, priors)
    sp = dict(sigs["460702"].values["similar_profiles"])
    assert max(sp, key=sp.get) == "81"  # the car-repair profile is the most similar
    assert "81" not in sigs["460701"].values["similar_profiles"]  # its own annotation is not an example
    assert max(sigs["520201"].values["similar_profiles"], key=sigs["520201"].values["similar_profiles"].get) == "84"
    assert "similar_profiles" not in sigs["660702"].values
    assert sum(sp.values()) == pytest.approx(1.0)


def test_a_major_without_profile_borrows_its_most_similar_profiled_class_mate():
    majors = {c: MajorInput(c, n, lv, c[:4]) for c, n, lv in
              [("460701", "汽车检测与维修技术", "高职专科"), ("460702", "汽车制造与试验技术", "高职专科"),
               ("660702", "汽车运用与维修", "中职"), ("660101", "机械加工技术", "中职")]}
    majors["460701"].sections = {"实习实训": ("x", 0)}
    majors["460702"].sections = {"实习实训": ("x", 0)}
    sigs = {c: Signals({sig: defaultdict(float) for sig in SIGNALS}, defaultdict(list), {}) for c in majors}
    sigs["460701"].values["practice"].update({"81": 0.75, "36": 0.25})
    sigs["460701"].evidence["81"].append(Evidence("practice", "ref:p.md", "实习实训 chars 3-8", "汽车修理", "81", None, 0.75))
    sigs["460701"].evidence["81"].append(Evidence("crosswalk", "ref:x", "row 2", "汽车维修工", "81", None, 0.5))
    sigs["460702"].values["practice"].update({"36": 1.0})
    add_sibling_profiles(sigs, majors)
    # 汽车运用与维修 shares most name bigrams with 汽车检测与维修技术 (same 专业类 07 of 装备制造, other level)
    sib = dict(sigs["660702"].values["sibling_profile"])
    assert set(sib) == {"81", "36"} and sib["81"] == pytest.approx(3 * sib["36"])
    ev = sigs["660702"].evidence["81"]
    assert [(e.signal, e.source, e.locator, e.text) for e in ev] == [("sibling_profile", "ref:p.md", "profile of 460701 汽车检测与维修技术, 实习实训 chars 3-8", "汽车修理")]
    assert not sigs["660101"].values["sibling_profile"]  # no profiled major in its class
    assert not sigs["460701"].values["sibling_profile"]  # has its own profile


def test_group_links_weigh_the_lead_major_more():
    ev = Evidence("crosswalk", "ref:x", "row 2", "汽车维修工", "81", None, 0.6)
    links = {"A": [Link("81", "大类", 0.9, {}, [ev])], "B": [Link("36", "大类", 0.9, {}, [ev])]}
    g = group_links({"g1": [("A", "lead"), ("B", "member")]}, links)["g1"]
    conf = {ln.code: ln.confidence for ln in g}
    assert conf["81"] == pytest.approx(0.6) and conf["36"] == pytest.approx(0.3)
    assert g[0].code == "81" and g[0].evidence == [ev]


def test_shipped_model_matches_the_code():
    m = Model.load()
    assert m.features == FEATURES and len(m.coef) == len(FEATURES) and 0 < m.threshold < 1
    assert m.max_links in (2, 3)
    assert len(m.priors.examples) >= 150


# ------------------------------------------------------------------ the query behind `kg explain major`
def test_major_industry_links_on_a_tiny_graph(embedded):
    from kg.records import Provenance, RelRecord, NodeRecord
    from queries.industry import major_industry_links

    p = Provenance(source="ref:test-fixture", extractor="test@1")
    embedded.write_records([NodeRecord(label="Major", key="599901", props={"name": "示例汽车技术"}, prov=p)]
                           + [NodeRecord(label="Industry", key=c, props={"name": n}, prov=p)
                              for c, n in NAMES.items()])
    item = Evidence("crosswalk", "ref:xw.xlsx", "sheet S row 7", "汽车维修工", "81", None, 0.6).to_json()
    recs = []
    for code, lvl, conf in (("36", "大类", 0.4), ("81", "大类", 0.8), ("811", "中类", 0.5)):
        recs.append(RelRecord(type="SERVES", start_label="Major", start_key="599901", end_label="Industry",
                              end_key=code, props={"level": lvl, "signals": json.dumps({"crosswalk": 1.2}),
                                                   "evidence_items": [item]},
                              prov=Provenance(source="ref:xw.xlsx", extractor=EXTRACTOR, confidence=conf,
                                              evidence="汽车维修工", locator="sheet S row 7")))
    embedded.write_records(recs)
    out = major_industry_links(embedded, "599901")
    assert [x["code"] for x in out] == ["81", "811", "36"]
    assert out[0]["signals"] == {"crosswalk": 1.2} and out[0]["evidence"][0]["text"] == "汽车维修工"
    with pytest.raises(LookupError):
        major_industry_links(embedded, "000000")


# ------------------------------------------------------------------ on the real reference data
@pytest.fixture(scope="module")
def serves(reference_graph):
    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        majors = {r["c"] for r in st.read("MATCH (m:Major) RETURN m.code AS c", limit=None)}
        rows = st.read("MATCH (m:Major)-[r:SERVES]->(i:Industry) WHERE r.extractor = $x "
                       "RETURN m.code AS m, i.code AS i, r.level AS level, r.evidence_items AS items, "
                       "r.evidence AS ev, r.source AS src, r.confidence AS conf", {"x": EXTRACTOR}, limit=None)
        groups = st.read("MATCH (g:ProfessionalGroup)-[r:SERVES]->(i:Industry) RETURN g.id AS g, i.code AS i",
                         limit=None)
        n_groups = st.read("MATCH (g:ProfessionalGroup)-[:INCLUDES]->(:Major) RETURN count(DISTINCT g) AS n")[0]["n"]
    finally:
        st.close()
    return majors, rows, groups, n_groups


def test_every_catalogue_major_has_an_industry_link(serves):
    majors, rows, groups, n_groups = serves
    linked = {r["m"] for r in rows if r["level"] == "大类"}
    assert majors and majors <= linked, sorted(majors - linked)[:10]
    assert all(0 < r["conf"] <= 1 for r in rows)
    assert len({r["g"] for r in groups}) == n_groups  # every group with a major gets links


def _crosswalk_rows(path: Path) -> dict[tuple[str, int], list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    out = {}
    for ws in wb.worksheets:
        for i, vals in enumerate(ws.iter_rows(values_only=True), start=1):
            out[(ws.title, i)] = ["" if v is None else str(v) for v in vals]
    wb.close()
    return out


def test_every_evidence_item_occurs_in_its_source_as_written(serves, reference_dir):
    """No fragment: each item's text is the source's own text at its locator (profile chars a-b, the
    crosswalk row's cell, the catalogue's major name)."""
    _majors, rows, _g, _n = serves
    files: dict[str, str] = {}
    xw = _crosswalk_rows(reference_dir / "occupations/major_occupation_crosswalk_2023.xlsx")
    names = {}
    with open(reference_dir / "catalog/vocational_major_catalog_2021.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            names[r["majorCode"]] = r["majorName"]
    cells_2025 = {c for vals in _crosswalk_rows(reference_dir / "catalog/vocational_major_catalog_2021_updated_2025.xlsx").values()
                  for c in vals}
    checked = borrowed = 0
    for r in rows:
        items = [json.loads(t) for t in r["items"]]
        borrowed += sum(it["signal"] == "sibling_profile" for it in items)
        assert items and r["ev"] == items[0]["text"]
        for it in items:
            src, loc, text = it["source"], it["locator"], it["text"]
            assert src.startswith("ref:") and text
            rel = src[4:]
            if rel.endswith(".md"):
                if rel not in files:
                    files[rel] = (reference_dir / rel).read_text(encoding="utf-8")
                a, b = map(int, re.search(r"chars (\d+)-(\d+)$", loc).groups())
                assert files[rel][a:b] == text, (r["m"], it)
            elif rel.endswith("crosswalk_2023.xlsx"):
                sheet, row = re.match(r"sheet (.+) row (\d+)$", loc).groups()
                assert text in xw[(sheet, int(row))], (r["m"], it)
            elif rel.startswith("catalog/"):
                code = re.match(r"major (\S+)", loc).group(1)
                m = re.search(r"chars (\d+)-(\d+)$", loc)
                # the major's name as that file states it (the 2025 update: one of its cells)
                cands = [names.get(code, "")] if rel.endswith(".csv") else [c.strip() for c in cells_2025]
                if m:
                    a, b = int(m.group(1)), int(m.group(2))
                    assert any(c[a:b] == text for c in cands), (r["m"], it)
                else:
                    assert text in cands, (r["m"], it)
            else:
                pytest.fail(f"unexpected evidence source {src}")
            checked += 1
    assert checked > 3000
    assert borrowed > 100  # a class-mate's profile terms, cited in that class-mate's profile


# ------------------------------------------------------------------ the development set and `kg eval industry-linker`
def test_development_set_is_well_formed(reference_dir):
    from ingest.major_industry import category_index
    from ingest.major_industry_train import read_gold

    gold = read_gold()
    with open(reference_dir / "catalog/vocational_major_catalog_2021.csv", encoding="utf-8-sig") as f:
        catalogue = {r["majorCode"] for r in csv.DictReader(f) if r["itemLevel"] == "MAJOR"}
    with open(reference_dir / "industries/gbt4754_2017.csv", encoding="utf-8-sig") as f:
        gbt = {r["code"] for r in csv.DictReader(f)} | {r["code"][:3] for r in csv.DictReader(open(
            reference_dir / "industries/gbt4754_2017.csv", encoding="utf-8-sig")) if len(r["code"]) == 4}
    assert len(gold) >= 150 and set(gold) <= catalogue
    assert {category_index(c) for c in gold} == set(range(1, 20))  # all 19 专业大类
    for c, g in gold.items():
        assert g["divisions"] and all(len(d) == 2 and d in gbt for d in g["divisions"]), c
        assert all(len(x) == 3 and x in gbt and x[:2] in g["divisions"] for x in g["groups"]), c


def test_eval_scores_both_linkers_on_the_same_majors(reference_dir):
    from ingest.major_industry_train import evaluate
    from ingest.reference.context import Context

    r = evaluate(Context(reference_dir))
    new, old = r["new"], r["previous"]
    assert new["majors"] == old["majors"] >= 150
    for m in (new, old):
        assert set(m) >= {"precision", "recall", "f1", "top1"}
    assert new["f1"] > old["f1"] and new["top1"] > old["top1"]  # the reason this linker exists
    assert len(r["thresholds"]) == len(r["max_links"]) == 5 and set(r["max_links"]) <= {2, 3}
