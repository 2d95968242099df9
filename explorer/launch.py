"""How the explorer is served: the command line of the server process (no Streamlit imported here, so the
CLI and the benchmarks can build it cheaply)."""
from __future__ import annotations

import sys

from kg.config import REPO_ROOT

#: the explorer's pages in the sidebar's order: (script, label key in explorer/i18n.py) — app.py builds its
#: navigation from them, the start-up warm-up compiles them (explorer/warmup.py)
PAGES = [  # no Material icons: the current page's icon would be fetched from a CDN
    ("explorer/overview.py", "page_overview"),
    ("explorer/explore.py", "page_explore"),
    ("explorer/gaps.py", "page_gaps"),
    ("explorer/suggest.py", "page_suggest"),
    ("explorer/coverage.py", "page_coverage"),
    ("explorer/workbench.py", "page_workbench"),
    ("explorer/ingest.py", "page_ingest"),
    ("explorer/review.py", "page_review"),
]


def app_command(port: int) -> list[str]:
    """The command line that serves the explorer (local address only, headless, no usage statistics).

    ``runner.postScriptGC false``: Streamlit's full garbage collection after every script run (0.1–0.4 s
    on this machine, holding the interpreter while the run's last messages go out) is left to Python's
    own collector (#24)."""
    # explorer.serve = `streamlit run` + a cache warm-up thread (every page's first view computed at start)
    return [sys.executable, "-m", "explorer.serve", "run", str(REPO_ROOT / "app.py"),
            "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
            "--server.fileWatcherType", "none", "--runner.postScriptGC", "false"]
