"""Embedded store: LadybugDB, a file on disk, zero set-up.

* One writer per file: a writable store holds the file lock; a second writer gets
  ``StoreError("graph at … is locked by process N")``.
* Read-only stores keep one ``read_only=True`` open and reuse it while the files are unchanged: before
  every read (or :meth:`~EmbeddedStore.snapshot`) they compare inode, size and mtime of the graph file,
  its ``.wal`` and a checkpoint's files with the values taken just before the open, and reopen when
  they differ (tests/kg/test_read_reuse.py). The database itself refuses writes.
* Every answer comes from one committed state (#23). A read-only open reads the WAL once, when it
  opens, and the main file's pages lazily; another process's commit only appends to the WAL, but its
  checkpoint rewrites pages of the main file in place, so an open read on across a checkpoint mixes
  two states (27 half-ingested documents seen under CPU load). So each read on a read-only open is
  checked when it ends: if a checkpoint started or ran since the open, it raises
  :class:`ChangedDuringRead` (outside a snapshot the read runs again on a fresh open by itself).
  No open is made while a checkpoint is under way, nor kept if the pages changed while it was made.
* Reads on a read-only store run in parallel: each thread reads on its own connection from a pool on
  the current open (one ``Database``, many ``Connection``); a snapshot pins one connection to its
  thread. A newer open replaces the current one for new readers once the old one's readers are done
  (one ``Database`` per file per process). While another process's checkpoint runs, readers wait for
  it (up to ``timeout_s``).
* New rows are written with ``COPY … FROM`` an Arrow table (the fast path, ~20× ``UNWIND CREATE``);
  existing rows with ``UNWIND … MATCH … SET``; rel endpoints are matched with two MATCH clauses.
"""
from __future__ import annotations

import contextlib
import itertools
import operator
import os
import re
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pyarrow as pa

from kg import schema
from kg.store.base import DEFAULT_LIMIT, ChangedDuringRead, QueryLimitError, ReadOnlyError, Store, StoreError
from kg.store.merge import plain
from kg.store.upsert import new_columns

try:  # imported lazily in tests that only check import errors
    import ladybug
except ImportError as e:  # pragma: no cover
    raise StoreError(f"the embedded store needs the 'ladybug' package: {e}") from None

_ARROW = {
    schema.STRING: pa.string(),
    schema.INT: pa.int64(),
    schema.FLOAT: pa.float64(),
    schema.BOOL: pa.bool_(),
    schema.STRINGS: pa.list_(pa.string()),
}


# set when the engine hit an I/O failure it cannot recover from in this process (disk full): its
# destructor would then abort the process, so callers exit without running it (see kgcli.common.die)
POISONED: list[str] = []


class WriterLocked(StoreError):
    """Another process holds the graph's writer lock (one writer per file); ``pid`` is that process."""

    def __init__(self, path: str, pid: int):
        super().__init__(f"graph at {path} is locked by process {pid} (one writer at a time)")
        self.pid = pid


def _clean_error(e: Exception, path: str) -> StoreError:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    m = re.search(r"Lock is held by PID (\d+)", str(e))
    if m:
        return WriterLocked(path, int(m.group(1)))
    text = str(e)
    if "Cannot write" in text or "No space left" in text or "Cannot read from file" in text:
        import shutil

        try:
            free = shutil.disk_usage(os.path.dirname(os.path.abspath(path)) or ".").free
        except OSError:
            free = -1
        if 0 <= free < 16 << 20:
            return StoreError(f"cannot write the graph at {path}: the disk is full ({free // 1024} KiB free)")
        return StoreError(f"cannot write the graph at {path}: the file system refused the write")
    if "not a valid" in text.lower() or "corrupt" in text.lower() or "magic" in text.lower() \
            or "checksum" in text.lower():
        return StoreError(f"the graph file {path} is damaged or not a LadybugDB graph ({msg})")
    if "read-only" in msg.lower() or "read only" in msg.lower():
        return ReadOnlyError(f"refused: the graph is open read-only ({msg})")
    if "timeout" in msg.lower() or "interrupted" in msg.lower():
        return QueryLimitError(f"query stopped: it hit the time limit ({msg})")
    return StoreError(msg)


_SCALARS = (str, int, float, bool, type(None))


def _convert(v: Any) -> Any:
    if type(v) in _SCALARS:  # most values: nothing to convert (the first-call cost of big reads)
        return v
    if isinstance(v, dict):
        if "_NODES" in v and "_RELS" in v:
            return {"nodes": [_convert(n) for n in v["_NODES"]], "rels": [_convert(r) for r in v["_RELS"]]}
        if "_LABEL" in v and "_SRC" in v:
            out = {"_type": v["_LABEL"]}
            out.update({k: _convert(x) for k, x in v.items() if not k.startswith("_") and x is not None})
            return out
        if "_LABEL" in v and "_ID" in v:
            out = {"_label": v["_LABEL"]}
            out.update({k: _convert(x) for k, x in v.items() if not k.startswith("_") and x is not None})
            return out
        return {k: _convert(x) for k, x in v.items()}
    return plain(v) if not isinstance(v, list) else [_convert(x) for x in v]


def _column(rows: list[dict], name: str) -> list:
    """``[r.get(name) for r in rows]`` (rows from the upserts carry every column: itemgetter first)."""
    try:
        return list(map(operator.itemgetter(name), rows))
    except KeyError:
        return [r.get(name) for r in rows]


_DICT_MIN_ROWS = 256  # below this a dictionary saves nothing measurable


def _compact(arr: pa.Array) -> pa.Array:
    """A string column (or a string-list column's values) with at most one distinct value per four
    rows → dictionary-encoded; anything else unchanged. Values, nulls and empty lists are the same;
    LadybugDB's COPY reads such a column much faster (1 M edges with ``source`` + ``sources``: 12.7 s →
    5.7 s, /tmp measurements in BENCHMARKS.md)."""
    if len(arr) < _DICT_MIN_ROWS:
        return arr
    if pa.types.is_string(arr.type):
        enc = arr.dictionary_encode()
        return enc if len(enc.dictionary) * 4 <= len(arr) else arr
    if pa.types.is_list(arr.type) and pa.types.is_string(arr.type.value_type) and arr.offset == 0:
        values = arr.values
        if len(values) < _DICT_MIN_ROWS:
            return arr
        enc = values.dictionary_encode()
        if len(enc.dictionary) * 4 > len(values):
            return arr
        return pa.ListArray.from_arrays(arr.offsets, enc, mask=arr.is_null() if arr.null_count else None)
    return arr


def _open_options() -> dict:
    """Writer settings: a capped buffer pool (``KG_BUFFER_POOL_MB``, default 8192) so memory stays
    bounded, and checkpoints only when the WAL passes ``KG_CHECKPOINT_MB`` (default 256) — a checkpoint
    after every small commit made a 187-document ingest take minutes; :meth:`close` checkpoints."""
    return {"buffer_pool_size": int(os.environ.get("KG_BUFFER_POOL_MB", "8192")) << 20,
            "checkpoint_threshold": int(os.environ.get("KG_CHECKPOINT_MB", "256")) << 20}


def _open_read_write_briefly(path: str) -> None:
    """Open the graph at ``path`` read-write and close it again: the open replays a WAL left behind (a
    crashed writer, a CHECKPOINT issued read-only) and finishes a checkpoint left half-way (its
    ``.wal.checkpoint``/``.shadow``), which a read-only open cannot do. Raises :class:`WriterLocked` if
    another process holds the writer (its files are its own: nothing is touched), another
    :class:`StoreError` if the file cannot be opened. Used to replay a WAL before a read-only open
    (:meth:`EmbeddedStore._open_read_only_replaying`) and to finish a checkpoint a process left behind
    (:meth:`EmbeddedStore._recover_left_over`)."""
    try:
        ladybug.Database(path).close()
    except Exception as e:
        raise _clean_error(e, path) from None


def _load_endpoints(start: str, end: str) -> str:
    """``LOAD FROM tbl`` (columns ``c_from``, ``c_to``, …) with both endpoints matched by key: ``a``, ``b``."""
    return (f"LOAD FROM tbl MATCH (a:{start} {{{schema.key_of(start)}: c_from}}) "
            f"MATCH (b:{end} {{{schema.key_of(end)}: c_to}})")


#: new nodes written row-wise (CREATE) rather than by COPY into a non-empty table, up to this many rows
#: per call (:meth:`EmbeddedStore._create_nodes`); above it COPY's fixed cost at COMMIT is the smaller
#: (into a 13.6k-row table: 20k rows COPY 0.49 s vs CREATE 0.32 s; 100k rows 0.93 s vs 1.66 s)
CREATE_NODES_MAX = 20_000
READ_STALE_S = 1.0  # how long new readers may be served an open whose WAL has grown, while others read on it
_RACY_NS = 2_000_000_000  # file times this close to "now" may not show a second write (coarse clocks)
# the files of one graph: the main file, its WAL, and the two a checkpoint writes while it runs (LadybugDB
# 0.22: the WAL is renamed to ``.wal.checkpoint``, the new pages go to ``.shadow`` and are then written
# into the main file in place; both are removed at the end — strace of a checkpoint, docs/scaling.md)
_SUFFIXES = ("", ".wal", ".wal.checkpoint", ".shadow")
_WAIT_S = 0.02  # between two attempts to open (another process's checkpoint under way)
_SERIALS = itertools.count(1)  # names each open and each writer store in this process (change tokens)


def _file_state(path: str) -> tuple:
    """(inode, size, mtime_ns) of the graph file, its ``.wal`` and a checkpoint's ``.wal.checkpoint`` and
    ``.shadow`` (None where absent)."""
    out = []
    for suffix in _SUFFIXES:
        try:
            st = os.stat(path + suffix)
        except FileNotFoundError:
            out.append(None)
        else:
            out.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _pages_key(state: tuple) -> tuple:
    """The part of a :func:`_file_state` that must stay the same while a read-only open is read on.

    A read-only ``Database`` reads the WAL once, when it opens (then closes it), and the main file's
    pages lazily, as queries need them. Another process's commit only appends to the WAL (or creates
    it): the open keeps its committed view. A checkpoint rewrites pages of the main file in place:
    pages read after it come from the new state, those read before from the old one — a torn view
    (#23: 27 half-ingested documents seen under CPU load). So: the main file as it was; the same WAL
    file if there was one (a checkpoint renames it before it writes a page: its inode changes or it
    goes, whatever the file-time resolution); no checkpoint files. See :meth:`_Open.intact`."""
    main, wal, ckpt, shadow = state
    return main, None if wal is None else wal[0], ckpt is None, shadow is None


def _intact(opened: tuple, now: tuple) -> bool:
    """``now`` (a :func:`_pages_key`) shows no checkpoint since ``opened``: equal, or only a WAL that
    was not there at the open has appeared (a commit; a checkpoint of it would have written the main
    file)."""
    if opened[1] is None and now[1] is not None:
        now = (now[0], None, *now[2:])
    return now == opened


def _quiet(state: tuple) -> bool:
    """True if no file in ``state`` was modified within ``_RACY_NS`` of now."""
    now = time.time_ns()
    return all(x is None or now - x[2] >= _RACY_NS for x in state)


class _Open:
    """One read-only ``Database``, the file state it was opened at, and its idle connections."""

    __slots__ = ("db", "path", "state", "pages", "reuse", "idle", "users", "stale_since", "closed", "serial")

    def __init__(self, db, path: str, state: tuple, reuse: bool):
        self.db, self.path, self.state, self.reuse = db, path, state, reuse
        self.serial = next(_SERIALS)  # this open's view of the graph, as a change token
        self.pages = _pages_key(state)
        self.idle: list = []
        self.users = 0
        self.stale_since: float | None = None
        self.closed = False

    def intact(self) -> bool:
        """True if nothing has rewritten the pages this open reads since it was opened (:func:`_pages_key`):
        what it has read and will read is one committed state."""
        return _intact(self.pages, _pages_key(_file_state(self.path)))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for c in self.idle:
            with contextlib.suppress(Exception):
                c.close()
        self.idle = []
        with contextlib.suppress(Exception):
            self.db.close()


class EmbeddedStore(Store):
    dialect = "ladybug"
    create_batch = None  # every new row of an upsert in one COPY (COPY per chunk rewrote the rel CSR)

    def __init__(self, path: str, read_only: bool = False, timeout_s: float = 20.0, max_rows: int = 10000):
        self.path = str(path)
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self._db = None
        self._conn = None
        self._in_tx = False
        # read-only: one held open (with a pool of connections), reused while the files are unchanged
        # (see _current_open); a snapshot pins (open, connection) to its thread
        self._ro_open: _Open | None = None
        self._ro_lock = threading.RLock()
        self._ro_drained = threading.Condition(self._ro_lock)  # notified when an open's last reader leaves
        self._pinned = threading.local()
        # holding the writer: this store's change token (:meth:`change_token`), moved by every write
        self._serial, self._writes = next(_SERIALS), 0
        if read_only:
            if not Path(self.path).exists():
                raise StoreError(f"no graph at {self.path}: run `kg init` first (or set KG_DB)")
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            try:
                self._open_writer()
            except Exception as e:  # lock, corrupt file, permissions
                raise _clean_error(e, self.path) from None

    def _open_writer(self) -> None:
        self._db = ladybug.Database(self.path, **_open_options())
        self._conn = ladybug.Connection(self._db)
        self._manual_checkpoints = False

    @contextlib.contextmanager
    def deferred_checkpoints(self) -> Iterator[None]:
        """Writes inside commit as usual but are checkpointed once, at the end (and whenever the WAL
        passes ``KG_CHECKPOINT_MB``), instead of after every COPY: LadybugDB forces a checkpoint at
        each COPY's commit (its issue #755; ~0.05–1 s each, growing with the graph — half the
        province load). Read-only opens in other processes see the main file only, so what is
        written inside becomes visible to them at the end of the block."""
        if self._conn is None or self._manual_checkpoints:
            yield
            return
        self._exec(self._conn, "CALL auto_checkpoint=false")
        self._manual_checkpoints = True
        try:
            yield
        finally:
            self._manual_checkpoints = False
            if self.path not in POISONED:
                self._exec(self._conn, "CALL auto_checkpoint=true")
                if not self._in_tx:
                    self._exec(self._conn, "CHECKPOINT")

    # ------------------------------------------------------------------ plumbing
    @property
    def _ro_db(self):
        """The current read-only open's ``Database`` (None when none is held)."""
        o = self._ro_open
        return o.db if o is not None else None

    @contextlib.contextmanager
    def _reader(self) -> Iterator[Any]:
        """A connection to read on: the writer's own; inside a snapshot, the one pinned to this thread;
        else one from the current read-only open's pool (reopened first if the files changed).

        On a read-only open the read is checked when it ends (:meth:`_checked`): an answer read while
        another process's checkpoint rewrote the file raises :class:`ChangedDuringRead` instead."""
        if self._conn is not None:
            yield self._conn
            return
        pin = getattr(self._pinned, "pin", None)
        if pin is not None:
            with self._checked(pin[0]):
                yield pin[1]
            return
        o, conn = self._acquire()
        try:
            with self._checked(o):
                yield conn
        finally:
            self._release(o, conn)

    @contextlib.contextmanager
    def _checked(self, o: "_Open") -> Iterator[None]:
        """Run one read on ``o``; when it ends (rows read, or failed), make sure no checkpoint rewrote the
        pages under it (:meth:`_Open.intact`) — else raise :class:`ChangedDuringRead`: its rows may mix
        two committed states (a torn page may also make the read itself fail). A read that passes saw
        one committed state, and so did every earlier read of the same snapshot."""
        try:
            yield
        except ChangedDuringRead:
            raise
        except Exception as e:
            if not o.intact():
                raise ChangedDuringRead(f"the graph at {self.path} was checkpointed by another process "
                                        f"during this read; run it again") from e
            raise
        if not o.intact():
            raise ChangedDuringRead(f"the graph at {self.path} was checkpointed by another process during "
                                    f"this read; run it again")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["EmbeddedStore"]:
        """Several reads on one read-only open: one consistent view, one open (see :meth:`Store.snapshot`).

        Read-only store: the files are checked on entry (reopened if they changed); inside, this
        thread's reads run on one pinned connection of that open. Each read is checked when it ends:
        if another process checkpointed meanwhile it raises :class:`ChangedDuringRead` (run the block
        again: ``explorer.ui.call`` does), so every answer of the block comes from one committed state.
        Other threads read meanwhile on their own connections. A store that holds the writer reads its
        own connection anyway: yields itself unchanged."""
        if self._conn is not None or not self.read_only or getattr(self._pinned, "pin", None) is not None:
            yield self
            return
        o, conn = self._acquire()
        self._pinned.pin = (o, conn)
        try:
            yield self
        finally:
            self._pinned.pin = None
            self._release(o, conn)

    def change_token(self) -> tuple:
        """:meth:`Store.change_token` without a query: it names the state this store's reads see.

        * Holding the writer (no other process can write the file): this store and its count of writes —
          every statement it writes (upsert, ``write``, commit, rollback, schema) moves it, a bare
          ``SET`` and a write inside an open transaction included.
        * Read-only: the open this thread's reads are served from (inside a snapshot, the snapshot's;
          else the current one, reopened first if the files show another process's commit or
          checkpoint, as the next read would be). A fixed open is one committed state; a new open is a
          new token. Reads leave it alone — except within ``_RACY_NS`` of a write to the files, when
          every read reopens (:meth:`_current_open`) and so every token is new: nothing cached is
          trusted while a file time could hide a second write."""
        if self._conn is not None:
            return (self.dialect, self.path, self._serial, self._writes)
        pin = getattr(self._pinned, "pin", None)
        if pin is not None:
            return (self.dialect, self.path, pin[0].serial)
        with self._ro_lock:
            return (self.dialect, self.path, self._current_open().serial)

    def _acquire(self) -> tuple["_Open", Any]:
        with self._ro_lock:
            o = self._current_open()
            conn = o.idle.pop() if o.idle else ladybug.Connection(o.db)
            o.users += 1
            return o, conn

    def _release(self, o: "_Open", conn) -> None:
        with self._ro_lock:
            o.users -= 1
            if o.users == 0:
                self._ro_drained.notify_all()
            if o is self._ro_open and not o.closed:
                o.idle.append(conn)
                return
            with contextlib.suppress(Exception):
                conn.close()
            if o.users == 0:
                o.close()

    def _retire(self, o: "_Open | None") -> None:
        """Stop handing out ``o`` (call with ``_ro_lock`` held); closed now if nobody reads on it."""
        if o is None:
            return
        if self._ro_open is o:
            self._ro_open = None
        if o.users == 0:
            o.close()

    def _current_open(self) -> "_Open":
        """The read-only open to read on (call with ``_ro_lock`` held), current with the files.

        * The open is reused while the files have the same (inode, size, mtime_ns) as just before it was
          opened, if they were already quiet then (a state taken within ``_RACY_NS`` of a write could
          hide a second write in the same file-time tick) or while other threads still read on it.
        * One read-only ``Database`` per file in this process (two at once gave torn views, #23). When
          the files changed while others read on the current open: if only commits were appended to
          the WAL (its pages intact), new readers are still served that committed view, for up to
          ``READ_STALE_S``; otherwise (a checkpoint) or after that, they wait until its readers are
          done — each one's next read fails its check, see :meth:`_checked` — and open again.
        * Never an open during which the pages changed, never one made while another process's
          checkpoint is under way ("recovery is pending", ``.wal.checkpoint``/``.shadow`` present):
          wait for it, up to ``timeout_s``, then :class:`ChangedDuringRead`."""
        deadline = time.monotonic() + self.timeout_s
        err: StoreError | None = None
        while True:
            state = _file_state(self.path)
            cur = self._ro_open
            if cur is not None and not cur.closed:
                if state == cur.state and (cur.reuse or cur.users > 0):
                    return cur
                if cur.users > 0:
                    now = time.monotonic()
                    if _intact(cur.pages, _pages_key(state)):
                        cur.stale_since = cur.stale_since or now
                        if now - cur.stale_since < READ_STALE_S:
                            return cur
                    if now > deadline:
                        raise ChangedDuringRead(f"the graph at {self.path} kept changing while it was read "
                                                f"(another process is writing); try again")
                    self._ro_drained.wait(timeout=0.2)
                    continue
                self._retire(cur)  # closed before the new open (one Database per file)
            if state[0] is None:
                raise StoreError(f"no graph at {self.path}: run `kg init` first (or set KG_DB)")
            if state[2] is None and state[3] is None:  # no checkpoint under way
                try:
                    db, state = self._open_read_only_replaying(state)
                except WriterLocked as e:
                    err = e  # a checkpoint under way in the writer's process: wait for it
                else:
                    if _intact(_pages_key(state), _pages_key(_file_state(self.path))):
                        o = _Open(db, self.path, state, _quiet(state))
                        self._ro_open = o
                        return o
                    # the pages changed while we opened them: this open may hold a torn view
                    with contextlib.suppress(Exception):
                        db.close()
            elif _quiet(state) and self._recover_left_over():
                continue  # checkpoint files left behind by a process that no longer writes: replayed
            if time.monotonic() > deadline:
                raise err or ChangedDuringRead(f"graph at {self.path} kept changing while it was opened "
                                               f"(another process is writing); try again")
            self._ro_drained.wait(timeout=_WAIT_S)  # (releases the lock meanwhile)

    def _recover_left_over(self) -> bool:
        """Finish a checkpoint whose ``.wal.checkpoint``/``.shadow`` were left behind (a CHECKPOINT issued
        read-only, a writer killed half-way) with a short read-write open — only if no process holds the
        writer lock (a live checkpoint runs in a process that holds it; then this open fails and we wait).
        Called only when the files have been quiet for ``_RACY_NS``. True if they are gone after it."""
        try:
            _open_read_write_briefly(self.path)
        except StoreError:
            return False
        state = _file_state(self.path)
        return state[2] is None and state[3] is None

    def _open_read_only_replaying(self, state: tuple) -> tuple[Any, tuple]:
        try:
            return self._open_read_only(), state
        except Exception as e:
            if "recovery is pending" not in str(e):
                raise _clean_error(e, self.path) from None
        # a WAL left behind (a crashed writer, or a CHECKPOINT issued read-only): replayed by a short
        # read-write open, if no other process holds the writer lock (else WriterLocked: wait)
        _open_read_write_briefly(self.path)
        state = _file_state(self.path)
        try:
            return self._open_read_only(), state
        except Exception as e:
            raise _clean_error(e, self.path) from None

    def _open_read_only(self):
        return ladybug.Database(self.path, read_only=True, buffer_pool_size=_open_options()["buffer_pool_size"])

    def _close_reader(self) -> None:
        with self._ro_lock:
            self._retire(self._ro_open)

    def _exec(self, conn, query: str, params: dict | None = None):
        try:
            return conn.execute(query, params or {})
        except Exception as e:
            err = _clean_error(e, self.path)
            if conn is self._conn and str(err).startswith("cannot write the graph"):
                POISONED.append(self.path)  # only our own writer is unusable after this
            raise err from None

    def _write(self, query: str, params: dict | None = None):
        """Run a writing statement on the writer. Inside :meth:`deferred_checkpoints` and outside a
        transaction it has committed now: checkpoint if the WAL has grown past the limit (what
        LadybugDB's automatic checkpoint does)."""
        self._writes += 1  # before: a write that fails half-way may have changed the graph too
        res = self._exec(self._conn, query, params)
        if self._manual_checkpoints and not self._in_tx:
            self._checkpoint_if_wal_full()
        return res

    def _checkpoint_if_wal_full(self) -> None:
        try:
            size = os.stat(self.path + ".wal").st_size
        except OSError:
            return
        if size > _open_options()["checkpoint_threshold"] and self.path not in POISONED:
            self._exec(self._conn, "CHECKPOINT")

    def _rows(self, res, limit: int | None = None) -> list[dict]:
        if isinstance(res, list):  # several statements
            res = res[-1]
        cols = res.get_column_names()
        out = []
        while res.has_next():
            if limit is not None and len(out) >= limit:
                raise QueryLimitError(f"query stopped: more than {limit} rows (add LIMIT or raise KG_MAX_ROWS)")
            out.append({c: _convert(v) for c, v in zip(cols, res.get_next())})
        return out

    def close(self) -> None:
        self._forget_remembered_writes()
        self._close_reader()
        if self._conn is not None and self.path in POISONED:
            return  # the engine refuses further work; closing it would abort the process
        if self._conn is not None:
            # checkpoint so that read-only opens (which cannot replay a WAL) see everything
            with contextlib.suppress(Exception):
                self._conn.execute("CHECKPOINT")
            self._conn.close()
            self._db.close()
            self._conn = self._db = None

    def apply_schema(self) -> None:
        if self.read_only:
            raise ReadOnlyError("refused: the graph is open read-only")
        self._writes += 1
        for ddl in schema.ladybug_ddl():
            self._exec(self._conn, ddl)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """A graph file made before a property was declared (kg.schema adds, never renames or drops)
        gets the column: ``ALTER TABLE … ADD`` (null in existing rows)."""
        tables = [(n.label, n.all_props) for n in schema.NODES] + [(r.type, r.all_props) for r in schema.RELS]
        for name, props in tables:
            have = {r["name"] for r in self._rows(self._exec(self._conn, f"CALL table_info('{name}') RETURN name"), None)}
            for p, t in props.items():
                if p not in have:
                    self._exec(self._conn, f"ALTER TABLE {name} ADD IF NOT EXISTS {p} {t}")

    def read(self, query: str, params: dict | None = None, *, limit: int | None | object = DEFAULT_LIMIT,
             timeout: float | None = None) -> list[dict]:
        """Rows of a read-only query. On a read-only store outside a snapshot, a read that another
        process's checkpoint overlapped (:class:`ChangedDuringRead`) runs again on a fresh open, until
        it passes or ``timeout`` (default ``timeout_s``) is over; inside a snapshot it is the caller's
        to run the block again."""
        if self._conn is not None or getattr(self._pinned, "pin", None) is not None:
            return self._read(query, params, limit=limit, timeout=timeout)
        deadline = time.monotonic() + (timeout or self.timeout_s)
        while True:
            try:
                return self._read(query, params, limit=limit, timeout=timeout)
            except ChangedDuringRead:
                if time.monotonic() > deadline:
                    raise

    def _read(self, query: str, params: dict | None = None, *, limit: int | None | object = DEFAULT_LIMIT,
              timeout: float | None = None) -> list[dict]:
        limit = self.max_rows if limit is DEFAULT_LIMIT else limit  # None: no row limit
        with self._reader() as conn:
            conn.set_query_timeout(int(1000 * (timeout or self.timeout_s)))
            try:
                if self._conn is None or self._in_tx:  # a read-only open: the database refuses writes
                    return self._rows(self._exec(conn, query, params), limit)
                # we hold the writer: run the query in a READ ONLY transaction, which refuses writes
                self._exec(conn, "BEGIN TRANSACTION READ ONLY")
                try:
                    rows = self._rows(self._exec(conn, query, params), limit)
                finally:
                    with contextlib.suppress(Exception):
                        conn.execute("COMMIT")
                return rows
            finally:
                conn.set_query_timeout(0)

    def write(self, query: str, params: dict | None = None) -> list[dict]:
        if self.read_only or self._conn is None:
            raise ReadOnlyError("refused: the graph is open read-only")
        self._forget_remembered_writes()  # a raw write may delete nodes
        return self._rows(self._write(query, params), None)

    def checkpoint(self) -> None:
        """CHECKPOINT, then reopen the database: LadybugDB 0.22 keeps memory from every committed
        transaction until the database object is closed (measured: ~2 MB per small document, ~100 MB
        per curriculum file), so long ingests recycle it to keep memory bounded."""
        if self._conn is None or self._in_tx or self.path in POISONED:
            return
        self._exec(self._conn, "CHECKPOINT")
        self._conn.close()
        self._db.close()
        try:
            self._open_writer()
        except Exception as e:
            self._conn = self._db = None
            raise _clean_error(e, self.path) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        self._exec(self._conn, "BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            self._forget_remembered_writes()  # the transaction's nodes are undone
            self._writes += 1  # the graph this store reads is back to before the transaction
            with contextlib.suppress(Exception):
                self._conn.execute("ROLLBACK")
            raise
        self._in_tx = False
        try:
            self._write("COMMIT")
        except BaseException:
            self._forget_remembered_writes()
            raise

    # ------------------------------------------------------------------ primitives
    def _count(self, label: str | None = None, rel_type: str | None = None) -> int:
        q = (f"MATCH (n:{label}) RETURN count(n) AS c" if label
             else f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS c")
        with self._reader() as conn:
            return int(self._rows(self._exec(conn, q))[0]["c"])

    def _fetch_nodes(self, label: str, keys: list[str]) -> dict[str, dict]:
        nt = schema.node(label)
        cols = list(nt.all_props)
        ret = ", ".join(f"n.{c} AS {c}" for c in cols)
        with self._reader() as conn:
            res = self._exec(conn, f"UNWIND $keys AS k MATCH (n:{label} {{{nt.key}: k}}) RETURN {ret}", {"keys": keys})
            return {r[nt.key]: r for r in self._rows(res)}

    def _fetch_nodes_keys(self, label: str, keys: list[str]) -> set[str]:
        key = schema.key_of(label)
        tbl = pa.table({"c_k": pa.array(keys, pa.string())})  # noqa: F841 - referenced by name
        with self._reader() as conn:
            res = self._exec(conn, f"LOAD FROM tbl MATCH (n:{label} {{{key}: c_k}}) RETURN n.{key} AS k")
            return set(res.get_as_arrow().column("k").to_pylist())

    def _nodes_empty(self, label: str) -> bool:
        with self._reader() as conn:
            return not self._rows(self._exec(conn, f"MATCH (n:{label}) RETURN 1 AS x LIMIT 1"))

    def _rels_empty(self, type_: str, start: str, end: str) -> bool:
        with self._reader() as conn:
            res = self._exec(conn, f"MATCH (:{start})-[r:{type_}]->(:{end}) RETURN 1 AS x LIMIT 1")
            return not self._rows(res)

    @staticmethod
    def _columns(cols: dict[str, str], rows: list[dict] | dict[str, list],
                 first: list[str]) -> Iterator[tuple[str, str, list]]:
        """(name, schema type, values) of ``rows`` (dicts, or already columns ``{name: values}``), column
        by column: ``first`` (strings), then ``cols``."""
        get = rows.__getitem__ if isinstance(rows, dict) else (lambda c: _column(rows, c))
        for c, t in [*((c, schema.STRING) for c in first), *cols.items()]:
            yield c, t, get(c)

    def _arrow(self, cols: dict[str, str], rows: list[dict], first: list[str], prefix: str = "") -> pa.Table:
        """Arrow table of ``rows`` (:meth:`_columns`), column names prefixed."""
        named = [(c, pa.array(values, type=_ARROW[t])) for c, t, values in self._columns(cols, rows, first)]
        return pa.Table.from_arrays([a for _, a in named], names=[prefix + c for c, _ in named])

    def _copy_table(self, cols: dict[str, str], rows: list[dict] | dict[str, list],
                    first: list[str]) -> tuple[pa.Table, list[str]]:
        """(Arrow table, its column names) for ``COPY table(names) FROM tbl``: :meth:`_arrow`'s columns,
        minus those null in every row (COPY leaves an omitted column null: ~1 s per million rows saved
        per column), with repetitive strings dictionary-encoded (:func:`_compact`; a column holding one
        value in every row is made a dictionary array directly)."""
        keep_names, arrays = [], []
        for c, t, values in self._columns(cols, rows, first):
            n = len(values)
            if c not in first and n and values.count(None) == n:
                continue
            keep_names.append(c)
            if t == schema.STRING and n >= _DICT_MIN_ROWS and type(values[0]) is str and values.count(values[0]) == n:
                arrays.append(pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([values[0]])))
            else:
                arrays.append(_compact(pa.array(values, type=_ARROW[t])))
        return pa.Table.from_arrays(arrays, names=keep_names), [c for c in keep_names if c not in first]

    def _node_copy_cols(self, label: str) -> dict[str, str]:
        nt = schema.node(label)
        return {nt.key: schema.STRING, **nt.props, **schema.PROVENANCE_PROPS}

    def _create_nodes(self, label: str, rows: list[dict]) -> None:
        if len(rows) > CREATE_NODES_MAX or self._nodes_empty(label):
            # bulk path: COPY (into an empty table, or many rows)
            self._copy_nodes(label, self._copy_table(self._node_copy_cols(label), rows, []))
            return
        # a document's rows into a non-empty table: row-wise CREATE. COPY into a non-empty node table
        # costs ~0.2–0.5 s at COMMIT however few its rows (measured on the reference graph: 10 rows
        # 0.1–0.2 s, 5,000 rows 0.2 s; CREATE 0.001 and 0.01 s), more than CREATE up to ~30k rows
        cols = self._node_copy_cols(label)
        tbl = self._load_table(cols, rows, [])  # noqa: F841 - referenced by name in the query
        sets = ", ".join(f"{p}: c_{p}" for p in cols)
        self._write(f"LOAD FROM tbl CREATE (n:{label} {{{sets}}})")

    def _copy_nodes(self, label: str, payload: tuple[pa.Table, list[str]]) -> None:
        tbl, names = payload  # noqa: F841 - tbl referenced by name in the query
        self._write(f"COPY {label}({', '.join(names)}) FROM tbl")

    def _copy_rels(self, type_: str, start: str, end: str, payload: tuple[pa.Table, list[str]]) -> None:
        """COPY into an empty (start, end) table of ``type_``."""
        tbl, names = payload  # noqa: F841 - tbl referenced by name in the query
        opts = f' (from="{start}", to="{end}")' if len(schema.rel(type_).pairs) > 1 else ""
        cols = f"({', '.join(names)})" if names else ""
        self._write(f"COPY {type_}{cols} FROM tbl{opts}")

    # the bulk path (Store.upsert_many): the next table's Arrow payload is built in a worker thread
    # while LadybugDB runs this one's COPY (its execute releases the GIL)
    prepare_ahead = True
    single_writer = True  # the writer holds the file lock (one writer per file)

    def upsert_many(self, batches) -> Iterator[Any]:
        """:meth:`Store.upsert_many` inside :meth:`deferred_checkpoints`: one CHECKPOINT at the end
        rather than one per table (province load: ~80 s → ~38 s at load 5, same run)."""
        with self.deferred_checkpoints():
            yield from super().upsert_many(batches)

    def _create_payload(self, prep) -> tuple[pa.Table, list[str]]:
        """The COPY input of every merged row as if new, built from columns (:func:`new_columns`)."""
        cols = new_columns(prep)
        if prep.kind == "nodes":
            return self._copy_table(self._node_copy_cols(prep.name), cols, [])
        return self._copy_table(dict(schema.rel(prep.name).all_props), cols, ["from", "to"])

    def _create_prepared(self, prep) -> None:
        if prep.kind == "nodes":
            self._copy_nodes(prep.name, prep.payload)
        else:
            self._copy_rels(prep.name, prep.start, prep.end, prep.payload)

    def _load_table(self, cols: dict[str, str], rows: list[dict], first: list[str]) -> pa.Table:
        """Arrow table with typed columns prefixed ``c_`` (no clash with Cypher keywords)."""
        return self._arrow(cols, rows, first, prefix="c_")

    def _update_nodes(self, label: str, rows: list[dict]) -> None:
        nt = schema.node(label)
        props = {**nt.props, **schema.PROVENANCE_PROPS}
        tbl = self._load_table(props, rows, [nt.key])  # noqa: F841 - referenced by name in the query
        sets = ", ".join(f"n.{p} = c_{p}" for p in props)
        self._write(f"LOAD FROM tbl MATCH (n:{label} {{{nt.key}: c_{nt.key}}}) SET {sets}")

    def _fetch_rels(self, type_: str, start: str, end: str, pairs: list[tuple[str, str]]) -> dict:
        # match both endpoints by key first, then the edge between them (expanding a high-degree
        # start node's edges and filtering the far end was 15x slower on skewed graphs)
        rt = schema.rel(type_)
        sk, ek = schema.key_of(start), schema.key_of(end)
        ret = ", ".join(f"r.{c} AS {c}" for c in rt.all_props)
        tbl = pa.table({"c_f": pa.array([f for f, _ in pairs], pa.string()),  # noqa: F841
                        "c_t": pa.array([t for _, t in pairs], pa.string())})
        q = (f"LOAD FROM tbl MATCH (a:{start} {{{sk}: c_f}}) MATCH (b:{end} {{{ek}: c_t}}) "
             f"MATCH (a)-[r:{type_}]->(b) RETURN c_f AS _f, c_t AS _t, {ret}")
        with self._reader() as conn:
            res = self._exec(conn, q)
            return {(r.pop("_f"), r.pop("_t")): r for r in self._rows(res)}

    def _create_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        rt = schema.rel(type_)
        if self._rels_empty(type_, start, end):
            # bulk path: COPY into an empty (start, end) table (COPY into a non-empty rel table
            # rewrites the node groups it touches: ~10x slower than row-wise CREATE for a document's rows)
            self._copy_rels(type_, start, end, self._copy_table(dict(rt.all_props), rows, ["from", "to"]))
            return
        props = dict(rt.all_props)
        tbl = self._load_table(props, rows, ["from", "to"])  # noqa: F841
        sets = ", ".join(f"{p}: c_{p}" for p in props)
        self._write(f"{_load_endpoints(start, end)} CREATE (a)-[r:{type_} {{{sets}}}]->(b)")

    def _update_rels(self, type_: str, start: str, end: str, rows: list[dict]) -> None:
        props = dict(schema.rel(type_).all_props)
        tbl = self._load_table(props, rows, ["from", "to"])  # noqa: F841
        sets = ", ".join(f"r.{p} = c_{p}" for p in props)
        self._write(f"{_load_endpoints(start, end)} MATCH (a)-[r:{type_}]->(b) SET {sets}")


__all__ = ["EmbeddedStore", "WriterLocked", "os"]
