"""Recognition rules for what names no number or date: vague spans, parts of the day, ranges.

TimeML marks "years ago", "for some time", "just days after", "by late afternoon", "through the
night" and "earlier in the week" although they name no date; the main rules
(:mod:`dateline.annotate.time.rules`) need a number, a name or "the" + a unit to start. These
rules are appended to theirs, so an expression the main rules read keeps its reading; each one
is held to the contexts where the phrase is a time (a preposition before it, a time word after
it), not a figure of speech ("the night sky", "just hours of work"). A year range ("1980-88",
"2012–13") goes before the rule for a lone year, which would otherwise take its first year.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.annotate.time.normalise import (
    Context,
    Found,
    Handler,
    normalise_part_of_day,
)
from dateline.annotate.time.patterns import MONTH, PARTS_OF_DAY, WEEKDAY, YEAR
from dateline.annotate.time.resolve import iso_week

# a stretch of unstated length in TIMEX3 notation ("days" -> PXD)
_VAGUE_LENGTH = {
    "minutes": "PTXM",
    "hours": "PTXH",
    "days": "PXD",
    "weeks": "PXW",
    "months": "PXM",
    "years": "PXY",
    "decades": "PXY",
}


def _lookbehinds(words: tuple[str, ...]) -> str:
    """Python needs fixed-width lookbehinds: one per preceding word."""
    return "(?:" + "|".join(rf"(?<=\b{word}\s)" for word in words) + ")"


_BEFORE_PART_OF_DAY = _lookbehinds(
    ("in", "into", "by", "until", "till", "from", "since", "during", "at", "on", "through", "after")
)
_BEFORE_NIGHT = _lookbehinds(("in", "during", "through", "throughout", "into"))
# "the night sky", "the morning session": the part of the day names something else
_NOT_A_TIME_AFTER = (
    r"(?!\s+(?:of|before|after|when|that|session|sessions|shift|sky|skies|club|clubs|watch|life"
    r"|air|edition|editions|paper|papers|news|show|rush|trading|prayers?|service|flights?"
    r"|star)\b)"
)


def normalise_vague_ago(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "years ago", "some time ago", "a while ago": a time before now, no more said."""
    return [Found(m.start(), m.end(), "DATE", "PAST_REF", True)]


def normalise_vague_while(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "for some time", "for a while": a stretch whose length the text does not give."""
    return [Found(m.start(), m.end(), "DURATION", "PXX", False)]


# what must follow (checked here: a rule's own pattern is re-matched on its span alone)
_UNITS_AFTER = re.compile(r"\s+(?:after|before|later|earlier|into)\b", re.I)


def normalise_vague_units(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "just days after", "only weeks into": some of that unit, their number unsaid. ("In the
    weeks before" is left alone: TimeBank dates it, the silver set makes it a duration.)"""
    if not _UNITS_AFTER.match(ctx.text, m.end()):
        return []  # "just days", "only hours of sleep"
    unit = m.group("unit").lower()
    return [Found(m.start(), m.end(), "DURATION", _VAGUE_LENGTH[unit], False)]


_DAY_WORD_OFFSET = {"yesterday": -1, "today": 0, "tomorrow": 1}
# "late afternoon Tuesday", "the late evening March 29": the day rules read what follows
_NAMED_DAY_AFTER = re.compile(
    rf",?\s+(?:on\s+)?(?:(?:last|this|next)\s+)?(?:{WEEKDAY}|{MONTH})\b", re.I
)


def normalise_modified_part_of_day(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "by late afternoon", "in the early evening": that part of the passage's day (TimeML
    writes no "early" or "late"); with "yesterday" after it, that part of yesterday."""
    if _NAMED_DAY_AFTER.match(ctx.text, m.end()):
        return []
    if not m.group("dw"):
        return normalise_part_of_day(m, ctx)
    if ctx.reference is None:
        return []
    day = ctx.reference + dt.timedelta(days=_DAY_WORD_OFFSET[m.group("dw").lower()])
    code = PARTS_OF_DAY[m.group("part").lower()]
    return [Found(m.start(), m.end(), "TIME", f"{day.isoformat()}T{code}", True)]


def normalise_year_range(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "1980-1988", "the 1996-97 season": two years, the second at most a century on (else
    the hyphen joins something else: "1999-1950"); TimeML style gives two dates."""
    first = int(m.group("y1"))
    second_text = m.group("y2")
    second = int(second_text)
    if len(second_text) == 2:
        second += first - first % 100
        if second <= first:
            second += 100
    if not first < second <= first + 100:
        return []
    if ctx.split_ranges:
        return [Found(m.start(), m.end(), "DATE", f"{first:04d}", False)]
    return [Found(m.start(), m.end(), "DATE", f"{first:04d}/{second:04d}", False)]


# how far back (characters, one paragraph) a named day still sets the week or month meant
_PASSAGE = 200
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def normalise_in_the_unit(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "earlier in the week", "later in the month": the week or month of the day the passage
    just named, else of the article's day (as "earlier this week")."""
    day = ctx.reference
    relative = True
    named = _DAY_VALUE.match(ctx.last_date)
    if (
        named is not None
        and 0 <= m.start() - ctx.last_date_end <= _PASSAGE
        and "\n\n" not in ctx.text[ctx.last_date_end : m.start()]
    ):
        day = dt.date(int(named.group(1)), int(named.group(2)), int(named.group(3)))
        relative = ctx.last_date_relative
    if day is None:
        return []
    unit = m.group("unit").lower()
    value = iso_week(day) if unit == "week" else f"{day.year:04d}-{day.month:02d}"
    return [Found(m.start(), m.end(), "DATE", value, relative)]


# before the rule for a lone year, which takes "2012" of "2012–13" (an en dash ends a word)
YEAR_RANGE_SPEC: tuple[str, str, Handler] = (
    "year_range",
    rf"(?<!\d[.,])(?P<y1>{YEAR})[-–](?P<y2>{YEAR}|\d\d)(?![-\w])",
    normalise_year_range,
)

RECALL_RULE_SPECS: list[tuple[str, str, Handler]] = [
    (
        "vague_ago",
        # not the unit of a number the main "ago" rule could not read ("65 million years ago")
        r"(?:some\s+time|a\s+(?:little\s+)?while"
        r"|(?<![\d,.]\s)(?<!\b(?:million|billion)\s)(?<!\bthousand\s)(?<!\bhundred\s)"
        r"(?:years|decades|months|weeks|days))\s+ago",
        normalise_vague_ago,
    ),
    (
        "vague_while",
        r"(?<=\bfor\s)(?:quite\s+)?(?:some\s+time|a\s+(?:long\s+|little\s+)?while)(?![-\w])"
        r"(?!\s+(?:ago|now|later|longer)\b)",
        normalise_vague_while,
    ),
    (
        "vague_units",
        _lookbehinds(("just", "only", "mere", "barely", "scarcely"))
        + r"(?P<unit>minutes|hours|days|weeks|months)(?![-\w])",
        normalise_vague_units,
    ),
    (
        "part_of_day_modified",
        _BEFORE_PART_OF_DAY
        + r"(?:the\s+)?(?:(?:early|late|mid)(?:-|\s+)|mid)(?P<part>morning|afternoon|evening)"
        + r"(?![-\w])"
        + _NOT_A_TIME_AFTER
        # "late afternoon yesterday": the day word after it dates it
        + r"(?:,?\s+(?:on\s+)?(?P<dw>yesterday|today|tomorrow)(?![-\w]))?",
        normalise_modified_part_of_day,
    ),
    (
        "in_the_unit",
        r"(?:earlier|later)\s+in\s+the\s+(?P<unit>week|month)(?![-\w'’])",
        normalise_in_the_unit,
    ),
    (
        "the_night",
        _BEFORE_NIGHT + r"the\s+(?P<part>night)(?![-\w'’])" + _NOT_A_TIME_AFTER,
        normalise_part_of_day,
    ),
]

# words every match above contains that the main rules' triggers do not cover
RECALL_TRIGGER_WORDS = ["while", "time", "midmorning", "midafternoon"]
