"""WARC archives written with warcio."""

from __future__ import annotations

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
