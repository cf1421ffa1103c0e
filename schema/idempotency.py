"""``Idempotency-Key`` on ``POST /graphql``: a request sent twice runs once.

An authenticated caller may send ``Idempotency-Key: <1–128 visible ASCII characters>`` with
a request it might repeat (the console sends one per form submission; a partner, one per
logical request it retries). The first request with a key runs and its answer is kept
(registry.services.idempotency); a repeat with the same key and body gets that answer, with
``Idempotent-Replayed: true``, without running again; a repeat while the first still runs
waits for it up to :data:`WAIT_FOR_FIRST` seconds. Refusals, in the API's error shape:

- ``422 IDEMPOTENCY_KEY_REUSED``: the key came with another body;
- ``409 IDEMPOTENCY_KEY_IN_USE`` (``Retry-After``): the first request is still running;
- ``409 IDEMPOTENCY_OUTCOME_UNKNOWN``: the first request's server stopped before it answered,
  so it may or may not have taken effect: check, then use a new key;
- ``400 INVALID_IDEMPOTENCY_KEY``: not 1–128 visible ASCII characters.

An answer of 5xx is not kept (the retry runs afresh), nor one larger than
:data:`LARGEST_KEPT` (queries, which are safe to run again). Anonymous requests ignore the
header: they have no caller to bind a key to.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from registry.authz import Principal
from registry.services import idempotency
from registry.services.idempotency import Answer, Claim

from .bodyguard import read_body, replay_body
from .responses import error_response
from .state import STATE_KEY, AppState

__all__ = ["LARGEST_KEPT", "WAIT_FOR_FIRST", "key_of", "run_once"]

HEADER = b"idempotency-key"
WAIT_FOR_FIRST = 5.0
LARGEST_KEPT = 256 * 1024
_KEY = re.compile(rb"[\x21-\x7e]{1,128}")
_INVALID = ""  # key_of's answer for a header that is there but malformed

App = Callable[[Scope, Receive, Send], Awaitable[None]]


def key_of(scope: Scope) -> str | None:
    """The request's key: ``None`` without one, ``""`` for a malformed one."""
    values = [value for name, value in scope["headers"] if name == HEADER]
    if not values:
        return None
    if len(values) > 1 or not _KEY.fullmatch(values[0]):
        return _INVALID
    return bytes(values[0]).decode("ascii")


def caller_of(principal: Principal) -> str | None:
    """Whose keys these are: an account or an API client; nobody for anonymous callers."""
    return principal.account_ref or principal.client_id


async def run_once(
    scope: Scope, receive: Receive, send: Send, *, caller: str, key: str, app: App
) -> None:
    """Run ``app`` for this request at most once per (caller, key)."""
    if key == _INVALID:
        refusal = error_response(
            400,
            "INVALID_IDEMPOTENCY_KEY",
            "Idempotency-Key must be one header of 1 to 128 visible ASCII characters.",
        )
        await refusal(scope, receive, send)
        return
    body = await read_body(receive)
    if body is None:
        return  # the client went away
    state: AppState = scope["state"][STATE_KEY]
    ctx = state.registry
    deadline = time.monotonic() + WAIT_FOR_FIRST
    reservation = await idempotency.reserve(ctx, caller, key, body)
    while reservation.claim is Claim.RUNNING and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        reservation = await idempotency.reserve(ctx, caller, key, body)
    if reservation.claim is Claim.RESERVED:
        assert reservation.row_id is not None
        await _run_and_keep(scope, body, receive, send, app, reservation.row_id, state)
        return
    await _refusal_or_replay(reservation)(scope, receive, send)


def _refusal_or_replay(reservation: idempotency.Reservation) -> Response:
    if reservation.claim is Claim.REPLAY:
        assert reservation.answer is not None
        return Response(
            reservation.answer.body,
            status_code=reservation.answer.status_code,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    if reservation.claim is Claim.MISMATCH:
        return error_response(
            422,
            "IDEMPOTENCY_KEY_REUSED",
            "This Idempotency-Key came with another request: use a new key for a new request.",
        )
    if reservation.claim is Claim.UNKNOWN:
        return error_response(
            409,
            "IDEMPOTENCY_OUTCOME_UNKNOWN",
            "The first request with this Idempotency-Key stopped before it answered: check "
            "whether it took effect, then send a new key.",
        )
    return error_response(
        409,
        "IDEMPOTENCY_KEY_IN_USE",
        "A request with this Idempotency-Key is still running: retry shortly.",
        {"Retry-After": "1"},
    )


async def _run_and_keep(
    scope: Scope, body: bytes, receive: Receive, send: Send, app: App, row_id: int, state: AppState
) -> None:
    status = 500
    chunks: list[bytes] = []
    size = 0

    async def capture(message: Message) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = int(message["status"])
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= LARGEST_KEPT:
                chunks.append(chunk)
        await send(message)

    try:
        await app(scope, replay_body(body, receive), capture)
    except BaseException:
        with contextlib.suppress(Exception):  # the database may be what failed
            await idempotency.release(state.registry, row_id)
        raise
    if status >= 500 or size > LARGEST_KEPT:
        with contextlib.suppress(Exception):
            await idempotency.release(state.registry, row_id)
        return
    await idempotency.complete(state.registry, row_id, Answer(status, b"".join(chunks)))
