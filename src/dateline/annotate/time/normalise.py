"""Normalisers: turn one rule's match into TIMEX3 values against the reference date.

Each ``normalise_*`` function is the handler of one or more rules in
:mod:`dateline.annotate.time.rules`; it reads the match's named groups and returns zero or more
:class:`Found` values (zero rejects the hit, e.g. "may" as a verb or "the quarter of the vote").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from dateline.annotate.time.patterns import (
    MONTH,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    SPOKEN_DAYS,
    UNITS,
    WEEKDAY,
    WEEKDAYS,
    month_number,
    parse_number,
)
from dateline.annotate.time.resolve import (
    Tense,
    holiday_date,
    iso_date,
    iso_month,
    iso_week,
    nearest_weekday,
    pick_by_tense,
    quarter_of,
    resolve_month,
    resolve_month_day,
    resolve_relative_month,
    resolve_season,
    resolve_weekday,
    safe_date,
    shift_months,
)
from dateline.annotate.time.tense import (
    governed_by_a_noun,
    heuristic_tense,
    nearest_verb_tense,
    parsed_tense,
)

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True)
class Found:
    """One recognised expression: span, TIMEX3 type and value, and whether it needed a reference."""

    start: int
    end: int
    type: TimexType
    value: str
    relative: bool


@dataclass(slots=True)
class Context:
    """What a handler may consult: the text, the reference date, the parse, the tense (cached)."""

    text: str
    reference: dt.date | None
    doc: object | None = None
    split_ranges: bool = False
    last_value: str = ""
    #: the last date mentioned with a known year, and whether it needed the reference: what
    #: "that year" and "the following day" are counted from
    last_date: str = ""
    last_date_relative: bool = False
    last_date_end: int = -1
    # the last quarter the text named, and where it ended
    last_quarter: str = ""
    last_quarter_end: int = -1
    #: quarters reached by a year-back comparison ("the year-ago quarter"): a further
    #: "year-ago" after one names the same period, not the year before it
    compared_quarters: set[str] = field(default_factory=set)
    #: the tenses a parse of the text gave, by span, given where ``doc`` is not there
    #: (stored when the article was parsed, :class:`dateline.records.ClauseTense`)
    known_tenses: dict[tuple[int, int], Tense] = field(default_factory=dict)
    #: every tense taken from the parse (``doc`` or ``known_tenses``), by span
    tenses_read: dict[tuple[int, int], Tense] = field(default_factory=dict)
    #: whether a clause's tense was wanted from a parse that is not there: values found
    #: without ``doc`` then may differ from those found with it
    parse_wanted: bool = False
    _tenses: dict[tuple[int, int], Tense] = field(default_factory=dict)
    #: the spans whose tense the parse left contested (see :meth:`contested`), and those a
    #: stored parse reading marked so (given where ``doc`` is not there)
    contested_spans: set[tuple[int, int]] = field(default_factory=set)
    known_contested: set[tuple[int, int]] = field(default_factory=set)

    def put_off(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is a weekday something is put off or extended until."""
        return bool(
            _PUT_OFF_UNTIL.search(self.text, max(0, start - 80), start)
            and _WEEKDAY_NAME.search(self.text, start, end)
        )

    def planned_or_starting(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is a calendar date (not a weekday, which a plan or a
        start puts in the days ahead: "was scheduled for Monday") that a plan reported in
        the past was for, or that something starts on."""
        if _WEEKDAY_NAME.search(self.text, start, end):
            return False
        return bool(
            _PLANNED_ONCE.search(self.text, max(0, start - 48), start)
            or _STARTING.search(self.text, max(0, start - 16), start)
        )

    def tense(self, start: int, end: int) -> Tense:
        key = (start, end)
        if key not in self._tenses:
            tense: Tense = None
            if self.planned_or_starting(start, end):
                # "was scheduled for January 25, but was delayed", "Beginning July 1, petrol
                # will be": a plan reported in the past, or a start, says nothing of which
                # side of the report the day lies: the nearest one
                self._tenses[key] = None
                return None
            if (
                _LOOKS_AHEAD.search(self.text, max(0, start - 24), start)
                or self.put_off(start, end)
                or _AHEAD_OF.search(self.text, max(0, start - 70), start)
            ):
                # "payable Dec. 15", "effective Feb. 1", "due Monday": a date set ahead,
                # whatever the tense of the report that announces it
                self._tenses[key] = "future"
                return "future"
            if _SINCE.search(self.text, max(0, start - 16), start):
                # "his first visit since August": what something has gone on since is past
                self._tenses[key] = "past"
                return "past"
            if self.doc is not None:
                tense = parsed_tense(self.doc, start, end, self.text)  # type: ignore[arg-type]
                if {tense, nearest_verb_tense(self.text, start, end)} == {
                    "past",
                    "future",
                } and governed_by_a_noun(self.doc, start, end):  # type: ignore[arg-type]
                    # a time inside a noun phrase ("warnings from Moscow on Thursday that
                    # strikes could follow"): the verb the parse climbs to and the verb next
                    # to the time say opposite things, and which one dates it is not known
                    self.contested_spans.add(key)
                self.tenses_read[key] = tense
            elif key in self.known_tenses:
                tense = self.tenses_read[key] = self.known_tenses[key]
                if key in self.known_contested:
                    self.contested_spans.add(key)
            else:
                self.parse_wanted = True
            self._tenses[key] = (
                tense if tense is not None else heuristic_tense(self.text, start, end)
            )
        return self._tenses[key]

    def direction(self, start: int, end: int) -> Tense:
        """The tense that picks a bare date's year or a weekday's week: None (the nearest one)
        where the tense is contested (see :meth:`contested`)."""
        tense = self.tense(start, end)
        return None if self.contested(start, end) else tense

    def contested(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` hangs on a noun in the parse and the verb above that noun
        and the verb nearest to the time read opposite tenses (past against future)."""
        self.tense(start, end)
        return (start, end) in self.contested_spans


Handler = Callable[[re.Match[str], Context], list[Found]]

_LOOKS_AHEAD = re.compile(
    r"\b(?:effective|payable|expiring|due|scheduled\s+for|set\s+for|pencil+ed\s+in\s+for)"
    r"(?:\s+(?:on|in|from))?\s+$",
    re.I,
)

_PLANNED_ONCE = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:[a-z]+ly\s+|last\s+)?(?:scheduled|set|slated|planned)"
    r"\s+(?:for|on)\s+$",
    re.I,
)
_STARTING = re.compile(r"\b(?:beginning|starting)(?:\s+(?:on|from))?\s+$", re.I)

_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[-\s]+)?$", re.I)

# "ahead of Thursday's election", "in the run-up to the vote in December": what a report is
# ahead of lies ahead of it (the phrase's own noun phrase, not across a comma or a clause)
_AHEAD_OF = re.compile(
    r"\b(?:ahead\s+of|in\s+the\s+(?:run-?\s?up|lead-?\s?up|countdown)\s+to|in\s+preparation\s+for)"
    r"\s[^.,;:!?\n]{0,60}$",
    re.I,
)

# "postponed until Tuesday morning", "extended its deadline until 9 a.m. Tuesday", "has given
# them until Friday": what is put off or extended ends after the act that reports it
_PUT_OFF_UNTIL = re.compile(
    r"\b(?:extend(?:s|ed|ing)?|postpon(?:e|es|ed|ing)|delay(?:s|ed|ing)?|defer(?:s|red|ring)?"
    r"|adjourn(?:s|ed|ing)?|put\s+off|give[ns]?|gave|grant(?:s|ed|ing)?)\b"
    r"[^.;:!?\n]{0,50}?\b(?:until|till)\s+$",
    re.I,
)
# ... for a weekday only: "which gave Iran until August 31" may name a deadline long past
_WEEKDAY_NAME = re.compile(WEEKDAY, re.I)


def _found(
    m: re.Match[str], kind: TimexType, value: str, relative: bool, group: int | str = 0
) -> list[Found]:
    return [Found(m.start(group), m.end(group), kind, value, relative)]


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


_LEAD_WORDS = frozenset(
    [
        "in",
        "on",
        "by",
        "since",
        "until",
        "last",
        "next",
        "this",
        "early",
        "late",
        "mid",
        "from",
        "during",
        "through",
        "before",
        "after",
        "for",
        "of",
        "the",
        "and",
        "or",
        "to",
        "since",
        "between",
        "until",
        "till",
        "at",
    ]
)


def _after_name(text: str, start: int) -> bool:
    """True when the word before ``start`` is a capitalised non-function word ("Theresa May")."""
    before = text[max(0, start - 30) : start]
    match = re.search(r"([A-Za-z]+)\s+$", before)
    if match is None:
        return False
    word = match.group(1)
    return _capitalised(word) and word.lower() not in _LEAD_WORDS


# ---------------------------------------------------------------- absolute and partial dates


_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


def _date_from_parts(
    m: re.Match[str], ctx: Context, month: int, day: int, year_text: str | None
) -> tuple[str, bool] | None:
    weekday = WEEKDAYS[m.group("wd").lower()] if m.groupdict().get("wd") else None
    if year_text:
        date = safe_date(int(year_text), month, day)
        return (iso_date(date), False) if date else None
    if safe_date(2000, month, day) is None:
        return None
    if ctx.reference is None:
        return f"XXXX-{month:02d}-{day:02d}", True
    relative_year = m.groupdict().get("rel")
    if relative_year:  # "December 23 last year": the year is said, relative to the reference
        date = safe_date(ctx.reference.year + _YEAR_SHIFT[relative_year.lower()], month, day)
        return (iso_date(date), True) if date else None
    value = resolve_month_day(ctx.reference, month, day, ctx.direction(m.start(), m.end()), weekday)
    return (value, True) if value else None


def normalise_month_day(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("mon")):
        return []
    resolved = _date_from_parts(
        m,
        ctx,
        month_number(m.group("mon")),
        int(re.sub(r"\D", "", m.group("day"))),
        m.group("year"),
    )
    return _found(m, "DATE", *resolved) if resolved else []


def normalise_spoken_day(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "March eighth", "the twenty-first of May" (broadcast transcripts spell the day)."""
    month_word = m.group("mon") or m.group("mon2")
    if not _capitalised(month_word) or _after_name(ctx.text, m.start()):
        return []
    day_word = re.sub(r"\s+", " ", (m.group("day") or m.group("day2")).lower())
    resolved = _date_from_parts(m, ctx, month_number(month_word), SPOKEN_DAYS[day_word], None)
    return _found(m, "DATE", *resolved) if resolved else []


def normalise_range(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("mon")):
        return []
    first_month = month_number(m.group("mon"))
    second_month = month_number(m.group("mon2")) if m.group("mon2") else first_month
    first_day, second_day = (
        int(re.sub(r"\D", "", m.group("d1"))),
        int(re.sub(r"\D", "", m.group("d2"))),
    )
    year_text = m.group("year")
    start = _date_from_parts(m, ctx, first_month, first_day, year_text)
    if start is None:
        return []
    first_value, relative = start
    if first_value.startswith("XXXX"):
        second_value = f"XXXX-{second_month:02d}-{second_day:02d}"
    else:
        year = int(first_value[:4]) + (1 if second_month < first_month else 0)
        second = safe_date(year, second_month, second_day)
        if second is None:
            return []
        second_value = iso_date(second)
    if ctx.split_ranges:
        return [
            Found(m.start("a"), m.end("a"), "DATE", first_value, relative),
            Found(m.start("b"), m.end("b"), "DATE", second_value, relative),
        ]
    return [Found(m.start("a"), m.end("b"), "DATE", f"{first_value}/{second_value}", relative)]


def normalise_iso(m: re.Match[str], ctx: Context) -> list[Found]:
    year = int(m.group("year"))
    if year < 100:
        year += 1900 if year > 30 else 2000
    date = safe_date(year, int(m.group("mon")), int(m.group("day")))
    return _found(m, "DATE", iso_date(date), False) if date else []


def normalise_week_of(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "the week of March 6": the ISO week that holds the day."""
    if not _capitalised(m.group("mon")):
        return []
    day = int(re.sub(r"\D", "", m.group("day")))
    resolved = _date_from_parts(m, ctx, month_number(m.group("mon")), day, m.group("year"))
    if resolved is None:
        return []
    day_text, relative = resolved
    if day_text.startswith("X"):
        return _found(m, "DATE", "XXXX-WXX", True)
    return _found(m, "DATE", iso_week(dt.date.fromisoformat(day_text)), relative)


def normalise_day_month(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("mon")):
        return []
    day = int(re.sub(r"\D", "", m.group("day") or m.group("day2")))
    resolved = _date_from_parts(m, ctx, month_number(m.group("mon")), day, m.group("year"))
    return _found(m, "DATE", *resolved) if resolved else []


def normalise_month_relative_year(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("mon")):
        return []
    month = month_number(m.group("mon"))
    if ctx.reference is None:
        return _found(m, "DATE", f"XXXX-{month:02d}", True)
    year = ctx.reference.year + {"last": -1, "this": 0, "next": 1}[m.group("dir").lower()]
    return _found(m, "DATE", iso_month(year, month), True)


def normalise_month_year(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("mon")):
        return []
    return _found(m, "DATE", iso_month(int(m.group("year")), month_number(m.group("mon"))), False)


def normalise_season_year(m: re.Match[str], ctx: Context) -> list[Found]:
    return _found(m, "DATE", f"{m.group('year')}-{SEASONS[m.group('season').lower()]}", False)


def _ordinal(word: str) -> int:
    return ORDINALS.get(word.lower(), 0) or int(re.sub(r"\D", "", word) or 0)


def normalise_quarter_year(m: re.Match[str], ctx: Context) -> list[Found]:
    quarter = _ordinal(m.group("ord"))
    if not 1 <= quarter <= 4:
        return []
    return _found(m, "DATE", f"{m.group('year')}-Q{quarter}", False)


def _part_number(word: str, part: str) -> int:
    """1-based number of a quarter or half ("third" quarter -> 3, "last" half -> 2); 0 if none."""
    if word.lower() in ("last", "final", "latter"):
        return 0 if word.lower() == "latter" and part == "quarter" else 2 if part == "half" else 4
    number = _ordinal(word)
    return number if 1 <= number <= (2 if part == "half" else 4) else 0


def normalise_half_year(m: re.Match[str], ctx: Context) -> list[Found]:
    half = _part_number(m.group("ord"), "half")
    return _found(m, "DATE", f"{m.group('year')}-H{half}", False) if half else []


def normalise_relative_year_part(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "last year's fourth quarter", "the first half of next year": YYYY-Q4, YYYY-H1."""
    part = m.group("part").lower()
    number = _part_number(m.group("ord"), part)
    if not number:
        return []
    letter = "Q" if part == "quarter" else "H"
    if ctx.reference is None:
        return _found(m, "DATE", f"XXXX-{letter}{number}", True)
    year = ctx.reference.year + _YEAR_SHIFT[(m.group("dir") or "this").lower()]
    return _found(m, "DATE", f"{year:04d}-{letter}{number}", True)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def normalise_decade(m: re.Match[str], ctx: Context) -> list[Found]:
    if m.group("dec"):
        if m.group("dec").endswith("00") and m.group("dec") != "2000":
            # "the 1800s": the century; "the 2000s" is said of the decade 2000-2009
            return _found(m, "DATE", m.group("dec")[:2], False)
        return _found(m, "DATE", m.group("dec")[:3] + "X", False)
    digit = int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
    return _found(m, "DATE", f"19{digit}X", False)


def normalise_century(m: re.Match[str], ctx: Context) -> list[Found]:
    number = _ordinal(m.group("ord"))
    return _found(m, "DATE", f"{number - 1:02d}", False) if 1 <= number <= 21 else []


_MEASURE_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|people|troops|soldiers|tons?|tonnes|km|kilo|grams|pounds|miles|meters|metres|feet|barrels|"
    r"dollars|euros|yuan|rubles|units|cases|deaths|votes|points|kg|mw|cc|hp|rpm)",
    re.I,
)


def normalise_year(m: re.Match[str], ctx: Context) -> list[Found]:
    if _MEASURE_AFTER.match(ctx.text, m.end()) or re.match(
        r"[.,:]\d", ctx.text[m.end() : m.end() + 2]
    ):
        return []
    if re.search(r"[\d,.]\s*$", ctx.text[max(0, m.start() - 2) : m.start()]):
        return []
    return _found(m, "DATE", m.group("year"), False)


# ---------------------------------------------------------------- relative expressions


def normalise_relative_month(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("mon")):
        return []
    month = month_number(m.group("mon"))
    if ctx.reference is None:
        return _found(m, "DATE", f"XXXX-{month:02d}", True)
    direction = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(
        m.group("dir").lower(), 0
    )
    if direction == 0:
        return _found(m, "DATE", iso_month(ctx.reference.year, month), True)
    return _found(m, "DATE", resolve_relative_month(ctx.reference, month, direction), True)


def normalise_month_alone(m: re.Match[str], ctx: Context) -> list[Found]:
    word = m.group("mon")
    if not _capitalised(word) or _after_name(ctx.text, m.start("mon")):
        return []
    if word.lower() == "may" and not m.group("mod"):
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(
            r"\b(?:in|since|until|till|by|of|from|through|during|before|after|to|and|or|between)\s+$",
            before,
        ):
            return []
    if _a_procession(ctx.text, m.start(), m.end()):
        return []
    month = month_number(word)
    if ctx.reference is None:
        return _found(m, "DATE", f"XXXX-{month:02d}", True)
    return _found(
        m, "DATE", resolve_month(ctx.reference, month, ctx.direction(m.start(), m.end())), True
    )


_A_MARCH_FOR = re.compile(r"\s+(?:for|of|on|against|to)\s+(?:the\s+)?[A-Z]")
_ARTICLE_BEFORE = re.compile(r"\b(?i:the|an?)\s+(?:[a-z]+\s+)?[`'\"“‘]*$")


def _a_procession(text: str, start: int, end: int) -> bool:
    """ "the annual March for Life", "the March of the Mothers": the noun, not the month."""
    return (
        text[start:end].lower() == "march"
        and _A_MARCH_FOR.match(text, end) is not None
        and _ARTICLE_BEFORE.search(text[max(0, start - 24) : start]) is not None
    )


_DIRECTIONS = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "prior": -1,
    "preceding": -1,
    "this": 0,
    "current": 0,
    "same": 0,
    "next": 1,
    "coming": 1,
    "following": 1,
}


def normalise_relative_unit(m: re.Match[str], ctx: Context) -> list[Found]:
    word = m.group("dir").lower()
    unit = m.group("unit").lower()
    direction = _DIRECTIONS[word]
    has_the = bool(m.group("the"))
    letter = {
        "year": "Y",
        "month": "M",
        "week": "W",
        "quarter": "Q",
        "decade": "Y",
        "century": "Y",
        "weekend": "WE",
    }
    if (
        has_the
        and word in ("past", "last")
        and unit in letter
        and not m.group("mod")
        and (unit in ("quarter", "decade", "century") or _OF_AFTER.match(ctx.text, m.end()))
    ):
        # "the past decade" is a length; "over the past year", "in the past week" name the
        # calendar unit before the reference's, as "last year" does (below)
        size = {"decade": "10", "century": "100"}.get(unit, "1")
        return _found(m, "DURATION", f"P{size}{letter[unit]}", False)
    ref = ctx.reference
    if has_the and word in _ANAPHORIC and unit in ("year", "month", "week", "quarter"):
        # "the following year", "the previous month": counted from the date just mentioned
        antecedent = _antecedent(ctx, unit)
        if antecedent is not None:
            return _found(m, "DATE", _shifted(antecedent, unit, direction), ctx.last_date_relative)
        if word == "following":
            return []  # "the following week, prices fell": after a time the text did not date
    if unit in SEASONS:
        if ref is None:
            return _found(m, "DATE", f"XXXX-{SEASONS[unit]}", True)
        season_direction = None if direction == 0 else direction
        # "this summer" is the reference's own year's, whatever the clause's tense ("protests
        # this summer" written in March lie ahead); a winter spans the turn of the year
        this_year = word in ("this", "current") and unit != "winter"
        tense: Tense = "present" if this_year else ctx.tense(m.start(), m.end())
        return _found(m, "DATE", resolve_season(ref, SEASONS[unit], tense, season_direction), True)
    if ref is None:
        placeholder = {
            "year": "XXXX",
            "month": "XXXX-XX",
            "week": "XXXX-WXX",
            "weekend": "XXXX-WXX-WE",
            "quarter": "XXXX-QX",
        }
        return _found(m, "DATE", placeholder.get(unit, "XXXX"), True)
    if unit == "year":
        value = f"{ref.year + direction:04d}"
        quarter = re.fullmatch(r"(\d{4})-Q([1-4])", ctx.last_value)
        if (
            direction == -1
            and quarter
            and _COMPARED_WITH.search(ctx.text, max(0, m.start() - 60), m.start())
        ):
            # "net rose in the third quarter ... compared with a loss of $3 million last
            # year": a result compared with last year's is the same quarter a year back
            value = _year_back_quarter(ctx, quarter)
    elif unit == "month":
        value = iso_month(*shift_months(ref.year, ref.month, direction))
    elif unit in ("week", "weekend"):
        value = iso_week(ref + dt.timedelta(days=7 * direction)) + (
            "-WE" if unit == "weekend" else ""
        )
    elif unit == "quarter":
        year, month = shift_months(ref.year, ref.month, 3 * direction)
        value = f"{year:04d}-Q{(month - 1) // 3 + 1}"
    elif unit == "decade":
        value = f"{(ref.year // 10 + direction):03d}X"
    else:  # century
        value = century_value(ref.year // 100 + direction)
    return _found(m, "DATE", value, True)


_OF_AFTER = re.compile(r"\s+of\b", re.I)  # "the last week of March": not the week before
_QUARTER_PASSAGE = 400
_ANAPHORIC = frozenset({"following", "previous", "prior", "preceding", "same"})
# a comparison in the same clause, close before "last year": "compared with $3 million last
# year", "up from $1.4 billion last year", "from last year's $1.55 billion"
_COMPARED_WITH = re.compile(
    r"\b(?:compared\s+with|compared\s+to|up\s+from|down\s+from|from|than|versus)\b"
    r"[^.;:!?\n]{0,40}$",
    re.I,
)
_DATE_PARTS = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def _antecedent(ctx: Context, unit: str) -> dt.date | None:
    """A day inside the last mentioned date, if that date is precise enough for ``unit``
    (a year for "year", a month for "month" and "quarter", a day for "week" and "day")."""
    match = _DATE_PARTS.match(ctx.last_date)
    if match is None:
        return None
    year, month, day = match.groups()
    needed = {"year": 1, "month": 2, "quarter": 2}.get(unit, 3)
    if needed > 1 + (month is not None) + (day is not None):
        return None
    return safe_date(int(year), int(month or 1), int(day or 1))


def _shifted(anchor: dt.date, unit: str, direction: int) -> str:
    if unit == "year":
        return f"{anchor.year + direction:04d}"
    if unit == "month":
        return iso_month(*shift_months(anchor.year, anchor.month, direction))
    if unit == "quarter":
        year, month = shift_months(anchor.year, anchor.month, 3 * direction)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "week":
        return iso_week(anchor + dt.timedelta(days=7 * direction))
    return iso_date(anchor + dt.timedelta(days=direction))


def normalise_relative_day(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "the next day", "the previous evening": a day from the date just mentioned, else from
    the reference (news says "the previous day" of its own date too)."""
    direction = _DIRECTIONS[m.group("dir").lower()]
    unit = m.group("unit").lower()
    antecedent = _antecedent(ctx, "day")
    relative = ctx.last_date_relative if antecedent is not None else True
    anchor = antecedent or ctx.reference
    day_text = "XXXX-XX-XX" if anchor is None else _shifted(anchor, "day", direction)
    if unit == "day":
        return _found(m, "DATE", day_text, relative)
    return _found(m, "TIME", f"{day_text}T{PARTS_OF_DAY[unit]}", relative)


def normalise_anaphoric(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "that year", "later that day": the date just mentioned, at the unit's granularity;
    nothing when no date precise enough was mentioned before (no guess from the reference)."""
    unit = m.group("unit").lower()
    antecedent = _antecedent(ctx, "day" if unit in PARTS_OF_DAY else unit)
    if antecedent is None:
        return []
    if unit in PARTS_OF_DAY:
        value = f"{iso_date(antecedent)}T{PARTS_OF_DAY[unit]}"
        return _found(m, "TIME", value, ctx.last_date_relative)
    return _found(m, "DATE", _shifted(antecedent, unit, 0), ctx.last_date_relative)


def century_value(index: int) -> str:
    """TimeML's two-digit century ("19" = the 1900s); one past years 1-9999 stays unknown."""
    return f"{index:02d}" if 0 <= index <= 99 else "XXXX"


_STORY_CLOCK_UNITS = frozenset({"day", "week", "hour", "minute"})
_THAN = re.compile(r"\s+than\b", re.I)


def normalise_ago(m: re.Match[str], ctx: Context) -> list[Found]:
    unit = m.group("unit").lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    than = direction in ("later", "earlier") and _THAN.match(ctx.text, m.end()) is not None
    if than:
        # "a year earlier than planned", "two weeks later than expected": a length of time
        # between two moments, neither of them the article's date
        length = _duration_value(m.group("num"), m.group("unit"))
        return [Found(m.start(), m.end("unit"), "DURATION", length, False)] if length else []
    if direction == "later" or (direction == "earlier" and unit in _STORY_CLOCK_UNITS):
        # "three days later", "a day earlier": after or before some event of the story, not
        # the article's date; what the text states is the length of time (TimeML tags "three
        # days" as a duration). "A year earlier" keeps its date: news compares a period with
        # the same period a year before the article's
        length = _duration_value(m.group("num"), m.group("unit"))
        end = m.end() if direction == "earlier" else m.end("unit")  # as TimeBank spans them
        return [Found(m.start(), end, "DURATION", length, False)] if length else []
    future = direction in ("from now", "hence", "after")
    amount = parse_number(m.group("num"))
    if amount is None:
        return _found(m, "DATE", "FUTURE_REF" if future else "PAST_REF", True)
    if ctx.reference is None:
        return _found(
            m, "DATE", "XXXX" if unit in ("year", "decade", "century") else "XXXX-XX-XX", True
        )
    sign = 1 if future else -1
    ref = ctx.reference
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", ctx.last_value)
    if (
        quarter is None
        and ctx.last_date == ctx.last_quarter
        and 0 <= m.start() - ctx.last_quarter_end <= _QUARTER_PASSAGE
    ):
        quarter = re.fullmatch(r"(\d{4})-Q([1-4])", ctx.last_quarter)
    if unit == "year" and amount == 1 and quarter and not future:
        # financial news: "a year earlier" compares with the quarter just mentioned
        return _found(m, "DATE", _year_back_quarter(ctx, quarter), True)
    if unit in ("year", "decade", "century"):
        years = amount * {"year": 1, "decade": 10, "century": 100}[unit]
        year = ref.year + sign * years
        value = (
            f"{year:04d}"
            if unit == "year"
            else f"{year // 10:03d}X"
            if unit == "decade"
            else century_value(year // 100)
        )
        return _found(m, "DATE", value, True)
    if unit == "month":
        return _found(m, "DATE", iso_month(*shift_months(ref.year, ref.month, sign * amount)), True)
    if unit == "quarter":
        year, month = shift_months(ref.year, ref.month, sign * 3 * amount)
        return _found(m, "DATE", f"{year:04d}-Q{(month - 1) // 3 + 1}", True)
    if unit in ("week", "weekend"):
        return _found(m, "DATE", iso_week(ref + dt.timedelta(days=sign * 7 * amount)), True)
    if unit == "day":
        return _found(m, "DATE", iso_date(ref + dt.timedelta(days=sign * amount)), True)
    return _found(m, "TIME", iso_date(ref), True)


def _duration_value(number_text: str | None, unit_text: str) -> str | None:
    unit = unit_text.lower()
    unit = "century" if unit.startswith("centur") else unit.rstrip("s")
    if unit not in UNITS:
        return None
    letter, timed, multiplier = UNITS[unit]
    if number_text is None:
        amount_text = "X"
    elif re.fullmatch(r"\d+\.\d+", number_text.strip()):
        amount_text = number_text.strip()
    else:
        amount = parse_number(number_text)
        amount_text = "X" if amount is None else str(amount * multiplier)
    return f"P{'T' if timed else ''}{amount_text}{letter}"


def _half_value(amount: int, unit_text: str) -> str | None:
    """The duration ``amount`` and a half ``unit`` ("2 1/2 years" -> P2Y6M, "half an hour" ->
    PT30M): the half in the next smaller unit where it is whole, else as a decimal."""
    unit = unit_text.lower()
    unit = "century" if unit.startswith("centur") else unit.rstrip("s")
    if unit not in UNITS:
        return None
    letter, timed, multiplier = UNITS[unit]
    if unit in ("decade", "century"):
        return f"P{amount * multiplier + multiplier // 2}Y"
    smaller = {"year": ("6M", False), "day": ("12H", True), "hour": ("30M", True)}
    smaller["minute"] = ("30S", True)
    if unit in smaller:
        rest, rest_timed = smaller[unit]
        whole = f"{amount}{letter}" if amount else ""
        if timed:
            return f"PT{whole}{rest}"
        return f"P{whole}{'T' if rest_timed else ''}{rest}"
    return f"P{'T' if timed else ''}{amount}.5{letter}"


def normalise_half_unit(m: re.Match[str], ctx: Context) -> list[Found]:
    value = _half_value(0, m.group("unit"))
    return _found(m, "DURATION", value, False) if value else []


# an amount or a counted plural right before "a year" makes it a rate ("$2 million a year")
_RATE_BEFORE = re.compile(
    r"(?:\d[\d,.]*(?:\s+(?:million|billion|trillion|thousand|hundred|percent|%))?|\b[a-z]+[^s\W]s)\s+$",
)


def normalise_duration(m: re.Match[str], ctx: Context) -> list[Found]:
    number = m.group("num")
    unit = m.group("unit").lower()
    if number.lower() in ("a", "an") and (
        unit.startswith("second") or m.group(0).lower().endswith("-long")
    ):
        return []  # "a second", "a decades-long feud" (read by the "-long" rule)
    if (
        unit.startswith("quarter")
        and ctx.text[m.end() : m.end() + 4].lower() == " of "
        and number.lower() not in ("several", "few", "many")
    ):
        return []  # "three-quarters of the vote"; not "after several quarters of losses"
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", number) or re.match(
        r"[-\s]old\b", ctx.text[m.end() : m.end() + 5]
    ):
        return []
    if number.lower() in ("a", "an", "one") and unit in ("day", "night") and not m.group("approx"):
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:once|twice|times|per)\s+$", before):
            return _found(m, "SET", f"P1{'D' if unit == 'day' else 'NI'}", False)
    if (
        number.lower() in ("a", "an")
        and not m.group("approx")
        and _RATE_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start())
    ):
        return []  # "$500 million a year", "four flights a week": a rate, not a length of time
    amount = parse_number(number)
    if (m.group("half") or m.group("half_after")) and amount is not None:
        value = _half_value(amount, unit)
    else:
        value = _duration_value(number, unit)
    if not value:
        return []
    if m.group("bare_the"):
        if _SHIFTED_AFTER.match(ctx.text, m.end()):
            return []  # "the two weeks before": let the shifted-date rules read it
        if "-" in m.group("sep") or not unit.endswith("s") or m.group("approx"):
            # "the eight-year war", "the two day rally": the article belongs to the noun
            return [Found(m.start("num"), m.end(), "DURATION", value, False)]
    return _found(m, "DURATION", value, False)


# TimeML spans a duration with its article ("the nine months ended Sept. 30")
_SHIFTED_AFTER = re.compile(r"\s+(?:ago|earlier|later|before|after|from\s+now|hence)\b", re.I)


def normalise_unit_long(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "day-long", "a weeklong strike": one unit; "decades-long": an unstated number of them."""
    unit = m.group("unit").lower()
    unit = "century" if unit.startswith("centur") else unit
    value = _duration_value(None if m.group("plural") else "one", unit)
    return _found(m, "DURATION", value, False) if value else []


def normalise_bare_units(m: re.Match[str], ctx: Context) -> list[Found]:
    value = _duration_value(None, m.group("unit"))
    return _found(m, "DURATION", value, False, "unit") if value else []


_STRETCH_AFTER = re.compile(r"\s+(?:since|that\s+followed|after|before)\b", re.I)


def normalise_vague_stretch(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "the coming weeks", "the days ahead", "over the years": a stretch of unstated length."""
    if m.group("unit4") and not _STRETCH_AFTER.match(ctx.text, m.end()):
        return []  # "in the years since": not "in the months of talks"
    unit = next(m.group(g) for g in ("unit", "unit2", "unit3", "unit4") if m.group(g))
    if m.group("unit") and unit.lower() in ("months", "quarters"):
        # "the economy is expected to slow in coming months": TimeML's vague future (every
        # "coming months" of TimeBank and the silver set), where "coming weeks" is a stretch
        return _found(m, "DATE", "FUTURE_REF", False)
    value = _duration_value(None, unit)
    return _found(m, "DURATION", value, False) if value else []


def normalise_day_word(m: re.Match[str], ctx: Context) -> list[Found]:
    word = m.group("w").lower()
    part = m.group("part")
    ref = ctx.reference
    offset = {
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "tonight": 0,
        "overnight": 0,
        "last": -1,
        "this": 0,
    }[word]
    day = None if ref is None else ref + dt.timedelta(days=offset)
    day_text = "XXXX-XX-XX" if day is None else iso_date(day)
    if word in ("tonight", "overnight"):
        return _found(m, "TIME", f"{day_text}TNI", True)
    if part:
        return _found(m, "TIME", f"{day_text}T{PARTS_OF_DAY[part.lower()]}", True)
    if word in ("last", "this"):
        return []
    return _found(m, "DATE", day_text, True)


def _weekday_date(ctx: Context, weekday: int, start: int, end: int) -> dt.date:
    """The date of a weekday named without "last"/"next", against the article's date; a day
    something was put off until follows the day the passage last named ("polling began
    Sunday ... extended the vote until Monday": the Monday after that Sunday)."""
    assert ctx.reference is not None
    if ctx.put_off(start, end):
        anchor = _passage_day(ctx, start)
        if anchor is not None and anchor < ctx.reference:
            return resolve_weekday(anchor + dt.timedelta(days=1), weekday, "future")
    if ctx.contested(start, end):
        return nearest_weekday(ctx.reference, weekday)
    return resolve_weekday(ctx.reference, weekday, ctx.tense(start, end))


_NAMED_WEEKDAY = re.compile(
    r"\b(?:Good|Black|Bloody|Ash|Palm|Super|Cyber|Maundy|Holy|Easter|Whit)\s+$"
)


def normalise_weekday(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _capitalised(m.group("wd")):
        return []
    if not m.group("dir") and _NAMED_WEEKDAY.search(ctx.text, max(0, m.start() - 8), m.start()):
        return []  # "the Good Friday agreement", "Black Monday", "Super Tuesday": names
    weekday = WEEKDAYS[m.group("wd").lower()]
    part = m.group("part")
    part_code = f"T{PARTS_OF_DAY[part.lower()]}" if part else ""
    if m.group("plural"):
        return _found(m, "SET", f"XXXX-WXX-{weekday}{part_code}", False)
    direction = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(
        (m.group("dir") or "").lower(), 0
    )
    if ctx.reference is None:
        return _found(m, "DATE", f"XXXX-WXX-{weekday}{part_code}", True)
    if direction == 0:
        day = _weekday_date(ctx, weekday, m.start(), m.end())
    else:
        day = resolve_weekday(ctx.reference, weekday, None, direction)
    return _found(m, "DATE", iso_date(day) + part_code, True)


_WEEKDAY_AFTER_ASIDE = re.compile(
    rf"\s*\([^()\n]{{1,24}}\)\s*,?\s*(?:on\s+)?(?P<wd>{WEEKDAY})\b(?!\s*,?\s*(?:{MONTH}|\d))"
    # ... or closes the bracket: "at 4 in the morning (4 a.m. EDT Thursday)"
    rf"|\s*\((?:[^()\n]{{1,24}}\s)?(?P<wd2>{WEEKDAY})\)",
    re.I,
)


def normalise_time_of_day(m: re.Match[str], ctx: Context) -> list[Found]:
    clock = m.group("time").lower().replace(" ", "")
    if clock == "noon" or clock == "midday":
        hh, mm = 12, 0
    elif clock == "midnight":
        hh, mm = 24, 0
    else:
        digits = re.match(r"(\d{1,2})(?::(\d\d))?", clock)
        assert digits is not None
        hh, mm = int(digits.group(1)), int(digits.group(2) or 0)
        if clock.endswith(("afternoon", "evening")):  # "3 in the afternoon"
            hh = hh + 12 if hh < 12 else hh
        elif clock.endswith("morning"):  # "4 in the morning"
            hh = 0 if hh == 12 else hh
        elif "p" in clock and hh < 12:
            hh += 12
        elif "a" in clock and hh == 12:
            hh = 0
        if hh > 24 or mm > 59:
            return []
    ref = ctx.reference
    relative = True
    if m.group("mon"):
        resolved = _date_from_parts(
            m,
            ctx,
            month_number(m.group("mon")),
            int(re.sub(r"\D", "", m.group("day"))),
            m.group("year"),
        )
        if resolved is None:
            return []
        day_text, relative = resolved
    elif m.group("wd"):
        weekday = WEEKDAYS[m.group("wd").lower()]
        day_text = (
            "XXXX-WXX-" + str(weekday)
            if ref is None
            else iso_date(_weekday_date(ctx, weekday, m.start(), m.end()))
        )
    elif (later := _WEEKDAY_AFTER_ASIDE.match(ctx.text, m.end())) is not None and _capitalised(
        later.group("wd") or later.group("wd2")
    ):
        # "at about 10:35 a.m. (0735 GMT) Friday": the day follows the other zone's time
        # (inside the bracket, the clock time's own clause gives the tense: "a.m." may look
        # like the end of a sentence to the heuristic)
        weekday = WEEKDAYS[(later.group("wd") or later.group("wd2")).lower()]
        start, end = (later.start("wd"), later.end("wd")) if later.group("wd") else m.span()
        day_text = (
            "XXXX-WXX-" + str(weekday)
            if ref is None
            else iso_date(_weekday_date(ctx, weekday, start, end))
        )
    elif m.group("dw"):
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[m.group("dw").lower()]
        day_text = "XXXX-XX-XX" if ref is None else iso_date(ref + dt.timedelta(days=offset))
    elif (day := _day_in_the_same_passage(ctx, m.start(), m.end())) is not None:
        # "the blast hit on March 3 ... at 10 p.m.": the clock time is on the day just named
        day_text, relative = iso_date(day), ctx.last_date_relative
    else:
        day_text = "XXXX-XX-XX" if ref is None else iso_date(ref)
    return _found(m, "TIME", f"{day_text}T{hh:02d}:{mm:02d}", relative)


def normalise_part_of_day(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "in the morning", "during the afternoon": that part of the day the passage is about
    (the day just named in a past account, else the article's day), as for a bare clock time."""
    code = PARTS_OF_DAY[m.group("part").lower()]
    if (day := _day_in_the_same_passage(ctx, m.start(), m.end())) is not None:
        return _found(m, "TIME", f"{iso_date(day)}T{code}", ctx.last_date_relative)
    day_text = "XXXX-XX-XX" if ctx.reference is None else iso_date(ctx.reference)
    return _found(m, "TIME", f"{day_text}T{code}", True)


# how far back (characters, within the paragraph) a named day still dates a bare clock time
_SAME_PASSAGE = 200


def _day_in_the_same_passage(ctx: Context, start: int, end: int) -> dt.date | None:
    """The day named just before a clock time in a past-tense account, if there is one."""
    if ctx.tense(start, end) != "past":
        return None
    return _passage_day(ctx, start)


def _passage_day(ctx: Context, start: int) -> dt.date | None:
    """The day the text named last, if it did so shortly before ``start``, in one paragraph."""
    if ctx.last_date_end < 0 or start - ctx.last_date_end > _SAME_PASSAGE:
        return None
    if "\n\n" in ctx.text[ctx.last_date_end : start]:
        return None
    return _antecedent(ctx, "day")


_HOLIDAY_THING = re.compile(
    r"\s+(?:carols?|trees?|cards?|decorations?|presents?|gifts?|lights|songs?|music|markets?"
    r"|messages?|spirit|island|pudding|stockings?|cribs?|creches?|ornaments?|eggs?|bunny"
    r"|rising|offensive|uprising|agreement|accords?)\b",
    re.I,
)


def normalise_holiday(m: re.Match[str], ctx: Context) -> list[Found]:
    name = re.sub(r"\s+", " ", m.group("h").lower()).replace("’", "'")
    if not _capitalised(m.group("h")) or _after_name(ctx.text, m.start()):
        return []  # "Jermaine Easter", "Orthodox Easter", "easter" in lower case
    if not m.group("year") and _HOLIDAY_THING.match(ctx.text, m.end()):
        return []  # "Christmas trees", "Easter eggs", "Christmas Island": things, not days
    if m.group("year"):
        date = holiday_date(name, int(m.group("year")))
        return _found(m, "DATE", iso_date(date), False) if date else []
    ref = ctx.reference
    if ref is None:
        return []
    candidates = [
        d
        for y in (ref.year - 1, ref.year, ref.year + 1)
        if (d := holiday_date(name, y)) is not None
    ]
    # as for "December 25": the tense picks the year, with the same slack either side
    day = pick_by_tense(candidates, ref, ctx.tense(m.start(), m.end()))
    return _found(m, "DATE", iso_date(day), True)


def normalise_quarter(m: re.Match[str], ctx: Context) -> list[Found]:
    modifiers = (m.group("q") or "").lower()
    ordinal = m.group("ord")
    if not ordinal and not modifiers and not m.group("the"):
        return []
    if ctx.text[m.end() : m.end() + 4].lower() == " of " and not _OF_AN_AMOUNT.match(
        ctx.text, m.end()
    ):
        return []  # "a quarter of the vote" (but "a loss for the third quarter of $226 million")
    if m.group("the") and ordinal and m.group(0)[m.end("ord") - m.start()] == "-" and not modifiers:
        # "the third-quarter results": the article belongs to the noun phrase, not the timex
        m_start = m.start("ord")
    else:
        m_start = m.start()
    if _a_quarter_of_play(ctx.text, m.start(), m.end()) or _QUARTER_FINAL.match(ctx.text, m.end()):
        return []  # a quarter of a game; "the quarter-finals" are a round of a tournament
    ref = ctx.reference
    year_back = (
        1 if re.search(r"year-(?:earlier|ago)|last year's|prior-year|year-before", modifiers) else 0
    )
    if ordinal:
        quarter = _ordinal(ordinal)
        if ref is None:
            return [Found(m_start, m.end(), "DATE", f"XXXX-Q{quarter}", True)]
        if not year_back and _not_begun(quarter, quarter_of(ref), ctx, m):
            year_back = 1  # in March, "fourth-quarter earnings" were last year's
        value = f"{ref.year - year_back:04d}-Q{quarter}"
        if year_back:
            ctx.compared_quarters.add(value)
        return [Found(m_start, m.end(), "DATE", value, True)]
    if ref is None:
        return _found(m, "DATE", "XXXX-QX", True)
    if re.search(r"\b(?:this|current)\b", modifiers):
        year, quarter = ref.year, quarter_of(ref)
    elif re.search(r"\b(?:next|coming)\b", modifiers):
        year, month = shift_months(ref.year, ref.month, 3)
        quarter = (month - 1) // 3 + 1
    else:
        year, month = shift_months(ref.year, ref.month, -3)
        quarter = (month - 1) // 3 + 1
    value = f"{year - year_back:04d}-Q{quarter}"
    if year_back:
        ctx.compared_quarters.add(value)
    return _found(m, "DATE", value, True)


# the words of a match report: "scored in the second quarter", "a 28-3 lead at the end of
# the third quarter" name a quarter of a game, not of a year
_PLAY_WORDS = re.compile(
    r"\b(?:scor(?:e|es|ed|ing)|touchdowns?|rebounds?|baskets?|goals?|points?|yards?|"
    r"pointers?|free\s+throws?|fumbled?|intercept(?:ed|ion)|quarterback|halftime|half-time|"
    r"(?:game|match|lead|led|trailed|trailing)\b|\d+-\d+\b)",
    re.I,
)


def _a_quarter_of_play(text: str, start: int, end: int) -> bool:
    """Whether the quarter or half at ``[start, end)`` is part of a game: words of play in the
    same sentence and no company figures ("net", "profit", "sales", "percent")."""
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 200) + 1
    right_dot = text.find(".", end)
    right = min(right_dot if right_dot != -1 else len(text), end + 200)
    sentence = text[left:right]
    return bool(_PLAY_WORDS.search(sentence)) and not _COMPANY_FIGURES.search(sentence)


_OF_AN_AMOUNT = re.compile(r"\s+of\s+(?:[$£€¥]|US\$|C\$|A\$|\d)")
_QUARTER_FINAL = re.compile(r"[-\s]finals?\b", re.I)
_COMPANY_FIGURES = re.compile(
    r"\b(?:net|profits?|earnings|sales|revenues?|percent|income|loss(?:es)?|growth|"
    r"economy|output|GDP|shares?|dividends?|fiscal|billion|million)\b|[%$]",
    re.I,
)


def _not_begun(part: int, current: int, ctx: Context, m: re.Match[str]) -> bool:
    """Whether a quarter or half of the reference's year has not begun yet and the clause is
    not about the future: then it is the one of the year before."""
    return part > current and ctx.tense(m.start(), m.end()) != "future"


def normalise_quarter_code(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "Q3", "Q2 2012", "2012 Q2": a quarter, of the year said or of the reference's year."""
    if _after_name(ctx.text, m.start()):
        return []  # "the Audi Q3": a model name
    quarter = int(m.group("q"))
    year = m.group("year") or m.group("year2")
    if year:
        return _found(m, "DATE", f"{year}-Q{quarter}", False)
    ref = ctx.reference
    if ref is None:
        return _found(m, "DATE", f"XXXX-Q{quarter}", True)
    back = 1 if _not_begun(quarter, quarter_of(ref), ctx, m) else 0
    return _found(m, "DATE", f"{ref.year - back:04d}-Q{quarter}", True)


def normalise_period(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "the year-earlier period", "the latest period", "year-ago": quarters of company reports."""
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", ctx.last_value)
    if m.group("pyear"):
        # "In the 1988 period, it earned $20 million": the quarter just named, in that year;
        # with none named (or no reference to date it by), the year the text states
        year_said = m.group("pyear")
        if quarter is None:
            return _found(m, "DATE", year_said, False, "pyear")
        return _found(m, "DATE", f"{year_said}-Q{quarter.group(2)}", True)
    ref = ctx.reference
    if ref is None:
        return _found(m, "DATE", "XXXX-QX", True)
    if "same" in m.group(0).lower():
        if quarter is None:
            return []  # "the same period" as some months or a year just named: not a quarter
        stated = _SAME_PERIOD_OF.match(ctx.text, m.end())
        if stated:  # "the same period of 1995", "the same quarter last year"
            year = int(stated.group(1)) if stated.group(1) else ref.year - 1
            return _found(m, "DATE", f"{year:04d}-Q{quarter.group(2)}", True)
    if quarter:
        year, number = int(quarter.group(1)), int(quarter.group(2))
    else:
        year, month = shift_months(ref.year, ref.month, -3)
        number = (month - 1) // 3 + 1
    back = 1 if re.search(r"year-(?:earlier|ago)|year\s+(?:earlier|ago)", m.group(0).lower()) else 0
    if back and quarter is None and not m.group("period"):
        return _found(m, "DATE", f"{ref.year - 1:04d}", True)
    if back and quarter is not None:
        return _found(m, "DATE", _year_back_quarter(ctx, quarter), True)
    return _found(m, "DATE", f"{year - back:04d}-Q{number}", True)


_SAME_PERIOD_OF = re.compile(r"\s+(?:(?:of|in)\s+(1[6-9]\d\d|20\d\d)\b|last\s+year\b)", re.I)


def _year_back_quarter(ctx: Context, quarter: re.Match[str]) -> str:
    """The quarter a year before the one just mentioned, unless that one was itself reached
    by such a comparison ("in the year-ago quarter ... the year-ago results")."""
    if quarter.group(0) in ctx.compared_quarters:
        return quarter.group(0)
    value = f"{int(quarter.group(1)) - 1:04d}-Q{quarter.group(2)}"
    ctx.compared_quarters.add(value)
    return value


# the words of a spelled-out year ("nineteen ninety-eight"), from the shared number words
_TENS = {word: n for word, n in NUMBER_WORDS.items() if n in range(20, 100, 10)}
_ONES = {word: n for word, n in NUMBER_WORDS.items() if 1 <= n <= 9 and word not in ("a", "an")}


def normalise_spelled_year(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "nineteen ninety-eight", "January nineteen ninety-seven", "the year two thousand"."""
    if m.group("millennium"):
        return _found(m, "DATE", "2000", False)
    century = 1900 if m.group("c").lower() == "nineteen" else 2000
    year = century + _TENS[m.group("tens").lower()] + _ONES.get((m.group("ones") or "").lower(), 0)
    month = m.group("mon")
    if month and _capitalised(month):
        return _found(m, "DATE", iso_month(year, month_number(month)), False)
    start = m.start("c") if month else m.start()
    return [Found(start, m.end(), "DATE", str(year), False)]


def normalise_half(m: re.Match[str], ctx: Context) -> list[Found]:
    half = _ordinal(m.group("ord"))
    if half not in (1, 2) or ctx.text[m.end() : m.end() + 4].lower() == " of ":
        return []
    if _a_quarter_of_play(ctx.text, m.start(), m.end()):
        return []  # "scored twice in the first half": a half of a match
    ref = ctx.reference
    if ref is None:
        return _found(m, "DATE", f"XXXX-H{half}", True)
    back = 1 if _not_begun(half, 1 if ref.month <= 6 else 2, ctx, m) else 0
    return _found(m, "DATE", f"{ref.year - back:04d}-H{half}", True)


def normalise_the_year(m: re.Match[str], ctx: Context) -> list[Found]:
    if _FISCAL_YEAR_AFTER.match(ctx.text, m.end()):
        # "the year ended Sept. 30", "the year to March 1998", "the year just ended": a
        # company's or a government's twelve months, not the calendar year
        return _found(m, "DURATION", "P1Y", False)
    before = ctx.text[max(0, m.start() - 40) : m.start()]
    if _AWARD_OF.search(before):
        return []  # "player of the year" is a title, not a time
    stated = _YEAR_IN_APPOSITION.search(before)
    if stated:  # "in 2003, the year a war ended": the year just named
        return _found(m, "DATE", stated.group(1), False)
    ref = ctx.reference
    return _found(m, "DATE", "XXXX" if ref is None else f"{ref.year:04d}", True)


_FISCAL_YEAR_AFTER = re.compile(
    rf"\s+(?:(?:just\s+)?ended|ending|to\s+date|through|to\s+(?:the\s+end\s+of\s+)?{MONTH}(?!\w))",
    re.I,
)
_YEAR_IN_APPOSITION = re.compile(r"(?<![\d,.$])(1[6-9]\d\d|20\d\d)\s*,\s*$")
_AWARD_OF = re.compile(
    r"\b(?:player|coach|manager|rookie|athlete|sportsman|sportswoman|footballer|cricketer"
    r"|person|man|woman|team|album|song|record|word|goal|book|car|newcomer|personality"
    r"|entrepreneur|businessman|businesswoman|film|movie|picture)\s+of\s+$",
    re.I,
)


def normalise_edge_of_unit(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "the end of the month", "the start of the week": the reference's own month or week
    (the edge stays in the span, as with "the end of this year")."""
    unit = m.group("unit").lower()
    ref = ctx.reference
    if ref is None:
        return _found(m, "DATE", {"month": "XXXX-XX", "week": "XXXX-WXX"}.get(unit, "XXXX"), True)
    value = {"month": iso_month(ref.year, ref.month), "week": iso_week(ref)}.get(unit)
    return _found(m, "DATE", value or f"{ref.year:04d}", True)


def normalise_weekend(m: re.Match[str], ctx: Context) -> list[Found]:
    ref = ctx.reference
    if ref is None:
        return _found(m, "DATE", "XXXX-WXX-WE", True)
    if ref.weekday() >= 5:
        # written on a Saturday or a Sunday, "the weekend" is the one under way
        return _found(m, "DATE", iso_week(ref) + "-WE", True)
    tense = ctx.tense(m.start(), m.end())
    saturday = resolve_weekday(ref, 6, tense)
    return _found(m, "DATE", iso_week(saturday) + "-WE", True)


def normalise_season(m: re.Match[str], ctx: Context) -> list[Found]:
    word = (m.group("dir") or "").lower()
    if not (word or m.group("the") or m.group("mod")):
        before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
        if not re.search(r"\b(?:in|during|by|since|until|of|through)\s+$", before):
            return []
    if m.group("unit").lower() == "fall" and not (word or m.group("mod")) and _a_fall(ctx, m):
        return []  # "the fall of the Berlin Wall", "led the fall in bank stocks": a drop
    season = SEASONS[m.group("unit").lower()]
    if ctx.reference is None:
        return _found(m, "DATE", f"XXXX-{season}", True)
    direction = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(word)
    return _found(
        m,
        "DATE",
        resolve_season(ctx.reference, season, ctx.tense(m.start(), m.end()), direction),
        True,
    )


_FALL_AS_NOUN_AFTER = re.compile(r"\s+(?:of|in|on|to|from|was|is|has|had|came|comes)\b", re.I)
_SEASON_PREPOSITION = re.compile(
    r"\b(?:in|during|by|since|until|till|through|before|after|over|for|early|late)\s+(?:the\s+)?$",
    re.I,
)


def _a_fall(ctx: Context, m: re.Match[str]) -> bool:
    """Whether "fall" is the noun for a drop or a collapse: a season needs a preposition of
    time before it ("in the fall") and is not followed by what fell ("the fall of Saigon")."""
    if _FALL_AS_NOUN_AFTER.match(ctx.text, m.end()):
        return True
    return not _SEASON_PREPOSITION.search(ctx.text, max(0, m.start() - 16), m.start("unit"))


_SET_WORDS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "annual": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1NI",
    "biweekly": "P2W",
}


def normalise_set_word(m: re.Match[str], ctx: Context) -> list[Found]:
    word = m.group("w").lower()
    if _after_name(ctx.text, m.start()) or re.match(r"\s+[A-Z]", ctx.text[m.end() : m.end() + 2]):
        return []  # "the Japanese daily Asahi Shimbun": a newspaper, not a frequency
    if _SET_WORD_RATE.search(ctx.text, max(0, m.start() - 40), m.start()):
        return []  # "10,000 units annually", "rise 8.5% annually", "average daily volume": rates
    return _found(m, "SET", _SET_WORDS[word], False)


_SET_WORD_RATE = re.compile(
    r"(?:\d[\d,.]*(?:\s*(?:%|percent|million|billion|trillion|thousand|hundred))?(?:\s+[a-z]+)?"
    r"|\baverage|\b(?:profits|earnings|revenues?|sales|output|production|dividends?))\s+$",
    re.I,
)


def normalise_set_every(m: re.Match[str], ctx: Context) -> list[Found]:
    if m.group(0)[:3].lower() == "per":
        return []  # "barrels per day", "km per hour": a rate, as "$500 million a year" is
    if m.group("wd"):
        return _found(m, "SET", f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()]}", False)
    if m.group("mon"):
        return _found(m, "SET", f"XXXX-{month_number(m.group('mon')):02d}", False)
    if m.group("season"):
        return _found(m, "SET", f"XXXX-{SEASONS[m.group('season').lower()]}", False)
    unit = m.group("unit").lower()
    if unit in ("morning", "afternoon", "evening"):
        return _found(m, "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}", False)
    value = _duration_value(m.group("num") or "1", unit)
    return _found(m, "SET", value, False) if value else []


def normalise_set_frequency(m: re.Match[str], ctx: Context) -> list[Found]:
    value = _duration_value("1", m.group("unit"))
    return _found(m, "SET", value, False, "span") if value else []


_VAGUE = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
}


def normalise_vague(m: re.Match[str], ctx: Context) -> list[Found]:
    phrase = re.sub(r"\s+", " ", m.group("v").lower())
    after = ctx.text[m.end() : m.end() + 12].lower()
    if m.group("v")[0].isupper() and _after_name(ctx.text, m.start()):
        return []
    if phrase == "current" and re.match(
        r"\s+(?:account|affairs|events|price|prices|rate|law|system)", after
    ):
        return []
    if phrase.startswith("recent "):
        # "in recent years": a stretch of unstated length up to now (TimeML's PXY; TBAQ
        # writes it so 6 times in 11, the silver set 58 in 61)
        value = _duration_value(None, phrase.split()[1])
        return _found(m, "DURATION", value, False) if value else []
    return _found(m, "DATE", _VAGUE[phrase], True)
