"""``POST /graphql``: authentication and the per-client rate limit before Strawberry runs.

A bad token is answered ``401`` and an API client over its rate ``429`` with ``Retry-After``
and a GraphQL-shaped body (``errors[0].extensions.code`` = ``UNAUTHENTICATED`` /
``THROTTLED``), before any parsing: neither costs the server more than a dictionary lookup.
Queries over GET are refused; GET serves GraphiQL in development only.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from registry.authz import Principal
from registry.domain.enums import Role
from registry.errors import NotAuthenticated

from .auth import bearer_token
from .context import RequestContext
from .state import STATE_KEY, AppState

__all__ = ["GraphQLView"]

_PRINCIPAL = "ccr.principal"


def _error_response(status: int, code: str, message: str, headers: dict[str, str]) -> Response:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(
        json.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


class GraphQLView(GraphQL[RequestContext, None]):
    def __init__(self, schema: BaseSchema, *, graphiql: bool) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            allow_queries_via_get=False,
            multipart_uploads_enabled=False,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            refusal = await self._admit(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    async def _admit(self, scope: Scope) -> Response | None:
        state: AppState = scope["state"][STATE_KEY]
        token = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                token = bearer_token(value.decode("latin-1"))
                if token is None:
                    return _error_response(
                        401, "UNAUTHENTICATED", "Use 'Authorization: Bearer <token>'.", {}
                    )
                break
        if token is None:
            scope[_PRINCIPAL] = Principal.anonymous()
            return None
        try:
            principal = await state.tokens.principal(token)
        except NotAuthenticated:
            return _error_response(
                401,
                "UNAUTHENTICATED",
                "The bearer token is unknown, expired or revoked.",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if principal.role is Role.PARTNER:
            # The client's own rate from its record; the deployment's default otherwise.
            default = state.settings.client_rate
            decision = state.client_limiter.hit(
                principal.client_id or principal.account_ref or "partner",
                rate=principal.rate_per_second or default.rate,
                burst=principal.burst or default.burst,
            )
            if not decision.allowed:
                return _error_response(
                    429,
                    "THROTTLED",
                    "Rate limit exceeded; retry later.",
                    {"Retry-After": decision.retry_after_header},
                )
        scope[_PRINCIPAL] = principal
        return None

    async def get_context(self, request: Request, response: Response) -> RequestContext:  # type: ignore[override]
        principal = request.scope.get(_PRINCIPAL)
        if not isinstance(principal, Principal):
            principal = Principal.anonymous()
        client = request.client
        return RequestContext(
            request=request,
            response=response,
            state=request.scope["state"][STATE_KEY],
            principal=principal,
            client_address=client.host if client is not None else "unknown",
        )
