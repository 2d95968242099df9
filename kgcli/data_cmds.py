"""`kg data verify|manifest` — the shipped reference data (data/reference) against its MANIFEST.csv."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kgcli.common import cfg, die


def register(app: typer.Typer) -> None:
    data_app = typer.Typer(no_args_is_help=True, help="The reference data shipped in data/reference/.")
    app.add_typer(data_app, name="data")

    @data_app.command("verify")
    def verify(
        folder: Optional[str] = typer.Argument(None, help="folder with MANIFEST.csv (default KG_REFERENCE_DATA)"),
        against: Optional[str] = typer.Option(None, "--against", help="also compare with this copy (e.g. ../shared/data)"),
    ) -> None:
        """Check every file's sha256 against MANIFEST.csv (one line per problem; exit 1 on any)."""
        from ingest.reference_manifest import compare, verify as _verify

        target = Path(folder or cfg().reference_data)
        problems = _verify(target)
        if against:
            if not Path(against).is_dir():
                die(f"--against folder not found: {against}")
            problems += [f"{line} (vs {against})" for line in compare(target, against)]
        for line in problems:
            typer.echo(f"error: {line}", err=True)
        if problems:
            raise typer.Exit(1)
        typer.echo(f"ok: {target} matches its MANIFEST.csv", err=True)

    @data_app.command("manifest")
    def manifest(folder: Optional[str] = typer.Argument(None, help="folder (default KG_REFERENCE_DATA)")) -> None:
        """Rewrite MANIFEST.csv from the files as they are (after an update from ../shared/data)."""
        from ingest.reference_manifest import write_manifest

        target = Path(folder or cfg().reference_data)
        if not target.is_dir():
            die(f"reference data folder not found: {target}")
        typer.echo(f"wrote {write_manifest(target)}", err=True)
