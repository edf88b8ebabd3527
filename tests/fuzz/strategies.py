"""Hypothesis strategies for hostile input: random text, date-like text, odd bytes and records."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import settings
from hypothesis import strategies as st

from tests.conftest import SEED_2014, SEED_2019


def fast(examples: int) -> settings:
    """Settings of the suite's property tests: derandomized, so CI runs the same inputs each
    time (benchmarks/fuzz.py runs the random, longer search)."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None)


SEED_TEXT = SEED_2014.read_text(encoding="utf-8") + "\n" + SEED_2019.read_text(encoding="utf-8")
SEED_WORDS = sorted(set(re.findall(r"\S+", SEED_TEXT)))

#: Fragments that drive the time tagger and the cleaner down their rarer paths.
HOSTILE_PIECES = [
    "January",
    "Feb.",
    "Sept",
    "Monday",
    "tomorrow",
    "yesterday",
    "last week",
    "next year",
    "the 1990s",
    "mid-2019",
    "2019",
    "0000",
    "9999",
    "10000",
    "1 AD",
    "BC",
    "Q4",
    "H1",
    "this spring",
    "summer",
    "a decade ago",
    "three years",
    "30 days",
    "24/7",
    "31/02/2019",
    "2019-02-30",
    "29 February 2021",
    "12:75",
    "25:00 GMT",
    "noon",
    "midnight",
    "tonight",
    "every Tuesday",
    "twice a week",
    "since 1066",
    "by 2099",
    "from May 3 to 2",
    "April 31",
    "December 32",
    "-1",
    "1e9",
    "99999999999999999999",
    "ago",
    "later",
    "earlier",
    "the",
    "MOSCOW, April 25 (Reuters) -",
    "Posted on",
    "Updated:",
    "By",
    "Share",
    "Comments",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x0b",
    "\x85",
    "<script>alert(1)</script>",
    "&amp;",
    "&#0;",
    "\U0001f600",
    "\u0301",
    "ǅ",
    "İ",
    "ß",
    "\ud7ff",
    "Ωmega",
    "الاثنين",
    "二〇一九年",
    "一月",
    "  ",
    "\n\n\n",
    "...",
    "—",
    "“",
    "”",
]

separators = st.sampled_from([" ", " ", " ", "\n", "\n\n", ", ", ". ", "\t", "-", "/"])
pieces = st.one_of(
    st.sampled_from(HOSTILE_PIECES),
    st.sampled_from(SEED_WORDS),
    st.integers(min_value=-5, max_value=100_000).map(str),
    st.text(max_size=8),
)


@st.composite
def hostile_text(draw: st.DrawFn, max_pieces: int = 40) -> str:
    """Text stitched from date words, seed words, numbers, control characters and noise."""
    parts = draw(st.lists(st.tuples(pieces, separators), max_size=max_pieces))
    return "".join(piece + sep for piece, sep in parts)


any_text = st.one_of(st.text(max_size=300), hostile_text())

#: References a relative expression can move away from without leaving the calendar.
reference_dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(100, 1, 1), max_value=dt.date(9899, 12, 31))
)
#: The calendar's own edges, where "next year" or "3000 years ago" has no four-digit year.
edge_reference_dates = st.sampled_from(
    [dt.date(1, 1, 1), dt.date(1, 12, 31), dt.date(9999, 1, 1), dt.date(9999, 12, 31)]
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = ["id", "url", "title", "text", "published", "source", "author", "language", "categories"]
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), json_values, max_size=8)
