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


_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_WORD = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
# dates in addresses and file names: 2019/04/25, 2019-04-25, 2019_04_25, 20190425, 2013/may/03
# and (month precision) 2019/04/; never a lone year, which names topics as often as dates
_DAY_IN_NAME = re.compile(
    rf"(?<![0-9])(?P<y>(?:19|20)\d\d)(?P<sep>[/_.-]?)(?P<m>1[0-2]|0[1-9]|{_MONTH_WORD})"
    rf"(?P=sep)(?P<d>3[01]|[12]\d|0[1-9])(?![0-9])",
    re.I,
)
_MONTH_IN_URL = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>1[0-2]|0?[1-9])/", re.I)


def _month_of(word: str) -> int:
    return int(word) if word.isdigit() else _MONTH_NAMES[word.lower()]


def _plausible(day: dt.date) -> bool:
    return day.year >= EARLIEST_YEAR and day <= _latest_plausible()


def date_in_name(name: str, month_folders: bool = False) -> str | None:
    """The publication date written into a URL or a file path, or None.

    Full dates (``2019/04/25/``, ``2019-04-25-title``, ``20190425``, ``2013/may/03``) give a
    day; with ``month_folders``, ``/2019/04/`` gives a month (``2019-04``). The last date in
    the name wins (the file name over its folders). Impossible dates are not dates.
    """
    found: str | None = None
    impossible = False
    for match in _DAY_IN_NAME.finditer(name):
        separator = match["sep"]
        if not separator and not match["m"].isdigit():
            continue  # "2013may03" is not a way anyone writes a date
        try:
            day = dt.date(int(match["y"]), _month_of(match["m"]), int(match["d"]))
        except ValueError:
            impossible = True  # 2019/02/30: a broken date, not a month
            continue
        if _plausible(day):
            found = day.isoformat()
    if found is None and month_folders and not impossible:
        for match in _MONTH_IN_URL.finditer(name):
            month = dt.date(int(match["y"]), int(match["m"]), 1)
            if _plausible(month):
                found = month.isoformat()[:7]
    return found


def date_in_url(url: str | None) -> str | None:
    """A date in the path of a URL (not its host or query), e.g. ``/2019/04/25/``."""
    if not url:
        return None
    address = url.split("?", 1)[0].split("#", 1)[0]
    _, _, rest = address.partition("//")
    slash = rest.find("/")
    return date_in_name(rest[slash:] if slash >= 0 else "", month_folders=True)


def date_in_path(path: str | None) -> str | None:
    """A date in a file's name or in the names of its three nearest folders."""
    if not path:
        return None
    parts = re.split(r"[\\/]", path)[-4:]
    return date_in_name("/" + "/".join(parts))


_LONE_YEAR = re.compile(r"(?<![0-9])((?:19|20)\d\d)(?![0-9])")


def year_in_file_name(path: str | None) -> str | None:
    """A year standing alone in a file's name (``summit-2019.txt``), when it holds just one."""
    if not path:
        return None
    name = re.split(r"[\\/]", path)[-1]
    years = {match[1] for match in _LONE_YEAR.finditer(name)}
    if len(years) != 1:
        return None
    year = years.pop()
    return year if _plausible(dt.date(int(year), 1, 1)) else None


def parse_day(value: str) -> dt.date:
    """A user's date ``YYYY-MM-DD``; raises ValueError with a message saying what is wrong."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD)") from exc
    if not _plausible(day):
        raise ValueError(f"{value!r} is outside {EARLIEST_YEAR}..next year")
    return day


def parse_date_range(value: object) -> tuple[str, str]:
    """A window ``2004-01-01..2005-12-31`` (or a two-item list); raises ValueError."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        first, last = (str(part) for part in value)
    elif isinstance(value, str) and ".." in value:
        first, last = value.split("..", 1)
    else:
        raise ValueError(f"{str(value)[:60]!r} is not a date range (expected FIRST..LAST)")
    low, high = parse_day(first), parse_day(last)
    if high < low:
        raise ValueError(f"date range {low}..{high} ends before it starts")
    return low.isoformat(), high.isoformat()


def intersect(
    first: tuple[str, str] | None, second: tuple[str, str] | None
) -> tuple[str, str] | None:
    """The overlap of two windows (None is no bound); raises ValueError when they are disjoint."""
    if first is None or second is None:
        return first or second
    low, high = max(first[0], second[0]), min(first[1], second[1])
    if high < low:
        raise ValueError(
            f"windows {first[0]}..{first[1]} and {second[0]}..{second[1]} are disjoint"
        )
    return low, high


def parse_record_range(
    value: object, location: str
) -> tuple[tuple[str, str] | None, SkippedInput | None]:
    """A record's ``date_range`` field: (window, None), or (None, a W201 warning) if unusable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    try:
        return parse_date_range(value), None
    except ValueError as exc:
        return None, errors.skipped(location, errors.IMPOSSIBLE_DATE, f"date range dropped: {exc}")
