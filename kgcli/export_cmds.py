"""`kg export`, `kg validate`, `kg ontology` — linked data and exports (thin over kg.export / kg.rdf)."""
from __future__ import annotations

import json
import resource
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from kgcli.common import die, open_store


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        fmt: str = typer.Option("ttl", "--format", "-f", help="ttl | jsonld | nt | graphml | csv"),
        out: str = typer.Option(..., "--out", "-o", help="output file (a folder for csv)"),
        labels: list[str] = typer.Option([], "--labels", "-l",
                                         help="only these node labels (comma-separated or repeated) and the "
                                              "relationships among them; default: the whole graph"),
        batch_size: int = typer.Option(2000, "--batch-size", help="nodes/relationships read per page"),
        as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
    ) -> None:
        """Export the graph (streamed in pages) as Turtle, JSON-LD, N-Triples, GraphML or CSV, with provenance."""
        from kg.export import ExportError, export_graph
        from kg.store import StoreError

        if batch_size < 1:
            die("--batch-size must be at least 1")
        progress = None
        if not as_json and sys.stderr.isatty():
            def progress(name: str, n: int) -> None:
                sys.stderr.write(f"\r  {name:<20} {n:>9}")
                sys.stderr.flush()
        store = open_store(read_only=True)
        try:
            stats = export_graph(store, fmt, out, labels or None, batch_size=batch_size, progress=progress)
        except (ExportError, ValueError) as e:
            die(str(e))
        except StoreError as e:
            die(str(e))
        except OSError as e:
            die(f"cannot write {out}: {e.strerror or e}")
        finally:
            store.close()
        if progress:
            sys.stderr.write("\n")
        stats["peak_memory_mb"] = _peak_mb()
        if as_json:
            typer.echo(json.dumps(stats, ensure_ascii=False))
            return
        n_nodes, n_rels = sum(stats["nodes"].values()), sum(stats["relationships"].values())
        extra = f", {stats['triples']} triples" if "triples" in stats else ""
        typer.echo(f"exported {n_nodes} nodes and {n_rels} relationships{extra} to {stats['path']} "
                   f"({stats['bytes'] / 1e6:.1f} MB in {stats['seconds']:.1f} s, peak memory "
                   f"{stats['peak_memory_mb']:.0f} MB)")
        if stats.get("characters_replaced"):
            typer.echo(f"note: {stats['characters_replaced']} characters XML cannot carry were replaced by U+FFFD")

    @app.command("validate")
    def validate(
        path: str = typer.Argument(..., help="an RDF export (.ttl .nt .jsonld …)"),
        limit: int = typer.Option(50, "--limit", help="show at most this many violations"),
        as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
    ) -> None:
        """Check an RDF export against the SHACL shapes generated from the schema (exit 0 when it conforms)."""
        from kg import rdf

        p = Path(path)
        if not p.exists():
            die(f"not found: {path}")
        if p.is_dir():
            die(f"{path} is a folder: kg validate checks RDF exports (--format ttl, nt or jsonld)")
        try:
            g = rdf.parse_file(p)
            report = rdf.validate(g)
        except ValueError as e:
            die(str(e))
        if as_json:
            typer.echo(json.dumps({**{k: v for k, v in report.items() if k != "results"},
                                   "results": [vars(x) for x in report["results"][:limit]]}, ensure_ascii=False))
        else:
            typer.echo(f"{path}: {report['triples']} triples, {report['violations']} violations, "
                       f"{report['warnings']} warnings ({report['seconds']:.1f} s)")
            if report["results"]:
                by_msg = Counter(x.message for x in report["results"])
                typer.echo("by kind:")
                for msg, n in by_msg.most_common(20):
                    typer.echo(f"  {n:>6} × {msg}")
                typer.echo("first ones:")
                for x in report["results"][:limit]:
                    typer.echo(f"  {x.severity.lower()}: {x.line()}")
                if len(report["results"]) > limit:
                    typer.echo(f"  … {len(report['results']) - limit} more (--limit or --json)")
        if report["violations"]:
            raise typer.Exit(1)

    @app.command("ontology")
    def ontology(
        shapes: bool = typer.Option(False, "--shapes", help="the SHACL shapes instead of the ontology"),
        out: Optional[str] = typer.Option(None, "--out", "-o", help="write to this file (default: print)"),
        write: bool = typer.Option(False, "--write", help="regenerate the committed kg/ontology.ttl and "
                                                          "kg/shapes.ttl (default IRI base)"),
        base: Optional[str] = typer.Option(None, "--base", help="IRI base (default KG_IRI_BASE or "
                                                                "https://example.org/kg/)"),
    ) -> None:
        """Print (or write) the OWL/SKOS ontology or the SHACL shapes rendered from the schema."""
        from kg import rdf

        try:
            if write:
                here = Path(rdf.__file__).resolve().parent
                (here / "ontology.ttl").write_text(rdf.ontology_turtle(rdf.DEFAULT_BASE), encoding="utf-8")
                (here / "shapes.ttl").write_text(rdf.shapes_turtle(rdf.DEFAULT_BASE), encoding="utf-8")
                typer.echo(f"wrote {here / 'ontology.ttl'} and {here / 'shapes.ttl'}", err=True)
                return
            text = rdf.shapes_turtle(base) if shapes else rdf.ontology_turtle(base)
        except ValueError as e:
            die(str(e))
        if out:
            Path(out).write_text(text, encoding="utf-8")
            typer.echo(f"wrote {out}", err=True)
        else:
            typer.echo(text, nl=False)
