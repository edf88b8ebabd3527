"""TIMEX values in words for people: ``PRESENT_REF`` is "now", ``1997-06-27TNI`` "the night of
27 June 1997". The CLI and the web pages show these; exports keep the code itself."""

from __future__ import annotations

import calendar
import re

REFERENCES = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "day"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
DURATION_UNITS = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "H": "hour",
    "MIN": "minute",
    "S": "second",
    "DE": "decade",
    "CE": "century",
    "Q": "quarter",
}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_PART = re.compile(r"(\d{4}-\d{2}-\d{2})T(MO|AF|EV|NI|DT)")
_DAY_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_QUARTER = re.compile(r"(\d{4})-([QH])([1-4])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_DECADE = re.compile(r"(\d{3})X?")
_CENTURY = re.compile(r"(\d{2})(?:XX)?")
_DURATION = re.compile(r"PT?(\d+(?:\.\d+)?|X)(Y|M|W|D|H|MIN|S|DE|CE|Q)")


def _day_words(iso: str) -> str:
    match = _DAY.fullmatch(iso)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return iso
    year, month, day = match.groups()
    return f"{int(day)} {calendar.month_name[int(month)]} {year}"


def _duration_words(amount: str, unit: str) -> str:
    name = DURATION_UNITS[unit]
    if amount == "X":
        return f"some {name}s"
    plural = "" if amount in ("1", "1.0") else "s"
    return f"{amount} {name}{plural}"


def describe_value(value: str | None) -> str:
    """A TIMEX value in words; an ISO day, a year or an unknown code is returned as it is."""
    if not value:
        return "undated"
    text = value.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        return f"{describe_value(first)} to {describe_value(last)}"
    if text in REFERENCES:
        return REFERENCES[text]
    if match := _DAY_PART.fullmatch(text):
        return f"the {PARTS_OF_DAY[match.group(2)]} of {_day_words(match.group(1))}"
    if match := _DAY_TIME.fullmatch(text):
        return f"{match.group(2)} on {_day_words(match.group(1))}"
    if match := _WEEK.fullmatch(text):
        week = f"week {int(match.group(2))} of {match.group(1)}"
        return f"the weekend of {week}" if match.group(3) else week
    if match := _QUARTER.fullmatch(text):
        return f"{match.group(2)}{match.group(3)} {match.group(1)}"
    if match := _SEASON.fullmatch(text):
        return f"{SEASONS[match.group(2)]} {match.group(1)}"
    if match := _MONTH.fullmatch(text):
        month = int(match.group(2))
        if 1 <= month <= 12:
            return f"{calendar.month_name[month]} {match.group(1)}"
    if len(text) in (3, 4) and (match := _DECADE.fullmatch(text)):
        return f"the {match.group(1)}0s"
    if len(text) in (2, 4) and text[2:] in ("", "XX") and (match := _CENTURY.fullmatch(text)):
        return f"the {match.group(1)}00s"
    if match := _DURATION.fullmatch(text):
        amount = match.group(1)
        unit = match.group(2)
        if text.startswith("PT") and unit == "M":  # "PT1M" is a minute, "P1M" a month
            unit = "MIN"
        return _duration_words(amount, unit)
    return text
