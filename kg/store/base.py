"""The store protocol: what every graph store offers (:func:`kg.store.open_store` returns one).

* reads: :meth:`~Store.read`, :meth:`~Store.snapshot` (several reads on one committed state),
  :meth:`~Store.stats`, :meth:`~Store.change_token` (has the graph changed? the key of every cache);
* writes: :meth:`~Store.write`, :meth:`~Store.transaction`, the upserts (:meth:`~Store.upsert_nodes`,
  :meth:`~Store.upsert_relationships`, :meth:`~Store.upsert_many`, :meth:`~Store.write_records`) and
  :meth:`~Store.retract_source`;
* lifecycle: :meth:`~Store.apply_schema`, :meth:`~Store.close`.

Upserts have MERGE semantics and merge provenance in one place (:func:`kg.store.merge.merge_props`), so
both stores store exactly the same values. A row is a dict: for nodes the key property plus properties;
for relationships ``from``/``to`` (endpoint keys) plus properties. Either may carry ``_prov``: a list of
:class:`kg.records.Provenance` (or dicts of the same shape). The upserts and retractions are built by
the upsert engine (:mod:`kg.store.upsert`) on seven row primitives a backend implements (the
``_fetch_*``, ``_create_*``, ``_update_*`` and ``_count`` methods at the end of :class:`Store`).
"""
from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from typing import Any, Callable, Hashable, Iterable, Iterator, TypeVar

from kg import schema
from kg.records import NodeRecord, RelRecord
from kg.store.upsert import UpsertEngine

DEFAULT_LIMIT = object()  # read(limit=...) default: the store's row limit (KG_MAX_ROWS); None = no limit


class StoreError(RuntimeError):
    """An error meant for the user: one clear line, no traceback."""


class ReadOnlyError(StoreError):
    pass


class QueryLimitError(StoreError):
    pass


class ChangedDuringRead(StoreError):
    """A read met the graph file being rewritten by another process (a checkpoint): nothing is wrong
    with the graph; the same read on a fresh open succeeds — callers may run it once more (#23)."""


#: how many times a caller runs a read that raised :class:`ChangedDuringRead` before it gives up
#: (explorer.ui.call, bench.concurrency); each attempt starts on the state after the checkpoint
CHANGED_ATTEMPTS = 5


T = TypeVar("T")


def retry_changed(read: Callable[[], T], on_retry: Callable[[], None] | None = None) -> T:
    """``read()``, run again (each time on the state after the checkpoint) while it raises
    :class:`ChangedDuringRead`, up to :data:`CHANGED_ATTEMPTS` times; the last refusal propagates.
    ``on_retry`` is called before each new attempt (the concurrency benchmark counts them). The one retry
    loop of the explorer (:func:`explorer.ui.call`) and the concurrency benchmark."""
    for attempt in range(1, CHANGED_ATTEMPTS + 1):
        try:
            return read()
        except ChangedDuringRead:
            if attempt == CHANGED_ATTEMPTS:
                raise
            if on_retry is not None:
                on_retry()
    raise AssertionError("unreachable")


class Store(UpsertEngine, ABC):
    """One graph store. Use :func:`kg.store.open_store` to get one."""

    dialect: str  # "ladybug" or "neo4j"

    # --- lifecycle
    @abstractmethod
    def apply_schema(self) -> None:
        """Create the schema's tables / constraints and indexes (twice is harmless)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reads
    @abstractmethod
    def read(self, query: str, params: dict | None = None, *, limit: int | None | object = DEFAULT_LIMIT,
             timeout: float | None = None) -> list[dict]:
        """Run a read-only query (enforced by the database) → rows of plain values.

        ``limit`` defaults to the store's row limit (KG_MAX_ROWS); ``None`` reads every row."""

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """Several reads on one view of the graph::

            with store.snapshot() as s:
                a = s.read(q1); b = s.read(q2)   # one open, one consistent view

        Yields a store to read on (pass it to library functions). The embedded read-only store checks
        the files once and pins one connection of one read-only open to the block (other threads read on
        their own); a store holding the writer yields itself; Neo4j compares :meth:`change_token` before
        and after the block.
        A read that cannot be answered from one committed state raises :class:`ChangedDuringRead`.
        Outside a snapshot every read sees the latest committed graph."""
        yield self

    # --- stats
    def stats(self) -> dict:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` for every declared label/type, in two queries
        (one scan each) rather than one count per label."""
        lab, typ = ("label(n)", "label(r)") if self.dialect == "ladybug" else ("labels(n)[0]", "type(r)")
        nodes = {n.label: 0 for n in schema.NODES}
        rels = {r.type: 0 for r in schema.RELS}
        for row in self.read(f"MATCH (n) RETURN {lab} AS k, count(*) AS c", limit=None):
            if row["k"] in nodes:
                nodes[row["k"]] = int(row["c"])
        for row in self.read(f"MATCH ()-[r]->() RETURN {typ} AS k, count(*) AS c", limit=None):
            if row["k"] in rels:
                rels[row["k"]] = int(row["c"])
        return {"nodes": nodes, "relationships": rels}

    def change_token(self) -> Hashable:
        """A value that changes when the graph this store reads changes (what "changes" means below).
        The key of every cache of graph-derived results (:func:`queries.cache.memo`, the explorer's
        result cache through :func:`queries.graph.graph_version`) and Neo4j's snapshot check.

        Every ``kg ingest`` changes it (each document's batch writes its Document with a new
        ``ingested_at``), and so does any node or relationship added or removed. This default — node
        and relationship counts and the newest ``Document.ingested_at``, three reads — does **not** see a
        write that only changes properties (a bare ``SET`` through ``kg cypher --write``): call
        :func:`queries.cache.clear` after one. A backend may return something cheaper or stronger
        (the embedded store: the identity of the open its reads are served from, no query at all)."""
        nodes = self.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        newest = self.read("MATCH (d:Document) RETURN max(d.ingested_at) AS t")[0]["t"]
        return (self.dialect, int(nodes), int(rels), newest)

    # --- writes
    @abstractmethod
    def write(self, query: str, params: dict | None = None) -> list[dict]:
        """Run a writing query → rows."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen atomically (one transaction)."""
        yield

    def checkpoint(self) -> None:
        """Flush the write-ahead log into the main file (embedded); a no-op on Neo4j."""

    def upsert_nodes(self, label: str, rows: Iterable[dict]) -> int:
        """MERGE nodes by key; returns the number of distinct nodes written."""
        return self._apply_nodes(self._prepare("nodes", label, None, None, rows))

    def upsert_relationships(self, type_: str, rows: Iterable[dict], start_label: str,
                             end_label: str) -> tuple[int, list[dict]]:
        """MERGE relationships between existing nodes.

        Returns (written, skipped) where skipped are rows whose endpoint does not exist (each with a
        ``reason``); nothing is created for them.
        """
        schema.check_pair(type_, start_label, end_label)
        return self._apply_rels(self._prepare("rels", type_, start_label, end_label, rows))

    def upsert_many(self, batches: Iterable[tuple]) -> Iterator[Any]:
        """Several upserts in order: ``("nodes", label, rows)`` → :meth:`upsert_nodes`'s result,
        ``("rels", type, start_label, end_label, rows)`` → :meth:`upsert_relationships`'s; yields one
        result per batch, in order, each batch written (committed, outside a transaction) before the
        next one is written. ``rows`` must not depend on the store (they may be read in another thread).
        The bulk path (a graph loaded table by table): the next batches are prepared while one is
        written (:meth:`kg.store.upsert.UpsertEngine._upsert_batches`)."""
        return self._upsert_batches(batches)

    def write_records(self, records: Iterable[NodeRecord | RelRecord]) -> dict:
        """Write a batch of records: nodes first, then relationships. Returns a summary."""
        nodes: dict[str, list[dict]] = {}
        rels: dict[tuple[str, str, str], list[dict]] = {}
        for r in records:
            if isinstance(r, NodeRecord):
                nodes.setdefault(r.label, []).append(r.row())
            else:
                rels.setdefault((r.type, r.start_label, r.end_label), []).append(r.row())
        summary = {"nodes": {}, "relationships": {}, "skipped": []}
        for label, rows in nodes.items():
            summary["nodes"][label] = self.upsert_nodes(label, rows)
        for (t, a, b), rows in rels.items():
            n, skipped = self.upsert_relationships(t, rows, a, b)
            summary["relationships"][t] = summary["relationships"].get(t, 0) + n
            summary["skipped"].extend({"type": t, **s} for s in skipped)
        return summary


    def retract_source(self, source: str) -> dict:
        """Remove ``source``'s statements from every node and relationship (a changed document replaces
        its own facts).

        A fact whose only source was ``source`` is deleted (nodes with DETACH DELETE — their
        relationships from other sources go with them only if those end at the deleted node); a fact
        also stated elsewhere keeps its other statements and its provenance summary is recomputed.
        Returns {"deleted": n, "updated": n}.
        """
        return self._retract_source(source)

    # --- the row primitives the upsert engine (kg.store.upsert) is built on
    @abstractmethod
    def _fetch_nodes(self, label: str, keys: list[str]) -> dict[str, dict]:
        """``{key: stored properties}`` of the existing ``label`` nodes among ``keys``."""

    @abstractmethod
    def _create_nodes(self, label: str, rows: list[dict]) -> None:
        """Create ``label`` nodes known to be absent (rows: the key and every declared property)."""

    @abstractmethod
    def _update_nodes(self, label: str, rows: list[dict]) -> None:
        """Set every declared property of existing ``label`` nodes (rows as for :meth:`_create_nodes`)."""

    @abstractmethod
    def _fetch_rels(self, type_: str, start: str, end: str, pairs: list[tuple[str, str]]) -> dict:
        """``{(from, to): stored properties}`` of the existing ``start``-[``type_``]->``end`` relationships."""

    @abstractmethod
    def _create_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        """Create relationships known to be absent between existing nodes (rows: ``from``, ``to``, props)."""

    @abstractmethod
    def _update_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        """Set every declared property of existing relationships (rows as for :meth:`_create_rels`)."""

    @abstractmethod
    def _count(self, label: str | None = None, rel_type: str | None = None) -> int:
        """Number of ``label`` nodes, or of ``rel_type`` relationships."""
