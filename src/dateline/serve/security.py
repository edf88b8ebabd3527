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
from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

from fastapi import Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    "SecurityMiddleware",
    "TokenRequired",
    "check_bind",
    "is_loopback",
]


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


_HEADER_ITEMS = [
    (name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
]


class SecurityMiddleware:
    """ASGI middleware enforcing the host, token and origin rules and adding the headers.

    ``trusted_hosts``: the only ``Host`` names answered (a loopback server without a token
    answers only loopback names, which defeats DNS rebinding); None answers any. A plain ASGI
    layer, not an ``@app.middleware``: that one costs a task and a response copy a request.
    """

    def __init__(
        self, app: ASGIApp, *, token: str | None, trusted_hosts: Sequence[str] | None = None
    ) -> None:
        self.app = app
        self.token = token
        self.trusted = frozenset(host_name(h) for h in trusted_hosts) if trusted_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [item for item in _HEADER_ITEMS if item[0] not in present]
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(Request(scope))
        if refusal is None:
            await self.app(scope, receive, with_headers)
        else:
            await refusal(scope, receive, with_headers)

    def _refusal(self, request: Request) -> Response | None:
        """The answer to a request that may not reach the application, or None."""
        if self.trusted is not None and not allowed_host(
            request.headers.get("host", ""), self.trusted
        ):
            return _refuse(request, 400, "invalid host header")
        if request.method not in _SAFE_METHODS and _cross_origin(request):
            return _refuse(request, 403, "cross-origin request refused")
        token = self.token
        if token is None:
            return None
        if _same_token(_bearer(request), token) or _same_token(
            request.cookies.get(TOKEN_COOKIE), token
        ):
            return None
        if _same_token(request.query_params.get("token"), token) and request.method == "GET":
            kept = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(kept)}" if kept else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            return redirect
        return _refuse(request, 401, "a valid token is required (Authorization: Bearer ...)")


def _refuse(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return PlainTextResponse(message, status_code=status)
