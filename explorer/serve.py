"""Serve the explorer with a cache warm-up: ``python -m explorer.serve run app.py [streamlit options]``.

The same as ``streamlit run`` (the arguments are passed through), plus a background thread that, once
the server runs, computes what each page shows on its first visit (explorer/warmup.py) into the app's
shared cache — so the first person to open a page after ``make run`` does not wait for its queries —
its connections send without Nagle's delay (:func:`send_without_delay`), and it tells a command-line ingest
on the same machine when it works, so that the ingest makes way (kg/activity.py).
"""
from __future__ import annotations

import functools
import os
import socket
import sys
import threading
import time
from pathlib import Path


def _watch() -> None:
    """Tell a command-line ingest when this server works (kg/activity.py), unless KG_ACTIVITY=0."""
    if os.environ.get("KG_ACTIVITY", "1") != "0":
        from kg.activity import watch_server

        watch_server()


def _warm_when_ready(then=None) -> None:
    """The warm-up, once the server runs; then ``then()`` (also when the warm-up fails or cannot start)."""
    try:
        _warm_up_once_running()
    finally:
        if then is not None:
            then()


def _warm_up_once_running() -> None:
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


def _tcp(sock: socket.socket) -> socket.socket:
    """The same listening socket, known to Python as TCP (``proto`` IPPROTO_TCP instead of 0)."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    blocking, inheritable = sock.getblocking(), sock.get_inheritable()
    tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    tcp.setblocking(blocking)  # as Streamlit left it (non-blocking, inheritable)
    tcp.set_inheritable(inheritable)
    return tcp


def send_without_delay() -> bool:
    """Make the server's connections send at once (TCP_NODELAY), as asyncio means them to (#24).

    Streamlit binds its listening socket itself (``socket.socket(family)``, so ``proto`` is 0), and asyncio
    sets TCP_NODELAY only on sockets whose ``proto`` is IPPROTO_TCP. Its connections are therefore left
    with Nagle's algorithm on: a response written as headers then body waits for the browser's delayed
    acknowledgement (40 ms on Linux) before the body goes out — on every static file after the first on a
    kept-alive connection (~60 JavaScript files for a new session, six connections) and on a script run's
    messages. Here the listening socket is handed over as TCP, so every accepted connection gets
    TCP_NODELAY from asyncio. A private Streamlit function; if it is gone, nothing changes (returns
    False). ``KG_TCP_NODELAY=0`` leaves Streamlit's socket as it is (the benchmark's baseline)."""
    if os.environ.get("KG_TCP_NODELAY", "1") == "0":
        return False
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        return False
    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None or getattr(bind, "kg_tcp", False):
        return bind is not None

    @functools.wraps(bind)
    def bind_tcp(*args, **kwargs):
        return _tcp(bind(*args, **kwargs))

    bind_tcp.kg_tcp = True
    starlette_server._bind_socket = bind_tcp
    return True


def main() -> None:
    send_without_delay()
    # a command-line ingest makes way while this server works (kg/activity.py) — from the end of the warm-up
    # on: the warm-up is nobody's wait, and an ingest that waited through it would have used up its longest
    # wait (kg.activity.MAX_WAIT_S) just when the first leader's page loads
    if os.environ.get("KG_WARMUP", "1") != "0":
        threading.Thread(target=_warm_when_ready, args=(_watch,), name="kg-warmup", daemon=True).start()
    else:
        _watch()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
