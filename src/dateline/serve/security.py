"""Who may talk to the server, and what every response tells the browser.

- A token, when configured, is checked on every request: ``Authorization: Bearer <token>``,
  or the ``dateline_token`` cookie, which a first visit with ``?token=<token>`` sets (the
  token is then dropped from the address by a redirect).
- State-changing requests (POST...) from a page of another origin are refused, so a web page
  cannot make a visitor's browser upload to or correct a local corpus.
- Every response carries a strict Content-Security-Policy and related headers.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlencode, urlsplit

from fastapi import Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

from dateline.serve.bind import LOOPBACK_NAMES, TOKEN_ENV, TokenRequired, check_bind, is_loopback

TOKEN_COOKIE = "dateline_token"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

__all__ = [
    "LOOPBACK_NAMES",
    "TOKEN_COOKIE",
    "TOKEN_ENV",
    "TokenRequired",
    "check_bind",
    "is_loopback",
    "security_middleware",
]

CallNext = Callable[[Request], Awaitable[Response]]


def _same_token(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _cross_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not sent by browsers on same-origin GETs, nor by non-browser clients
    if origin == "null":
        return True
    try:
        origin_host = urlsplit(origin).netloc
    except ValueError:  # a malformed IPv6 origin
        return True
    return origin_host.lower() != request.headers.get("host", "").strip().lower()


def host_name(authority: str) -> str:
    """The host of a ``Host`` header or an origin's authority, without port or brackets:
    ``[::1]:8000`` → ``::1``, ``Example.org:80`` → ``example.org``."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        return authority[1:].split("]", 1)[0]
    name, colon, port = authority.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        return name
    return authority


def allowed_host(host_header: str, trusted: frozenset[str]) -> bool:
    """Whether a request's ``Host`` names one of the trusted hosts (IPv4, IPv6 or a name)."""
    return host_name(host_header) in trusted


def security_middleware(
    token: str | None, trusted_hosts: Sequence[str] | None = None
) -> Callable[[Request, CallNext], Awaitable[Response]]:
    """An HTTP middleware enforcing the host, token and origin rules and adding the headers.

    ``trusted_hosts``: the only ``Host`` names answered (a loopback server without a token
    answers only loopback names, which defeats DNS rebinding); None answers any.
    """
    trusted = frozenset(host_name(h) for h in trusted_hosts) if trusted_hosts else None

    async def guard(request: Request, call_next: CallNext) -> Response:
        response = await _guarded(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _guarded(request: Request, call_next: CallNext) -> Response:
        if trusted is not None and not allowed_host(request.headers.get("host", ""), trusted):
            return _refuse(request, 400, "invalid host header")
        if request.method not in _SAFE_METHODS and _cross_origin(request):
            return _refuse(request, 403, "cross-origin request refused")
        if token is None:
            return await call_next(request)
        if _same_token(_bearer(request), token) or _same_token(
            request.cookies.get(TOKEN_COOKIE), token
        ):
            return await call_next(request)
        if _same_token(request.query_params.get("token"), token) and request.method == "GET":
            kept = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(kept)}" if kept else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            return redirect
        return _refuse(request, 401, "a valid token is required (Authorization: Bearer ...)")

    return guard


def _refuse(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return PlainTextResponse(message, status_code=status)
