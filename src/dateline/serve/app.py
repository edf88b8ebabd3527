"""The FastAPI application: REST API under ``/api``, web pages, static files, security.

>>> from dateline.api import open_corpus
>>> app = create_app(open_corpus("news.db", serving=True))  # then: uvicorn.run(app, port=8000)

The OpenAPI schema is at ``/api/openapi.json``. The interactive Swagger/ReDoc pages are
switched off: they load their scripts from a CDN, and no page here may reach the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import dateline
from dateline.api import Corpus
from dateline.serve import rest, web
from dateline.serve.limits import BodyLimits
from dateline.serve.security import SecurityMiddleware
from dateline.store.budget import DEFAULT_QUERY_SECONDS, QueryInterrupted
from dateline.store.interface import StoreError

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServeSettings:
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    query_seconds: float = DEFAULT_QUERY_SECONDS


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error_page(request: Request, status: int, message: str) -> Response:
    return web.render(
        request, "error.html", status, title=f"error {status}", status=status, message=message
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request):
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
    return _error_page(request, exc.status_code, str(exc.detail))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    if _is_api(request):
        return JSONResponse({"detail": problems}, 422)
    lines = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems)
    return _error_page(request, 422, lines)


async def _interrupted(request: Request, exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": str(exc)}, 503)
    return _error_page(request, 503, str(exc))


async def _store_error(request: Request, exc: Exception) -> Response:
    message = f"storage error: {exc}"
    if _is_api(request):
        return JSONResponse({"detail": message}, 503)
    return _error_page(request, 503, message)


def create_app(
    corpus: Corpus,
    *,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    trusted_hosts: Sequence[str] | None = None,
    query_seconds: float = DEFAULT_QUERY_SECONDS,
) -> FastAPI:
    """The web application over ``corpus``.

    ``token``: required on every request when given (see :mod:`dateline.serve.security`).
    ``max_upload_bytes``: the largest uploaded file; ``max_request_bytes``: the largest upload
    request (both enforced while the body arrives, :mod:`dateline.serve.limits`).
    ``trusted_hosts``: accepted ``Host`` names, IPv4, IPv6 or names (defends a loopback
    server against DNS rebinding); None accepts any. ``query_seconds``: a search's budget.
    """
    app = FastAPI(
        title="dateline",
        version=getattr(dateline, "__version__", "0"),
        description="A cited, queryable account of what happened in a corpus of news articles.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.corpus = corpus
    app.state.settings = ServeSettings(
        token=token,
        max_upload_bytes=max_upload_bytes,
        max_request_bytes=max_request_bytes,
        query_seconds=query_seconds,
    )
    app.include_router(rest.router, prefix="/api")
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(QueryInterrupted, _interrupted)
    app.add_middleware(SecurityMiddleware, token=token, trusted_hosts=trusted_hosts)
    # outermost: a body is bounded before anything reads it
    app.add_middleware(
        BodyLimits,
        upload_bytes=max_request_bytes,
        part_bytes=max_upload_bytes,
    )
    return app
