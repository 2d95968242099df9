"""`kg eval curriculum`: per-field P/R/F1 on the hand-annotated gold set meet their targets."""
from __future__ import annotations

import json

import pytest

from ingest.curriculum_eval import FIELDS, GOLD_DIR, evaluate, load_gold
from kg.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def result(reference_graph):
    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        return evaluate(st)
    finally:
        st.close()


def test_gold_set_size_and_spread():
    gold = load_gold(GOLD_DIR)
    majors = [m for g in gold for m in g["majors"]]
    assert len(majors) >= 40
    assert len({g["file"] for g in gold}) >= 10
    assert len({m["code"] for m in majors}) == len(majors)
    for m in majors:
        assert m.get("note"), m["code"]  # why the major is in the set


def test_every_field_meets_its_target(result):
    assert set(result["fields"]) == set(FIELDS)
    for field, m in result["fields"].items():
        assert m["tp"] + m["fn"] > 0 or field == "stated_industries"
        assert m["f1"] >= m["target"], (field, m, [e for e in result["errors"] if field in e][:3])
    assert result["fields"]["courses"]["target"] == 0.95


def test_scores_fall_when_the_extractor_misses_things(reference_graph, tmp_path):
    """The scoring is not vacuous: a gold file whose majors are not in the text scores zero recall."""
    gold = json.loads((GOLD_DIR / "5202护理类.json").read_text(encoding="utf-8"))
    gold["file"] = "5203药学类.md"  # a different class: none of the gold majors is there
    (tmp_path / "g.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        r = evaluate(st, gold_dir=tmp_path)
    finally:
        st.close()
    assert r["fields"]["courses"]["recall"] == 0.0 and r["fields"]["courses"]["fn"] > 20
    assert all(not e["found"] for e in r["errors"])


def test_cli_eval_prints_the_table(reference_graph, monkeypatch):
    from typer.testing import CliRunner

    import ingest.curriculum_eval as ce
    from kgcli.main import app

    monkeypatch.setattr(ce, "_reference_store", lambda _tmp: EmbeddedStore(str(reference_graph), read_only=True))
    out = CliRunner().invoke(app, ["eval", "curriculum"])
    assert out.exit_code == 0, out.output
    for f in FIELDS:
        assert f in out.output
    assert "majors in" in out.output


def test_leads_to_per_level_pair_meets_target(result):
    pairs = result["leads_to"]["pairs"]
    assert {"real: 高职专科→高职本科", "constructed: 中职→高职专科", "constructed: 中职→高职本科"} <= set(pairs)
    for pair, m in pairs.items():
        assert m["precision"] >= 0.95 and m["recall"] >= 0.95, (pair, m, result["leads_to"]["errors"][:3])
        assert "baseline" in m
    assert result["leads_to"]["evidence_not_verbatim"] == 0
