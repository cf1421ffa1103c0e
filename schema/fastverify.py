"""``verifyCredential`` for everyone but API clients, without the general executor.

Verifying a QR code is the request this service answers most, from counters, phones and the
``/v`` page, and the signature check is only a part of its cost: graphql-core spends as much
again walking a dozen fields of the answer. So a request that is nothing but one
``verifyCredential`` query is answered from a compiled plan (:mod:`schema.plans`):

- the document passes the same cached parse, validation (depth, aliases, tokens,
  introspection) and cost check as any other, once per query text;
- the same rate limit (per client address), the same verifier snapshot and memo, the same
  :class:`VerificationResult`, and the same JSON bytes as the executor's answer, cost
  extension included (``tests/schema/test_fastverify.py`` compares them byte for byte).

Anything else goes to Strawberry untouched: API clients (purposes, scopes and the disclosure
log), other operations, fragments or directives, a variable of the wrong type, a throttled
caller (a refused hit leaves the bucket as it was, so the executor refuses it the same way),
and any value the executor would report as an error. ``CCR_VERIFY_FAST_PATH=0`` turns the
fast path off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLNonNull,
    GraphQLObjectType,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    VariableNode,
    get_operation_ast,
)
from starlette.types import Scope

from .limits import DocumentPolicy
from .plans import NotCompilable, Plan, compile_selection, run_plan
from .state import AppState
from .types.verification import VerificationResult
from .verification import check

__all__ = ["FastVerify", "client_address", "verification_result"]

ROOT_FIELD = "verifyCredential"


def client_address(scope: Scope) -> str:
    """The address rate limits key on (the peer; see ``proxy_headers`` in ``ccr serve``)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def verification_result(state: AppState, qr: str) -> VerificationResult:
    """The check itself, shared by the resolver and the fast path."""
    inputs = await state.verifier.current()
    now = state.registry.now()
    outcome = check(inputs, qr, now=now, memo_seconds=state.settings.verify_memo_seconds)
    return VerificationResult.from_outcome(outcome, checked_at=now)


@dataclass(frozen=True, slots=True)
class _Compiled:
    key: str  # the response key (alias or field name)
    variable: str | None  # the variable carrying the QR text, or
    literal: str | None  # the QR text written in the document
    plan: Plan


class FastVerify:
    """Recognises a lone ``verifyCredential`` query and answers it from a compiled plan."""

    def __init__(self, policy: DocumentPolicy, *, cache_size: int) -> None:
        self._policy = policy
        self._compile = lru_cache(maxsize=cache_size)(self._compile_uncached)

    async def answer(self, state: AppState, scope: Scope, body: bytes) -> dict[str, Any] | None:
        """The response document, or ``None``: leave this request to the executor."""
        request = _request(body)
        if request is None:
            return None
        query, operation_name, variables = request
        compiled = self._compile(query, operation_name)
        if compiled is None:
            return None
        qr = compiled.literal if compiled.variable is None else variables.get(compiled.variable)
        if not isinstance(qr, str):
            return None
        cost = self._policy.cost(query, operation_name=operation_name, variables=variables)
        limit = state.settings.max_cost
        if cost > limit:
            return None
        if not (await state.verify_limiter.hit(client_address(scope))).allowed:
            return None
        try:
            data = run_plan(compiled.plan, await verification_result(state, qr))
        except NotCompilable:
            return None
        return {
            "data": {compiled.key: data},
            "extensions": {"cost": {"requested": cost, "limit": limit}},
        }

    def _compile_uncached(self, query: str, operation_name: str | None) -> _Compiled | None:
        try:
            document = self._policy.parse(query)
        except GraphQLError:
            return None
        if self._policy.validate(query):
            return None
        operation = get_operation_ast(document, operation_name)
        if operation is None or len(document.definitions) != 1:
            return None
        if operation.operation is not OperationType.QUERY or operation.directives:
            return None
        if len(operation.selection_set.selections) != 1:
            return None
        root = operation.selection_set.selections[0]
        if (
            not isinstance(root, FieldNode)
            or root.name.value != ROOT_FIELD
            or root.directives
            or root.selection_set is None
            or [argument.name.value for argument in root.arguments or ()] != ["qr"]
        ):
            return None
        value = (root.arguments or ())[0].value
        variable = literal = None
        if isinstance(value, StringValueNode):
            literal = value.value
        elif isinstance(value, VariableNode) and _one_required_string(operation):
            variable = value.name.value
        else:
            return None
        result_type = self._policy.schema.query_type.fields[ROOT_FIELD].type  # type: ignore[union-attr]
        assert isinstance(result_type, GraphQLNonNull)
        assert isinstance(result_type.of_type, GraphQLObjectType)
        try:
            plan = compile_selection(result_type.of_type, root.selection_set)
        except NotCompilable:
            return None
        key = root.alias.value if root.alias else ROOT_FIELD
        return _Compiled(key, variable, literal, plan)


def _one_required_string(operation: OperationDefinitionNode) -> bool:
    """``($name: String!)`` and nothing more (validation ties it to the argument)."""
    definitions = operation.variable_definitions or ()
    if len(definitions) != 1:
        return False
    (definition,) = definitions
    declared = definition.type
    return (
        definition.default_value is None
        and not definition.directives
        and isinstance(declared, NonNullTypeNode)
        and isinstance(declared.type, NamedTypeNode)
        and declared.type.name.value == "String"
    )


def _request(body: bytes) -> tuple[str, str | None, Mapping[str, Any]] | None:
    """Query, operation name and variables of a well-formed single JSON request."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    query = data.get("query")
    operation_name = data.get("operationName")
    variables = data.get("variables")
    extensions = data.get("extensions")
    if (
        not isinstance(query, str)
        or not isinstance(operation_name, str | None)
        or not isinstance(variables, dict | None)
        or not isinstance(extensions, dict | None)
    ):
        return None
    return query, operation_name, variables or {}
