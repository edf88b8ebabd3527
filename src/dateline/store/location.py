"""Where a corpus lives, said safely: database URLs without their credentials.

Every message, banner or ``location`` that shows a ``postgresql://`` URL goes through
:func:`redact_url`, so a password given on the command line is never printed or logged.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

URL_SCHEMES = ("postgresql://", "postgres://")
_SECRET_PARAMS = frozenset({"password", "passfile", "sslpassword", "sslkey"})
HIDDEN = "***"


def is_url(location: str | Path) -> bool:
    """Whether ``location`` names a database server rather than a local file."""
    return "://" in str(location)


def redact_url(url: str) -> str:
    """The URL with any password (in the user part or the query) replaced by ``***``.

    >>> redact_url("postgresql://u:PW@db.example:5432/news?password=x&sslmode=require")
    'postgresql://u:***@db.example:5432/news?password=***&sslmode=require'
    """
    if not is_url(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("://", 1)[0] + "://" + HIDDEN  # unparseable: show nothing of it
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)
        user, has_password, _ = credentials.partition(":")
        netloc = f"{user}:{HIDDEN}@{host}" if has_password else f"{user}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(k, HIDDEN if k.lower() in _SECRET_PARAMS else v) for k, v in pairs], safe="*"
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_message(message: str, url: str) -> str:
    """``message`` with ``url`` and its password (should an error quote them) redacted."""
    if not is_url(url):
        return message
    message = message.replace(url, redact_url(url))
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        message = message.replace(password, HIDDEN)
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key.lower() in _SECRET_PARAMS and value:
            message = message.replace(value, HIDDEN)
    return message


def shown_location(location: str | Path) -> str:
    """A location for people: a URL redacted, a file path made absolute (never a URL
    turned into a path)."""
    text = str(location)
    if is_url(text):
        return redact_url(text)
    if text == ":memory:":
        return text
    return str(Path(text).resolve())
