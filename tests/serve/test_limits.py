"""Request bodies are bounded while they arrive: 413 at the limit, 408 when a body stalls."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from starlette.types import Message

from dateline.api import Corpus
from dateline.serve.app import create_app
from dateline.serve.limits import BodyLimits

KB = 1024


class Feed:
    """A client sending a body in chunks; counts what the server pulled."""

    def __init__(self, chunks: Iterator[bytes], stall: bool = False) -> None:
        self.chunks = chunks
        self.pulled = 0
        self.stall = stall

    async def receive(self) -> Message:
        chunk = next(self.chunks, None)
        if chunk is None:
            if self.stall:
                await asyncio.sleep(3600)
            return {"type": "http.request", "body": b"", "more_body": False}
        self.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}


def _scope(headers: list[tuple[bytes, bytes]], path: str = "/api/ingest") -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"annotate=false",
        "headers": [(b"host", b"testserver"), *headers],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
        "root_path": "",
        "state": {},
    }


def _send(app: Any, scope: dict[str, Any], feed: Feed) -> list[Message]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, feed.receive, send))
    return sent


def _endless(size: int = 64 * KB) -> Iterator[bytes]:
    while True:
        yield b"x" * size


def _multipart(boundary: bytes, name: str, size: int) -> Iterator[bytes]:
    yield (
        b"--"
        + boundary
        + b'\r\nContent-Disposition: form-data; name="files"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: text/plain\r\n\r\n'
    )
    sent = 0
    while sent < size:
        yield b"word " * (16 * KB // 5)
        sent += 16 * KB // 5 * 5
    yield b"\r\n--" + boundary + b"--\r\n"


def _status(sent: list[Message]) -> int:
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    hostile_corpus: Corpus,
) -> None:
    app = create_app(hostile_corpus, max_upload_bytes=100 * KB, max_request_bytes=300 * KB)
    feed = Feed(_endless())
    headers = [
        (b"content-type", b"multipart/form-data; boundary=xyz"),
        (b"content-length", str(2 * 1024**3).encode()),
    ]
    sent = _send(app, _scope(headers), feed)
    assert _status(sent) == 413 and feed.pulled == 0


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_request_limit(
    hostile_corpus: Corpus,
) -> None:
    app = create_app(hostile_corpus, max_upload_bytes=10_000 * KB, max_request_bytes=300 * KB)
    feed = Feed(_multipart(b"xyz", "big.txt", 5000 * KB))
    sent = _send(app, _scope([(b"content-type", b"multipart/form-data; boundary=xyz")]), feed)
    assert _status(sent) == 413
    assert feed.pulled <= 300 * KB + 16 * KB  # stopped within one chunk of the limit
    assert b"byte limit" in b"".join(m.get("body", b"") for m in sent)


def test_one_file_over_the_file_limit_is_refused_while_it_arrives(hostile_corpus: Corpus) -> None:
    app = create_app(hostile_corpus, max_upload_bytes=100 * KB, max_request_bytes=10_000 * KB)
    boundary = b"b0undary"
    feed = Feed(_multipart(boundary, "big.txt", 5000 * KB))
    headers = [(b"content-type", b"multipart/form-data; boundary=" + boundary)]
    sent = _send(app, _scope(headers), feed)
    assert _status(sent) == 413
    assert feed.pulled <= 120 * KB
    assert b"a file in the upload" in b"".join(m.get("body", b"") for m in sent)


def test_a_json_body_has_its_own_small_limit(hostile_corpus: Corpus) -> None:
    client = TestClient(create_app(hostile_corpus))
    big = b'{"names": ["' + b"a" * (2 * 1024 * KB) + b'", "b"]}'
    response = client.post(
        "/api/corrections/merge", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_uploads_within_the_limits_still_work(hostile_corpus: Corpus) -> None:
    client = TestClient(
        create_app(hostile_corpus, max_upload_bytes=100 * KB, max_request_bytes=300 * KB)
    )
    files = [
        ("files", (f"a{n}.txt", b"Some text about Moscow. " * 100, "text/plain")) for n in range(3)
    ]
    assert client.post("/api/ingest?annotate=false", files=files).status_code == 201


def test_a_body_that_stops_arriving_times_out() -> None:
    async def reader(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read"})

    app = BodyLimits(reader, upload_bytes=KB * KB, part_bytes=KB * KB, idle_seconds=0.2)
    feed = Feed(iter([b"x" * KB]), stall=True)
    sent = _send(app, _scope([(b"content-type", b"text/plain")]), feed)
    assert _status(sent) == 408
