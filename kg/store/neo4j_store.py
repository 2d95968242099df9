"""Neo4j store: the official driver over Bolt; the path to a cluster or Aura.

Reads run in READ transactions (routed to readers on a cluster; Neo4j itself refuses writes in
them), writes in managed WRITE transactions with ``UNWIND $rows`` batches. Connection and auth
errors become one clear line; the password is never part of a message.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

from kg import schema
from kg.store.base import DEFAULT_LIMIT, ChangedDuringRead, QueryLimitError, ReadOnlyError, Store, StoreError
from kg.store.merge import chunks, plain

try:
    import neo4j
    from neo4j import GraphDatabase
    from neo4j import exceptions as nx
    from neo4j.graph import Node, Path, Relationship
except ImportError as e:  # pragma: no cover
    raise StoreError(f"the Neo4j store needs the 'neo4j' package: {e}") from None


def _convert(v: Any) -> Any:
    if isinstance(v, Node):
        out = {"_label": sorted(v.labels)[0] if v.labels else None}
        out.update({k: _convert(x) for k, x in v.items() if x is not None})
        return out
    if isinstance(v, Relationship):
        out = {"_type": v.type}
        out.update({k: _convert(x) for k, x in v.items() if x is not None})
        return out
    if isinstance(v, Path):
        return {"nodes": [_convert(n) for n in v.nodes], "rels": [_convert(r) for r in v.relationships]}
    if isinstance(v, list):
        return [_convert(x) for x in v]
    if isinstance(v, dict):
        return {k: _convert(x) for k, x in v.items()}
    if hasattr(v, "iso_format"):
        return v.iso_format()
    return plain(v)


def _clean_error(e: Exception, uri: str, database: str) -> StoreError:
    if isinstance(e, nx.AuthError):
        return StoreError(f"Neo4j at {uri} refused the credentials (check NEO4J_USERNAME/NEO4J_PASSWORD)")
    if isinstance(e, nx.ServiceUnavailable):
        return StoreError(f"Neo4j is unreachable at {uri} (is the server running? NEO4J_URI)")
    code = getattr(e, "code", "") or ""
    msg = (getattr(e, "message", None) or str(e)).splitlines()[0]
    if "DatabaseNotFound" in code or "database does not exist" in msg.lower():
        return StoreError(f"Neo4j database {database!r} does not exist at {uri} (NEO4J_DATABASE)")
    if "AccessMode" in code or "Writing in read access mode" in msg or "read access mode" in msg:
        return ReadOnlyError(f"refused: this is a read-only query ({msg})")
    if "TransactionTimedOut" in code or "timed out" in msg.lower() or "Terminated" in code:
        return QueryLimitError(f"query stopped: it hit the time limit ({msg})")
    if "Forbidden" in code:
        return ReadOnlyError(f"refused: {msg}")
    return StoreError(msg)


class Neo4jStore(Store):
    dialect = "neo4j"
    create_batch = 10000  # rows per UNWIND … CREATE statement (the base class's BATCH is 5,000)
    lookup_batch = 20000  # keys per existence lookup

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j",
                 timeout_s: float = 20.0, max_rows: int = 10000, read_only: bool = False):
        self.uri, self.database = uri, database
        self.timeout_s, self.max_rows, self.read_only = timeout_s, max_rows, read_only
        self._tx = None
        try:
            self._driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10,
                                                max_connection_lifetime=3600, notifications_min_severity="OFF")
            self._driver.verify_connectivity()
            with self._driver.session(database=database) as s:  # a wrong database name fails here
                s.run("RETURN 1").consume()
        except Exception as e:
            with contextlib.suppress(Exception):
                self._driver.close()
            raise _clean_error(e, uri, database) from None

    def close(self) -> None:
        self._driver.close()

    def _session(self, read: bool):
        return self._driver.session(database=self.database,
                                    default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS)

    def _run_write(self, query: str, params: dict | None = None) -> list[dict]:
        if self.read_only:
            raise ReadOnlyError("refused: the store is open read-only")
        try:
            if self._tx is not None:
                return [{k: _convert(v) for k, v in r.items()} for r in self._tx.run(query, params or {})]

            def work(tx):
                return [{k: _convert(v) for k, v in r.items()} for r in tx.run(query, params or {})]

            with self._session(read=False) as s:
                return s.execute_write(work)
        except StoreError:
            raise
        except Exception as e:
            raise _clean_error(e, self.uri, self.database) from None

    def stats(self) -> dict:
        """:meth:`Store.stats` from the server's count store — ``db.stats.retrieve('GRAPH COUNTS')``, one
        procedure call with the exact per-label and per-type counts the server keeps (two scans of the whole
        graph otherwise; 44 ``COUNT {}`` subqueries in one query took 1.5-3 s to plan on a just-started
        server). Inside a transaction (whose own writes the count store does not show yet) the scans of
        :meth:`Store.stats`."""
        if self._tx is not None:
            return super().stats()
        data = self.read("CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data", limit=None)[0]["data"]
        nodes = {n["label"]: n["count"] for n in data["nodes"] if "label" in n}
        rels = {r["relationshipType"]: r["count"] for r in data["relationships"]
                if "relationshipType" in r and "startLabel" not in r and "endLabel" not in r}
        return {"nodes": {n.label: int(nodes.get(n.label, 0)) for n in schema.NODES},
                "relationships": {r.type: int(rels.get(r.type, 0)) for r in schema.RELS}}

    _CHANGE_TOKEN_Q = ("CALL () { MATCH (n) RETURN count(n) AS nodes } "
                       "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
                       "CALL () { MATCH (d:Document) RETURN max(d.ingested_at) AS newest } "
                       "RETURN nodes, rels, newest")

    def change_token(self) -> tuple:
        """:meth:`Store.change_token`'s node and relationship counts (count-store lookups) and newest
        Document time, in one round trip instead of three. Every ingest transaction writes its Document,
        so every committed ingest changes it; a bare ``SET`` does not."""
        r = self.read(self._CHANGE_TOKEN_Q)[0]
        return (self.dialect, int(r["nodes"]), int(r["rels"]), r["newest"])

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["Neo4jStore"]:
        """Several reads that must see one committed state (a page's queries). Neo4j reads are
        read-committed — each query sees what was committed when it ran, so two queries of one page can
        straddle an ingest's commit. The block's reads run as usual; the change token (:meth:`change_token`) is
        read before and after, and a commit in between raises :class:`ChangedDuringRead` (the caller runs
        the block again: :func:`kg.store.base.retry_changed`) instead of returning a mixed answer. Inside a
        transaction (the writer's own view) nothing is checked."""
        if self._tx is not None:
            yield self
            return
        before = self.change_token()
        yield self
        if self.change_token() != before:
            raise ChangedDuringRead(f"the graph in {self.uri} ({self.database}) changed while it was read "
                                    f"(another process committed); try again")

    def apply_schema(self) -> None:
        for ddl in schema.neo4j_ddl():
            self._run_write(ddl)

    def read(self, query: str, params: dict | None = None, *, limit: int | None | object = DEFAULT_LIMIT,
             timeout: float | None = None) -> list[dict]:
        limit = self.max_rows if limit is DEFAULT_LIMIT else limit  # None: no row limit
        @neo4j.unit_of_work(timeout=timeout or self.timeout_s)
        def work(tx):
            out = []
            for r in tx.run(query, params or {}):
                if limit is not None and len(out) >= limit:
                    raise QueryLimitError(f"query stopped: more than {limit} rows (add LIMIT or raise KG_MAX_ROWS)")
                out.append({k: _convert(v) for k, v in r.items()})
            return out

        try:
            if self._tx is not None:
                return work(self._tx)
            with self._session(read=True) as s:
                return s.execute_read(work)
        except StoreError:
            raise
        except Exception as e:
            raise _clean_error(e, self.uri, self.database) from None

    def write(self, query: str, params: dict | None = None) -> list[dict]:
        return self._run_write(query, params)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx is not None:
            yield
            return
        session = self._session(read=False)
        tx = session.begin_transaction()
        self._tx = tx
        try:
            yield
        except BaseException:
            self._tx = None
            with contextlib.suppress(Exception):
                tx.rollback()
            session.close()
            raise
        self._tx = None
        try:
            tx.commit()
        except Exception as e:
            raise _clean_error(e, self.uri, self.database) from None
        finally:
            session.close()

    # ------------------------------------------------------------------ primitives
    def _count(self, label: str | None = None, rel_type: str | None = None) -> int:
        q = (f"MATCH (n:{label}) RETURN count(n) AS c" if label
             else f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS c")
        return int(self.read(q)[0]["c"])

    # Write side. The base class's upserts read what exists, merge provenance in Python and hand
    # over rows it knows to be new (``_create_*``: plain CREATE, no MERGE check) or existing
    # (``_update_*``: MATCH + SET). Every lookup is an index seek on a key's uniqueness constraint
    # (``schema.neo4j_ddl``): ``UNWIND $keys AS k MATCH (n:L {key: k})`` plans as NodeUniqueIndexSeek.
    # Rows go as flat maps and the properties are spelled out from the schema: ``SET x = row.p`` /
    # ``SET x += row.p`` after a MATCH plans an Eager (every row of the batch materialised first).
    # A null is stored as no property (CREATE skips it, ``SET x.p = null`` removes it), as before.
    def _fetch_nodes(self, label: str, keys: list[str]) -> dict[str, dict]:
        if not keys:
            return {}
        key = schema.key_of(label)
        rows = self.read(f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN k, properties(n) AS p",
                         {"keys": keys}, limit=None)
        return {r["k"]: r["p"] for r in rows}

    def _fetch_nodes_keys(self, label: str, keys: list[str]) -> set[str]:
        # endpoint existence only: the keys, not every stored property (provenance JSON included)
        key = schema.key_of(label)
        out: set[str] = set()
        for part in chunks(keys, self.lookup_batch):
            rows = self.read(f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN k",
                             {"keys": list(part)}, limit=None)
            out.update(r["k"] for r in rows)
        return out

    def _create_nodes(self, label: str, rows: list[dict]) -> None:
        # rows the base class found absent (the uniqueness constraint still refuses a duplicate)
        props = ", ".join(f"`{c}`: row.`{c}`" for c in schema.node(label).all_props)
        self._run_write(f"UNWIND $rows AS row CREATE (n:{label} {{{props}}})", {"rows": rows})

    def _update_nodes(self, label: str, rows: list[dict]) -> None:
        nt = schema.node(label)
        sets = ", ".join(f"n.`{c}` = row.`{c}`" for c in nt.all_props if c != nt.key)
        self._run_write(f"UNWIND $rows AS row MATCH (n:{label} {{{nt.key}: row.`{nt.key}`}}) SET {sets}",
                        {"rows": rows})

    def _fetch_rels(self, type_: str, start: str, end: str, pairs: list[tuple[str, str]]) -> dict:
        if not pairs:
            return {}
        sk, ek = schema.key_of(start), schema.key_of(end)
        rows = self.read(f"UNWIND $pairs AS p MATCH (a:{start} {{{sk}: p.f}}) MATCH (b:{end} {{{ek}: p.t}}) "
                         f"MATCH (a)-[r:{type_}]->(b) RETURN p.f AS f, p.t AS t, properties(r) AS props",
                         {"pairs": [{"f": f, "t": t} for f, t in pairs]}, limit=None)
        return {(r["f"], r["t"]): r["props"] for r in rows}

    def _create_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        # pairs the base class found absent, endpoints known to exist: CREATE, not MERGE
        sk, ek = schema.key_of(start), schema.key_of(end)
        props = ", ".join(f"`{c}`: row.`{c}`" for c in schema.rel(type_).all_props)
        self._run_write(f"UNWIND $rows AS row MATCH (a:{start} {{{sk}: row.`from`}}) "
                        f"MATCH (b:{end} {{{ek}: row.`to`}}) CREATE (a)-[:{type_} {{{props}}}]->(b)", {"rows": rows})

    def _update_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        sk, ek = schema.key_of(start), schema.key_of(end)
        sets = ", ".join(f"r.`{c}` = row.`{c}`" for c in schema.rel(type_).all_props)
        self._run_write(f"UNWIND $rows AS row MATCH (a:{start} {{{sk}: row.`from`}}) "
                        f"MATCH (b:{end} {{{ek}: row.`to`}}) MATCH (a)-[r:{type_}]->(b) SET {sets}", {"rows": rows})
