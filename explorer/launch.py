"""How the explorer is served: the command line of the server process (no Streamlit imported here, so the
CLI and the benchmarks can build it cheaply)."""
from __future__ import annotations

import sys

from kg.config import REPO_ROOT


def app_command(port: int) -> list[str]:
    """The command line that serves the explorer (local address only, headless, no usage statistics)."""
    # explorer.serve = `streamlit run` + a cache warm-up thread (every page's first view computed at start)
    return [sys.executable, "-m", "explorer.serve", "run", str(REPO_ROOT / "app.py"),
            "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
            "--server.fileWatcherType", "none"]
