"""The named query library: one ``.cypher`` file per query under ``queries/named/``.

Each file starts with a header of ``//`` comment lines::

    // description: A college's professional groups with their majors.
    // param: college STRING required — college name, alias or 学校标识码
    // param: limit INT = 200 — maximum rows
    // column: group_name STRING — group name
    // column: majors LIST — names of the group's majors (sorted)
    // example: kg query college_groups -p college=深圳职业技术大学

followed by the Cypher text. The query's name is the file name. The text may be several statements,
each ending with a line holding only ``;`` (*stages*): every stage but the last returns exactly one row,
whose columns become parameters of the stages after it — all on one snapshot of the graph. (LadybugDB
pushes a parameter into a scan but not a value computed earlier in the same statement:
``document_facts`` first finds the relationship types its first rows can come from.) Where LadybugDB and Neo4j must differ,
the query has two files beside each other, ``NAME.ladybug.cypher`` and ``NAME.neo4j.cypher`` (same header).

Parameter types: STRING, INT, FLOAT, BOOL, LIST (of strings). A parameter without ``required`` has a
default (``= value``; optional strings default to ``''`` meaning "no filter" — LadybugDB cannot bind a
null parameter in a comparison, so queries test ``$x = ''``). Column types: STRING, INT, FLOAT, BOOL,
LIST (a set: sorted by the library, so both stores give identical results whatever order ``collect``
produced) and PATH (an ordered list, kept as is). Results are returned as a pandas DataFrame with the
declared columns in order and values coerced to the declared types.

Python API::

    from queries import library
    library.list_queries()                       # [NamedQuery, …]
    print(library.describe("college_groups"))
    df = library.run(store, "college_groups", {"college": "深圳职业技术大学"})
"""
from __future__ import annotations

import difflib
import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kg import schema

NAMED_DIR = Path(__file__).resolve().parent / "named"
DIALECTS = ("ladybug", "neo4j")
PARAM_TYPES = ("STRING", "INT", "FLOAT", "BOOL", "LIST")
COLUMN_TYPES = ("STRING", "INT", "FLOAT", "BOOL", "LIST", "PATH")
FLOAT_DIGITS = 6


class QueryError(ValueError):
    """A user-facing problem with a named query or its parameters (one clear line)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: Any
    description: str


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    examples: tuple[str, ...]
    texts: dict[str, str] = field(hash=False, compare=False)  # dialect → Cypher (both keys always present)
    files: tuple[str, ...] = ()

    @property
    def has_variants(self) -> bool:
        return self.texts["ladybug"] != self.texts["neo4j"]

    def text(self, dialect: str) -> str:
        if dialect not in DIALECTS:
            raise QueryError(f"unknown dialect {dialect!r}; known: {', '.join(DIALECTS)}")
        return self.texts[dialect]


# ------------------------------------------------------------------ parsing
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s*(required|=\s*(.*?))?\s*(?:—|--)\s*(.*)$")
_COLUMN = re.compile(r"^(\w+)\s+(\w+)\s*(?:—|--)\s*(.*)$")


def _parse_default(type_: str, raw: str) -> Any:
    raw = raw.strip()
    if raw in ("''", '""'):
        return ""
    if raw.startswith(("'", '"')) and raw.endswith(raw[0]) and len(raw) >= 2:
        raw = raw[1:-1]
    return _coerce_param(type_, raw, "default")


def _document_facts_branches() -> str:
    """One ``UNION ALL`` branch per relationship type of kg/schema.py, in name order, each sorted and limited
    on its own (the Neo4j variant of ``document_facts``)."""
    a, b = schema.name_expr("a"), schema.name_expr("b")
    return "\n  UNION ALL\n".join(
        f"  MATCH (a)-[r:{t}]->(b)\n"
        "  WHERE r.source = $document OR $document IN r.sources\n"
        f"  RETURN '{t}' AS type, labels(a)[0] AS from_label, {a} AS from_name, labels(b)[0] AS to_label, "
        f"{b} AS to_name, r\n"
        "  ORDER BY from_label, from_name, to_label, to_name\n"
        "  LIMIT $limit" for t in sorted(r.type for r in schema.RELS))


#: placeholders a named query's body may hold, each rendered from the schema when the library loads
RENDERED: dict[str, Any] = {"{{document_facts_branches}}": _document_facts_branches}


def _render(body: str) -> str:
    for token, render in RENDERED.items():
        if token in body:
            body = body.replace(token, render())
    return body


def _parse(path: Path) -> tuple[dict, str]:
    head: dict[str, Any] = {"description": [], "params": [], "columns": [], "examples": []}
    body: list[str] = []
    in_header = True
    last = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if in_header and line.startswith("//"):
            content = line[2:].strip()
            m = re.match(r"^(description|param|column|example):\s*(.*)$", content)
            if m:
                kind, rest = m.groups()
                last = kind
                if kind == "description":
                    head["description"].append(rest)
                elif kind == "example":
                    head["examples"].append(rest)
                elif kind == "param":
                    pm = _PARAM.match(rest)
                    if not pm or pm.group(2) not in PARAM_TYPES:
                        raise QueryError(f"{path.name}:{lineno}: bad param line {rest!r}")
                    name, type_, req, default, desc = pm.groups()
                    required = req == "required"
                    if not required and default is None:
                        raise QueryError(f"{path.name}:{lineno}: param {name} needs 'required' or '= default'")
                    head["params"].append(Param(name, type_, required,
                                                None if required else _parse_default(type_, default), desc))
                else:
                    cm = _COLUMN.match(rest)
                    if not cm or cm.group(2) not in COLUMN_TYPES:
                        raise QueryError(f"{path.name}:{lineno}: bad column line {rest!r}")
                    head["columns"].append(Column(*cm.groups()))
            elif content and last == "description":
                head["description"].append(content)
            continue
        in_header = False
        body.append(line)
    text = _render("\n".join(body)).strip()
    if not text:
        raise QueryError(f"{path.name}: no Cypher after the header")
    if not head["columns"]:
        raise QueryError(f"{path.name}: the header declares no columns")
    return head, text


@functools.lru_cache(maxsize=1)
def _load_all() -> dict[str, NamedQuery]:
    groups: dict[str, dict[str, Path]] = {}
    for p in sorted(NAMED_DIR.glob("*.cypher")):
        parts = p.name[: -len(".cypher")].split(".")
        name, dialect = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "*")
        if dialect not in (*DIALECTS, "*"):
            raise QueryError(f"{p.name}: unknown dialect suffix {dialect!r}")
        groups.setdefault(name, {})[dialect] = p
    out: dict[str, NamedQuery] = {}
    for name, files in groups.items():
        if "*" in files and len(files) > 1:
            raise QueryError(f"{name}: has both a common file and dialect variants")
        if "*" not in files and set(files) != set(DIALECTS):
            raise QueryError(f"{name}: dialect variants must exist for both {DIALECTS}")
        parsed = {d: _parse(p) for d, p in files.items()}
        head = parsed.get("*", parsed.get("ladybug"))[0]
        for d, (h, _) in parsed.items():
            if h != head:
                raise QueryError(f"{name}: the headers of its dialect variants differ ({d})")
        texts = ({d: parsed["*"][1] for d in DIALECTS} if "*" in parsed else {d: parsed[d][1] for d in DIALECTS})
        for d, t in texts.items():
            declared = {p.name for p in head["params"]}
            used, produced = set(), set()
            for st in stages(t):
                names = param_names(st)
                missing = names - declared - produced
                if missing:
                    raise QueryError(f"{name} ({d}): parameters used but not declared {sorted(missing)}")
                used |= names
                produced |= _returned(st)
            if not declared <= used:
                raise QueryError(f"{name} ({d}): parameters declared but not used {sorted(declared - used)}")
        out[name] = NamedQuery(name=name, description=" ".join(head["description"]),
                               params=tuple(head["params"]), columns=tuple(head["columns"]),
                               examples=tuple(head["examples"]), texts=texts,
                               files=tuple(str(p.relative_to(NAMED_DIR.parent.parent)) for p in files.values()))
    return out


def stages(text: str) -> list[str]:
    """A query text's statements (see the module docstring): split at lines holding only ``;``."""
    out, cur = [], []
    for line in text.splitlines():
        if line.strip() == ";":
            out.append("\n".join(cur).strip())
            cur = []
        else:
            cur.append(line)
    out.append("\n".join(cur).strip())
    return [x for x in out if x]


def param_names(text: str) -> set[str]:
    """The ``$parameters`` a Cypher text uses."""
    return set(re.findall(r"\$(\w+)", text))


def _returned(stage: str) -> set[str]:
    """Column names of a stage's final RETURN (``AS name``)."""
    tail = stage[stage.upper().rfind("RETURN"):]
    return set(re.findall(r"\bAS\s+(\w+)", tail, flags=re.IGNORECASE))


# ------------------------------------------------------------------ API
def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [q for _, q in sorted(_load_all().items())]


def get(name: str) -> NamedQuery:
    """The named query ``name`` (QueryError with close matches when unknown)."""
    qs = _load_all()
    if name not in qs:
        close = difflib.get_close_matches(name, qs, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `kg query --list`"
        raise QueryError(f"no named query {name!r}{hint}")
    return qs[name]


def describe(name: str) -> str:
    """Human-readable description: text, parameters (type, default), output columns, examples."""
    q = get(name)
    lines = [f"{q.name} — {q.description}", "", "parameters:"]
    for p in q.params:
        d = "required" if p.required else f"default {json.dumps(p.default, ensure_ascii=False)}"
        lines.append(f"  {p.name} ({p.type}, {d}): {p.description}")
    if not q.params:
        lines.append("  (none)")
    lines += ["", "columns:"]
    lines += [f"  {c.name} ({c.type}): {c.description}" for c in q.columns]
    if q.examples:
        lines += ["", "example:"] + [f"  {e}" for e in q.examples]
    if q.has_variants:
        lines += ["", "dialect variants: " + ", ".join(q.files)]
    return "\n".join(lines)


_TRUE = {"true", "1", "yes", "y", "t", "on"}
_FALSE = {"false", "0", "no", "n", "f", "off"}


def _coerce_param(type_: str, v: Any, name: str) -> Any:
    try:
        if type_ == "STRING":
            if isinstance(v, (list, dict)):
                raise ValueError("a single value is expected")
            return "" if v is None else str(v)
        if type_ == "INT":
            if isinstance(v, bool):
                raise ValueError("not a number")
            if isinstance(v, float) and not v.is_integer():
                raise ValueError("not a whole number")
            return int(str(v).strip()) if not isinstance(v, (int, float)) else int(v)
        if type_ == "FLOAT":
            if isinstance(v, bool):
                raise ValueError("not a number")
            f = float(v)
            if math.isnan(f):
                raise ValueError("not a number")
            return f
        if type_ == "BOOL":
            if isinstance(v, bool):
                return v
            s = str(v).strip().lower()
            if s in _TRUE:
                return True
            if s in _FALSE:
                return False
            raise ValueError("expected true/false")
        if type_ == "LIST":
            if v is None or v == "":
                return []
            if isinstance(v, (list, tuple)):
                return [str(x) for x in v]
            return [x.strip() for x in str(v).split(",") if x.strip()]
    except (TypeError, ValueError) as e:
        raise QueryError(f"parameter {name}: {v!r} is not a valid {type_} ({e})") from None
    raise QueryError(f"parameter {name}: unknown type {type_}")


def coerce_params(name: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """Check and convert parameters for query ``name``: unknown names and missing required ones are
    errors; values are converted to the declared types ('5' → 5 for INT, 'a,b' → ['a','b'] for LIST);
    defaults fill the rest."""
    q = get(name)
    params = dict(params or {})
    known = {p.name for p in q.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise QueryError(f"{name}: unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known)) or 'none'}")
    out = {}
    for p in q.params:
        if p.name in params and params[p.name] is not None:
            out[p.name] = _coerce_param(p.type, params[p.name], p.name)
            if p.required and p.type == "STRING" and out[p.name] == "":
                raise QueryError(f"{name}: parameter {p.name} must not be empty")
        elif p.required:
            raise QueryError(f"{name}: missing required parameter {p.name} ({p.type}): {p.description}")
        else:
            out[p.name] = p.default
    return out


def _sort_key(x: Any) -> tuple:
    return (x is None, str(type(x).__name__), x if x is not None else "")


def _coerce_value(type_: str, v: Any) -> Any:
    if v is None:
        return [] if type_ in ("LIST", "PATH") else None
    if type_ == "INT":
        return int(v)
    if type_ == "FLOAT":
        return round(float(v), FLOAT_DIGITS)
    if type_ == "BOOL":
        return bool(v)
    if type_ == "STRING":
        return v if isinstance(v, str) else str(v)
    if type_ == "LIST":
        vals = [x for x in (v if isinstance(v, list) else [v]) if x is not None]
        return sorted(vals, key=_sort_key)
    if type_ == "PATH":
        return list(v)
    return v


def to_frame(rows: list[dict], columns: tuple[Column, ...] | list[Column]) -> pd.DataFrame:
    """Rows → DataFrame with the declared columns (in order) and values coerced to declared types.

    INT columns use pandas' nullable ``Int64``, FLOAT ``float64``; every other column is ``object`` so
    missing values stay ``None`` and lists stay Python lists.
    """
    data = {}
    for c in columns:
        vals = [_coerce_value(c.type, r.get(c.name)) for r in rows]
        if c.type == "INT":
            data[c.name] = pd.Series(vals, dtype="Int64")
        elif c.type == "FLOAT":
            data[c.name] = pd.Series([float("nan") if v is None else v for v in vals], dtype="float64")
        else:
            data[c.name] = pd.Series(vals, dtype=object)
    return pd.DataFrame(data, columns=[c.name for c in columns])


def run(store, name: str, params: dict[str, Any] | None = None, *, limit: int | None = None,
        timeout: float | None = None) -> pd.DataFrame:
    """Run named query ``name`` on ``store`` with ``params`` (coerced, defaults filled) → DataFrame.

    ``limit`` caps the rows the store may return (default: the store's KG_MAX_ROWS). All values travel
    as query parameters; nothing is formatted into the Cypher text.
    """
    q = get(name)
    bound = coerce_params(name, params)
    *first, last = stages(q.text(store.dialect))
    with store.snapshot() as s:
        for st in first:
            got = s.read(st, _used(st, bound), limit=2, timeout=timeout)
            if len(got) != 1:
                raise QueryError(f"{name}: a stage returned {len(got)} rows, not 1")
            bound = {**bound, **got[0]}
        rows = s.read(last, _used(last, bound), limit=limit, timeout=timeout)
    return to_frame(rows, q.columns)


def _used(stage: str, params: dict[str, Any]) -> dict[str, Any]:
    names = param_names(stage)
    return {k: v for k, v in params.items() if k in names}


def records(df: pd.DataFrame) -> list[dict]:
    """DataFrame → list of plain dicts (pandas NA → None), for JSON output and comparisons."""
    out = []
    for r in df.to_dict(orient="records"):
        out.append({k: (None if _isna(v) else (int(v) if hasattr(v, "item") and isinstance(v.item(), int) else v))
                    for k, v in r.items()})
    return out


def _isna(v: Any) -> bool:
    if isinstance(v, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
