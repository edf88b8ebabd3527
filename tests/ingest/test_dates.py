"""Dates at ingest: metadata, URL, file names, the user's date and window, capture dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.ingest import errors
from dateline.ingest.dates import (
    date_in_path,
    date_in_url,
    parse_date_range,
    parse_published,
    year_in_file_name,
)
from dateline.ingest.dating import date_raw_document
from dateline.ingest.formats.feed import read_feed_file
from dateline.ingest.formats.html import page_document
from dateline.ingest.formats.tabular import read_jsonl_file
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-12-19", "2014-12-19"),
        ("2019-04-23T10:00:00Z", "2019-04-23T10:00:00+00:00"),
        ("2019-04-23 10:00", "2019-04-23T10:00:00"),
        ("Tue, 23 Apr 2019 10:00:00 GMT", "2019-04-23T10:00:00+00:00"),
        ("2015-05", "2015-05"),
        ("2015", "2015"),
        ("  ", None),
        (None, None),
    ],
)
def test_valid_dates_are_normalised(value: str | None, expected: str | None) -> None:
    assert parse_published(value, "dump.jsonl:3") == (expected, None)


@pytest.mark.parametrize(
    "value", ["2019-02-30", "2019-13", "Tue, 31 Feb 2019 10:00:00 GMT", "0001-01-01", "9999-12-31"]
)
def test_impossible_dates_are_dropped_with_a_warning(value: str) -> None:
    published, warning = parse_published(value, "dump.jsonl:3")
    assert published is None
    assert warning is not None
    assert warning.code == errors.IMPOSSIBLE_DATE
    assert warning.location == "dump.jsonl:3"
    assert value in warning.reason


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2019/04/25/summit-ends", "2019-04-25"),
        ("http://articles.latimes.com/2013/may/03/local/la-me-lohan", "2013-05-03"),
        ("https://news.example/world/2019-04-25-summit.html", "2019-04-25"),
        ("https://news.example/2019/04/summit", "2019-04"),
        ("https://news.example/story/12345678", None),
        ("https://2019.example/about?date=2019-04-25", None),
        ("https://news.example/2019/02/30/x", None),
    ],
)
def test_dates_in_urls(url: str, expected: str | None) -> None:
    assert date_in_url(url) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/data/news/2019/04/25/summit.txt", "2019-04-25"),
        ("/data/news/20190425-summit.html", "2019-04-25"),
        ("/data/2019-04-25-summit.md", "2019-04-25"),
        ("/data/2004/politics/speech.txt", None),
        ("/data/report-12345678.txt", None),
        ("/home/2019/04/25/a/b/c/d/x.txt", None),
    ],
)
def test_dates_in_file_and_folder_names(path: str, expected: str | None) -> None:
    assert date_in_path(path) == expected


def test_date_ranges() -> None:
    assert parse_date_range("2004-01-01..2005-12-31") == ("2004-01-01", "2005-12-31")
    assert parse_date_range(["2004-01-01", "2005-12-31"]) == ("2004-01-01", "2005-12-31")
    for bad in ("2005-12-31..2004-01-01", "2004", "2004-02-30..2005-01-01", 7):
        with pytest.raises(ValueError):
            parse_date_range(bad)


def _raw(**fields: object) -> RawDocument:
    return RawDocument(location="in.txt", input_format="text", text="Text.", **fields)  # type: ignore[arg-type]


def test_sources_of_a_date_in_order_user_metadata_url_path() -> None:
    options = IngestOptions()
    path = "/news/2019-04-20-a.txt"
    url = "https://x.example/2019/04/21/a"
    metadata = _raw(published="2019-04-22", url=url, path=path)
    assert date_raw_document(metadata, options).published_basis == "metadata"
    by_url = date_raw_document(_raw(url=url, path=path), options)
    assert (by_url.published, by_url.published_basis) == ("2019-04-21", "url")
    by_path = date_raw_document(_raw(path=path), options)
    assert (by_path.published, by_path.published_basis) == ("2019-04-20", "path")
    assert by_path.published_range == ("2019-04-20", "2019-04-20")
    user = date_raw_document(metadata, IngestOptions(date="2019-01-02"))
    assert (user.published, user.published_basis) == ("2019-01-02", "user")
    # a dump's file name says when it was made, not when each record was written
    record = RawDocument(location="d.jsonl:1", input_format="jsonl", text="T", path=path)
    assert date_raw_document(record, options).published is None


def test_a_window_bounds_every_date_and_a_date_outside_it_is_dropped_with_a_warning() -> None:
    options = IngestOptions(date_range=("2004-01-01", "2005-12-31"))
    outside = date_raw_document(_raw(published="2019-04-22"), options)
    assert outside.published is None
    assert outside.published_range == ("2004-01-01", "2005-12-31")
    assert [w.code for w in outside.warnings] == [errors.DATE_OUTSIDE_WINDOW]
    inside = date_raw_document(_raw(published="2005-03"), options)
    assert (inside.published, inside.published_range) == ("2005-03", ("2005-03-01", "2005-03-31"))
    row = date_raw_document(_raw(date_range=("2005-06-01", "2006-06-30")), options)
    assert row.published_range == ("2005-06-01", "2005-12-31")


def test_a_capture_date_is_an_upper_bound() -> None:
    later = date_raw_document(_raw(published="2017-07-17", captured="2017-03-06"), IngestOptions())
    assert later.published is None
    assert later.published_range == ("1800-01-01", "2017-03-07")
    assert [w.code for w in later.warnings] == [errors.DATE_OUTSIDE_WINDOW]
    earlier = date_raw_document(
        _raw(published="2017-03-01", captured="2017-03-06"), IngestOptions()
    )
    assert earlier.published == "2017-03-01"


def test_user_dates_are_checked() -> None:
    with pytest.raises(ValueError):
        IngestOptions(date="2019-02-30")
    with pytest.raises(ValueError):
        IngestOptions(date="2019-04-25", date_range=("2004-01-01", "2005-12-31"))


def _page(declared: str) -> str:
    body = "<p>The council met on Monday to discuss the budget plan for the city.</p>" * 5
    return (
        f'<html><head><title>T</title><meta property="article:published_time" '
        f'content="{declared}"></head><body><article>{body}</article></body></html>'
    )


@pytest.mark.parametrize("declared", ["2019-02-30", "99999-01-01", "0001-01-01"])
def test_an_impossible_page_date_is_dropped_with_a_warning_never_changed(declared: str) -> None:
    document = page_document(_page(declared), "page.html", "html")
    assert isinstance(document, RawDocument)
    assert document.published is None
    assert [w.code for w in document.warnings] == [errors.IMPOSSIBLE_DATE]
    assert declared in document.warnings[0].reason


def test_a_valid_page_date_is_kept() -> None:
    document = page_document(_page("2019-04-25T10:00:00Z"), "page.html", "html")
    assert isinstance(document, RawDocument) and document.published == "2019-04-25"


def test_a_record_date_range_field(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    rows = [
        {"text": "One.", "date_range": "2004-01-01..2005-12-31"},
        {"text": "Two.", "date_range": "last year"},
    ]
    dump.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    first, second = read_jsonl_file(dump, IngestOptions())
    assert isinstance(first, RawDocument) and first.date_range == ("2004-01-01", "2005-12-31")
    assert isinstance(second, RawDocument) and second.date_range is None
    assert [w.code for w in second.warnings] == [errors.IMPOSSIBLE_DATE]


def test_a_lone_year_in_a_file_name_dates_it_to_that_year() -> None:
    assert year_in_file_name("/seeds/russia-north-korea-summit-2019.txt") == "2019"
    assert year_in_file_name("/2019/summit.txt") is None  # folders name topics as often
    assert year_in_file_name("/a/from-1998-to-2004.txt") is None
    assert year_in_file_name("/a/id12019.txt") is None
    dated = date_raw_document(_raw(path="/seeds/summit-2019.txt"), IngestOptions())
    assert (dated.published, dated.published_basis) == ("2019", "path")
    assert dated.published_range == ("2019-01-01", "2019-12-31")


@pytest.mark.parametrize("written", ["2019-02-30T10:00:00Z", "99999-01-01", "0001-01-01T00:00:00Z"])
def test_an_impossible_feed_date_is_dropped_with_a_warning_never_moved(
    tmp_path: Path, written: str
) -> None:
    feed = tmp_path / "f.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title>'
        f"<description>Some text here.</description><pubDate>{written}</pubDate></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    [item] = list(read_feed_file(feed, IngestOptions()))
    assert isinstance(item, RawDocument)
    assert item.published is None
    assert [w.code for w in item.warnings] == [errors.IMPOSSIBLE_DATE]
