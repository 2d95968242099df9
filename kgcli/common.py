"""Shared CLI helpers: settings state, store opening, row output, params, one-line errors."""
from __future__ import annotations

import csv
import os
import json
import sys
from typing import Any, Iterable, NoReturn

import typer

class _Stdout:
    """Writes to whatever sys.stdout is at call time (so test runners capture it)."""

    def write(self, s: str) -> int:
        return sys.stdout.write(s)

    def flush(self) -> None:
        sys.stdout.flush()


OUT = _Stdout()
state: dict[str, Any] = {}


def die(msg: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {msg.splitlines()[0] if msg else 'failed'}", err=True)
    emb = sys.modules.get("kg.store.embedded")
    if emb is not None and cfg().db_path in emb.POISONED:
        # the embedded engine hit an unrecoverable I/O error: leave without running its destructor,
        # which would abort; committed data is in the WAL and is recovered on the next open
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)


def cfg():
    from kg.config import settings

    return state.get("settings") or settings()


def open_store(read_only: bool = False):
    """Open the configured store or exit with one clear line."""
    from kg.store import StoreError, open_store as _open

    try:
        return _open(cfg(), read_only=read_only)
    except StoreError as e:
        die(str(e))


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for it in items:
        if "=" not in it:
            die(f"parameter {it!r} must be key=value")
        k, v = it.split("=", 1)
        k = k.strip()
        if not k.isidentifier():
            die(f"parameter name {k!r} is not a valid identifier")
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def emit_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as a table, a JSON array of objects, or CSV."""
    if fmt not in ("table", "json", "csv"):
        die(f"--format must be table, json or csv, not {fmt!r}")
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    if fmt == "json":
        OUT.write(json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, default=str) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(OUT)
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return
    if not rows:
        typer.echo("(no rows)")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    cells = [[c if len(c) <= 80 else c[:77] + "..." for c in row] for row in cells]
    widths = [max(_w(h), *(_w(row[i]) for row in cells)) for i, h in enumerate(columns)]
    typer.echo("  ".join(_pad(h, widths[i]) for i, h in enumerate(columns)))
    typer.echo("  ".join("-" * w for w in widths))
    for row in cells:
        typer.echo("  ".join(_pad(c, widths[i]) for i, c in enumerate(row)))
    typer.echo(f"({len(rows)} rows)", err=True)


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _w(s))
