"""`kg explain major CODE` — a major's industry links with their signals and evidence."""
from __future__ import annotations

import json

import typer

from kgcli.common import OUT, die


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain(
        what: str = typer.Argument(..., help="major"),
        code: str = typer.Argument(..., help="catalogue code, e.g. 510204"),
        as_json: bool = typer.Option(False, "--json", help="print JSON"),
    ) -> None:
        """Why a major serves the industries it serves: each SERVES link with confidence, per-signal
        contributions and whole-word evidence (source and locator)."""
        from kg.store import StoreError
        from kgcli.common import open_store
        from queries.industry import major_industry_links

        if what != "major":
            die(f"unknown subject {what!r}; known: major")
        st = open_store(read_only=True)
        try:
            links = major_industry_links(st, code)
        except (LookupError, StoreError, ValueError) as e:
            die(str(e).splitlines()[0])
        finally:
            st.close()
        if as_json:
            OUT.write(json.dumps(links, ensure_ascii=False) + "\n")
            return
        if not links:
            typer.echo(f"{code}: no industry links")
            return
        typer.echo(f"{links[0]['major']} {links[0]['major_name']}")
        for ln in links:
            ind = "  " if ln["level"] == "大类" else "      "
            sig = ", ".join(f"{k} {v:+.2f}" for k, v in sorted(ln["signals"].items(), key=lambda kv: -abs(kv[1]))[:5])
            typer.echo(f"{ind}{ln['code']} {ln['name']} [{ln['level']}] confidence {ln['confidence']} "
                       f"({ln['extractor']})" + (f"\n{ind}  signals: {sig}" if sig else ""))
            for e in ln["evidence"][:5]:
                typer.echo(f"{ind}  - {e.get('signal')}: 「{e.get('text')}」 {e.get('source') or ''} {e.get('locator') or ''}")
