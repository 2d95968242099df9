"""A new user's first command: `git clone <repo> x && cd x && make run` in a folder with no shared/ anywhere.

The clone gets its own venv (scripts/setup.sh: pip from the warm cache on CI), loads the reference data
shipped in data/reference with KG_REFERENCE_DATA unset, and serves the explorer: the test waits for the
HTTP health endpoint, checks the graph, then stops the whole process group. It clones the committed HEAD
of this checkout, so it tests what a user would get, not uncommitted edits.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from bench.common import stop_process_group

from kg.config import REPO_ROOT

START_TIMEOUT_S = float(os.environ.get("KG_CLONE_TEST_TIMEOUT", "1500"))  # venv install + load + start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None, reason="needs git and make")
def test_clone_and_make_run_serves_the_explorer(tmp_path):
    if not (REPO_ROOT / ".git").exists():
        pytest.fail(f"{REPO_ROOT} is not a git checkout: the test clones it")
    work = tmp_path / "nothing-shared-here"
    work.mkdir()
    assert not any((p / "shared").exists() for p in [work, *work.parents])
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), "x"], cwd=work, check=True, timeout=300)
    x = work / "x"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KG_", "NEO4J_", "VIRTUAL_ENV")) and k not in ("PYTHONPATH", "PYTHONHOME")}
    port = _free_port()
    env["KG_INGEST_NICE"] = "0"  # as every test's ingest (tests/conftest.py): the load must finish beside a CPU burner
    env["KG_INGEST_YIELD"] = "0"
    env["PORT"] = str(port)  # Makefile: PORT ?= 8501 (8501 may be taken on a shared machine)
    log = open(tmp_path / "make-run.log", "wb")
    proc = subprocess.Popen(["make", "run"], cwd=x, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(port):
            if proc.poll() is not None:
                pytest.fail(f"make run exited with {proc.returncode} before serving:\n"
                            + (tmp_path / "make-run.log").read_text(errors="replace")[-3000:])
            if time.monotonic() > deadline:
                pytest.fail("explorer not healthy in time:\n"
                            + (tmp_path / "make-run.log").read_text(errors="replace")[-3000:])
            time.sleep(2)
        out = (tmp_path / "make-run.log").read_text(errors="replace")
        # the load read the shipped copy and printed the short summary
        assert str(x / "data" / "reference") in (x / ".kg" / "load-report.jsonl").read_text(encoding="utf-8")
        assert "rejected rows:" in out and "full report" in out, out[-3000:]
        # load-all.sh ends in `kg check` on the whole reference graph (CI runs it only here): it ran and passed
        assert "evidence checked against its text document" in out and "\nok\n" in out, out[-3000:]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200
        stats = subprocess.run([str(x / ".venv" / "bin" / "kg"), "stats", "--json"], cwd=x, env=env,
                               capture_output=True, text=True, timeout=120)
        assert stats.returncode == 0, stats.stderr
        import json

        nodes = json.loads(stats.stdout)["nodes"]
        assert nodes["Major"] > 1000 and nodes["College"] > 2000 and nodes["JobPosting"] > 1000, nodes
    finally:
        stop_process_group(proc, timeout=30)
        log.close()
