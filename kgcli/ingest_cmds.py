"""`kg ingest` — read files into the graph, one transaction per document, with a summary."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from kgcli.common import OUT, cfg, die, open_store


def run_ingest(store, kind: str, paths: list[Path], options: dict | None = None, *, resume: bool = True,
               progress: bool = False) -> dict:
    """Library function behind `kg ingest` (also used by the explorer and tests)."""
    from ingest.base import write_batches
    from ingest.registry import ingest_function

    fn = ingest_function(kind)
    bar = None
    cb = None
    if progress and sys.stderr.isatty():
        count = {"n": 0}

        def cb(b):  # noqa: ANN001
            count["n"] += 1
            sys.stderr.write(f"\r  {count['n']} documents … {b.path[-60:]:<60}")
            sys.stderr.flush()

    summary = write_batches(store, fn(paths, store, options or {}), skip_complete=resume, progress=cb)
    if cb is not None:
        sys.stderr.write("\n")
    del bar
    summary["kind"] = kind
    return summary


def _print_summary(s: dict) -> None:
    typer.echo(f"kind: {s['kind']}  documents written: {s['documents']}  unchanged (skipped): "
               f"{s['documents_skipped']}  rows read: {s['rows_read']}")
    if s["nodes"]:
        typer.echo("nodes written: " + ", ".join(f"{k} {v}" for k, v in sorted(s["nodes"].items())))
    if s["relationships"]:
        typer.echo("relationships written: " + ", ".join(f"{k} {v}" for k, v in sorted(s["relationships"].items())))
    for key, title in (("rejected", "rejected"), ("skipped_relationships", "relationships skipped")):
        if s[key]:
            typer.echo(f"{title}: {len(s[key])}")
            for line in s[key][:20]:
                typer.echo(f"  {line}")
            if len(s[key]) > 20:
                typer.echo(f"  … {len(s[key]) - 20} more (use --json for all)")
    for r in s.get("reports", [])[:50]:
        typer.echo("  " + json.dumps(r, ensure_ascii=False)[:200])


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: Optional[list[str]] = typer.Argument(None, help="files or folders, or the word 'reference' "
                                                               "(none: --kind jobs / teaches read the graph)"),
        kind: Optional[str] = typer.Option(None, "--kind", "-k",
                                           help="reference | curriculum | policy | jobs | teaches | firm-profile | "
                                                "partnerships | rdf | csv-export"),
        data: Optional[str] = typer.Option(None, "--data", help="reference folder (default KG_REFERENCE_DATA)"),
        only: Optional[str] = typer.Option(None, "--only", help="reference: comma-separated parts to load"),
        as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
        no_resume: bool = typer.Option(False, "--no-resume", help="rewrite documents already ingested"),
    ) -> None:
        """Ingest files (or the reference data folder) into the graph."""
        from kg.store import StoreError

        paths = paths or []
        if not paths and kind not in ("jobs", "teaches"):
            die("give files or folders (or 'reference'); only --kind jobs and --kind teaches read the graph alone")
        if paths == ["reference"] and kind in (None, "reference"):
            kind = "reference"
            folder = Path(data or cfg().reference_data)
            if not folder.is_dir():
                die(f"reference data folder not found: {folder} (set KG_REFERENCE_DATA or --data)")
            targets = [folder]
        else:
            if kind is None:
                die("--kind is required for files (curriculum, policy, jobs, firm-profile, partnerships, rdf)")
            targets = [Path(p) for p in paths]
            missing = [str(p) for p in targets if not p.exists()]
            if missing:
                die(f"not found: {', '.join(missing)}")
        options = {"only": [x.strip() for x in only.split(",")] if only else None}
        store = open_store()
        try:
            store.apply_schema()
            summary = run_ingest(store, kind, targets, options, resume=not no_resume, progress=not as_json)
        except LookupError as e:
            die(str(e))
        except StoreError as e:
            die(str(e))
        finally:
            store.close()
        if as_json:
            OUT.write(json.dumps(summary, ensure_ascii=False) + "\n")
        else:
            _print_summary(summary)
        if summary["rejected"] and summary["documents"] == 0 and summary["documents_skipped"] == 0:
            raise typer.Exit(2)
