"""The same reference load on the local Neo4j server gives the embedded store's graph."""
from __future__ import annotations

import time

import pytest

from ingest.base import write_batches
from ingest.reference import batches
from kg.store.embedded import EmbeddedStore

RESOLUTION = [
    ("MATCH (f:Firm) WHERE f.name CONTAINS '麦澜德' RETURN f.id AS id, f.listed_code AS code, f.tags AS tags", None),
    ("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) RETURN count(DISTINCT c) AS n", None),
    ("MATCH (c:College {moe_code: $code}) RETURN c.name AS name, c.aliases AS aliases", {"code": "4144011113"}),
    ("MATCH (i:Industry) WHERE i.level = $lv RETURN count(i) AS n", {"lv": "中类"}),
    ("MATCH (m:Major)-[r:PREPARES_FOR]->(o:Occupation) WHERE m.code = $m RETURN o.code AS occ ORDER BY occ",
     {"m": "610101"}),
    ("MATCH (f:Firm)-[r:IN_INDUSTRY]->(i:Industry) WHERE f.listed_code = $c RETURN i.code AS code, r.confidence AS conf",
     {"c": "000001.SZ"}),
    ("MATCH (m:Major {code: $m})-[r:SERVES]->(i:Industry) RETURN i.code AS code, r.level AS level, "
     "r.confidence AS conf, r.signals AS sig, r.evidence_items AS ev, r.extractor AS x ORDER BY code", {"m": "510101"}),
    ("MATCH (g:ProfessionalGroup)-[r:SERVES]->(i:Industry) RETURN count(r) AS n, count(DISTINCT g) AS g", None),
]


@pytest.mark.timeout(2400)  # a whole-folder load over Bolt (several minutes on a busy 2-core machine)
def test_reference_load_on_neo4j_equals_the_embedded_graph(neo4j, reference_dir, reference_graph, reference_summary,
                                                           record_property):
    t0 = time.perf_counter()
    summary = write_batches(neo4j, batches([reference_dir], neo4j, {}))
    seconds = round(time.perf_counter() - t0, 1)
    record_property("neo4j_reference_load_seconds", seconds)
    record_property("embedded_reference_load_seconds", reference_summary["seconds"])
    print(f"reference load: neo4j {seconds}s, embedded {reference_summary['seconds']}s")
    assert summary["rejected"] == reference_summary["rejected"]
    assert not summary["skipped_relationships"]
    emb = EmbeddedStore(str(reference_graph), read_only=True)
    try:
        assert neo4j.stats() == emb.stats()
        for query, params in RESOLUTION:
            assert neo4j.read(query, params) == emb.read(query, params), query
        from queries.industry import major_industry_links  # what `kg explain major` prints

        for code in ("460104", "610101", "520101K"):
            assert major_industry_links(neo4j, code) == major_industry_links(emb, code), code
    finally:
        emb.close()
