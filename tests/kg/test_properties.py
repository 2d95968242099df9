"""Property-based tests (hypothesis) for record validation and storage of arbitrary text."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from kg import schema
from kg.console import check_read_only
from kg.records import NodeRecord, Provenance, RelRecord, sources_of, statements_of
from kg.store.base import ReadOnlyError
from kg.store.merge import merge_props, new_props

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
prov = st.builds(Provenance, source=text, evidence=st.none() | text, extractor=text,
                 confidence=st.floats(0, 1), locator=st.none() | text)


@given(label=st.sampled_from(schema.LABELS), key=text, p=prov)
def test_node_records_accept_any_text_key(label, key, p):
    r = NodeRecord(label=label, key=key, prov=p)
    assert r.row()[schema.key_of(label)] == key


@given(label=st.text(min_size=1, max_size=12).filter(lambda s: s not in schema.LABELS), p=prov)
def test_unknown_labels_are_rejected(label, p):
    try:
        NodeRecord(label=label, key="k", prov=p)
    except ValueError:
        return
    raise AssertionError("accepted an unknown label")


@given(t=st.sampled_from(schema.RELS), a=st.sampled_from(schema.LABELS), b=st.sampled_from(schema.LABELS), p=prov)
def test_relationship_endpoints_follow_the_schema(t, a, b, p):
    ok = (a, b) in t.pairs
    try:
        RelRecord(type=t.type, start_label=a, start_key="x", end_label=b, end_key="y", prov=p)
        assert ok
    except ValueError:
        assert not ok


@given(ps=st.lists(prov, min_size=1, max_size=6))
def test_provenance_merge_is_order_independent_in_content_and_idempotent(ps):
    props = {**schema.node("Course").props, **schema.PROVENANCE_PROPS}
    a = merge_props(props, None, {"_prov": ps}, [])
    b = merge_props(props, a, {"_prov": ps}, [])
    assert statements_of(a) == statements_of(b) and a == b  # same statements again → unchanged
    rev = merge_props(props, None, {"_prov": list(reversed(ps))}, [])
    assert sorted(statements_of(rev)) == sorted(statements_of(a)) and set(sources_of(rev)) == set(sources_of(a))
    assert a["confidence"] == max(p.confidence for p in ps)
    assert all(json.loads(s)["source"] in sources_of(a) for s in statements_of(a))


@given(ps=st.lists(prov, min_size=1, max_size=4))
def test_compact_provenance_rebuilds_every_statement_exactly(ps):
    """One statement: no list is stored and the summary properties rebuild it byte for byte; several:
    the list is stored. Either way statements_of gives Provenance.to_json of each distinct statement."""
    props = {**schema.node("Course").props, **schema.PROVENANCE_PROPS}
    want = list(dict.fromkeys(p.to_json() for p in ps))
    a = merge_props(props, None, {"_prov": ps}, [])
    assert statements_of(a) == want
    assert (a["provenance"] is None and a["sources"] is None) == (len(want) == 1)
    one = new_props(props, {"_prov": ps[:1]}, [])
    assert one["provenance"] is None and statements_of(one) == [ps[0].to_json()]
    assert one == merge_props(props, None, {"_prov": ps[:1]}, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text)
def test_any_text_round_trips_through_the_embedded_store(embedded, name):
    p = Provenance(source="hyp", extractor="hyp@1", evidence=name)
    embedded.write("MATCH (c:Course) DETACH DELETE c")
    embedded.upsert_nodes("Course", [{"id": "c", "name": name, "_prov": [p]}])
    got = embedded.read("MATCH (c:Course {id: 'c'}) RETURN c.name AS n, c.evidence AS e")
    assert got == [{"n": name, "e": name}]
    embedded.read("MATCH (c:Course) WHERE c.name = $n RETURN count(c) AS k", {"n": name})


@given(q=st.text(max_size=80))
def test_console_check_never_crashes(q):
    try:
        check_read_only(q)
    except ReadOnlyError as e:
        assert "\n" not in str(e)
