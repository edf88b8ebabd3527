"""The HTTP server itself: slow or idle connections are closed, SIGTERM stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.api import Corpus
from dateline.serve.app import create_app
from dateline.serve.server import ServerLimits, make_server
from tests.serve.live import free_port, read_reply, running
from tests.serve.seed import SeedBuild


@pytest.fixture()
def live_port(hostile_corpus: Corpus) -> Iterator[int]:
    port = free_port()
    limits = ServerLimits(header_seconds=0.5, keep_alive_seconds=30)
    with running(make_server(create_app(hostile_corpus), "127.0.0.1", port, limits)):
        yield port


def _closed_by_server(connection: socket.socket) -> bool:
    """Whether the server closes the connection (rather than the 10 s wait running out)."""
    connection.settimeout(10)
    try:
        return connection.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_request_whose_headers_never_finish_is_closed(live_port: int) -> None:
    with socket.create_connection(("127.0.0.1", live_port)) as connection:
        connection.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert _closed_by_server(connection)


def test_a_connection_that_sends_nothing_is_closed(live_port: int) -> None:
    with socket.create_connection(("127.0.0.1", live_port)) as connection:
        assert _closed_by_server(connection)


def test_a_kept_alive_connection_must_send_its_next_headers_in_time(live_port: int) -> None:
    with socket.create_connection(("127.0.0.1", live_port)) as connection:
        connection.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert read_reply(connection)[0].startswith(b"HTTP/1.1 200")
        connection.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0")
        assert _closed_by_server(connection)


def test_a_request_slower_than_the_header_time_is_not_cut(live_port: int) -> None:
    body = b'{"name": "Nobody Qwerty", "new": "X"}'
    with socket.create_connection(("127.0.0.1", live_port)) as connection:
        connection.sendall(
            b"POST /api/corrections/rename HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
        )
        for start in range(0, len(body), 13):  # the body over 1.5 s: three header times
            time.sleep(0.5)
            connection.sendall(body[start : start + 13])
        connection.settimeout(10)
        assert connection.recv(65536).startswith(b"HTTP/1.1 422")


def test_a_whole_request_is_answered(live_port: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{live_port}/api/stats", timeout=10) as reply:
        assert reply.status == 200


def test_sigterm_stops_the_server(seed_build: SeedBuild, tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dateline",
            "serve",
            "--db",
            str(seed_build.path),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down cleanly, then re-raises the signal it caught
        assert server.wait(timeout=30) in (0, -signal.SIGTERM)
        assert server.stdout is not None
        assert b"Shutting down" in server.stdout.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_responses_go_out_at_once_whatever_the_listener(hostile_corpus: Corpus) -> None:
    # a listener from socket.create_server has protocol number 0, on which asyncio leaves
    # Nagle's algorithm on: a body then waited for the client's delayed acknowledgement
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = make_server(create_app(hostile_corpus), "127.0.0.1", port)
    with (
        listener,
        running(server, sockets=[listener]),
        socket.create_connection(("127.0.0.1", port), timeout=10) as connection,
    ):
        connection.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert read_reply(connection)[0].startswith(b"HTTP/1.1 200")
        (served,) = server.server_state.connections
        served_socket = served.transport.get_extra_info("socket")
        assert served_socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
