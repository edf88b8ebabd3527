"""The rules for vague spans, modified parts of the day, year ranges and the added holidays,
on hand-written sentences, through the tagger as the annotate stage calls it."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.annotate.time.tagger import tag_times

# a Thursday
REFERENCE = dt.date(2013, 3, 21)


def _tagged(text: str, split_ranges: bool = False) -> list[tuple[str, str, str]]:
    return [
        (t.text, t.type, t.value) for t in tag_times(text, REFERENCE, split_ranges=split_ranges)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Years ago the mill closed.", [("Years ago", "DATE", "PAST_REF")]),
        (
            "The firm, which just months ago was bankrupt, grew.",
            [("months ago", "DATE", "PAST_REF")],
        ),
        ("The group renounced violence decades ago.", [("decades ago", "DATE", "PAST_REF")]),
        ("Some time ago, the archive was moved.", [("Some time ago", "DATE", "PAST_REF")]),
        ("He promised it a while ago.", [("a while ago", "DATE", "PAST_REF")]),
        # a number the main rule reads keeps its reading; one it cannot is not cut in two
        ("The plant shut three years ago.", [("three years ago", "DATE", "2010")]),
        ("Dinosaurs died out 65 million years ago.", []),
    ],
)
def test_an_unnumbered_time_ago_is_a_past_reference(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _tagged(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops will stay in the region for some time.", [("some time", "DURATION", "PXX")]),
        ("They will have to live without it for a while.", [("a while", "DURATION", "PXX")]),
        (
            "The item has been on the agenda for quite some time.",
            [("quite some time", "DURATION", "PXX")],
        ),
        ("She arrived just days after the vote.", [("days", "DURATION", "PXD")]),
        ("He resigned only weeks into his term.", [("weeks", "DURATION", "PXW")]),
        ("Paes played just minutes after his doubles win.", [("minutes", "DURATION", "PTXM")]),
        # no time word after the units: not a time
        ("The repair took just hours of work.", []),
        # "in the weeks before" is left alone (TimeBank dates it, the silver set does not)
        ("The car was seen in the weeks before the shooting.", []),
        # "for the first time" is not a stretch of time
        ("They met for the first time.", []),
    ],
)
def test_vague_stretches(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _tagged(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He will speak by late afternoon.", [("late afternoon", "TIME", "2013-03-21TAF")]),
        ("Talks go on into the early evening.", [("the early evening", "TIME", "2013-03-21TEV")]),
        (
            "Shares rose at mid-afternoon yesterday.",
            [("mid-afternoon yesterday", "TIME", "2013-03-20TAF")],
        ),
        ("By midmorning the queue had gone.", [("midmorning", "TIME", "2013-03-21TMO")]),
        (
            "The storm hit on Tuesday and rain fell through the night.",
            [("Tuesday", "DATE", "2013-03-19"), ("the night", "TIME", "2013-03-19TNI")],
        ),
        # the day named after it is read by the day's own rule
        ("By late afternoon Tuesday, 700 had left.", [("Tuesday", "DATE", "2013-03-19")]),
        # a part of the day that names something else
        ("He watched the night sky from the hill during the night shift.", []),
        ("She works a late morning shift.", []),
    ],
)
def test_parts_of_the_day_with_a_modifier(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _tagged(text) == expected


def test_a_year_range_is_one_range_or_its_first_year_in_timeml_style() -> None:
    text = "He fought in the 1980-88 war and served in 2012–13."
    assert _tagged(text) == [("1980-88", "DATE", "1980/1988"), ("2012–13", "DATE", "2012/2013")]
    assert _tagged(text, split_ranges=True) == [
        ("1980-88", "DATE", "1980"),
        ("2012–13", "DATE", "2012"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2012 - 13 people died.",  # a dash between a year and a count
        "The euro traded at 1.1728-1730 dollars.",  # a price range
        "Bids of 1999-1950 were made.",  # the second number is no later year
    ],
)
def test_what_is_no_year_range(text: str) -> None:
    assert all("/" not in value for _, _, value in _tagged(text))
    assert ("1730", "DATE", "1730") not in _tagged(text)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Palm Sunday", "2013-03-24"),
        ("Holy Thursday", "2013-03-28"),
        ("Maundy Thursday", "2013-03-28"),
        ("Ash Wednesday", "2013-02-13"),
        ("St. Patrick's Day", "2013-03-17"),
        ("Saint Patrick's Day", "2013-03-17"),
        ("Presidents' Day", "2013-02-18"),
        ("Martin Luther King Jr. Day", "2013-01-21"),
        ("Father's Day", "2012-06-17"),  # "was held": the last one
        ("April Fools' Day", "2013-04-01"),
    ],
)
def test_added_holidays(name: str, value: str) -> None:
    assert _tagged(f"The parade was held on {name}.") == [(name, "DATE", value)]


def test_a_holiday_keeps_its_weekday_from_being_read_alone() -> None:
    # "Palm Sunday" is one day, not the Sunday nearest the article
    assert _tagged("Crowds gathered on Palm Sunday.") == [("Palm Sunday", "DATE", "2013-03-24")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Parliament rejected the deal earlier in the week.",
            [("earlier in the week", "DATE", "2013-W12")],
        ),
        ("The vote comes later in the month.", [("later in the month", "DATE", "2013-03")]),
        # the week of the day the passage just named
        (
            "He was arrested on March 3. Earlier in the week, he had fled.",
            [("March 3", "DATE", "2013-03-03"), ("Earlier in the week", "DATE", "2013-W09")],
        ),
    ],
)
def test_earlier_or_later_in_the_week_or_month(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _tagged(text) == expected


def test_a_clock_time_in_the_afternoon_is_read_whole() -> None:
    # not "4:30" (a.m.) and "the afternoon" apart
    assert _tagged("The body was found at around 4:30 in the afternoon.") == [
        ("around 4:30 in the afternoon", "TIME", "2013-03-21T16:30")
    ]
