"""Load variant ``neo4j-import``: the synthetic graph into Neo4j through the offline importer.

``neo4j-admin database import full`` (:mod:`kg.neo4j_import`) is the path for an initial or full
load; the ``neo4j`` variant (``Neo4jStore.upsert_*`` over Bolt) is the online, incremental one. Wall
seconds are reported per step, and rels/s over all of them:

* ``tables_s`` — the rows through the same upsert code as the Bolt path (dedupe, provenance merge,
  endpoint checks) into :class:`~kg.neo4j_import.ImportTables`;
* ``csv_s`` — writing the importer's CSV files;
* ``import_s`` — the importer (its own JVM, into a staging folder; the server keeps running);
* ``restart_s`` — stop the server, swap the database folders, start it;
* ``schema_s`` — constraints and indexes (``apply_schema``, then ``db.awaitIndexes``);
* ``verify_s`` — counts against the CSV manifest (read alongside the schema: only what they take
  beyond it);
* other — the rest of ``run_import`` (the importer's set-up, deleting the old store; ``cleanup_s``).
  ``seconds`` is tables + CSV + all of ``run_import``.

CPU seconds next to them (a shared machine's wall time says little): ``cpu_s`` this process (tables +
CSV, with the CSV writer processes), ``importer_cpu_s`` the importer's JVM, ``server_cpu_s`` the restarted
server (start, schema, counts).

It uses the benchmark server's home (``bench.common.BENCH_NEO4J_ENV``; ``KG_BENCH_NEO4J_LOCAL_*``
override) and replaces its ``neo4j`` database. The counts are checked against the generated tables too.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from bench import common


def run(*, scale: str = "province", seed: int = 42, reference_graph: str | None = None,
        workdir: str | None = None, importer_heap: str = "1g", importer_off_heap: str = "2g") -> dict:
    from bench.synthetic import write_parts
    from kg.neo4j_import import ImportTables, LocalNeo4j, run_import

    with common.stopwatch() as gen_t:
        parts, note = common.parts(scale, seed, reference_graph, whole=True)
    n_nodes, n_rels = common.count_rows(parts)
    res = {"benchmark": "load:neo4j-import", "scale": scale, "seed": seed, "nodes": n_nodes,
           "relationships": n_rels, "generate_s": round(gen_t["seconds"], 2), "notes": [note]}
    env = common._bench_neo4j_env()
    if not common.NEO4J_SCRIPT.exists():
        res["skipped"] = f"{common.NEO4J_SCRIPT.name} missing: Neo4j not benchmarked"
        return res
    server = LocalNeo4j(home=env["NEO4J_LOCAL_HOME"], bolt_port=env["NEO4J_LOCAL_BOLT_PORT"],
                        http_port=env["NEO4J_LOCAL_HTTP_PORT"], password=env["NEO4J_LOCAL_PASSWORD"],
                        extra_env={k: env[k] for k in ("NEO4J_LOCAL_HEAP", "NEO4J_LOCAL_PAGECACHE")})
    res["notes"].append(f"local Neo4j Community at {server.uri} (heap {env['NEO4J_LOCAL_HEAP']}, page cache "
                        f"{env['NEO4J_LOCAL_PAGECACHE']}); importer heap {importer_heap}, off-heap "
                        f"{importer_off_heap}")
    root = common.fresh_dir("load-neo4j-import", None if workdir is None else Path(workdir))
    tables = ImportTables()
    with common.stopwatch() as tt:
        write_parts(tables, [p for p in parts if p.kind == "nodes"], atomic=False)
        summary = write_parts(tables, [p for p in parts if p.kind == "rels"], atomic=False)
    with common.stopwatch() as tc:
        manifest = tables.write_csv(root / "csv")
    del tables
    out = run_import(root / "csv", server, heap=importer_heap, off_heap=importer_off_heap)
    steps = {"tables_s": tt["seconds"], "csv_s": tc["seconds"], "import_s": out["import_s"],
             "restart_s": out["restart_s"], "schema_s": out["schema_s"], "verify_s": out["verify_s"]}
    # all of run_import: the steps plus the importer's set-up and the old store's deletion (cleanup_s)
    total = tt["seconds"] + tc["seconds"] + out["total_s"]
    res.update({k: round(v, 2) for k, v in steps.items()})
    res.update(seconds=round(total, 2), cleanup_s=out["cleanup_s"], importer_cds=out["importer_cds"],
               # this process (tables) + the CSV writer processes
               cpu_s=round(tt["cpu_s"] + manifest["cpu_s"], 2),
               importer_cpu_s=out["importer_cpu_s"], server_cpu_s=out["server_cpu_s"], csv_mb=round(manifest["bytes"] / 1e6, 1),
               skipped_rows=summary["skipped"], patches=out["patches"],
               rels_per_s=round(n_rels / total) if total else None,
               rows_per_s=round((n_nodes + n_rels) / total) if total else None,
               loadavg_1m=round(os.getloadavg()[0], 2), neo4j_uri=server.uri)
    st = server.open_store()
    try:
        bad = common.check_counts(st, common.expected_counts(parts))
    finally:
        st.close()
    res["counts_ok"] = not bad
    if bad:
        res["notes"].append("count mismatch: " + "; ".join(bad[:5]))
    res["summary"] = (f"{total:.1f} s = tables {steps['tables_s']:.1f} + csv {steps['csv_s']:.1f} + import "
                      f"{steps['import_s']:.1f} + restart {steps['restart_s']:.1f} + schema {steps['schema_s']:.1f}"
                      f" + verify {steps['verify_s']:.1f} + other {total - sum(steps.values()):.1f} ({n_rels} rels; "
                      f"{res['rels_per_s']} rels/s)")
    res.update(target="≥ 20000 rels/s", met=res["rels_per_s"] >= 20000 if scale == "province" else None)
    shutil.rmtree(root / "csv", ignore_errors=True)
    return res
