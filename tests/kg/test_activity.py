"""kg/activity.py: a command-line ingest makes way while the explorer's server works (#24)."""
from __future__ import annotations

import os
import threading
import time

from kg import activity


def test_should_wait_only_while_the_explorer_worked_recently_and_not_forever():
    assert not activity.should_wait(None, 0.0)  # no explorer ever ran
    assert activity.should_wait(0.0, 0.0)
    assert activity.should_wait(activity.HOLD_S, 0.0)
    assert not activity.should_wait(activity.HOLD_S + 0.01, 0.0)  # it stopped working
    assert activity.should_wait(0.0, activity.MAX_WAIT_S - activity.STEP_S)
    assert not activity.should_wait(0.0, activity.MAX_WAIT_S)  # waited long enough in a row: the ingest runs


def test_seconds_since_active(tmp_path):
    p = tmp_path / "active"
    assert activity.seconds_since_active(p) is None
    activity.mark_active(p)
    os.utime(p, (1_000_000.0, 1_000_000.0))
    assert activity.seconds_since_active(p, now=1_000_002.5) == 2.5
    activity.mark_active(p)  # refreshed
    assert activity.seconds_since_active(p) < 5


def test_activity_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_ACTIVITY_FILE", str(tmp_path / "f"))
    assert activity.activity_path() == tmp_path / "f"
    monkeypatch.delenv("KG_ACTIVITY_FILE")
    assert activity.activity_path().name.startswith("kg-explorer-active-")


def _burn(seconds: float) -> int:
    n, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
    return n


def test_the_server_side_marks_the_file_only_while_the_process_works(tmp_path):
    idle, busy, stop = tmp_path / "idle", tmp_path / "busy", threading.Event()
    try:
        activity.watch_server(idle, stop)
        time.sleep(0.4)  # this process does nothing
        assert not idle.exists()
        stop.set()
        time.sleep(0.2)
        stop.clear()
        activity.watch_server(busy, stop)
        _burn(0.4)  # this process works
        assert busy.exists()
    finally:
        stop.set()


def test_the_server_side_counts_bytes_moved(tmp_path):
    """A browser fetching files costs the server little CPU: bytes read and sent count as work too."""
    before = activity._bytes_moved()
    assert before is not None  # Linux: /proc/self/io
    (tmp_path / "f").write_bytes(b"x" * 100_000)
    assert activity._bytes_moved() - before >= 100_000
    p, stop = tmp_path / "active", threading.Event()
    try:
        activity.watch_server(p, stop)
        time.sleep(0.1)
        for _ in range(4):
            (tmp_path / "f").read_bytes()  # 400 KB read, almost no CPU
            time.sleep(0.06)
        assert p.exists()
    finally:
        stop.set()


def test_the_ingest_side_holds_python_while_the_explorer_works(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_INGEST_YIELD", raising=False)
    p, stop = tmp_path / "active", threading.Event()
    try:
        assert activity.make_way(p, stop) is not None
        free = _burn(0.5)  # no explorer: the ingest's thread runs freely
        activity.mark_active(p)
        paused = _burn(0.5)  # the explorer just worked: the thread waits most of the time
        assert paused < 0.3 * free, (paused, free)
    finally:
        stop.set()


def test_the_ingest_side_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_INGEST_YIELD", "0")
    assert activity.make_way(tmp_path / "active") is None


def test_kg_ingest_makes_way(monkeypatch, tmp_path):
    """`kg ingest` starts the ingest's side before it reads (and still ingests)."""
    from typer.testing import CliRunner

    from kgcli import ingest_cmds
    from kgcli.main import app

    calls = []
    monkeypatch.setattr(ingest_cmds, "make_way", lambda *a, **k: calls.append(a))
    doc = tmp_path / "policy.txt"
    doc.write_text("关于深化现代职业教育体系建设改革的意见\n推进产教融合。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["--db", str(tmp_path / "g.lbug"), "ingest", str(doc), "--kind", "policy", "--json"])
    assert r.exit_code == 0, r.output
    assert calls == [()]
