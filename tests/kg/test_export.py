"""kg.export: streamed Turtle / N-Triples / JSON-LD / GraphML / CSV exports of the TEST FIXTURE graph
(tests/kg/rdf_fixture.py) on both stores; SPARQL over the export = Cypher over the store; kg validate."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import export, rdf, schema

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rdf_fixture as fx  # noqa: E402

SPARQL_MAJORS_UNDER_CATEGORY = """
PREFIX kg: <https://example.org/kg/ontology#>
SELECT ?major ?occupation WHERE {
  ?cat a kg:MajorCategory ; kg:code ?code .
  ?cls kg:PART_OF ?cat .
  ?m kg:IN_CLASS ?cls ; kg:code ?major ; kg:PREPARES_FOR ?o .
  ?o kg:code ?occupation .
}"""
CYPHER_MAJORS_UNDER_CATEGORY = (
    "MATCH (c:MajorCategory {code: $code}) MATCH (k:MajorClass)-[:PART_OF]->(c) "
    "MATCH (m:Major)-[:IN_CLASS]->(k) MATCH (m)-[:PREPARES_FOR]->(o:Occupation) "
    "RETURN m.code AS major, o.code AS occupation")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> str:
    return fx.template(tmp_path_factory.mktemp("export-template"))


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def graph(request, template, tmp_path_factory):
    """The fixture graph on each store, built once per module (the export tests only read it)."""
    if request.param == "embedded":
        st = fx.built_copy(template, tmp_path_factory.mktemp("export"))
        expected = fx.EXPECTED
    else:
        from kg.store.neo4j_store import Neo4jStore

        server = request.getfixturevalue("neo4j_server")
        st = Neo4jStore(server["uri"], server["user"], server["password"], server["database"])
        fx.wipe(st)
        st.apply_schema()
        expected = fx.build(st)
    yield st, expected
    if request.param == "neo4j":
        fx.wipe(st)
    st.close()


@pytest.fixture(scope="module")
def embedded_graph(template, tmp_path_factory):
    st = fx.built_copy(template, tmp_path_factory.mktemp("export-e"))
    yield st
    st.close()


def _export(store, fmt, tmp_path, **kw):
    out = tmp_path / (f"out{export.SUFFIX[fmt]}" if fmt != "csv" else "csv")
    stats = export.export_graph(store, fmt, out, **kw)
    return out, stats


def test_rdf_formats_parse_and_carry_the_same_triples(graph, tmp_path):
    store, _ = graph
    parsed = {}
    for fmt, rdflib_fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out, stats = _export(store, fmt, tmp_path)
        g = Graph().parse(out, format=rdflib_fmt)
        assert len(g) == stats["triples"]
        parsed[fmt] = g
    assert isomorphic(parsed["ttl"], parsed["nt"]) and isomorphic(parsed["ttl"], parsed["jsonld"])
    snap = fx.snapshot(store)
    assert sum(stats["nodes"].values()) == len(snap["nodes"])
    assert sum(stats["relationships"].values()) == len(snap["rels"])

    g, v = parsed["ttl"], rdf.Vocab()
    job = URIRef(v.node("JobPosting", "job-1"))
    assert str(g.value(job, v.KG.description)) == fx.TRICKY  # quotes, newlines, \r, tab, control char
    rp = URIRef(v.node("ResearchProject", "rp-1"))
    assert g.value(rp, v.KG.funding).toPython() == 12.345678901234567  # no rounding of doubles
    firm = URIRef(v.node("Firm", "示例科技有限公司"))
    assert [str(x) for x in rdf.Collection(g, g.value(firm, v.KG.tags))] == ["专精特新", "TEST"]
    # provenance: three ordered qualified derivations, with evidence and sources
    major = URIRef(v.node("Major", "510203"))
    ders = sorted(g.objects(major, rdf.PROV.qualifiedDerivation), key=lambda d: int(g.value(d, v.KG.order)))
    assert [g.value(d, v.KG.extractor).toPython() for d in ders] == ["test-fixture@1", "curriculum@2", "test-fixture@1"]
    assert str(g.value(ders[1], v.KG.evidence)) == '专业代码 510203 "软件技术"\n职业面向'
    assert g.value(ders[1], rdf.PROV.entity) == URIRef(v.document(fx.SRC_B))
    assert set(g.objects(major, rdf.PROV.wasDerivedFrom)) == {URIRef(v.document(s))
                                                              for s in (fx.SRC_A, fx.SRC_B, fx.SRC_C)}
    # a relationship: asserted triple + reified statement with its properties and provenance
    stmt = URIRef(v.rel("PARTNERS_WITH", "Firm", "示例科技有限公司", "College", "4144011113"))
    assert (firm, v.KG.PARTNERS_WITH, URIRef(v.node("College", "4144011113"))) in g
    assert g.value(stmt, v.KG.internship_posts).toPython() == 30
    assert g.value(stmt, rdf.RDF.subject) == firm
    # taxonomy: SKOS concepts with broader
    cls = URIRef(v.node("MajorClass", "5102"))
    assert (cls, rdf.SKOS.broader, URIRef(v.node("MajorCategory", "51"))) in g
    assert (cls, rdf.SKOS.inScheme, URIRef(v.scheme("MajorClass"))) in g


def test_small_pages_give_the_same_export(graph, tmp_path):
    """Paging boundaries (keyset on node keys, on (start, end) for relationships) lose and repeat nothing."""
    store, _ = graph
    a, _ = _export(store, "ttl", tmp_path / "a", batch_size=1000)
    b, stats = _export(store, "ttl", tmp_path / "b", batch_size=2)
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    assert stats["relationships"]["PART_OF"] == 8


def test_sparql_over_the_export_equals_cypher_over_the_store(graph, tmp_path):
    store, expected = graph
    out, _ = _export(store, "ttl", tmp_path)
    g = Graph().parse(out, format="turtle")
    code = expected["category"]
    sparql = {(str(r.major), str(r.occupation))
              for r in g.query(SPARQL_MAJORS_UNDER_CATEGORY, initBindings={"code": Literal(code)})}
    cypher = {(r["major"], r["occupation"]) for r in store.read(CYPHER_MAJORS_UNDER_CATEGORY, {"code": code})}
    assert sparql == cypher == expected["majors_occupations"]
    other = {(str(r.major), str(r.occupation))
             for r in g.query(SPARQL_MAJORS_UNDER_CATEGORY, initBindings={"code": Literal("46")})}
    assert other == {(r["major"], r["occupation"]) for r in store.read(CYPHER_MAJORS_UNDER_CATEGORY, {"code": "46"})}
    assert other == {("460305", "6-30-99-00")}


def test_subset_by_labels(graph, tmp_path):
    store, _ = graph
    out, stats = _export(store, "nt", tmp_path, labels=["Major,MajorClass", "Occupation"])
    assert stats["labels"] == ["MajorClass", "Major", "Occupation"]
    g = Graph().parse(out, format="nt")
    v = rdf.Vocab()
    types = {o for o in g.objects(None, rdf.RDF.type) if str(o).startswith(str(v.KG))}
    assert types == {v.KG.MajorClass, v.KG.Major, v.KG.Occupation}
    preds = {p for p in g.predicates() if p in {v.KG[r.type] for r in schema.RELS}}
    assert preds == {v.KG.IN_CLASS, v.KG.PREPARES_FOR, v.KG.LEADS_TO, v.KG.PART_OF}
    assert stats["relationships"]["PART_OF"] == 4  # occupations only; MajorClass→MajorCategory left out
    with pytest.raises(export.ExportError, match="unknown label"):
        export.export_graph(store, "ttl", tmp_path / "x.ttl", labels=["Majors"])


def test_graphml_loads_in_networkx_with_types(graph, tmp_path):
    store, _ = graph
    out, stats = _export(store, "graphml", tmp_path)
    G = nx.read_graphml(out, force_multigraph=True)
    snap = fx.snapshot(store)
    assert G.number_of_nodes() == len(snap["nodes"]) and G.number_of_edges() == len(snap["rels"])
    rp = G.nodes["ResearchProject/rp-1"]
    assert rp["year"] == 2023 and rp["funding"] == 12.345678901234567 and rp["kg_label"] == "ResearchProject"
    assert G.nodes["Occupation/2-02-10-03"]["digital"] is True
    assert json.loads(G.nodes["College/4144011113"]["aliases"]) == ["深圳职业技术学院", "深职院"]
    assert G.nodes["Region/广东省/深圳市"]["label"] == "深圳市"
    edge = G.get_edge_data("Firm/示例科技有限公司", "College/4144011113")
    (data,) = edge.values()
    assert data["kg_type"] == "PARTNERS_WITH" and data["internship_posts"] == 30
    assert len(json.loads(data["provenance"])) == 1
    assert stats["characters_replaced"] == 3  # the BEL character in Major.target, JobPosting.description, .evidence
    assert G.nodes["JobPosting/job-1"]["description"] == fx.TRICKY.replace("\x07", "\ufffd").replace("\r", "\n")


def test_csv_folder_with_manifest(graph, tmp_path):
    store, _ = graph
    out, stats = _export(store, "csv", tmp_path)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    snap = fx.snapshot(store)
    for label, meta in manifest["nodes"].items():
        with open(out / meta["file"], encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == meta["rows"] == sum(1 for k in snap["nodes"] if k[0] == label)
        assert list(rows[0]) == list(meta["columns"]) if rows else True
    with open(out / "nodes" / "Major.csv", encoding="utf-8-sig", newline="") as fh:
        major = next(r for r in csv.DictReader(fh) if r["code"] == "510203")
    assert major["target"] == fx.TRICKY
    assert [p["source"] for p in json.loads(major["provenance"])] == [fx.SRC_A, fx.SRC_B, fx.SRC_C]
    with open(out / "relationships" / "PART_OF.csv", encoding="utf-8-sig", newline="") as fh:
        pairs = {(r["start_label"], r["end_label"]) for r in csv.DictReader(fh)}
    assert pairs == {("MajorClass", "MajorCategory"), ("Occupation", "Occupation"), ("Region", "Region")}
    # a second export replaces an earlier one; a folder that is not an export is refused
    export.export_graph(store, "csv", out)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(export.ExportError, match="not an earlier CSV export"):
        export.export_graph(store, "csv", tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


class _FailingStore:
    """Wraps a store; its reads fail after ``n`` calls (a connection lost mid-export)."""

    def __init__(self, store, n):
        self.store, self.n = store, n

    def read(self, *a, **kw):
        self.n -= 1
        if self.n < 0:
            raise RuntimeError("connection lost")
        return self.store.read(*a, **kw)


def test_a_failed_export_leaves_no_file(embedded_graph, tmp_path):
    embedded = embedded_graph
    for fmt in ("ttl", "csv"):
        out = tmp_path / (f"o.{fmt}" if fmt != "csv" else "csvout")
        with pytest.raises(RuntimeError):
            export.export_graph(_FailingStore(embedded, 8), fmt, out)
        assert not out.exists()
        assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_string_literals_round_trip_through_turtle_and_ntriples(text):
    line = f"<http://x/s> <http://x/p> {export.quote_string(text)} .\n"
    for fmt in ("turtle", "nt"):
        g = Graph().parse(data=line, format=fmt)
        assert str(next(iter(g.objects()))) == text


# --------------------------------------------------------------------- validation
def test_validate_conforming_and_broken_exports(embedded_graph, tmp_path):
    embedded = embedded_graph
    out, _ = _export(embedded, "ttl", tmp_path)
    report = rdf.validate(rdf.parse_file(out))
    assert report["conforms"] and report["violations"] == 0, [x.line() for x in report["results"]]

    g = rdf.parse_file(out)
    v = rdf.Vocab()
    major = URIRef(v.node("Major", "510203"))
    g.remove((major, v.KG.code, None))                                            # key missing
    g.add((major, v.KG.PREPARES_FOR, URIRef(v.node("Course", "程序设计基础"))))      # wrong end class
    g.add((URIRef(v.node("Course", "程序设计基础")), v.KG.LEADS_TO, major))          # wrong start class
    g.set((URIRef(v.node("Major", "510205") + "#prov-0"), v.KG.confidence, Literal(1.5)))  # out of range
    g.remove((URIRef(v.node("Major", "460305")), v.KG.PREPARES_FOR, None))  # reified, but not asserted
    report = rdf.validate(g)
    lines = [x.line() for x in report["results"]]
    assert not report["conforms"] and report["violations"] == 5, lines
    assert ("relationship (Major 460305)-[:PREPARES_FOR]->(Occupation 6-30-99-00): the reified statement's "
            "triple is not asserted (rdf:subject rdf:predicate rdf:object is missing)") in lines
    assert "Major 510203: needs exactly one key code (a non-empty string)" in lines
    assert ("Major 510203: PREPARES_FOR must point to a node of class Occupation (found Course 程序设计基础)"
            in lines)
    assert any(x.startswith("Course 程序设计基础: property kg:LEADS_TO is not declared") for x in lines)
    assert any(x.startswith("provenance statement 0 of Major 510205: needs exactly one confidence") for x in lines)


def test_kg_validate_command_exit_codes(embedded_graph, tmp_path):
    from kgcli.main import app

    embedded = embedded_graph
    out, _ = _export(embedded, "ttl", tmp_path)
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "0 violations" in ok.output
    text = out.read_text(encoding="utf-8").replace('kg:code "510203" ;', "")
    bad = tmp_path / "bad.ttl"
    bad.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["validate", str(bad)])
    assert res.exit_code == 1
    assert "1 violations" in res.output and "Major 510203: needs exactly one key code" in res.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    res = runner.invoke(app, ["validate", str(broken)])
    assert res.exit_code == 1 and "not valid turtle" in res.output


def test_kg_export_command(embedded_graph, tmp_path):
    from kgcli.main import app

    db = embedded_graph.path  # opened read-only by the command, beside this writer
    runner = CliRunner()
    out = tmp_path / "cli.jsonld"
    res = runner.invoke(app, ["--db", db, "export", "--format", "jsonld", "--out", str(out), "--labels",
                              "Major,Occupation", "--json"])
    assert res.exit_code == 0, res.output
    stats = json.loads(res.output)
    assert stats["nodes"] == {"Major": 5, "Occupation": 6} and stats["relationships"]["PREPARES_FOR"] == 4
    assert len(Graph().parse(out, format="json-ld")) == stats["triples"]
    res = runner.invoke(app, ["--db", db, "export", "--format", "xml", "--out", str(out)])
    assert res.exit_code == 1 and "--format must be one of" in res.output
