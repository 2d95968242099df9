"""CPU tuning of the bulk upsert path: the prepare-ahead thread's priority, the GIL switch interval while
it runs, and fewer garbage-collector passes during bulk writes and extraction (measured in BENCHMARKS.md)."""
from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Iterator


PREPARE_NICE = 15  # how much lower the prepare-ahead thread runs than the writer (niceness; Linux: per thread)


def _behind_the_writer() -> None:
    """Run the calling (prepare-ahead) thread at a lower CPU priority than the writer: the store's
    write (a COPY, its threads) is the critical path, the next table's preparation only has to be done
    by the time it ends. On 2 cores the two competed (a 100k-edge COPY took 1.2 s next to the
    preparation, 0.4 s alone); at niceness 15 the province load is ~0.3 s faster in the same process
    (``BENCHMARKS.md``). Relative to the thread's own niceness, never above it: a `kg ingest` that lowered
    itself to 19 (KG_INGEST_NICE) keeps its worker at 19 too — an absolute 15 raised that worker above the rest
    of the ingest (root may raise priorities), beside the explorer the ingest makes way for. Where threads have
    no priority of their own (not Linux) this does nothing."""
    with contextlib.suppress(AttributeError, OSError):
        tid = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, max(now, min(19, now + PREPARE_NICE)))


# how many batches the prepare-ahead worker may have prepared or be preparing at once
PREPARE_AHEAD = 3

# the GIL switch interval while a worker prepares ahead (CPython's default is 0.005 s)
PREPARE_SWITCH_INTERVAL = 0.0001


@contextlib.contextmanager
def _short_gil_turns() -> Iterator[None]:
    """While the prepare-ahead worker runs pure Python, every time the writing thread needs the GIL
    (the store's driver binding a statement, its import checks, reading a result) it waits up to the
    switch interval for the worker to yield it: hundreds of waits of up to 5 ms per province load
    (``prepare`` of one 100k-edge COPY: 0.06 s alone, 0.53 s beside the worker). Shorter turns for
    the duration; the interpreter's setting is restored after."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(min(old, PREPARE_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(old)


GC_THRESHOLDS = (50_000, 20, 100)  # CPython's default is (700, 10, 10)


@contextlib.contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """Python's cyclic garbage collector runs less often inside (young-generation pass every 50,000
    allocations instead of 700; old generations rarely), thresholds restored after. Bulk writes and
    extraction allocate millions of short-lived acyclic dicts and lists, and each allocation burst set
    off collections traversing every live row: py-spy showed 32 % of a province load's samples in
    ``gc_collect_main``; the reference folder ingest took 35.5 s with the default thresholds and
    28.2 s with these (same machine, back to back; disabling the collector gave 28.4 s). Garbage is
    still collected, so memory stays bounded (peak RSS 1,139 vs 1,163 MB).

    The objects alive on entry (the caller's rows: a whole province's, 1.2 M rows) are frozen
    (``gc.freeze``) for the duration, so the passes that do run skip them; unfrozen after (province
    load: 20.9 → 19.3 s, same machine, back to back)."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(GC_THRESHOLDS, before)))
    frozen = gc.get_freeze_count() == 0  # a nested or outside freeze is left to its owner
    if frozen:
        gc.freeze()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if frozen:
            gc.unfreeze()
