"""`kg ingest` — read files into the graph, one transaction per document, with a summary."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from ingest.pipeline import run_ingest
from ingest.registry import GRAPH_KINDS, KINDS
from kg.activity import make_way
from kgcli.common import OUT, cfg, die, open_store


def _lower_priority() -> None:
    """A command-line ingest runs at lower CPU priority (KG_INGEST_NICE, default 19, the lowest; 0 = unchanged), so the
    explorer stays responsive while a data steward loads files on the same machine. On a quiet machine it
    changes nothing."""
    import os

    try:
        n = int(os.environ.get("KG_INGEST_NICE", "19"))
    except ValueError:
        n = 19
    if n > 0 and hasattr(os, "nice"):
        try:
            os.nice(n)
        except OSError:
            pass


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
                                           help=" | ".join(KINDS)),
        data: Optional[str] = typer.Option(None, "--data", help="reference folder (default KG_REFERENCE_DATA)"),
        only: Optional[str] = typer.Option(None, "--only", help="reference: comma-separated parts to load"),
        as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
        no_resume: bool = typer.Option(False, "--no-resume", help="rewrite documents already ingested"),
        report: Optional[str] = typer.Option(None, "--report", help="append the full summary (JSON line) to this "
                                             "file and print one short line instead"),
    ) -> None:
        """Ingest files (or the reference data folder) into the graph."""
        from kg.store import StoreError

        paths = paths or []
        if not paths and kind not in GRAPH_KINDS:
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
        _lower_priority()
        make_way()  # and waits while the explorer works (kg/activity.py)
        started = time.perf_counter()
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
        if report:
            from ingest.load_report import append, brief

            seconds = round(time.perf_counter() - started, 2)
            append(report, summary, seconds, [str(t) for t in targets])
            typer.echo(brief(summary, seconds), err=True)
        elif as_json:
            OUT.write(json.dumps(summary, ensure_ascii=False) + "\n")
        else:
            _print_summary(summary)
        if summary["rejected"] and summary["documents"] == 0 and summary["documents_skipped"] == 0:
            raise typer.Exit(2)

    @app.command("load-summary")
    def load_summary(
        report: str = typer.Argument(..., help="the report file written by `kg ingest … --report FILE`"),
    ) -> None:
        """The end of `make run`: counts per label, rejected rows by reason, where the full report is."""
        from kg.store import StoreError
        from ingest.load_report import final_summary

        if not Path(report).is_file():
            die(f"report not found: {report}")
        store = open_store(read_only=True)
        try:
            stats = store.stats()
        except StoreError as e:
            die(str(e))
        finally:
            store.close()
        try:
            lines = final_summary(report, stats)
        except ValueError as e:
            die(str(e))
        for line in lines:
            typer.echo(line)
