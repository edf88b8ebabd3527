"""The readers on random bytes and odd records: documents or coded skips, never a crash.

``read_inputs`` turns an unexpected exception in a reader into a skip with code E199 so that
one file cannot end a run; here an E199 counts as the crash it hides.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest import errors
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.ingest.read import read_inputs
from dateline.ingest.run import ingest_paths
from dateline.records import SkippedInput
from dateline.store.sqlite import SQLiteStore
from tests.fuzz.strategies import any_text, fast, hostile_text, json_values, records

FAST = fast(120)
SUFFIXES = [".txt", ".md", ".html", ".xml", ".rss", ".jsonl", ".csv", ".warc", ".warc.gz", ""]
OPTIONS = IngestOptions(max_bytes=4096)


def read_file(name: str, data: bytes) -> list[RawDocument | SkippedInput]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_inputs([path], OPTIONS))


def assert_no_crash(items: list[RawDocument | SkippedInput]) -> None:
    for item in items:
        if isinstance(item, SkippedInput):
            assert item.code != errors.INTERNAL, item.reason
            assert item.code in errors.DESCRIPTIONS, item.code
            # issue 14: a reason quotes input only as a short escaped excerpt
            assert len(item.reason) <= errors.REASON_CHARS + 3, item.reason[:100]
            assert item.reason.isprintable(), item.reason
        else:
            assert isinstance(item, RawDocument)


@FAST
@given(st.sampled_from(SUFFIXES), st.binary(max_size=600))
def test_random_bytes_in_any_format(suffix: str, data: bytes) -> None:
    assert_no_crash(read_file(f"input{suffix}", data))


MARKUP_BITS = [
    "<html>",
    "<body>",
    "<article>",
    "<p>",
    "</p>",
    "<title>",
    "<script>",
    "<![CDATA[",
    "<?xml version='1.0'?>",
    "<rss>",
    "<channel>",
    "<item>",
    "<feed>",
    "<entry>",
    "<!--",
    "<br/>",
    "&nbsp;",
    "&#x0;",
    "&bogus;",
    "<meta charset='klingon'>",
    "WARC/1.0\r\n",
    "WARC-Type: response\r\n",
    "Content-Length: 99999\r\n",
    "\r\n\r\n",
    "HTTP/1.1 200 OK\r\n",
]


@FAST
@given(
    st.sampled_from([".html", ".xml", ".rss", ".warc", ".txt", ""]),
    st.lists(st.one_of(st.sampled_from(MARKUP_BITS), hostile_text(8)), max_size=30),
)
def test_hostile_markup(suffix: str, parts: list[str]) -> None:
    assert_no_crash(read_file(f"page{suffix}", "".join(parts).encode("utf-8")))


@FAST
@given(st.lists(st.one_of(records, json_values, any_text), max_size=6))
def test_jsonl_records_with_odd_fields(lines: list[object]) -> None:
    body = "\n".join(json.dumps(line) if not isinstance(line, str) else line for line in lines)
    assert_no_crash(read_file("records.jsonl", body.encode("utf-8")))


@FAST
@given(
    st.lists(st.sampled_from(["text", "title", "published", "url", "x", ""]), max_size=5),
    st.lists(st.lists(any_text, max_size=6), max_size=5),
)
def test_csv_rows_with_odd_fields(header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    assert_no_crash(read_file("records.csv", out.getvalue().encode("utf-8")))


@fast(40)
@given(st.lists(records, min_size=1, max_size=5))
def test_ingest_of_odd_records_stores_or_skips_each(lines: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.jsonl"
        path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
        store = SQLiteStore(":memory:")
        report = ingest_paths(store, [path], OPTIONS)
        assert all(item.code != errors.INTERNAL for item in report.skipped), report.skipped
        outcomes = len(report.added) + len(report.unchanged) + len(report.duplicates)
        assert outcomes + len(report.skipped) == len(lines)
        assert store.count_articles() == len(report.added) + len(report.duplicates)
        store.close()


WARC_BITS = [
    b"WARC/1.1\r\n",
    b"WARC-Type: response\r\n",
    b"WARC-Type: resource\r\n",
    b"Content-Type: application/http\r\n",
    b"Content-Type: text/html\r\n",
    b"Content-Length: 40\r\n",
    b"Content-Length: 99999999999\r\n",
    b"\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Encoding: gzip\r\n",
    b"5\r\nhello\r\n0\r\n\r\n",
    b"<p>The council voted.</p>",
]


@FAST
@given(
    st.lists(st.one_of(st.sampled_from(WARC_BITS), st.binary(max_size=40)), max_size=30),
    st.booleans(),
)
def test_warc_shaped_garbage(parts: list[bytes], compressed: bool) -> None:
    data = b"".join(parts)
    name = "crawl.warc.gz" if compressed else "crawl.warc"
    assert_no_crash(read_file(name, gzip.compress(data) if compressed else data))
