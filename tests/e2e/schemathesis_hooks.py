"""A Schemathesis check for a GraphQL API whose expected refusals are coded errors.

Schemathesis's own ``not_a_server_error`` counts every ``errors`` entry that is not a
validation error as a server failure; this API answers expected refusals of queries (a
forbidden role, a malformed id) with coded errors, as GraphQL intends. What must never appear
is a 5xx or a masked unexpected failure (``INTERNAL_ERROR``): that is what this check fails on.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.check
def no_unexpected_errors(ctx: Any, response: Any, case: Any) -> None:
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}")
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        raise AssertionError("the response is not JSON") from None
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        code = (error.get("extensions") or {}).get("code")
        if code == "INTERNAL_ERROR" or error.get("message") == "Unexpected error.":
            raise AssertionError(f"unexpected failure at {error.get('path')}")
        if not code and error.get("path"):
            raise AssertionError(f"uncoded resolver error at {error.get('path')}")
