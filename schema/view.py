"""``POST /graphql``: authentication and the per-client rate limit before Strawberry runs.

A bad token is answered ``401`` and an API client over its rate ``429`` with ``Retry-After``
and a GraphQL-shaped body (``errors[0].extensions.code`` = ``UNAUTHENTICATED`` /
``THROTTLED``), before any parsing: neither costs the server more than a dictionary lookup.
Queries over GET are refused; GET serves GraphiQL in development only. A lone
``verifyCredential`` query from anyone but an API client is answered by
:class:`~schema.fastverify.FastVerify` when it can be, by Strawberry otherwise.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from registry.authz import Principal
from registry.db.engine import database_unavailable
from registry.domain.enums import Role
from registry.errors import NotAuthenticated

from .auth import AmbiguousAuthorization, authorization_header, bearer_token
from .bodyguard import read_body, replay_body
from .context import RequestContext
from .fastverify import FastVerify, client_address
from .idempotency import caller_of, key_of, run_once
from .responses import error_response, unavailable_response
from .state import STATE_KEY, AppState

__all__ = ["GraphQLView"]

_PRINCIPAL = "ccr.principal"


# Strawberry's refusals of a malformed request (wrong method, media type, body), by status.
_HTTP_CODES = {405: "METHOD_NOT_ALLOWED", 413: "REQUEST_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}


class GraphQLView(GraphQL[RequestContext, None]):
    def __init__(
        self, schema: BaseSchema, *, graphiql: bool, fast_verify: FastVerify | None = None
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            allow_queries_via_get=False,
            multipart_uploads_enabled=False,
        )
        self.fast_verify = fast_verify

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self._serve(scope, receive, send)
        except Exception as exc:
            # Before the answer started (every answer here is built whole, then sent).
            if not database_unavailable(exc):
                raise
            await unavailable_response()(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            refusal = await self._admit(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            key = key_of(scope)
            caller = caller_of(scope[_PRINCIPAL])
            if key is not None and caller is not None:
                await run_once(scope, receive, send, caller=caller, key=key, app=self._post)
                return
            await self._post(scope, receive, send)
            return
        if scope["type"] == "http":
            await self._answer(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def _post(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An admitted POST: the fast path if it takes it, else the executor."""
        if self.fast_verify is not None and _fast_candidate(scope):
            body = await read_body(receive)
            if body is None:
                return  # the client went away
            answer = await self.fast_verify.answer(scope["state"][STATE_KEY], scope, body)
            if answer is not None:
                response = Response(self.encode_json(answer), media_type="application/json")
                await response(scope, receive, send)
                return
            receive = replay_body(body, receive)
        await self._answer(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strawberry's HTTP handling, with its refusals in the API's error shape (it would
        answer them in plain text)."""
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            code = _HTTP_CODES.get(exc.status_code, "BAD_REQUEST")
            reason = exc.reason
            if reason.startswith("Unknown operation named"):
                reason = "The document has no operation of that name."  # never echo the name
            response = error_response(exc.status_code, code, reason)
        await response(scope, receive, send)

    async def _admit(self, scope: Scope) -> Response | None:
        state: AppState = scope["state"][STATE_KEY]
        try:
            header = authorization_header(scope["headers"])
        except AmbiguousAuthorization:
            return error_response(
                400, "BAD_REQUEST", "Send one Authorization header, not several.", {}
            )
        token = bearer_token(header)
        if header is not None and token is None:
            return error_response(
                401, "UNAUTHENTICATED", "Use 'Authorization: Bearer <token>'.", {}
            )
        if token is None:
            scope[_PRINCIPAL] = Principal.anonymous()
            return None
        try:
            principal = await state.tokens.principal(token)
        except NotAuthenticated:
            return error_response(
                401,
                "UNAUTHENTICATED",
                "The bearer token is unknown, expired or revoked.",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if principal.role is Role.PARTNER:
            # The request counts one unit; each verification beyond the first counts another
            # once the document is known (RequestContext.charge_verifications).
            decision = await state.charge_partner(principal)
            if not decision.allowed:
                return error_response(
                    429,
                    "THROTTLED",
                    "Rate limit exceeded; retry later.",
                    {"Retry-After": decision.retry_after_header},
                )
        scope[_PRINCIPAL] = principal
        return None

    def parse_json(self, data: str | bytes) -> Any:
        """A JSON object (or a batch, which Strawberry refuses), never a bare value: Strawberry
        would take ``"x"`` or ``1`` for an object and fail with a 500. Bodies Python's parser
        refuses for other reasons (invalid UTF-8, nesting past the recursion limit, an
        integer of more than 4,300 digits) are malformed requests too, not server faults."""
        try:
            parsed = super().parse_json(data)
        except (ValueError, RecursionError):
            raise HTTPException(400, "The request body is not valid JSON.") from None
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "The request body must be a JSON object.")
        return parsed

    async def get_context(self, request: Request, response: Response) -> RequestContext:  # type: ignore[override]
        principal = request.scope.get(_PRINCIPAL)
        if not isinstance(principal, Principal):
            principal = Principal.anonymous()
        return RequestContext(
            request=request,
            response=response,
            state=request.scope["state"][STATE_KEY],
            principal=principal,
            client_address=client_address(request.scope),
        )


def _fast_candidate(scope: Scope) -> bool:
    """Not an API client, a JSON body, and no streamed answer asked for."""
    principal = scope.get(_PRINCIPAL)
    if not isinstance(principal, Principal) or principal.role is Role.PARTNER:
        return False
    content_type = accept = b""
    for name, value in scope["headers"]:
        if name == b"content-type":
            content_type = value
        elif name == b"accept":
            accept = value
    media_type = content_type.split(b";", 1)[0].strip().lower()
    streamed = b"multipart" in accept.lower() or b"event-stream" in accept.lower()
    return media_type == b"application/json" and not streamed
