"""Request bodies are bounded in size and in time, before any route reads them.

A client that announces a body and never finishes it would otherwise hold its connection
(and a task) for as long as it likes: three hundred of them tie up a worker. So each body must
have arrived within ``timeout`` seconds of the request's headers (``408``), and may be at most
``max_bytes`` long, announced or not (``413``). Either refusal closes the connection, since
what is left of the body cannot be told apart from a next request.

This replaces Starlette's own body-size limit, whose refusal is plain text: here both are
GraphQL-shaped errors (:mod:`schema.responses`), like every refusal of the edge.
"""

from __future__ import annotations

import asyncio
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .responses import error_body

__all__ = ["RequestBodyGuard", "read_body", "replay_body"]


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message


_TOO_SLOW = (408, "REQUEST_TIMEOUT", "The request body did not arrive in time.")
_TOO_LARGE = (413, "REQUEST_TOO_LARGE", "The request body is too large.")


class RequestBodyGuard:
    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = _content_length(scope)
        if announced is not None and announced > self.max_bytes:
            await _refuse(send, *_TOO_LARGE)
            return
        deadline = time.monotonic() + self.timeout
        received = 0
        complete = False
        started = False

        async def guarded_receive() -> Message:
            nonlocal received, complete
            if complete:
                return await receive()  # after the body: only a disconnect can come
            try:
                async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                    message = await receive()
            except TimeoutError:
                raise _Refused(*_TOO_SLOW) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _Refused(*_TOO_LARGE)
                complete = not message.get("more_body", False)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracked_send)
        except _Refused as refusal:
            if not started:
                await _refuse(send, refusal.status, refusal.code, refusal.message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = error_body(code, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def read_body(receive: Receive) -> bytes | None:
    """The whole request body, or ``None`` if the client went away first (the guard has
    bounded its size and time already)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay_body(body: bytes, receive: Receive) -> Receive:
    """``receive`` again from the start, the body having been read already."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
