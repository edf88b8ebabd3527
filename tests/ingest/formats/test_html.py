"""HTML pages through trafilatura."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.formats.html import read_html_file
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput
from tests.ingest.samples import HARBOUR_STORY, html_page


def test_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "harbour.html"
    html = html_page(
        "Harbour terminal opens",
        HARBOUR_STORY,
        canonical="https://valdora.example/harbour",
        published="2025-03-03T09:30:00Z",
    )
    path.write_text(html, encoding="utf-8")
    [document] = list(read_html_file(path, IngestOptions()))
    assert isinstance(document, RawDocument)
    assert document.title == "Harbour terminal opens"
    assert document.url == "https://valdora.example/harbour"
    assert document.published == "2025-03-03"
    assert document.author == "Lena Brandt"
    assert document.source == "Valdora Herald"
    assert document.language == "en"
    assert "doubling the harbour's capacity" in document.text
    assert "Home" not in document.text and "var x" not in document.text


def test_page_without_main_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>x()</script></body></html>")
    [skipped] = list(read_html_file(path, IngestOptions()))
    assert isinstance(skipped, SkippedInput)
    assert skipped.code == errors.NO_MAIN_TEXT
