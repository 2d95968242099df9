"""`kg eval NAME` — precision / recall / F1 of an extractor on its hand-annotated gold set."""
from __future__ import annotations

import json

import typer

from ingest.registry import EVALS
from kgcli.common import OUT, die, emit_rows


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_(
        name: str = typer.Argument(..., help="an evaluation: " + " | ".join(EVALS)),
        as_json: bool = typer.Option(False, "--json", help="print JSON"),
        fit: bool = typer.Option(False, "--fit", help="industry-linker: after scoring, refit on the whole "
                                                      "development set and write the shipped model"),
    ) -> None:
        """Score an extractor against its gold set under tests/ (per field P/R/F1)."""
        from ingest.registry import eval_function

        try:
            fn = eval_function(name)
        except LookupError as e:
            die(str(e))
        result = fn(None, fit=True) if fit else fn(None)
        if as_json:
            OUT.write(json.dumps(result, ensure_ascii=False) + "\n")
            return
        rows = [{"field": f, **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in m.items()}}
                for f, m in result["fields"].items()]
        typer.echo(f"extractor: {result.get('extractor')}  gold: {result.get('gold')}")
        emit_rows(rows, "table", result.get("columns") or ["field", "precision", "recall", "f1", "tp", "fp", "fn"])
        for line in result.get("summary") or []:
            typer.echo(line)
        for t in result.get("extra_tables") or []:  # further tables an evaluation adds (title, columns, rows)
            typer.echo(f"\n{t['title']}")
            emit_rows(t["rows"], "table", t["columns"])
        for line in result.get("notes", []):
            typer.echo(line)
