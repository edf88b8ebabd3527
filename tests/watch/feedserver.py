"""A feed server on loopback for the watch tests: feeds, pages and misbehaving endpoints."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

_WORDS = [
    "council",
    "harbour",
    "bridge",
    "budget",
    "minister",
    "river",
    "school",
    "train",
    "farmers",
    "election",
    "court",
    "museum",
    "storm",
    "festival",
    "workers",
    "factory",
    "hospital",
    "mayor",
    "tunnel",
    "library",
    "police",
    "market",
    "island",
    "drought",
    "vaccine",
    "pension",
    "strike",
    "airport",
    "canal",
    "reactor",
    "forest",
    "village",
    "senate",
    "treaty",
    "border",
    "ferry",
    "glacier",
    "orchestra",
    "league",
    "stadium",
    "vineyard",
    "refinery",
    "satellite",
    "approved",
    "delayed",
    "opened",
    "closed",
    "rejected",
    "funded",
    "repaired",
    "announced",
    "postponed",
    "quietly",
    "sharply",
    "early",
    "late",
    "again",
    "finally",
    "twice",
    "briefly",
    "openly",
    "slowly",
]

#: the date every item of :func:`rss` carries, one day apart from item 0
BASE_DAY = 1_700_000_000


def item_text(number: int) -> str:
    """A made-up news text of its own words for item ``number`` (no two are near-duplicates)."""
    rng = random.Random(number)
    sentences = []
    for _ in range(6):
        words = [rng.choice(_WORDS) for _ in range(12)]
        sentences.append(f"Item {number} reports that the " + " ".join(words) + ".")
    return " ".join(sentences)


def item_url(base: str, number: int) -> str:
    return f"{base}/story/{number}"


def rss(base: str, numbers: list[int], title: str = "Loopback News") -> bytes:
    """An RSS 2.0 feed of the given items, each with a link, a date and its text."""
    entries = []
    for number in numbers:
        moment = dt.datetime.fromtimestamp(BASE_DAY + number * 86400, dt.UTC)
        day = format_datetime(moment, usegmt=True)
        entries.append(
            f"<item><title>Story {number}</title><link>{item_url(base, number)}</link>"
            f"<guid>{item_url(base, number)}</guid><pubDate>{day}</pubDate>"
            f"<description>{escape(item_text(number))}</description></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{base}</link>{''.join(entries)}</channel></rss>"
    ).encode()


@dataclass
class Route:
    """What one path answers: a body with caching headers, or a misbehaviour."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    delay: float = 0.0
    location: str | None = None
    retry_after: str | None = None
    cache_control: str | None = None
    last_modified: str = "Tue, 14 Nov 2023 22:13:20 GMT"


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    active: int = 0
    most_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for hit, headers in self.requests if hit == path]

    def url(self, path: str) -> str:
        return self.base + path


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            # requests count as active while they wait out their delay: counting until the
            # response is written would race the client, which may send its next request
            # before this thread has counted the last one done
            route = server.routes.get(self.path)
            with server.lock:
                server.active += 1
                server.most_active = max(server.most_active, server.active)
            try:
                if route is not None and route.delay:
                    time.sleep(route.delay)
            finally:
                with server.lock:
                    server.active -= 1
            self._answer()

        def _answer(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            if route.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            if route.location:
                absolute = "://" in route.location
                self.send_header(
                    "Location", route.location if absolute else server.url(route.location)
                )
            if route.cache_control:
                self.send_header("Cache-Control", route.cache_control)
            if route.retry_after:
                self.send_header("Retry-After", route.retry_after)
            if route.status == 200:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", route.last_modified)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    """A threaded HTTP server on 127.0.0.1 (a free port) for the length of the block."""
    holder = FeedServer(base="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    httpd.daemon_threads = True
    holder.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        httpd.shutdown()
        httpd.server_close()
