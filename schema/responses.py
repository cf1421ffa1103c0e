"""The one shape of an error the HTTP edge answers itself, before or instead of GraphQL.

Every refusal outside execution (a bad token, a throttled client, a malformed, oversized or
slow body) is a GraphQL-shaped JSON document, so a client reads ``errors[0].extensions.code``
whatever refused it. Messages are fixed words: never a piece of the request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.responses import Response

__all__ = [
    "RETRY_AFTER_SECONDS",
    "UNAVAILABLE_CODE",
    "UNAVAILABLE_MESSAGE",
    "error_body",
    "error_response",
    "unavailable_response",
]


def error_body(code: str, message: str) -> bytes:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        error_body(code, message),
        status_code=status,
        media_type="application/json",
        headers=dict(headers or {}),
    )


RETRY_AFTER_SECONDS = 2  # how long a client is asked to wait while the database is away
UNAVAILABLE_CODE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "The registry's database is briefly unreachable; retry in a moment."


def unavailable_response() -> Response:
    """503 with ``Retry-After``: the database cannot be reached now (registry.db.engine.
    database_unavailable); answered at once, so that no request waits on it."""
    return error_response(
        503,
        UNAVAILABLE_CODE,
        UNAVAILABLE_MESSAGE,
        {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
