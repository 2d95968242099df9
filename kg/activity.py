"""A command-line ingest makes way for the explorer while a leader's page is loading (#24).

``kg ingest`` already runs at the lowest CPU priority (KG_INGEST_NICE). On this machine that is not enough:
a page's first visit still took ~40 % longer beside a niced ingest than on a quiet machine, because the
two virtual cores share more than the scheduler's queue. So the two processes also coordinate through one
small file (:func:`activity_path`, per user, in the temporary folder):

* the explorer's server (explorer/serve.py) runs :func:`watch_server`: a thread that samples the server
  process's CPU time and the bytes it reads and writes every 50 ms and, while the server works (sending a
  new session's files, running a page's script), keeps the file's modification time fresh;
* ``kg ingest`` runs :func:`make_way`: a thread that, while the file was touched within the last
  :data:`HOLD_S` seconds, holds Python's interpreter lock in 50 ms steps — the ingest's own Python work
  (reading, extracting, building records) waits, without a signal and without leaving the process — and
  then lets it run again. The ingest never waits more than :data:`MAX_WAIT_S` in a row: after that it runs
  for :data:`RUN_S` before it makes way again, so a busy explorer slows a load down (to ≥ 1/9 of its pace
  under an explorer that works without a pause) but never stops it.

Nothing else changes: no file, no pause (a machine without an explorer pays a stat call every 50 ms).
``KG_INGEST_YIELD=0`` turns the ingest's side off (the tests do, like KG_INGEST_NICE).
"""
from __future__ import annotations

import ctypes
import os
import tempfile
import threading
import time
from pathlib import Path

#: the server counts as working when it used this share of a core over the last sample
BUSY_SHARE = 0.2
#: ... or read and wrote this many bytes (files and sockets) over the last sample
BUSY_BYTES = 16_384
#: sampling period of both threads (seconds)
STEP_S = 0.05
#: the ingest makes way while the file is younger than this: a new session's JavaScript compiles in the
#: browser between the server's bursts (static files, then the page's script), ~0.5 s here
HOLD_S = 1.5
#: longest wait in a row, and the run the ingest then gets before it makes way again
MAX_WAIT_S = 8.0
RUN_S = 1.0


def activity_path() -> Path:
    """The file the explorer touches while it works (KG_ACTIVITY_FILE overrides it)."""
    env = os.environ.get("KG_ACTIVITY_FILE")
    if env:
        return Path(env)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"kg-explorer-active-{uid}"


def mark_active(path: Path | None = None) -> None:
    """Say that the explorer is working now (create the file or refresh its time)."""
    p = path or activity_path()
    try:
        p.touch()
    except OSError:
        pass


def seconds_since_active(path: Path | None = None, now: float | None = None) -> float | None:
    """Seconds since the explorer last said it was working; None if it never did (no file)."""
    p = path or activity_path()
    try:
        mtime = p.stat().st_mtime
    except OSError:
        return None
    return max(0.0, (time.time() if now is None else now) - mtime)


def should_wait(since_active: float | None, waited_s: float) -> bool:
    """Whether the ingest waits for the next step: the explorer worked within HOLD_S and the ingest has not
    yet waited MAX_WAIT_S in a row."""
    return since_active is not None and since_active <= HOLD_S and waited_s < MAX_WAIT_S


def _hold_interpreter():
    """A sleep that keeps Python's interpreter lock (libc ``usleep`` called through ``ctypes.PyDLL``,
    whose calls do not release it): other threads of this process cannot run Python code meanwhile."""
    fn = ctypes.PyDLL(None).usleep
    fn.argtypes = [ctypes.c_uint]
    return fn


def make_way(path: Path | None = None, stop: threading.Event | None = None) -> threading.Thread | None:
    """Start the ingest's side (a daemon thread, until ``stop`` is set); None when KG_INGEST_YIELD=0 or the
    platform has no ``usleep``."""
    if os.environ.get("KG_INGEST_YIELD", "1") == "0":
        return None
    try:
        hold = _hold_interpreter()
    except (AttributeError, OSError):
        return None
    p = path or activity_path()
    step_us = int(STEP_S * 1e6)

    def run() -> None:
        waited = 0.0  # seconds waited in a row
        while not (stop and stop.is_set()):
            since = seconds_since_active(p)
            if should_wait(since, waited):
                hold(step_us)
                waited += STEP_S
            elif waited >= MAX_WAIT_S:
                time.sleep(RUN_S)  # waited long enough in a row: the ingest runs RUN_S before it makes way again
                waited = 0.0
            else:
                time.sleep(STEP_S)  # the ingest runs
                if since is None or since > HOLD_S:
                    waited = 0.0

    t = threading.Thread(target=run, name="kg-make-way", daemon=True)
    t.start()
    return t


def _bytes_moved() -> int | None:
    """Bytes this process has read and written through system calls so far (Linux ``/proc/self/io``: files
    and sockets alike); None where there is no such file."""
    try:
        with open("/proc/self/io", "rb") as f:
            fields = dict(line.split(b":", 1) for line in f.read().splitlines() if b":" in line)
        return int(fields[b"rchar"]) + int(fields[b"wchar"])
    except (OSError, KeyError, ValueError):
        return None


def watch_server(path: Path | None = None, stop: threading.Event | None = None) -> threading.Thread:
    """Start the explorer's side (a daemon thread, until ``stop`` is set): refresh the file while this
    process works — it used BUSY_SHARE of a core, or it sent or read more than BUSY_BYTES (a browser
    fetching the app's files: the server spends little CPU on them, the browser much on what it gets)."""
    p = path or activity_path()

    def run() -> None:
        last, moved = time.process_time(), _bytes_moved()
        while not (stop and stop.is_set()):
            time.sleep(STEP_S)
            now, now_moved = time.process_time(), _bytes_moved()
            if now - last >= BUSY_SHARE * STEP_S or (
                    moved is not None and now_moved is not None and now_moved - moved > BUSY_BYTES):
                mark_active(p)
            last, moved = now, now_moved

    t = threading.Thread(target=run, name="kg-activity", daemon=True)
    t.start()
    return t
