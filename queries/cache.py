"""Precomputed parts of the analyses, kept per store while the graph is unchanged.

Some analyses need an aggregate over a whole region (every job posting's skills, every firm's
industries, a PageRank over the region's firms) that no single Cypher query answers fast at province
scale. They compute it once with :func:`memo` and reuse it until the graph changes.

Entries are keyed on the store's change token (:meth:`kg.store.base.Store.change_token`): it changes
with every ``kg ingest`` (each batch writes its Document) and every node or relationship added or
removed; a write that only sets properties (a Cypher ``SET`` through ``kg cypher --write``) may not be
seen on Neo4j: call :func:`clear` after such writes. Entries are per store object (held weakly: a
closed, dropped store takes its entries with it) and per key; the cache holds at most ``MAX_ENTRIES``
per store (oldest dropped first).
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any, Callable, Hashable

MAX_ENTRIES = 64

_LOCK = threading.Lock()
_BY_STORE: "weakref.WeakKeyDictionary[Any, OrderedDict]" = weakref.WeakKeyDictionary()
_FLIGHTS: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()  # computations under way


def memo(store, key: tuple, compute: Callable[[], Any], tok: Hashable | None = None) -> Any:
    """``compute()`` once per (store, key) while the store's change token is unchanged. Pass ``tok``
    (``store.change_token()``) when the caller already read it: the parts of one analysis then belong
    to one state of the graph. The value is shared: callers must not modify it.

    Single flight: while one thread computes a (store, key, token), other threads asking for the same
    wait for its result instead of computing it again (ten explorer sessions opening the coverage page
    after an ingest ran the same region aggregate ten times at once — #23). If the computing thread
    fails, one waiting thread computes it."""
    tok = store.change_token() if tok is None else tok
    while True:
        with _LOCK:
            entries = _BY_STORE.get(store)
            if entries is not None and key in entries and entries[key][0] == tok:
                entries.move_to_end(key)
                return entries[key][1]
            flights = _FLIGHTS.setdefault(store, {})
            flight = flights.get((key, tok))
            if flight is None:
                flight = flights[(key, tok)] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            flight.wait()
            continue  # the value is in the cache now (or the computation failed: try ourselves)
        try:
            value = compute()
            with _LOCK:
                entries = _BY_STORE.setdefault(store, OrderedDict())
                entries[key] = (tok, value)
                entries.move_to_end(key)
                while len(entries) > MAX_ENTRIES:
                    entries.popitem(last=False)
            return value
        finally:
            with _LOCK:
                _FLIGHTS.get(store, {}).pop((key, tok), None)
            flight.set()


def clear(store=None) -> None:
    """Forget the precomputed parts (of one store, or of every store)."""
    with _LOCK:
        if store is None:
            _BY_STORE.clear()
        else:
            _BY_STORE.pop(store, None)
