"""Page latency while the server processes a hostile upload.

Serves a store with ``dateline serve`` in a subprocess, uploads one pathological HTML page
(deeply repeated blocks, costly for the text extractor) through ``POST /api/ingest``, and
meanwhile requests pages one after another, as a person browsing would; reports p50/p95/max
of those pages while the upload was in flight, and the same without an upload.

    .venv/bin/python benchmarks/bench_serve_hostile.py --db /tmp/bench3k.db --html-kb 300
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

PAGES = ("/", "/api/articles?limit=20", "/search?q=said", "/api/stats")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def hostile_html(kilobytes: int) -> bytes:
    block = "<div><p>word word word</p></div>\n"
    return ("<html><body>" + block * (kilobytes * 1024 // len(block)) + "</body></html>").encode()


def _browse(base: str, stop: threading.Event, latencies: list[float]) -> None:
    with httpx.Client(timeout=60) as client:
        number = 0
        while not stop.is_set():
            start = time.perf_counter()
            response = client.get(base + PAGES[number % len(PAGES)])
            response.raise_for_status()
            latencies.append((time.perf_counter() - start) * 1000)
            number += 1
            time.sleep(0.05)


def _summary(name: str, latencies: Sequence[float]) -> str:
    return (
        f"| {name} | {len(latencies)} | {_percentile(latencies, 0.5):.0f} | "
        f"{_percentile(latencies, 0.95):.0f} | {max(latencies):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store to serve (copied)")
    parser.add_argument("--html-kb", type=int, default=300)
    parser.add_argument("--baseline-seconds", type=float, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dateline-hostile-"))
    db = work / "served.db"
    shutil.copy(args.db, db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/stats", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        baseline: list[float] = []
        stop = threading.Event()
        browser = threading.Thread(target=_browse, args=(base, stop, baseline))
        browser.start()
        time.sleep(args.baseline_seconds)
        stop.set()
        browser.join()
        loaded: list[float] = []
        stop = threading.Event()
        browser = threading.Thread(target=_browse, args=(base, stop, loaded))
        browser.start()
        start = time.perf_counter()
        page = hostile_html(args.html_kb)
        reply = httpx.post(
            base + "/api/ingest?annotate=false",
            files=[("files", ("hostile.html", page, "text/html"))],
            timeout=600,
        )
        upload_seconds = time.perf_counter() - start
        stop.set()
        browser.join()
        print(
            f"upload of {len(page) // 1024} KB: HTTP {reply.status_code} in {upload_seconds:.1f} s"
        )
        print(reply.text[:300])
        print("| while | pages | p50 ms | p95 ms | max ms |")
        print("| --- | --- | --- | --- | --- |")
        print(_summary("no upload", baseline))
        print(_summary("hostile upload in flight", loaded))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
