"""The HTTP server: uvicorn with timeouts and a connection limit, and a prompt stop.

- A connection must send a request's headers within ``header_seconds`` of opening (or of the
  previous response); a half-sent or never-sent request is closed then, before any token
  check could even run. Bodies are bounded by :mod:`dateline.serve.limits`.
- An idle kept-alive connection is closed after ``keep_alive_seconds``.
- At most ``max_connections`` connections and requests at once; more get 503.
- SIGTERM or Ctrl-C stops every running query (:func:`~dateline.store.budget.stop_all_queries`)
  and waits at most ``stop_seconds`` for requests in flight.
- Each process runs pages on ``threads`` threads (:mod:`dateline.serve.threads`).
- :func:`run_workers` serves from several processes (``dateline serve --workers N``, by
  default one per core, :func:`default_workers`), dealing connections to them in turn
  (:mod:`dateline.serve.handoff`): Python runs one thread at a time in a process, so a
  page's work (mostly Python: the query layer, validation, JSON) uses one core per process
  whatever the threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from dateline.serve.handoff import ConnectionReceiver, deal_connections, handoff_pair
from dateline.serve.threads import READING_THREADS, use_reading_threads
from dateline.store.budget import stop_all_queries

HEADER_SECONDS = 10.0


def default_workers() -> int:
    """Server processes when the user names none: one per core this process may run on (a
    page's work is Python, one core per process), one where processes cannot fork."""
    if not hasattr(os, "fork"):
        return 1
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, len(cores) if cores is not None else (os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class ServerLimits:
    header_seconds: float = HEADER_SECONDS
    keep_alive_seconds: int = 5
    max_connections: int = 64
    stop_seconds: int = 3
    max_header_bytes: int = 64 * 1024
    threads: int = READING_THREADS


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers do not arrive in
    time (uvicorn itself only times out idle connections between requests), and sending each
    write at once (TCP_NODELAY).

    asyncio turns Nagle's algorithm off only on sockets whose protocol number is TCP's, and a
    listener from :func:`socket.create_server` (as the workers shared before :func:`run_workers`
    dealt connections itself) has 0 there. With Nagle on, a response's body waits behind its
    head until the client acknowledges the head, which clients delay by up to 40 ms: every
    request after the first on a kept-alive connection took 44 ms whatever its work.
    """

    header_seconds = HEADER_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _send_at_once(transport)
        self._await_headers(None)

    def on_response_complete(self) -> None:
        finished = self.cycle  # a pipelined request may start inside the call below
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers(finished)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _await_headers(self, last_cycle: object) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(
            self.header_seconds, self._headers_late, last_cycle
        )

    def _headers_late(self, last_cycle: object) -> None:
        # a new request cycle means its headers arrived in time; the same one means they did not
        if self.cycle is last_cycle and not self.transport.is_closing():
            self.transport.close()


def _send_at_once(transport: asyncio.Transport) -> None:
    connection = transport.get_extra_info("socket")
    if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # the peer may already be gone
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _Server(uvicorn.Server):
    def __init__(
        self, config: uvicorn.Config, threads: int, handoff: socket.socket | None = None
    ) -> None:
        super().__init__(config)
        self.threads = threads
        self.receiver = (
            None if handoff is None else ConnectionReceiver(handoff, self._protocol, self._exit)
        )

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        use_reading_threads(self.threads)  # per event loop, so here, in the serving process
        await super().startup([] if self.receiver is not None else sockets)
        if self.receiver is not None and self.started:
            self.receiver.start()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self.receiver is not None:
            self.receiver.stop()  # take no more connections
        await super().shutdown(sockets)

    def _protocol(self) -> asyncio.Protocol:
        # as uvicorn's own factory in startup() makes each connection's protocol
        return self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )

    def _exit(self) -> None:
        self.should_exit = True

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        stop_all_queries()  # a running search ends within a moment instead of at its budget
        super().handle_exit(sig, frame)


def run_server(app: Any, host: str, port: int, limits: ServerLimits | None = None) -> None:
    """Serve ``app`` until stopped."""
    make_server(app, host, port, limits).run()


def make_server(
    app: Any,
    host: str,
    port: int,
    limits: ServerLimits | None = None,
    handoff: socket.socket | None = None,
) -> uvicorn.Server:
    """The configured server (``.run()`` serves until stopped); with ``handoff`` it serves
    the connections handed over that channel (:mod:`dateline.serve.handoff`) instead of
    accepting any."""
    limits = limits or ServerLimits()
    protocol = type(
        "DatelineH11Protocol", (HeaderTimeoutProtocol,), {"header_seconds": limits.header_seconds}
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        http=protocol,
        timeout_keep_alive=limits.keep_alive_seconds,
        limit_concurrency=limits.max_connections,
        timeout_graceful_shutdown=limits.stop_seconds,
        h11_max_incomplete_event_size=limits.max_header_bytes,
    )
    return _Server(config, limits.threads, handoff)


def run_workers(
    make_app: Callable[[], Any],
    host: str,
    port: int,
    workers: int,
    limits: ServerLimits | None = None,
) -> None:
    """Serve from ``workers`` processes (POSIX ``fork``), each with its own application from
    ``make_app``, called in the worker after the fork so that no database connection crosses
    it (open none before). This process listens and deals each new connection to the next
    worker in turn (:mod:`dateline.serve.handoff`); a connection limit holds per worker.
    SIGTERM or Ctrl-C stops every worker; when one exits, the others are stopped and this
    returns."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=2048)
    channels = [handoff_pair() for _ in range(workers)]
    children: list[int] = []
    stopped = False
    try:
        for _, theirs in channels:
            pid = os.fork()
            if pid == 0:  # a worker: serve until stopped, never return into the caller
                status = 1
                try:
                    listener.close()
                    for channel in {end for pair in channels for end in pair} - {theirs}:
                        channel.close()
                    make_server(make_app(), host, port, limits, handoff=theirs).run()
                    status = 0
                finally:
                    os._exit(status)
            children.append(pid)
        for _, theirs in channels:
            theirs.close()

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopped
            stopped = True
            for child in children:
                _signal(child, signal.SIGTERM)

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            # until stopped, or the first worker to end (stopped, or failed) ends the rest
            deal_connections(listener, [own for own, _ in channels], lambda: stopped)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        listener.close()
        for own, _ in channels:
            own.close()
        for child in children:
            _signal(child, signal.SIGTERM)
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
