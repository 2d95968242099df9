"""explorer/serve.py: the server's connections send without Nagle's delay (TCP_NODELAY), #24."""
from __future__ import annotations

import asyncio
import socket

import pytest

from explorer import serve

starlette_server = pytest.importorskip("streamlit.web.server.starlette.starlette_server")


def _accepted_nodelay(listening: socket.socket) -> int:
    """Serve one connection with asyncio on the listening socket (as uvicorn does) and return the
    TCP_NODELAY option of the server's side of it."""
    seen: list[int] = []

    async def main() -> None:
        got = asyncio.Event()

        def on_conn(reader, writer):
            sock = writer.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()
            got.set()

        server = await asyncio.start_server(on_conn, sock=listening)
        port = listening.getsockname()[1]
        _, w = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.wait_for(got.wait(), 10)
        w.close()
        server.close()
        await server.wait_closed()

    asyncio.run(main())
    return seen[0]


def test_streamlit_socket_alone_leaves_nagle_on(monkeypatch):
    """The reason for the change: Streamlit's own listening socket (proto 0) gets connections without
    TCP_NODELAY from asyncio. If a Streamlit version fixes this, the change can go."""
    monkeypatch.setenv("KG_TCP_NODELAY", "0")
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    assert serve.send_without_delay() is False
    sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
    assert sock.proto == 0
    assert _accepted_nodelay(sock) == 0


def test_connections_get_tcp_nodelay(monkeypatch):
    monkeypatch.delenv("KG_TCP_NODELAY", raising=False)
    original = starlette_server._bind_socket
    monkeypatch.setattr(starlette_server, "_bind_socket", original)
    assert serve.send_without_delay() is True
    assert serve.send_without_delay() is True  # twice: wrapped once
    assert starlette_server._bind_socket.__wrapped__ is original
    sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
    assert sock.proto == socket.IPPROTO_TCP and not sock.getblocking() and sock.get_inheritable()
    assert _accepted_nodelay(sock) != 0


def test_a_socket_already_tcp_is_kept():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        assert serve._tcp(s) is s
    finally:
        s.close()
