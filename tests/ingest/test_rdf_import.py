"""ingest.rdf: exports load back into either store, losslessly (nodes, relationships, properties, every
provenance statement and sources list); bad input becomes one-line rejects."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ingest import rdf as irdf
from ingest.base import write_batches
from ingest.registry import ingest_function
from kg import export, rdf
from kg.records import sources_of

_spec = importlib.util.spec_from_file_location(
    "rdf_fixture", Path(__file__).resolve().parents[1] / "kg" / "rdf_fixture.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)



@pytest.fixture(scope="module")
def template(tmp_path_factory) -> str:
    return fx.template(tmp_path_factory.mktemp("rdf-template"))


@pytest.fixture
def built(template, tmp_path):
    """An embedded store already holding the fixture graph (a copy of the module's template file)."""
    st = fx.built_copy(template, tmp_path)
    yield st
    st.close()


def _out(tmp_path: Path, fmt: str, name: str) -> Path:
    return tmp_path / (f"{name}{export.SUFFIX[fmt]}" if fmt != "csv" else name)


def _round_trip(store, fmt: str, tmp_path: Path, build: bool = True):
    """export → empty the store → import → snapshot and export again."""
    if build:
        fx.build(store)
    before = fx.snapshot(store)
    first = _out(tmp_path, fmt, "first")
    export.export_graph(store, fmt, first)
    fx.wipe(store)
    assert fx.snapshot(store) == {"nodes": {}, "rels": {}}
    kind = "csv-export" if fmt == "csv" else "rdf"
    summary = write_batches(store, ingest_function(kind)([first], store, {}))
    assert summary["rejected"] == [] and summary["skipped_relationships"] == [], summary
    after = fx.snapshot(store)
    second = _out(tmp_path, fmt, "second")
    export.export_graph(store, fmt, second)
    return before, after, first, second


def _import_document(before: dict, after: dict) -> tuple:
    added = set(after["nodes"]) - set(before["nodes"])
    assert len(added) == 1, added  # the import itself, recorded as one Document
    (doc,) = added
    assert doc[0] == "Document"
    return doc


@pytest.mark.parametrize("fmt", ["ttl", "csv"])
def test_round_trip_is_lossless_on_both_stores(store, fmt, tmp_path):
    before, after, first, second = _round_trip(store, fmt, tmp_path)
    doc = _import_document(before, after)
    assert after["nodes"][doc]["kind"] == ("csv-export" if fmt == "csv" else "rdf")
    del after["nodes"][doc]
    assert after == before  # every property, provenance statements in order, sources, review flags
    major = after["nodes"][("Major", "510203")]
    assert major["sources"] == [fx.SRC_A, fx.SRC_B, fx.SRC_C] and len(major["provenance"]) == 3
    assert major["confidence"] == 1.0 and major["target"] == fx.TRICKY
    rel = after["rels"][("PREPARES_FOR", "Major", "510203", "Occupation", "2-02-10-03")]
    assert [json.loads(p)["confidence"] for p in rel["provenance"]] == [0.85, 0.5]
    assert after["rels"][("PREPARES_FOR", "Major", "510205", "Occupation", "2-02-10-03")]["review"] is True
    if fmt == "ttl":  # the second export is the first plus the import's Document node
        g1, g2 = Graph().parse(first, format="turtle"), Graph().parse(second, format="turtle")
        doc_iri = rdf.Vocab().node("Document", doc[1])
        for s in {s for s in g2.subjects() if str(s).startswith(doc_iri)}:
            g2.remove((s, None, None))
        assert isomorphic(g1, g2)


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_round_trip_other_rdf_formats(built, fmt, tmp_path):
    before, after, first, second = _round_trip(built, fmt, tmp_path, build=False)
    del after["nodes"][_import_document(before, after)]
    assert after == before


def test_import_into_a_store_that_already_has_the_facts_adds_no_statement(built, tmp_path):
    embedded = built
    before = fx.snapshot(embedded)
    out = tmp_path / "g.ttl"
    export.export_graph(embedded, "ttl", out)
    write_batches(embedded, irdf.batches([out], embedded, {}))
    after = fx.snapshot(embedded)
    del after["nodes"][_import_document(before, after)]
    assert after == before


def test_export_under_another_base_imports(built, tmp_path):
    embedded = built
    before = fx.snapshot(embedded)
    out = tmp_path / "other.ttl"
    export.export_graph(embedded, "ttl", out, base="https://kg.example.edu.cn/data/")
    assert "https://kg.example.edu.cn/data/Major/510203" in out.read_text(encoding="utf-8")
    fx.wipe(embedded)
    (b,) = list(irdf.batches([out], embedded, {}))
    assert b.report["iri_base"] == "https://kg.example.edu.cn/data/" and not b.rejects
    write_batches(embedded, [b])
    after = fx.snapshot(embedded)
    del after["nodes"][_import_document(before, after)]
    assert after == before


HAND_WRITTEN = """
@prefix kg: <https://example.org/kg/ontology#> .
@prefix d: <https://example.org/kg/> .
# TEST FIXTURE: hand-written Turtle, no provenance, bare relationship triples
<https://example.org/kg/Major/510203> a kg:Major ; kg:code "510203" ; kg:name "软件技术" ;
    kg:year_added 2021 ; kg:PREPARES_FOR <https://example.org/kg/Occupation/2-02-10-03> .
<https://example.org/kg/Occupation/2-02-10-03> a kg:Occupation ; kg:code "2-02-10-03" ; kg:digital true .
<https://example.org/kg/Major/999999> a kg:Major ; kg:code "999999" ; kg:year_added "soon" .
<https://example.org/kg/Major/510203> kg:IN_CLASS <https://example.org/kg/Occupation/2-02-10-03> .
"""


def test_hand_written_rdf_gets_the_file_as_provenance_and_bad_parts_are_rejected(embedded, tmp_path):
    f = tmp_path / "hand.ttl"
    f.write_text(HAND_WRITTEN, encoding="utf-8")
    summary = write_batches(embedded, irdf.batches([f], embedded, {}))
    rejected = summary["rejected"]
    assert len(rejected) == 2, rejected
    assert any("Major/999999" in r and "soon" in r for r in rejected)  # wrong datatype: that node only
    assert any("IN_CLASS" in r and "endpoints" in r for r in rejected)  # a pair the schema does not allow
    snap = fx.snapshot(embedded)
    major = snap["nodes"][("Major", "510203")]
    assert major["year_added"] == 2021 and major["extractor"] == "rdf-import@1"
    assert sources_of(major) == [summary_doc(embedded, f)]
    assert ("Major", "999999") not in snap["nodes"]
    assert ("PREPARES_FOR", "Major", "510203", "Occupation", "2-02-10-03") in snap["rels"]
    assert snap["nodes"][("Occupation", "2-02-10-03")]["digital"] is True


def summary_doc(store, path: Path) -> str:
    rows = store.read("MATCH (d:Document) WHERE d.path = $p RETURN d.id AS id", {"p": str(path)})
    return rows[0]["id"]


def test_invalid_files_become_rejects_and_good_files_still_load(built, tmp_path):
    embedded = built
    good = tmp_path / "good.nt"
    export.export_graph(embedded, "nt", good, labels=["Major"])
    fx.wipe(embedded)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    odd = tmp_path / "notes.txt"
    odd.write_text("hello", encoding="utf-8")
    summary = write_batches(embedded, irdf.batches([broken, odd, good], embedded, {}))
    assert any(r.startswith(str(broken)) and "not valid turtle" in r for r in summary["rejected"])
    assert any(r.startswith(str(odd)) and "unknown RDF file type" in r for r in summary["rejected"])
    assert summary["nodes"]["Major"] == 5
    assert all("\n" not in r for r in summary["rejected"])


def test_csv_export_with_a_bad_row_and_a_missing_manifest(built, tmp_path):
    embedded = built
    out = tmp_path / "csv"
    export.export_graph(embedded, "csv", out, labels=["Major", "MajorClass"])
    fx.wipe(embedded)
    path = out / "nodes" / "Major.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    col = header.index("year_added")
    bad_line = next(i for i, ln in enumerate(lines) if ln.startswith("510101,"))
    cells = lines[bad_line].rstrip("\r\n").split(",")
    cells[col] = "twenty"
    lines[bad_line] = ",".join(cells) + "\r\n"
    path.write_text("".join(lines), encoding="utf-8-sig")
    summary = write_batches(embedded, irdf.csv_batches([out], embedded, {}))
    assert len(summary["rejected"]) == 1
    assert summary["rejected"][0].startswith(f"{path}: row {bad_line + 1}: field year_added")
    assert summary["nodes"]["Major"] == 4
    (none,) = list(irdf.csv_batches([tmp_path], embedded, {}))
    assert none.rejects and "no manifest.json" in none.rejects[0].reason


def test_kg_ingest_rdf_command(built, tmp_path):
    import os
    import subprocess
    import sys

    from kg.store.embedded import EmbeddedStore

    export.export_graph(built, "ttl", tmp_path / "g.ttl")
    env = {**os.environ, "KG_DB": str(tmp_path / "dst.lbug"), "KG_STORE": "embedded"}
    p = subprocess.run([sys.executable, "-m", "kgcli.main", "ingest", str(tmp_path / "g.ttl"), "--kind", "rdf",
                        "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)
    assert s["nodes"]["Major"] == 5 and s["relationships"]["PREPARES_FOR"] == 4 and s["rejected"] == []
    dst = EmbeddedStore(str(tmp_path / "dst.lbug"), read_only=True)
    assert dst.read("MATCH (m:Major {code: '510203'}) RETURN m.sources AS s")[0]["s"] == [fx.SRC_A, fx.SRC_B,
                                                                                         fx.SRC_C]
