"""kg.rdf: the ontology and SHACL shapes are rendered from the schema; IRIs are stable and reversible."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib import namespace as NS

from kg import rdf, schema


KG_DIR = Path(rdf.__file__).resolve().parent


@pytest.fixture(scope="module")
def onto() -> Graph:
    return rdf.ontology_graph(rdf.DEFAULT_BASE)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return rdf.shapes_graph(rdf.DEFAULT_BASE)


def _members(g: Graph, node) -> set:
    """A class or an owl:unionOf of classes → the set of member IRIs."""
    lst = g.value(node, NS.OWL.unionOf)
    return set(Collection(g, lst)) if lst is not None else {node}


def test_committed_ontology_and_shapes_are_the_rendering():
    for name, render in (("ontology.ttl", rdf.ontology_turtle), ("shapes.ttl", rdf.shapes_turtle)):
        committed = (KG_DIR / name).read_text(encoding="utf-8")
        assert committed == render(rdf.DEFAULT_BASE), f"kg/{name} is stale: run `kg ontology --write`"
        assert isomorphic(Graph().parse(data=committed, format="turtle"),
                          (rdf.ontology_graph if name == "ontology.ttl" else rdf.shapes_graph)(rdf.DEFAULT_BASE))


def test_every_label_is_a_class_with_zh_en_labels_and_comment(onto):
    K = rdf.Vocab().KG
    classes = {s for s in onto.subjects(NS.RDF.type, NS.OWL.Class) if isinstance(s, URIRef)}
    assert classes == {K[n.label] for n in schema.NODES}
    for nt in schema.NODES:
        labels = {(str(x), x.language) for x in onto.objects(K[nt.label], NS.RDFS.label)}
        assert (nt.zh, "zh") in labels and (nt.en, "en") in labels
        assert onto.value(K[nt.label], NS.RDFS.comment) is not None


def test_relationships_are_object_properties_with_domain_and_range_from_the_pairs(onto):
    K = rdf.Vocab().KG
    for rt in schema.RELS:
        p = K[rt.type]
        assert (p, NS.RDF.type, NS.OWL.ObjectProperty) in onto
        assert _members(onto, onto.value(p, NS.RDFS.domain)) == {K[a] for a, _ in rt.pairs}
        assert _members(onto, onto.value(p, NS.RDFS.range)) == {K[b] for _, b in rt.pairs}
        langs = {x.language for x in onto.objects(p, NS.RDFS.label)}
        assert {"zh", "en"} <= langs


def test_properties_are_datatype_properties_with_the_schema_types(onto):
    K = rdf.Vocab().KG
    for nt in schema.NODES:
        for prop, type_ in {nt.key: schema.STRING, **nt.props}.items():
            p = K[prop]
            assert (p, NS.RDF.type, NS.OWL.DatatypeProperty) in onto, prop
            assert onto.value(p, NS.RDFS.range) == rdf.XSD_OF[type_], prop
            assert K[nt.label] in _members(onto, onto.value(p, NS.RDFS.domain)), (nt.label, prop)
            assert {x.language for x in onto.objects(p, NS.RDFS.label)} >= {"zh", "en"}
    for rt in schema.RELS:
        for prop in rt.props:
            assert NS.RDF.Statement in _members(onto, onto.value(K[prop], NS.RDFS.domain)), (rt.type, prop)


def test_alignments_and_taxonomies(onto):
    K = rdf.Vocab().KG
    for label, target in (("College", NS.SDO.CollegeOrUniversity), ("Major", NS.SDO.EducationalOccupationalProgram),
                          ("Course", NS.SDO.Course), ("Occupation", NS.SDO.Occupation), ("Firm", NS.SDO.Organization)):
        assert (K[label], NS.RDFS.subClassOf, target) in onto
    for label in ("Industry", "Occupation", "MajorCategory", "MajorClass"):
        assert (K[label], NS.RDFS.subClassOf, NS.SKOS.Concept) in onto
    schemes = set(onto.subjects(NS.RDF.type, NS.SKOS.ConceptScheme))
    assert {URIRef(rdf.Vocab().scheme(x)) for x in ("Industry", "Occupation", "Major")} == schemes
    assert (K.REQUIRES, NS.RDFS.subPropertyOf, rdf.ESCO.relatedEssentialSkill) in onto


def test_shapes_cover_keys_datatypes_and_endpoint_classes(shapes):
    v = rdf.Vocab()
    K, S = v.KG, v.SHAPES
    for nt in schema.NODES:
        ns = S[nt.label]
        assert (ns, NS.SH.targetClass, K[nt.label]) in shapes
        assert (ns, NS.SH.closed, Literal(True)) in shapes
        props = {shapes.value(ps, NS.SH.path): ps for ps in shapes.objects(ns, NS.SH.property)}
        key = props[K[nt.key]]
        assert shapes.value(key, NS.SH.minCount) == Literal(1) and shapes.value(key, NS.SH.maxCount) == Literal(1)
        for prop, type_ in nt.props.items():
            ps = props[K[prop]]
            if type_ == schema.STRINGS:
                assert shapes.value(ps, NS.SH.node) == S.StringList
            else:
                assert shapes.value(ps, NS.SH.datatype) == rdf.XSD_OF[type_]
        for rt in schema.RELS:
            ends = {b for a, b in rt.pairs if a == nt.label}
            if not ends:
                assert K[rt.type] not in props  # closed shape: a relationship from the wrong class is refused
                continue
            ps = props[K[rt.type]]
            cls = shapes.value(ps, NS.SH["class"])
            got = {cls} if cls is not None else {shapes.value(s, NS.SH["class"])
                                                 for s in Collection(shapes, shapes.value(ps, NS.SH["or"]))}
            assert got == {K[e] for e in ends}


def test_iri_base_is_configurable_and_checked(monkeypatch):
    monkeypatch.setenv("KG_IRI_BASE", "https://data.example.edu.cn/kg/")
    v = rdf.Vocab()
    assert v.node("Major", "510201") == "https://data.example.edu.cn/kg/Major/510201"
    assert str(v.KG.Major) == "https://data.example.edu.cn/kg/ontology#Major"
    g = rdf.ontology_graph()
    assert (v.KG.Major, NS.RDF.type, NS.OWL.Class) in g
    for bad in ("example.org/kg/", "https://example.org/kg", "https://example.org/k g/"):
        monkeypatch.setenv("KG_IRI_BASE", bad)
        with pytest.raises(ValueError, match="KG_IRI_BASE"):
            rdf.Vocab()


def test_node_iris_percent_encode_chinese_and_reserved_characters():
    v = rdf.Vocab(rdf.DEFAULT_BASE)
    assert v.node("Major", "510201") == "https://example.org/kg/Major/510201"
    assert v.node("Major", "520101K") == "https://example.org/kg/Major/520101K"
    assert v.node("Region", "广东省/广州市") == ("https://example.org/kg/Region/"
                                              "%E5%B9%BF%E4%B8%9C%E7%9C%81%2F%E5%B9%BF%E5%B7%9E%E5%B8%82")
    assert v.node("Skill", "..") == "https://example.org/kg/Skill/%2E%2E"
    assert v.node("Skill", "c#").endswith("/Skill/c%23")


@settings(max_examples=200, deadline=None)
@given(label=st.sampled_from(schema.LABELS), key=st.text(min_size=1, max_size=30))
def test_node_iris_are_reversible_and_valid(label, key):
    v = rdf.Vocab(rdf.DEFAULT_BASE)
    iri = v.node(label, key)
    assert v.parse_node(iri) == (label, key)
    assert all(0x21 <= ord(c) < 0x7F and c not in '<>"{}|\\^`' for c in iri)  # plain ASCII IRI


def test_literal_lexical_forms_are_exact():
    assert rdf.literal(0.1, schema.FLOAT).lex == "0.1"
    assert float(rdf.literal(12.345678901234567, schema.FLOAT).lex) == 12.345678901234567
    assert rdf.literal(True, schema.BOOL) == rdf.Lit("true", str(NS.XSD.boolean))
    assert rdf.literal(2021, schema.INT) == rdf.Lit("2021", str(NS.XSD.integer))
