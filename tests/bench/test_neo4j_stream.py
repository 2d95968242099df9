"""bench.neo4j_stream: the chunked load into Neo4j stores exactly what the generator produced."""
from __future__ import annotations

import pytest

from bench import common, neo4j_stream


@pytest.mark.timeout(900)
def test_streamed_tiny_graph_is_stored_completely_and_rewritten_chunks_are_upserts(neo4j, neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server["uri"])
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server["password"])
    # small chunks: every relationship type after its first chunk goes through the existing-pair lookup
    res = neo4j_stream.run("tiny", 42, chunk=700, neo4j_local=False, echo=lambda s: None)
    parts, _ = common.parts("tiny", 42)
    expected = common.expected_counts(parts)
    assert common.check_counts(neo4j, expected) == []
    assert res["stored_nodes"] == sum(expected["nodes"].values())
    assert res["stored_relationships"] == sum(expected["relationships"].values()) == res["relationships"]
    assert res["complete"] and res["rels_per_s"] > 0
    # the document node is written last, so a reader that finds it finds the whole graph
    doc = neo4j.read("MATCH (d:Document {kind: 'synthetic'}) RETURN d.status AS s")
    assert doc == [{"s": "complete"}]
