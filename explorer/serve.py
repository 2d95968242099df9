"""Serve the explorer with a cache warm-up: ``python -m explorer.serve run app.py [streamlit options]``.

The same as ``streamlit run`` (the arguments are passed through), plus a background thread that, once
the server runs, computes what each page shows on its first visit (explorer/warmup.py) into the app's
shared cache — so the first person to open a page after ``make run`` does not wait for its queries.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path


def _warm_when_ready() -> None:
    from streamlit.runtime import Runtime

    for _ in range(600):
        if Runtime.exists():
            break
        time.sleep(0.1)
    else:
        return
    time.sleep(0.2)
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        from explorer.warmup import warm_up

        t0 = time.perf_counter()
        done = warm_up()
        print(f"explorer warm-up: {len(done)} page queries cached in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    except Exception as e:  # noqa: BLE001 - a failed warm-up only means a slower first visit
        print(f"explorer warm-up stopped: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
              file=sys.stderr)


def main() -> None:
    if os.environ.get("KG_WARMUP", "1") != "0":
        threading.Thread(target=_warm_when_ready, name="kg-warmup", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
