"""Initial/full loads into Neo4j with the offline importer (``neo4j-admin database import full``).

The online path (:class:`kg.store.neo4j_store.Neo4jStore`'s upserts over Bolt) is for incremental
ingest; one writer tops out near 8-9k relationships/s on two cores. A whole graph loads ≈ 3× faster
end to end through the importer, which writes the store files directly from CSV (province, measured
with the restart, constraints and indexes included: BENCHMARKS.md §Neo4j).

Two steps, each usable alone:

1. :class:`ImportTables` — a :class:`~kg.store.base.Store` held in memory. Its ``upsert_nodes`` /
   ``upsert_relationships`` / ``write_records`` are the base class's own code (dedupe, provenance
   merge, endpoint checks, skipped rows), so every property is exactly what ``Neo4jStore.upsert_*``
   would store for the same calls. :meth:`ImportTables.write_csv` writes the importer's files, with
   headers rendered from :mod:`kg.schema` (``key:ID(Label)``, ``:START_ID(Label)``/``:END_ID(Label)``,
   ``:long``/``:double``/``:boolean``/``:string[]`` columns) and a ``manifest.json`` (files, counts,
   the options the files need); several processes can write the data files at once (``workers``).
2. :func:`run_import` — runs the importer against a local server home (``scripts/neo4j-local.sh``):
   imports into a *staging* data folder while the server keeps serving the old graph, then stops the
   server, swaps the ``neo4j`` database's store and transaction-log folders for the new ones, starts
   the server, applies the schema's constraints and indexes (``Neo4jStore.apply_schema``) and writes
   the few values CSV cannot carry, while a second connection checks the counts (the server's count
   store) against the manifest. An importer error (a bad row) raises :class:`Neo4jImportError` with
   one line and leaves the served database untouched; the old store is deleted only after the new one
   started and its counts matched.

CSV encoding: UTF-8, ``,`` between fields, every string quoted (``""`` inside), so an empty string
(``""``) differs from no value (an empty field); lists are joined with U+001F (a control character
``json.dumps`` always escapes, so no provenance statement holds it; a list element holding it is an
error); booleans ``true``/``false``; doubles in Python's shortest round-trip form. Files with a line
break inside a value are listed for ``--multiline-fields`` (v2 format) so that the others keep the
importer's fast parallel parser. The importer stores an empty field as no property, so two list
values have no CSV form: ``[]`` and ``[""]`` (a quoted empty field reads as null, U+001F alone as
``["", ""]``). They are written over Bolt after the import (``patches`` in the manifest). Types are
the schema's: a value of another Python type is an error (an ``int`` in a DOUBLE column is written
as a double — the Bolt path would keep it an integer; the embedded store stores a double).
"""
from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import itertools
import json
import operator
import os
import pickle
import re
import resource
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kg import schema
from kg.config import REPO_ROOT
from kg.store.base import DEFAULT_LIMIT, Store, StoreError

ARRAY_DELIMITER = "\x1f"  # U+001F UNIT SEPARATOR: json.dumps escapes it, so provenance never holds it
MANIFEST = "manifest.json"
CSV_TYPE = {schema.STRING: "string", schema.INT: "long", schema.FLOAT: "double", schema.BOOL: "boolean",
            schema.STRINGS: "string[]"}
NEO4J_SCRIPT = REPO_ROOT / "scripts" / "neo4j-local.sh"
DATABASE = "neo4j"


class Neo4jImportError(StoreError):
    """The import could not be done (bad input, importer error, server did not come back): one line."""


# ---------------------------------------------------------------------------- the tables
class ImportTables(Store):
    """An in-memory store whose upserts fill the tables an import writes (see the module doc).

    ``tables.upsert_nodes(...)``, ``tables.upsert_relationships(...)``, ``tables.write_records(...)``
    as on any store, then ``tables.write_csv(folder)``. It answers no queries."""

    dialect = "neo4j-import"
    create_batch = None  # all new rows of an upsert in one _create_* call

    def __init__(self) -> None:
        # label -> key -> row dict (every column of schema.node(label).all_props, key first)
        self._nodes: dict[str, dict[str, dict]] = {}
        # (type, start, end) -> (from, to) -> row dict (schema.rel(type).all_props, maybe "from"/"to")
        self._rels: dict[tuple[str, str, str], dict[tuple[str, str], dict]] = {}
        self._node_cols = {n.label: tuple(n.all_props) for n in schema.NODES}
        self._rel_cols = {r.type: tuple(r.all_props) for r in schema.RELS}

    # --- Store plumbing
    def apply_schema(self) -> None:
        pass

    def close(self) -> None:
        pass

    def read(self, query: str, params: dict | None = None, *, limit: int | None | object = DEFAULT_LIMIT,
             timeout: float | None = None) -> list[dict]:
        raise StoreError("import tables answer no queries (write them with write_csv, then run_import)")

    def write(self, query: str, params: dict | None = None) -> list[dict]:
        raise StoreError("import tables take upserts only, not queries")

    def _count(self, label: str | None = None, rel_type: str | None = None) -> int:
        if label:
            return len(self._nodes.get(label, ()))
        return sum(len(t) for (ty, _, _), t in self._rels.items() if ty == rel_type)

    def _rels_empty(self, type_: str, start: str, end: str) -> bool:
        return not self._rels.get((type_, start, end))

    # Rows are kept as the upsert hands them over: dicts holding every declared property (the output
    # of new_props/merge_props; a relationship's also "from"/"to"), None for no value.
    def _fetch_nodes(self, label: str, keys: list[str]) -> dict[str, dict]:
        t = self._nodes.get(label, {})
        return {k: {c: v for c, v in t[k].items() if v is not None} for k in keys if k in t}

    def _fetch_nodes_keys(self, label: str, keys: list[str]) -> set[str]:
        t = self._nodes.get(label, {})
        return {k for k in keys if k in t}

    def _create_nodes(self, label: str, rows: list[dict]) -> None:
        t, key = self._nodes.setdefault(label, {}), self._node_cols[label][0]
        for r in rows:
            t[r[key]] = r

    _update_nodes = _create_nodes  # rows carry every declared property (merge_props' output)

    def _fetch_rels(self, type_: str, start: str, end: str, pairs: list[tuple[str, str]]) -> dict:
        t = self._rels.get((type_, start, end), {})
        return {p: {c: v for c, v in t[p].items() if v is not None and c != "from" and c != "to"}
                for p in pairs if p in t}

    def _create_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        t = self._rels.setdefault((type_, start, end), {})
        for r in rows:
            t[(r["from"], r["to"])] = r

    _update_rels = _create_rels

    # --- rows already in stored form (an export of another store)
    def put_stored_nodes(self, label: str, rows: Iterable[dict]) -> int:
        """Rows as a store holds them (every property final, provenance included): taken as they are."""
        cols = self._node_cols[label]
        t = self._nodes.setdefault(label, {})
        n = 0
        for r in rows:
            k = str(r[cols[0]])
            t[k] = {c: r.get(c) for c in cols}
            t[k][cols[0]] = k
            n += 1
        return n

    def put_stored_rels(self, type_: str, start: str, end: str, rows: Iterable[dict]) -> int:
        """Stored relationship rows ``{"from", "to", **props}``; both endpoints must be put first."""
        schema.check_pair(type_, start, end)
        cols = self._rel_cols[type_]
        t = self._rels.setdefault((type_, start, end), {})
        n = 0
        for r in rows:
            t[(str(r["from"]), str(r["to"]))] = {c: r.get(c) for c in cols}
            n += 1
        return n

    def counts(self) -> dict:
        rels: dict[str, int] = {}
        for (ty, _, _), t in self._rels.items():
            rels[ty] = rels.get(ty, 0) + len(t)
        return {"nodes": {lb: len(t) for lb, t in self._nodes.items() if t}, "relationships": rels}

    # --- CSV
    def write_csv(self, folder: str | os.PathLike, *, workers: int | None = None) -> dict:
        """Write the importer's files into ``folder`` (created; must not hold a previous manifest) →
        the manifest (also written as ``manifest.json``).

        ``workers``: processes writing data files at once (default 1). The files are the same either
        way; a bad value is reported as in one process (the first bad table in schema order). Not the
        default on 2 cores: province, 2 processes wrote the CSV in 1.8 instead of 2.4 s but used 0.8 s
        more CPU and +0.64 GB (a writer copies the pages of the rows it touches: copy-on-write, next to
        1.6 GB of tables), and in the same benchmark runs the importer right after took ≈ 3 s longer
        (alternating runs; not understood). For more cores and bigger graphs."""
        out = Path(folder)
        if (out / MANIFEST).exists():
            raise Neo4jImportError(f"{out} already holds import files ({MANIFEST}); use another folder")
        (out / "nodes").mkdir(parents=True, exist_ok=True)
        (out / "relationships").mkdir(parents=True, exist_ok=True)
        t0, cpu0 = time.perf_counter(), time.process_time() + _children_cpu()
        manifest: dict[str, Any] = {"format": "neo4j-admin-import-csv", "array_delimiter": "U+001F",
                                    "nodes": [], "relationships": [], "multiline": [], "patches": [],
                                    "counts": {"nodes": {}, "relationships": {}}}
        jobs: list[tuple[dict, _TableWriter, dict]] = []  # (manifest entry, writer, table)
        for nt in schema.NODES:
            table = self._nodes.get(nt.label)
            if not table:
                continue
            types = list(nt.all_props.values())
            cols = list(nt.all_props)
            header = [f"{cols[0]}:ID({nt.label})"] + [f"{c}:{CSV_TYPE[t]}" for c, t in zip(cols[1:], types[1:])]
            _write_header(out / f"nodes/{nt.label}.header.csv", header)
            entry = {"label": nt.label, "header": f"nodes/{nt.label}.header.csv", "data": f"nodes/{nt.label}.csv",
                     "rows": len(table)}
            jobs.append((entry, _TableWriter(out / entry["data"], nt.label, cols[1:], types[1:], key_cols=1), table))
        for rt in schema.RELS:
            cols, types = list(rt.all_props), list(rt.all_props.values())
            for a, b in rt.pairs:
                table = self._rels.get((rt.type, a, b))
                if not table:
                    continue
                header = [f":START_ID({a})", f":END_ID({b})"] + [f"{c}:{CSV_TYPE[t]}" for c, t in zip(cols, types)]
                stem = f"relationships/{rt.type}.{a}.{b}"
                _write_header(out / f"{stem}.header.csv", header)
                entry = {"type": rt.type, "start": a, "end": b, "header": f"{stem}.header.csv", "data": f"{stem}.csv",
                         "rows": len(table)}
                jobs.append((entry, _TableWriter(out / entry["data"], f"{rt.type}({a}->{b})", cols, types,
                                                 key_cols=2), table))
        results = _write_tables([(w, t) for _, w, t in jobs], workers)
        for (entry, _, _), (multiline, patches) in zip(jobs, results):
            if "label" in entry:
                manifest["nodes"].append(entry)
                manifest["counts"]["nodes"][entry["label"]] = entry["rows"]
                manifest["patches"] += [{"label": entry["label"], "key": k, "property": p, "value": v}
                                        for k, p, v in patches]
            else:
                manifest["relationships"].append(entry)
                c = manifest["counts"]["relationships"]
                c[entry["type"]] = c.get(entry["type"], 0) + entry["rows"]
                manifest["patches"] += [{"type": entry["type"], "start": entry["start"], "end": entry["end"],
                                         "from": k[0], "to": k[1], "property": p, "value": v} for k, p, v in patches]
            if multiline:
                manifest["multiline"].append(entry["data"])
        manifest["bytes"] = sum(f.stat().st_size for f in out.rglob("*.csv"))
        manifest["seconds"] = round(time.perf_counter() - t0, 2)
        manifest["cpu_s"] = round(time.process_time() + _children_cpu() - cpu0, 2)  # the writer processes too
        (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        return manifest


def _write_tables(jobs: list[tuple["_TableWriter", dict]], workers: int | None) -> list[tuple[bool, list]]:
    """Run ``writer.rows(table.items())`` for every job → [(multiline, patches)] in job order.

    Several processes (``os.fork``: the children share the tables copy-on-write and return their
    results through a pipe); the parent writes the first share itself. The shares are balanced by an
    estimate of each file's size. One worker or no fork: in this process."""
    def run(i: int) -> tuple[bool, list]:
        w, table = jobs[i]
        w.rows(table.items())
        return w.multiline, w.patches

    workers = max(1, min(workers or 1, len(jobs)))
    if workers == 1 or not hasattr(os, "fork"):
        return [run(i) for i in range(len(jobs))]
    shares: list[list[int]] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for i in sorted(range(len(jobs)), key=lambda i: -_size_estimate(jobs[i][1])):  # largest first
        k = load.index(min(load))
        shares[k].append(i)
        load[k] += _size_estimate(jobs[i][1])
    results: dict[int, tuple[bool, list]] = {}
    errors: dict[int, str] = {}
    children: list[tuple[int, int]] = []
    gc.freeze()  # the children's collector leaves the shared objects alone (fewer copied pages)
    try:
        for share in shares[1:]:
            if not share:
                continue
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: write its share, send the results, exit without cleanup
                os.close(r)
                gc.disable()
                out: dict[str, Any] = {"results": {}}
                try:
                    for i in sorted(share):
                        try:
                            out["results"][i] = run(i)
                        except Neo4jImportError as e:
                            out["error"] = (i, str(e))
                            break
                    payload = pickle.dumps(out)
                except BaseException as e:  # noqa: BLE001 - reported by the parent
                    payload = pickle.dumps({"results": {}, "error": (-1, f"{type(e).__name__}: {e}")})
                try:
                    with os.fdopen(w, "wb") as f:
                        f.write(payload)
                finally:
                    os._exit(0)
            os.close(w)
            children.append((pid, r))
        gc.unfreeze()
        for i in sorted(shares[0]):
            try:
                results[i] = run(i)
            except Neo4jImportError as e:
                errors[i] = str(e)
                break
    finally:
        gc.unfreeze()
        for pid, r in children:  # always reaped, also when this process failed
            with os.fdopen(r, "rb") as f:
                data = f.read()
            _, status = os.waitpid(pid, 0)
            try:
                got = pickle.loads(data)
            except Exception:  # noqa: BLE001 - the child died before sending
                errors[-1] = f"a CSV writer process ended without a result (wait status {status})"
                continue
            results.update(got["results"])
            if "error" in got:
                errors[got["error"][0]] = got["error"][1]
    if errors:
        raise Neo4jImportError(errors[min(errors)])
    return [results[i] for i in range(len(jobs))]


def _size_estimate(table: dict) -> float:
    """Rough bytes of a table's CSV: the characters of its first 32 rows, scaled to all rows."""
    n, chars = 0, 0
    for row in itertools.islice(table.values(), 32):
        n += 1
        for v in row.values():
            chars += len(v) if isinstance(v, str) else 8
    return chars / max(n, 1) * len(table)


def _write_header(path: Path, cols: list[str]) -> None:
    path.write_text(",".join(cols) + "\n", encoding="utf-8")


def _q(s: str) -> str:
    return '"' + (s.replace('"', '""') if '"' in s else s) + '"'


class _TableWriter:
    """One data file: rows → CSV lines, each value checked against its column's schema type.

    The line function is generated per table from the column types (see :meth:`_compile`): one call per
    row instead of one per cell (province: 3.4 → 2.3 s CPU for the same bytes)."""

    WANT = {schema.STRING: "STRING", schema.INT: "INT64", schema.FLOAT: "DOUBLE", schema.BOOL: "BOOLEAN",
            schema.STRINGS: "STRING[]"}

    def __init__(self, path: Path, table: str, cols: list[str], types: list[str], key_cols: int):
        self.path, self.table, self.cols, self.types, self.key_cols = path, table, cols, types, key_cols
        self.multiline = False
        self.patches: list[tuple[Any, str, list]] = []  # (key, property, value) CSV cannot carry
        self.values = (operator.itemgetter(*cols) if len(cols) > 1 else
                       (lambda r: (r[cols[0]],)) if cols else (lambda r: ()))
        self.line = self._compile()

    def _compile(self):
        """``line(key, values) -> str``, generated: a key is quoted; per column, None → an empty cell, a
        STRING quoted (``""`` inside), an INT64 ``str``, a DOUBLE its shortest round-trip form (NaN,
        Infinity; an int as written), a BOOLEAN ``true``/``false``, a STRING[] joined (:meth:`_list`);
        any other Python type raises (:meth:`_bad`)."""
        q = "('\"' + ({0}.replace('\"', '\"\"') if '\"' in {0} else {0}) + '\"')"
        cells = [q.format("key")] if self.key_cols == 1 else [q.format("key[0]"), q.format("key[1]")]
        body = []
        for i, t in enumerate(self.types):
            v = f"v{i}"
            if t == schema.STRING:
                e = f"{q.format(v)} if {v}.__class__ is str else bad(key, {i}, {v})"
            elif t == schema.INT:
                e = f"int_repr({v}) if {v}.__class__ is int else bad(key, {i}, {v})"
            elif t == schema.FLOAT:  # v - v == 0.0: finite
                e = f"float_repr({v}) if {v}.__class__ is float and {v} - {v} == 0.0 else flt(key, {i}, {v})"
            elif t == schema.BOOL:
                e = f"'true' if {v} is True else 'false' if {v} is False else bad(key, {i}, {v})"
            elif t == schema.STRINGS:
                e = f"lst(key, {i}, {v})"
            else:
                raise Neo4jImportError(f"{self.table}: no CSV type for schema type {t!r}")
            body.append(f"    c{i} = '' if {v} is None else ({e})")
            cells.append(f"c{i}")
        unpack = f"    {', '.join(f'v{i}' for i in range(len(self.types)))}, = vals\n" if self.types else ""
        src = (f"def line(key, vals):\n{unpack}" + "".join(b + "\n" for b in body)
               + "    return ','.join((" + ", ".join(cells) + ",))\n")
        ns = {"bad": self._bad, "flt": self._float, "lst": self._list, "int_repr": int.__repr__,
              "float_repr": float.__repr__}
        exec(compile(src, f"<csv line {self.table}>", "exec"), ns)
        return ns["line"]

    def _bad(self, key: Any, i: int, v: Any, want: str | None = None):
        raise Neo4jImportError(f"{self.table} {key!r}: {self.cols[i]} = {str(v)[:60]!r} is {type(v).__name__}, "
                               f"the schema says {want or self.WANT[self.types[i]]}")

    def _float(self, key, i, v):
        t = type(v)
        if t is float:  # not finite (finite floats are formatted inline)
            return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
        if t is int:
            return str(v)
        self._bad(key, i, v)

    def _list(self, key, i, v):
        if type(v) is not list and type(v) is not tuple:
            self._bad(key, i, v)
        if not v or (len(v) == 1 and v[0] == ""):
            self.patches.append((key, self.cols[i], list(v)))
            return ""
        try:
            j = ARRAY_DELIMITER.join(v)
        except TypeError:
            self._bad(key, i, v, "STRING[] (strings only)")
        if j.count(ARRAY_DELIMITER) != len(v) - 1:
            raise Neo4jImportError(f"{self.table} {key!r}: a {self.cols[i]} element holds U+001F, the importer's "
                                   f"array delimiter")
        return _q(j)

    def rows(self, items: Iterable[tuple[Any, dict]]) -> None:
        """Write ``(key, row)`` pairs (a node's key, a relationship's (from, to); a view such as
        ``dict.items()``, read twice if a row lacks a column) to the file."""
        line, values, cols = self.line, self.values, self.cols
        try:  # one comprehension per table: chunking it (islice) cost more than the lines
            lines = [line(key, values(row)) for key, row in items]
        except KeyError:  # a row without some declared property: no value
            self.patches.clear()
            lines = [line(key, tuple([row.get(c) for c in cols])) for key, row in items]
        with open(self.path, "w", encoding="utf-8", newline="") as f:
            for i in range(0, len(lines), 20000):
                buf = lines[i:i + 20000]
                text = "\n".join(buf)
                # a line break inside a value: more line breaks than lines
                if not self.multiline and (text.count("\n") != len(buf) - 1 or "\r" in text):
                    self.multiline = True
                f.write(text + "\n")


def tables_from_store(store: Store, tables: ImportTables | None = None) -> ImportTables:
    """Every node and relationship of ``store`` (as stored, provenance included) into import tables."""
    tables = tables or ImportTables()
    for nt in schema.NODES:
        rows = store.read(f"MATCH (n:{nt.label}) RETURN n", limit=None)
        tables.put_stored_nodes(nt.label, ({k: v for k, v in r["n"].items() if not k.startswith("_")}
                                           for r in rows))
    for rt in schema.RELS:
        for a, b in rt.pairs:
            sk, ek = schema.key_of(a), schema.key_of(b)
            rows = store.read(f"MATCH (x:{a})-[r:{rt.type}]->(y:{b}) RETURN x.{sk} AS f, y.{ek} AS t, r",
                              limit=None)
            tables.put_stored_rels(rt.type, a, b, ({"from": r["f"], "to": r["t"],
                                                    **{k: v for k, v in (r["r"] or {}).items()
                                                       if not k.startswith("_")}} for r in rows))
    return tables


# ---------------------------------------------------------------------------- the local server
@dataclass
class LocalNeo4j:
    """A server run by ``scripts/neo4j-local.sh`` (same environment variables and defaults)."""

    home: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_HOME", "/tmp/kg-neo4j"))
    bolt_port: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_BOLT_PORT", "17687"))
    http_port: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_HTTP_PORT", "17474"))
    password: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_PASSWORD", "kg-test-password"),
                          repr=False)
    extra_env: dict = field(default_factory=dict)  # NEO4J_LOCAL_HEAP etc.

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def env(self) -> dict:
        return {**os.environ, **self.extra_env, "NEO4J_LOCAL_HOME": self.home,
                "NEO4J_LOCAL_BOLT_PORT": str(self.bolt_port), "NEO4J_LOCAL_HTTP_PORT": str(self.http_port),
                "NEO4J_LOCAL_PASSWORD": self.password}

    def script(self, *args: str, timeout: float = 900, env: dict | None = None) -> str:
        p = subprocess.run(["bash", str(NEO4J_SCRIPT), *args], capture_output=True, text=True,
                           env={**self.env(), **(env or {})}, timeout=timeout)
        if p.returncode != 0:
            tail = (p.stderr or p.stdout).strip().splitlines()
            raise Neo4jImportError(f"scripts/neo4j-local.sh {' '.join(args)} failed: "
                                   f"{tail[-1] if tail else 'exit ' + str(p.returncode)}")
        return p.stdout.strip()

    def running(self) -> bool:
        return subprocess.run(["bash", str(NEO4J_SCRIPT), "status"], capture_output=True, text=True,
                              env=self.env()).returncode == 0

    def java(self) -> str:
        env = self.env()
        if env.get("NEO4J_LOCAL_JAVA"):
            return env["NEO4J_LOCAL_JAVA"]
        jh = env.get("JAVA_HOME")
        if jh and os.access(os.path.join(jh, "bin", "java"), os.X_OK):
            return os.path.join(jh, "bin", "java")
        return shutil.which("java") or "java"

    def open_store(self):
        from kg.store.neo4j_store import Neo4jStore

        return Neo4jStore(self.uri, "neo4j", self.password, DATABASE, timeout_s=600)


# JVM flags the neo4j launcher adds (see scripts/neo4j-local.sh): without the --add-opens the page
# cache falls back to slow mode
_JVM = ["-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+ExitOnOutOfMemoryError",
        "-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC",
        "-Djdk.nio.maxCachedBufferSize=1024", "-Dfile.encoding=UTF-8",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"]


def importer_args(csv_dir: Path, manifest: dict, report: Path, threads: int | None = None) -> list[str]:
    """``neo4j-admin database import full`` arguments for a folder written by :meth:`ImportTables.write_csv`."""
    args = ["database", "import", "full", DATABASE, "--overwrite-destination=true",
            f"--array-delimiter={manifest['array_delimiter']}", "--bad-tolerance=0",
            "--skip-bad-relationships=false", "--skip-duplicate-nodes=false", "--strict=true",
            "--ignore-empty-strings=false", "--trim-strings=false", "--legacy-style-quoting=false",
            f"--report-file={report}", "--verbose"]
    if threads:
        args.append(f"--threads={threads}")
    for n in manifest["nodes"]:
        args.append(f"--nodes={n['label']}={csv_dir / n['header']},{csv_dir / n['data']}")
    for r in manifest["relationships"]:
        args.append(f"--relationships={r['type']}={csv_dir / r['header']},{csv_dir / r['data']}")
    if manifest["multiline"]:
        args += ["--multiline-fields-format=v2",
                 # file names are read as regular expressions: ours hold letters, '_' and '.' only
                 "--multiline-fields=" + ",".join(str(csv_dir / f) for f in manifest["multiline"])]
    return args


def _importer_error(log: str, report: Path) -> str:
    """The importer's cause in one line: the innermost ``Caused by:`` of its --verbose trace (the first
    exception line without one), plus the first line of the bad-entries report when there is one."""
    lines = [ln.strip() for ln in log.splitlines()]
    exc = re.compile(r"^(?:Caused by: )?((?:[\w$]+\.)+[\w$]*(?:Exception|Error)):? ?(.*)$")
    causes = [m for m in map(exc.match, lines) if m]
    msg = ""
    for m in reversed(causes):  # innermost first; a wrapper's text often repeats the cause
        if m.group(2):
            msg = re.sub(r"^(?:[\w$]+\.)+[\w$]*(?:Exception|Error): ", "", m.group(2))
            break
    if not msg:
        msg = next((ln for ln in reversed(lines) if ln.startswith(("Error", "ERROR", "WARNING Import failed"))),
                   "") or "no message"
    if report.exists():
        first = next((ln.strip() for ln in report.read_text(encoding="utf-8", errors="replace").splitlines()
                      if ln.strip()), "")
        if first and first not in msg:
            msg += f" (report: {first[:300]})"
    return msg[:600]


def run_importer(csv_dir: str | os.PathLike, server: LocalNeo4j | None = None, *, heap: str = "1g",
                 off_heap: str = "2g", threads: int | None = None, nice: int = 0) -> dict:
    """Import ``csv_dir`` into a staging data folder under the server's home (the served database is
    not touched) → {"seconds", "staging", "log"}. Raises :class:`Neo4jImportError` on any importer error."""
    server = server or LocalNeo4j()
    csv_dir = Path(csv_dir).resolve()
    manifest = read_manifest(csv_dir)
    cp_file = server.script("classpath", timeout=900).splitlines()[-1]
    home = Path(server.home)
    staging = home / "import-staging"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "conf").mkdir(parents=True)
    (staging / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={staging / 'data'}\nserver.directories.logs={staging / 'logs'}\n"
        f"server.directories.run={staging / 'run'}\nserver.directories.import={csv_dir}\n"
        f"server.memory.pagecache.size=256m\n", encoding="utf-8")
    cp = Path(cp_file).read_text().strip()
    (staging / "java-cp.args").write_text(f'-cp\n"{cp}"\n', encoding="utf-8")
    report = staging / "import.report"
    cds, cds_new = _importer_cds(server, cp_file)
    cmd = (["nice", "-n", str(nice)] if nice else []) + [
        server.java(), f"-Xms{heap}", f"-Xmx{heap}", *_JVM, *cds, f"@{staging / 'java-cp.args'}",
        "org.neo4j.cli.AdminTool", *importer_args(csv_dir, manifest, report, threads), f"--max-off-heap-memory={off_heap}"]
    env = {**server.env(), "NEO4J_HOME": str(staging), "NEO4J_CONF": str(staging / "conf")}
    log = staging / "import.log"
    t0, cpu0 = time.perf_counter(), _children_cpu()
    with open(log, "w", encoding="utf-8") as fh:
        p = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=str(staging))
    seconds, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    text = log.read_text(encoding="utf-8", errors="replace")
    db = staging / "data" / "databases" / DATABASE
    if p.returncode != 0 or "IMPORT DONE" not in text or not db.is_dir():
        shutil.rmtree(staging / "data", ignore_errors=True)  # a half-written store; the log stays
        if cds_new:
            cds_new.unlink(missing_ok=True)
        raise Neo4jImportError(f"neo4j-admin import failed: {_importer_error(text, report)} (log: {log})")
    if cds_new and cds_new.is_file() and cds_new.stat().st_size > 0:
        os.replace(cds_new, cds_new.with_suffix(""))  # x.jsa.tmp → x.jsa: used from the next import on
    return {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "cds": bool(cds), "staging": str(staging),
            "log": str(log)}


def _importer_cds(server: LocalNeo4j, cp_file: str) -> tuple[list[str], Path | None]:
    """AppCDS for the importer's JVM, as scripts/neo4j-local.sh does for the server's: the first import
    dumps the classes it loaded at its exit into ``<home>/import-cds-….jsa.tmp`` (renamed after a good
    import), later imports map them (≈ 1.5 s less CPU for the JVM start and class loading; measured
    22.6 vs 24.1 s importer CPU, province). Keyed by the classpath file and the java binary (a
    mismatching archive is ignored by the JVM with a warning). ``NEO4J_LOCAL_CDS=0``: no archive.
    → (JVM flags, the archive this run writes or None)."""
    if server.env().get("NEO4J_LOCAL_CDS", "1") != "1":
        return [], None
    java = server.java()
    try:
        real = os.path.realpath(shutil.which(java) or java)
        st = os.stat(real)
    except OSError:
        return [], None
    ident = hashlib.sha256(f"{real}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:8]
    jsa = Path(server.home) / f"import-cds-{Path(cp_file).stem}-{ident}.jsa"
    if jsa.is_file() and jsa.stat().st_size > 0:
        return [f"-XX:SharedArchiveFile={jsa}"], None
    tmp = jsa.with_name(jsa.name + ".tmp")
    tmp.unlink(missing_ok=True)
    return [f"-XX:ArchiveClassesAtExit={tmp}"], tmp


def read_manifest(csv_dir: Path) -> dict:
    """The ``manifest.json`` :meth:`ImportTables.write_csv` wrote into ``csv_dir``."""
    try:
        return json.loads((csv_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise Neo4jImportError(f"{csv_dir} holds no import files ({MANIFEST}: {e})") from None


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _server_cpu(home: Path) -> float | None:
    """CPU seconds the running server has used since it started (from /proc; None if unknown)."""
    try:
        pid = (home / "run" / "neo4j-local.pid").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _swap_in(data: Path, staging_data: Path, backup: Path) -> None:
    """Move the served database's folders to ``backup`` and the staged ones in (server stopped)."""
    shutil.rmtree(backup, ignore_errors=True)
    backup.mkdir(parents=True)
    for sub in ("databases", "transactions"):
        cur = data / sub / DATABASE
        if cur.exists():
            os.replace(cur, backup / sub)
    for sub in ("databases", "transactions"):
        (data / sub).mkdir(parents=True, exist_ok=True)
        os.replace(staging_data / sub / DATABASE, data / sub / DATABASE)


def _swap_back(data: Path, backup: Path) -> None:
    for sub in ("databases", "transactions"):
        cur = data / sub / DATABASE
        if cur.exists():
            shutil.rmtree(cur)
        if (backup / sub).exists():
            os.replace(backup / sub, cur)


def _verify(server: LocalNeo4j, want: dict, drop: Path | None) -> tuple[dict, list[str], float]:
    """The served graph's counts against the manifest's → (counts, mismatches, seconds deleting
    ``drop``, the replaced store, which happens only when they match)."""
    st = server.open_store()  # its own driver: the schema thread holds a transaction on the other store
    try:
        got = graph_counts(st)
    finally:
        st.close()
    bad = count_mismatches(got, want)
    t = time.perf_counter()
    if drop is not None and not bad:
        shutil.rmtree(drop, ignore_errors=True)
    return got, bad, time.perf_counter() - t


def _apply_patches(st, patches: list[dict]) -> None:
    """Write the values CSV cannot carry (empty lists, [""]) over Bolt, grouped per table and property."""
    groups: dict[tuple, list[dict]] = {}
    for p in patches:
        g = (p.get("label"), p.get("type"), p.get("start"), p.get("end"), p["property"])
        groups.setdefault(g, []).append(p)
    for (label, type_, a, b, prop), rows in groups.items():
        if label:
            key = schema.key_of(label)
            st.write(f"UNWIND $rows AS row MATCH (n:{label} {{{key}: row.key}}) SET n.`{prop}` = row.value",
                     {"rows": [{"key": r["key"], "value": r["value"]} for r in rows]})
        else:
            sk, ek = schema.key_of(a), schema.key_of(b)
            st.write(f"UNWIND $rows AS row MATCH (x:{a} {{{sk}: row.f}})-[r:{type_}]->(y:{b} {{{ek}: row.t}}) "
                     f"SET r.`{prop}` = row.value",
                     {"rows": [{"f": r["from"], "t": r["to"], "value": r["value"]} for r in rows]})


def graph_counts(st) -> dict:
    """``store.stats()`` from the server's count store: ``db.stats.retrieve('GRAPH COUNTS')``, one
    procedure call (44 ``COUNT {}`` subqueries in one query took 1.5-3 s to plan on the just-started
    server; the count store answers both)."""
    data = st.read("CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data", limit=None)[0]["data"]
    nodes = {n["label"]: n["count"] for n in data["nodes"] if "label" in n}
    rels = {r["relationshipType"]: r["count"] for r in data["relationships"]
            if "relationshipType" in r and "startLabel" not in r and "endLabel" not in r}
    return {"nodes": {n.label: nodes.get(n.label, 0) for n in schema.NODES},
            "relationships": {r.type: rels.get(r.type, 0) for r in schema.RELS}}


def count_mismatches(got: dict, want: dict) -> list[str]:
    """Differences between ``store.stats()`` and a manifest's counts (every declared label/type)."""
    bad = []
    for kind in ("nodes", "relationships"):
        for name, n in got[kind].items():
            if n != want[kind].get(name, 0):
                bad.append(f"{name}: {n} stored, {want[kind].get(name, 0)} imported")
    return bad


@contextlib.contextmanager
def _home_lock(home: Path):
    """One import at a time per server home (they share its staging folder)."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".import.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Neo4jImportError(f"another import into {home} is running") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_import(csv_dir: str | os.PathLike, server: LocalNeo4j | None = None, *, heap: str = "1g",
               off_heap: str = "2g", threads: int | None = None, keep_backup: bool = False,
               nice: int = 0) -> dict:
    """Replace the local server's ``neo4j`` database with the graph in ``csv_dir`` (see the module doc).

    Returns timings (``import_s``, ``restart_s``: stop + swap + start, ``schema_s``: constraints,
    indexes and patches, ``verify_s``) and the counts. The server is running afterwards."""
    server = server or LocalNeo4j()
    with _home_lock(Path(server.home)):
        return _run_import(csv_dir, server, heap=heap, off_heap=off_heap, threads=threads,
                           keep_backup=keep_backup, nice=nice)


def _run_import(csv_dir: str | os.PathLike, server: LocalNeo4j, *, heap: str, off_heap: str,
                threads: int | None, keep_backup: bool, nice: int) -> dict:
    t_all = time.perf_counter()
    csv_dir = Path(csv_dir).resolve()
    manifest = read_manifest(csv_dir)
    imp = run_importer(csv_dir, server, heap=heap, off_heap=off_heap, threads=threads, nice=nice)
    home = Path(server.home)
    data, staging_data = home / "data", Path(imp["staging"]) / "data"
    backup = home / "import-previous"
    t0 = time.perf_counter()
    server.script("stop", timeout=600)
    _swap_in(data, staging_data, backup)
    try:
        # ready = port open and "Started." logged (no Python of its own to check Bolt, ≈ 1-2.5 s); the
        # password and the imported database are checked by opening the store
        server.script("start", timeout=900, env={"NEO4J_LOCAL_WAIT": "log"})
        st = server.open_store()
    except StoreError as e:
        with contextlib.suppress(Neo4jImportError):
            server.script("stop", timeout=600)
        _swap_back(data, backup)
        server.script("start", timeout=900)
        raise Neo4jImportError(f"the imported database did not start ({e}); the previous one is back") from None
    restart_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    try:
        with ThreadPoolExecutor(1) as pool:
            # the counts (count store: no index needed) alongside the schema; once they match, the old
            # store is deleted there too
            verified = pool.submit(_verify, server, manifest["counts"], None if keep_backup else backup)
            # One transaction: the server builds the constraints' indexes one after the other at its
            # commit, then the other indexes together. (Indexes first, constraints after in 4 sessions
            # at once was no faster: the first constraint waited for the indexes' population, the
            # others were still built one at a time.)
            with st.transaction():
                st.apply_schema()
            st.write("CALL db.awaitIndexes(600)")
            _apply_patches(st, manifest["patches"])
            schema_s = time.perf_counter() - t1
            t2 = time.perf_counter()
            got, bad, cleanup_s = verified.result()
        verify_s = time.perf_counter() - t2  # what the counts took beyond the schema
    finally:
        st.close()
    server_cpu = _server_cpu(home)  # start, schema and counts: the server process is new
    if bad:
        raise Neo4jImportError("imported graph's counts differ: " + "; ".join(bad[:5])
                               + f" (previous database kept in {backup})")
    shutil.rmtree(Path(imp["staging"]) / "data", ignore_errors=True)  # its emptied folders
    return {"import_s": imp["seconds"], "importer_cpu_s": imp["cpu_s"], "importer_cds": imp["cds"],
            "server_cpu_s": None if server_cpu is None else round(server_cpu, 2), "restart_s": round(restart_s, 2),
            "schema_s": round(schema_s, 2), "verify_s": round(verify_s, 2), "cleanup_s": round(cleanup_s, 2),
            # all of run_import (the steps above, the importer's set-up, the old store's deletion)
            "total_s": round(time.perf_counter() - t_all, 2), "counts": got, "patches": len(manifest["patches"]),
            "multiline_files": len(manifest["multiline"]), "uri": server.uri, "log": imp["log"],
            "previous": str(backup) if keep_backup else None}
