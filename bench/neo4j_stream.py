"""Stream a synthetic graph into Neo4j through the project's API, chunk by chunk (national scale).

``kg bench load`` builds every table as Python dicts before writing (fine for a province, ≈ 10 GB
of dicts for the national scale). This streams the generator's chunks instead — the shape of a real
ingest: ``Neo4jStore.upsert_*`` per chunk, one transaction per chunk (``write_parts``) — so the
client stays small and the server's size is what is measured::

    python -m bench.neo4j_stream --scale national --neo4j-local --json .kg/bench/results/neo4j-national.json

``--neo4j-local`` starts the benchmark server (``bench.common.neo4j_settings``; home, port, heap and
page cache from ``KG_BENCH_NEO4J_LOCAL_*``) and wipes it first; without it NEO4J_* is used (and wiped).
Chunks after the first of a relationship type go through the full upsert (existing-pair lookup),
as a second document touching the same type would.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import common


def _du(path: str) -> int | None:
    try:
        return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True).stdout.split()[0])
    except (IndexError, ValueError, OSError):
        return None


def _server_cpu_s(home: str) -> float | None:
    """CPU seconds (user + system) the local server's process has used so far."""
    try:
        pid = (Path(home) / "run" / "neo4j-local.pid").read_text().strip()
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run(scale: str = "national", seed: int = 42, chunk: int = 50_000, neo4j_local: bool = True,
        limit_rels: int | None = None, echo=print) -> dict:
    from bench import synthetic
    from bench.synthetic import write_parts

    cfg, msg = common.neo4j_settings(neo4j_local)
    res: dict = {"benchmark": f"neo4j-stream:{scale}", "scale": scale, "seed": seed, "chunk": chunk, "notes": [msg]}
    if cfg is None:
        res["skipped"] = msg
        return res
    tx, note = common.taxonomy(scale, None)
    res["notes"].append(note)
    gen = synthetic.Generator(tx, scale, seed, chunk=chunk)
    store = common.open_neo4j(cfg)
    home = os.environ.get("KG_BENCH_NEO4J_LOCAL_HOME", common.BENCH_NEO4J_ENV["NEO4J_LOCAL_HOME"])
    try:
        common.wipe_neo4j(store)
        store.apply_schema()
        server0 = _server_cpu_s(home) if neo4j_local else None
        done = {"nodes": 0, "rels": 0}
        spent = {"nodes": 0.0, "rels": 0.0}
        cpu = 0.0
        per: dict[str, dict] = {}
        t_all = time.perf_counter()
        doc = None
        interrupted = False
        for p in gen.parts():
            if p.name == "document":  # written last, as the queries benchmark expects
                doc = p
                continue
            if limit_rels is not None and p.kind == "rels" and done["rels"] >= limit_rels:
                break
            try:
                with common.stopwatch() as sw:
                    write_parts(store, [p])
            except KeyboardInterrupt:  # Ctrl-C / SIGINT: the chunk's transaction is rolled back; report so far
                interrupted = True
                break
            done[p.kind] += len(p.rows)
            spent[p.kind] += sw["seconds"]
            cpu += sw["cpu_s"]
            e = per.setdefault(p.name, {"rows": 0, "seconds": 0.0})
            e["rows"] += len(p.rows)
            e["seconds"] += sw["seconds"]
            if len(p.rows) >= chunk:
                echo(f"{p.name:32} {done['nodes']:>9} nodes {done['rels']:>10} rels  "
                     f"{len(p.rows) / sw['seconds']:>8.0f} rows/s  load {os.getloadavg()[0]:.1f}  "
                     f"rss {common.peak_rss_mb():.0f} MB")
        if doc is not None and not interrupted and limit_rels is None:
            write_parts(store, [doc])
        total = time.perf_counter() - t_all
        stats = store.stats()
        res.update(
            nodes=done["nodes"], relationships=done["rels"], seconds=round(total, 1), cpu_s=round(cpu, 1),
            nodes_s=round(spent["nodes"], 1), relationships_s=round(spent["rels"], 1),
            rels_per_s=round(done["rels"] / spent["rels"]) if spent["rels"] else None,
            nodes_per_s=round(done["nodes"] / spent["nodes"]) if spent["nodes"] else None,
            stored_nodes=sum(stats["nodes"].values()), stored_relationships=sum(stats["relationships"].values()),
            parts={k: {"rows": v["rows"], "rows_per_s": round(v["rows"] / v["seconds"]) if v["seconds"] else None}
                   for k, v in per.items()},
            complete=limit_rels is None and not interrupted)
        server1 = _server_cpu_s(home) if neo4j_local else None
        if server0 is not None and server1 is not None:
            res["server_cpu_s"] = round(server1 - server0, 1)  # the Neo4j process, user + system
        if neo4j_local:
            res["store_bytes"] = _du(str(Path(home) / "data" / "databases" / "neo4j"))
            res["tx_log_bytes"] = _du(str(Path(home) / "data" / "transactions" / "neo4j"))
    finally:
        store.close()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="national")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--chunk", type=int, default=50_000, help="rows per part chunk (one transaction each)")
    ap.add_argument("--neo4j-local", action="store_true", help="start the benchmark Neo4j (scripts/neo4j-local.sh)")
    ap.add_argument("--keep-neo4j", action="store_true", help="leave the local server running afterwards")
    ap.add_argument("--limit-rels", type=int, default=None, help="stop after about this many relationships")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    res = {"machine": common.machine()}
    try:
        res.update(run(a.scale, a.seed, a.chunk, a.neo4j_local, a.limit_rels))
    finally:
        res["peak_rss_mb"] = common.peak_rss_mb()
        res["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
        if a.neo4j_local and not a.keep_neo4j:
            common.stop_local_neo4j()
        if a.json:
            Path(a.json).parent.mkdir(parents=True, exist_ok=True)
            Path(a.json).write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(json.dumps({k: v for k, v in res.items() if k not in ("parts", "machine")}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
