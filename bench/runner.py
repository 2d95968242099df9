"""Run sub-benchmarks, each in its own subprocess (so its peak memory is its own), print a table and
write JSON.

``python -m bench.runner --task load:api --options '{"scale": "tiny"}' --result out.json`` runs one
task in this process (that is what the parent spawns); :func:`run_suites` is the library entry point
behind ``kg bench``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from bench import common

SUITES = ("load", "reference", "queries", "extraction")


def tasks_for(suite: str, options: dict) -> list[str]:
    """The tasks of a suite (one subprocess each)."""
    if suite == "load":
        variants = ["api", "naive"]
        if options.get("neo4j_local") or os.environ.get("NEO4J_URI"):
            variants.append("neo4j")
        if options.get("neo4j_local"):  # the importer needs the server's home: local servers only
            variants.append("neo4j-import")
        skip = set(options.get("skip_variants") or [])
        return [f"load:{v}" for v in variants if v not in skip]
    if suite == "reference":
        out = ["reference:embedded"]
        if options.get("neo4j_local") or os.environ.get("NEO4J_URI"):
            out.append("reference:neo4j")
        return out
    if suite == "queries":
        out = ["embedded", "embedded-held"]
        if options.get("neo4j_local") or os.environ.get("NEO4J_URI"):
            out.append("neo4j")
        skip = set(options.get("skip_variants") or [])
        return [f"queries:{v}" for v in out if v not in skip]
    if suite == "extraction":
        return ["extraction:all"]
    raise ValueError(f"unknown benchmark {suite!r}; known: {', '.join(SUITES)}, all")


def run_task(task: str, options: dict) -> dict:
    """Run one task in this process → its result dict (or list of result dicts under 'results')."""
    suite, _, variant = task.partition(":")
    if suite == "load":
        from bench import load

        keys = ("scale", "seed", "baseline_fraction", "neo4j_local", "reference_graph", "workdir")
        return load.run(variant, **{k: options[k] for k in keys if k in options})
    if suite == "reference":
        from bench import reference

        keys = ("reference_data", "neo4j_local", "workdir", "kinds")
        return reference.run(variant, **{k: options[k] for k in keys if k in options})
    if suite == "queries":
        from bench import queries

        keys = ("scale", "seed", "runs", "neo4j_local", "graph", "reference_graph", "only")
        return queries.run(variant, **{k: options[k] for k in keys if k in options})
    if suite == "extraction":
        from bench import extraction

        keys = ("reference_data", "repeat", "workdir")
        return extraction.run(**{k: options[k] for k in keys if k in options})
    raise ValueError(f"unknown task {task!r}")


def spawn(task: str, options: dict, timeout: float | None = None) -> dict:
    """Run ``task`` in a subprocess; returns its result with ``peak_rss_mb`` and ``wall_s``."""
    with common.stopwatch() as sw:
        out_path = common.BENCH_DIR / f"result-{task.replace(':', '-')}-{os.getpid()}.json"
        out_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "bench.runner", "--task", task, "--options", json.dumps(options),
               "--result", str(out_path)]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"benchmark": task, "error": f"timed out after {timeout:.0f} s"}
    if out_path.exists():
        res = json.loads(out_path.read_text(encoding="utf-8"))
        out_path.unlink()
    else:
        err = (p.stderr or p.stdout).strip().splitlines()
        res = {"benchmark": task, "error": err[-1] if err else f"exit {p.returncode}"}
    res["wall_s"] = round(sw["seconds"], 2)
    return res


def run_suites(names: list[str], options: dict, echo: Callable[[str], None] = print,
               json_path: str | Path | None = None) -> dict:
    """Run the named suites (``all`` = every suite) → {"machine", "options", "results"}."""
    if "all" in names:
        names = list(SUITES)
    report: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": common.machine(),
                              "options": options, "results": []}
    for suite in names:
        for task in tasks_for(suite, options):
            echo(f"… {task}")
            res = spawn(task, options)
            items = res.pop("results", None)
            if items is not None:  # a task that measured many things (queries, extraction)
                for it in items:
                    it.setdefault("peak_rss_mb", res.get("peak_rss_mb"))
                report["results"].extend(items)
                report.setdefault("tasks", []).append(res)
            else:
                report["results"].append(res)
            if json_path:
                write_json(report, json_path)
    if options.get("neo4j_local") and not options.get("keep_neo4j"):
        common.stop_local_neo4j()
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    report["ratios"] = ratios(report["results"])
    if json_path:
        write_json(report, json_path)
    return report


def write_json(report: dict, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def ratios(results: list[dict]) -> dict:
    """Same-run ratios: the baseline's time over each load variant's time."""
    by = {r["benchmark"]: r for r in results if "seconds" in r}
    base = by.get("load:naive")
    out = {}
    if base:
        b = base.get("seconds_extrapolated") or base["seconds"]
        for v in ("api",):
            r = by.get(f"load:{v}")
            if r and r.get("seconds"):
                out[f"naive/{v}"] = round(b / r["seconds"], 2)
    return out


# ------------------------------------------------------------------ printing
def table_rows(report: dict) -> list[dict]:
    rows = []
    for r in report["results"]:
        if "error" in r or "skipped" in r:
            rows.append({"benchmark": r["benchmark"], "result": "ERROR: " + r["error"] if "error" in r
                         else "skipped: " + r["skipped"], "target": r.get("target", ""), "met": "",
                         "peak MB": r.get("peak_rss_mb", "")})
            continue
        rows.append({"benchmark": r["benchmark"], "result": r.get("summary") or _summary(r),
                     "target": r.get("target", ""), "met": {True: "yes", False: "NO", None: ""}[r.get("met")],
                     "peak MB": r.get("peak_rss_mb", "")})
    for k, v in report.get("ratios", {}).items():
        rows.append({"benchmark": f"ratio {k}", "result": f"{v}×", "target": "≥ 10×" if k == "naive/api" else "",
                     "met": ("yes" if v >= 10 else "NO") if k == "naive/api" else "", "peak MB": ""})
    return rows


def _summary(r: dict) -> str:
    if r["benchmark"].startswith("load:"):
        s = f"{r['seconds']} s ({r['nodes']} nodes, {r['relationships']} rels; {r.get('rels_per_s')} rels/s)"
        if r.get("seconds_extrapolated"):
            s += f"; {r['fraction']:.0%} loaded → {r['seconds_extrapolated']} s extrapolated"
        return s
    return json.dumps({k: v for k, v in r.items() if k not in ("benchmark", "notes")}, ensure_ascii=False)[:100]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--task", required=True)
    ap.add_argument("--options", default="{}")
    ap.add_argument("--result", required=True)
    a = ap.parse_args(argv)
    options = json.loads(a.options)
    try:
        res = run_task(a.task, options)
    except Exception as e:  # one line in the report; the traceback on stderr for the developer
        traceback.print_exc()
        res = {"benchmark": a.task, "error": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"}
    res["peak_rss_mb"] = common.peak_rss_mb()
    res.setdefault("loadavg_1m", round(os.getloadavg()[0], 2))
    Path(a.result).write_text(json.dumps(res, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
