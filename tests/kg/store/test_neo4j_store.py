"""Neo4jStore.snapshot: a page's reads that straddle another session's commit are refused, not mixed."""
from __future__ import annotations

import pytest

from kg.store.base import ChangedDuringRead, retry_changed

pytestmark = pytest.mark.neo4j


def _reader(server):
    from kg.store.neo4j_store import Neo4jStore

    return Neo4jStore(server["uri"], server["user"], server["password"], server["database"], read_only=True)


def _ingest(w, doc: str) -> None:  # what one ingest transaction commits: facts and their Document
    with w.transaction():
        w.write("CREATE (:Major {code: $c, name: '测试专业'})", {"c": doc})
        w.write("CREATE (:Document {id: $d, kind: 'curriculum', ingested_at: $d})", {"d": doc})


def test_a_snapshot_across_a_commit_is_refused_and_runs_again(neo4j, neo4j_server):
    r = _reader(neo4j_server)
    try:
        count = "MATCH (m:Major) RETURN count(m) AS n"
        with r.snapshot() as s:  # nothing committed meanwhile: the block's answer stands
            assert s.read(count)[0]["n"] == 0
        with pytest.raises(ChangedDuringRead):
            with r.snapshot() as s:
                majors = s.read(count)[0]["n"]
                _ingest(neo4j, "2026-12-07T00:00:01")  # another session commits between the page's two reads
                docs = s.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
        assert (majors, docs) == (0, 1)  # the mixed answer the check refused

        attempts = []

        def page():
            attempts.append(1)
            with r.snapshot() as s:
                a = s.read(count)[0]["n"]
                if len(attempts) == 1:
                    _ingest(neo4j, "2026-12-07T00:00:02")
                return a, s.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
        assert retry_changed(page) == (2, 2) and len(attempts) == 2  # run again on the new state: consistent
    finally:
        r.close()


def test_the_writers_own_transaction_is_not_checked(neo4j):
    with neo4j.transaction():
        neo4j.write("CREATE (:Major {code: 'x', name: 'y'})")
        with neo4j.snapshot() as s:
            assert s.read("MATCH (m:Major) RETURN count(m) AS n")[0]["n"] == 1
