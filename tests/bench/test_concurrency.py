"""Several users at once (#23, bench/concurrency.py): ten explorer sessions (the pages' own library calls,
one shared read-only store, as the app shares it) read while `kg ingest` writes curriculum documents in
another process — on both stores. Behaviour only: no errors, every page answered, and every probe saw
each document either absent or complete (never half-ingested). The timings go to the benchmark
(BENCHMARKS.md, bench/results/concurrency-*.json), never into an assertion."""
from __future__ import annotations

import pytest

from bench import concurrency

FILES = ("5103通信类.md", "5202护理类.md", "5301财政税务类.md")  # written one transaction each


def _files(reference_dir):
    return [reference_dir / "curricula" / "major_profiles_2022" / f for f in FILES]


def _check(res: dict) -> None:
    assert res["ingest"]["returncode"] == 0 and res["ingest"]["documents"] == len(FILES), res["ingest"]
    assert res["error_count"] == 0, res["errors"]
    assert res["partial_count"] == 0, res["partial"]
    assert len(res["final_facts"]) == len(FILES) and all(n > 0 for n in res["final_facts"].values())
    assert set(res["pages"]) == set(concurrency.page_calls({"college": "", "group": ""}))
    assert res["probes"] >= res["sessions"]


def test_ten_sessions_while_an_ingest_writes_embedded(reference_graph, reference_dir, tmp_path):
    _check(concurrency.embedded(reference_graph, _files(reference_dir), tmp_path, sessions=10, seconds=10,
                                timeout_s=600))


@pytest.mark.neo4j
def test_ten_sessions_while_an_ingest_writes_neo4j(neo4j_server, reference_graph, reference_dir):
    from kg.config import settings

    cfg = settings(store="neo4j", neo4j_uri=neo4j_server["uri"], neo4j_user=neo4j_server["user"],
                   neo4j_password=neo4j_server["password"], neo4j_database=neo4j_server["database"])
    _check(concurrency.neo4j(reference_graph, _files(reference_dir), cfg, sessions=10, seconds=10, timeout_s=600))
