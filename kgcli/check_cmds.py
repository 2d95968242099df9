"""`kg check` — the graph's integrity report (library: :mod:`ingest.check`)."""
from __future__ import annotations

import json
from typing import Optional

import typer

from kgcli.common import OUT, die, open_store


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        as_json: bool = typer.Option(False, "--json", help="print the whole report as JSON"),
        data: Optional[str] = typer.Option(None, "--data", help="folder relative document paths are read from "
                                                                "(default KG_REFERENCE_DATA)"),
    ) -> None:
        """Integrity report: relationship endpoints against the schema, facts without provenance, evidence
        not found in its document, duplicate keys. Exit 1 when something is wrong."""
        from ingest.check import check as run_check, summary_lines
        from kg.store import StoreError

        store = open_store(read_only=True)
        try:
            report = run_check(store, reference_data=data)
        except StoreError as e:
            die(str(e))
        finally:
            store.close()
        if as_json:
            OUT.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
        else:
            for line in summary_lines(report):
                typer.echo(line)
        if not report["ok"]:
            raise typer.Exit(1)
