"""`kg app` — open the explorer: ``streamlit run app.py`` on 127.0.0.1 with the current settings."""
from __future__ import annotations

import os
import subprocess

import typer

from explorer.launch import app_command
from kgcli.common import cfg, die


def app_env() -> dict[str, str]:
    """The environment for the explorer: this process's, with the settings chosen on the command line
    (``--store``, ``--db``) passed through as KG_STORE / KG_DB."""
    c = cfg()
    env = dict(os.environ)
    env.update({"KG_STORE": c.store, "KG_DB": str(c.db_path), "NEO4J_URI": c.neo4j_uri,
                "NEO4J_USERNAME": c.neo4j_user, "NEO4J_DATABASE": c.neo4j_database,
                "KG_REFERENCE_DATA": str(c.reference_data), "KG_QUERY_TIMEOUT": str(c.query_timeout_s),
                "KG_MAX_ROWS": str(c.max_rows)})
    if c.neo4j_password:
        env["NEO4J_PASSWORD"] = c.neo4j_password
    return env


def register(app: typer.Typer) -> None:
    @app.command("app")
    def app_cmd(
        port: int = typer.Option(8501, "--port", "-p", help="port on 127.0.0.1"),
    ) -> None:
        """Open the explorer (Streamlit) at http://127.0.0.1:PORT — Chinese interface, English switch."""
        if not 1 <= port <= 65535:
            die(f"--port must be 1–65535, not {port}")
        c = cfg()
        if c.store == "embedded" and not os.path.exists(c.db_path):
            typer.echo(f"note: no graph at {c.db_path} yet — run `make load` (or `kg init && kg ingest reference`)",
                       err=True)
        typer.echo(f"explorer on http://127.0.0.1:{port} ({c.store} store) — Ctrl+C to stop", err=True)
        try:
            rc = subprocess.call(app_command(port), env=app_env())
        except KeyboardInterrupt:
            rc = 0
        raise typer.Exit(rc)
