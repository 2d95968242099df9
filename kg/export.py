"""Exports of the whole graph (or the nodes of some labels and the relationships among them):
Turtle, JSON-LD, N-Triples, GraphML and CSV — streamed, so memory stays bounded.

Streaming: nodes are read label by label in pages ordered by key (``WHERE n.key > $after ORDER BY
n.key LIMIT $n`` — keyset paging, the same on both stores); relationships type by type and endpoint
pair by pair, ordered by (start key, end key). Each page is turned into text and written before the
next is read. Output goes to ``PATH.partial`` (a folder for CSV) and is renamed when complete, so a
failed export never leaves a file that looks finished.

RDF (ttl / nt / jsonld): the mapping is :mod:`kg.rdf` — nodes, asserted relationship triples,
reified ``rdf:Statement`` s for relationship properties, provenance as PROV-O qualified derivations.
The writers here encode terms themselves (one escaping function, exact lexical forms: doubles are
written with Python's shortest round-trip ``repr`` — rdflib's Turtle serializer rounds them to 7
digits) and rdflib parses the result back (``kg validate``, ``kg ingest --kind rdf``).

GraphML: node id ``Label/key``; attributes ``kg_label``, ``kg_key``, ``label`` (name, for Gephi)
and every declared property (lists and provenance as JSON text). Loads with ``networkx.read_graphml``.
Characters XML 1.0 cannot carry (control characters) are replaced by U+FFFD and counted.

CSV: a folder with ``nodes/<Label>.csv``, ``relationships/<TYPE>.csv`` and ``manifest.json`` (files,
columns and their types, row counts). Cells: empty = no value; lists and provenance are JSON; booleans
``true``/``false``. UTF-8 with a BOM (Excel opens it). An empty string value is exported as an
empty cell and so comes back as "no value" (the RDF formats keep it).
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from xml.sax.saxutils import escape as _xml_escape, quoteattr as _xml_attr

from kg import rdf, schema
from kg.records import with_statements

FORMATS = ("ttl", "jsonld", "nt", "graphml", "csv")
SUFFIX = {"ttl": ".ttl", "jsonld": ".jsonld", "nt": ".nt", "graphml": ".graphml", "csv": ""}
BATCH = 2000
CSV_ENCODING = "utf-8-sig"


class ExportError(ValueError):
    """A user error (bad format, unknown label, output in the way): one clear line."""


# --------------------------------------------------------------------- reading the store in pages
def iter_node_pages(store, label: str, batch: int = BATCH) -> Iterator[list[dict]]:
    """Pages of node rows (all stored properties; ``provenance``/``sources`` filled in for single-statement
    facts too, :func:`kg.records.with_statements`) ordered by key."""
    key = schema.key_of(label)
    q = f"MATCH (n:{label}) WHERE n.{key} > $after RETURN n ORDER BY n.{key} LIMIT $lim"
    after = ""
    while True:
        rows = store.read(q, {"after": after, "lim": batch}, limit=None)
        if not rows:
            return
        page = [with_statements({k: v for k, v in r["n"].items() if not k.startswith("_")}) for r in rows]
        yield page
        if len(rows) < batch:
            return
        after = page[-1][key]


def iter_rel_pages(store, type_: str, start: str, end: str, batch: int = BATCH) -> Iterator[list[dict]]:
    """Pages of relationship rows ``{"from", "to", **props}`` (as :func:`iter_node_pages`) ordered by
    (start key, end key)."""
    sk, ek = schema.key_of(start), schema.key_of(end)
    q = (f"MATCH (a:{start})-[r:{type_}]->(b:{end}) WHERE a.{sk} > $af OR (a.{sk} = $af AND b.{ek} > $bt) "
         f"RETURN a.{sk} AS f, b.{ek} AS t, r ORDER BY f, t LIMIT $lim")
    af, bt = "", ""
    while True:
        rows = store.read(q, {"af": af, "bt": bt, "lim": batch}, limit=None)
        if not rows:
            return
        page = [with_statements({"from": r["f"], "to": r["t"],
                                 **{k: v for k, v in (r["r"] or {}).items() if not k.startswith("_")}})
                for r in rows]
        yield page
        if len(rows) < batch:
            return
        af, bt = page[-1]["from"], page[-1]["to"]


def selection(labels: Iterable[str] | None) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Labels to export and the (type, start, end) relationship tables among them."""
    if labels:
        wanted = []
        for item in labels:
            for lbl in str(item).split(","):
                lbl = lbl.strip()
                if not lbl:
                    continue
                if lbl not in schema.NODE_BY_LABEL:
                    raise ExportError(f"unknown label {lbl!r}; known: {', '.join(schema.LABELS)}")
                if lbl not in wanted:
                    wanted.append(lbl)
        chosen = [lbl for lbl in schema.LABELS if lbl in wanted]
    else:
        chosen = list(schema.LABELS)
    keep = set(chosen)
    rels = [(r.type, a, b) for r in schema.RELS for a, b in r.pairs if a in keep and b in keep]
    return chosen, rels


# --------------------------------------------------------------------- term encoding (Turtle / N-Triples)
_CTRL = {i: f"\\u{i:04X}" for i in list(range(0x20)) + [0x7F]}
_CTRL.update({0x5C: "\\\\", 0x22: '\\"', 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"})


def quote_string(s: str) -> str:
    """A Turtle/N-Triples string literal (single line; quotes, backslashes and controls escaped)."""
    return '"' + s.translate(_CTRL) + '"'


class _Terms:
    def __init__(self, v: rdf.Vocab, prefixes: bool):
        self.v = v
        self.prefixes = {
            "kg": str(v.KG), "rdf": str(rdf.RDF), "rdfs": str(rdf.RDFS), "xsd": str(rdf.XSD),
            "skos": str(rdf.SKOS), "prov": str(rdf.PROV), "schema": str(rdf.SDO), "owl": str(rdf.OWL),
        } if prefixes else {}
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        got = self._cache.get(iri)
        if got is not None:
            return got
        out = f"<{iri}>"
        for p, ns in self.prefixes.items():
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", iri[len(ns):]):
                out = f"{p}:{iri[len(ns):]}"
                break
        if len(self._cache) < 10000:
            self._cache[iri] = out
        return out

    def lit(self, lit: rdf.Lit) -> str:
        s = quote_string(lit.lex)
        if lit.lang:
            return f"{s}@{lit.lang}"
        if lit.dt and lit.dt != str(rdf.XSD.string):
            return f"{s}^^{self.iri(lit.dt)}"
        return s


class _TurtleWriter:
    def __init__(self, f, v: rdf.Vocab):
        self.f, self.t, self.triples = f, _Terms(v, True), 0
        for p, ns in self.t.prefixes.items():
            f.write(f"@prefix {p}: <{ns}> .\n")
        f.write("\n")

    def _obj(self, o: Any) -> str:
        if isinstance(o, rdf.IRI):
            return self.t.iri(o)
        if isinstance(o, list):
            self.triples += 2 * len(o)
            return "( " + " ".join(self.t.lit(x) for x in o) + " )" if o else "()"
        return self.t.lit(o)

    def write(self, resources: list[rdf.Resource]) -> None:
        out = []
        for r in resources:
            if not r.pairs:
                continue
            lines = []
            for p, o in r.pairs:
                pred = "a" if p == rdf.RDF_TYPE else self.t.iri(p)
                lines.append(f"{pred} {self._obj(o)}")
                self.triples += 1
            out.append(self.t.iri(r.iri) + " " + " ;\n    ".join(lines) + " .\n")
        self.f.write("".join(out))

    def close(self) -> None:
        pass


class _NTriplesWriter:
    def __init__(self, f, v: rdf.Vocab):
        self.f, self.t, self.triples, self._bn = f, _Terms(v, False), 0, 0
        self._first, self._rest, self._nil = (f"<{rdf.RDF.first}>", f"<{rdf.RDF.rest}>", f"<{rdf.RDF.nil}>")

    def write(self, resources: list[rdf.Resource]) -> None:
        out = []
        for r in resources:
            s = f"<{r.iri}>"
            for p, o in r.pairs:
                if isinstance(o, rdf.IRI):
                    out.append(f"{s} <{p}> <{o}> .\n")
                elif isinstance(o, list):
                    nodes = []
                    for _ in o:
                        self._bn += 1
                        nodes.append(f"_:l{self._bn}")
                    out.append(f"{s} <{p}> {nodes[0] if nodes else self._nil} .\n")
                    for i, x in enumerate(o):
                        out.append(f"{nodes[i]} {self._first} {self.t.lit(x)} .\n")
                        out.append(f"{nodes[i]} {self._rest} {nodes[i + 1] if i + 1 < len(nodes) else self._nil} .\n")
                    self.triples += 2 * len(o)
                else:
                    out.append(f"{s} <{p}> {self.t.lit(o)} .\n")
                self.triples += 1
        self.f.write("".join(out))

    def close(self) -> None:
        pass


class _JsonLdWriter:
    """A JSON-LD document ``{"@context": …, "@graph": [ … ]}`` written object by object."""

    def __init__(self, f, v: rdf.Vocab):
        self.f, self.v, self.triples, self._n = f, v, 0, 0
        self.t = _Terms(v, True)
        ctx = dict(self.t.prefixes)
        f.write('{"@context": ' + json.dumps(ctx) + ',\n "@graph": [\n')

    def _key(self, iri: str) -> str:
        q = self.t.iri(iri)
        return q[1:-1] if q.startswith("<") else q

    def _lit(self, x: rdf.Lit) -> Any:
        if x.lang:
            return {"@value": x.lex, "@language": x.lang}
        if x.dt and x.dt != str(rdf.XSD.string):
            return {"@value": x.lex, "@type": self._key(x.dt)}
        return x.lex

    def write(self, resources: list[rdf.Resource]) -> None:
        parts = []
        for r in resources:
            if not r.pairs:
                continue
            obj: dict[str, Any] = {"@id": r.iri}
            for p, o in r.pairs:
                self.triples += 1
                if p == rdf.RDF_TYPE:
                    obj.setdefault("@type", []).append(self._key(o))
                    continue
                if isinstance(o, rdf.IRI):
                    val: Any = {"@id": str(o)}
                elif isinstance(o, list):
                    self.triples += 2 * len(o)
                    val = {"@list": [self._lit(x) for x in o]}
                else:
                    val = self._lit(o)
                obj.setdefault(self._key(p), []).append(val)
            parts.append(json.dumps(obj, ensure_ascii=False))
        if parts:
            self.f.write((",\n" if self._n else "") + ",\n".join(parts))
            self._n += len(parts)

    def close(self) -> None:
        self.f.write("\n]}\n")


# --------------------------------------------------------------------- GraphML
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GML_TYPE = {schema.STRING: "string", schema.INT: "long", schema.FLOAT: "double", schema.BOOL: "boolean",
             schema.STRINGS: "string"}


def _union_props(items: Iterable[dict[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for props in items:
        for p, t in props.items():
            if out.setdefault(p, t) != t:
                raise ExportError(f"property {p!r} has two types ({out[p]}, {t}); GraphML needs one")
    return out


class _GraphMLWriter:
    def __init__(self, f, v: rdf.Vocab):
        self.f, self.replaced, self.triples = f, 0, 0
        self.node_props = _union_props(n.all_props for n in schema.NODES)
        self.edge_props = _union_props(r.all_props for r in schema.RELS)
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for k in ("kg_label", "kg_key", "label"):
            f.write(f'  <key id="n_{k}" for="node" attr.name="{k}" attr.type="string"/>\n')
        for p, t in self.node_props.items():
            f.write(f'  <key id="n_{p}" for="node" attr.name="{p}" attr.type="{_GML_TYPE[t]}"/>\n')
        for k in ("kg_type", "label"):
            f.write(f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="string"/>\n')
        for p, t in self.edge_props.items():
            f.write(f'  <key id="e_{p}" for="edge" attr.name="{p}" attr.type="{_GML_TYPE[t]}"/>\n')
        f.write('  <graph id="kg" edgedefault="directed">\n')

    def _clean(self, s: str) -> str:
        s, n = _XML_BAD.subn("\ufffd", s)
        self.replaced += n
        return s

    def _text(self, s: str) -> str:
        return _xml_escape(self._clean(s))

    def _value(self, p: str, t: str, v: Any) -> str:
        if p == "provenance":
            return json.dumps([json.loads(x) for x in v], ensure_ascii=False)
        if t == schema.STRINGS:
            return json.dumps(list(v), ensure_ascii=False)
        if t == schema.BOOL:
            return "true" if v else "false"
        if t == schema.FLOAT:
            return repr(float(v))
        return str(v)

    def _data(self, prefix: str, props: dict[str, str], row: dict) -> str:
        return "".join(f'<data key="{prefix}_{p}">{self._text(self._value(p, t, row[p]))}</data>'
                       for p, t in props.items() if row.get(p) is not None)

    def nodes(self, label: str, rows: list[dict]) -> None:
        nt = schema.node(label)
        out = []
        for r in rows:
            key = str(r[nt.key])
            display = next((r[p] for p in nt.search if r.get(p) not in (None, "", [])), key)
            if isinstance(display, list):
                display = display[0]
            out.append(f"    <node id={_xml_attr(self._clean(f'{label}/{key}'))}>"
                       f'<data key="n_kg_label">{label}</data><data key="n_kg_key">{self._text(key)}</data>'
                       f'<data key="n_label">{self._text(str(display))}</data>'
                       f"{self._data('n', nt.all_props, r)}</node>\n")
        self.f.write("".join(out))

    def rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        rt = schema.rel(type_)
        out = []
        for r in rows:
            a, b = self._clean(f"{start}/{r['from']}"), self._clean(f"{end}/{r['to']}")
            out.append(f"    <edge id={_xml_attr(f'{type_}:{a}->{b}')} source={_xml_attr(a)} target={_xml_attr(b)}>"
                       f'<data key="e_kg_type">{type_}</data><data key="e_label">{type_}</data>'
                       f"{self._data('e', rt.all_props, r)}</edge>\n")
        self.f.write("".join(out))

    def close(self) -> None:
        self.f.write("  </graph>\n</graphml>\n")


# --------------------------------------------------------------------- CSV
def encode_cell(value: Any, type_: str, prop: str = "") -> str:
    if value is None:
        return ""
    if prop == "provenance":
        return json.dumps([json.loads(x) if isinstance(x, str) else x for x in value], ensure_ascii=False)
    if type_ == schema.STRINGS:
        return json.dumps(list(value), ensure_ascii=False)
    if type_ == schema.BOOL:
        return "true" if value else "false"
    if type_ == schema.FLOAT:
        return repr(float(value))
    if type_ == schema.INT:
        return str(int(value))
    return str(value)


def decode_cell(text: str, type_: str, prop: str = "") -> Any:
    """The inverse of :func:`encode_cell` (raises ValueError naming the problem)."""
    if text == "":
        return None
    if prop == "provenance":
        items = json.loads(text)
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise ValueError("provenance must be a JSON array of objects")
        return items
    if type_ == schema.STRINGS:
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("must be a JSON array")
        return [str(x) for x in items]
    if type_ == schema.BOOL:
        t = text.strip().lower()
        if t not in ("true", "false", "1", "0"):
            raise ValueError(f"not a boolean: {text!r}")
        return t in ("true", "1")
    if type_ == schema.FLOAT:
        return float(text)
    if type_ == schema.INT:
        return int(text)
    return text


REL_ENDPOINT_COLS = ("start_label", "start_key", "end_label", "end_key")


def node_columns(label: str) -> dict[str, str]:
    return dict(schema.node(label).all_props)


def rel_columns(type_: str) -> dict[str, str]:
    return {**{c: schema.STRING for c in REL_ENDPOINT_COLS}, **schema.rel(type_).all_props}


class _CsvWriter:
    def __init__(self, folder: Path, v: rdf.Vocab, labels: list[str], rels: list[tuple[str, str, str]]):
        self.folder, self.v = folder, v
        (folder / "nodes").mkdir(parents=True)
        (folder / "relationships").mkdir(parents=True)
        self._files: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        self.triples = 0
        for lbl in labels:
            self._open(f"nodes/{lbl}.csv", node_columns(lbl))
        for t in dict.fromkeys(t for t, _, _ in rels):
            self._open(f"relationships/{t}.csv", rel_columns(t))
        self.labels, self.types = labels, list(dict.fromkeys(t for t, _, _ in rels))

    def _open(self, name: str, cols: dict[str, str]) -> None:
        fh = open(self.folder / name, "w", encoding=CSV_ENCODING, newline="")
        w = csv.writer(fh)
        w.writerow(list(cols))
        self._files[name] = (fh, w, cols)
        self.counts[name] = 0

    def nodes(self, label: str, rows: list[dict]) -> None:
        fh, w, cols = self._files[f"nodes/{label}.csv"]
        w.writerows([encode_cell(r.get(c), t, c) for c, t in cols.items()] for r in rows)
        self.counts[f"nodes/{label}.csv"] += len(rows)

    def rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        fh, w, cols = self._files[f"relationships/{type_}.csv"]
        for r in rows:
            full = {"start_label": start, "start_key": r["from"], "end_label": end, "end_key": r["to"], **r}
            w.writerow([encode_cell(full.get(c), t, c) for c, t in cols.items()])
        self.counts[f"relationships/{type_}.csv"] += len(rows)

    def close(self) -> None:
        for fh, _, _ in self._files.values():
            fh.close()
        manifest = {
            "format": "kg-csv-export",
            "version": 1,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "iri_base": self.v.base,
            "encoding": f"{CSV_ENCODING} (UTF-8 with a byte-order mark), RFC 4180 quoting",
            "cells": "empty = no value; STRING[] and provenance are JSON arrays; BOOLEAN true/false; "
                     "source/sources/evidence/extractor/confidence/locator are derived from provenance",
            "nodes": {lbl: {"file": f"nodes/{lbl}.csv", "key": schema.key_of(lbl),
                            "rows": self.counts[f"nodes/{lbl}.csv"], "columns": node_columns(lbl)}
                      for lbl in self.labels},
            "relationships": {t: {"file": f"relationships/{t}.csv", "rows": self.counts[f"relationships/{t}.csv"],
                                  "pairs": [list(p) for p in schema.rel(t).pairs], "columns": rel_columns(t)}
                              for t in self.types},
        }
        (self.folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                                   encoding="utf-8")


# --------------------------------------------------------------------- driver
def _partial(out: Path) -> Path:
    return out.with_name(f".{out.name}.partial-{os.getpid()}")


def export_graph(store, fmt: str, out: str | Path, labels: Iterable[str] | None = None, *,
                 batch_size: int = BATCH, base: str | None = None,
                 progress: Callable[[str, int], None] | None = None) -> dict:
    """Export the graph (or the given labels and the relationships among them) to ``out``.

    Returns ``{"format", "path", "nodes": {label: n}, "relationships": {type: n}, "triples", "bytes",
    "seconds"}`` (``triples`` for the RDF formats).
    """
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    v = rdf.Vocab(base)
    chosen, rels = selection(labels)
    out = Path(out)
    if fmt == "csv":
        if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "manifest.json").exists())):
            raise ExportError(f"{out} exists and is not an earlier CSV export (no manifest.json); choose another --out")
    elif out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name for --format {fmt}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _partial(out)
    t0 = time.perf_counter()
    stats: dict[str, Any] = {"format": fmt, "path": str(out), "labels": chosen, "nodes": {}, "relationships": {}}
    fh = None
    try:
        if fmt == "csv":
            if tmp.exists():
                shutil.rmtree(tmp)
            writer: Any = _CsvWriter(tmp, v, chosen, rels)
        else:
            fh = open(tmp, "w", encoding="utf-8", newline="\n")
            writer = {"ttl": _TurtleWriter, "nt": _NTriplesWriter, "jsonld": _JsonLdWriter,
                      "graphml": _GraphMLWriter}[fmt](fh, v)
        is_rdf = fmt in ("ttl", "nt", "jsonld")
        for label in chosen:
            n = 0
            for page in iter_node_pages(store, label, batch_size):
                if is_rdf:
                    writer.write([res for row in page for res in rdf.node_resources(v, label, row)])
                else:
                    writer.nodes(label, page)
                n += len(page)
                if progress:
                    progress(label, n)
            stats["nodes"][label] = n
        for type_, start, end in rels:
            n = 0
            if not (stats["nodes"].get(start) and stats["nodes"].get(end)):  # no endpoints, no relationships
                stats["relationships"].setdefault(type_, 0)
                continue
            for page in iter_rel_pages(store, type_, start, end, batch_size):
                if is_rdf:
                    writer.write([res for row in page for res in rdf.rel_resources(v, type_, start, end, row)])
                else:
                    writer.rels(type_, start, end, page)
                n += len(page)
                if progress:
                    progress(type_, n)
            stats["relationships"][type_] = stats["relationships"].get(type_, 0) + n
        writer.close()
        if fh is not None:
            fh.close()
            fh = None
        if fmt == "csv":
            if out.exists():
                shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        if fh is not None:
            fh.close()
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp.exists():
            tmp.unlink()
        raise
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    stats["bytes"] = (sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir()
                      else out.stat().st_size)
    if fmt in ("ttl", "nt", "jsonld"):
        stats["triples"] = writer.triples
    if fmt == "graphml":
        stats["characters_replaced"] = writer.replaced
    return stats
