"""The tables an import writes: :class:`ImportTables`, an in-memory store whose upserts are the base
class's own code, and :func:`tables_from_store` (every row of another store, as stored)."""
from __future__ import annotations

import os
from typing import Iterable

from kg import schema
from kg.neo4j_import.csv_files import write_csv
from kg.store.base import DEFAULT_LIMIT, Store, StoreError


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
        return write_csv(self._nodes, self._rels, folder, workers=workers)


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

