"""The one shape of an error the HTTP edge answers itself, before or instead of GraphQL.

Every refusal outside execution (a bad token, a throttled client, a malformed, oversized or
slow body) is a GraphQL-shaped JSON document, so a client reads ``errors[0].extensions.code``
whatever refused it. Messages are fixed words: never a piece of the request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.responses import Response

__all__ = ["error_body", "error_response"]


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
