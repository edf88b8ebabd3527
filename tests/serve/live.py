"""A real server for the tests that need sockets: a free loopback port, a uvicorn server run
in a thread until the test ends, and one HTTP/1.1 response read off a raw connection."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(server: uvicorn.Server, **run: Any) -> Iterator[uvicorn.Server]:
    """``server`` serving in a thread (``run``: the keywords of ``server.run``), stopped on exit."""
    thread = threading.Thread(target=server.run, kwargs=run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        yield server
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def read_reply(connection: socket.socket) -> tuple[bytes, bytes]:
    """The head and body of one whole response, however many packets they arrive in."""
    connection.settimeout(10)
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += connection.recv(65536)
    return head, body
