"""Bulk load of a synthetic graph: the project's own store API vs. a naive ``UNWIND … MERGE`` baseline.

Variants (each run in its own subprocess by the runner, on a fresh store):

``api``
    ``store.upsert_nodes`` / ``store.upsert_relationships`` of the embedded store, one call per table
    (:func:`bench.synthetic.write_parts` with ``atomic=False``: no explicit transaction around a
    table, whose new rows the store writes with one COPY — itself atomic; LadybugDB 0.22 commits a COPY
    inside ``BEGIN … COMMIT`` far more slowly: province ~42 s vs ~30 s CPU) — the number the target
    is about.
``naive``
    the baseline: the same provenance properties (``merge_props``), then ``UNWIND $rows AS row MERGE
    (n {key}) SET …`` / ``MATCH (a) MATCH (b) MERGE (a)-[r]->(b) SET …`` in batches of 5,000. With
    ``baseline_fraction`` < 1 it loads that share of every table and its time is extrapolated
    linearly (MERGE slows down as tables grow, so this *under*states the baseline).
``neo4j``
    the project's Neo4j store (``Neo4jStore.upsert_*``: ``UNWIND … CREATE`` for new rows), fed the
    generator's 50,000-row chunks, one transaction each — as an ingest writes documents.
``neo4j-import``
    an initial/full load with ``neo4j-admin database import full`` (:mod:`bench.neo4j_import`): the
    same upsert code into in-memory tables, CSV files, the importer, a restart, constraints/indexes.

Every variant ends by checking the graph's counts against the generated tables.
"""
from __future__ import annotations

from pathlib import Path

from kg import schema
from kg.store.merge import BATCH, chunks, dedupe_node_rows, dedupe_rel_rows, merge_props

from bench import common

VARIANTS = ("api", "naive", "neo4j", "neo4j-import")


def _typed(expr: str, type_: str) -> str:
    """A parameter column that is null in every row of a batch arrives untyped: cast it."""
    return expr if type_ == schema.STRING else f"CAST({expr} AS {type_})"


def naive_load(store, parts, fraction: float = 1.0) -> dict:
    """The baseline: per-row provenance properties, then UNWIND … MERGE … SET in batches."""
    nodes = rels = 0
    for p in parts:
        rows = p.rows if fraction >= 1 else p.rows[:max(1, int(len(p.rows) * fraction))]
        if p.kind == "nodes":
            nt = schema.node(p.label)
            props = {**nt.props, **schema.PROVENANCE_PROPS}
            lists = schema.list_props(props)
            payload = []
            for k, row in dedupe_node_rows(p.label, rows).items():
                m = merge_props(props, None, row, lists)
                payload.append({"c_key": k, **{f"c_{c}": v for c, v in m.items()}})
            sets = ", ".join(f"n.{c} = {_typed('row.c_' + c, t)}" for c, t in props.items())
            q = f"UNWIND $rows AS row MERGE (n:{p.label} {{{nt.key}: row.c_key}}) SET {sets}"
            for part in chunks(payload, BATCH):
                store.write(q, {"rows": list(part)})
            nodes += len(payload)
        else:
            rt = schema.rel(p.type)
            props = {**rt.props, **schema.PROVENANCE_PROPS}
            lists = schema.list_props(props)
            payload = []
            for (f, t), row in dedupe_rel_rows(rows).items():
                m = merge_props(props, None, row, lists)
                payload.append({"c_from": f, "c_to": t, **{f"c_{c}": v for c, v in m.items()}})
            sk, ek = schema.key_of(p.start), schema.key_of(p.end)
            sets = ", ".join(f"r.{c} = {_typed('row.c_' + c, t)}" for c, t in props.items())
            q = (f"UNWIND $rows AS row MATCH (a:{p.start} {{{sk}: row.c_from}}) MATCH (b:{p.end} {{{ek}: row.c_to}}) "
                 f"MERGE (a)-[r:{p.type}]->(b) SET {sets}")
            for part in chunks(payload, BATCH):
                store.write(q, {"rows": list(part)})
            rels += len(payload)
    return {"nodes": nodes, "relationships": rels}


def run(variant: str, *, scale: str = "province", seed: int = 42, baseline_fraction: float = 1.0,
        neo4j_local: bool = False, reference_graph: str | None = None, workdir: str | None = None) -> dict:
    """One load variant → a result dict (seconds, rows/s, counts check)."""
    from bench.synthetic import write_parts
    from kg.store.embedded import EmbeddedStore

    if variant not in VARIANTS:
        raise ValueError(f"unknown load variant {variant!r}; known: {', '.join(VARIANTS)}")
    if variant == "neo4j-import":  # its own module: an offline load into the benchmark server's home
        from bench import neo4j_import

        return neo4j_import.run(scale=scale, seed=seed, reference_graph=reference_graph, workdir=workdir)
    with common.stopwatch() as gen_t:
        # Neo4j: the generator's 50k-row chunks, one transaction each, as an ingest writes (a 50k-row
        # transaction holds 0.3-0.5 GB of server heap; whole tables would need several GB)
        parts, note = common.parts(scale, seed, reference_graph, whole=variant != "neo4j")
    n_nodes, n_rels = common.count_rows(parts)
    res = {"benchmark": f"load:{variant}", "scale": scale, "seed": seed, "nodes": n_nodes,
           "relationships": n_rels, "generate_s": round(gen_t["seconds"], 2), "notes": [note]}
    root = common.fresh_dir(f"load-{variant}", None if workdir is None else Path(workdir))
    if variant == "neo4j":
        cfg, msg = common.neo4j_settings(neo4j_local)
        res["notes"].append(msg)
        if cfg is None:
            res["skipped"] = msg
            return res
        store = common.open_neo4j(cfg)
        common.wipe_neo4j(store)
        store.apply_schema()
    else:
        store = EmbeddedStore(str(root / "graph.lbug"))
        store.apply_schema()
    try:
        node_parts = [p for p in parts if p.kind == "nodes"]
        rel_parts = [p for p in parts if p.kind == "rels"]
        if variant == "naive":
            with common.stopwatch() as tn:
                naive_load(store, node_parts, baseline_fraction)
            with common.stopwatch() as tr:
                naive_load(store, rel_parts, baseline_fraction)
        else:
            atomic = variant == "neo4j"  # embedded: each table's COPY commits on its own (see above)
            with common.stopwatch() as tn:
                write_parts(store, node_parts, atomic=atomic)
            with common.stopwatch() as tr:
                write_parts(store, rel_parts, atomic=atomic)
            if not atomic:
                res["notes"].append("no explicit transaction per table (write_parts atomic=False)")
        total = tn["seconds"] + tr["seconds"]
        frac = baseline_fraction if variant == "naive" else 1.0
        res.update(nodes_s=round(tn["seconds"], 2), relationships_s=round(tr["seconds"], 2),
                   seconds=round(total, 2), cpu_s=round(tn["cpu_s"] + tr["cpu_s"], 2), fraction=frac,
                   rels_per_s=round(n_rels * frac / tr["seconds"]) if tr["seconds"] else None,
                   rows_per_s=round((n_nodes + n_rels) * frac / total) if total else None)
        if frac < 1:
            res["seconds_extrapolated"] = round(total / frac, 1)
            res["notes"].append(f"loaded {frac:.0%} of every table; time extrapolated linearly (understates MERGE)")
        else:
            bad = common.check_counts(store, common.expected_counts(parts))
            res["counts_ok"] = not bad
            if bad:
                res["notes"].append("count mismatch: " + "; ".join(bad[:5]))
        if variant == "neo4j":
            res["neo4j_uri"] = getattr(store, "uri", None)
            res.update(target="≥ 20000 rels/s", met=(res["rels_per_s"] or 0) >= 20000 if scale == "province" else None)
        elif variant == "api":
            res.update(target="≤ 10 s", met=total <= 10 if scale == "province" else None)
    finally:
        store.close()
    return res
