"""Shared fixtures.

* ``embedded`` — a fresh LadybugDB graph in a temp folder, schema applied.
* ``neo4j`` — the real local Neo4j Community server (scripts/neo4j-local.sh, from Maven Central
  artifacts), started once per session, emptied before each test. Without Java/Maven it skips —
  unless ``KG_REQUIRE_NEO4J=1`` (CI), where it fails.
* ``store`` — parametrised over both: a test using it runs on each store.
* ``reference_dir`` — ``data/reference`` (shipped; or KG_REFERENCE_DATA).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from kg.config import REPO_ROOT, settings
from kg.store.embedded import EmbeddedStore

NEO4J_SCRIPT = REPO_ROOT / "scripts" / "neo4j-local.sh"
NEO4J_PASSWORD = os.environ.get("NEO4J_LOCAL_PASSWORD", "kg-test-password")
REQUIRE_NEO4J = os.environ.get("KG_REQUIRE_NEO4J") == "1"

# Tests assert behaviour, never durations: hypothesis' default 200 ms per-example deadline fails on a
# loaded CI machine, so every property test runs without one (an explicit @settings still adds to this).
hypothesis_settings.register_profile("kg", deadline=None)
hypothesis_settings.load_profile("kg")

# `kg ingest` lowers its own CPU priority (KG_INGEST_NICE, default 19). The tests' ingest subprocesses run at
# the suite's priority instead: they check behaviour, not who gets the CPU, and beside a CPU-burning process
# (#23: "CI passes twice in a row under load") a nice-19 ingest gets ~1.5 % of a core and never finishes.
os.environ.setdefault("KG_INGEST_NICE", "0")
# Nor does it make way for an explorer (kg/activity.py): the browser tests' servers would pause it.
os.environ.setdefault("KG_INGEST_YIELD", "0")


def _neo4j_unavailable(reason: str):
    if REQUIRE_NEO4J:
        pytest.fail(f"Neo4j required (KG_REQUIRE_NEO4J=1) but unavailable: {reason}")
    pytest.skip(f"Neo4j not available: {reason}")


@pytest.fixture(scope="session")
def neo4j_server() -> dict:
    """Start the local Neo4j once; yields connection settings."""
    if not (shutil.which("java") and shutil.which("mvn")):
        _neo4j_unavailable("java and mvn are needed to run Neo4j from Maven Central artifacts")
    if not NEO4J_SCRIPT.exists():
        _neo4j_unavailable(f"{NEO4J_SCRIPT} missing")
    env = {**os.environ, "NEO4J_LOCAL_PASSWORD": NEO4J_PASSWORD}
    p = subprocess.run(["bash", str(NEO4J_SCRIPT), "start"], capture_output=True, text=True, env=env, timeout=600)
    if p.returncode != 0:
        _neo4j_unavailable(f"start failed: {(p.stderr or p.stdout).strip()[-500:]}")
    uri = subprocess.run(["bash", str(NEO4J_SCRIPT), "uri"], capture_output=True, text=True, env=env).stdout.strip()
    yield {"uri": uri, "user": "neo4j", "password": NEO4J_PASSWORD, "database": "neo4j"}
    # the server is left running for other sessions' speed only when asked
    if os.environ.get("KG_KEEP_NEO4J") != "1":
        subprocess.run(["bash", str(NEO4J_SCRIPT), "stop"], capture_output=True, text=True, env=env)


def neo4j_settings(server: dict):
    return settings(store="neo4j", neo4j_uri=server["uri"], neo4j_user=server["user"],
                    neo4j_password=server["password"], neo4j_database=server["database"])


def wipe_neo4j(st) -> None:
    while st.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c")[0]["c"]:
        pass


@pytest.fixture
def neo4j(neo4j_server):
    from kg.store.neo4j_store import Neo4jStore

    st = Neo4jStore(neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"], neo4j_server["database"])
    wipe_neo4j(st)
    st.apply_schema()
    yield st
    st.close()


@pytest.fixture
def embedded(tmp_path):
    st = EmbeddedStore(str(tmp_path / "graph.lbug"))
    st.apply_schema()
    yield st
    st.close()


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, tmp_path):
    if request.param == "embedded":
        st = EmbeddedStore(str(tmp_path / "graph.lbug"))
        st.apply_schema()
        yield st
        st.close()
    else:
        yield request.getfixturevalue("neo4j")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    p = Path(settings().reference_data)
    if not p.is_dir():
        pytest.fail(f"reference data folder missing: {p} (set KG_REFERENCE_DATA)")
    return p


@pytest.fixture(scope="session")
def reference_graph(tmp_path_factory, reference_dir) -> Path:
    """Path to an embedded graph (``.lbug``) holding the whole reference folder (`kg ingest reference`),
    loaded once per test session. Open it read-only: ``EmbeddedStore(str(path), read_only=True)``.
    The load summary (as `kg ingest reference --json` prints it, plus ``seconds``) is in
    :func:`reference_summary`."""
    import json
    import time

    from ingest.base import write_batches
    from ingest.reference import batches

    path = tmp_path_factory.mktemp("reference") / "reference.lbug"
    st = EmbeddedStore(str(path))
    try:
        st.apply_schema()
        t0 = time.perf_counter()
        summary = write_batches(st, batches([reference_dir], st, {}))
        summary["seconds"] = round(time.perf_counter() - t0, 2)
    finally:
        st.close()
    path.with_suffix(".summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def reference_summary(reference_graph) -> dict:
    """The summary of the session's reference load (documents, nodes, relationships, rejected, reports)."""
    import json

    return json.loads(reference_graph.with_suffix(".summary.json").read_text(encoding="utf-8"))
