"""`kg` — the command line. Thin shells over library functions.

Conventions: every command that returns rows accepts ``--format table|json|csv`` (json = an array of
objects); errors exit non-zero with one clear line (no traceback, never a password).
Feature areas live in their own modules (``kgcli/<area>.py``), each with ``register(app)``.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer

from kg.config import settings
from kgcli import (app_cmds, bench_cmds, check_cmds, data_cmds, eval_cmds, explain_cmds, export_cmds, ingest_cmds,
                   neo4j_cmds, query_cmds)
from kgcli.common import OUT, die, emit_rows, parse_params, state

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Industry–Education Knowledge Graph (产教融合知识图谱).")

# feature modules, each adds its commands with register(app)
AREAS = [ingest_cmds, eval_cmds, query_cmds, export_cmds, neo4j_cmds, bench_cmds, app_cmds, data_cmds, explain_cmds,
         check_cmds]


@app.callback()
def _global(
    store: Optional[str] = typer.Option(None, "--store", help="embedded | neo4j (default: KG_STORE or embedded)"),
    db: Optional[str] = typer.Option(None, "--db", help="embedded graph file (default: KG_DB or .kg/graph.lbug)"),
) -> None:
    try:
        state["settings"] = settings(store=store, db_path=db)
    except ValueError as e:
        die(str(e))


def _store(read_only: bool = False):
    from kg.store import StoreError, open_store

    try:
        return open_store(state.get("settings") or settings(), read_only=read_only)
    except StoreError as e:
        die(str(e))


@app.command()
def init() -> None:
    """Create the graph schema (tables / constraints). Running it twice is harmless."""
    from kg.store import StoreError

    st = _store()
    try:
        st.apply_schema()
    except StoreError as e:
        die(str(e))
    finally:
        st.close()
    cfg = state["settings"]
    typer.echo(f"schema applied to {cfg.store} store ({cfg.db_path if cfg.store == 'embedded' else cfg.neo4j_uri})",
               err=True)


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Counts of nodes per label and relationships per type; the share of firms with a city / an industry."""
    from kg.store import StoreError

    from queries.firms import firm_placement

    st = _store(read_only=True)
    try:
        s = st.stats()
        s["firms"] = firm_placement(st) if s["nodes"].get("Firm") else None
    except StoreError as e:
        die(str(e))
    finally:
        st.close()
    if as_json:
        OUT.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in s["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in s["relationships"].items()]
    f = s.get("firms")
    if f:
        rows += [{"kind": "firms", "name": f"{k} (share {f['share_' + k]:.1%})", "count": f[k]}
                 for k in ("with_city", "province_only", "with_industry")]
    emit_rows(rows, "table")


@app.command()
def schema() -> None:
    """Print the declared schema (labels, keys, properties, relationship types)."""
    from kg import schema as sch

    for line in sch.describe():
        typer.echo(line)


@app.command()
def cypher(
    query: str = typer.Argument(..., help="a Cypher query"),
    param: list[str] = typer.Option([], "-p", "--param", help="key=value (value parsed as JSON if it can be)"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv"),
    write: bool = typer.Option(False, "--write", help="allow the query to change the graph"),
    limit: Optional[int] = typer.Option(None, "--limit", help="row limit (default KG_MAX_ROWS)"),
) -> None:
    """Run a Cypher query. Read-only unless --write (enforced by the database)."""
    from kg.store import StoreError

    params = parse_params(param)
    from kg.console import dialect_notes

    for _code, note, _fmt in dialect_notes(query, (state.get("settings") or settings()).store):
        typer.echo(f"note: {note}", err=True)
    st = _store(read_only=not write)
    try:
        if write:
            rows: list[dict[str, Any]] = st.write(query, params)
        else:
            from kg.console import run_console_query

            rows = run_console_query(st, query, params, limit=limit)
    except StoreError as e:
        die(str(e))
    finally:
        st.close()
    emit_rows(rows, fmt)


def _register() -> None:
    for mod in AREAS:
        mod.register(app)


_register()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        die("interrupted", code=130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
