"""Dates as people give and read them: the since/until filters every command and page takes,
and how a date shown to a person was obtained, in words (every view says when it had to guess).
"""

from __future__ import annotations

import re
from typing import Protocol

from dateline.ingest.dating import OPEN_START
from dateline.records import FIRM_DATE_BASES as FIRM
from dateline.timevalues import calendar_span

_DATE_FILTER = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_FILTER_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
#: a time of day after a full date, as ``since`` for what was stored after a moment (UTC)
_TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?Z?")
TIME_FILTER_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (UTC)"


class DateFilterError(ValueError):
    """A since/until value that is not a calendar date, or a range that ends before it starts."""


def parse_date_filter(
    value: str | None, name: str = "date", *, time_of_day: bool = False
) -> str | None:
    """A since/until bound as given (``2019``, ``2019-04``, ``2019-04-25``), checked to be a
    real calendar date; None for a missing or blank value. Raises :class:`DateFilterError`
    naming ``name`` otherwise: one parser for every command, page and API route.

    With ``time_of_day`` a full date may go on with a UTC time, ``2026-12-03T14:05`` (or a
    space for the ``T``, seconds and a ``Z`` optional), returned as ``2026-12-03T14:05``: a
    bound on when articles were stored rather than published.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _DATE_FILTER.fullmatch(text) and calendar_span(text) is not None:
        return text
    if time_of_day:
        day, _, clock = text.replace(" ", "T", 1).partition("T")
        found = _TIME_OF_DAY.fullmatch(clock)
        if len(day) == 10 and parse_date_filter(day, name) and found:
            return f"{day}T{clock.removesuffix('Z')}"
        raise DateFilterError(f"{name} must be a date or time ({TIME_FILTER_FORMS}), not {value!r}")
    raise DateFilterError(f"{name} must be a date ({DATE_FILTER_FORMS}), not {value!r}")


def parse_date_range(
    since: str | None, until: str | None, names: tuple[str, str] = ("since", "until")
) -> tuple[str | None, str | None]:
    """Both bounds parsed, and checked to be in order (``2019`` to ``2019-04`` is fine);
    ``names`` are how the caller's user spelled them (``--since`` on the command line)."""
    first, last = parse_date_filter(since, names[0]), parse_date_filter(until, names[1])
    if first and last and first[: len(last)] > last:
        raise DateFilterError(f"{names[0]} ({first}) is after {names[1]} ({last})")
    return first, last


TEXT_BASIS_WORDS = {
    "stated": "stated in the text",
    "resolved": "resolved from the article date",
    "inferred": "resolved from an inferred article date",
}


_FIRM_BASIS_WORDS = {
    "text": "from a date line",
    "user": "given by the user",
    "url": "from the URL",
    "path": "from the file name",
}


def describe_published(
    basis: str | None,
    confidence: float | None = None,
    date_range: tuple[str, str] | None = None,
) -> str:
    """An article date's basis: "metadata", "from a date line", "inferred, 60% sure, …"."""
    if basis in _FIRM_BASIS_WORDS:
        return _FIRM_BASIS_WORDS[basis]
    if basis == "corpus":
        words = "inferred from the articles ingested with it"
    elif basis == "inferred":
        words = "inferred"
    else:
        return basis or "undated"
    if confidence is not None:
        words += f", {confidence:.0%} sure"
    if date_range is not None:
        words += f", between {date_range[0]} and {date_range[1]}"
    return words


def describe_date_basis(
    basis: str,
    article_basis: str | None = None,
    article_confidence: float | None = None,
) -> str:
    """A timeline date's basis; an event dated by its article says how the article was dated."""
    if basis == "article":
        if article_basis is None:
            return "article date"
        return "article date, " + describe_published(article_basis, article_confidence)
    return TEXT_BASIS_WORDS.get(basis, basis)


class DatedArticle(Protocol):
    """What :func:`published_shown` reads: an article, or a reference to one."""

    @property
    def published(self) -> str | None: ...
    @property
    def published_basis(self) -> str | None: ...
    @property
    def published_confidence(self) -> float | None: ...
    @property
    def published_range(self) -> tuple[str, str] | None: ...


def published_shown(article: DatedArticle) -> str:
    """An article's date as a reader should take it, the same in every view: a firm date as
    stored (``2019`` stays ``2019``), a guess as ``~2004-03-05 (75%)``, and an undated article
    as ``undated`` with the window the evidence allows (``undated (before 2017-03-07)``)."""
    if article.published is None:
        if article.published_range:
            first, last = article.published_range
            if first <= OPEN_START:
                return f"undated (before {last})"
            return f"undated ({first} … {last})"
        return "undated"
    guessed = article.published_basis is not None and article.published_basis not in FIRM
    if not guessed or article.published_confidence is None:
        return article.published
    return f"~{article.published} ({article.published_confidence:.0%})"
