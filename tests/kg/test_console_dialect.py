"""Dialect notes of the analyst console: what differs between the embedded store and Neo4j, detected in
the query text; the claims in the notes hold on the embedded engine."""
from __future__ import annotations

import pytest

from kg.console import dialect_notes


def codes(q, store="embedded"):
    return [c for c, _, _ in dialect_notes(q, store)]


@pytest.mark.parametrize("q, expected", [
    ("RETURN substring('abcdef', 0, 3) AS s", ["substring0"]),
    ("MATCH (m:Major) RETURN substring(m.name, 2) AS s", ["substring"]),
    ("MATCH (m:Major) RETURN substring(toLower(m.name), 0, 2) AS s", ["substring0"]),
    ("MATCH (a) RETURN labels(a)[0]", ["index0"]),
    ("MATCH (a) RETURN a.tags[2]", ["index"]),
    ("RETURN [1, 2, 3][1..2] AS x", ["slice"]),
    ("RETURN toInteger('3') AS x, split('a,b', ',') AS y", ["function", "function"]),
    # nothing to say: patterns, variable-length hops, brackets inside strings, comments
    ("MATCH p = (a:Major)-[:IN_CLASS*1..2]->(b) RETURN p", []),
    ("MATCH (a)-[r:PREPARES_FOR]->(b) RETURN a.name, type(r) LIMIT 5", []),
    ("MATCH (m:Major {name: 'x[0] substring(s, 0, 1)'}) RETURN m // substring(a, 0)", []),
])
def test_detected(q, expected):
    assert codes(q) == expected


def test_function_hint_only_on_the_embedded_store():
    assert codes("RETURN toInteger('3')", "neo4j") == []
    (_, note, fmt), = dialect_notes("RETURN toInteger('3')")
    assert fmt["name"] == "tointeger" and "INT64" in note


def test_notes_state_what_the_embedded_engine_does(embedded):
    assert embedded.read("RETURN substring('abcdef', 0, 3) AS s")[0]["s"] == ""
    assert embedded.read("RETURN substring('abcdef', 1, 3) AS s")[0]["s"] == "abc"
    assert embedded.read("RETURN [10, 20, 30][1] AS x")[0]["x"] == 10
    assert embedded.read("RETURN [10, 20, 30][1..2] AS x")[0]["x"] == [10, 20]
