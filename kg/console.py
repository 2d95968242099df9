"""The analyst console: read-only Cypher with a time limit and a row limit.

Two layers refuse writes and leaks:

1. the database: the store opens read-only (LadybugDB ``read_only=True`` / a READ ONLY transaction;
   Neo4j READ access-mode transactions), so any write fails inside the engine whatever its spelling;
2. :func:`check_read_only`, which refuses what a read-only engine would still run but an analyst
   should not: reading server files (``LOAD CSV``, ``LOAD FROM``, ``COPY``), exporting/attaching
   databases, installing extensions, admin/writing procedures, ``CALL {…} IN TRANSACTIONS`` and
   more than one statement. It looks at the query with comments and string literals removed and
   unicode folded (NFKC), so look-alike letters and hidden comments do not get through.
"""
from __future__ import annotations

import re
import unicodedata

from kg.store.base import ReadOnlyError, Store

# procedures an analyst may call (read-only introspection); everything else is refused
ALLOWED_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.indexes",
    "show_tables", "table_info", "show_connection", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
}

_FORBIDDEN = [
    (r"\bLOAD\s+CSV\b", "LOAD CSV reads files on the server"),
    (r"\bLOAD\s+FROM\b", "LOAD FROM reads files on the server"),
    (r"\bLOAD\s+EXTENSION\b|\bINSTALL\b", "extensions cannot be installed or loaded from the console"),
    (r"\bCOPY\b", "COPY reads or writes files"),
    (r"\bEXPORT\b|\bIMPORT\s+DATABASE\b", "database export/import is not allowed from the console"),
    (r"\bATTACH\b|\bDETACH\s+DATABASE\b|^\s*USE\b", "attaching or switching databases is not allowed"),
    (r"\bCHECKPOINT\b", "CHECKPOINT is an admin command"),
    (r"\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", "CALL { … } IN TRANSACTIONS writes in batches"),
    (r"\b(?:CREATE|MERGE|DELETE|SET|REMOVE|DROP|ALTER|FOREACH|GRANT|REVOKE|DENY)\b",
     "the console is read-only (use `kg cypher --write` to change the graph)"),
    (r"\bBEGIN\b|\bCOMMIT\b|\bROLLBACK\b", "transaction control is not allowed from the console"),
    (r"\b(?:START|STOP)\s+DATABASE\b|\bSHOW\s+(?:USERS?|ROLES?|PRIVILEGES)\b|\bTERMINATE\b",
     "administration commands are not allowed from the console"),
]


def _strip(query: str) -> str:
    """Fold unicode, drop comments and the contents of string literals / quoted names."""
    q = unicodedata.normalize("NFKC", query)
    out, i, n = [], 0, len(q)
    while i < n:
        c = q[i]
        if q.startswith("//", i):
            j = q.find("\n", i)
            i = n if j < 0 else j
            out.append(" ")
        elif q.startswith("/*", i):
            j = q.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif c in "'\"`":
            j = i + 1
            while j < n and q[j] != c:
                j += 2 if q[j] == "\\" else 1
            # keep back-quoted names as a neutral token; drop literal contents
            out.append(" ident " if c == "`" else " '' ")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def check_read_only(query: str) -> None:
    """Raise :class:`ReadOnlyError` with a one-line reason if ``query`` is not a plain read.

    >>> check_read_only("MATCH (m:Major) RETURN m.name LIMIT 5")
    >>> check_read_only("MATCH (m) DETACH DELETE m")
    Traceback (most recent call last):
    ...
    kg.store.base.ReadOnlyError: refused: the console is read-only (use `kg cypher --write` to change the graph)
    """
    if not query or not query.strip():
        raise ReadOnlyError("refused: empty query")
    bare = _strip(query)
    if any(unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")) for ch in bare):
        # letters that look like Latin ones (СREATE): refuse rather than guess what was meant
        raise ReadOnlyError("refused: look-alike (non-Latin) letters outside string literals")
    statements = [s for s in bare.split(";") if s.strip()]
    if len(statements) > 1:
        raise ReadOnlyError("refused: one statement at a time")
    upper = bare.upper()
    for pat, why in _FORBIDDEN:
        if re.search(pat, upper):
            raise ReadOnlyError(f"refused: {why}")
    for m in re.finditer(r"\bCALL\s+([A-Z_][\w.]*)", upper):
        if m.group(1).lower() not in ALLOWED_PROCEDURES:
            raise ReadOnlyError(f"refused: procedure {m.group(1).lower()} is not on the console's allow-list")
    if re.search(r"\bCALL\s*\{", upper):
        raise ReadOnlyError("refused: CALL subqueries are not allowed from the console")


def run_console_query(store: Store, query: str, params: dict | None = None, *, limit: int | None = None,
                      timeout: float | None = None) -> list[dict]:
    """Run an analyst's query read-only, with the store's time and row limits.

    Inputs: a store (open it with ``read_only=True``), the query text, parameters (values never go
    into the text). Output: rows as dicts of plain values. Raises ReadOnlyError / QueryLimitError /
    StoreError with a one-line message.
    """
    check_read_only(query)
    return store.read(query, params or {}, limit=limit if limit is not None else store.max_rows, timeout=timeout)
