"""The read-only Cypher console: rows, a graph of the nodes/paths returned, and a classified error
(refused / syntax / limit / other) instead of an exception."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from kg.console import run_console_query
from kg.store.base import QueryLimitError, ReadOnlyError, Store, StoreError
from queries.graph import Graph, graph_from_rows

__all__ = ["ConsoleResult", "classify_error", "run_console"]


@dataclass
class ConsoleResult:
    """What the console shows: rows + graph, or one classified error line."""

    rows: list[dict] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    error_kind: str | None = None  # "refused" | "syntax" | "limit" | "error"
    message: str | None = None
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error_kind is None


_SYNTAX = re.compile(r"parser exception|syntax ?error|invalid input|mismatched input|no viable alternative|"
                     r"binder exception|catalog exception|variable .* not defined|unknown function",
                     re.IGNORECASE)


def classify_error(e: Exception) -> tuple[str, str]:
    """``(kind, message)`` for a store error: refused writes, syntax errors, limits, anything else."""
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if isinstance(e, ReadOnlyError):
        return "refused", msg
    if isinstance(e, QueryLimitError):
        return "limit", msg
    if _SYNTAX.search(msg) or "Neo.ClientError.Statement.SyntaxError" in str(getattr(e, "code", "")):
        return "syntax", msg
    return "error", msg


def run_console(store: Store, query: str, params: dict | None = None, *, limit: int = 1000,
                timeout: float | None = None) -> ConsoleResult:
    """Run an analyst's Cypher read-only (the database refuses writes; :mod:`kg.console` also refuses
    file reads and admin commands) and return rows, a graph of returned nodes/paths, or the error.

    Example: ``run_console(store, "MATCH (c:College) RETURN c LIMIT 3")`` → 3 rows and a 3-node graph;
    ``run_console(store, "CREATE (:Major {code:'x'})")`` → ``error_kind == "refused"``.
    """
    t0 = time.perf_counter()
    try:
        rows = run_console_query(store, query, params or {}, limit=limit, timeout=timeout)
    except StoreError as e:
        kind, msg = classify_error(e)
        return ConsoleResult(error_kind=kind, message=msg, elapsed_ms=1000 * (time.perf_counter() - t0))
    cols = list(rows[0].keys()) if rows else []
    return ConsoleResult(rows=rows, columns=cols, graph=graph_from_rows(rows),
                         elapsed_ms=1000 * (time.perf_counter() - t0))

