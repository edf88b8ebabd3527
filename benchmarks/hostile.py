"""A corpus of hostile input files for ``dateline ingest`` (issue 14), written on demand.

Each case is a file (or a special file) that once cost gigabytes, minutes or a silent skip:
gzip and WARC bombs, pathological HTML, huge lines, bad bytes, special files, hostile names.
``keep`` says how many articles of the file must be stored (None: either way is right); a
case that keeps none must be skipped with a report line. Sizes stay within the limits
(``max_bytes`` 50 MB).
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
GOOD_STORY = (
    "The port authority of Valdora opened a new container terminal on Monday, doubling the "
    "harbour's capacity after four years of construction.\n\n"
    "Critics said the project had cost twice its original budget and displaced two fishing "
    "villages on the northern shore, and the mayor promised an inquiry."
)
PATHOLOGICAL_BLOCK = "<div><p>word word word</p></div>\n"


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    write: Callable[[Path], None]
    keep: int | None = 0
    #: a special file: only in the folder run (a FIFO named directly is refused the same way)
    special: bool = False


def _zeros_gzip(path: Path, size: int) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MB)
    with path.open("wb") as handle:
        for _ in range(size // MB):
            handle.write(compressor.compress(block))
        handle.write(compressor.flush())


def _record(url: str, block: bytes, kind: str = "response") -> bytes:
    content_type = "application/http; msgtype=response" if kind == "response" else "text/html"
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _http(body: bytes, *headers: str, status: str = "200 OK") -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/html; charset=utf-8", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _good_page() -> bytes:
    paragraphs = "".join(f"<p>{part}</p>" for part in GOOD_STORY.split("\n\n"))
    return f"<html><body><article><h1>Terminal</h1>{paragraphs}</article></body></html>".encode()


def pathological_html(size: int) -> str:
    return (
        "<html><body>" + PATHOLOGICAL_BLOCK * (size // len(PATHOLOGICAL_BLOCK)) + "</body></html>"
    )


def _write_html(size: int) -> Callable[[Path], None]:
    return lambda path: path.write_text(pathological_html(size), encoding="utf-8")


def _page_in_warc(path: Path) -> None:
    record = _record("https://a.example/big", _http(pathological_html(45 * MB).encode()))
    path.write_bytes(gzip.compress(_record("https://a.example/ok", _http(_good_page())), 9))
    with path.open("ab") as handle:
        handle.write(gzip.compress(record, 9))


def _http_bomb(path: Path) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(compressor.compress(bytes(MB)) for _ in range(1024)) + compressor.flush()
    record = _record("https://a.example/bomb", _http(bomb, "Content-Encoding: gzip"))
    path.write_bytes(record + _record("https://a.example/ok", _http(_good_page())))


def _long_header(path: Path) -> None:
    path.write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\nX-Long: " + b"a" * (10 * MB) + b"\r\n")


def _many_records(path: Path) -> None:
    record = gzip.compress(_record("https://a.example/gone", _http(b"", status="404 Not Found")))
    path.write_bytes(record * 100_000)


def _huge_length(path: Path) -> None:
    path.write_bytes(
        b"WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\n"
        b"Content-Length: 1000000000000000\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>"
    )


def _words(size: int, seed: int = 1) -> Iterator[str]:
    chooser = random.Random(seed)
    vocabulary = [
        "".join(chooser.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(chooser.randint(2, 9)))
        for _ in range(50_000)
    ]
    written = 0
    while written < size:
        sentence = " ".join(chooser.choices(vocabulary, k=12)).capitalize() + ".\n"
        written += len(sentence)
        yield sentence


def _huge_text(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("A very long article\n\n")
        handle.writelines(_words(49 * MB))


def _high_bytes(path: Path) -> None:
    path.write_bytes(random.Random(2).randbytes(49 * MB).replace(b"\x00", b"\x80"))


def _bad_utf8(path: Path) -> None:
    text = GOOD_STORY.replace("Valdora", "Valdorá") + "\n\nThe naïve café owners agreed."
    path.write_bytes(text.encode("utf-8").replace(b"agreed", b"agreed\x92"))


def _huge_line(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b'{"text": "')
        chunk = b"word " * (MB // 5)
        for _ in range(200):
            handle.write(chunk)
        handle.write(b'"}\n' + json.dumps({"text": GOOD_STORY}).encode() + b"\n")


def _nul_line(path: Path) -> None:
    lines = [json.dumps({"text": GOOD_STORY}).encode(), b'{"text": "bad\x00"}']
    path.write_bytes(b"\n".join(lines) + b"\n")


def _garbage_lines(path: Path) -> None:
    path.write_bytes(b"not json at all\n" * 1_000_000)


def _huge_csv_line(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("title,text\nbig,")
        for _ in range(60):
            handle.write("x" * MB)
        handle.write("\n")


def _big_feed(path: Path) -> None:
    words = _words(40 * MB, seed=3)
    items = (
        f"<item><title>Item {number}</title><link>https://a.example/{number}</link>"
        f"<description>{''.join(itertools.islice(words, 140))}</description></item>\n"
        for number in range(1_000)
    )
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>\n')
        handle.writelines(items)
        handle.write("</channel></rss>\n")


def _laughs(path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>Laughs</title><item><title>x</title><description>&lol9;</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )


def _nested(path: Path) -> None:
    path.write_text("<html><body>" + "<div>" * 200_000 + "deep" + "</body></html>")


def _script_heavy(path: Path) -> None:
    script = "<script>var blob = '" + "x" * (40 * MB) + "';</script>"
    page = _good_page().decode().replace("<body>", "<body>" + script)
    path.write_text(page, encoding="utf-8")


def _good(path: Path) -> None:
    path.write_text("Terminal opens\n\n" + GOOD_STORY, encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


CASES: tuple[Case, ...] = (
    Case("zeros-200mb.warc.gz", lambda path: _zeros_gzip(path, 200 * MB)),
    Case("zeros-1gb.warc.gz", lambda path: _zeros_gzip(path, 1024 * MB)),
    Case("page-45mb-in.warc.gz", _page_in_warc, keep=1),
    Case("http-gzip-bomb.warc", _http_bomb, keep=1),
    Case("long-header.warc", _long_header),
    Case("100k-records.warc.gz", _many_records),
    Case("huge-length.warc", _huge_length),
    Case("page-200kb.html", _write_html(200 * 1024), keep=1),
    Case("page-500kb.html", _write_html(500 * 1024), keep=1),
    Case("page-1900kb.html", _write_html(1900 * 1024), keep=1),
    Case("page-5mb.html", _write_html(5 * MB)),
    Case("page-45mb.html", _write_html(45 * MB)),
    Case("nested-200k.html", _nested),
    Case("script-40mb.html", _script_heavy, keep=1),
    Case("words-49mb.txt", _huge_text, keep=1),
    Case("high-bytes-49mb.txt", _high_bytes),
    Case("bad-utf8.txt", _bad_utf8, keep=1),
    Case("line-200mb.jsonl", _huge_line, keep=1),
    Case("nul-line.jsonl", _nul_line, keep=1),
    Case("garbage-1m-lines.jsonl", _garbage_lines),
    Case("line-60mb.csv", _huge_csv_line),
    Case("feed-1k-items.rss", _big_feed, keep=1000),
    Case("billion-laughs.rss", _laughs, keep=None),
    Case("evil\n\x1b[2J\x1b]0;pwned\x07name.txt", _good, keep=1),
    Case("fifo.txt", _fifo, special=True),
    Case("dev-zero.txt", _link_to("/dev/zero"), special=True),
    Case("loop.txt", _loop, special=True),
    Case("dangling.txt", _link_to("/nowhere/at/all.txt"), special=True),
)
