"""The reference folder end to end (reading + extraction + writing), per ingest kind, into a fresh store.

Kinds run in dependency order — ``reference`` (taxonomies, colleges, firms, job posts), then the
extractors that build their gazetteers from what it wrote: ``curriculum`` (187 major profiles),
``policy`` (laws in Chinese, papers in English), ``jobs`` (the 13,629 real postings of the three job files),
``teaches`` (courses and abilities → the skills postings require) — each through
:func:`ingest.pipeline.run_ingest`, exactly as ``kg ingest`` does. A kind that is not in this build
is skipped with a note.
"""
from __future__ import annotations

import resource
from pathlib import Path

from kg.config import settings

from bench import common

KINDS = ("reference", "curriculum", "policy", "jobs", "teaches")
TARGET_S = 60.0


def kind_paths(kind: str, data: Path) -> list[Path]:
    return {"reference": [data], "curriculum": [data / "curricula" / "major_profiles_2022"],
            "policy": [data / "policies" / "zh", data / "policies" / "en"],
            "jobs": [data / "jobs"], "teaches": []}[kind]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (MB; Linux reports ru_maxrss in KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def available(kind: str) -> str | None:
    """None when the kind can run, else why not."""
    from ingest.registry import ingest_function

    try:
        ingest_function(kind)
    except LookupError as e:
        return str(e)
    return None


def run(variant: str = "embedded", *, reference_data: str | None = None, neo4j_local: bool = False,
        workdir: str | None = None, kinds: list[str] | None = None) -> dict:
    from ingest.pipeline import run_ingest

    data = Path(reference_data or settings().reference_data)
    notes: list[str] = []
    if variant == "embedded":
        from kg.store.embedded import EmbeddedStore

        root = common.fresh_dir("reference-embedded", Path(workdir) if workdir else None)
        store = EmbeddedStore(str(root / "graph.lbug"))
    elif variant == "neo4j":
        cfg, msg = common.neo4j_settings(neo4j_local)
        notes.append(msg)
        if cfg is None:
            return {"benchmark": "reference:neo4j", "skipped": msg}
        store = common.open_neo4j(cfg)
        common.wipe_neo4j(store)
    else:
        raise ValueError(f"unknown reference variant {variant!r} (embedded | neo4j)")
    results = []
    total = total_cpu = 0.0
    ran: list[str] = []
    try:
        store.apply_schema()
        for kind in kinds or KINDS:
            why = available(kind)
            label = f"ingest {kind} [{variant}]"
            if why:
                results.append({"benchmark": label, "skipped": why})
                continue
            with common.stopwatch() as sw:
                s = run_ingest(store, kind, kind_paths(kind, data), {}, resume=False)
            total += sw["seconds"]
            total_cpu += sw["cpu_s"]
            ran.append(kind)
            nodes, rels = sum(s["nodes"].values()), sum(s["relationships"].values())
            results.append({"benchmark": label, "seconds": round(sw["seconds"], 2), "cpu_s": round(sw["cpu_s"], 2),
                            "documents": s["documents"], "rows_read": s["rows_read"], "nodes_written": nodes,
                            "relationships_written": rels, "rejected": len(s["rejected"]),
                            "skipped_relationships": len(s["skipped_relationships"]),
                            "peak_rss_mb": peak_rss_mb(),
                            "summary": f"{sw['seconds']:.1f} s (cpu {sw['cpu_s']:.1f} s): {s['documents']} documents, "
                                       f"{nodes} nodes, {rels} rels written, {len(s['rejected'])} rejected, "
                                       f"peak RSS so far {peak_rss_mb():,.0f} MB"})
        stats = store.stats()
    finally:
        store.close()
    complete = all(k in ran for k in KINDS)
    results.append({"benchmark": f"reference folder end to end [{variant}]", "seconds": round(total, 2),
                    "cpu_s": round(total_cpu, 2), "kinds": ran, "peak_rss_mb": peak_rss_mb(),
                    "graph_nodes": sum(stats["nodes"].values()), "graph_relationships": sum(stats["relationships"].values()),
                    "target": f"≤ {TARGET_S:.0f} s (embedded)" if variant == "embedded" else "recorded",
                    "met": (total <= TARGET_S if complete else None) if variant == "embedded" else None,
                    "summary": f"{total:.1f} s (cpu {total_cpu:.1f} s) for {', '.join(ran) or 'nothing'}"
                               + ("" if complete else f"; not available: {', '.join(k for k in KINDS if k not in ran)}")})
    return {"benchmark": f"reference:{variant}", "notes": notes, "results": results}
