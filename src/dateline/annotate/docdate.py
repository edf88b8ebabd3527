"""Date a document: its metadata when present, else a date line in the text, else an inference.

1. **metadata** — ``article.published`` set by ingest (HTML meta, feed, JSON/CSV field) or by the
   user is returned unchanged.
2. **text** — a date line near the top: a short line that is a full date ("December 19, 2014",
   "Published: 2014-12-19 10:02"), or a wire dateline ("MOSCOW, Dec. 19, 2014 (Reuters) -").
3. **inferred** — from the content: stated dates in past-tense clauses bound the date from below
   (the article was written after them), stated dates in future-tense clauses from above; a
   weekday written with a month and day ("Friday, December 19") fixes the year in that window.
   Without an upper bound the window is a year after the latest past date (news reports
   recent events). The result carries a range and a confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.annotate.time_patterns import DAY, MONTH, WEEKDAY, WEEKDAYS, month_number
from dateline.annotate.time_resolve import safe_date
from dateline.annotate.time_tense import heuristic_tense
from dateline.annotate.times import ReferenceBasis, tag_times
from dateline.records import Article, PublishedBasis, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

# how long after the latest past date it mentions a news article is assumed to appear at most
NEWS_HORIZON = dt.timedelta(days=365)
_HEAD_CHARS = 600
_CUE = r"(?:published|posted|updated|last\s+updated|date|dated|created|first\s+published)"
_DATE_LINE = re.compile(rf"^\W*(?:{_CUE}\s*(?:on|:)?\s*)?(?P<date>[^\n]{{6,40}}?)\W*$", re.I | re.M)
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'-]{2,40},\s*(?P<date>[^()\n–—-]{6,30}?)\s*(?:\(|–|—|-)", re.M
)
_WEEKDAY_MONTH_DAY = re.compile(
    rf"\b(?P<wd>{WEEKDAY}),?\s+(?:(?P<mon>{MONTH})\s+(?P<day>{DAY})|(?P<day2>{DAY})\s+(?P<mon2>{MONTH}))(?![\w,]*\s*\d{{4}})",
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
    """The publication date of ``article``: metadata, else a date line, else an inference.

    ``times`` are the article's time expressions if already tagged (any reference); they are
    re-tagged without a reference when absent.
    """
    if article.published and article.published_basis in ("metadata", "user", None):
        published_range = article.published_range or (
            article.published[:10],
            article.published[:10],
        )
        confidence = (
            article.published_confidence if article.published_confidence is not None else 1.0
        )
        return DocumentDate(
            article.published, article.published_basis or "metadata", published_range, confidence
        )
    line_date = find_date_line(article.title, article.text)
    if line_date is not None:
        return DocumentDate(line_date, "text", (line_date, line_date), 0.9)
    return infer_date(article.text, times)


def tag_article_times(
    article: Article, doc: Doc | None = None
) -> tuple[DocumentDate, list[TimeExpr]]:
    """Date ``article`` and tag its time expressions against that date, in one call.

    The reference is the article's own date when it has one, else the date found or inferred
    here; relative values then carry basis ``resolved`` or ``inferred`` accordingly.
    """
    has_date = bool(article.published) and article.published_basis in ("metadata", "user", None)
    unresolved = None if has_date else tag_times(article.text, None, article.id, doc)
    dated = date_document(article, unresolved)
    reference = _as_date(dated.published)
    if reference is None:
        return dated, unresolved if unresolved is not None else tag_times(
            article.text, None, article.id, doc
        )
    basis: ReferenceBasis = "inferred" if dated.basis == "inferred" else "metadata"
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


def infer_date(text: str, times: Sequence[TimeExpr] | None = None) -> DocumentDate:
    """Infer a publication window from what the text says happened before and will happen after."""
    expressions = times if times is not None else tag_times(text, None)
    lower: dt.date | None = None
    upper: dt.date | None = None
    for expression in expressions:
        if expression.basis != "stated" or expression.type not in ("DATE", "TIME"):
            continue
        period = _period(expression.value.split("T")[0].split("/")[0])
        if period is None:
            continue
        if heuristic_tense(text, expression.start, expression.end) == "future":
            upper = period[1] if upper is None else min(upper, period[1])
        else:
            lower = period[0] if lower is None else max(lower, period[0])
    if lower is not None and upper is not None and upper < lower:
        upper = None
    if lower is None and upper is None:
        return DocumentDate(None, None, None, 0.0)
    if upper is None:
        assert lower is not None
        upper = lower + NEWS_HORIZON
    if lower is None:
        lower = upper - NEWS_HORIZON
    anchored = _weekday_anchor(text, lower, upper)
    if anchored is not None:
        return DocumentDate(
            anchored.isoformat(),
            "inferred",
            (anchored.isoformat(), (anchored + dt.timedelta(days=7)).isoformat()),
            0.6,
        )
    middle = lower + (upper - lower) / 2
    return DocumentDate(middle.isoformat(), "inferred", (lower.isoformat(), upper.isoformat()), 0.3)


def _weekday_anchor(text: str, lower: dt.date, upper: dt.date) -> dt.date | None:
    """The latest date inside the window that a "Friday, December 19" in the text pins down."""
    anchors: list[dt.date] = []
    for match in _WEEKDAY_MONTH_DAY.finditer(text):
        weekday = WEEKDAYS[match.group("wd").lower()]
        month = month_number(match.group("mon") or match.group("mon2"))
        day = int(re.sub(r"\D", "", match.group("day") or match.group("day2")))
        fits = [
            date
            for year in range(lower.year, upper.year + 1)
            if (date := safe_date(year, month, day)) is not None
            and date.isoweekday() == weekday
            and lower <= date <= upper
        ]
        if len(fits) == 1 and heuristic_tense(text, match.start(), match.end()) != "future":
            anchors.append(fits[0])
    return max(anchors) if anchors else None
