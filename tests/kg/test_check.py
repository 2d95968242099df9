"""`kg check` (ingest/check.py): passes on the real reference graph; on a tiny hand-checked graph, each planted
defect — a relationship between the wrong labels, a fact without provenance, evidence not in its
document (or not at its offsets), a duplicate key — makes it fail, on both stores, and `kg check` exits 1."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ingest.check import check
from kg.records import Provenance
from kg.store.embedded import EmbeddedStore

TEXT = "第一条 为了推动产教融合，制定本条例。\n专业核心课程：网络安全、数据库技术。\n"


def _tiny(store, tmp_path):
    """Two regions, a text document and one course that cites it exactly (chars 27-31 = 网络安全)."""
    doc = tmp_path / "TEST-FIXTURE-doc.md"
    doc.write_text(TEXT, encoding="utf-8")
    assert TEXT[27:31] == "网络安全"
    p = [Provenance(source="ref:test-fixture", extractor="test@1")]
    store.upsert_nodes("Region", [{"id": "广东省", "name": "广东省", "_prov": p},
                                  {"id": "广东省/深圳市", "name": "深圳市", "_prov": p}])
    store.upsert_nodes("Document", [{"id": "doc1", "path": str(doc), "kind": "curriculum",
                                     "_prov": [Provenance(source="doc1", extractor="ingest@1", evidence=str(doc))]}])
    store.upsert_nodes("Course", [{"id": "网络安全", "name": "网络安全", "_prov": [
        Provenance(source="doc1", extractor="curriculum@1", evidence="网络安全", locator="section 课程 chars 27-31")]}])
    store.upsert_relationships("PART_OF", [{"from": "广东省/深圳市", "to": "广东省", "_prov": p}], "Region", "Region")


def _failing(report) -> set[str]:
    return {k for k in ("endpoints", "provenance", "evidence", "keys") if report[k]}


def test_the_tiny_graph_is_clean(store, tmp_path):
    _tiny(store, tmp_path)
    r = check(store)
    assert r["ok"], r
    assert r["counted"]["evidence_checked"] == 1 and r["counted"]["facts"] == 5


def test_fact_without_provenance(store, tmp_path):
    _tiny(store, tmp_path)
    store.write("CREATE (:Region {id: 'TEST-FIXTURE/无来源', name: '无来源'})")
    r = check(store)
    assert _failing(r) == {"provenance"}
    assert r["provenance"][0]["examples"] == ["Region TEST-FIXTURE/无来源"]


@pytest.mark.parametrize("evidence,locator", [("信息安全", "section 课程 chars 27-31"),  # not in the text
                                              ("数据库技术", "section 课程 chars 27-31"),  # in it, not there
                                              ("网络 安全", None)])  # an n-gram-ish paraphrase
def test_evidence_not_in_its_document(store, tmp_path, evidence, locator):
    _tiny(store, tmp_path)
    store.upsert_nodes("Course", [{"id": "信息安全", "name": "信息安全", "_prov": [
        Provenance(source="doc1", extractor="curriculum@1", evidence=evidence, locator=locator)]}])
    r = check(store)
    assert _failing(r) == {"evidence"}
    assert r["evidence"][0]["where"] == "Course by curriculum@1" and r["evidence"][0]["count"] == 1


def test_document_gone_is_reported(store, tmp_path):
    _tiny(store, tmp_path)
    (tmp_path / "TEST-FIXTURE-doc.md").unlink()
    r = check(store)
    assert _failing(r) == {"evidence"} and "file not found" in r["evidence"][0]["examples"][0]


def test_duplicate_key_after_normalisation(store, tmp_path):
    _tiny(store, tmp_path)
    p = [Provenance(source="ref:test-fixture", extractor="test@1")]
    store.upsert_nodes("Region", [{"id": "广东省 ", "name": "广东省", "_prov": p}])  # trailing space
    r = check(store)
    assert _failing(r) == {"keys"}
    assert r["keys"][0]["where"] == "Region duplicate key" and r["keys"][0]["count"] == 2


def test_relationship_between_the_wrong_labels(store, tmp_path):
    _tiny(store, tmp_path)
    plant = ("MATCH (a:Region {id: '广东省'}) MATCH (b:Course {id: '网络安全'}) "
             "CREATE (a)-[:PART_OF {source: 'ref:test-fixture', extractor: 'test@1'}]->(b)")
    if store.dialect == "ladybug":
        with pytest.raises(Exception):  # the REL table's FROM/TO pairs refuse it: nothing to find
            store.write(plant)
        assert check(store)["ok"]
    else:
        store.write(plant)
        r = check(store)
        assert _failing(r) == {"endpoints"}
        assert r["endpoints"][0]["where"] == "PART_OF (Region)->(Course)"


def test_cli_exits_1_on_a_defect_and_0_when_clean(tmp_path):
    from kgcli.main import app

    db = tmp_path / "g.lbug"
    st = EmbeddedStore(str(db))
    st.apply_schema()
    _tiny(st, tmp_path)
    st.close()
    ok = CliRunner().invoke(app, ["--db", str(db), "check"])
    assert ok.exit_code == 0 and ok.stdout.strip().endswith("ok"), ok.output
    st = EmbeddedStore(str(db))
    st.write("CREATE (:Region {id: 'TEST-FIXTURE/无来源'})")
    st.close()
    bad = CliRunner().invoke(app, ["--db", str(db), "check"])
    assert bad.exit_code == 1 and "provenance: Region: 1" in bad.stdout, bad.output


def test_the_reference_graph_passes(reference_graph):
    st = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        r = check(st)
    finally:
        st.close()
    assert r["ok"], [f["where"] for k in ("endpoints", "provenance", "evidence", "keys") for f in r[k]]
    assert r["counted"]["facts"] > 50_000
