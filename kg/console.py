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


# --- dialect differences between the embedded store (LadybugDB) and Neo4j that a query shows --------

# (code, pattern on the query with string contents removed, note) — the note is one line, in English;
# the explorer shows its own translation by code (explorer/i18n.py: dialect_<code>)
_FUNCTION_RENAMES = {"split": "string_split(s, sep)", "tointeger": "cast(x AS INT64) or to_int64(x)",
                     "tofloat": "cast(x AS DOUBLE) or to_double(x)", "tostring": "cast(x AS STRING)",
                     "tointegerornull": "cast(x AS INT64)", "tofloatornull": "cast(x AS DOUBLE)"}
DIALECT_NOTES = {
    "substring0": "substring() counts from 1 on the embedded store (LadybugDB) and from 0 on Neo4j: "
                  "substring('abcdef', 0, 3) returns '' here — write substring(s, 1, 3) for the first 3 characters",
    "substring": "substring() counts from 1 on the embedded store and from 0 on Neo4j: the same query "
                 "returns different characters on the two stores",
    "index0": "lists are indexed from 1 on the embedded store (xs[1] is the first element; xs[0] is an "
              "error) and from 0 on Neo4j",
    "index": "lists are indexed from 1 on the embedded store and from 0 on Neo4j: xs[1] is the first "
             "element here, the second on Neo4j",
    "slice": "list slices differ: on the embedded store xs[1..2] is the 1st and 2nd element (1-based, end "
             "included); on Neo4j the 2nd only (0-based, end excluded)",
    "function": "{name}() is Neo4j-only: on the embedded store use {instead}",
}


def dialect_notes(query: str, store: str = "embedded") -> list[tuple[str, str, dict]]:
    """Dialect differences a query shows between LadybugDB (embedded) and Neo4j: [(code, one-line note,
    the values filled into the note)] — the explorer translates a note by its code and values.

    Detected from the query text (string contents and comments removed): ``substring`` (0- vs 1-based;
    a literal 0 start is called out), list indexing ``xs[i]`` and slicing ``xs[a..b]`` with a literal
    position, and Neo4j-only functions with their embedded-store equivalent. On Neo4j the same notes
    apply in reverse (a query written for the embedded store), so they are given for both stores.

    >>> [c for c, _, _ in dialect_notes("RETURN substring('abcdef', 0, 3)")]
    ['substring0']
    >>> [c for c, _, _ in dialect_notes("MATCH (m:Major) RETURN m.name LIMIT 5")]
    []
    """
    bare = _strip(query)
    low = bare.lower()
    out: list[tuple[str, str, dict]] = []
    subs = re.findall(r"\bsubstring\s*\(\s*(?:[^,()]|\([^()]*\))+,\s*([^,)]+)", low)
    if subs:
        code = "substring0" if any(s.strip() == "0" for s in subs) else "substring"
        out.append((code, DIALECT_NOTES[code], {}))
    # xs[0] / f(x)[2] / [1,2][0] — an index right after a name, a call or a list; not a pattern's [r:TYPE]
    idx = re.findall(r"(?:[\w)\]])\s*\[\s*(-?\d+)\s*\]", bare)
    if idx:
        code = "index0" if any(i == "0" for i in idx) else "index"
        out.append((code, DIALECT_NOTES[code], {}))
    if re.search(r"[\w)\]]\s*\[\s*-?\d*\s*\.\.\s*-?\d*\s*\]", bare):
        out.append(("slice", DIALECT_NOTES["slice"], {}))
    if store == "embedded":
        seen = set()
        for name in re.findall(r"\b([a-z]\w*)\s*\(", low):
            if name in _FUNCTION_RENAMES and name not in seen:
                seen.add(name)
                fmt = {"name": name, "instead": _FUNCTION_RENAMES[name]}
                out.append(("function", DIALECT_NOTES["function"].format(**fmt), fmt))
    return out
