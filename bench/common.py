"""Shared pieces of the benchmarks: timing statistics, machine facts, stores, synthetic parts."""
from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from kg import schema
from kg.config import REPO_ROOT, settings

BENCH_DIR = REPO_ROOT / ".kg" / "bench"
NEO4J_SCRIPT = REPO_ROOT / "scripts" / "neo4j-local.sh"


def stop_process_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started: SIGTERM to its
    group, wait up to ``timeout`` seconds, then SIGKILL. A group already gone is fine."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def percentile(xs: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in [0, 100]) — numpy's default method."""
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def timing_stats(seconds: list[float]) -> dict:
    return {"runs": len(seconds), "median_ms": round(1000 * statistics.median(seconds), 2),
            "p95_ms": round(1000 * percentile(seconds, 95), 2), "min_ms": round(1000 * min(seconds), 2),
            "max_ms": round(1000 * max(seconds), 2)}


@contextmanager
def stopwatch() -> Iterator[dict]:
    """Wall seconds and CPU seconds of this process (all its threads): on a shared machine the CPU
    time shows the work done when the wall time is inflated by other processes."""
    out: dict[str, float] = {}
    t, c = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out["seconds"] = time.perf_counter() - t
        out["cpu_s"] = time.process_time() - c


def peak_rss_mb() -> float:
    """This process's peak resident memory (ru_maxrss is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict:
    import ladybug
    import neo4j

    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = None
    return {"cpus": os.cpu_count(), "memory_gib": round(mem, 1) if mem else None,
            "python": platform.python_version(), "ladybug": getattr(ladybug, "__version__", "?"),
            "neo4j_driver": neo4j.__version__, "platform": platform.platform(),
            "loadavg_1m": round(os.getloadavg()[0], 2)}


def fresh_dir(name: str, root: Path | None = None) -> Path:
    d = (root or BENCH_DIR) / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True, exist_ok=True)
    return d


# ------------------------------------------------------------------ synthetic data
def taxonomy(scale: str, reference_graph: str | None = None, reference_data: str | None = None,
             province: str | None = None):
    """The real taxonomy for the generator: from a reference graph when it holds one, else the files.

    Returns (taxonomy, note)."""
    from bench import synthetic

    province = province or synthetic.DEFAULT_PROVINCE
    data = reference_data or settings().reference_data
    if reference_graph and Path(reference_graph).exists():
        from kg.store import StoreError
        from kg.store.embedded import EmbeddedStore

        try:
            st = EmbeddedStore(reference_graph, read_only=True)
            try:
                return synthetic.load_taxonomy(scale, store=st, province=province), f"taxonomy from graph {reference_graph}"
            finally:
                st.close()
        except (ValueError, StoreError) as e:
            note = f"reference graph {reference_graph} not usable ({str(e).splitlines()[0]}); taxonomy from files"
            return synthetic.load_taxonomy(scale, reference_data=data, province=province), note
    return synthetic.load_taxonomy(scale, reference_data=data, province=province), f"taxonomy from files in {data}"


def parts(scale: str, seed: int, reference_graph: str | None = None, province: str | None = None,
          whole: bool = True):
    """(list of Part, note): the synthetic graph, one Part per table when ``whole``."""
    from bench import synthetic

    tx, note = taxonomy(scale, reference_graph, province=province)
    gen = synthetic.Generator(tx, scale, seed, chunk=10**9 if whole else synthetic.CHUNK)
    return list(gen.parts()), note


def count_rows(parts) -> tuple[int, int]:
    n = sum(len(p.rows) for p in parts if p.kind == "nodes")
    r = sum(len(p.rows) for p in parts if p.kind == "rels")
    return n, r


# ------------------------------------------------------------------ Neo4j
BENCH_NEO4J_ENV = {  # its own server, so a benchmark never wipes the test server's data
    "NEO4J_LOCAL_HOME": "/tmp/kg-neo4j-bench", "NEO4J_LOCAL_BOLT_PORT": "17787", "NEO4J_LOCAL_HTTP_PORT": "0",
    "NEO4J_LOCAL_HEAP": "2g", "NEO4J_LOCAL_PAGECACHE": "2g",
}


def _bench_neo4j_env() -> dict:
    env = {**os.environ, "NEO4J_LOCAL_PASSWORD": os.environ.get("NEO4J_LOCAL_PASSWORD", "kg-test-password")}
    for k, v in BENCH_NEO4J_ENV.items():  # KG_BENCH_NEO4J_LOCAL_HEAP=4g etc. override
        env[k] = os.environ.get(f"KG_BENCH_{k}", v)
    return env


def neo4j_settings(local: bool) -> tuple[Any, str]:
    """(settings or None, note). With ``local``, start a benchmark Neo4j (scripts/neo4j-local.sh with its
    own home and port — never the test server) and use it; else NEO4J_* from the environment."""
    s = settings()
    if local:
        if not NEO4J_SCRIPT.exists():
            return None, f"{NEO4J_SCRIPT.name} missing: Neo4j not benchmarked"
        env = _bench_neo4j_env()
        p = subprocess.run(["bash", str(NEO4J_SCRIPT), "start"], capture_output=True, text=True, env=env,
                           timeout=900)
        if p.returncode != 0:
            return None, f"local Neo4j did not start: {(p.stderr or p.stdout).strip()[-300:]}"
        uri = subprocess.run(["bash", str(NEO4J_SCRIPT), "uri"], capture_output=True, text=True,
                             env=env).stdout.strip()
        note = (f"local Neo4j Community at {uri} (heap {env['NEO4J_LOCAL_HEAP']}, page cache "
                f"{env['NEO4J_LOCAL_PAGECACHE']})")
        return settings(store="neo4j", neo4j_uri=uri, neo4j_user="neo4j",
                        neo4j_password=env["NEO4J_LOCAL_PASSWORD"]), note
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        return settings(store="neo4j"), f"Neo4j at {s.neo4j_uri}"
    return None, "Neo4j not configured (set NEO4J_URI/NEO4J_PASSWORD or pass --neo4j-local)"


def stop_local_neo4j() -> None:
    if NEO4J_SCRIPT.exists():
        subprocess.run(["bash", str(NEO4J_SCRIPT), "stop"], capture_output=True, text=True, env=_bench_neo4j_env(),
                       timeout=300)


def open_neo4j(cfg):
    from kg.store.neo4j_store import Neo4jStore

    return Neo4jStore(cfg.neo4j_uri, cfg.neo4j_user, cfg.neo4j_password, cfg.neo4j_database)


def wipe_neo4j(st) -> None:
    # relationships first, then nodes, 50k per transaction: DETACH DELETE of 20k nodes took every
    # relationship of the hub nodes among them into one transaction (over the server's transaction
    # memory limit on a province graph)
    while st.write("MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS c")[0]["c"]:
        pass
    while st.write("MATCH (n) WITH n LIMIT 50000 DELETE n RETURN count(*) AS c")[0]["c"]:
        pass


def expected_counts(parts) -> dict:
    nodes: dict[str, set] = {}
    rels: dict[str, set] = {}
    for p in parts:
        if p.kind == "nodes":
            k = schema.key_of(p.label)
            nodes.setdefault(p.label, set()).update(r[k] for r in p.rows)
        else:
            rels.setdefault(p.type, set()).update((p.start, p.end, r["from"], r["to"]) for r in p.rows)
    return {"nodes": {k: len(v) for k, v in nodes.items()}, "relationships": {k: len(v) for k, v in rels.items()}}


def check_counts(store, expected: dict) -> list[str]:
    got = store.stats()
    bad = []
    for kind in ("nodes", "relationships"):
        for name, n in expected[kind].items():
            if got[kind].get(name) != n:
                bad.append(f"{name}: {got[kind].get(name)} stored, {n} generated")
    return bad
