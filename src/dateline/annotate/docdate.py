"""Date a document from evidence of when it was written, or say that it is undated.

1. **evidence** — a date ingest found (``metadata``, ``user``, ``url``, ``path``) or the corpus
   prior (``corpus``) is kept unchanged.
2. **text** — a date line near the top: a short line that is a full date ("December 19, 2014",
   "Published: 2014-12-19 10:02"), or a wire dateline ("MOSCOW, Dec. 19, 2014 (Reuters) -").
3. **inferred** — a date written with its weekday ("said Friday, December 19"): news names
   the weekday of days in the week it was written, so the text was written within a week of
   it. The guess has a range and a confidence measured by ``dateline evaluate docdate``.
4. **undated** — anything else. Years a text mentions say little about when it was written
   (a 2005 report cites 1993, 1967 and the 2008 Olympics), clock times ("1800 GMT"), targets
   ("by 2007"), ages and amounts nothing: the article keeps no date, basis ``undated``, and the
   window ingest gave it (if any) as its range.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.annotate.time.patterns import DAY, MONTH, WEEKDAY, WEEKDAYS, month_number
from dateline.annotate.time.resolve import safe_date
from dateline.annotate.time.tagger import ReferenceBasis, tag_times
from dateline.annotate.time.tense import heuristic_tense
from dateline.records import FIRM_DATE_BASES, Article, PublishedBasis, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: bases an article keeps through annotation: stated evidence, and the corpus prior
KEPT_BASES = FIRM_DATE_BASES | {"corpus"}
#: how far from a weekday-bearing date the text is written
ANCHOR_SPAN = dt.timedelta(days=7)
#: how often the range of a guess holds, measured by ``dateline evaluate docdate`` (with
#: ``--window-years 2`` for the year found in a window; few documents name such dates)
STATED_YEAR_CONFIDENCE = 0.9
FOUND_YEAR_CONFIDENCE = 0.75
FUTURE_CONFIDENCE = 0.5
DATE_LINE_CONFIDENCE = 0.97
_HEAD_CHARS = 600
_CUE = r"(?:published|posted|updated|last\s+updated|date|dated|created|first\s+published)"
_DATE_LINE = re.compile(rf"^\W*(?:{_CUE}\s*(?:on|:)?\s*)?(?P<date>[^\n]{{6,40}}?)\W*$", re.I | re.M)
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'-]{2,40},\s*(?P<date>[^()\n–—-]{6,30}?)\s*(?:\(|–|—|-)", re.M
)
_WEEKDAY_MONTH_DAY = re.compile(
    rf"\b(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?"
    rf"(?:(?P<mon>{MONTH})\s+(?P<day>{DAY})|(?P<day2>{DAY})\s+(?:of\s+)?(?P<mon2>{MONTH}))"
    rf"(?:,?\s+(?P<year>\d{{4}}))?(?![\w])",
    re.I,
)
_FULL_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_STATED = re.compile(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?$|(\d{3})X$")


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """When a document was published, how we know it, and how sure we are."""

    published: str | None
    basis: PublishedBasis | None
    range: tuple[str, str] | None
    confidence: float


def date_document(article: Article, times: Sequence[TimeExpr] | None = None) -> DocumentDate:
    """The publication date of ``article``: its evidence, else a date line, else an inference.

    ``times`` are the article's time expressions if already tagged (any reference); they are
    re-tagged without a reference when absent. An article without a date but with a range
    (the window ingest found: the user's, a record's, a capture date) is dated inside it.
    """
    basis = article.published_basis
    kept = basis is None or basis in KEPT_BASES
    if article.published and kept and _day_range(article.published) is not None:
        published_range = article.published_range or _day_range(article.published)
        confidence = (
            article.published_confidence if article.published_confidence is not None else 1.0
        )
        evidence = DocumentDate(article.published, basis or "metadata", published_range, confidence)
        if len(article.published) >= 10 or basis == "corpus":
            return evidence
        # a year or a month: a day the text pins inside it is more precise
        refined = _from_text(article, times, published_range)
        return refined if refined.published is not None else evidence
    window = article.published_range if basis in (None, "undated") else None
    return _from_text(article, times, window)


def _from_text(
    article: Article, times: Sequence[TimeExpr] | None, window: tuple[str, str] | None
) -> DocumentDate:
    """A date line inside ``window``, else an inference inside it, else undated."""
    line_date = find_date_line(article.title, article.text)
    if line_date is not None and (window is None or window[0] <= line_date <= window[1]):
        day = dt.date.fromisoformat(line_date)
        # the line gives the local day of writing: a day either way of a UTC date
        around = (
            (day - dt.timedelta(days=1)).isoformat(),
            (day + dt.timedelta(days=1)).isoformat(),
        )
        return DocumentDate(line_date, "text", around, DATE_LINE_CONFIDENCE)
    return infer_date(article.text, times, window)


def _day_range(published: str) -> tuple[str, str] | None:
    period = _period(published[:10])
    return (period[0].isoformat(), period[1].isoformat()) if period else None


def tag_article_times(
    article: Article, doc: Doc | None = None
) -> tuple[DocumentDate, list[TimeExpr]]:
    """Date ``article`` and tag its time expressions against that date, in one call.

    The reference is the article's own date when it has one, else the date found or inferred
    here; relative values then carry basis ``resolved`` or ``inferred`` accordingly.
    """
    has_date = bool(article.published) and (
        article.published_basis is None or article.published_basis in KEPT_BASES
    )
    unresolved = None if has_date else tag_times(article.text, None, article.id, doc)
    dated = date_document(article, unresolved)
    reference = _as_date(dated.published)
    if reference is None:
        return dated, unresolved if unresolved is not None else tag_times(
            article.text, None, article.id, doc
        )
    basis: ReferenceBasis = "metadata" if dated.basis in FIRM_DATE_BASES else "inferred"
    return dated, tag_times(article.text, reference, article.id, doc, reference_basis=basis)


def _as_date(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None  # a malformed stored date: treat the article as undated


def find_date_line(title: str, text: str) -> str | None:
    """A full date standing on its own line (or as a wire dateline) near the top of the text."""
    head = "\n".join(part for part in (title, text[:_HEAD_CHARS]) if part)
    for pattern in (_DATE_LINE, _WIRE_DATELINE):
        for match in pattern.finditer(head):
            candidate = match.group("date")
            for found in tag_times(candidate, None):
                if (
                    found.type in ("DATE", "TIME")
                    and _FULL_DATE.match(found.value)
                    and found.basis == "stated"
                ):
                    covered = len(found.text) / max(1, len(candidate.strip()))
                    if pattern is _WIRE_DATELINE or covered > 0.6:
                        return found.value[:10]
    return None


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a stated value (2018-11 -> Nov 1..30; 199X -> 1990..1999)."""
    match = _STATED.match(value)
    if match is None:
        return None
    if match.group(4):
        decade = int(match.group(4)) * 10
        return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)
    year = int(match.group(1))
    if not 1000 <= year <= 2999:
        return None
    if match.group(3):
        day = safe_date(year, int(match.group(2)), int(match.group(3)))
        return (day, day) if day else None
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            return None
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), next_month - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def infer_date(
    text: str,
    times: Sequence[TimeExpr] | None = None,
    window: tuple[str, str] | None = None,
) -> DocumentDate:
    """Infer when ``text`` was written from a weekday-bearing date, or abstain (undated).

    Only a date written with its weekday ("on Friday, December 19") is taken as evidence of
    the writing time: news names the weekday of days in the week it was written. Its year is
    the stated one, else the one year within ``window`` (else around the years the text
    states) in which that day is that weekday. Clock times, future targets, historical years,
    ages and amounts never date a text. Without such evidence the text is undated: no date,
    basis ``undated`` and ``window`` as its range.
    """
    undated = DocumentDate(None, "undated", window, 0.0)
    matches = list(_WEEKDAY_MONTH_DAY.finditer(text))
    if not matches:
        return undated
    expressions = times if times is not None else tag_times(text, None)
    years = _candidate_years(text, expressions, window)
    latest_year = _latest_past_year(text, expressions)
    past: list[tuple[dt.date, bool]] = []
    future: list[dt.date] = []
    for match in matches:
        anchored = _anchor(match, years)
        if anchored is None:
            continue
        day, stated_year = anchored
        if not stated_year and latest_year is not None and day.year < latest_year:
            continue  # the text looks back on a later year than the day found for it
        if heuristic_tense(text, match.start(), match.end()) == "future":
            future.append(day)
        else:
            past.append((day, stated_year))
    if not past and not future:
        return undated
    if past:
        day, stated_year = max(past)
        confidence = STATED_YEAR_CONFIDENCE if stated_year else FOUND_YEAR_CONFIDENCE
    else:
        day = min(future)
        confidence = FUTURE_CONFIDENCE
    # either side: a clause read as past is as often about the coming Saturday
    low, high = day - ANCHOR_SPAN, day + ANCHOR_SPAN
    if future and min(future) < low:
        return undated  # the weekdays disagree about when the text was written
    if window is not None:
        low, high = (
            max(low, dt.date.fromisoformat(window[0])),
            min(high, dt.date.fromisoformat(window[1])),
        )
        if high < low:
            return undated
        day = min(max(day, low), high)
    return DocumentDate(
        day.isoformat(), "inferred", (low.isoformat(), high.isoformat()), confidence
    )


def _candidate_years(
    text: str, expressions: Sequence[TimeExpr], window: tuple[str, str] | None
) -> range | frozenset[int]:
    """The years a weekday-bearing date without a year may fall in.

    Inside a given window, its years; else a year the text states in a past or present
    clause or the year after it, and a year in a future clause or the year before it.
    """
    if window is not None:
        return range(int(window[0][:4]), int(window[1][:4]) + 1)
    years: set[int] = set()
    for expression in expressions:
        if expression.basis != "stated" or expression.type not in ("DATE", "TIME"):
            continue
        period = _period(expression.value.split("T")[0].split("/")[0])
        if period is None or period[0].year != period[1].year:
            continue
        year = period[0].year
        future = heuristic_tense(text, expression.start, expression.end) == "future"
        years.update((year - 1, year) if future else (year, year + 1))
    return frozenset(years)


def _latest_past_year(text: str, expressions: Sequence[TimeExpr]) -> int | None:
    """The latest year stated in a clause that is not about the future."""
    years = [
        period[0].year
        for expression in expressions
        if expression.basis == "stated" and expression.type in ("DATE", "TIME")
        if (period := _period(expression.value.split("T")[0].split("/")[0])) is not None
        if period[0].year == period[1].year
        if heuristic_tense(text, expression.start, expression.end) != "future"
    ]
    return max(years, default=None)


def _anchor(match: re.Match[str], years: range | frozenset[int]) -> tuple[dt.date, bool] | None:
    """The date a "Friday, December 19[, 2014]" names, and whether its year was written.

    Of several candidate years where the day is that weekday, the latest: a text is written
    after the years it looks back on.
    """
    weekday = WEEKDAYS[match.group("wd").lower()]
    month = month_number(match.group("mon") or match.group("mon2"))
    day = int(re.sub(r"\D", "", match.group("day") or match.group("day2")))
    if match.group("year"):
        date = safe_date(int(match.group("year")), month, day)
        return (date, True) if date is not None and date.isoweekday() == weekday else None
    fits = [
        date
        for year in sorted(years)
        if (date := safe_date(year, month, day)) is not None and date.isoweekday() == weekday
    ]
    return (fits[-1], False) if fits else None
