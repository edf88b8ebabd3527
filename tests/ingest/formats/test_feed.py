"""RSS and Atom feeds."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.formats.feed import MAX_FEED_BYTES, read_feed_file
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput
from tests.ingest.samples import atom_feed, rss_feed


def test_rss_items(tmp_path: Path) -> None:
    path = tmp_path / "herald.rss"
    path.write_text(rss_feed(), encoding="utf-8")
    first, second = list(read_feed_file(path, IngestOptions()))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.input_format == "rss"
    assert first.location == f"{path}:1"
    assert (first.title, first.url) == ("Harbour terminal opens", "https://valdora.example/harbour")
    assert first.published == "2025-03-03T09:30:00+00:00"
    assert (first.author, first.source, first.categories) == (
        "Lena Brandt",
        "Valdora Herald",
        ("Economy",),
    )
    assert "<p>" not in first.text
    assert "doubling the harbour's capacity" in first.text
    assert "\n\n" in first.text.strip()
    assert second.published is None
    assert [warning.code for warning in second.warnings] == [errors.IMPOSSIBLE_DATE]


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "marrow.atom"
    path.write_text(atom_feed(), encoding="utf-8")
    [entry] = list(read_feed_file(path, IngestOptions()))
    assert isinstance(entry, RawDocument)
    assert entry.input_format == "atom"
    assert (entry.title, entry.url, entry.author) == (
        "Car ban for the old town",
        "https://marrow.example/car-ban",
        "Tomas Reyes",
    )
    assert entry.published == "2025-03-05T12:00:00+00:00"
    assert entry.text.strip().startswith("The city council of Marrow voted")


def test_garbage_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("this is <not a feed at all")
    [skipped] = list(read_feed_file(path, IngestOptions()))
    assert isinstance(skipped, SkippedInput)
    assert skipped.code == errors.BAD_FEED


def test_a_feed_over_its_bound_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.rss"
    item = "<item><title>T</title><description>word</description></item>\n"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        + item * (MAX_FEED_BYTES // len(item) + 1)
        + "</channel></rss>",
        encoding="utf-8",
    )
    [skipped] = list(read_feed_file(path, IngestOptions()))
    assert isinstance(skipped, SkippedInput) and skipped.code == errors.TOO_LARGE
    assert "16 MiB" in skipped.reason
