"""Request bodies bounded while they arrive, not after.

:class:`BodyLimits` is the outermost ASGI layer. It refuses a body with 413 as soon as it is
known to be too large: at once when ``Content-Length`` says so, otherwise when the bytes
counted so far pass the limit, for the whole request and, in a multipart upload, for each
part. A client that stops sending in the middle of a body gets 408 after ``idle_seconds``.
What the application was doing with the partial body is dropped and the connection closed.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: A JSON or form body that is not an upload (corrections, the search form).
DEFAULT_MAX_FORM_BYTES = 1024 * 1024
#: Seconds a client may pause in the middle of a body.
DEFAULT_BODY_IDLE_SECONDS = 15.0


class BodyRefused(Exception):
    """Raised inside the application's ``receive`` when the body broke a limit."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _PartCounter:
    """Counts the bytes of each part of a multipart body, fed in the chunks as they come."""

    def __init__(self, boundary: bytes, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.over = False
        self.broken = False
        self._parser = MultipartParser(
            boundary,
            callbacks={"on_part_begin": self._begin, "on_part_data": self._data},
        )

    def _begin(self) -> None:
        self.size = 0

    def _data(self, data: bytes, start: int, end: int) -> None:
        self.size += end - start
        if self.size > self.limit:
            self.over = True

    def feed(self, chunk: bytes) -> bool:
        """Whether the part being received is still within the limit."""
        if not self.broken:
            try:
                self._parser.write(chunk)
            except MultipartParseError:
                self.broken = True  # the application's own parser reports a malformed body
        return not self.over


def _part_counter(scope: Scope, part_limit: int) -> _PartCounter | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            kind, options = parse_options_header(value)
            boundary = options.get(b"boundary")
            if kind == b"multipart/form-data" and boundary:
                return _PartCounter(boundary, part_limit)
            return None
    return None


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _respond(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimits:
    """ASGI middleware bounding request bodies (see the module docstring).

    ``upload_bytes``: the largest multipart request; ``part_bytes``: the largest part (file) in
    one; ``form_bytes``: the largest other body.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        upload_bytes: int,
        part_bytes: int,
        form_bytes: int = DEFAULT_MAX_FORM_BYTES,
        idle_seconds: float = DEFAULT_BODY_IDLE_SECONDS,
    ) -> None:
        self.app = app
        self.upload_bytes = upload_bytes
        self.part_bytes = part_bytes
        self.form_bytes = form_bytes
        self.idle_seconds = idle_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        parts = _part_counter(scope, self.part_bytes)
        limit = self.upload_bytes if parts is not None else self.form_bytes
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _respond(send, 413, f"request body over the {limit} byte limit")
            return
        state: dict[str, Any] = {"received": 0, "done": False, "refused": None, "started": False}

        async def limited_receive() -> Message:
            if state["done"]:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.idle_seconds)
            except TimeoutError:
                state["refused"] = BodyRefused(
                    408, f"no body bytes for {self.idle_seconds:g} s: request timed out"
                )
                raise state["refused"] from None
            if message["type"] != "http.request":
                state["done"] = True
                return message
            chunk = message.get("body", b"")
            state["received"] += len(chunk)
            if state["received"] > limit:
                state["refused"] = BodyRefused(413, f"request body over the {limit} byte limit")
            elif parts is not None and not parts.feed(chunk):
                state["refused"] = BodyRefused(
                    413, f"a file in the upload is over the {self.part_bytes} byte limit"
                )
            if state["refused"] is not None:
                raise state["refused"]
            if not message.get("more_body", False):
                state["done"] = True
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"] is not None:
                return  # the application's answer to a refused body is replaced below
            state["started"] = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if state["refused"] is None:
                raise  # not ours: the layers outside report it
        refused: BodyRefused | None = state["refused"]
        if refused is not None and not state["started"]:
            await _respond(send, refused.status, refused.message)
