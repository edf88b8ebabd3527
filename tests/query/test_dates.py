from __future__ import annotations

import pytest

from dateline.query.dates import (
    DateFilterError,
    describe_date_basis,
    describe_published,
    parse_date_filter,
    parse_date_range,
)


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
