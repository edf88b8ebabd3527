"""One bounded, conditional HTTP GET: a size cap, a deadline, and the caching headers."""

from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage, HTTPResponse
from typing import IO

import dateline

USER_AGENT = f"dateline-watch/{getattr(dateline, '__version__', '0')} (+feed reader)"
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one request gave: ``status`` is the HTTP status (0 when none came back).

    ``body`` is None for a 304 and for every failure; ``error`` says what went wrong.
    """

    status: int
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    max_age: float | None = None
    url: str | None = None
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Refused(Exception):
    pass


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only (urllib alone would follow one to ftp)."""

    max_redirections = 5

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not newurl.lower().startswith(("http://", "https://")):
            raise _Refused(f"redirect to a URL that is not http(s): {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def max_age_seconds(cache_control: str | None) -> float | None:
    """The ``max-age`` of a Cache-Control header, in seconds; None when it gives none."""
    for directive in (cache_control or "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.strip().isdigit():
            return float(value.strip())
    return None


def _read_bounded(response: HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _Refused(f"response of {int(declared):,} bytes is over the limit of {max_bytes:,}")
    parts: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _Refused(f"response is over the limit of {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise _Refused("response took longer than the timeout")
        parts.append(chunk)
    return b"".join(parts)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 20.0,
    max_bytes: int = 10 * 1024 * 1024,
) -> FetchResult:
    """GET ``url`` (http or https only), following redirects, never raising.

    ``timeout`` bounds each network wait and the whole body read; a body over ``max_bytes``
    is refused. ``etag`` and ``last_modified`` make the request conditional.
    """
    if not url.lower().startswith(("http://", "https://")):
        return FetchResult(0, error=f"not an http(s) URL: {url}")
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + timeout
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = _read_bounded(response, max_bytes, deadline)
            return FetchResult(
                response.status,
                body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                max_age=max_age_seconds(response.headers.get("Cache-Control")),
                url=response.geturl(),
            )
    except urllib.error.HTTPError as exc:
        retry = retry_after_seconds(exc.headers.get("Retry-After")) if exc.headers else None
        if exc.code == 304:
            max_age = max_age_seconds(exc.headers.get("Cache-Control")) if exc.headers else None
            return FetchResult(304, url=url, max_age=max_age)
        return FetchResult(exc.code, retry_after=retry, url=url, error=f"HTTP {exc.code}")
    except _Refused as exc:
        return FetchResult(0, url=url, error=str(exc))
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return FetchResult(0, url=url, error=f"{type(exc).__name__}: {reason}")
