"""`kg neo4j-import` — an initial/full load into the local Neo4j with `neo4j-admin database import`
(thin over kg.neo4j_import).

    kg neo4j-import                               # the configured store's graph (default .kg/graph.lbug)
    kg neo4j-import --synthetic province          # the synthetic benchmark graph
    kg neo4j-import --csv-only --csv-dir DIR      # only write the importer's CSV files
    kg neo4j-import --from-csv DIR                # import files written before

The server is scripts/neo4j-local.sh's (NEO4J_LOCAL_HOME, NEO4J_LOCAL_BOLT_PORT, NEO4J_LOCAL_PASSWORD …);
its `neo4j` database is replaced. Online, incremental writes stay with `kg ingest` over Bolt.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional

import typer

from kgcli.common import cfg, die, open_store


def register(app: typer.Typer) -> None:
    @app.command("neo4j-import")
    def neo4j_import(
        synthetic: Optional[str] = typer.Option(None, "--synthetic", help="tiny | province | national: the "
                                                "synthetic benchmark graph instead of the configured store"),
        seed: int = typer.Option(42, "--seed", help="with --synthetic"),
        from_csv: Optional[str] = typer.Option(None, "--from-csv", help="import a folder written by --csv-only"),
        csv_dir: Optional[str] = typer.Option(None, "--csv-dir", help="where to write the CSV files "
                                              "(default: a temporary folder, removed afterwards)"),
        csv_only: bool = typer.Option(False, "--csv-only", help="write the CSV files (--csv-dir) and stop"),
        keep_backup: bool = typer.Option(False, "--keep-backup", help="keep the replaced database in "
                                         "$NEO4J_LOCAL_HOME/import-previous"),
        heap: str = typer.Option("1g", "--heap", help="the importer's JVM heap"),
        off_heap: str = typer.Option("2g", "--off-heap", help="the importer's --max-off-heap-memory"),
        csv_workers: Optional[int] = typer.Option(None, "--csv-workers", help="processes writing the CSV "
                                                  "files at once (default 1; each copies the rows it writes)"),
        as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
    ) -> None:
        """Replace the local Neo4j's graph using the offline importer (neo4j-admin database import full)."""
        from kg.store import StoreError
        from kg.neo4j_import import ImportTables, LocalNeo4j, run_import, tables_from_store

        if csv_only and not csv_dir:
            die("--csv-only needs --csv-dir")
        if from_csv and (synthetic or csv_only):
            die("--from-csv imports files written before: no --synthetic or --csv-only with it")
        out: dict = {}
        tmp = None
        try:
            if from_csv:
                folder = Path(from_csv)
            else:
                folder = Path(csv_dir) if csv_dir else Path(tempfile.mkdtemp(prefix="kg-neo4j-import-")) / "csv"
                tmp = None if csv_dir else folder.parent
                t0 = time.perf_counter()
                tables = ImportTables()
                if synthetic:
                    from bench import synthetic as syn

                    if synthetic not in syn.SCALES:
                        die(f"--synthetic must be one of {', '.join(syn.SCALES)}, not {synthetic!r}")
                    tx = syn.load_taxonomy(synthetic, reference_data=cfg().reference_data)
                    gen = syn.Generator(tx, synthetic, seed, chunk=10**9)
                    summary = syn.write_parts(tables, gen.parts(), atomic=False)
                    out["skipped_rows"] = summary["skipped"]
                else:
                    st = open_store(read_only=True)
                    try:
                        tables_from_store(st, tables)
                    finally:
                        st.close()
                out["tables_s"] = round(time.perf_counter() - t0, 2)
                manifest = tables.write_csv(folder, workers=csv_workers)
                del tables
                out.update(csv_s=manifest["seconds"], csv_dir=str(folder), csv_mb=round(manifest["bytes"] / 1e6, 1),
                           counts=manifest["counts"])
            if not csv_only:
                res = run_import(folder, LocalNeo4j(), heap=heap, off_heap=off_heap, keep_backup=keep_backup)
                out.update(res)
        except (StoreError, ValueError, KeyError) as e:
            die(str(e))
        except OSError as e:
            die(f"{getattr(e, 'filename', '') or ''}: {e.strerror or e}")
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                out.pop("csv_dir", None)
        if as_json:
            typer.echo(json.dumps(out, ensure_ascii=False))
            return
        n = sum(out["counts"]["nodes"].values())
        r = sum(out["counts"]["relationships"].values())
        if csv_only:
            typer.echo(f"wrote import files for {n} nodes and {r} relationships to {out['csv_dir']} "
                       f"({out['csv_mb']} MB; tables {out['tables_s']} s, csv {out['csv_s']} s)")
            return
        steps = [k for k in ("tables_s", "csv_s", "import_s", "restart_s", "schema_s", "verify_s") if k in out]
        # the steps before the import + all of run_import (its steps, set-up and clean-up)
        total = out.get("tables_s", 0) + out.get("csv_s", 0) + out["total_s"]
        typer.echo(f"imported {n} nodes and {r} relationships into {out['uri']} in {total:.1f} s ("
                   + ", ".join(f"{k[:-2]} {out[k]}" for k in steps) + f"; {r / total:,.0f} rels/s)")
