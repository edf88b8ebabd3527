"""The time tagger and normaliser on random text and extreme reference dates.

Every expression must be a span of the text, and every value well-formed TIMEX3 (TimeML 1.2.1
section 2.2.1.1), whatever the reference: year 1, year 9999 or none at all.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given

from dateline.annotate.time.tagger import tag_times
from tests.fuzz.strategies import (
    any_text,
    edge_reference_dates,
    fast,
    hostile_text,
    reference_dates,
)
from tests.fuzz.timex import TIMEX3_VALUE

FAST = fast(200)


def assert_well_formed(text: str, reference: dt.date | None) -> None:
    times = tag_times(text, reference, "a1")
    for time in times:
        assert 0 <= time.start < time.end <= len(text)
        assert time.text == text[time.start : time.end]
        assert time.article_id == "a1"
        assert time.type in ("DATE", "TIME", "DURATION", "SET")
        assert TIMEX3_VALUE.fullmatch(time.value), (time.text, time.value)
        assert time.basis in ("stated", "resolved", "inferred")
        if time.anchor is not None:
            assert reference is not None and time.anchor == reference.isoformat()
    spans = [(t.start, t.end) for t in times]
    assert len(spans) == len(set(spans)), "the same span tagged twice"


@FAST
@given(any_text, reference_dates)
@example("yesterday, tomorrow and last week", dt.date(1, 1, 1))
@example("yesterday, last month and last year", dt.date(9999, 12, 31))
@example("the 1990s, on Monday", dt.date(1, 1, 3))
@example("February 29 next year", dt.date(2023, 3, 1))
def test_tagged_times_are_spans_with_timex3_values(text: str, reference: dt.date | None) -> None:
    assert_well_formed(text, reference)


@FAST
@given(hostile_text(80), reference_dates)
def test_long_hostile_text(text: str, reference: dt.date | None) -> None:
    assert_well_formed(text, reference)


# A relative expression that lands outside years 1-9999 is left unresolved (XXXX), never
# written as a five-digit or negative year.
OUT_OF_CALENDAR = [
    ("next year", dt.date(9999, 12, 31)),  # '10000'
    ("January", dt.date(9999, 12, 31)),  # '10000-01'
    ("next month", dt.date(9999, 12, 31)),  # '10000-01'
    ("a decade ago", dt.date(1, 1, 1)),  # '-01X'
    ("5000 years ago", dt.date(2019, 4, 25)),  # '-2981'
    ("12000 years later", dt.date(2019, 4, 25)),  # '14019'
    ("100 centuries ago", dt.date(2019, 4, 25)),  # '-80'
]


@pytest.mark.parametrize(("text", "reference"), OUT_OF_CALENDAR)
def test_values_outside_the_calendar_are_not_written(text: str, reference: dt.date) -> None:
    assert_well_formed(text, reference)


@fast(60)
@given(hostile_text(20), edge_reference_dates)
def test_edge_references_never_crash_and_keep_spans(text: str, reference: dt.date) -> None:
    for time in tag_times(text, reference, "a1"):
        assert time.text == text[time.start : time.end]


# "Sept." followed by a number that is neither a day nor a year once raised KeyError 'sept.'.
SEPT_ABBREVIATION = [
    ("Sept. 32", None),
    ("In Sept. 300 people came", dt.date(2019, 4, 25)),
    ("in Sept. 40 people died", None),
]


@pytest.mark.parametrize(("text", "reference"), SEPT_ABBREVIATION)
def test_sept_abbreviation_before_a_number_does_not_crash(
    text: str, reference: dt.date | None
) -> None:
    assert_well_formed(text, reference)


# A century past year 9999 stays unknown (XXXX), never three digits ('100' for the 10000s).
CENTURY_PAST_9999 = [
    ("next century", dt.date(9999, 1, 1)),  # '100'
    ("100 centuries later", dt.date(2019, 4, 25)),  # '120'
]


@pytest.mark.parametrize(("text", "reference"), CENTURY_PAST_9999)
def test_centuries_past_the_calendar_are_not_written(text: str, reference: dt.date) -> None:
    assert_well_formed(text, reference)
