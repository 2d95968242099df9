"""`kg app`: serves the explorer on 127.0.0.1 with the chosen settings passed through."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from kg.store.embedded import EmbeddedStore
from kgcli import app_cmds
from kgcli.common import state


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_command_line_is_local_and_headless():
    cmd = app_cmds.app_command(8765)
    assert cmd[1:4] == ["-m", "explorer.serve", "run"] and cmd[4].endswith("app.py")  # streamlit run + warm-up
    opts = dict(zip(cmd[5::2], cmd[6::2]))
    assert opts["--server.address"] == "127.0.0.1" and opts["--server.port"] == "8765"
    assert opts["--server.headless"] == "true" and opts["--browser.gatherUsageStats"] == "false"


def test_settings_pass_through_env(tmp_path, monkeypatch):
    from kg.config import settings

    monkeypatch.setitem(state, "settings", settings(store="embedded", db_path=str(tmp_path / "g.lbug")))
    env = app_cmds.app_env()
    assert env["KG_STORE"] == "embedded" and env["KG_DB"] == str(tmp_path / "g.lbug")


def test_kg_app_serves_the_explorer_on_localhost(tmp_path):
    db = tmp_path / "g.lbug"
    st = EmbeddedStore(str(db))
    st.apply_schema()
    st.close()
    port = _free_port()
    env = {**os.environ, "KG_DB": "/nonexistent/ignored.lbug"}  # --db must win over the environment
    p = subprocess.Popen([sys.executable, "-m", "kgcli.main", "--db", str(db), "app", "--port", str(port)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline, body = time.time() + 90, ""
        while time.time() < deadline:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read().decode()
                break
            except OSError:
                assert p.poll() is None, p.stderr.read()
                time.sleep(0.3)
        assert body == "ok"
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
        assert "<div id=\"root\">" in page or "streamlit" in page.lower()
        # the streamlit child got the graph chosen with --db, not the one in the environment
        children = [d for d in os.listdir("/proc") if d.isdigit() and _ppid(d) == p.pid]
        envs = [open(f"/proc/{c}/environ", "rb").read().split(b"\0") for c in children]
        assert any(f"KG_DB={db}".encode() in e for e in envs)
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        out, err = p.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in err


def _ppid(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None
