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
    assert len(res["final_facts"]) == len(FILES) and all(doc and n > 0 for doc, n in res["final_facts"].values())
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


# ------------------------------------------------------------------ deterministic: a reader between two writes
PROFILE = """# 5102 计算机类

专业代码 {code}

专业名称 {name}

基本修业年限 三年

# 职业面向

面向计算机程序设计员等职业，软件开发、系统运维等岗位（群）。

# 主要专业能力要求

1. 具有程序设计与软件测试的能力；
2. 具有数据库管理与系统运维的能力。

# 主要专业课程与实习实训

专业基础课程：程序设计基础、计算机网络基础、数据库技术。

专业核心课程：Web前端开发、Java程序设计、Linux操作系统。
"""


class _ProbedWriter:
    """The ingest's store; after each of its writes (inside the ingest's transaction, if any) a separate
    reader probes the documents (bench.concurrency.probe)."""

    def __init__(self, st, reader, ids):
        self._st, self._reader, self._ids, self.seen = st, reader, ids, []

    def _probe(self):
        with self._reader.snapshot() as s:
            self.seen.append(concurrency.probe(s, self._ids))

    def upsert_nodes(self, *a, **k):
        out = self._st.upsert_nodes(*a, **k)
        self._probe()
        return out

    def upsert_relationships(self, *a, **k):
        out = self._st.upsert_relationships(*a, **k)
        self._probe()
        return out

    def __getattr__(self, name):
        return getattr(self._st, name)


def test_a_reader_between_two_writes_sees_each_document_absent_or_complete(store, tmp_path, request, monkeypatch):
    """TEST FIXTURE profiles (two majors), written one document per transaction: a reader probing after
    every single upsert — mid-transaction — sees each document absent or complete, never in between."""
    import ingest.base
    from ingest.readers import read_document
    from kg.records import Provenance
    from ingest.pipeline import run_ingest

    p = [Provenance(source="ref:test-fixture", extractor="test@1")]
    majors = [("510201", "计算机应用技术"), ("510202", "计算机网络技术")]
    store.upsert_nodes("Major", [{"code": c, "name": n, "catalogue": "2021", "_prov": p} for c, n in majors])
    files = []
    for c, n in majors:
        f = tmp_path / f"TEST-FIXTURE-{c}.md"
        f.write_text(PROFILE.format(code=c, name=n), encoding="utf-8")
        files.append(f)
    ids = [read_document(f).sha256 for f in files]
    if store.dialect == "ladybug":
        from kg.store.embedded import EmbeddedStore

        reader = EmbeddedStore(store.path, read_only=True)
    else:
        from kg.store.neo4j_store import Neo4jStore

        s = request.getfixturevalue("neo4j_server")
        reader = Neo4jStore(s["uri"], s["user"], s["password"], s["database"], read_only=True)
    import ingest.curriculum

    monkeypatch.setattr(ingest.base, "GROUP_DOCUMENTS", 1)  # one transaction per document
    monkeypatch.setattr(ingest.curriculum, "GROUP_DOCUMENTS", 1)  # (curriculum batches raise the limit)
    w = _ProbedWriter(store, reader, ids)
    try:
        summary = run_ingest(w, "curriculum", files, {})
        with reader.snapshot() as snap:
            final = concurrency.probe(snap, ids)
    finally:
        reader.close()
    assert summary["documents"] == 2 and all(doc and n >= 6 for doc, n in final.values()), (summary, final)
    assert len(w.seen) >= 4  # probed after every upsert of both documents
    bad = [(d, seen) for obs in w.seen for d, seen in obs.items() if seen not in ([False, 0], final[d])]
    assert bad == [], bad
    # the probes did fall between the documents too: the first complete while the second was absent
    assert [obs for obs in w.seen if obs[ids[0]] == final[ids[0]] and obs[ids[1]] == [False, 0]], w.seen
