"""HTML pages through trafilatura."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.formats.html import read_html_file
from dateline.ingest.markup import MAX_EXTRACT_MARKUP, drop_inert_markup
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


def test_a_page_over_the_extraction_bound_is_skipped_with_a_clear_code(tmp_path: Path) -> None:
    # issue 14's pathological page: many small blocks cost jusText far more than linear time
    path = tmp_path / "m.html"
    block = "<div><p>word word word</p></div>\n"
    path.write_text(
        "<html><body>" + block * (MAX_EXTRACT_MARKUP // len(block) + 1) + "</body></html>"
    )
    [item] = list(read_html_file(path, IngestOptions()))
    assert isinstance(item, SkippedInput) and item.code == errors.PAGE_TOO_COSTLY


def test_a_large_page_of_scripts_is_extracted_without_them(tmp_path: Path) -> None:
    script = "<script>var data = '" + "x" * (MAX_EXTRACT_MARKUP + 10) + "';</script>"
    html = html_page("Harbour terminal opens", HARBOUR_STORY).replace("<body>", "<body>" + script)
    path = tmp_path / "heavy.html"
    path.write_text(html, encoding="utf-8")
    [item] = list(read_html_file(path, IngestOptions()))
    assert isinstance(item, RawDocument)
    assert "doubling the harbour's capacity" in item.text and "var data" not in item.text


def test_inert_markup_is_dropped_in_one_pass() -> None:
    html = (
        "<p>a</p><!-- note --><SCRIPT src=x>if (a < b) {}</script ><p>b</p>"
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        "<style>p {}</style><p>c</p><svg><text>icon</text></svg><p>d<script>never closed"
    )
    assert drop_inert_markup(html) == (
        '<p>a</p><p>b</p><script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        "<p>c</p><p>d"
    )
    assert drop_inert_markup("<scripted>x</scripted>") == "<scripted>x</scripted>"


def test_a_utf8_page_with_a_few_bad_bytes_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    html = html_page("Café naïve", HARBOUR_STORY + "\n\nThe naïve café owners agreed.")
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("utf-8").replace(b"agreed", b"agreed\x92"))
    [item] = list(read_html_file(path, IngestOptions()))
    assert isinstance(item, RawDocument)
    assert "naïve café" in item.text and "Ã" not in item.text
    assert [warning.code for warning in item.warnings] == [errors.REPLACED_BYTES]
