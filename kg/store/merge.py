"""Row merging shared by both stores: upsert rows folded per key, provenance statements merged in one
place (:func:`merge_props`) and dumped as JSON exactly as :meth:`kg.records.Provenance.to_json` writes it,
the values a new row gets (:func:`new_props`; column by column: :func:`kg.store.upsert.new_columns`), and
the rows a retraction keeps. Touches no store: the upsert engine (:mod:`kg.store.upsert`) calls these."""
from __future__ import annotations

import datetime as _dt
import decimal
import json
import json.encoder
import math
import operator
from typing import Any, Iterable, Iterator, Sequence

from kg import schema
from kg.records import Provenance, statements_of

BATCH = 5000


def _prov_fields(p: Any) -> dict[str, Any]:
    """A statement's non-null fields (validated), as ``Provenance.to_json`` dumps them."""
    if isinstance(p, str):
        p = json.loads(p)
    if isinstance(p, dict):
        p = Provenance(**p)
    if not isinstance(p, Provenance):
        raise TypeError(f"bad provenance {p!r}")
    return {k: v for k, v in p.__dict__.items() if v is not None}


_PROV_KEYS = tuple(sorted(Provenance.model_fields))  # json.dumps(sort_keys=True) order
_FIVE = _PROV_KEYS == ("confidence", "evidence", "extractor", "locator", "source")  # _dump_prov_fields' layout
_enc_str = json.encoder.encode_basestring  # the encoder json.dumps(ensure_ascii=False) uses


def _dump_prov(d: dict[str, Any]) -> str:
    """``json.dumps(non-null fields of d, ensure_ascii=False, sort_keys=True)`` for a Provenance's
    fields, written directly (strings and finite floats; anything else goes through json.dumps)."""
    out = []
    for k in _PROV_KEYS:
        v = d.get(k)
        if v is None:
            continue
        t = type(v)
        if t is str:
            out.append(f'"{k}": {_enc_str(v)}')
        elif t is float and math.isfinite(v):
            out.append(f'"{k}": {float.__repr__(v)}')
        else:
            return json.dumps({k: v for k, v in d.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    return "{" + ", ".join(out) + "}"


def _dump_prov_fields(d: dict[str, Any]) -> str:
    """:func:`_dump_prov` for a ``Provenance.__dict__`` (every field present; strings, float)."""
    if not _FIVE:
        return _dump_prov(d)
    c, e, x, lo, s = d["confidence"], d["evidence"], d["extractor"], d["locator"], d["source"]
    if type(c) is not float or not math.isfinite(c) or type(x) is not str or type(s) is not str \
            or (e is not None and type(e) is not str) or (lo is not None and type(lo) is not str):
        return _dump_prov(d)
    return ('{"confidence": ' + float.__repr__(c) + (', "evidence": ' + _enc_str(e) if e is not None else "")
            + ', "extractor": ' + _enc_str(x) + (', "locator": ' + _enc_str(lo) if lo is not None else "")
            + ', "source": ' + _enc_str(s) + "}")


def _prov_json(p: Any) -> str:
    """Same text as ``Provenance.to_json()`` (sorted keys, no nulls), without pydantic's dump."""
    if type(p) is Provenance:
        return _dump_prov_fields(p.__dict__)
    return json.dumps(_prov_fields(p), ensure_ascii=False, sort_keys=True)


def merge_props(props: dict[str, Any], old: dict[str, Any] | None, new: dict[str, Any],
                list_props: Iterable[str]) -> dict[str, Any]:
    """Merge ``new`` (a row) into ``old`` (stored values) for the declared ``props``.

    Scalars: a non-null new value wins. List properties (aliases, tags): ordered union.
    Provenance: statements are unioned; ``sources`` lists every document; ``source`` stays the first;
    ``evidence``/``extractor``/``confidence`` come from the most confident statement.
    """
    old = old or {}
    out: dict[str, Any] = {}
    lists = set(list_props)
    for p in props:
        if p in schema.PROVENANCE_PROPS:
            continue
        nv, ov = new.get(p), old.get(p)
        if p in lists:
            merged = list(ov or [])
            for x in nv or []:
                if x not in merged:
                    merged.append(x)
            out[p] = merged if (nv is not None or ov is not None) else None
        else:
            out[p] = nv if nv is not None else ov
    stmts = statements_of(old)
    for p in new.get("_prov") or []:
        js = _prov_json(p)
        if js not in stmts:
            stmts.append(js)
    parsed = [json.loads(s) for s in stmts]
    sources: list[str] = []
    for d in parsed:
        if d["source"] not in sources:
            sources.append(d["source"])
    best = max(parsed, key=lambda d: d.get("confidence", 1.0)) if parsed else {}
    several = len(stmts) > 1  # one statement: the summary properties are it (kg.schema, compact form)
    out.update(
        provenance=stmts if several else None,
        sources=sources if several else None,
        source=sources[0] if sources else None,
        evidence=best.get("evidence"),
        extractor=best.get("extractor"),
        confidence=best.get("confidence"),
        locator=best.get("locator"),
        review=new.get("review") if new.get("review") is not None else old.get("review"),
    )
    return out


def plain_props_of(props: dict[str, Any], list_props: Iterable[str]) -> tuple[list[str], list[str]]:
    """(non-provenance properties, those of them that are lists): :func:`new_props`'s ``plain``."""
    plain = [p for p in props if p not in schema.PROVENANCE_PROPS]
    lists = set(list_props)
    return plain, [p for p in plain if p in lists]


def ordered_union(values: Iterable) -> list:
    """The values without repeats, first occurrence first (equality, as list properties merge)."""
    merged: list = []
    for x in values:
        if x not in merged:
            merged.append(x)
    return merged


def new_props(props: dict[str, Any], new: dict[str, Any], list_props: Iterable[str],
              plain: tuple[list[str], list[str]] | None = None) -> dict[str, Any]:
    """``merge_props(props, None, new, list_props)`` — a row with no stored values — without parsing
    back the statement it just serialised (the bulk path: ~1 M new rows per province load).
    ``plain``: :func:`plain_props_of` (hoisted out of a loop over rows)."""
    provs = new.get("_prov")
    if not provs or len(provs) != 1:
        return merge_props(props, None, new, list_props)
    plain_props, plain_lists = plain or plain_props_of(props, list_props)
    out: dict[str, Any] = {p: new.get(p) for p in plain_props}
    for p in plain_lists:
        if out[p] is not None:
            out[p] = ordered_union(out[p])
    p0 = provs[0]
    d = p0.__dict__ if type(p0) is Provenance else _prov_fields(p0)
    out["provenance"] = None  # one statement: the summary properties are it (kg.schema, compact form)
    out["sources"] = None
    out["source"] = d["source"]
    out["evidence"] = d.get("evidence")
    out["extractor"] = d.get("extractor")
    out["confidence"] = d.get("confidence")
    out["locator"] = d.get("locator")
    out["review"] = new.get("review")
    return out


def split_by_sole_source(rows: list[dict], source: str) -> tuple[list[dict], list[dict]]:
    """Rows read for :meth:`Store.retract_source` (``p``: the stored statement list, null in the compact
    form) → (those stated by ``source`` alone, the rest), in one pass and in order."""
    gone: list[dict] = []
    keep: list[dict] = []
    for r in rows:
        (gone if all(json.loads(x)["source"] == source for x in r["p"] or []) else keep).append(r)
    return gone, keep


def without_source(props: dict[str, str], old: dict[str, Any], source: str) -> dict[str, Any]:
    """Stored values of one fact with ``source``'s statements removed and the summary recomputed."""
    kept = [x for x in statements_of(old) if json.loads(x)["source"] != source]
    return merge_props(props, {**old, "provenance": kept, "source": None}, {}, schema.list_props(props))


def plain(v: Any) -> Any:
    """Driver values → plain Python (used by both stores)."""
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (_dt.date, _dt.datetime, _dt.time)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def chunks(rows: Sequence[Any], n: int = BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), n):
        yield rows[i:i + n]


def _merge_into(out: dict, own: set, k: Any, r: dict) -> None:
    """Merge row ``r`` into ``out[k]`` (copied first: the caller's rows are never modified)."""
    cur = out[k]
    if k not in own:
        cur = out[k] = dict(cur)
        own.add(k)
    for p, v in r.items():
        if p == "_prov":
            cur["_prov"] = list(cur.get("_prov") or []) + list(v or [])
        elif v is not None:
            cur[p] = v


def fold_rows(keyed: Iterable[tuple[Any, dict]]) -> dict:
    """``(key, row)`` pairs → one row per key, merged as the upserts merge them: a later non-null value
    wins, provenance lists are concatenated. The callers' rows are never modified (a row is copied
    before its first merge)."""
    out: dict = {}
    own: set = set()
    for k, r in keyed:
        if k in out:
            _merge_into(out, own, k, r)
        else:
            out[k] = r
    return out


_FROM, _TO = operator.itemgetter("from"), operator.itemgetter("to")


def _all_keys(values: list) -> bool:
    """Every value a non-empty string (C-level passes: ``set(map(type, …))`` and ``in``)."""
    return set(map(type, values)) <= {str} and "" not in values


def dedupe_node_rows(label: str, rows: Iterable[dict]) -> dict[str, dict]:
    """Rows with the same key are merged into one (:func:`fold_rows`).

    Keys become strings; a row's own key property is left as given (the upsert stores the key)."""
    key = schema.key_of(label)

    def keyed() -> Iterator[tuple[str, dict]]:
        for r in rows:
            k = r.get(key)
            if k is None or k == "":
                raise ValueError(f"{label}: row without key {key!r}: {str(r)[:120]}")
            yield (k if type(k) is str else str(k)), r

    return fold_rows(keyed())


def dedupe_rel_rows(rows: Iterable[dict]) -> dict[tuple[str, str], dict]:
    """Rows with the same (from, to) are merged into one (:func:`fold_rows`)."""
    if isinstance(rows, list):  # the common case — string endpoints, no repeats — without a loop in Python
        try:
            froms, tos = list(map(_FROM, rows)), list(map(_TO, rows))
        except (KeyError, TypeError):
            froms = tos = None
        if froms is not None and _all_keys(froms) and _all_keys(tos):
            out = dict(zip(zip(froms, tos), rows))
            if len(out) == len(rows):
                return out

    def keyed() -> Iterator[tuple[tuple[str, str], dict]]:
        for r in rows:
            f, t = r.get("from"), r.get("to")
            if not f or not t:
                raise ValueError(f"relationship row without from/to: {str(r)[:120]}")
            yield (f if type(f) is str else str(f), t if type(t) is str else str(t)), r

    return fold_rows(keyed())
