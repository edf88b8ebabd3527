"""Lexicon and regular-expression fragments for time expressions (English).

The fragments are plain strings composed into the rules of :mod:`dateline.annotate.time.rules`;
every fragment uses non-capturing groups only, so that rules can name their own groups.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
}
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
# days of the month spoken as ordinals ("March eighth", "the twenty-first of May")
_FIRST_NINE = [w for w, n in ORDINALS.items() if n < 10 and w.isalpha()]
SPOKEN_DAYS: dict[str, int] = {
    **{w: n for w, n in ORDINALS.items() if n <= 20 and w.isalpha()},
    **{f"twenty{sep}{w}": 20 + ORDINALS[w] for w in _FIRST_NINE for sep in ("-", " ")},
    "thirtieth": 30,
    "thirty-first": 31,
    "thirty first": 31,
}
SPOKEN_DAY = (
    "(?:"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(SPOKEN_DAYS, key=len, reverse=True)
    )
    + ")"
)
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "half": 0,
}
VAGUE_QUANTITIES = (
    "several",
    "few",
    "a few",
    "many",
    "some",
    "couple",
    "a couple of",
    "couple of",
    "a couple",
    "dozens of",
    "hundreds of",
    "thousands of",
    "a number of",
)

# Duration units: TIMEX3 letter, whether it sits after "T", and a multiplier (decade = 10 years).
UNITS: dict[str, tuple[str, bool, int]] = {
    "year": ("Y", False, 1),
    "month": ("M", False, 1),
    "week": ("W", False, 1),
    "day": ("D", False, 1),
    "hour": ("H", True, 1),
    "minute": ("M", True, 1),
    "second": ("S", True, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
    "quarter": ("Q", False, 1),
    "weekend": ("WE", False, 1),
    "night": ("NI", False, 1),
    "session": ("D", False, 1),
}


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


MONTH_FULL = _alternation(list(MONTHS))
MONTH = (
    "(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"|jan\.?|feb\.?|mar\.|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)"
)
WEEKDAY = _alternation(list(WEEKDAYS))
SEASON = _alternation(list(SEASONS))
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_SMALL = _alternation([w for w in NUMBER_WORDS if w not in ("a", "an", "half", "hundred", "dozen")])
NUMBER = (
    r"(?:\d+(?:[.,]\d+)?|"
    + _SMALL
    + r"(?:[-\s]"
    + _SMALL
    + r")?(?:\s+hundred)?"
    + r"|a\s+half|half\s+an?|an?|"
    + _alternation([re.escape(q).replace(r"\ ", r"\s+") for q in VAGUE_QUANTITIES])
    + r"|a\s+dozen|dozens)"
)
UNIT = (
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|century|centuries"
    r"|quarters?|weekends?)"
)
APPROX = (
    r"(?:(?:about|around|approximately|roughly|nearly|some|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|up\s+to|upwards\s+of)\s+)"
)
EDGE = (
    r"(?:(?:the\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half|rest"
    r"|remainder)\s+of\s+)"
)
EARLY_LATE = r"(?:(?:early|late|earlier|later|mid)(?:-|\s+)|mid-?)"
MOD = r"(?:" + EDGE + r"|" + EARLY_LATE + r")"
# "4:30 in the afternoon" before a bare "4:30": the first alternative that matches is kept
TIME_OF_DAY = (
    r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am|pm)(?![a-z])"
    r"|(?:1[0-2]|[1-9])(?::\d\d)?\s+(?:o'clock\s+)?in\s+the\s+(?:morning|afternoon|evening)"
    r"|\d{1,2}:\d\d(?!\d)|noon|midnight|midday)"
)
TIMEZONE = r"(?:\s+(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|local\s+time)(?![\w]))?"


def month_number(word: str) -> int:
    """1..12 for a month name or abbreviation ("Sept." -> 9); raises KeyError otherwise."""
    key = word.lower().rstrip(".")[:3]
    for name, number in MONTHS.items():
        if name.startswith(key):
            return number
    raise KeyError(word)


def parse_number(words: str) -> int | None:
    """The integer a number phrase names ("four" -> 4, "twenty-five" -> 25); None if vague."""
    cleaned = re.sub(r"\s+", " ", words.lower().strip())
    cleaned = cleaned.replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"\d+\.\d+", cleaned):
        return None
    if re.fullmatch(r"(?:a )?couple(?: of)?", cleaned):
        return 2  # TimeML reads "a couple of years" as two (P2Y), unlike "a few" or "several"
    total = 0
    found = False
    for part in re.split(r"[-\s]", cleaned):
        if part in ("and", ""):
            continue
        if part == "hundred":
            total = max(total, 1) * 100
            found = True
            continue
        value = NUMBER_WORDS.get(part)
        if value is None:
            return None
        total += value
        found = True
    return total if found and total > 0 else None
