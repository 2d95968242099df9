"""`kg check` — the graph's own integrity report (#23). Read-only: it never changes the graph.

Four checks, each a list of findings (kind, where, count, up to five examples):

* ``endpoints`` — relationships whose (start label, end label) is not a pair ``kg/schema.py`` declares
  for their type. LadybugDB's REL tables refuse such a relationship on write; Neo4j does not.
* ``provenance`` — nodes and relationships with no provenance statement at all (no ``source`` and
  ``extractor``, no ``provenance`` list: :func:`kg.records.statements_of` gives ``[]``).
* ``evidence`` — statements citing a *text* document (a ``Document`` whose file is Markdown, text,
  DOCX, PDF or HTML — curriculum, policy, firm profiles) whose evidence is not an exact substring of
  that document's text (:func:`ingest.readers.read_document`, the text the extractors read), or whose
  locator gives offsets (``chars a-b``) where the text is not the evidence. A ``Document``'s own
  evidence is its path. Statements citing table rows (reference tables ``ref:…``, job-post and
  partnership files) are counted as not checked: their evidence is a rendering of the row's cells.
  A text document that cannot be read any more (moved, deleted) is a finding too.
* ``keys`` — duplicate node keys: two nodes of one label whose keys are equal after Unicode NFKC,
  trimming and case folding (``广东省`` and ``广东省 ``, ``ＡＢＣ`` and ``abc``) — the stores' unique
  keys cannot see these — and empty keys.

:func:`check` returns the report; ``report["ok"]`` is true when every list is empty. The CLI
(`kg check`) prints it and exits 1 when something is wrong.

Example::

    >>> from kg.store import open_store
    >>> check(open_store(read_only=True))["ok"]
    True
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from kg import schema
from kg.records import statements_of
from ingest.readers import ReadError, read_document

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".xhtml"}
PROV_COLUMNS = ("source", "sources", "evidence", "extractor", "confidence", "locator", "provenance")
_CHARS = re.compile(r"(?:^|\s)chars (\d+)-(\d+)$")
EXAMPLES = 5


def _finding(kind: str, where: str, count: int, examples: list) -> dict:
    return {"kind": kind, "where": where, "count": count, "examples": examples[:EXAMPLES]}


def _label_expr(store, var: str) -> str:
    return f"label({var})" if store.dialect == "ladybug" else f"labels({var})[0]"


# ------------------------------------------------------------------ endpoints
def check_endpoints(store) -> list[dict]:
    """Relationships whose endpoint labels break the schema's declared pairs."""
    out = []
    la, lb = _label_expr(store, "a"), _label_expr(store, "b")
    for t in schema.RELS:
        rows = store.read(f"MATCH (a)-[r:{t.type}]->(b) RETURN {la} AS a, {lb} AS b, count(*) AS n", limit=None)
        allowed = set(t.pairs)
        for r in rows:
            if (r["a"], r["b"]) not in allowed:
                out.append(_finding("endpoints", f"{t.type} ({r['a']})->({r['b']})", int(r["n"]),
                                    [f"allowed: {', '.join(f'{a}->{b}' for a, b in t.pairs)}"]))
    return out


# ------------------------------------------------------------------ provenance
def _prov_return(var: str) -> str:
    return ", ".join(f"{var}.{c} AS {c}" for c in PROV_COLUMNS)


def _each_fact(store) -> Any:
    """(where, identity, provenance columns) of every node and relationship, table by table."""
    for n in schema.NODES:
        q = f"MATCH (x:{n.label}) RETURN x.{n.key} AS k, {_prov_return('x')}"
        for r in store.read(q, limit=None):
            yield n.label, f"{n.label} {r['k']}", r
    for t in schema.RELS:
        for a, b in t.pairs:
            q = (f"MATCH (p:{a})-[x:{t.type}]->(o:{b}) RETURN p.{schema.key_of(a)} AS s, o.{schema.key_of(b)} AS e, "
                 f"{_prov_return('x')}")
            for r in store.read(q, limit=None):
                yield t.type, f"({a} {r['s']})-[{t.type}]->({b} {r['e']})", r


# ------------------------------------------------------------------ evidence
class _Texts:
    """Document id → (path, text or None, why unreadable) for text documents, read once each."""

    def __init__(self, store, roots: list[Path]):
        self.docs = {r["id"]: r["path"] for r in store.read(
            "MATCH (d:Document) RETURN d.id AS id, d.path AS path", limit=None)}
        self.roots = roots
        self._text: dict[str, tuple[str | None, str | None]] = {}

    def _resolve(self, path: str) -> Path | None:
        p = Path(path.split("#", 1)[0])
        if p.is_absolute():
            return p
        for root in self.roots:
            if (root / p).exists():
                return root / p
        return None

    def is_text_document(self, doc_id: str) -> bool:
        path = self.docs.get(doc_id)
        return bool(path) and Path(path.split("#", 1)[0]).suffix.lower() in TEXT_SUFFIXES

    def text(self, doc_id: str) -> tuple[str | None, str | None]:
        if doc_id not in self._text:
            path = self._resolve(self.docs[doc_id])
            if path is None or not path.is_file():
                self._text[doc_id] = (None, f"file not found: {self.docs[doc_id]}")
            else:
                try:
                    self._text[doc_id] = (read_document(path).text, None)
                except (ReadError, OSError) as e:
                    self._text[doc_id] = (None, f"cannot read {path}: {str(e).splitlines()[0] if str(e) else e}")
        return self._text[doc_id]


def _evidence_problem(stmt: dict, texts: _Texts) -> str | None:
    text, why = texts.text(stmt["source"])
    if text is None:
        return why
    ev = stmt["evidence"]
    m = _CHARS.search(stmt.get("locator") or "")
    if m and text[int(m.group(1)):int(m.group(2))] != ev:
        if ev in text:
            return f"evidence {ev[:40]!r} is in the document but not at {m.group(0).strip()}"
        return f"evidence {ev[:40]!r} is not in the document (locator {stmt.get('locator')})"
    if ev not in text:
        return f"evidence {ev[:40]!r} is not in the document"
    return None


# ------------------------------------------------------------------ keys
def _norm(key: Any) -> str:
    return unicodedata.normalize("NFKC", str(key)).strip().casefold()


def check(store, *, reference_data: str | Path | None = None,
          progress: Callable[[str], None] | None = None) -> dict:
    """The integrity report of the graph in ``store`` (see the module doc). ``reference_data``: the
    folder relative document paths are read from (default: the configured reference folder); the
    repository root is tried after it."""
    from kg.config import REPO_ROOT, settings

    roots = [Path(reference_data or settings().reference_data), Path(REPO_ROOT)]
    texts = _Texts(store, roots)
    say = progress or (lambda _msg: None)

    say("endpoints")
    endpoints = check_endpoints(store)
    say("provenance, evidence and keys")
    no_prov: dict[str, list] = defaultdict(list)
    bad_ev: dict[tuple[str, str], list] = defaultdict(list)
    keys: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    counted = {"facts": 0, "statements": 0, "evidence_checked": 0, "evidence_not_checked_table_rows": 0}
    for where, ident, row in _each_fact(store):
        counted["facts"] += 1
        if where in schema.NODE_BY_LABEL:
            k = row["k"]
            keys[where][_norm(k) if k is not None else ""].append(k)
        stmts = [json.loads(s) for s in statements_of(row)]
        if not stmts:
            no_prov[where].append(ident)
            continue
        for s in stmts:
            counted["statements"] += 1
            src, ev = s.get("source"), s.get("evidence")
            if not ev or not src:
                continue
            if where == "Document":
                if texts.docs.get(src) is not None and ev != texts.docs[src]:
                    bad_ev[(where, s.get("extractor", "?"))].append(f"{ident}: evidence {ev[:40]!r} is not its path")
                continue
            if src in texts.docs and texts.is_text_document(src):
                counted["evidence_checked"] += 1
                problem = _evidence_problem(s, texts)
                if problem:
                    bad_ev[(where, s.get("extractor", "?"))].append(f"{ident}: {problem}")
            else:
                counted["evidence_not_checked_table_rows"] += 1
    provenance = [_finding("provenance", w, len(v), v) for w, v in sorted(no_prov.items())]
    evidence = [_finding("evidence", f"{w} by {x}", len(v), v) for (w, x), v in sorted(bad_ev.items())]
    dup = []
    for label, groups in sorted(keys.items()):
        for norm, originals in groups.items():
            if norm == "":
                dup.append(_finding("keys", f"{label} empty key", len(originals), [repr(o) for o in originals]))
            elif len(originals) > 1:
                dup.append(_finding("keys", f"{label} duplicate key", len(originals), [repr(o) for o in originals]))
    report = {"endpoints": endpoints, "provenance": provenance, "evidence": evidence, "keys": dup,
              "counted": counted}
    report["ok"] = not any(report[k] for k in ("endpoints", "provenance", "evidence", "keys"))
    return report


def summary_lines(report: dict) -> list[str]:
    """The report as short lines (one per finding, then the totals)."""
    lines = []
    for k in ("endpoints", "provenance", "evidence", "keys"):
        for f in report[k]:
            ex = "; ".join(str(e)[:160] for e in f["examples"][:2])
            lines.append(f"{k}: {f['where']}: {f['count']}" + (f" — e.g. {ex}" if ex else ""))
    c = report["counted"]
    lines.append(f"checked {c['facts']} facts, {c['statements']} statements; evidence checked against its text "
                 f"document {c['evidence_checked']}, table-row evidence not checked {c['evidence_not_checked_table_rows']}")
    lines.append("ok" if report["ok"] else
                 f"FAILED: {sum(len(report[k]) for k in ('endpoints', 'provenance', 'evidence', 'keys'))} findings")
    return lines
