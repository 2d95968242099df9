"""The upsert engine: MERGE-semantics upserts, the bulk path and retractions built on a store's row
primitives (``_fetch_nodes``, ``_create_nodes``, ``_update_nodes``, ``_fetch_rels``, ``_create_rels``,
``_update_rels``, ``_count``; declared in :class:`kg.store.base.Store`).

An upsert is done in two halves: rows merged per key and, for the bulk path, turned into the store's
create payload (:meth:`UpsertEngine._prepare`: pure Python, no store access, so
:meth:`~kg.store.base.Store.upsert_many` runs it ahead in a worker thread), then looked up and written
(:meth:`UpsertEngine._apply_nodes` / :meth:`~UpsertEngine._apply_rels`). Merge rules live in
:mod:`kg.store.merge`, the worker's CPU tuning in :mod:`kg.store.tuning`; every store gets this engine
through :class:`kg.store.base.Store`.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from kg import schema
from kg.records import Provenance
from kg.store.merge import (BATCH, chunks, dedupe_node_rows, dedupe_rel_rows, merge_props, new_props, ordered_union,
                            plain_props_of, split_by_sole_source, without_source)
from kg.store.tuning import PREPARE_AHEAD, _behind_the_writer, _short_gil_turns, fewer_gc_passes


@dataclass
class Prepared:
    """An upsert's rows merged per key (:meth:`UpsertEngine._prepare`), ready for the store-touching half."""
    kind: str  # "nodes" | "rels"
    name: str  # label or relationship type
    start: str | None
    end: str | None
    merged: dict
    props: dict[str, str]
    lists: list[str]
    plain: tuple[list[str], list[str]]
    key: str | None = None  # nodes: the label's key property
    payload: Any = None  # eager: every merged row as if new, in the store's create form (:meth:`UpsertEngine._create_payload`)


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def new_columns(prep: Prepared) -> dict[str, list]:
    """Every merged row of ``prep`` as if new, column by column: ``{name: [value per row]}``, equal to
    ``[UpsertEngine._new_row(prep, k, row).get(name) for k, row in prep.merged.items()]`` for the key (or
    ``from``/``to``), every declared property and every provenance property — built without a dict per
    row when every row has one :class:`Provenance` (the bulk path: ~1 M new edges per province load);
    otherwise through :func:`new_props` row by row."""
    keys, rows = list(prep.merged), list(prep.merged.values())
    ends = {prep.key: keys} if prep.key is not None else {"from": [k[0] for k in keys], "to": [k[1] for k in keys]}
    names = [*ends, *prep.props]
    provs = [r.get("_prov") for r in rows]
    try:  # C-level passes: every row has exactly one statement, a Provenance
        first = list(map(_FIRST, provs)) if set(map(len, provs)) == {1} else None
    except TypeError:  # a row without _prov
        first = None
    if first is None or set(map(type, first)) != {Provenance}:
        made = [UpsertEngine._new_row(prep, k, r) for k, r in zip(keys, rows)]
        return {c: [m.get(c) for m in made] for c in names}
    out: dict[str, list] = dict(ends)
    plain_props, plain_lists = prep.plain
    for p in plain_props:
        out[p] = [r.get(p) for r in rows]
    for p in plain_lists:  # ordered union of each list, as new_props
        out[p] = [None if v is None else ordered_union(v) for v in out[p]]
    for f in ("source", "evidence", "extractor", "confidence", "locator"):
        out[f] = list(map(operator.attrgetter(f), first))
    out["provenance"] = out["sources"] = [None] * len(rows)  # one statement each: the compact form
    out["review"] = [r.get("review") for r in rows]
    return out


class UpsertEngine:
    """The upserts of :class:`kg.store.base.Store` (which subclasses this), built on its row primitives.
    A backend tunes it with :attr:`create_batch`, :attr:`prepare_ahead`, :attr:`single_writer` and may
    override :meth:`_create_payload` / :meth:`_create_prepared` (a faster create of all-new rows),
    :meth:`_fetch_nodes_keys` and :meth:`_rels_empty` (cheaper lookups)."""

    # rows per _create_nodes/_create_rels call; None = every new row of an upsert in one call (the
    # embedded store: one COPY per table instead of one per chunk)
    create_batch: int | None = BATCH

    def _rels_empty(self, type_: str, start: str, end: str) -> bool:
        """True if no ``type_`` relationship runs from a ``start`` to an ``end`` node (then new rows
        need no lookup of existing ones)."""
        return self._count(rel_type=type_) == 0

    def _create_chunks(self, rows: list) -> Iterator[list]:
        n = self.create_batch or max(len(rows), 1)
        for part in chunks(rows, n):
            yield list(part)

    # rows prepared ahead in a worker thread by upsert_many (see _upsert_batches); a store whose writes release
    # the GIL (the embedded store's COPY) sets this
    prepare_ahead: bool = False

    def _upsert_batches(self, batches: Iterable[tuple]) -> Iterator[Any]:
        """:meth:`Store.upsert_many`: with :attr:`prepare_ahead`, the next batch's rows are merged and
        turned into the store's create payload (as if every row were new: the pure-Python part of an
        upsert, no store access) in a worker thread while the current batch is written; then the upsert
        looks up what exists and uses the payload only if every row turned out new and the table was
        empty — otherwise it takes the ordinary path. Results and stored values are the same as calling
        the upserts one by one (tests/kg/test_upsert_many.py)."""
        items = iter(batches)
        first = next(items, None)
        if first is None:
            return
        with fewer_gc_passes():
            if self.single_writer and self._known_empty is None and self._graph_empty():
                # a bulk load into an empty graph: every table is empty until this store writes it
                # (no emptiness query per table, ~0.4 s per province load)
                self._known_empty = {("nodes", n.label) for n in schema.NODES} | {
                    ("rels", r.type, a, b) for r in schema.RELS for a, b in r.pairs}
            yield from self._upsert_many(first, items)

    # True where this object holds the graph's only writer (the embedded store's file lock): then the
    # keys of the nodes its upserts wrote are remembered, and a relationship upsert needs no lookup to
    # know its endpoints exist (province load: 1.1 M endpoint keys). Anything that may delete nodes
    # or undo writes — a raw write(), a rolled-back or failed transaction, close — forgets them
    # (:meth:`_forget_remembered_writes`, which also forgets :attr:`_known_empty`).
    single_writer: bool = False
    _written_keys: dict[str, set] | None = None

    # single writer: the tables known to be empty (found so by an upsert_many into an empty graph and
    # not written by this store since); forgotten with the written keys
    _known_empty: set | None = None

    def _forget_remembered_writes(self) -> None:
        self._written_keys = None
        self._known_empty = None

    def _graph_empty(self) -> bool:
        return not self.read("MATCH (n) RETURN 1 AS x LIMIT 1", limit=1)

    def _table_empty(self, table: tuple, check) -> bool:
        """Is ``table`` empty: known without a query (:attr:`_known_empty`), else ``check()``."""
        if self._known_empty is not None and table in self._known_empty:
            return True
        return check()

    def _table_written(self, table: tuple) -> None:
        """Called before ``table`` is written (so a failed write leaves it 'maybe not empty')."""
        if self._known_empty is not None:
            self._known_empty.discard(table)

    def _existing_keys(self, label: str, keys: set) -> set:
        """Which of ``keys`` are keys of existing ``label`` nodes: those this store's upserts wrote
        (:attr:`single_writer`) without a lookup, the rest looked up."""
        known = self._written_keys.get(label) if self._written_keys is not None else None
        if not known:
            return self._fetch_nodes_keys(label, sorted(keys))
        rest = keys - known
        return (keys & known) | (self._fetch_nodes_keys(label, sorted(rest)) if rest else set())

    def _upsert_many(self, first: tuple, items: Iterator[tuple]) -> Iterator[Any]:
        def prepare(b: tuple) -> Prepared:
            if b[0] == "nodes":
                return self._prepare("nodes", b[1], None, None, b[2], eager=self.prepare_ahead)
            if b[0] != "rels":
                raise ValueError(f"upsert_many: unknown batch kind {b[0]!r} (nodes or rels)")
            schema.check_pair(b[1], b[2], b[3])
            return self._prepare("rels", b[1], b[2], b[3], b[4], eager=self.prepare_ahead)

        def apply(prep: Prepared) -> Any:
            return self._apply_nodes(prep) if prep.kind == "nodes" else self._apply_rels(prep)

        if not self.prepare_ahead:
            yield apply(prepare(first))
            for b in items:
                yield apply(prepare(b))
            return
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        with _short_gil_turns(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-prepare",
                                                     initializer=_behind_the_writer) as pool:
            ahead = deque([pool.submit(prepare, first)])
            while ahead:
                prep = ahead.popleft().result()
                # while ``prep`` is written the worker prepares up to PREPARE_AHEAD batches after it, so
                # a large table's preparation overlaps the writes of the several before it
                while len(ahead) < PREPARE_AHEAD and (b := next(items, None)) is not None:
                    ahead.append(pool.submit(prepare, b))
                yield apply(prep)

    def _prepare(self, kind: str, name: str, start: str | None, end: str | None, rows: Iterable[dict],
                 eager: bool = False) -> Prepared:
        """An upsert's pure-Python first half: rows merged per key; with ``eager``, also every row's
        create values (:func:`new_props`) and :meth:`_create_payload` of them. Touches no store."""
        if kind == "nodes":
            t = schema.node(name)
            merged = dedupe_node_rows(name, rows)
        else:
            t = schema.rel(name)
            merged = dedupe_rel_rows(rows)
        props = {**t.props, **schema.PROVENANCE_PROPS}
        lists = schema.list_props(props)
        prep = Prepared(kind, name, start, end, merged, props, lists, plain_props_of(props, lists),
                        key=t.key if kind == "nodes" else None)
        if eager and merged:
            prep.payload = self._create_payload(prep)
        return prep

    @staticmethod
    def _new_row(prep: Prepared, k: Any, row: dict) -> dict:
        m = new_props(prep.props, row, prep.lists, prep.plain)
        if prep.key is not None:
            m[prep.key] = k
        else:
            m["from"], m["to"] = k
        return m

    def _create_payload(self, prep: Prepared) -> Any:
        """Every merged row of ``prep`` as if new, in the form :meth:`_create_prepared` writes (built
        ahead, touching no store): here the rows (:func:`new_props`)."""
        return [self._new_row(prep, k, row) for k, row in prep.merged.items()]

    def _create_prepared(self, prep: Prepared) -> None:
        """Create every row of ``prep`` (all new, into an empty table) from its payload."""
        for part in self._create_chunks(prep.payload):
            if prep.kind == "nodes":
                self._create_nodes(prep.name, part)
            else:
                self._create_rels(prep.name, prep.start, prep.end, part)

    def _apply_nodes(self, prep: Prepared) -> int:
        label, merged_in, props, lists, key = prep.name, prep.merged, prep.props, prep.lists, prep.key
        if not merged_in:
            return 0
        empty = self._table_empty(("nodes", label), lambda: self._count(label=label) == 0)
        existing = set() if empty else self._fetch_nodes_keys(label, list(merged_in))
        self._table_written(("nodes", label))
        if prep.payload is not None and empty:
            self._create_prepared(prep)
        else:
            creates = [self._new_row(prep, k, row) for k, row in merged_in.items() if k not in existing]
            for part in self._create_chunks(creates):
                self._create_nodes(label, part)
        for part in chunks([k for k in merged_in if k in existing]):
            old = self._fetch_nodes(label, list(part))
            updates = []
            for k in part:
                m = merge_props(props, old.get(k), merged_in[k], lists)
                m[key] = k
                updates.append(m)
            self._update_nodes(label, updates)
        if self.single_writer:
            if self._written_keys is None:
                self._written_keys = {}
            self._written_keys.setdefault(label, set()).update(merged_in)
        return len(merged_in)

    def _apply_rels(self, prep: Prepared) -> tuple[int, list[dict]]:
        type_, start_label, end_label = prep.name, prep.start, prep.end
        merged_in, props, lists = prep.merged, prep.props, prep.lists
        if not merged_in:
            return 0, []
        froms, tos = set(map(_FIRST, merged_in)), set(map(_SECOND, merged_in))
        starts = self._existing_keys(start_label, froms)
        ends = self._existing_keys(end_label, tos)
        skipped: list[dict] = []
        if len(starts) == len(froms) and len(ends) == len(tos):  # every endpoint exists (the usual case)
            ok = list(merged_in.items())
        else:
            ok = []
            for k, row in merged_in.items():
                if k[0] not in starts:
                    skipped.append({**row, "reason": f"no {start_label} with key {k[0]!r}"})
                elif k[1] not in ends:
                    skipped.append({**row, "reason": f"no {end_label} with key {k[1]!r}"})
                else:
                    ok.append((k, row))
        if not ok:
            return 0, skipped
        old: dict = {}
        empty = self._table_empty(("rels", type_, start_label, end_label),
                                  lambda: self._rels_empty(type_, start_label, end_label))
        self._table_written(("rels", type_, start_label, end_label))
        if not empty:
            for part in chunks([k for k, _ in ok]):
                old.update(self._fetch_rels(type_, start_label, end_label, list(part)))
        if prep.payload is not None and empty and not skipped:
            self._create_prepared(prep)
            return len(ok), skipped
        creates, updates = [], []
        for k, row in ok:
            if k in old:
                m = merge_props(props, old[k], row, lists)
                m["from"], m["to"] = k
                updates.append(m)
            else:
                creates.append(self._new_row(prep, k, row))
        for part in self._create_chunks(creates):
            self._create_rels(type_, start_label, end_label, part)
        for part in chunks(updates):
            self._update_rels(type_, start_label, end_label, list(part))
        return len(ok), skipped

    def _fetch_nodes_keys(self, label: str, keys: list[str]) -> set[str]:
        """Which of ``keys`` exist (a store may override this with a key-only lookup)."""
        out: set[str] = set()
        for part in chunks(keys):
            out.update(self._fetch_nodes(label, list(part)))
        return out

    def _retract_source(self, source: str) -> dict:
        """:meth:`Store.retract_source`, on the row primitives."""
        deleted = updated = 0
        for nt in schema.NODES:
            rows = self.read(f"MATCH (n:{nt.label}) WHERE n.source = $s OR $s IN n.sources "
                             f"RETURN n.{nt.key} AS k, n.provenance AS p", {"s": source}, limit=None)
            gone_rows, keep = split_by_sole_source(rows, source)
            gone = [r["k"] for r in gone_rows]
            for part in chunks(gone):
                self.write(f"UNWIND $keys AS k MATCH (n:{nt.label} {{{nt.key}: k}}) DETACH DELETE n",
                           {"keys": list(part)})
            if keep:
                props = {**nt.props, **schema.PROVENANCE_PROPS}
                old = self._fetch_nodes(nt.label, [r["k"] for r in keep])
                rows_out = []
                for k, o in old.items():
                    m = without_source(props, o, source)
                    m[nt.key] = k
                    rows_out.append(m)
                self._update_nodes(nt.label, rows_out)
            deleted += len(gone)
            updated += len(keep)
        for rt in schema.RELS:
            for a, b in rt.pairs:
                ak, bk = schema.key_of(a), schema.key_of(b)
                rows = self.read(f"MATCH (x:{a})-[r:{rt.type}]->(y:{b}) WHERE r.source = $s OR $s IN r.sources "
                                 f"RETURN x.{ak} AS f, y.{bk} AS t, r.provenance AS p", {"s": source}, limit=None)
                gone, keep = split_by_sole_source(rows, source)
                for part in chunks(gone):
                    self.write(f"UNWIND $rows AS row MATCH (x:{a} {{{ak}: row.f}}) "
                               f"MATCH (x)-[r:{rt.type}]->(y:{b}) WHERE y.{bk} = row.t DELETE r",
                               {"rows": [{"f": r["f"], "t": r["t"]} for r in part]})
                if keep:
                    props = dict(rt.all_props)
                    old = self._fetch_rels(rt.type, a, b, [(r["f"], r["t"]) for r in keep])
                    out = []
                    for (f, t), o in old.items():
                        m = without_source(props, o, source)
                        m["from"], m["to"] = f, t
                        out.append(m)
                    self._update_rels(rt.type, a, b, out)
                deleted += len(gone)
                updated += len(keep)
        return {"deleted": deleted, "updated": updated}
