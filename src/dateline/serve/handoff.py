"""Connections dealt to server processes in turn (POSIX).

When several processes accept on one listening socket, the kernel wakes them all and the
first to run takes every connection waiting (asyncio accepts until none is left): 8
connections opened together all went to one of two processes, ten times out of ten, so one
core served them while the other idled. As Node's cluster module does by default, the parent
here accepts instead and hands each connection to the next process in turn, over a Unix
socket (``SCM_RIGHTS``), which serves it as if it had accepted it itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import socket
from collections.abc import Callable, Sequence

#: How often the dealing loop looks whether it should stop or a worker has ended.
CHECK_SECONDS = 0.2


def handoff_pair() -> tuple[socket.socket, socket.socket]:
    """The parent's end and a worker's end of one worker's hand-off channel."""
    # SEQPACKET keeps each connection's message whole, and a dead worker shows as an error
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


def deal_connections(
    listener: socket.socket,
    workers: Sequence[socket.socket],
    stopping: Callable[[], bool],
) -> None:
    """Accept on ``listener`` and hand each connection to the next of ``workers`` (their
    parent ends) until ``stopping()`` or a worker process ends (a child reaped here, or its
    channel broken). A worker whose channel is full is passed over; when all are, the
    connection is closed."""
    listener.setblocking(False)
    for channel in workers:
        channel.setblocking(False)
    turn = 0
    with selectors.DefaultSelector() as selector:
        selector.register(listener, selectors.EVENT_READ)
        while not stopping() and not _a_child_ended():
            if not selector.select(CHECK_SECONDS):
                continue
            while True:
                try:
                    connection, _ = listener.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except ConnectionAbortedError:
                    continue
                with connection:
                    handed = _hand(connection, workers, turn)
                if handed is None:
                    return
                turn = handed + 1


def _hand(connection: socket.socket, workers: Sequence[socket.socket], turn: int) -> int | None:
    """The index of the worker given ``connection`` (-1: every one was full), or None when
    a worker's channel is broken."""
    for step in range(len(workers)):
        index = (turn + step) % len(workers)
        try:
            socket.send_fds(workers[index], [b"c"], [connection.fileno()])
        except BlockingIOError:
            continue
        except OSError:
            return None
        return index
    return -1


def _a_child_ended() -> bool:
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return pid != 0


class ConnectionReceiver:
    """A worker's end: takes the connections the parent hands over and starts each with a
    protocol from ``make_protocol``; ``parent_gone`` is called when the parent's end closes."""

    def __init__(
        self,
        channel: socket.socket,
        make_protocol: Callable[[], asyncio.Protocol],
        parent_gone: Callable[[], None],
    ) -> None:
        self._channel = channel
        self._make_protocol = make_protocol
        self._parent_gone = parent_gone
        self._starting: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._channel.setblocking(False)
        self._loop.add_reader(self._channel.fileno(), self._take)

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.remove_reader(self._channel.fileno())
            self._loop = None
        self._channel.close()

    def _take(self) -> None:
        assert self._loop is not None
        try:
            message, fds, _, _ = socket.recv_fds(self._channel, 16, 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            message, fds = b"", []
        if not message and not fds:
            self.stop()
            self._parent_gone()
            return
        for fd in fds:
            task = self._loop.create_task(self._serve(self._loop, socket.socket(fileno=fd)))
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def _serve(self, loop: asyncio.AbstractEventLoop, connection: socket.socket) -> None:
        connection.setblocking(False)
        try:
            await loop.connect_accepted_socket(self._make_protocol, connection)
        except OSError:  # the client left before it could be served
            with contextlib.suppress(OSError):
                connection.close()
