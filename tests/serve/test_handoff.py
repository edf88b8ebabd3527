"""Connections dealt to server processes in turn: a burst of kept-alive connections is shared
evenly, and the server stops with its workers."""

from __future__ import annotations

import collections
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve.live import free_port, read_reply

# a server whose every answer is the id of the worker process that gave it
SERVE_PIDS = """
import os, sys
from dateline.serve.server import run_workers

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = str(os.getpid()).encode()
    headers = [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})

run_workers(lambda: app, "127.0.0.1", int(sys.argv[1]), int(sys.argv[2]))
"""


def _ask(connection: socket.socket, port: int) -> int:
    """The worker's pid, asked over a kept-alive connection."""
    connection.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    return int(read_reply(connection)[1])


def _workers_of(pid: int) -> list[int]:
    listed = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in listed.read_text().split()]


@pytest.fixture()
def pid_server() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE_PIDS, str(port), "2"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as probe:
                probe.settimeout(10)
                _ask(probe, port)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield server, port
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_burst_of_connections_is_shared_evenly_and_sigterm_stops_every_worker(
    pid_server: tuple[subprocess.Popen[bytes], int],
) -> None:
    server, port = pid_server
    workers = _workers_of(server.pid)
    assert len(workers) == 2
    for _ in range(3):
        connections = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(8)]
        try:
            answers = [_ask(c, port) for c in connections]
            # each connection stays with its worker
            assert [_ask(c, port) for c in connections] == answers
        finally:
            for connection in connections:
                connection.close()
        assert collections.Counter(answers) == {workers[0]: 4, workers[1]: 4}
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}/stat")]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_worker_killed_stops_the_server_and_the_other_worker(
    pid_server: tuple[subprocess.Popen[bytes], int],
) -> None:
    server, _ = pid_server
    first, second = _workers_of(server.pid)
    os.kill(first, signal.SIGKILL)
    server.wait(timeout=30)
    deadline = time.monotonic() + 30
    while os.path.exists(f"/proc/{second}/stat") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{second}/stat")
