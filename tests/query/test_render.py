from __future__ import annotations

import pytest

from dateline.query.render import describe_value


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("PRESENT_REF", "now"),
        ("PAST_REF", "the past"),
        ("FUTURE_REF", "the future"),
        ("1997-06-27TNI", "the night of 27 June 1997"),
        ("2005-03-03TMO", "the morning of 3 March 2005"),
        ("2005-03-03T14:30", "14:30 on 3 March 2005"),
        ("2019-W15", "week 15 of 2019"),
        ("2019-W15-WE", "the weekend of week 15 of 2019"),
        ("2019-Q3", "Q3 2019"),
        ("2019-H1", "H1 2019"),
        ("2019-SU", "summer 2019"),
        ("2019-06", "June 2019"),
        ("199", "the 1990s"),
        ("19", "the 1900s"),
        ("P3D", "3 days"),
        ("P1Y", "1 year"),
        ("PT2H", "2 hours"),
        ("PT30M", "30 minutes"),
        ("P2M", "2 months"),
        ("PXY", "some years"),
        ("2014-11-17/2014-11-24", "2014-11-17 to 2014-11-24"),
        (None, "undated"),
    ],
)
def test_timex_codes_read_as_words(code: str | None, words: str) -> None:
    assert describe_value(code) == words


@pytest.mark.parametrize("kept", ["2019-04-25", "2019", "XXXX-WXX-1", "2019-13"])
def test_days_years_and_unknown_codes_are_shown_as_they_are(kept: str) -> None:
    assert describe_value(kept) == kept
