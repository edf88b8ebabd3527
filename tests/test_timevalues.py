"""Calendar spans of ISO values: days, months and years compare as the days they cover."""

from __future__ import annotations

import datetime as dt

from dateline.timevalues import calendar_span, days_between, middle_day, starts_after


def test_a_year_a_month_and_a_day_cover_their_days() -> None:
    assert calendar_span("2019") == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert calendar_span("2019-02") == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))
    assert calendar_span("2019-12") == (dt.date(2019, 12, 1), dt.date(2019, 12, 31))
    assert calendar_span("2019-04-25T10:02") == (dt.date(2019, 4, 25), dt.date(2019, 4, 25))


def test_codes_and_impossible_dates_are_no_span() -> None:
    for value in ("PRESENT_REF", "2019-02-30", "", None, "19"):
        assert calendar_span(value) is None


def test_a_year_stands_for_its_middle_day() -> None:
    assert middle_day("2019") == dt.date(2019, 7, 2)
    assert middle_day("2014-12-19") == dt.date(2014, 12, 19)


def test_a_day_inside_a_year_is_neither_far_from_it_nor_after_it() -> None:
    assert days_between("2019", "2019-05-02") == 0
    assert not starts_after("2019-05-02", "2019")
    assert starts_after("2020-01-01", "2019")
    assert days_between("2014-12-19", "2019") == (dt.date(2019, 1, 1) - dt.date(2014, 12, 19)).days
