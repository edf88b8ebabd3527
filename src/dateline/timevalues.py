"""Calendar spans of ISO date values: one home for reading a day, a month or a year.

Article dates are not always days: a file name may give only a year (``2019``) or a URL only
a month (``2019-04``). Every comparison of such values goes through the span of days a value
covers, so a year-dated article is neither "after" nor "far from" a day inside that year.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_ISO = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?=$|[T Z+])")


@lru_cache(maxsize=16_384)
def calendar_span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of an ISO day, month or year (a time after a day is ignored);
    None for anything else (TIMEX codes such as ``2019-W15`` or ``PRESENT_REF`` included).

    Cached: linking compares the same few thousand dates across hundreds of thousands of
    pairs of events."""
    match = _ISO.match(value or "")
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            first = dt.date(int(year), int(month), int(day))
            return first, first
        if month is not None:
            first = dt.date(int(year), int(month), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except ValueError:
        return None


def middle_day(value: str | None) -> dt.date | None:
    """The day that stands for a value: the day itself, or the middle of its month or year."""
    span = calendar_span(value)
    if span is None:
        return None
    first, last = span
    return first + (last - first) // 2


def days_between(first: str, second: str) -> int | None:
    """Days from the end of the earlier span to the start of the later one (0 when the two
    overlap); None when either is not a calendar value."""
    a, b = calendar_span(first), calendar_span(second)
    if a is None or b is None:
        return None
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def starts_after(value: str, other: str) -> bool:
    """Whether every day of ``value`` comes after every day of ``other``."""
    a, b = calendar_span(value), calendar_span(other)
    return a is not None and b is not None and a[0] > b[1]
