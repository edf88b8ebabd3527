"""Publication dates from metadata, normalised to ISO 8601; impossible dates are dropped.

Only metadata dates are handled here (a reader's ``published`` field, a feed's pubDate, an
HTML page's meta tags). Dating a document from its text is the annotate stage's job.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from dateline.ingest import errors
from dateline.records import SkippedInput

EARLIEST_YEAR = 1800

_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _latest_plausible() -> dt.date:
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=366)


def _check_range(year: int, month: int, day: int) -> None:
    if year < EARLIEST_YEAR or dt.date(year, month, day) > _latest_plausible():
        raise ValueError(f"year {year} is outside {EARLIEST_YEAR}..next year")


def _parse(value: str) -> str:
    """ISO form of ``value`` keeping its precision; raises ValueError when impossible."""
    if match := _YEAR.match(value):
        _check_range(int(match[1]), 1, 1)
        return value
    if match := _YEAR_MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        _check_range(year, month, 1)
        return value
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        date = dt.date.fromisoformat(value)
        _check_range(date.year, date.month, date.day)
        return date.isoformat()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", value):
        moment = dt.datetime.fromisoformat(value)
    else:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, IndexError) as exc:
            raise ValueError(f"not an ISO 8601 or RFC 2822 date: {value!r}") from exc
    _check_range(moment.year, moment.month, moment.day)
    return moment.isoformat(timespec="seconds")


def parse_published(value: object, location: str) -> tuple[str | None, SkippedInput | None]:
    """Normalise a metadata date: (ISO string, None), or (None, a W201 warning) if impossible.

    Empty values give (None, None). Accepted forms: ISO 8601 dates and datetimes (also
    ``YYYY`` and ``YYYY-MM``) and RFC 2822 dates as used by RSS.
    """
    if value is None:
        return None, None
    text = str(value).strip()
    if not text:
        return None, None
    try:
        return _parse(text), None
    except (ValueError, OverflowError) as exc:
        warning = errors.skipped(
            location,
            errors.IMPOSSIBLE_DATE,
            f"unusable publication date {text[:60]!r} dropped ({exc})",
        )
        return None, warning
