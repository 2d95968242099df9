"""Atomic, resumable ingest: SIGKILL `kg ingest reference` midway, reopen, check, resume.

After the kill the graph must open; every Document recorded as complete must hold exactly the facts an
uninterrupted run gives it (its own provenance source); re-running the command must finish the rest
to exactly the counts of an uninterrupted run. On Neo4j the client is killed the same way.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from kg import schema
from kg.config import settings
from kg.store.embedded import EmbeddedStore

from kg import schema

def _kg(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kgcli.main", *args], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _complete_docs(store) -> list[str]:
    return [r["id"] for r in store.read("MATCH (d:Document) WHERE d.status = 'complete' RETURN d.id AS id",
                                        limit=None)]


def _facts_by_source(store) -> dict[str, frozenset]:
    """Every node and relationship, by identity (label + key; type + both ends), under each source that
    states it. A fact stated by one source keeps it in ``source`` (no list: compact provenance), by
    several in ``sources`` — both forms count, or single-statement facts (most) are never checked."""
    out: dict[str, set] = {}

    def add(fact, row):
        for s in (row["ss"] or ([row["s"]] if row["s"] is not None else [])):
            out.setdefault(s, set()).add(fact)

    for n in schema.NODES:
        for r in store.read(f"MATCH (x:{n.label}) RETURN x.{n.key} AS k, x.source AS s, x.sources AS ss",
                            limit=None):
            add(("node", n.label, r["k"]), r)
    for t in schema.RELS:
        for a, b in t.pairs:
            q = (f"MATCH (p:{a})-[x:{t.type}]->(o:{b}) RETURN p.{schema.key_of(a)} AS a, "
                 f"o.{schema.key_of(b)} AS b, x.source AS s, x.sources AS ss")
            for r in store.read(q, limit=None):
                add(("rel", t.type, a, r["a"], b, r["b"]), r)
    return {s: frozenset(f) for s, f in out.items()}


def _kill_when(proc, count_docs, at_least: int, timeout: float = 900) -> int:
    """SIGKILL ``proc`` once ``count_docs()`` reaches ``at_least``. The kill comes first and the exit
    status decides afterwards (no poll-then-kill window): -SIGKILL proves it died mid-run."""
    t0 = time.monotonic()
    n = 0
    while proc.poll() is None and time.monotonic() - t0 < timeout:
        try:
            n = count_docs()
        except Exception:  # the writer may be mid-checkpoint; try again
            n = 0
        if n >= at_least:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL, f"the ingest ended by itself (exit {proc.returncode}) before the kill"
    return n


def _sources_complete(store, full_store) -> list[str]:
    """Sources whose every document (table chunk) is complete: a chunked reference table's rows cite
    the file (``ref:<path>``), so it is checkable once all of that file's chunks are in."""
    done = set(_complete_docs(store))
    by_file: dict[str, set[str]] = {}
    for d in _complete_docs(full_store):
        by_file.setdefault(d.split("#", 1)[0], set()).add(d)
    out = [d for d in done]
    out += [f for f, chunks in by_file.items() if chunks <= done and f not in done]
    return out


def _check_and_resume(store_open, env, full_stats, full_store):
    st = store_open()
    try:
        done = _complete_docs(st)
        assert done, "nothing was complete before the kill"
        checkable = _sources_complete(st, full_store)
        full_facts, facts = _facts_by_source(full_store), _facts_by_source(st)
        checked = 0
        for s in checkable:
            want = full_facts.get(s, frozenset())
            got = facts.get(s, frozenset())
            assert got == want, f"source {s} after the kill: {len(want - got)} facts missing, {len(got - want)} extra"
            checked += bool(want)
        assert checked, "no fact-bearing source to check"
        partial = st.stats()
    finally:
        st.close()
    assert partial != full_stats
    p = _kg(env, "ingest", "reference", "--json")
    out, err = p.communicate(timeout=900)
    assert p.returncode == 0, err[-2000:]
    summary = json.loads(out)
    assert summary["documents_skipped"] >= len(done)
    st = store_open()
    try:
        assert st.stats() == full_stats
    finally:
        st.close()


def test_sigkill_midway_embedded(tmp_path, reference_graph):
    full = EmbeddedStore(str(reference_graph), read_only=True)
    full_stats = full.stats()
    total_docs = len(_complete_docs(full))
    db = str(tmp_path / "killed.lbug")
    env = {"KG_DB": db, "KG_STORE": "embedded"}
    p = _kg(env, "ingest", "reference", "--json")

    def count():
        if not os.path.exists(db):
            return 0
        watcher = EmbeddedStore(db, read_only=True)
        try:
            return len(_complete_docs(watcher))
        finally:
            watcher.close()

    try:
        n = _kill_when(p, count, at_least=max(2, total_docs // 3))
        assert n < total_docs
        _check_and_resume(lambda: EmbeddedStore(db), env, full_stats, full)
    finally:
        full.close()


@pytest.mark.neo4j
def test_kill_client_midway_neo4j(neo4j_server, reference_graph):
    from kg.store.neo4j_store import Neo4jStore

    full = EmbeddedStore(str(reference_graph), read_only=True)
    full_stats = full.stats()
    total_docs = len(_complete_docs(full))
    cfg = settings(store="neo4j", neo4j_uri=neo4j_server["uri"], neo4j_user=neo4j_server["user"],
                   neo4j_password=neo4j_server["password"], neo4j_database=neo4j_server["database"])

    def open_neo4j():
        return Neo4jStore(cfg.neo4j_uri, cfg.neo4j_user, cfg.neo4j_password, cfg.neo4j_database)

    st = open_neo4j()
    while st.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c")[0]["c"]:
        pass
    st.apply_schema()
    st.close()
    env = {"KG_STORE": "neo4j", "NEO4J_URI": cfg.neo4j_uri, "NEO4J_USERNAME": cfg.neo4j_user,
           "NEO4J_PASSWORD": cfg.neo4j_password, "NEO4J_DATABASE": cfg.neo4j_database}
    p = _kg(env, "ingest", "reference", "--json")
    watcher = open_neo4j()
    try:
        n = _kill_when(p, lambda: len(_complete_docs(watcher)), at_least=max(2, total_docs // 3))
    finally:
        watcher.close()
    try:
        assert n < total_docs
        _check_and_resume(open_neo4j, env, full_stats, full)
    finally:
        full.close()
