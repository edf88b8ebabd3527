"""The serve benchmark's bare HTTP/1.1 client reads what a server sends: bodies by length or in
chunks, over kept-alive connections, and counts every answer but a 200 as an error."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from bench_serve import _fire

ANSWERS = {
    "/sized": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    "/chunked": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    ),
    "/missing": b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno",
}


async def _serve_and_fire(urls: list[str], concurrency: int) -> tuple[list[float], int, int]:
    connections = 0

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        try:
            while request := await reader.readuntil(b"\r\n\r\n"):
                path = request.split(b" ")[1].decode().split("?")[0]
                writer.write(ANSWERS[path])
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        latencies, errors = await _fire("127.0.0.1", port, urls, concurrency)
    return latencies, errors, connections


def test_the_client_reads_sized_and_chunked_bodies_on_kept_alive_connections() -> None:
    urls = ["/sized?q=a b", "/chunked", "/missing"] * 10
    latencies, errors, connections = asyncio.run(_serve_and_fire(urls, 4))
    assert len(latencies) == 30
    assert errors == 10  # the 404s
    assert connections == 4  # one per request in flight, kept alive
