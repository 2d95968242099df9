"""Every named query and analysis on a province-scale synthetic graph: median and p95 over ≥ 5 runs.

Discovered at run time: the named queries from :func:`queries.library.list_queries`, the analyses from
:data:`ANALYSES` (functions of ``queries.analyses``, ``queries.suggest`` and ``queries.network``). Parameter values are taken from the graph itself
(:func:`context`): the college with the most professional groups, its largest group, that group's lead
major and served industry, the firm with the most job posts, the most wanted post and skill.

``embedded`` opens the graph read-only, as ``kg query`` and the explorer do (the store keeps one
read-only open and checks the files before every read, reopening when they changed);
``embedded-held`` reads over a writable store's held connection (READ ONLY transactions) — the
difference is what the read-only product path costs on top of the query; ``neo4j`` loads the same
synthetic graph into Neo4j first unless it is already there.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from kg.config import settings

from bench import common
from queries import analyses, library, network, suggest

TARGET_MS = 200.0
SUGGEST_TARGET_MS = 300.0

# (name, "module:function", how to call it with the context) — the analyses of issue 6
ANALYSES: list[tuple[str, Callable, Callable[[dict], tuple[tuple, dict]]]] = [
    ("gaps", analyses.gaps, lambda c: ((c["college"],), {"group": c["group"]})),
    ("coverage", analyses.coverage, lambda c: ((), {"region": c["province"]})),
    ("skills_gap", analyses.skills_gap, lambda c: ((c["college"],), {"group": c["group"]})),
    ("suggest", suggest.suggest, lambda c: ((c["group"],), {"college": c["college"], "top": 10})),
    ("suggest_groups", analyses.suggest_groups, lambda c: ((c["industry"],), {"region": c["province"]})),
    ("review_partners", analyses.review_partners, lambda c: ((c["college"],), {})),
    ("pathways", analyses.pathways, lambda c: ((c["major"],), {"region": c["province"]})),
    ("centrality", network.central_firms, lambda c: ((), {"region": c["province"]})),
    ("communities", network.major_communities, lambda c: ((), {})),
]


def context(store) -> dict:
    """Parameter values found in the graph (the busiest real college and its largest group, …)."""
    one = lambda q, p=None: (store.read(q, p or {}, limit=1) or [{}])[0]  # noqa: E731
    c = one("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College) "
            "RETURN c.moe_code AS code, c.name AS name, c.province AS province, count(g) AS n "
            "ORDER BY n DESC, code LIMIT 1")
    g = one("MATCH (g:ProfessionalGroup)-[:BELONGS_TO]->(c:College {moe_code: $c}) "
            "MATCH (g)-[:INCLUDES]->(m:Major) RETURN g.id AS id, g.name AS name, g.lead_major_code AS lead, "
            "count(m) AS n ORDER BY n DESC, id LIMIT 1", {"c": c.get("code")})
    ind = one("MATCH (g:ProfessionalGroup {id: $g})-[:SERVES]->(i:Industry) RETURN i.code AS code ORDER BY code LIMIT 1",
              {"g": g.get("id")})
    firm = one("MATCH (f:Firm)-[:POSTED]->(j:JobPosting) RETURN f.id AS id, f.name AS name, count(j) AS n "
               "ORDER BY n DESC, id LIMIT 1")
    partner = one("MATCH (f:Firm)-[:PARTNERS_WITH]->(c:College {moe_code: $c}) RETURN f.name AS name "
                  "ORDER BY name LIMIT 1", {"c": c.get("code")})
    post = one("MATCH (j:JobPosting)-[:FOR_POST]->(p:Post) RETURN p.id AS id, p.name AS name, count(j) AS n "
               "ORDER BY n DESC, id LIMIT 1")
    occ = one("MATCH (p:Post {id: $p})-[:IN_OCCUPATION]->(o:Occupation) RETURN o.code AS code LIMIT 1",
              {"p": post.get("id")})
    doc = one("MATCH (d:Document) WHERE d.kind = 'synthetic' RETURN d.id AS id LIMIT 1")
    return {"college": c.get("name"), "college_code": c.get("code"), "province": c.get("province") or "广东省",
            "group": g.get("name"), "group_id": g.get("id"), "major": g.get("lead"),
            "industry": ind.get("code"), "firm": firm.get("name"), "partner_firm": partner.get("name"),
            "post": post.get("name"), "occupation": occ.get("code"), "document": doc.get("id")}


def named_params(q, ctx: dict) -> dict:
    """Values for a named query's parameters, by parameter name."""
    by_name = {"college": ctx["college"], "document": ctx["document"], "source": ctx["college"],
               "target": ctx["partner_firm"] or ctx["firm"], "firm": ctx["firm"], "industry": ctx["industry"],
               "region": ctx["province"], "professional_group": ctx["group"], "group": ctx["group"],
               "major": ctx["major"], "measure": "现代学徒制", "occupation": ctx["occupation"],
               "policy": "职业教育法", "post": ctx["post"]}
    out = {}
    for p in q.params:
        if p.name in by_name and by_name[p.name] is not None:
            out[p.name] = by_name[p.name]
        elif p.required:
            out[p.name] = ctx.get(p.name) or "x"
    if "professional_group" in out and any(p.name == "college" for p in q.params):
        out["college"] = ctx["college"]
    return out


def _time(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any, float]:
    t = time.perf_counter()
    first = fn()
    first_s = time.perf_counter() - t
    xs = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        xs.append(time.perf_counter() - t)
    return xs, first, first_s


def _rows(result: Any) -> int | None:
    try:
        return len(result)
    except TypeError:
        for attr in ("rows", "regions", "table"):
            v = getattr(result, attr, None)
            if v is not None:
                try:
                    return len(v)
                except TypeError:
                    pass
        return None


def measure(store, store_name: str, runs: int = 5, only: list[str] | None = None) -> list[dict]:
    """Time every named query and analysis on ``store`` → one result dict each."""
    out: list[dict] = []
    ctx = context(store)
    jobs: list[tuple[str, str, Callable[[], Any], float]] = []
    for q in library.list_queries():
        params = named_params(q, ctx)
        jobs.append((f"query {q.name}", "named", (lambda q=q, p=params: library.run(store, q.name, p)), TARGET_MS))
    for name, fn, call in ANALYSES:
        args, kwargs = call(ctx)
        jobs.append((f"analysis {name}", "analysis", (lambda fn=fn, a=args, k=kwargs: fn(store, *a, **k)),
                     SUGGEST_TARGET_MS if name == "suggest" else TARGET_MS))
    for name, kind, fn, target in jobs:
        if only and not any(o in name for o in only):
            continue
        label = f"{name} [{store_name}]"
        try:
            xs, first, first_s = _time(fn, runs)
        except Exception as e:  # a failing query is a finding, not a crash of the benchmark
            out.append({"benchmark": label, "kind": kind, "error": f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"})
            continue
        st = common.timing_stats(xs)
        st["first_ms"] = round(1000 * first_s, 2)
        rows = _rows(first)
        embedded = store_name.startswith("embedded")
        met = st["median_ms"] <= target if embedded else None
        out.append({"benchmark": label, "kind": kind, "store": store_name, **st, "rows": rows,
                    "target": f"median ≤ {target:.0f} ms" if embedded else "recorded",
                    "met": met, "summary": f"median {st['median_ms']} ms, p95 {st['p95_ms']} ms, "
                                           f"first {st['first_ms']} ms, {rows} rows"})
    return out


def graph_path(scale: str, seed: int, graph: str | None = None) -> Path:
    return Path(graph) if graph else common.BENCH_DIR / f"{scale}-{seed}" / "graph.lbug"


def ensure_graph(scale: str, seed: int, graph: str | None = None, reference_graph: str | None = None) -> tuple[Path, str]:
    """The synthetic graph file, generated if it is not there yet."""
    from bench import synthetic
    from kg.store.embedded import EmbeddedStore

    path = graph_path(scale, seed, graph)
    if path.exists():
        st = EmbeddedStore(str(path), read_only=True)
        try:
            ok = st.read("MATCH (d:Document {id: $id}) RETURN d.status AS s", {"id": synthetic.source_id(scale, seed)})
        finally:
            st.close()
        if ok and ok[0]["s"] == "complete":
            return path, f"graph {path} (existing)"
    summary, note = generate(scale, seed, str(path), reference_graph)
    return path, f"graph {path} generated ({note})"


def generate(scale: str, seed: int, out: str, reference_graph: str | None = None, *, stock: bool = False,
             progress=None) -> tuple[dict, str]:
    """Write the synthetic graph to its own file ``out`` (replacing it). Returns (summary, note).

    Written through the embedded store's own bulk path (:meth:`Store.upsert_many`: one COPY per table,
    the next table prepared while one is written; ``stock`` is accepted for old scripts and changes
    nothing); the Document node is written last, so a complete Document means a complete graph.
    """
    import shutil

    from bench import synthetic
    from kg.store.embedded import EmbeddedStore

    p = Path(out)
    if p.is_dir():
        shutil.rmtree(p)
    elif p.exists():
        p.unlink()
    for extra in (p.with_name(p.name + ".wal"), p.with_name(p.name + ".lock")):
        if extra.exists():
            extra.unlink()
    p.parent.mkdir(parents=True, exist_ok=True)
    tx, note = common.taxonomy(scale, reference_graph)
    gen = synthetic.Generator(tx, scale, seed, chunk=10**9)
    st = EmbeddedStore(str(p))
    try:
        st.apply_schema()
        parts = list(gen.parts())
        doc = [x for x in parts if x.name == "document"]
        rest = [x for x in parts if x.name != "document"]
        with common.stopwatch() as sw:
            summary = synthetic.write_parts(st, rest + doc, progress=progress, atomic=False)
        summary.update(seconds=round(sw["seconds"], 2), scale=scale, seed=seed, source=gen.source,
                       taxonomy=note, path=str(p))
    finally:
        st.close()
    return summary, note


def load_neo4j(store, scale: str, seed: int, reference_graph: str | None = None) -> str:
    """Make sure Neo4j holds the synthetic graph of (scale, seed); load it (wiping Neo4j) if not."""
    from bench import synthetic

    parts, note = common.parts(scale, seed, reference_graph, whole=False)  # 50k-row transactions
    expected = common.expected_counts(parts)
    have = store.read("MATCH (d:Document {id: $id}) RETURN d.status AS s", {"id": synthetic.source_id(scale, seed)})
    if have and not common.check_counts(store, expected):
        return "Neo4j already holds this synthetic graph"
    common.wipe_neo4j(store)
    store.apply_schema()
    doc = [x for x in parts if x.name == "document"]
    synthetic.write_parts(store, [x for x in parts if x.name != "document"] + doc)
    return f"loaded into Neo4j ({note})"


def run(variant: str = "embedded", *, scale: str = "province", seed: int = 42, runs: int = 5,
        neo4j_local: bool = False, graph: str | None = None, reference_graph: str | None = None,
        only: list[str] | None = None) -> dict:
    runs = max(5, int(runs))
    notes = []
    if variant in ("embedded", "embedded-held"):
        from kg.store.embedded import EmbeddedStore

        path, note = ensure_graph(scale, seed, graph, reference_graph)
        notes.append(note)
        cfg = settings()  # KG_MAX_ROWS / KG_QUERY_TIMEOUT apply as they do for `kg query`
        store = EmbeddedStore(str(path), read_only=variant == "embedded", timeout_s=cfg.query_timeout_s,
                              max_rows=cfg.max_rows)
    elif variant == "neo4j":
        cfg, msg = common.neo4j_settings(neo4j_local)
        notes.append(msg)
        if cfg is None:
            return {"benchmark": "queries:neo4j", "skipped": msg}
        store = common.open_neo4j(cfg)
        notes.append(load_neo4j(store, scale, seed, reference_graph))
    else:
        raise ValueError(f"unknown queries variant {variant!r} (embedded | embedded-held | neo4j)")
    try:
        results = measure(store, variant, runs, only)
    finally:
        store.close()
    return {"benchmark": f"queries:{variant}", "scale": scale, "seed": seed, "notes": notes, "results": results}
