"""The recognition rules: one regular expression per kind of time expression.

All rules are compiled into one alternation (:data:`COMBINED`) that the tagger runs around trigger
words (:data:`TRIGGER`, see :func:`dateline.annotate.time.tagger.find_times`); where several rules
could match at one position the earlier rule in :data:`RULES` wins, so longer, more specific shapes
come first. Each rule's own compiled pattern then re-matches the hit to read its named groups, and
its normaliser (:mod:`dateline.annotate.time.normalise`) turns them into TIMEX3 values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dateline.annotate.time.normalise import (
    Handler,
    normalise_ago,
    normalise_anaphoric,
    normalise_bare_units,
    normalise_century,
    normalise_day_month,
    normalise_day_word,
    normalise_decade,
    normalise_duration,
    normalise_edge_of_unit,
    normalise_half,
    normalise_half_unit,
    normalise_half_year,
    normalise_holiday,
    normalise_iso,
    normalise_month_alone,
    normalise_month_day,
    normalise_month_relative_year,
    normalise_month_year,
    normalise_part_of_day,
    normalise_period,
    normalise_quarter,
    normalise_quarter_code,
    normalise_quarter_year,
    normalise_range,
    normalise_relative_day,
    normalise_relative_month,
    normalise_relative_unit,
    normalise_relative_year_part,
    normalise_season,
    normalise_season_year,
    normalise_set_every,
    normalise_set_frequency,
    normalise_set_word,
    normalise_spelled_year,
    normalise_spoken_day,
    normalise_the_year,
    normalise_time_of_day,
    normalise_unit_long,
    normalise_vague,
    normalise_vague_stretch,
    normalise_week_of,
    normalise_weekday,
    normalise_weekend,
    normalise_year,
)
from dateline.annotate.time.patterns import (
    APPROX,
    DAY,
    EDGE,
    MOD,
    MONTH,
    MONTH_FULL,
    MONTHS,
    NUMBER,
    SEASON,
    SEASONS,
    SPOKEN_DAY,
    TIME_OF_DAY,
    TIMEZONE,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
)
from dateline.annotate.time.recall_rules import (
    RECALL_RULE_SPECS,
    RECALL_TRIGGER_WORDS,
    YEAR_RANGE_SPEC,
)
from dateline.annotate.time.regex_starts import MatchStarts, match_prefixes


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler


# ", " between the parts; text rebuilt from tokens (and some feeds) has a space before the comma
_COMMA = r"\s?,?\s+"
_WD = rf"(?:(?P<wd>{WEEKDAY}){_COMMA})?"
_YEAR_TAIL = (
    rf"(?:{_COMMA}(?P<year>{YEAR})|\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![-'’\w]))?"
)
_NOT_NUMBER = r"(?!\s*(?:%|percent|:\d|[.,]\d))"
# "In March first lady ...": an ordinal before a noun it modifies is no day of the month
_NOT_ORDINAL_OF = (
    r"(?!\s+(?:lady|time|half|quarter|round|place|term|day|week|month|year|stage|phase|leg"
    r"|game|vote|reading|anniversary|edition|ever|class|world)\b)"
)
# the quarter or half of a year ("third quarter", "second half")
_PART = (
    r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|final|latter)"
    r"[-\s]+(?P<part>quarter|half)"
)

_RULE_SPECS: list[tuple[str, str, Handler]] = [
    (
        "time_with_day",
        rf"(?:(?:about|around|approximately)\s+)?(?P<time>{TIME_OF_DAY}){TIMEZONE}"
        rf"(?:{_COMMA}(?:(?P<wd>{WEEKDAY})|(?P<dw>today|tomorrow|yesterday|tonight)|(?P<mon>{MONTH})\s+(?P<day>{DAY}){_YEAR_TAIL}))?",
        normalise_time_of_day,
    ),
    (
        "week_of",
        rf"(?:the\s+)?week\s+of\s+(?P<mon>{MONTH})\s+(?:the\s+)?(?P<day>{DAY}){_NOT_NUMBER}{_YEAR_TAIL}",
        normalise_week_of,
    ),
    (
        "range_month_day",
        rf"(?:from\s+|between\s+)?(?P<a>{_WD}(?P<mon>{MONTH})\s+(?P<d1>{DAY}))\s*(?:-|–|—|to|through|till|until|and)\s*"
        rf"(?P<b>(?:(?P<mon2>{MONTH})\s+)?(?P<d2>{DAY}){_NOT_NUMBER}{_YEAR_TAIL})",
        normalise_range,
    ),
    (
        "range_day_month",
        rf"(?:from\s+|between\s+)?(?P<a>(?P<d1>{DAY}))\s*(?:-|–|—|to|and)\s*(?P<b>(?P<d2>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH}){_YEAR_TAIL})(?P<mon2>(?!))?",
        normalise_range,
    ),
    (
        "month_day",
        rf"{_WD}(?P<mon>{MONTH})\s+(?:the\s+)?(?P<day>{DAY}){_NOT_NUMBER}{_YEAR_TAIL}",
        normalise_month_day,
    ),
    (
        "month_spoken_day",
        rf"{_WD}(?P<mon>{MONTH_FULL})\s+(?:the\s+)?(?P<day>{SPOKEN_DAY})(?![-\w]){_NOT_ORDINAL_OF}"
        rf"|(?:the\s+)?(?P<day2>{SPOKEN_DAY})\s+of\s+(?P<mon2>{MONTH_FULL})",
        normalise_spoken_day,
    ),
    (
        "day_month",
        rf"{_WD}(?:(?:the\s+)?(?P<day>{DAY})\s+of|(?P<day2>{DAY}))\s+(?P<mon>{MONTH}){_YEAR_TAIL}",
        normalise_day_month,
    ),
    ("iso_date", rf"(?P<year>{YEAR})-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-3]\d)", normalise_iso),
    (
        "us_numeric_date",
        rf"(?P<mon>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)/(?P<year>{YEAR}|\d\d)",
        normalise_iso,
    ),
    (
        "month_relative_year",
        rf"(?P<mon>{MONTH_FULL})\s+(?:of\s+)?(?P<dir>last|this|next)\s+year(?![-\w])",
        normalise_month_relative_year,
    ),
    (
        "month_year",
        rf"(?P<mod>{MOD})?(?P<mon>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})",
        normalise_month_year,
    ),
    (
        "season_year",
        rf"(?P<mod>{MOD})?(?:the\s+)?(?P<season>{SEASON})\s+(?:of\s+)?(?P<year>{YEAR})",
        normalise_season_year,
    ),
    (
        "quarter_year",
        rf"(?:the\s+)?(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+quarter\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>{YEAR})",
        normalise_quarter_year,
    ),
    (
        "year_quarter",
        rf"(?:fiscal\s+)?(?P<year>{YEAR})(?:'s)?\s+(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+quarter",
        normalise_quarter_year,
    ),
    (
        "half_year",
        rf"(?:the\s+)?(?P<ord>first|second|last|latter|final)[-\s]+half\s+(?:of\s+)?(?P<year>{YEAR})",
        normalise_half_year,
    ),
    (
        "relative_year_part",
        rf"(?P<dir>last|this|next)\s+year['’]s\s+(?:fiscal\s+)?{_PART}",
        normalise_relative_year_part,
    ),
    (
        "part_of_relative_year",
        rf"(?:the\s+)?{_PART}\s+of\s+(?:(?P<dir>last|this|next)|the(?:\s+current)?)\s+year(?![-'’\w])",
        normalise_relative_year_part,
    ),
    (
        "decade",
        rf"(?:the\s+)?(?:{MOD})?(?:(?P<dec>1[6-9]\d0|20\d0)'?s|'(?P<short>\d)0s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
        normalise_decade,
    ),
    (
        "century",
        rf"(?:the\s+)?(?:{MOD})?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[-\s]+century",
        normalise_century,
    ),
    (
        "ago",
        rf"(?:{APPROX})?(?P<num>{NUMBER})[-\s]+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)",
        normalise_ago,
    ),
    (
        "set_frequency",
        r"(?:once|twice|thrice|times)\s+(?P<span>an?\s+(?P<unit>day|week|month|year|hour|minute))",
        normalise_set_frequency,
    ),
    (
        "set_every",
        rf"(?:every|each|per)\s+(?:(?P<wd>{WEEKDAY})|(?P<mon>{MONTH_FULL})|(?P<season>{SEASON})|(?:(?P<num>{NUMBER})\s+)?(?P<unit>{UNIT}|night|morning|afternoon|evening))",
        normalise_set_every,
    ),
    (
        "set_word",
        r"(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)",
        normalise_set_word,
    ),
    (
        "relative_month",
        rf"(?:{MOD})?(?P<dir>last|next|this|past|coming|previous)\s+(?P<mon>{MONTH_FULL})",
        normalise_relative_month,
    ),
    (
        "relative_day",
        r"the\s+(?P<dir>following|next|previous|prior|preceding|same)\s+(?P<unit>day|morning|afternoon|evening|night)(?![-\w])",
        normalise_relative_day,
    ),
    (
        "relative_unit",
        rf"(?P<mod>{MOD})?(?P<the>the\s+)?(?:this\s+(?=past\s))?(?P<dir>last|this|next|past|previous|prior|preceding|coming|current|following|same)\s+"
        rf"(?:(?:fiscal|calendar)\s+)?(?P<unit>year|month|week|quarter|weekend|decade|century|{SEASON})(?![-\w])",
        normalise_relative_unit,
    ),
    (
        "quarter",
        r"(?P<the>the\s+)?(?P<q>(?:(?:latest|last|current|this|past|previous|same|year-earlier|year-ago|last\s+year's|prior-year|fiscal|most\s+recent|recent|next|coming)\s+)+)?"
        r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?quarter(?!s)",
        normalise_quarter,
    ),
    (
        "quarter_code",
        rf"(?-i:(?:(?P<year>{YEAR})\s+)?Q(?P<q>[1-4])(?:\s+(?P<year2>{YEAR}))?)",
        normalise_quarter_code,
    ),
    (
        "period",
        r"(?:the\s+)?(?:(?:year-earlier|year-ago|latest|same)\s+)(?:fiscal\s+)?(?P<period>period|quarter)|year-earlier|year-ago"
        rf"|the\s+(?P<pyear>{YEAR})\s+(?:fiscal\s+)?(?:period|quarter)(?![-\w])",
        normalise_period,
    ),
    (
        "spelled_year",
        rf"(?:(?P<mon>{MONTH_FULL})\s+)?(?:(?P<c>nineteen|twenty)\s+(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?P<ones>one|two|three|four|five|six|seven|eight|nine))?"
        r"|(?:the\s+year\s+)(?P<millennium>two\s+thousand)(?![-\s]+(?:and|one|two|three|four|five|six|seven|eight|nine|ten)\b))",
        normalise_spelled_year,
    ),
    ("half", r"(?:the\s+)?(?P<ord>first|second)[-\s]half(?![-\w])", normalise_half),
    (
        "holiday",
        r"(?P<h>christmas(?:\s+(?:day|eve))?|new\s+year['’]s\s+(?:day|eve)|thanksgiving(?:\s+day)?|halloween|valentine['’]s\s+day|independence\s+day|labor\s+day|memorial\s+day|veterans\s+day|boxing\s+day|good\s+friday|easter(?:\s+(?:sunday|monday))?"
        r"|(?:st\.?|saint)\s+patrick['’]s\s+day|palm\s+sunday|(?:maundy|holy)\s+thursday|holy\s+saturday|ash\s+wednesday|pentecost"
        r"|father['’]s\s+day|presidents['’]?\s+day|martin\s+luther\s+king(?:,?\s+jr\.?)?\s+day|columbus\s+day"
        r"|bastille\s+day|april\s+fools['’]?\s+day|remembrance\s+day|armistice\s+day)"
        rf"(?:{_COMMA}(?P<year>{YEAR}))?",
        normalise_holiday,
    ),
    (
        "day_word",
        r"(?:(?:earlier|later|early|late)\s+)?(?P<w>yesterday|today|tomorrow|tonight|overnight|(?:last|this)(?=\s+(?:morning|afternoon|evening|night)))"
        r"(?:\s+(?P<part>morning|afternoon|evening|night))?",
        normalise_day_word,
    ),
    (
        "weekday",
        rf"(?:(?:early|late)\s+)?(?:(?:this\s+(?=(?:past|coming)\s))?(?P<dir>last|next|this|coming|past)\s+)?(?P<wd>{WEEKDAY})(?P<plural>s)?(?:\s+(?P<part>morning|afternoon|evening|night))?",
        normalise_weekday,
    ),
    ("weekend", r"the\s+weekend", normalise_weekend),
    (
        "part_of_day",
        r"(?:(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthrough\s)|(?<=\bthroughout\s))the\s+(?P<part>morning|afternoon|evening)"
        r"(?![-\w])(?!\s+(?:session|sessions|of|edition|editions|paper|papers|news|show|rush"
        r"|trading|prayers?|service|flights?|shift|hours|star)\b)",
        normalise_part_of_day,
    ),
    (
        "anaphoric",
        r"(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?(?P<unit>day|week|month|year|morning|afternoon|evening|night)(?![-\w])",
        normalise_anaphoric,
    ),
    (
        "half_unit",
        rf"(?P<approx>{APPROX})?(?:an?\s+)?half[-\s]+(?:an?\s+)?(?P<unit>year|month|week|day|hour|minute|second|decade|century)(?![-\w])",
        normalise_half_unit,
    ),
    (
        "duration",
        rf"(?P<approx>{APPROX})?(?:(?P<bare_the>the\s+)|(?:the\s+)?(?:past|last|next|first|coming|previous|final|latest|following|remaining|initial|entire|full|whole|recent|other)\s+)?"
        rf"(?P<num>{NUMBER})(?P<half>\s+1/2|\s*½|\s+and\s+a\s+half)?(?P<sep>[-\s]+)"
        r"(?:(?:more|additional|further|straight|consecutive|trading|business|working)\s+)?"
        rf"(?P<unit>{UNIT})"
        r"(?P<half_after>\s+and\s+a\s+half)?(?:-long)?"
        # "compared with a year-earlier loss": the adjective is the earlier period, not a length
        r"(?!-(?:earlier|ago)\b)",
        normalise_duration,
    ),
    (
        "vague_stretch",
        r"(?:the\s+)?(?:coming|upcoming)\s+(?P<unit>years|months|weeks|days|decades|hours|quarters)(?![-\w])"
        r"|the\s+(?P<unit2>years|months|weeks|days|decades|hours)\s+ahead"
        r"|(?<=over\s)the\s+(?P<unit3>years|decades)"
        r"|(?<=in\s)the\s+(?P<unit4>years|decades|months)(?![-\w])",
        normalise_vague_stretch,
    ),
    (
        "unit_long",
        r"(?<![-\w])(?P<unit>hour|day|week|month|year|decade|centur(?:y|ie))(?P<plural>s)?-?long(?![-\w])",
        normalise_unit_long,
    ),
    (
        "bare_units",
        r"(?:for|over|within|in)\s+(?P<unit>years|months|weeks|decades|days|hours)"
        r"(?!\s+(?:ago|of|before|after|to\s+come|later|earlier))",
        normalise_bare_units,
    ),
    (
        "vague",
        r"(?P<v>now|currently|current|at\s+present|presently|nowadays|these\s+days|the\s+present|recently|recent\s+(?:years|months|weeks|days|decades)"
        r"|lately|the\s+past|the\s+near\s+future|the\s+near\s+term|the\s+long\s+term|the\s+future|as\s+soon\s+as\s+possible)",
        normalise_vague,
    ),
    (
        "edge_of_unit",
        rf"{EDGE}the\s+(?P<unit>month|week|year)(?![-'’\w])",
        normalise_edge_of_unit,
    ),
    (
        "the_year",
        r"the\s+(?:(?:fiscal|calendar|current|full)\s+)?year(?![-\w])(?!\s+(?:ago|earlier|before|after|\d|two\s+thousand|nineteen))"
        r"|year[-\s]end(?![-\w])|year['’]s\s+end",
        normalise_the_year,
    ),
    (
        "year",
        rf"(?:(?:{MOD})|(?:fiscal|calendar|the\s+year|the\s+end\s+of)\s+)?(?P<year>{YEAR})(?![-\w])",
        normalise_year,
    ),
    ("month_alone", rf"(?P<mod>{MOD})?(?P<mon>{MONTH_FULL}|Sept\.)", normalise_month_alone),
    (
        "season",
        rf"(?P<mod>{MOD})?(?P<the>the\s+)?(?P<dir>this|last|next|past|coming)?\s*(?P<unit>{SEASON})(?!\w)",
        normalise_season,
    ),
]


# the rules for vague spans and modified parts of the day come last: they never take a
# position from a rule above (see recall_rules); a year range comes before a lone year
_RULE_SPECS.insert([spec[0] for spec in _RULE_SPECS].index("year"), YEAR_RANGE_SPEC)
_RULE_SPECS.extend(RECALL_RULE_SPECS)


def _rule(name: str, body: str, handler: Handler) -> Rule:
    return Rule(name, re.compile(rf"(?<![\w$£€#])(?:{body})(?![\w%])", re.I), handler)


RULES: tuple[Rule, ...] = tuple(_rule(*spec) for spec in _RULE_SPECS)


# where a rule may start: not inside a word, amount or tag, and on a word character or quote
RULE_START = r"(?<![\w$£€#])(?=[\w'])"
START_POSITIONS = re.compile(RULE_START)


def _combined_pattern() -> re.Pattern[str]:
    """All rules as one alternation; group ``r<i>`` names the rule that matched."""
    alternatives = []
    for index, rule in enumerate(RULES):
        anonymous = re.sub(r"\(\?P<\w+>", "(?:", rule.pattern.pattern)
        alternatives.append(f"(?P<r{index}>{anonymous})")
    # one guard up front lets the engine skip positions inside words before trying any rule
    return re.compile(RULE_START + "(?:" + "|".join(alternatives) + ")", re.I)


COMBINED = _combined_pattern()

_RULE_STARTS = tuple(MatchStarts(match_prefixes(rule.pattern)) for rule in RULES)


@cache
def rules_starting_with(prefix: str) -> tuple[tuple[int, Rule], ...]:
    """The rules (with their index in :data:`RULES`) whose match can begin with ``prefix``.

    ``prefix`` is the text's first :data:`~dateline.annotate.time.regex_starts.PREFIX_LENGTH`
    characters where the rules are tried, fewer where the text is not ASCII or ends. Trying
    these in order gives the match :data:`COMBINED` gives there (the first rule that matches
    wins), while the engine tries a handful of rules instead of all of them.
    """
    # the rules its first character allows, then those the whole prefix allows (the text
    # offers thousands of prefixes: working each out must stay cheap)
    candidates = _rules_starting_with_character(prefix[:1]) if prefix else _ALL_RULES
    return tuple((index, rule) for index, rule in candidates if _RULE_STARTS[index].allow(prefix))


_ALL_RULES = tuple(enumerate(RULES))


@cache
def _rules_starting_with_character(character: str) -> tuple[tuple[int, Rule], ...]:
    return tuple(
        (index, rule) for index, rule in _ALL_RULES if _RULE_STARTS[index].allow(character)
    )


# Every rule's match contains one of these words (or a digit): the tagger only runs the
# combined pattern in a window around each trigger instead of at every word of the text.
_TRIGGER_WORDS = (
    list(MONTHS)
    + list(WEEKDAYS)
    + list(SEASONS)
    + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
    + [
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "second",
        "seconds",
        "decade",
        "decades",
    ]
    + [
        "century",
        "centuries",
        "quarter",
        "quarters",
        "weekend",
        "weekends",
        "night",
        "nights",
        "morning",
        "afternoon",
        "evening",
    ]
    + [
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "overnight",
        "now",
        "currently",
        "current",
        "presently",
        "present",
        "nowadays",
    ]
    + [
        "recently",
        "recent",
        "lately",
        "past",
        "future",
        "term",
        "possible",
        "noon",
        "midnight",
        "midday",
        "half",
        "period",
    ]
    + [
        "daily",
        "weekly",
        "monthly",
        "annually",
        "yearly",
        "hourly",
        "nightly",
        "biweekly",
        "christmas",
        "thanksgiving",
        "halloween",
        "easter",
        "boxing",
        "pentecost",
    ]
    + [
        "valentine",
        "independence",
        "labor",
        "memorial",
        "veterans",
        "nineteen",
        "twenty",
        "year-earlier",
        "year-ago",
    ]
    + ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
    + RECALL_TRIGGER_WORDS
)


def _word_trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a prefix tree ("da(?:ily|ys?)"), longest word first.

    The engine follows one branch per letter instead of trying every word in turn; where
    several words match, the longest wins, as in an alternation sorted longest first.
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, dict[str, Any]]) -> str:
        alternatives = [re.escape(c) + branch(child) for c, child in sorted(node.items()) if c]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if "" in node else body

    return branch(root)


TRIGGER = re.compile(r"\d+|\b" + _word_trie({w.lower() for w in _TRIGGER_WORDS}), re.I)
