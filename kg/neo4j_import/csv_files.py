"""The importer's CSV files: headers rendered from :mod:`kg.schema`, data files (several processes at
once if asked), the manifest (see the package doc for the encoding)."""
from __future__ import annotations

import gc
import itertools
import json
import operator
import os
import pickle
import time
from pathlib import Path
from typing import Any, Iterable

from kg import schema
from kg.neo4j_import.cpu import children_cpu
from kg.neo4j_import.errors import Neo4jImportError

ARRAY_DELIMITER = "\x1f"  # U+001F UNIT SEPARATOR: json.dumps escapes it, so provenance never holds it
MANIFEST = "manifest.json"
CSV_TYPE = {schema.STRING: "string", schema.INT: "long", schema.FLOAT: "double", schema.BOOL: "boolean",
            schema.STRINGS: "string[]"}


def write_csv(nodes: dict[str, dict[str, dict]], rels: dict[tuple[str, str, str], dict[tuple[str, str], dict]],
              folder: str | os.PathLike, *, workers: int | None = None) -> dict:
    """The files of :meth:`ImportTables.write_csv <kg.neo4j_import.tables.ImportTables.write_csv>` from its
    tables (``nodes``: label → key → row; ``rels``: (type, start, end) → (from, to) → row)."""
    out = Path(folder)
    if (out / MANIFEST).exists():
        raise Neo4jImportError(f"{out} already holds import files ({MANIFEST}); use another folder")
    (out / "nodes").mkdir(parents=True, exist_ok=True)
    (out / "relationships").mkdir(parents=True, exist_ok=True)
    t0, cpu0 = time.perf_counter(), time.process_time() + children_cpu()
    manifest: dict[str, Any] = {"format": "neo4j-admin-import-csv", "array_delimiter": "U+001F",
                                "nodes": [], "relationships": [], "multiline": [], "patches": [],
                                "counts": {"nodes": {}, "relationships": {}}}
    jobs: list[tuple[dict, _TableWriter, dict]] = []  # (manifest entry, writer, table)
    for nt in schema.NODES:
        table = nodes.get(nt.label)
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
            table = rels.get((rt.type, a, b))
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
    manifest["cpu_s"] = round(time.process_time() + children_cpu() - cpu0, 2)  # the writer processes too
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



def read_manifest(csv_dir: Path) -> dict:
    """The ``manifest.json`` :meth:`ImportTables.write_csv` wrote into ``csv_dir``."""
    try:
        return json.loads((csv_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise Neo4jImportError(f"{csv_dir} holds no import files ({MANIFEST}: {e})") from None

