"""Several users at once (#23): N explorer sessions read while a data steward ingests, on either store.

Each session is a thread that visits the explorer's pages in turn, making the same library calls the
page scripts make through ``explorer.ui.call`` (same function paths, same arguments, each call on one
``store.snapshot()``), on ONE shared read-only store — as the app shares its ``st.cache_resource``
store between sessions. Streamlit's result cache is left out on purpose: an ingest changes the graph
version, which empties it, so uncached calls are what users see while someone ingests.

Meanwhile a separate process runs ``kg ingest FILES --kind curriculum`` (the data steward), one
transaction per document (:data:`ONE_DOCUMENT_PER_TRANSACTION`, so that readers can meet the states
between two documents). Every page visit also runs a **consistency probe** in its snapshot:
for each document being ingested, whether its ``Document`` node is there and the number of facts
(HAS_COURSE, DEVELOPS, TARGETS_POST) that cite it (and one more thread does nothing but probe, back to back). After the ingest the final counts are read; every observation must be "absent" (no Document, no
fact) or the final one (Document and every fact) — anything else is a half-ingested document.

Result (``run`` → dict, JSON-ready): ``errors`` (every exception, with page and call), ``partial``
(probe observations strictly between 0 and final), ``probes``, ``pages`` {page: {n, p50_s, p95_s,
max_s}}, ``ingest`` (exit code, seconds), ``sessions``, ``store``.

    python -m bench.concurrency --graph G.lbug --files F.md … [--store neo4j] [--sessions 10]
        [--seconds 60] [--result bench/results/concurrency-embedded.json]

The graph must hold the reference data (the pages need colleges, groups, industries …) and not yet
the files (a copy is made; the original is never written). ``--store neo4j`` loads that graph into the
configured Neo4j first (``kg`` settings / NEO4J_* variables, or ``--neo4j-local``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from kg.store import ChangedDuringRead
from kg.store.base import retry_changed
from queries import explorer_api, graph, library, pickers, review

COLLEGE = "4144011113"  # 深圳职业技术大学 (the browser test's college)
PROBE_RELS = ("HAS_COURSE", "DEVELOPS", "TARGETS_POST")
# `kg ingest` with one document per transaction (curriculum batches otherwise share one up to 1,000
# documents), so that readers can meet the states between two documents
ONE_DOCUMENT_PER_TRANSACTION = (
    "import runpy, sys; import ingest.base as b, ingest.curriculum as c\n"
    "b.GROUP_DOCUMENTS = c.GROUP_DOCUMENTS = 1\n"
    "sys.argv = ['kg', *sys.argv[1:]]; runpy.run_module('kgcli.main', run_name='__main__')\n")


def page_calls(ctx: dict) -> dict[str, list[tuple[Any, tuple, dict]]]:
    """page → the library calls its script makes (function, args, kwargs), as in explorer/*.py."""
    c, g = ctx["college"], ctx["group"]
    return {
        "overview": [(graph.graph_counts, (), {}),
                     (library.run, ("majors_per_industry", {}), {}),
                     (explorer_api.matching_by_province, (), {}),
                     (graph.document_sources, (), {}),
                     (graph.reference_documents, (), {})],
        "gaps": [(pickers.group_choices, (), {}),
                 (explorer_api.gaps, (c, g), {})],
        "suggest": [(pickers.firm_facets, (), {}),
                    (pickers.group_choices, (), {}),
                    (pickers.suggest_filtered, (g, c), {"top": 10, "region": None, "tags": [],
                                                                             "sizes": []})],
        "coverage": [(explorer_api.coverage, (None,), {}),
                     (explorer_api.coverage, ("广东省",), {}),
                     (explorer_api.skills_gap, (c, g), {})],
        "explore": [(explorer_api.search, ("深圳职业技术大学", None), {"limit": 30}),
                    (explorer_api.entity, ("College", c), {}),
                    (explorer_api.neighbourhood, ("College", c), {"hops": 1, "limit": 60, "per_node": 12}),
                    (explorer_api.relationships, ("College", c), {"limit": 500})],
        "review": [(review.review_queue, (), {"confidence_below": 0.6, "limit": 300})],
        "workbench": [(library.run, ("college_groups", {"college": c}), {"limit": 5000})],
    }


def probe(store, doc_ids: list[str]) -> dict[str, list]:
    """Each document: [its Document node is there, facts citing it]. Neo4j: three reads checked against
    each other (below); LadybugDB (no COUNT subqueries): one query per table — call it inside
    ``store.snapshot()`` (one open)."""
    if store.dialect == "neo4j":
        # Neo4j reads are read-committed: one query can see a commit that lands while it runs (observed:
        # a document's 80 facts counted, its Document node not yet matched). So: the Document nodes, then
        # the facts, then the Document nodes again — a commit of a document between the first and the last
        # read changes its flag and the probe is refused (ChangedDuringRead), never counted as torn; with
        # the same flags at both ends, the facts read between them are of that one committed state.
        parts = " + ".join(f"COUNT {{ MATCH ()-[r:{t}]->() WHERE r.source = s OR s IN r.sources }}"
                           for t in PROBE_RELS)
        docs_q = "UNWIND $ids AS s OPTIONAL MATCH (d:Document {id: s}) RETURN s, d IS NOT NULL AS doc"
        before = {r["s"]: bool(r["doc"]) for r in store.read(docs_q, {"ids": doc_ids}, limit=None)}
        n = {r["s"]: int(r["n"]) for r in store.read(f"UNWIND $ids AS s RETURN s, {parts} AS n", {"ids": doc_ids},
                                                      limit=None)}
        after = {r["s"]: bool(r["doc"]) for r in store.read(docs_q, {"ids": doc_ids}, limit=None)}
        if after != before:
            raise ChangedDuringRead("a document was committed during the Neo4j probe (read-committed): probe again")
        return {s: [before[s], n[s]] for s in doc_ids}
    out = {d: [False, 0] for d in doc_ids}
    for r in store.read("MATCH (d:Document) WHERE d.id IN $ids RETURN d.id AS s", {"ids": doc_ids}, limit=None):
        out[r["s"]][0] = True
    for t in PROBE_RELS:
        q = (f"UNWIND $ids AS s MATCH ()-[r:{t}]->() WHERE r.source = s OR list_contains(r.sources, s) "
             "RETURN s, count(r) AS n")
        for r in store.read(q, {"ids": doc_ids}, limit=None):
            out[r["s"]][1] += int(r["n"])
    return out


def _context(store) -> dict:
    from queries.pickers import group_choices

    groups = [g for g in group_choices(store) if g["moe_code"] == COLLEGE]
    if not groups:
        raise SystemExit(f"the graph has no professional group of college {COLLEGE}: load the reference data")
    return {"college": COLLEGE, "group": groups[0]["group_id"]}


def _visit(store, calls: list, doc_ids: list[str]) -> dict:
    with store.snapshot() as snap:
        for fn, args, kwargs in calls:  # the library's own memo is kept (keyed on the graph)
            fn(snap, *args, **kwargs)
        return probe(snap, doc_ids)


def _session(i: int, store, calls: dict, doc_ids: list[str], stop: threading.Event, out: dict,
             lock: threading.Lock) -> None:
    pages = list(calls)
    k = i  # sessions start on different pages

    def retried() -> None:
        with lock:
            out["retried"] += 1

    while not stop.is_set():
        page = pages[k % len(pages)]
        k += 1
        t0 = time.perf_counter()
        try:
            # what explorer.ui.call does: a visit refused (another process checkpointed under it) runs again
            seen = retry_changed(lambda: _visit(store, calls[page], doc_ids), retried)
            dt = time.perf_counter() - t0
            with lock:
                out["pages"].setdefault(page, []).append(dt)
                out["probes"].append(seen)
        except Exception as e:  # noqa: BLE001 — every error is a finding
            with lock:
                out["errors"].append({"session": i, "page": page, "error": f"{type(e).__name__}: {e}"[:500],
                                      "trace": traceback.format_exc()[-1500:]})


def _prober(store, doc_ids: list[str], stop: threading.Event, out: dict, lock: threading.Lock) -> None:
    """Probes only, back to back: the moments between two writes of one document are short."""
    while not stop.is_set():
        try:
            with store.snapshot() as snap:
                seen = probe(snap, doc_ids)
            with lock:
                out["probes"].append(seen)
        except ChangedDuringRead:  # refused, not torn: probe again
            with lock:
                out["probe_refused"] += 1
        except Exception as e:  # noqa: BLE001
            with lock:
                out["errors"].append({"session": "prober", "page": "probe", "error": f"{type(e).__name__}: {e}"[:500],
                                      "trace": traceback.format_exc()[-1500:]})


def _pctl(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))]


def run(store_factory, writer_env: dict, files: list[Path], *, sessions: int = 10, seconds: float = 60.0,
        after_ingest_s: float = 5.0, timeout_s: float | None = None) -> dict:
    """Run ``sessions`` reader threads on one store from ``store_factory()`` while ``kg ingest FILES
    --kind curriculum`` runs with ``writer_env``; keep reading ``after_ingest_s`` after it ends (and at
    least ``seconds`` in all). See the module doc for the result."""
    from ingest.readers import read_document

    doc_ids = [read_document(f).sha256 for f in files]
    store = store_factory()
    if timeout_s:
        store.timeout_s = timeout_s  # per-query limit (default: the app's KG_QUERY_TIMEOUT_S)
    out: dict[str, Any] = {"pages": {}, "probes": [], "errors": [], "retried": 0, "probe_refused": 0}
    lock = threading.Lock()
    try:
        calls = page_calls(_context(store))
        with store.snapshot() as snap:
            before = probe(snap, doc_ids)
        assert all(v == [False, 0] for v in before.values()), f"the graph already holds these documents: {before}"
        stop = threading.Event()
        threads = [threading.Thread(target=_session, args=(i, store, calls, doc_ids, stop, out, lock), daemon=True)
                   for i in range(sessions)]
        threads.append(threading.Thread(target=_prober, args=(store, doc_ids, stop, out, lock), daemon=True))
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        writer = subprocess.Popen([sys.executable, "-c", ONE_DOCUMENT_PER_TRANSACTION, "ingest", *map(str, files),
                                   "--kind", "curriculum", "--json"], env={**os.environ, **writer_env},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        w_out, w_err = writer.communicate(timeout=3600)
        ingest_s = time.perf_counter() - t0
        time.sleep(max(after_ingest_s, seconds - (time.perf_counter() - t0)))
        stop.set()
        for t in threads:
            t.join(timeout=600)
        with store.snapshot() as snap:
            final = probe(snap, doc_ids)
    finally:
        store.close()
    # one committed state per document: absent (no Document, no fact) or complete (its Document and every fact)
    partial = [{"document": d, "seen": seen, "final": final.get(d)} for obs in out["probes"]
               for d, seen in obs.items() if seen not in ([False, 0], final.get(d))]
    written = json.loads(w_out) if writer.returncode == 0 and w_out.strip() else {}
    return {
        "sessions": sessions,
        "ingest": {"returncode": writer.returncode, "seconds": round(ingest_s, 2),
                   "documents": written.get("documents"), "stderr_tail": w_err[-800:] if writer.returncode else ""},
        "final_facts": final,
        "probes": len(out["probes"]),
        "probes_mid_ingest": sum(1 for obs in out["probes"] if any(v[0] for v in obs.values())
                                 and not all(v[0] for v in obs.values())),
        "partial": partial[:20],
        "partial_count": len(partial),
        "errors": out["errors"][:20],
        "error_count": len(out["errors"]),
        "retried": out["retried"],  # page visits run again after ChangedDuringRead (as explorer.ui.call)
        "probe_refused": out["probe_refused"],  # the prober's snapshots refused (ChangedDuringRead)
        "pages": {p: {"n": len(v), "p50_s": round(_pctl(v, 0.5), 3), "p95_s": round(_pctl(v, 0.95), 3),
                      "max_s": round(max(v), 3)} for p, v in sorted(out["pages"].items())},
    }


# ------------------------------------------------------------------ set-up per store
def copy_graph(src: Path, dst: Path) -> Path:
    for f in src.parent.glob(src.name + "*"):
        if f.suffix != ".json":
            shutil.copy2(f, dst.parent / (dst.name + f.name[len(src.name):]))
    return dst


def embedded(graph: Path, files: list[Path], scratch: Path, **kw) -> dict:
    """Readers: one read-only EmbeddedStore in this process; writer: `kg ingest` in another process."""
    from kg.store.embedded import EmbeddedStore

    db = copy_graph(graph, scratch / "graph.lbug")
    res = run(lambda: EmbeddedStore(str(db), read_only=True, max_rows=10_000_000),
              {"KG_STORE": "embedded", "KG_DB": str(db)}, files, **kw)
    return {"store": "embedded", **res}


def neo4j(graph: Path, files: list[Path], cfg, **kw) -> dict:
    """Readers: one read-only Neo4jStore (READ transactions); writer: `kg ingest` with KG_STORE=neo4j.
    The reference graph is copied into the (emptied) database first."""
    from kg.store.embedded import EmbeddedStore
    from kg.store.neo4j_store import Neo4jStore

    def open_(read_only: bool):
        return Neo4jStore(cfg.neo4j_uri, cfg.neo4j_user, cfg.neo4j_password, cfg.neo4j_database,
                          read_only=read_only, max_rows=10_000_000)

    w = open_(False)
    try:
        while w.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c")[0]["c"]:
            pass
        w.apply_schema()
        src = EmbeddedStore(str(graph), read_only=True)
        try:
            copy_into(src, w)
        finally:
            src.close()
    finally:
        w.close()
    env = {"KG_STORE": "neo4j", "NEO4J_URI": cfg.neo4j_uri, "NEO4J_USERNAME": cfg.neo4j_user,
           "NEO4J_PASSWORD": cfg.neo4j_password, "NEO4J_DATABASE": cfg.neo4j_database}
    return {"store": "neo4j", **run(lambda: open_(True), env, files, **kw)}


def copy_into(src, dst, batch: int = 5000) -> None:
    """Every node and relationship of ``src`` into ``dst`` with its stored properties (provenance as is)."""
    from kg import schema

    for n in schema.NODES:
        rows = src.read(f"MATCH (x:{n.label}) RETURN x", limit=None)
        props = [{k: v for k, v in r["x"].items() if not k.startswith("_") and v is not None} for r in rows]
        for i in range(0, len(props), batch):
            dst.write(f"UNWIND $rows AS p MERGE (x:{n.label} {{{n.key}: p.{n.key}}}) SET x += p",
                      {"rows": props[i:i + batch]})
    for t in schema.RELS:
        for a, b in t.pairs:
            ka, kb = schema.key_of(a), schema.key_of(b)
            rows = src.read(f"MATCH (s:{a})-[x:{t.type}]->(e:{b}) RETURN s.{ka} AS s, e.{kb} AS e, x", limit=None)
            data = [{"s": r["s"], "e": r["e"],
                     "p": {k: v for k, v in r["x"].items() if not k.startswith("_") and v is not None}} for r in rows]
            for i in range(0, len(data), batch):
                dst.write(f"UNWIND $rows AS r MATCH (s:{a} {{{ka}: r.s}}) MATCH (e:{b} {{{kb}: r.e}}) "
                          f"CREATE (s)-[x:{t.type}]->(e) SET x = r.p", {"rows": data[i:i + batch]})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", required=True, help="embedded graph holding the reference data (not written)")
    ap.add_argument("--files", nargs="+", required=True, help="curriculum files the steward ingests meanwhile")
    ap.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--neo4j-local", action="store_true", help="use scripts/neo4j-local.sh's server")
    ap.add_argument("--timeout", type=float, help="per-query time limit, s (default: the app's setting)")
    ap.add_argument("--result", help="write the JSON result here")
    a = ap.parse_args(argv)
    files = [Path(f) for f in a.files]
    kw = {"sessions": a.sessions, "seconds": a.seconds, "timeout_s": a.timeout}
    if a.store == "embedded":
        with tempfile.TemporaryDirectory(prefix="kg-concurrency-") as d:
            res = embedded(Path(a.graph), files, Path(d), **kw)
    else:
        from bench.common import neo4j_settings

        cfg, note = neo4j_settings(a.neo4j_local)
        if cfg is None:
            raise SystemExit(f"error: {note}")
        res = neo4j(Path(a.graph), files, cfg, **kw)
    from bench.common import machine

    res["machine"] = machine()
    res["command"] = "python -m bench.concurrency " + " ".join(argv if argv is not None else sys.argv[1:])
    text = json.dumps(res, ensure_ascii=False, indent=2)
    if a.result:
        Path(a.result).parent.mkdir(parents=True, exist_ok=True)
        Path(a.result).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if res["error_count"] == 0 and res["partial_count"] == 0 and res["ingest"]["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
