"""Where a new session's first visit of an explorer page goes: one timeline per visit, browser and server
(an exploratory probe beside bench/explorer_pages.py, not a benchmark; session 14, #24).

    python -m bench.page_timeline [--page overview] [--visits 3] [--floor] [--json out.json]

Starts the explorer as ``kg app`` does, but through :func:`serve`, which logs server events with wall-clock
times (epoch seconds, the browser's ``performance.timeOrigin + now()`` is on the same clock): the web socket
connecting, each BackMsg (a script run request and its query string), each script run's start and end, each
ForwardMsg queued (kind, element type) and written, the asyncio loop's stalls > 20 ms (the script thread
holding the interpreter) and garbage collections > 5 ms. In the page an init script records the web
socket's open and messages, ``data-test-script-state`` changes, the first appearance of every
``data-testid`` (``stSkeleton`` = an element waiting for its lazily loaded code), long tasks, and the
resource timings of every file. Each visit prints one line of milestones in ms after ``goto``; ``--json``
keeps every event. ``--floor``: the one-title app (bench.explorer_pages.FLOOR_APP) served the same way.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

LOG_ENV = "KG_TIMELINE_LOG"
_lock = threading.Lock()


def _log(ev: str, **kw) -> None:
    """Append one server event (epoch seconds) to the file named by KG_TIMELINE_LOG."""
    with _lock, open(os.environ[LOG_ENV], "a", encoding="utf-8") as f:
        f.write(json.dumps({"t": time.time(), "ev": ev, **kw}) + "\n")


def _msg_info(msg) -> dict:
    """A ForwardMsg's kind, and for a delta its element type and path."""
    kind = msg.WhichOneof("type")
    info = {"kind": kind, "bytes": msg.ByteSize()}
    if kind == "delta":
        d = msg.delta
        info["el"] = d.new_element.WhichOneof("type") if d.WhichOneof("type") == "new_element" else "block"
        info["path"] = list(msg.metadata.delta_path)
    return info


def _patch_sending() -> None:
    """Log every ForwardMsg queued for a browser and every frame written to its web socket."""
    from streamlit.web.server.starlette import starlette_websocket as sw

    write, init = sw.StarletteSessionClient.write_forward_msg, sw.StarletteSessionClient.__init__

    def write_logged(self, msg):
        _log("fwd_queued", **_msg_info(msg))
        return write(self, msg)

    def init_logged(self, websocket):
        _log("ws_connected")
        _watch_loop()
        send = websocket.send_bytes

        async def send_logged(data):
            await send(data)
            _log("ws_sent", bytes=len(data))

        websocket.send_bytes = send_logged
        init(self, websocket)

    sw.StarletteSessionClient.write_forward_msg = write_logged
    sw.StarletteSessionClient.__init__ = init_logged


def _patch_runs() -> None:
    """Log every BackMsg a session handles and every script run's start and end."""
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner

    handle, run = app_session.AppSession.handle_backmsg, script_runner.ScriptRunner._run_script

    def handle_logged(self, msg):
        kind = msg.WhichOneof("type")
        r = msg.rerun_script
        _log("backmsg", kind=kind, **({"qs": r.query_string, "page": r.page_name} if kind == "rerun_script" else {}))
        return handle(self, msg)

    def run_logged(self, rerun_data):
        _log("run_start", qs=rerun_data.query_string)
        try:
            return run(self, rerun_data)
        finally:
            _log("run_end")

    app_session.AppSession.handle_backmsg = handle_logged
    script_runner.ScriptRunner._run_script = run_logged


def _watch_gc() -> None:
    """Log garbage collections that take more than 5 ms."""
    import gc

    started = {}

    def cb(phase, info):
        if phase == "start":
            started["t"] = time.perf_counter()
        elif time.perf_counter() - started.get("t", time.perf_counter()) > 0.005:
            _log("gc", gen=info["generation"], ms=round((time.perf_counter() - started["t"]) * 1000, 1))

    gc.callbacks.append(cb)


def _watch_loop() -> None:
    """Once, in the server's event loop: log each stall of the loop longer than 20 ms."""
    import asyncio

    if getattr(_watch_loop, "started", False):
        return
    _watch_loop.started = True

    async def watch():
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            late = time.perf_counter() - t - 0.005
            if late > 0.02:
                _log("loop_lag", ms=round(late * 1000, 1))

    asyncio.get_running_loop().create_task(watch())


def serve() -> None:
    """``python -m explorer.serve`` with the server events logged (arguments as for explorer.serve)."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    _patch_sending()
    _patch_runs()
    _watch_gc()
    from explorer.serve import main

    main()


#: recorded in the page from its first script on (epoch ms: performance.timeOrigin + performance.now())
PAGE_PROBE = r"""(() => {
  const P = window.__timeline = [], now = () => performance.timeOrigin + performance.now();
  const log = (ev, x) => P.push(Object.assign({t: now(), ev}, x || {}));
  const WS = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new WS(url) : new WS(url, protocols);
    ws.addEventListener('open', () => log('ws_open'));
    ws.addEventListener('message', (e) => log('ws_msg', {bytes: e.data.byteLength || e.data.size || 0}));
    return ws;
  };
  window.WebSocket.prototype = WS.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  let state = null;
  const seen = new Set();
  const scan = (n) => {
    if (n.nodeType !== 1) return;
    const id = n.getAttribute('data-testid');
    if (id && !seen.has(id)) { seen.add(id); log('shown', {id}); }
    for (const c of n.children) scan(c);
  };
  new MutationObserver((ms) => {
    for (const m of ms) for (const n of m.addedNodes) scan(n);
    const a = document.querySelector('.stApp'), s = a && a.getAttribute('data-test-script-state');
    if (s !== state) { state = s; log('script_state', {state: s}); }
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
  new PerformanceObserver((l) => { for (const e of l.getEntries()) P.push({t: performance.timeOrigin + e.startTime,
    ev: 'longtask', ms: e.duration}); }).observe({type: 'longtask', buffered: true});
  window.addEventListener('load', () => log('load'));
})();"""

RESOURCES_JS = """performance.getEntriesByType('resource').map((e) => ({name: e.name.split('/').pop(),
  start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd, bytes: e.transferSize}))"""


def visit(browser, url: str, key) -> dict:
    """One new browser session opening ``url`` until ready (bench.explorer_pages._wait_ready): its events."""
    from bench.explorer_pages import _session, _wait_ready

    ctx, pg = _session(browser)
    pg.add_init_script(PAGE_PROBE)
    t0 = time.time()
    pg.goto(url)
    _wait_ready(pg, key)
    t1 = time.time()
    time.sleep(0.2)
    out = {"t0": t0, "ready_ms": round((t1 - t0) * 1000), "page": pg.evaluate("window.__timeline"),
           "resources": pg.evaluate(RESOURCES_JS)}
    ctx.close()
    return out


def milestones(v: dict, server: list[dict]) -> dict:
    """The visit's milestones in ms after ``goto`` (None = did not happen)."""
    t0 = v["t0"]
    ms = lambda t: round((t - t0) * 1000)  # noqa: E731 - seconds since epoch → ms after goto

    def first(ev, **kw):
        hits = (e for e in v["page"] if e["ev"] == ev and all(e.get(k) == x for k, x in kw.items()))
        return next((ms(e["t"] / 1000) for e in hits), None)

    mine = [e for e in server if t0 <= e["t"] <= t0 + v["ready_ms"] / 1000]
    runs = [ms(e["t"]) for e in mine if e["ev"] in ("run_start", "run_end")]
    queued = [ms(e["t"]) for e in mine if e["ev"] == "fwd_queued"]
    return {"load": first("load"), "ws_open": first("ws_open"), "first_msg_queued": queued[0] if queued else None,
            "script_runs": sum(e["ev"] == "run_start" for e in mine), "run": runs[:2],
            "last_msg_queued": queued[-1] if queued else None,
            "last_msg_received": max((ms(e["t"] / 1000) for e in v["page"] if e["ev"] == "ws_msg"), default=None),
            "not_running": first("script_state", state="notRunning"), "first_skeleton": first("shown", id="stSkeleton"),
            "last_file": max((ms(r["end"] / 1000) for r in v["resources"] if r["name"] != "favicon.png"), default=None),
            "long_tasks_ms": round(sum(e["ms"] for e in v["page"] if e["ev"] == "longtask")),
            "server_loop_stalls_ms": round(sum(e["ms"] for e in mine if e["ev"] == "loop_lag")),
            "ready": v["ready_ms"]}


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from bench.explorer_pages import CHROMIUM, CHROMIUM_ARGS, FLOOR_APP, PAGES, _free_port, _serve
    from explorer.launch import app_command

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", default="overview", choices=list(PAGES))
    ap.add_argument("--visits", type=int, default=3)
    ap.add_argument("--floor", action="store_true", help="the one-title app instead of the explorer")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-timeline-"))
    log, port = work / "server.jsonl", _free_port()
    cmd = app_command(port)
    cmd[1:3] = ["-m", "bench.page_timeline"]  # the same server, events logged
    env = {**os.environ, LOG_ENV: str(log)}
    if a.floor:
        (work / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
        cmd[4], env["KG_WARMUP"] = str(work / "floor.py"), "0"
    path, key = ("", ("css", "h1", "产教融合")) if a.floor else PAGES[a.page]
    proc, _ = _serve(cmd, port, work / "server.log", env)
    from bench.common import stop_process_group

    try:
        while not a.floor and "explorer warm-up:" not in (work / "server.log").read_text(errors="replace"):
            time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            visits = [visit(browser, f"http://127.0.0.1:{port}/{path}", key) for _ in range(a.visits)]
            browser.close()
    finally:
        stop_process_group(proc)
    server = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    for v in visits:
        v["milestones"] = milestones(v, server)
        print(" ".join(f"{k}={x}" for k, x in v["milestones"].items()))
    if a.json:
        Path(a.json).write_text(json.dumps({"visits": visits, "server": server}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        serve()
    else:
        sys.exit(main())
