"""Find time expressions in an article and give each a TIMEX3 value relative to the article's date.

One compiled alternation of all rules (:mod:`dateline.annotate.time.rules`) is scanned over the
stretches of text around trigger words (digits, month and weekday names, units, "now"...); each
hit is normalised by its rule against the reference date, using the tense of the surrounding
clause for partial and relative expressions ("on Thursday" after "said" is the past Thursday;
before "will meet" the coming one).

Reference handling:

- with a reference date, relative and partial expressions get full values, ``anchor`` is the
  reference (ISO date) and ``basis`` is ``"resolved"`` (``"inferred"`` when the caller says the
  reference itself was inferred, ``reference_basis="inferred"``);
- absolute expressions ("May 9, 2015") get ``basis="stated"`` and no anchor;
- without a reference, reference-dependent expressions keep X placeholders for what the text
  does not say ("December 19" -> ``XXXX-12-19``, "last year" -> ``XXXX``), ``anchor`` is None
  and ``basis`` is ``"inferred"`` (the value still waits for a date).

Re-resolution when the document's date changes: :func:`redate_times` re-runs the tagger on the
same text with the new reference (spans stay the same; values, anchors and bases follow).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dateline.annotate.time.normalise import Context, Found
from dateline.annotate.time.regex_starts import PREFIX_LENGTH
from dateline.annotate.time.resolve import Tense
from dateline.annotate.time.rules import (
    COMBINED,
    RULES,
    START_POSITIONS,
    TRIGGER,
    Rule,
    rules_starting_with,
)
from dateline.records import ClauseTense, PublishedBasis, TimeBasis, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

# how far before a trigger word an expression may start ("the end of the ..."), and after it end
_LOOKBACK = 48
_LOOKAHEAD = 64

# rules whose value is counted back from the last mentioned one; they must not become the focus
_BACKWARD_RULES = frozenset({"ago", "period"})
_KNOWN_YEAR = re.compile(r"\d{4}")

ReferenceBasis = PublishedBasis


def find_times(
    text: str, reference: dt.date | None, doc: Doc | None = None, split_ranges: bool = False
) -> list[Found]:
    """All time expressions in ``text`` as :class:`Found` spans, in text order, without overlaps."""
    return _find(Context(text=text, reference=reference, doc=doc, split_ranges=split_ranges))


def _find(context: Context) -> list[Found]:
    text = context.text
    found: list[Found] = []
    position = 0
    for region_start, region_end in _regions(text):
        start = max(position, region_start)
        while (hit := _search(text, start, region_end)) is not None:
            index, match = hit
            if match.end() == region_end:
                # the region's end may have cut the expression short: match it again unbounded
                unbounded = COMBINED.match(text, match.start())
                if unbounded is not None:
                    index, match = int((unbounded.lastgroup or "r0")[1:]), unbounded
            results = _apply(RULES[index], match, context)
            if results:
                found.extend(results)
                position = start = match.end()
            else:
                start = match.start() + 1
    return found


def _search(text: str, start: int, end: int) -> tuple[int, re.Match[str]] | None:
    """What ``COMBINED.search(text, start, end)`` finds, as (rule index, match): at each word
    start only the rules that can begin with its first characters are tried, in order."""
    for position in START_POSITIONS.finditer(text, start, end):
        at = position.start()
        prefix = text[at : min(at + PREFIX_LENGTH, end)]
        if not prefix.isascii():
            prefix = prefix[:1] if prefix[:1].isascii() else ""
        for index, rule in rules_starting_with(prefix):
            match = rule.pattern.match(text, at, end)
            if match is not None:
                return index, match
    return None


def _regions(text: str) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, merged where they overlap, in text order."""
    regions: list[tuple[int, int]] = []
    for trigger in TRIGGER.finditer(text):
        start, end = max(0, trigger.start() - _LOOKBACK), min(len(text), trigger.end() + _LOOKAHEAD)
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


# words a time expression writes in lower case; capitalised inside a sentence they are a title's
# ('ABC News\' "This Week,"', 'on CBS\'s "60 Minutes."', 'the film "High Noon"', "VOA Today")
_TITLE_WORD = re.compile(
    r"\b(?-i:(?:Second|Minute|Hour|Day|Week|Weekend|Month|Year|Decade|Quarter)s?|Century"
    r"|Centuries|Today|Tonight|Tomorrow|Yesterday|Noon|Midnight|Morning|Afternoon|Evening"
    r"|Night|Now)\b"
)
# what may stand before a sentence's (or a quoted sentence's) first word
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“‘'`(\[—-])\s*$")


def _is_title(rule: Rule, match: re.Match[str], text: str) -> bool:
    """A time word capitalised where a sentence would not capitalise it names a programme, a
    film or a column, not a time: not a holiday's name ("Labor Day")."""
    if rule.name == "holiday":
        return False
    for word in _TITLE_WORD.finditer(match.group(0)):
        if word.start() > 0:
            return True
        before = text[max(0, match.start() - 3) : match.start()]
        if not _SENTENCE_START.search(before):
            return True
    return False


# a group named after its day: "the March 14 movement" in Lebanon, "the April 6 Youth Movement"
_GROUP_AFTER_DATE = re.compile(
    r"\s+(?:(?-i:[A-Z][a-z]+)\s+)?(movement|alliance|coalition|bloc|camp|forces|group)s?\b",
    re.IGNORECASE,
)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _names_a_group(match: re.Match[str], text: str) -> bool:
    """Whether the date is the name of a group: followed by a group noun, capitalised or
    after "the" ("the March 14 movement", "March 14 Alliance")."""
    group = _GROUP_AFTER_DATE.match(text, match.end())
    if group is None:
        return False
    return group.group(1)[0].isupper() or bool(
        _THE_BEFORE.search(text, max(0, match.start() - 5), match.start())
    )


def _apply(rule: Rule, match: re.Match[str], context: Context) -> list[Found]:
    if _is_title(rule, match, context.text) or _names_a_group(match, context.text):
        return []
    # the rule's own pattern reads the named groups the combined pattern does not keep
    own = rule.pattern.fullmatch(context.text, match.start(), match.end())
    try:
        results = rule.handler(own, context) if own is not None else []
    except (OverflowError, ValueError):
        results = []  # the value would fall outside the calendar (years 1-9999): not resolvable
    if results and rule.name not in _BACKWARD_RULES:
        context.last_value = results[-1].value
        quarters = [r for r in results if re.fullmatch(r"\d{4}-Q[1-4]", r.value)]
        if quarters:
            context.last_quarter, context.last_quarter_end = quarters[-1].value, quarters[-1].end
        dated = [r for r in results if r.type in ("DATE", "TIME") and _KNOWN_YEAR.match(r.value)]
        if dated:
            context.last_date, context.last_date_relative = dated[-1].value, dated[-1].relative
            context.last_date_end = dated[-1].end
    return results


_YEAR_PART = re.compile(r"^(-?)(\d+)(X*)")


def within_calendar(value: str) -> str:
    """``value`` with a year outside 1-9999 (a relative expression resolved past either end
    of the calendar, e.g. "next year" in 9999) left unresolved as ``XXXX``."""
    match = _YEAR_PART.match(value)
    if match is None:
        return value
    sign, digits, placeholder = match.groups()
    width = len(digits) + len(placeholder)
    if not sign and width == 4 and (placeholder or int(digits) >= 1):
        return value
    if not sign and width < 4:
        return value  # a century ("19") is already coarse
    return "XXXX" + value[match.end() :]


def tag_times(
    text: str,
    reference: dt.date | None,
    article_id: str = "",
    doc: Doc | None = None,
    *,
    reference_basis: ReferenceBasis = "metadata",
    split_ranges: bool = False,
) -> list[TimeExpr]:
    """Time expressions of ``text`` with TIMEX3 values resolved against ``reference``.

    ``doc`` is an optional spaCy parse of the same text, used for the tense of the governing
    verb; ``split_ranges`` gives "from November 17 to 24" as two dates (TimeML style) instead of
    one ``2014-11-17/2014-11-24`` range.
    """
    return tag_times_and_tenses(
        text, reference, article_id, doc, reference_basis=reference_basis, split_ranges=split_ranges
    )[0]


def tag_times_and_tenses(
    text: str,
    reference: dt.date | None,
    article_id: str = "",
    doc: Doc | None = None,
    *,
    reference_basis: ReferenceBasis = "metadata",
    split_ranges: bool = False,
) -> tuple[list[TimeExpr], list[ClauseTense]]:
    """:func:`tag_times`, and the tenses it read from ``doc`` (what
    :func:`tag_times_unparsed` reads instead of the parse)."""
    context = Context(text=text, reference=reference, doc=doc, split_ranges=split_ranges)
    times = _time_exprs(text, _find(context), reference, article_id, reference_basis)
    return times, _tenses_read(context)


#: appended to a stored tense the parse left contested ("past|contested")
CONTESTED = "|contested"


def _tenses_read(context: Context) -> list[ClauseTense]:
    contested = context.contested_spans
    return [
        ClauseTense(start, end, (tense or "") + (CONTESTED if (start, end) in contested else ""))
        for (start, end), tense in sorted(context.tenses_read.items())
    ]


def tag_times_unparsed(
    text: str,
    reference: dt.date | None,
    article_id: str = "",
    *,
    reference_basis: ReferenceBasis = "metadata",
    tenses: Sequence[ClauseTense] = (),
) -> tuple[list[TimeExpr], list[ClauseTense]] | None:
    """What :func:`tag_times_and_tenses` gives with a parse of ``text``, found without one
    from the ``tenses`` that parse read; None when a clause's tense is wanted that ``tenses`` lack
    (a correction of the article's date then parses it).

    The parse is only ever read for the tense of a clause, so where every tense wanted is
    known the values are those the parsed run gives."""
    known: dict[tuple[int, int], Tense] = {
        (t.start, t.end): _tense_of(t.tense.removesuffix(CONTESTED)) for t in tenses
    }
    contested = {(t.start, t.end) for t in tenses if t.tense.endswith(CONTESTED)}
    context = Context(text=text, reference=reference, known_tenses=known, known_contested=contested)
    hits = _find(context)
    if context.parse_wanted:
        return None
    return _time_exprs(text, hits, reference, article_id, reference_basis), _tenses_read(context)


_TENSES: dict[str, Tense] = {"past": "past", "present": "present", "future": "future"}


def _tense_of(stored: str) -> Tense:
    return _TENSES.get(stored)


def _time_exprs(
    text: str,
    hits: Sequence[Found],
    reference: dt.date | None,
    article_id: str,
    reference_basis: ReferenceBasis,
) -> list[TimeExpr]:
    anchor = reference.isoformat() if reference is not None else None
    relative_basis: TimeBasis = "inferred" if reference_basis == "inferred" else "resolved"
    times: list[TimeExpr] = []
    for hit in hits:
        basis: TimeBasis = "stated"
        if hit.relative:
            basis = relative_basis if anchor is not None else "inferred"
        times.append(
            TimeExpr(
                article_id=article_id,
                start=hit.start,
                end=hit.end,
                text=text[hit.start : hit.end],
                type=hit.type,
                value=within_calendar(hit.value),
                anchor=anchor if hit.relative else None,
                basis=basis,
            )
        )
    return times


def redate_times(
    text: str,
    times: Sequence[TimeExpr],
    new_reference: dt.date,
    *,
    reference_basis: ReferenceBasis = "user",
    doc: Doc | None = None,
) -> list[TimeExpr]:
    """Re-resolve an article's time expressions after its date changed (e.g. the user supplied it).

    Stated values are kept as they are; every expression is re-normalised from the same text, so
    the spans found before keep their place and relative values move with the new reference.
    """
    article_id = times[0].article_id if times else ""
    return tag_times(text, new_reference, article_id, doc, reference_basis=reference_basis)
