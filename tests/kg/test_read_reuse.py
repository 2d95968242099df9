"""The read-only embedded store keeps one open and reuses it — and never serves a stale graph.

LadybugDB facts these tests rely on (checked with two processes): a read-only ``Database`` can stay
open while another process opens the file for writing, commits and checkpoints; the held open keeps
showing the graph as it was when opened. So the store must notice the change and reopen. The writers
here are real separate processes (``subprocess``), as ``kg ingest`` next to the explorer would be.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from kg.records import Provenance
from kg.store import ReadOnlyError
from kg.store.embedded import EmbeddedStore

P = Provenance(source="test:reads", evidence="-", extractor="test@1", confidence=1.0)
COUNT = "MATCH (f:Firm) RETURN count(f) AS n"

# a writer process: adds Firms w<i>..; "close" = commit + close (checkpoint), "hold" = commit and stay
# open (the WAL holds the commit) until told to exit on stdin
WRITER = textwrap.dedent("""
    import sys
    from kg.records import Provenance
    from kg.store.embedded import EmbeddedStore
    path, first, n, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    w = EmbeddedStore(path)
    p = Provenance(source="test:writer", evidence="-", extractor="test@1", confidence=1.0)
    for i in range(first, first + n):
        w.upsert_nodes("Firm", [{"id": f"w{i}", "name": f"企业{i}", "_prov": [p]}])
    if mode == "hold":
        print("committed", flush=True)
        sys.stdin.readline()
    w.close()
    print("closed", flush=True)
""")


def _env() -> dict:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _write(path: str, first: int, n: int = 1) -> None:
    p = subprocess.run([sys.executable, "-c", WRITER, path, str(first), str(n), "close"], capture_output=True,
                       text=True, env=_env(), timeout=120)
    assert p.returncode == 0 and "closed" in p.stdout, p.stderr[-2000:]


def _age(path: str, seconds: float = 60) -> None:
    """Make the graph's files look untouched for ``seconds`` (as a graph nobody wrote to lately)."""
    t = time.time() - seconds
    for f in (path, path + ".wal"):
        if os.path.exists(f):
            os.utime(f, (t, t))


@pytest.fixture
def graph(tmp_path) -> str:
    path = str(tmp_path / "g.lbug")
    w = EmbeddedStore(path)
    w.apply_schema()
    w.upsert_nodes("Firm", [{"id": "f0", "name": "企业0", "_prov": [P]}])
    w.close()
    _age(path)
    return path


def test_reads_reuse_one_open_while_the_files_are_unchanged(graph):
    ro = EmbeddedStore(graph, read_only=True)
    assert ro.read(COUNT) == [{"n": 1}]
    held = ro._ro_db
    for _ in range(3):
        assert ro.read(COUNT) == [{"n": 1}]
    assert ro._ro_db is held is not None
    with pytest.raises(ReadOnlyError):
        ro.read("CREATE (:Firm {id: 'x'})")
    ro.close()
    assert ro._ro_db is None
    assert ro.read(COUNT) == [{"n": 1}]  # a closed read-only store opens again on the next read


def test_never_stale_after_another_process_commits_and_closes(graph):
    ro = EmbeddedStore(graph, read_only=True)
    assert ro.read(COUNT) == [{"n": 1}]
    for i in range(1, 4):  # rounds faster than any file-time tick: each read must see the write before it
        _write(graph, i)
        assert ro.read(COUNT) == [{"n": 1 + i}]
    _age(graph)  # a quiet graph: the open is reused ...
    assert ro.read(COUNT) == [{"n": 4}]
    held = ro._ro_db
    assert ro.read(COUNT) == [{"n": 4}] and ro._ro_db is held
    _write(graph, 10, n=2)  # ... until another process writes
    assert ro.read(COUNT) == [{"n": 6}]
    assert ro.read("MATCH (f:Firm {id: 'w11'}) RETURN f.name AS n") == [{"n": "企业11"}]


def test_sees_a_commit_of_a_writer_that_is_still_open(graph):
    ro = EmbeddedStore(graph, read_only=True)
    assert ro.read(COUNT) == [{"n": 1}]
    w = subprocess.Popen([sys.executable, "-c", WRITER, graph, "1", "2", "hold"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        assert w.stdout.readline().strip() == "committed", w.stderr.read()[-2000:] if w.poll() is not None else ""
        assert ro.read(COUNT) == [{"n": 3}]  # the commit is in the writer's WAL, not yet checkpointed
    finally:
        out, err = w.communicate("\n", timeout=120)
    assert w.returncode == 0 and "closed" in out, err[-2000:]
    assert ro.read(COUNT) == [{"n": 3}]


def test_snapshot_is_one_open_and_the_next_read_after_it_is_fresh(graph):
    ro = EmbeddedStore(graph, read_only=True)
    with ro.snapshot() as s:
        assert s.read(COUNT) == [{"n": 1}]
        held = ro._ro_db
        with s.snapshot() as inner:  # nested: still the same open
            assert inner.read(COUNT) == [{"n": 1}]
            assert ro._ro_db is held
        with pytest.raises(ReadOnlyError):
            s.write("CREATE (:Firm {id: 'x'})")
    _write(graph, 1)
    assert ro.read(COUNT) == [{"n": 2}]
    assert ro._ro_db is not held


def test_a_snapshot_read_across_another_process_checkpoint_is_refused_not_torn(graph):
    """The open reads the main file's pages lazily; another process's checkpoint (here: commit + close)
    rewrites them in place, so a read on the same open after it could mix two states (#23). Every read
    of a snapshot is checked when it ends: ChangedDuringRead, and the block runs again on a fresh open."""
    from kg.store import ChangedDuringRead

    ro = EmbeddedStore(graph, read_only=True)
    with pytest.raises(ChangedDuringRead):
        with ro.snapshot() as s:
            assert s.read(COUNT) == [{"n": 1}]
            _write(graph, 1)
            s.read(COUNT)  # same open, the file rewritten under it: refused
    with ro.snapshot() as s:  # the block once more: one fresh open, the new committed state
        assert s.read(COUNT) == [{"n": 2}]


def test_a_commit_in_the_wal_does_not_refuse_a_snapshot_in_progress(graph):
    """A commit only appends to the WAL, which an open has read when it opened: a snapshot keeps its
    committed view (no refusal), and the next read outside it sees the commit. (The upserts' COPY
    checkpoints at commit, so this writer commits plain CREATEs.)"""
    plain = textwrap.dedent("""
        import sys
        from kg.store.embedded import EmbeddedStore
        w = EmbeddedStore(sys.argv[1])
        w.write("CREATE (:Firm {id: 'w1', name: '企业1'})")
        w.write("CREATE (:Firm {id: 'w2', name: '企业2'})")
        print("committed", flush=True)
        sys.stdin.readline()
        w.close()
        print("closed", flush=True)
    """)
    ro = EmbeddedStore(graph, read_only=True)
    w = subprocess.Popen([sys.executable, "-c", plain, graph], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        with ro.snapshot() as s:
            assert s.read(COUNT) == [{"n": 1}]
            assert w.stdout.readline().strip() == "committed"
            assert s.read(COUNT) == [{"n": 1}]  # its view, not refused
        assert ro.read(COUNT) == [{"n": 3}]
    finally:
        out, err = w.communicate("\n", timeout=120)
    assert w.returncode == 0 and "closed" in out, err[-2000:]


def test_writer_store_snapshot_reads_its_own_uncommitted_writes(tmp_path):
    w = EmbeddedStore(str(tmp_path / "g.lbug"))
    w.apply_schema()
    with w.transaction():
        w.upsert_nodes("Firm", [{"id": "a", "name": "甲", "_prov": [P]}])
        with w.snapshot() as s:
            assert s is w and s.read(COUNT) == [{"n": 1}]
    w.close()


def test_a_replaced_graph_file_is_reopened(graph, tmp_path):
    ro = EmbeddedStore(graph, read_only=True)
    assert ro.read(COUNT) == [{"n": 1}]
    other = str(tmp_path / "other.lbug")
    w = EmbeddedStore(other)
    w.apply_schema()
    w.upsert_nodes("Firm", [{"id": f"o{i}", "name": f"乙{i}", "_prov": [P]} for i in range(5)])
    w.close()
    os.replace(other, graph)  # e.g. a graph rebuilt elsewhere and moved into place
    _age(graph)
    assert ro.read(COUNT) == [{"n": 5}]


def test_the_change_token_names_the_open_the_reads_are_served_from(graph):
    """EmbeddedStore.change_token on the read-only side (no query): reads leave it as it is; another
    process's ingest changes it before the next read shows the new node; a quiet graph keeps one."""
    ro = EmbeddedStore(graph, read_only=True)
    t0 = ro.change_token()
    assert ro.read(COUNT) == [{"n": 1}] and ro.change_token() == t0
    with ro.snapshot() as s:
        assert s.read(COUNT) == [{"n": 1}] and s.change_token() == t0
    for i in range(1, 3):  # rounds faster than any file-time tick: each must change it
        _write(graph, i)
        t = ro.change_token()
        assert t != t0 and ro.read(COUNT) == [{"n": 1 + i}]
        t0 = t
    _age(graph)  # nobody wrote lately: one open, one token
    t1 = ro.change_token()
    assert ro.read(COUNT) == [{"n": 3}] and ro.read(COUNT) == [{"n": 3}] and ro.change_token() == t1
    ro.close()
