"""Calendar arithmetic that turns partial and relative expressions into TIMEX3 values.

Every function takes the reference date (the article's date) and a tense: ``"past"`` picks the
latest fitting date on or before the reference, ``"future"`` the earliest on or after it, and
``None``/``"present"`` the nearest (for days) or the reference's own year (for months).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Tense = Literal["past", "present", "future"] | None


def iso_date(day: dt.date) -> str:
    return day.isoformat()


def iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_date(day: dt.date, *, days: int = 0, months: int = 0, years: int = 0) -> dt.date:
    year, month = shift_months(day.year + years, day.month, months)
    last = 31
    while safe_date(year, month, min(day.day, last)) is None:
        last -= 1
    return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=days)


def resolve_month_day(
    reference: dt.date, month: int, day: int, tense: Tense, weekday: int | None = None
) -> str | None:
    """The year of "December 19" (optionally "Friday, December 19") relative to ``reference``.

    With a weekday, the year whose date falls on that weekday within a year of the reference
    wins (the one before the reference unless the tense is future); otherwise the tense picks.
    """
    candidates = [
        c
        for year in range(reference.year - 1, reference.year + 2)
        if (c := safe_date(year, month, day))
    ]
    if not candidates:
        return None
    if weekday is not None:
        matching = [
            c for c in candidates if c.isoweekday() == weekday and abs((c - reference).days) <= 366
        ]
        if matching:
            before = [c for c in matching if c <= reference + dt.timedelta(days=7)]
            after = [c for c in matching if c >= reference - dt.timedelta(days=7)]
            pool = (after or before) if tense == "future" else (before or after)
            return iso_date(min(pool, key=lambda c: abs((c - reference).days)))
    return iso_date(pick_by_tense(candidates, reference, tense))


# how far past the reference a "past" date (or before it a "future" one) may still fall: tense
# detection is a heuristic, and news often says "Nov. 16" for a date a few weeks ahead
_TENSE_SLACK = dt.timedelta(days=45)


def pick_by_tense(candidates: list[dt.date], reference: dt.date, tense: Tense) -> dt.date:
    if tense == "past":
        before = [c for c in candidates if c <= reference + _TENSE_SLACK]
        if before:
            return max(before)
    elif tense == "future":
        after = [c for c in candidates if c >= reference - _TENSE_SLACK]
        if after:
            return min(after)
    return min(candidates, key=lambda c: abs((c - reference).days))


def resolve_month(reference: dt.date, month: int, tense: Tense) -> str:
    """The year of a bare month ("In April") relative to ``reference``."""
    year = reference.year
    if tense == "past":
        if month > reference.month + 1:
            year -= 1
    elif tense == "future":
        if month < reference.month - 1:
            year += 1
    elif month - reference.month > 6:
        year -= 1
    elif reference.month - month > 6:
        year += 1
    return iso_month(year, month)


def resolve_relative_month(reference: dt.date, month: int, direction: int) -> str:
    """ "last November" (direction -1), "this November" (0), "next November" (+1)."""
    year = reference.year
    if direction < 0 and month >= reference.month:
        year -= 1
    elif direction > 0 and month <= reference.month:
        year += 1
    return iso_month(year, month)


def resolve_weekday(reference: dt.date, weekday: int, tense: Tense, direction: int = 0) -> dt.date:
    """The date of "Friday" / "last Friday" / "next Friday" relative to ``reference``."""
    offset = weekday - reference.isoweekday()
    if direction < 0:
        return reference + dt.timedelta(days=offset - 7 if offset >= 0 else offset)
    if direction > 0:
        return reference + dt.timedelta(days=offset + 7 if offset <= 0 else offset)
    if tense == "future" or tense == "present":
        return reference + dt.timedelta(days=offset if offset >= 0 else offset + 7)
    return reference + dt.timedelta(days=offset if offset <= 0 else offset - 7)


def nearest_weekday(reference: dt.date, weekday: int) -> dt.date:
    """The ``weekday`` (1 = Monday) within three days of ``reference``: a news report's weekday
    whose direction its clause does not settle is most likely the closest one."""
    offset = (weekday - reference.isoweekday()) % 7
    return reference + dt.timedelta(days=offset if offset <= 3 else offset - 7)


def resolve_season(
    reference: dt.date, season: str, tense: Tense, direction: int | None = None
) -> str:
    """ "this summer", "last fall": the season of the right year (YYYY-SU)."""
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    year = reference.year
    if direction is None:
        if season == "WI" and reference.month <= 2:
            year -= 1  # in January the winter under way is the one that began in December
        elif tense == "past" and start_month > reference.month:
            year -= 1
        elif tense == "future" and start_month + 2 < reference.month and season != "WI":
            year += 1
    elif direction < 0:
        year -= 1 if start_month >= reference.month - 2 else 0
    elif direction > 0:
        year += 1 if start_month <= reference.month else 0
    return f"{year:04d}-{season}"


def holiday_date(name: str, year: int) -> dt.date | None:
    """Fixed and weekday-rule holidays of the US/UK news calendar."""
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's day": (1, 1),
        "new year's eve": (12, 31),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "independence day": (7, 4),
        "veterans day": (11, 11),
        "boxing day": (12, 26),
        "st. patrick's day": (3, 17),
        "st patrick's day": (3, 17),
        "saint patrick's day": (3, 17),
        "bastille day": (7, 14),
        "april fools' day": (4, 1),
        "april fools day": (4, 1),
        "remembrance day": (11, 11),
        "armistice day": (11, 11),
    }
    if name in fixed:
        month, day = fixed[name]
        return dt.date(year, month, day)
    nth_weekday = {
        "thanksgiving": (11, 4, 4),
        "thanksgiving day": (11, 4, 4),
        "labor day": (9, 1, 1),
        "father's day": (6, 7, 3),
        "presidents' day": (2, 1, 3),
        "presidents day": (2, 1, 3),
        "martin luther king day": (1, 1, 3),
        "martin luther king jr. day": (1, 1, 3),
        "martin luther king jr day": (1, 1, 3),
        "martin luther king, jr. day": (1, 1, 3),
        "columbus day": (10, 1, 2),
    }
    if name in nth_weekday:
        month, weekday, nth = nth_weekday[name]
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    easter_offsets = {
        "easter": 0,
        "easter sunday": 0,
        "easter monday": 1,
        "good friday": -2,
        "holy saturday": -1,
        "maundy thursday": -3,
        "holy thursday": -3,
        "palm sunday": -7,
        "ash wednesday": -46,
        "pentecost": 49,
    }
    if name in easter_offsets:
        return easter_sunday(year) + dt.timedelta(days=easter_offsets[name])
    if name == "memorial day":
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=(last.isoweekday() - 1) % 7)
    return None


def easter_sunday(year: int) -> dt.date:
    """Western Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (19 * golden + century - leap_centuries - (century - correction + 1) // 3 + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - moon - year_rest) % 7
    shift = (golden + 11 * moon + 22 * weekday) // 451
    month, day = divmod(moon + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)
