"""Markdown tables from `kg bench --json` reports: ``python -m bench.report REPORT.json [REPORT.json …]``."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.1f}" if v >= 100 else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def queries_table(reports: list[dict]) -> str:
    """One row per query/analysis, one column pair (median / p95 ms) per store variant."""
    rows: dict[str, dict[str, dict]] = {}
    stores: list[str] = []
    for rep in reports:
        for r in rep["results"]:
            name, _, store = r["benchmark"].rpartition(" [")
            if not name.startswith(("query ", "analysis ")):
                continue
            store = store.rstrip("]")
            if store not in stores:
                stores.append(store)
            rows.setdefault(name, {})[store] = r
    head = "| query / analysis | " + " | ".join(f"{s} median / p95 ms" for s in stores) + " | rows |"
    out = [head, "|" + "---|" * (len(stores) + 2)]
    for name, by in rows.items():
        cells = []
        nrows = None
        for s in stores:
            r = by.get(s)
            if r is None:
                cells.append("")
            elif "error" in r:
                cells.append("**fails**: " + r["error"].replace("QueryLimitError: query stopped: ", "")[:48])
            elif "skipped" in r:
                cells.append("n/a")
            else:
                mark = "" if r.get("met") in (True, None) else " ✗"
                cells.append(f"{_fmt(r['median_ms'])} / {_fmt(r['p95_ms'])}{mark}")
                nrows = r.get("rows") if nrows is None else nrows
        out.append(f"| {name} | " + " | ".join(cells) + f" | {_fmt(nrows)} |")
    return "\n".join(out)


def results_table(reports: list[dict]) -> str:
    out = ["| benchmark | result | target | met | peak MB |", "|---|---|---|---|---|"]
    for rep in reports:
        for r in rep["results"]:
            if r["benchmark"].startswith(("query ", "analysis ")):
                continue
            res = r.get("summary") or r.get("error") or r.get("skipped") or ""
            if r["benchmark"].startswith("load:") and "seconds" in r:
                res = (f"{r['seconds']:,} s wall, {r.get('cpu_s', 0):,} s CPU; {r['relationships']:,} rels, "
                       f"{r.get('rels_per_s')} rels/s")
                if r.get("seconds_extrapolated"):
                    res += f"; {r['fraction']:.0%} loaded → {r['seconds_extrapolated']:,} s extrapolated"
            met = {True: "yes", False: "**no**", None: ""}[r.get("met")]
            out.append(f"| {r['benchmark']} | {res} | {r.get('target', '')} | {met} | {_fmt(r.get('peak_rss_mb'))} |")
        for k, v in (rep.get("ratios") or {}).items():
            out.append(f"| ratio {k} (same run) | {v}× | {'≥ 10×' if k == 'naive/api' else ''} | "
                       f"{('yes' if v >= 10 else '**no**') if k == 'naive/api' else ''} | |")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    reports = [json.loads(Path(p).read_text(encoding="utf-8")) for p in argv]
    print(results_table(reports))
    print()
    print(queries_table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
