"""WARC archives written with warcio."""

from __future__ import annotations

import gzip as gzip_module
from pathlib import Path

import pytest

from dateline.ingest import errors
from dateline.ingest.formats.warc import read_warc_file
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput
from tests.ingest.samples import COUNCIL_STORY, HARBOUR_STORY, RIVER_STORY, html_page, write_warc

PAGES = [
    ("https://valdora.example/harbour", html_page("Harbour terminal opens", HARBOUR_STORY)),
    ("https://valdora.example/flood", html_page("Arlen floods Brisk", RIVER_STORY)),
    ("https://marrow.example/car-ban", html_page("Car ban", COUNCIL_STORY)),
]


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_documents_with_their_target_uri(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, PAGES, gzip=gzip)
    documents = list(read_warc_file(path, IngestOptions()))
    assert all(isinstance(document, RawDocument) for document in documents)
    assert [document.url for document in documents if isinstance(document, RawDocument)] == [
        url for url, _ in PAGES
    ]
    first = documents[0]
    assert isinstance(first, RawDocument)
    assert first.input_format == "warc"
    assert first.title == "Harbour terminal opens"
    assert "doubling the harbour's capacity" in first.text


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("fraction", [0.5, 0.6, 0.95])
def test_truncated_warc_keeps_the_records_before_the_break(
    tmp_path: Path, gzip: bool, fraction: float
) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, PAGES, gzip=gzip)
    data = whole.read_bytes()
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: int(len(data) * fraction)])
    items = list(read_warc_file(path, IngestOptions()))
    *documents, last = items
    assert isinstance(last, SkippedInput)
    assert last.code == errors.TRUNCATED_WARC
    assert documents
    assert all(isinstance(document, RawDocument) for document in documents)
    urls = [document.url for document in documents if isinstance(document, RawDocument)]
    assert urls == [url for url, _ in PAGES][: len(urls)]


def raw_record(url: str, block: bytes, kind: str = "response") -> bytes:
    """One WARC record written by hand, so that its block can be anything."""
    content_type = "application/http; msgtype=response" if kind == "response" else "text/html"
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def http(body: bytes, *headers: str, status: str = "200 OK") -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/html; charset=utf-8", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def urls(items: list[RawDocument | SkippedInput]) -> list[str | None]:
    return [item.url for item in items if isinstance(item, RawDocument)]


def test_a_gzip_of_zero_bytes_is_refused_with_a_short_reason(tmp_path: Path) -> None:
    # issue 14's repro, smaller: the whole unparseable "line" used to go into the reason
    path = tmp_path / "z.warc.gz"
    path.write_bytes(gzip_module.compress(bytes(20 * 1024 * 1024), 9))
    [skipped] = list(read_warc_file(path, IngestOptions()))
    assert isinstance(skipped, SkippedInput)
    assert skipped.code == errors.TRUNCATED_WARC
    assert len(skipped.reason) < 300
    assert "\x00" not in skipped.reason


def test_a_compressed_warc_that_expands_past_its_bound_is_a_bomb(tmp_path: Path) -> None:
    good = raw_record("https://valdora.example/harbour", http(PAGES[0][1].encode()))
    huge = raw_record("https://valdora.example/big", http(bytes(30 * 1024 * 1024)))
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip_module.compress(good) + gzip_module.compress(huge, 9))
    items = list(read_warc_file(path, IngestOptions(max_bytes=1024 * 1024, max_expansion=100)))
    assert urls(items) == ["https://valdora.example/harbour"]
    assert isinstance(items[-1], SkippedInput) and items[-1].code == errors.BOMB


def test_an_http_gzip_bomb_is_refused_and_the_next_record_read(tmp_path: Path) -> None:
    bomb = gzip_module.compress(bytes(20 * 1024 * 1024), 9)
    records = [
        raw_record("https://a.example/bomb", http(bomb, "Content-Encoding: gzip")),
        raw_record("https://valdora.example/flood", http(PAGES[1][1].encode())),
    ]
    path = tmp_path / "payload.warc"
    path.write_bytes(b"".join(records))
    items = list(read_warc_file(path, IngestOptions(max_bytes=1024 * 1024)))
    assert isinstance(items[0], SkippedInput) and items[0].code == errors.BOMB
    assert urls(items) == ["https://valdora.example/flood"]


def test_chunked_and_gzip_coded_payloads_are_decoded(tmp_path: Path) -> None:
    page = PAGES[2][1].encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (page[:100], page[100:]))
    records = [
        raw_record(
            "https://marrow.example/a", http(chunked + b"0\r\n\r\n", "Transfer-Encoding: chunked")
        ),
        raw_record(
            "https://marrow.example/b", http(gzip_module.compress(page), "Content-Encoding: gzip")
        ),
        raw_record("https://marrow.example/gone", http(page, status="404 Not Found")),
        raw_record("https://marrow.example/c", page, kind="resource"),
    ]
    path = tmp_path / "coded.warc"
    path.write_bytes(b"".join(records))
    items = list(read_warc_file(path, IngestOptions()))
    assert urls(items) == [
        "https://marrow.example/a",
        "https://marrow.example/b",
        "https://marrow.example/c",
    ]
    texts = {item.text for item in items if isinstance(item, RawDocument)}
    assert len(texts) == 1 and "ban private cars" in texts.pop()


def test_a_record_over_max_bytes_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    records = [
        raw_record("https://a.example/big", http(b"<p>" + b"word " * 100_000 + b"</p>")),
        raw_record("https://valdora.example/harbour", http(PAGES[0][1].encode())),
    ]
    path = tmp_path / "big.warc"
    path.write_bytes(b"".join(records))
    items = list(read_warc_file(path, IngestOptions(max_bytes=100_000)))
    assert isinstance(items[0], SkippedInput) and items[0].code == errors.TOO_LARGE
    assert urls(items) == ["https://valdora.example/harbour"]


def test_a_warc_without_any_page_says_so(tmp_path: Path) -> None:
    gone = raw_record("https://a.example/gone", http(b"", status="404 Not Found"))
    path = tmp_path / "gone.warc"
    path.write_bytes(gone * 3)
    [item] = list(read_warc_file(path, IngestOptions()))
    assert isinstance(item, SkippedInput) and item.code == errors.NO_PAGES
    assert "3 records" in item.reason
