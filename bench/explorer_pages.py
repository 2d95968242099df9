"""Browser benchmark of the explorer: time until each page is interactive, first visit and revisit, on a
quiet machine and while an ingest runs beside it (Playwright + Debian Chromium, not a test).

    python -m bench.explorer_pages [--graph .kg/graph.lbug] [--condition quiet|ingest|both] [--json out.json]

The server is started fresh (``kg app``'s command line and environment) on the graph ``make run`` built,
as after ``make run``; the visits start once its start-up warm-up (explorer/serve.py) has logged that
it finished (``warmup_done_s``, seconds after the start; None = no warm-up, visits start at once). The
Explore page opens an entity the warm-up does not know. For each page:

* ``first_s`` — a new browser session opens the page's link: until its key content is shown and the
  script run has finished (``.stApp[data-test-script-state=notRunning]``);
* ``revisit_s`` — in the same session, after going to another page through the sidebar, coming back
  through the sidebar (how a user returns to a page; no reload of the app);
* ``reload_s`` — the same session opens the page's link again (a full reload of the app);
* ``first_in_app_s`` — a new browser session opens the explorer (the overview, where ``make run`` lands), then
  the page through the sidebar: the page's first view in that session, its element code not yet loaded (how
  a leader reaches a page after ``make run``; None for the deep links, which are opened by their link).

Beside the pages, each run measures the **Streamlit floor** (:func:`streamlit_floor`): the same first visit
and reload of a one-title Streamlit app, under the same condition — what any Streamlit page costs here.

"during ingest": a ``kg ingest reference`` + curriculum load into a scratch graph runs in a loop beside
the server (the CPU contention a data steward's load causes; ``kg ingest`` lowers its own priority,
KG_INGEST_NICE). Results go to ``bench/results/explorer_pages-<condition>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import stop_process_group
from kg.config import REPO_ROOT, settings

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
BUDGET_S = 2.0
BASELINE = "baseline (no warm-up, ingest not niced and not making way, Nagle on)"
COLLEGE_CODE = "4144011113"  # 深圳职业技术大学
GROUP_ID = "双高2019:4144011113:通信技术"
# page: (url path + query, key content: ("text", s) | ("css", selector, has_text))
PAGES = {
    "overview": ("", ("text", "实体总数")),
    "explore": (f"explore?ref=College:{COLLEGE_CODE}", ("css", "h2", "深圳职业技术大学")),
    # the pages as a new user opens them (their default picks); Explore with an entity opened by its link
    "gaps": ("gaps", ("css", '[data-testid="stMetric"]', "服务行业")),
    "suggest": ("suggest", ("text", "得分构成")),
    "coverage": ("coverage", ("css", "h3", "无专业服务的行业")),
    "gaps-linked": (f"gaps?college={COLLEGE_CODE}&group={GROUP_ID}", ("css", '[data-testid="stMetric"]', "服务行业")),
    "suggest-linked": (f"suggest?college={COLLEGE_CODE}&group={GROUP_ID}", ("text", "得分构成")),
    "workbench": ("workbench", ("text", "命名查询")),
    "ingest": ("ingest", ("text", "上传文件")),
    "review": ("review", ("text", "审核人")),
}

#: through the sidebar a page opens with its default picks; Explore then shows its search (no entity opened)
IN_APP_KEY = {"explore": ("css", "h1", "图谱浏览")}

TITLES = {"overview": "概览", "explore": "图谱浏览", "gaps": "合作缺口", "suggest": "合作企业推荐",
          "coverage": "覆盖与技能", "workbench": "查询工作台", "ingest": "数据导入", "review": "审核队列"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(cmd: list[str], port: int, log: Path, env: dict) -> tuple[subprocess.Popen, float]:
    """Start ``cmd`` (a Streamlit server on ``port``, in its own process group); returns (process, seconds
    until /_stcore/health answered)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            cwd=str(REPO_ROOT), start_new_session=True)
    while True:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc, time.perf_counter() - t0
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        if time.perf_counter() - t0 > 180:
            raise RuntimeError("server not healthy in 180 s")


def start_server(graph: str, port: int, log: Path, extra_env: dict | None = None) -> tuple[subprocess.Popen, float]:
    """``kg app``'s server on ``graph``; returns (process, seconds until /_stcore/health answered)."""
    from explorer.launch import app_command

    return _serve(app_command(port), port, log,
                  {**os.environ, "KG_STORE": "embedded", "KG_DB": graph, **(extra_env or {})})


def start_ingest_loop(workdir: Path, extra_env: dict | None = None) -> subprocess.Popen:
    """A data steward's load beside the server: reference + curricula into a scratch graph, over and over."""
    data = settings().reference_data
    kg = [sys.executable, "-m", "kgcli.main"]
    script = (f"while true; do rm -rf {workdir}/g.lbug*; "
              f"{' '.join(kg)} ingest reference --json >/dev/null 2>&1; "
              f"{' '.join(kg)} ingest {data}/curricula/major_profiles_2022 --kind curriculum --json >/dev/null 2>&1; done")
    env = {**os.environ, "KG_DB": str(workdir / "g.lbug"), "KG_STORE": "embedded", **(extra_env or {})}
    return subprocess.Popen(["bash", "-c", script], env=env, cwd=str(REPO_ROOT), start_new_session=True)


#: the page's own check of the ready condition, run at every animation frame: the key content shown (an element
#: with the text and a non-empty box, not visibility:hidden) and the script run finished
_READY_JS = """([kind, sel, text]) => {
  const app = document.querySelector('.stApp');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const want = text.toLowerCase(), has = (node) => node.textContent.toLowerCase().includes(want);
  const shown = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible'; };
  if (kind === 'css') return [...document.querySelectorAll(sel)].some((el) => has(el) && shown(el));
  if (!has(document.body)) return false;
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let inNode = false;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (has(n)) { if (shown(n.parentElement)) return true; inNode = true; }
  }
  // the text split over several nodes: the innermost elements that hold all of it
  return !inNode && [...document.body.querySelectorAll('*')].some((el) => has(el) && ![...el.children].some(has) && shown(el));
}"""


def _wait_ready(pg, key) -> None:
    """Until the page's key content is visible and its script run has finished.

    Checked by the page itself at every animation frame first (:data:`_READY_JS`), then confirmed with
    Playwright's locator and the same script-state check (both then pass at their first try). Playwright's
    own ``wait_for`` alone polls with back-off (after 0, 20, 50, 100, 100 ms, then every 500 ms): content
    shown ~0.3 s after the page's ``load`` event was seen up to 0.5 s late (session 14)."""
    args = [key[0], key[1] if key[0] == "css" else "", key[2] if key[0] == "css" else key[1]]
    pg.wait_for_function(_READY_JS, arg=args, polling="raf")
    if key[0] == "text":
        pg.get_by_text(key[1]).first.wait_for(state="visible")
    else:
        pg.locator(key[1], has_text=key[2]).first.wait_for(state="visible")
    pg.wait_for_function("() => { const a = document.querySelector('.stApp');"
                         " return a && a.getAttribute('data-test-script-state') === 'notRunning'; }")


def _session(browser):
    """A new browser session (its own context: empty cache, no cookies) and its page, as a new user's."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    return ctx, pg


def measure(url: str, pages: list[str]) -> dict:
    """First visit (a new session) and revisit (the same session) per page, in seconds."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in pages:
                path, key = PAGES[name]
                ctx, pg = _session(browser)
                t0 = time.perf_counter()
                pg.goto(f"{url}/{path}")
                _wait_ready(pg, key)
                first = time.perf_counter() - t0
                title, other = TITLES[name.split("-")[0]], ("审核队列" if name != "review" else "概览")
                pg.locator('[data-testid="stSidebarNav"] a', has_text=other).first.click()
                _wait_ready(pg, ("css", "h1", other if other != "概览" else "产教融合知识图谱"))
                t0 = time.perf_counter()
                pg.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
                _wait_ready(pg, key)
                revisit = time.perf_counter() - t0
                t0 = time.perf_counter()
                pg.goto(f"{url}/{path}")
                _wait_ready(pg, key)
                reload_ = time.perf_counter() - t0
                ctx.close()
                in_app = None
                if name != "overview" and "-" not in name:
                    ctx, pg = _session(browser)
                    pg.goto(f"{url}/")
                    _wait_ready(pg, PAGES["overview"][1])
                    t0 = time.perf_counter()
                    pg.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
                    _wait_ready(pg, IN_APP_KEY.get(name, key))
                    in_app = round(time.perf_counter() - t0, 2)
                    ctx.close()
                out[name] = {"first_s": round(first, 2), "first_in_app_s": in_app, "revisit_s": round(revisit, 2),
                             "reload_s": round(reload_, 2)}
        finally:
            browser.close()
    return out


FLOOR_APP = 'import streamlit as st\nst.title("产教融合")\nst.write("floor")\n'


def streamlit_floor(work: Path, visits: int = 3, served: str = "streamlit") -> dict:
    """The same first visit / reload, measured the same way, on a one-title Streamlit app (no query, no
    chart): what Streamlit and Chromium cost on this machine before the explorer does anything — the floor
    under every page's time, measured in the same run as the pages. Median of ``visits`` new sessions.
    ``served``: "streamlit" = ``streamlit run`` as shipped; "explorer" = served the way the explorer is
    (``python -m explorer.serve``, no warm-up: its connections without Nagle's delay)."""
    from playwright.sync_api import sync_playwright

    app = work / "floor_app.py"
    app.write_text(FLOOR_APP, encoding="utf-8")
    port = _free_port()
    runner = ["-m", "streamlit"] if served == "streamlit" else ["-m", "explorer.serve"]
    proc, _ = _serve([sys.executable, *runner, "run", str(app), "--server.port", str(port),
                      "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                     port, work / f"floor-{served}.log", {**os.environ, "KG_WARMUP": "0"})
    url, key = f"http://127.0.0.1:{port}/", ("css", "h1", "产教融合")
    runs = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for _ in range(visits):
                    ctx, pg = _session(browser)
                    t0 = time.perf_counter()
                    pg.goto(url)
                    _wait_ready(pg, key)
                    first = time.perf_counter() - t0
                    t0 = time.perf_counter()
                    pg.goto(url)
                    _wait_ready(pg, key)
                    runs.append({"first_s": round(first, 2), "reload_s": round(time.perf_counter() - t0, 2)})
                    ctx.close()
            finally:
                browser.close()
    finally:
        stop_process_group(proc)
    med = lambda k: sorted(r[k] for r in runs)[len(runs) // 2]  # noqa: E731
    return {"first_s": med("first_s"), "reload_s": med("reload_s"), "runs": runs}


def run(graph: str | None = None, condition: str = "quiet", pages: list[str] | None = None,
        settle_s: float = 0.0, baseline: bool = False) -> dict:
    """One condition: a fresh server on ``graph``; once its warm-up is done (+ ``settle_s``), every
    page's first visit and revisit. ``baseline``: as before these changes — no start-up warm-up
    (KG_WARMUP=0), the ingest at normal priority (KG_INGEST_NICE=0) and not making way for the explorer
    (KG_INGEST_YIELD=0, KG_ACTIVITY=0; kg/activity.py), and Streamlit's connections with Nagle's
    algorithm on (KG_TCP_NODELAY=0, explorer/serve.py)."""
    off = ({"KG_WARMUP": "0", "KG_INGEST_NICE": "0", "KG_TCP_NODELAY": "0", "KG_INGEST_YIELD": "0", "KG_ACTIVITY": "0"}
           if baseline else {})
    graph = graph or settings().db_path
    if not Path(graph).exists():
        raise FileNotFoundError(f"no graph at {graph}: run `make load` first")
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} missing (Debian chromium; scripts/setup.sh test installs it)")
    pages = pages or list(PAGES)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-pages-"))
    port = _free_port()
    ingest = start_ingest_loop(work, off) if condition == "ingest" else None
    if ingest is not None:
        time.sleep(3)  # the load is under way before the server starts
    server = None
    try:
        t_start = time.perf_counter()
        server, ready_s = start_server(graph, port, work / "streamlit.log", off)
        warm_s = None
        while not baseline and time.perf_counter() - t_start < 120:  # the start-up warm-up (explorer/serve.py) logs when done
            if "explorer warm-up:" in (work / "streamlit.log").read_text(errors="replace"):
                warm_s = round(time.perf_counter() - t_start, 2)
                break
            time.sleep(0.2)
        time.sleep(settle_s)
        t0 = time.perf_counter()
        timings = measure(f"http://127.0.0.1:{port}", pages)
        total = time.perf_counter() - t0
        floor = streamlit_floor(work)  # under the same condition (the ingest loop still runs)
        floor_served = None if baseline else streamlit_floor(work, served="explorer")
    finally:
        if server is not None:
            stop_process_group(server)
        if ingest is not None:
            stop_process_group(ingest)
        shutil.rmtree(work, ignore_errors=True)
    worst = max(max(v["first_s"], v["revisit_s"]) for v in timings.values())
    in_app = [v["first_in_app_s"] or v["first_s"] for v in timings.values()]  # the overview: the landing page's own
    return {"condition": condition, "variant": BASELINE if baseline else "current",
            "graph": graph, "server_ready_s": round(ready_s, 2),
            "warmup_done_s": warm_s, "settle_s": settle_s,
            "pages": timings, "streamlit_floor": floor, "floor_served_as_explorer": floor_served, "all_s": round(total, 2), "worst_s": worst, "budget_s": BUDGET_S,
            "met": worst <= BUDGET_S, "worst_in_app_s": max(in_app), "met_in_app": max(in_app) <= BUDGET_S, "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                                  "loadavg_1m_at_end": round(os.getloadavg()[0], 2)}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", default=None, help="the graph make run built (default KG_DB or .kg/graph.lbug)")
    ap.add_argument("--condition", default="both", choices=["quiet", "ingest", "both"])
    ap.add_argument("--pages", default=None, help="comma-separated subset")
    ap.add_argument("--baseline", action="store_true", help=f"also run the {BASELINE}")
    ap.add_argument("--json", default=None, help="write results here (default bench/results/explorer_pages-<condition>.json)")
    a = ap.parse_args(argv)
    conds = ["quiet", "ingest"] if a.condition == "both" else [a.condition]
    pages = a.pages.split(",") if a.pages else None
    results = []
    for c in conds:
        if a.baseline:
            results.append(run(a.graph, c, pages, baseline=True))
        results.append(run(a.graph, c, pages))
    out = Path(a.json) if a.json else REPO_ROOT / "bench" / "results" / f"explorer_pages-{a.condition}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    for r in results:
        print(f"{r['condition']} [{r['variant']}]: server ready {r['server_ready_s']} s, warm-up done {r['warmup_done_s']} s; "
              f"worst {r['worst_s']} s "
              f"({'≤' if r['met'] else '>'} {r['budget_s']} s); a one-title Streamlit app: first "
              f"{r['streamlit_floor']['first_s']} s, reload {r['streamlit_floor']['reload_s']} s"
              + (f"; served as the explorer is: first {r['floor_served_as_explorer']['first_s']} s"
                 if r.get("floor_served_as_explorer") else ""))
        for name, v in r["pages"].items():
            in_app = f"{v['first_in_app_s']:>5.2f} s" if v.get("first_in_app_s") is not None else "    – "
            print(f"  {name:<15} first {v['first_s']:>5.2f} s   first in app {in_app}   revisit {v['revisit_s']:>5.2f} s   "
                  f"reload {v['reload_s']:>5.2f} s")
    print(f"JSON: {out}")
    return 0 if all(r["met"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
