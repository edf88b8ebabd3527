"""Calendar arithmetic of annotate/time/resolve.py."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.annotate.time.resolve import nearest_weekday

WEDNESDAY = dt.date(2013, 3, 20)


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [
        (3, "2013-03-20"),  # the day itself
        (1, "2013-03-18"),  # Monday, two days back
        (5, "2013-03-22"),  # Friday, two days on
        (6, "2013-03-23"),  # Saturday, three days on
        (7, "2013-03-17"),  # Sunday: three days back, four on
    ],
)
def test_the_nearest_weekday_lies_within_three_days(weekday: int, expected: str) -> None:
    assert nearest_weekday(WEDNESDAY, weekday).isoformat() == expected
