"""The threads a server process runs requests' work on: pages on the reading threads only,
writes on threads of their own."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI

from dateline.serve.server import ServerLimits, make_server
from dateline.serve.threads import run_write, use_reading_threads
from tests.serve.live import free_port, running


class Pages:
    """An app whose ``/page`` holds a thread a moment and counts how many run at once, and
    whose ``/write`` waits on a writing thread until released."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.app = FastAPI()
        self.app.get("/page")(self.page)
        self.app.post("/write")(self.write)

    def page(self) -> dict[str, int]:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.2)
        with self.lock:
            self.running -= 1
        return {"ok": 1}

    async def write(self) -> dict[str, bool]:
        return {"released": await run_write(self.release.wait, 30)}


@pytest.fixture(params=[1, 2])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Pages, int, int]]:
    pages, port = Pages(), free_port()
    server = make_server(pages.app, "127.0.0.1", port, ServerLimits(threads=request.param))
    try:
        with running(server):
            yield pages, port, request.param
    finally:
        pages.release.set()


def _get(port: int, path: str) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as reply:
        return int(reply.status)


def test_pages_run_on_at_most_the_reading_threads(served: tuple[Pages, int, int]) -> None:
    pages, port, threads = served
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda _: _get(port, "/page"), range(6)))
    assert statuses == [200] * 6
    assert pages.most == threads


def test_a_waiting_write_leaves_the_reading_thread_to_pages(
    served: tuple[Pages, int, int],
) -> None:
    pages, port, _ = served
    with ThreadPoolExecutor(1) as pool:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/write", method="POST")
        writing = pool.submit(urllib.request.urlopen, request, timeout=30)
        time.sleep(0.3)  # the write is waiting on its thread
        assert _get(port, "/page") == 200
        assert not writing.done()
        pages.release.set()
        with writing.result(timeout=30) as reply:
            assert reply.read() == b'{"released":true}'


def test_fewer_than_one_reading_thread_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        use_reading_threads(0)
