"""A *proposed* bulk path for the embedded store, measured side by side with the real one.

This is an experiment for the store's owner, not a store: ``kg/store/*`` is not edited from here. It
subclasses :class:`kg.store.embedded.EmbeddedStore` and overrides only the two upserts, keeping their
contract (MERGE semantics, provenance merged by :func:`kg.store.base.merge_props`, skipped endpoints
reported) — ``tests/bench/test_fastpath.py`` checks it stores exactly what the stock store stores.
Each change is one measured bottleneck of the stock path (see BENCHMARKS.md, "Profile"):

1. **One COPY per call, not per 5,000 rows.** LadybugDB's ``COPY`` into a *non-empty* rel table
   rewrites the CSR node groups it touches: 80k rows took 0.9 s into an empty table and 9.2 s into a
   non-empty one. The stock upsert COPYs every 5,000-row chunk separately.
2. **No existing-edge lookup when the (type, start, end) table is empty**, and otherwise a lookup that
   matches both endpoints before the edge: ``MATCH (a)-[r]->(b) WHERE b.key = …`` expands every edge
   of a high-degree start node (20k pairs of Zipf-skewed Firm→JobPosting: 11.0 s vs 0.7 s).
3. **Endpoint existence by key only**, via Arrow (the stock path fetches every column of every
   endpoint, row by row: 1.5 s vs 0.4 s per 20k keys); for large requests the whole key column.
4. **New rows without a JSON round trip** and the Arrow table built column-wise (``merge_props`` +
   ``Table.from_pylist`` cost ~50 µs a row).
"""
from __future__ import annotations

import json
from typing import Any, Iterable

import pyarrow as pa

from kg import schema
from kg.records import Provenance
from kg.store.base import chunks, dedupe_node_rows, dedupe_rel_rows, merge_props
from kg.store.embedded import _ARROW, EmbeddedStore


def _prov_json_fast(p: Any) -> str:
    """Same text as ``Provenance.to_json()`` (sorted keys, no nulls), without pydantic's dump."""
    if isinstance(p, Provenance):
        d = {k: v for k, v in p.__dict__.items() if v is not None}
    elif isinstance(p, dict):
        d = {k: v for k, v in Provenance(**p).__dict__.items() if v is not None}
    else:
        return Provenance(**json.loads(p)).to_json()
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def new_row_props(props: dict[str, str], row: dict, lists: set[str]) -> dict | None:
    """``merge_props(props, None, row, lists)`` for a row with one provenance statement; None otherwise."""
    provs = row.get("_prov") or []
    if len(provs) != 1:
        return None
    out: dict[str, Any] = {}
    for p in props:
        if p in schema.PROVENANCE_PROPS:
            continue
        v = row.get(p)
        if p in lists and v is not None:
            v = list(dict.fromkeys(v))
        out[p] = v
    js = _prov_json_fast(provs[0])
    d = json.loads(js)
    out.update(provenance=[js], sources=[d["source"]], source=d["source"], evidence=d.get("evidence"),
               extractor=d.get("extractor"), confidence=d.get("confidence"), review=row.get("review"))
    return out


def _columns_table(cols: dict[str, str], rows: list[dict], first: list[str]) -> pa.Table:
    names = [*first, *cols]
    types = [pa.string()] * len(first) + [_ARROW[t] for t in cols.values()]
    arrays = [pa.array([r.get(c) for r in rows], type=t) for c, t in zip(names, types)]
    return pa.Table.from_arrays(arrays, schema=pa.schema(list(zip(names, types))))


class FastEmbeddedStore(EmbeddedStore):
    """EmbeddedStore with the proposed bulk path (experiment; same results as the stock store)."""

    WHOLE_COLUMN = 20_000  # above this many keys, read the label's whole key column instead of UNWIND

    def _arrow_rows(self, query: str, params: dict | None = None) -> pa.Table:
        with self._reader() as conn:
            res = self._exec(conn, query, params)
            return res.get_as_arrow()

    def _existing_keys(self, label: str, keys: list[str]) -> set[str]:
        k = schema.key_of(label)
        if len(keys) > self.WHOLE_COLUMN:
            tbl = self._arrow_rows(f"MATCH (n:{label}) RETURN n.{k} AS k")
            return set(keys) & set(tbl.column("k").to_pylist())
        out: set[str] = set()
        for part in chunks(keys, 20_000):
            tbl = self._arrow_rows(f"UNWIND $keys AS x MATCH (n:{label} {{{k}: x}}) RETURN n.{k} AS k",
                                   {"keys": list(part)})
            out.update(tbl.column("k").to_pylist())
        return out

    def _pair_count(self, type_: str, start: str, end: str) -> int:
        with self._reader() as conn:
            r = self._rows(self._exec(conn, f"MATCH (:{start})-[r:{type_}]->(:{end}) RETURN count(r) AS c"))
        return int(r[0]["c"])

    def _fetch_rels_both(self, type_: str, start: str, end: str, pairs: list[tuple[str, str]]) -> dict:
        rt = schema.rel(type_)
        sk, ek = schema.key_of(start), schema.key_of(end)
        ret = ", ".join(f"r.{c} AS {c}" for c in rt.all_props)
        q = (f"UNWIND $pairs AS p MATCH (a:{start} {{{sk}: p.f}}) MATCH (b:{end} {{{ek}: p.t}}) "
             f"MATCH (a)-[r:{type_}]->(b) RETURN p.f AS _f, p.t AS _t, {ret}")
        out: dict = {}
        for part in chunks(pairs):
            with self._reader() as conn:
                res = self._exec(conn, q, {"pairs": [{"f": f, "t": t} for f, t in part]})
                out.update({(r.pop("_f"), r.pop("_t")): r for r in self._rows(res)})
        return out

    def upsert_nodes(self, label: str, rows: Iterable[dict]) -> int:
        nt = schema.node(label)
        merged_in = dedupe_node_rows(label, rows)
        if not merged_in:
            return 0
        props = {**nt.props, **schema.PROVENANCE_PROPS}
        lists = {p for p, t in props.items() if t == schema.STRINGS}
        existing = set() if self._count(label=label) == 0 else self._existing_keys(label, list(merged_in))
        creates = []
        for k, row in merged_in.items():
            if k in existing:
                continue
            m = new_row_props(props, row, lists) or merge_props(props, None, row, lists)
            m[nt.key] = k
            creates.append(m)
        if creates:
            tbl = _columns_table({nt.key: schema.STRING, **props}, creates, [])  # noqa: F841
            self._exec(self._conn, f"COPY {label} FROM tbl")
        for part in chunks([k for k in merged_in if k in existing]):  # updates: the stock path
            old = self._fetch_nodes(label, list(part))
            updates = []
            for k in part:
                m = merge_props(props, old.get(k), merged_in[k], lists)
                m[nt.key] = k
                updates.append(m)
            self._update_nodes(label, updates)
        return len(merged_in)

    def upsert_relationships(self, type_: str, rows: Iterable[dict], start_label: str,
                             end_label: str) -> tuple[int, list[dict]]:
        schema.check_pair(type_, start_label, end_label)
        rt = schema.rel(type_)
        merged_in = dedupe_rel_rows(rows)
        if not merged_in:
            return 0, []
        props = {**rt.props, **schema.PROVENANCE_PROPS}
        lists = {p for p, t in props.items() if t == schema.STRINGS}
        starts = self._existing_keys(start_label, sorted({k[0] for k in merged_in}))
        ends = self._existing_keys(end_label, sorted({k[1] for k in merged_in}))
        skipped, ok = [], []
        for k, row in merged_in.items():
            if k[0] not in starts:
                skipped.append({**row, "reason": f"no {start_label} with key {k[0]!r}"})
            elif k[1] not in ends:
                skipped.append({**row, "reason": f"no {end_label} with key {k[1]!r}"})
            else:
                ok.append((k, row))
        if not ok:
            return 0, skipped
        empty = self._pair_count(type_, start_label, end_label) == 0
        old = {} if empty else self._fetch_rels_both(type_, start_label, end_label, [k for k, _ in ok])
        creates, updates = [], []
        for k, row in ok:
            if k in old:
                m = merge_props(props, old[k], row, lists)
                m["from"], m["to"] = k
                updates.append(m)
            else:
                m = new_row_props(props, row, lists) or merge_props(props, None, row, lists)
                m["from"], m["to"] = k
                creates.append(m)
        if creates:
            tbl = _columns_table(dict(rt.all_props), creates, ["from", "to"])  # noqa: F841
            opts = f' (from="{start_label}", to="{end_label}")' if len(rt.pairs) > 1 else ""
            self._exec(self._conn, f"COPY {type_} FROM tbl{opts}")
        for part in chunks(updates):
            self._update_rels(type_, start_label, end_label, list(part))
        return len(ok), skipped
