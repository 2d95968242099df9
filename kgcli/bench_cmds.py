"""`kg bench` — benchmarks with same-run baselines, and the synthetic scale generator.

    kg bench generate --scale province [--seed 42] [--out .kg/bench/province-42/graph.lbug]
    kg bench load [--scale province] [--baseline-fraction 1] [--neo4j-local] [--json out.json]
    kg bench reference | queries | extraction | all [--json out.json]

Each sub-benchmark runs in its own subprocess (peak memory per sub-benchmark); the table lists the
result, the target and whether it was met; ``--json`` writes everything (machine, options, results).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from kgcli.common import OUT, cfg, die, emit_rows

SCALES = ("tiny", "province", "national")


def _run(suites: list[str], *, scale: str, seed: int, runs: int, baseline_fraction: float, neo4j_local: bool,
         graph: Optional[str], reference_graph: Optional[str], json_path: Optional[str], as_json: bool,
         only: Optional[str] = None, skip: Optional[str] = None, workdir: Optional[str] = None) -> None:
    from bench.runner import run_suites, table_rows

    if scale not in SCALES:
        die(f"--scale must be one of {', '.join(SCALES)}, not {scale!r}")
    if not 0 < baseline_fraction <= 1:
        die("--baseline-fraction must be in (0, 1]")
    options = {"scale": scale, "seed": seed, "runs": max(5, runs), "baseline_fraction": baseline_fraction,
               "neo4j_local": neo4j_local, "graph": graph, "reference_data": cfg().reference_data,
               "reference_graph": reference_graph, "only": [x for x in (only or "").split(",") if x] or None,
               "skip_variants": [x for x in (skip or "").split(",") if x] or None, "workdir": workdir}
    echo = (lambda s: typer.echo(s, err=True))
    report = run_suites(suites, options, echo=echo, json_path=json_path)
    if as_json:
        OUT.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
    else:
        m = report["machine"]
        typer.echo(f"machine: {m['cpus']} cpus, {m['memory_gib']} GiB, python {m['python']}, "
                   f"ladybug {m['ladybug']}, load average at start {m['loadavg_1m']}")
        emit_rows(table_rows(report), "table")
        notes = sorted({n for r in report["results"] + report.get("tasks", []) for n in (r.get("notes") or [])})
        for n in notes:
            typer.echo(f"note: {n}")
        if json_path:
            typer.echo(f"JSON written to {json_path}", err=True)
    if any("error" in r for r in report["results"]):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    bench = typer.Typer(help="Benchmarks (load, reference, queries, extraction) and the synthetic scale generator.",
                        no_args_is_help=False, invoke_without_command=True)

    @bench.callback()
    def _default(ctx: typer.Context) -> None:
        """Without a sub-command: every benchmark (same as `kg bench all`)."""
        if ctx.invoked_subcommand is None:
            _run(["all"], scale="province", seed=42, runs=5, baseline_fraction=1.0, neo4j_local=False, graph=None,
                 reference_graph=None, json_path=None, as_json=False)

    def make(name: str, suites: list[str], doc: str):
        def cmd(
            scale: str = typer.Option("province", "--scale", help="tiny | province | national"),
            seed: int = typer.Option(42, "--seed", help="generator seed (same seed → same graph)"),
            runs: int = typer.Option(5, "--runs", help="timed runs per query (at least 5)"),
            baseline_fraction: float = typer.Option(1.0, "--baseline-fraction",
                                                    help="load: share of each table the naive baseline loads "
                                                         "(time extrapolated; < 1 understates the baseline)"),
            neo4j_local: bool = typer.Option(False, "--neo4j-local", help="start scripts/neo4j-local.sh and include Neo4j"),
            graph: Optional[str] = typer.Option(None, "--graph", help="queries: synthetic graph file (default .kg/bench/SCALE-SEED/graph.lbug)"),
            reference_graph: Optional[str] = typer.Option(None, "--reference-graph",
                                                          help="graph with the reference data to take taxonomies from "
                                                               "(default: the reference files)"),
            only: Optional[str] = typer.Option(None, "--only", help="queries: comma-separated name fragments"),
            skip: Optional[str] = typer.Option(None, "--skip", help="variants to leave out: load api,naive,neo4j,neo4j-import; queries embedded,embedded-held,neo4j"),
            workdir: Optional[str] = typer.Option(None, "--workdir", help="scratch folder for the graphs loaded "
                                                                        "(default .kg/bench)"),
            json_path: Optional[str] = typer.Option(None, "--json", help="write the full report as JSON to this file"),
            as_json: bool = typer.Option(False, "--print-json", help="print the report as JSON instead of a table"),
        ) -> None:
            _run(suites, scale=scale, seed=seed, runs=runs, baseline_fraction=baseline_fraction,
                 neo4j_local=neo4j_local, graph=graph, reference_graph=reference_graph, json_path=json_path,
                 as_json=as_json, only=only, skip=skip, workdir=workdir)

        cmd.__doc__ = doc
        bench.command(name)(cmd)

    make("load", ["load"], "Bulk load of a synthetic graph: the store API vs. a naive UNWIND…MERGE baseline (+ Neo4j).")
    make("reference", ["reference"], "The reference folder end to end, per ingest kind.")
    make("queries", ["queries"], "Every named query and analysis at the given scale: median and p95, both stores.")
    make("extraction", ["extraction"], "Extraction throughput (words/s, chars/s) per extractor.")
    make("all", ["all"], "Every benchmark.")

    @bench.command("generate")
    def generate(
        scale: str = typer.Option("province", "--scale", help="tiny | province | national"),
        seed: int = typer.Option(42, "--seed", help="generator seed (same seed → same graph)"),
        out: Optional[str] = typer.Option(None, "--out", help="graph file to write (default .kg/bench/SCALE-SEED/graph.lbug)"),
        reference_graph: Optional[str] = typer.Option(None, "--reference-graph",
                                                      help="graph with the reference data (taxonomies); default: "
                                                           "the configured graph if it holds them, else the files"),
        stock: bool = typer.Option(False, "--stock", help="no effect (kept for old scripts): the store's "
                                                          "own upserts are the bulk path"),
        as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
    ) -> None:
        """Generate a synthetic graph around the real taxonomies into its own graph file.

        Everything generated is labelled: provenance source 'synthetic:SCALE:SEED', keys 'syn:…'."""
        from bench.queries import generate as gen, graph_path

        if scale not in SCALES:
            die(f"--scale must be one of {', '.join(SCALES)}, not {scale!r}")
        target = Path(out) if out else graph_path(scale, seed)
        ref = reference_graph or cfg().db_path
        if Path(target).resolve() == Path(ref).resolve():
            die("refusing to write synthetic data into the reference graph: choose another --out")
        count = {"n": 0}

        def progress(p) -> None:
            count["n"] += len(p.rows)
            typer.echo(f"  {p.target}: {len(p.rows)} rows ({count['n']} so far)", err=True)

        try:
            summary, note = gen(scale, seed, str(target), ref, stock=stock, progress=None if as_json else progress)
        except (ValueError, OSError) as e:
            die(str(e))
        if as_json:
            OUT.write(json.dumps(summary, ensure_ascii=False) + "\n")
            return
        typer.echo(f"{summary['source']}: {sum(summary['nodes'].values())} nodes, "
                   f"{sum(summary['relationships'].values())} relationships in {summary['seconds']} s → {target}")
        typer.echo(f"taxonomy: {note}")
        if summary.get("skipped"):
            typer.echo(f"relationships skipped (endpoint missing): {summary['skipped']}")

    @bench.command("pages")
    def pages(
        condition: str = typer.Option("both", "--condition", help="quiet | ingest | both"),
        baseline: bool = typer.Option(False, "--baseline", help="also the baseline: no warm-up, ingest not niced"),
        only: Optional[str] = typer.Option(None, "--pages", help="comma-separated subset of the pages"),
        json_path: Optional[str] = typer.Option(None, "--json", help="default bench/results/explorer_pages-CONDITION.json"),
    ) -> None:
        """Explorer pages in a real browser: first visit and revisit per page, quiet and during an ingest
        (bench/explorer_pages.py; Playwright + /usr/bin/chromium; the graph is the configured one)."""
        from bench.explorer_pages import main as pages_main

        if condition not in ("quiet", "ingest", "both"):
            die(f"--condition must be quiet, ingest or both, not {condition!r}")
        args = ["--condition", condition, "--graph", str(cfg().db_path)] + (["--baseline"] if baseline else [])
        args += (["--pages", only] if only else []) + (["--json", json_path] if json_path else [])
        try:
            rc = pages_main(args)
        except (FileNotFoundError, RuntimeError) as e:
            die(str(e))
        raise typer.Exit(rc)

    app.add_typer(bench, name="bench")
