from __future__ import annotations

import pytest

from dateline.query.dates import (
    OPEN_START,
    DateFilterError,
    describe_date_basis,
    describe_published,
    parse_date_filter,
    parse_date_range,
    published_shown,
)
from dateline.records import Article


def test_article_dates_say_how_they_were_obtained() -> None:
    assert describe_published("metadata") == "metadata"
    assert describe_published("text") == "from a date line"
    assert describe_published("user") == "given by the user"
    assert describe_published(None) == "undated"
    assert (
        describe_published("inferred", 0.3, ("2018-11-01", "2019-11-01"))
        == "inferred, 30% sure, between 2018-11-01 and 2019-11-01"
    )


def test_timeline_dates_say_whether_they_were_stated_resolved_or_inferred() -> None:
    assert describe_date_basis("stated") == "stated in the text"
    assert describe_date_basis("resolved") == "resolved from the article date"
    assert describe_date_basis("inferred") == "resolved from an inferred article date"
    assert describe_date_basis("article") == "article date"
    assert describe_date_basis("article", "inferred", 0.6) == "article date, inferred, 60% sure"


def test_date_filters_take_a_year_a_month_or_a_day_and_nothing_else() -> None:
    assert parse_date_filter("2019") == "2019"
    assert parse_date_filter(" 2019-04 ") == "2019-04"
    assert parse_date_filter("2019-04-25") == "2019-04-25"
    assert parse_date_filter(None) is None
    assert parse_date_filter("  ") is None
    for bad in ("garbage", "yesterday", "2019-13", "2019-02-30", "19-04-25", "2019/04/25"):
        with pytest.raises(DateFilterError, match="since must be a date"):
            parse_date_filter(bad, "since")


def test_a_date_range_must_not_end_before_it_starts() -> None:
    assert parse_date_range("2019", "2019-04") == ("2019", "2019-04")
    with pytest.raises(DateFilterError, match=r"--since \(2019\) is after --until \(2014\)"):
        parse_date_range("2019", "2014", ("--since", "--until"))


def _article(
    published: str | None,
    basis: str | None,
    confidence: float | None = None,
    window: tuple[str, str] | None = None,
) -> Article:
    return Article(
        id="a",
        text="",
        published=published,
        published_basis=basis,  # type: ignore[arg-type]
        published_confidence=confidence,
        published_range=window,
    )


def test_every_view_shows_an_article_date_the_same_way() -> None:
    """Firm dates as stored (a year stays a year), guesses with "~" and their confidence,
    undated articles as undated with the window the evidence allows."""
    assert published_shown(_article("2019", "path")) == "2019"
    assert published_shown(_article("2019-04-25", "metadata")) == "2019-04-25"
    assert published_shown(_article("2019-04-25", None)) == "2019-04-25"
    guess = _article("2004-03-05", "inferred", 0.75, ("2004-02-27", "2004-03-12"))
    assert published_shown(guess) == "~2004-03-05 (75%)"
    assert published_shown(_article("2004-07-01", "corpus", 0.4)) == "~2004-07-01 (40%)"
    window = _article(None, "undated", None, ("2004-01-01", "2005-12-31"))
    assert published_shown(window) == "undated (2004-01-01 … 2005-12-31)"
    capture = _article(None, "undated", None, (OPEN_START, "2017-03-07"))
    assert published_shown(capture) == "undated (before 2017-03-07)"
    assert published_shown(_article(None, "undated")) == "undated"


def test_every_firm_basis_and_the_corpus_prior_say_where_the_date_came_from() -> None:
    assert describe_published("url") == "from the URL"
    assert describe_published("path") == "from the file name"
    assert (
        describe_published("corpus", 0.4) == "inferred from the articles ingested with it, 40% sure"
    )


def test_a_time_of_day_is_taken_where_asked() -> None:
    assert parse_date_filter("2026-12-03T14:05", time_of_day=True) == "2026-12-03T14:05"
    assert parse_date_filter("2026-12-03 14:05:09Z", time_of_day=True) == "2026-12-03T14:05:09"
    assert parse_date_filter("2026-12", time_of_day=True) == "2026-12"
    for bad in ("2026-12-03T25:00", "2026-02-30T10:00", "2026-12T10:00", "today"):
        with pytest.raises(DateFilterError):
            parse_date_filter(bad, "new_since", time_of_day=True)
    with pytest.raises(DateFilterError):
        parse_date_filter("2026-12-03T14:05")  # a publication bound takes a date alone
