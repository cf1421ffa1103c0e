"""GraphQL hardening: token, depth and alias limits, the cost limit, and document caches.

Why not Strawberry's ``ParserCache``/``ValidationCache`` with ``QueryDepthLimiter`` and
``MaxAliasesLimiter``? Extensions are now built per request from factories, and each of those
limiters builds a *new validation-rule class* in its constructor. ``ValidationCache`` keys its
LRU on the tuple of rule classes, so with a per-request limiter every request misses, silently
(``tests/schema/test_limits.py`` shows it). ``ValidationCache`` also hashes the whole document
tree on every lookup (AST nodes are frozen dataclasses without a cached hash).

So :class:`DocumentPolicy` builds every rule class once, at schema build time, and caches by
the query text: parse (with the token limit) and validate (without suggestions in
production); the cost is cached too, by the text, the operation and the coerced page sizes.
One policy object is shared by all requests; the per-request :class:`RequestGuard`
extension only looks documents up.

Depth, aliases and the expanded size are not validation rules: Strawberry's limiters follow
every fragment spread anew, so a document whose fragments each spread the next twice costs
them 2**levels. They are read off :func:`~schema.shape.document_shape`, which walks each
fragment once, and checked *before* graphql-core's rules run, so no rule (nor execution)
ever walks a document whose expansion exceeds ``max_fields``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types.graphql import OperationType

from .cost import page_variables, query_cost
from .errors import PublicError, shape_result
from .responses import UNAVAILABLE_CODE
from .shape import DocumentShape, document_shape

__all__ = ["CacheStats", "DocumentPolicy", "RequestGuard"]


# Public fields that each count against the caller's verification rate limit.
RATE_LIMITED_FIELDS = ("verifyCredential", "lookupCertificate")


@dataclass(frozen=True, slots=True)
class CacheStats:
    parse_hits: int
    parse_misses: int
    validate_hits: int
    validate_misses: int


class DocumentPolicy:
    """The parse/validate policy of one schema, with LRU caches keyed by query text."""

    def __init__(
        self,
        *,
        max_tokens: int,
        max_depth: int,
        max_aliases: int,
        introspection: bool,
        hide_suggestions: bool,
        cache_size: int,
        max_fields: int = 5_000,
    ) -> None:
        rules: list[type[ASTValidationRule]] = [
            *specified_rules,
            MaybeNullValidationRule,
            OneOfInputValidationRule,
        ]
        if not introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        self.rules: tuple[type[ASTValidationRule], ...] = tuple(rules)
        self.max_tokens = max_tokens
        self.max_depth = max_depth
        self.max_aliases = max_aliases
        self.max_fields = max_fields
        self.hide_suggestions = hide_suggestions
        self._schema: GraphQLSchema | None = None
        self._parse: Callable[[str], DocumentNode] = lru_cache(maxsize=cache_size)(
            self._parse_uncached
        )
        self._validate: Callable[[str], tuple[GraphQLError, ...]] = lru_cache(maxsize=cache_size)(
            self._validate_uncached
        )
        self._shape: Callable[[str], DocumentShape] = lru_cache(maxsize=cache_size)(
            lambda query: document_shape(self._parse(query))
        )
        self._page_variables: Callable[[str], frozenset[str]] = lru_cache(maxsize=cache_size)(
            lambda query: page_variables(self._parse(query))
        )
        self._cost: Callable[[str, str | None, tuple[tuple[str, int], ...]], int] = lru_cache(
            maxsize=cache_size
        )(self._cost_uncached)

    def bind(self, schema: GraphQLSchema) -> None:
        self._schema = schema

    @property
    def schema(self) -> GraphQLSchema:
        assert self._schema is not None, "DocumentPolicy.bind() was not called"
        return self._schema

    def _parse_uncached(self, query: str) -> DocumentNode:
        return parse(query, max_tokens=self.max_tokens, no_location=False)

    def _validate_uncached(self, query: str) -> tuple[GraphQLError, ...]:
        assert self._schema is not None, "DocumentPolicy.bind() was not called"
        refusals = self._shape_refusals(self._shape(query))
        if refusals:
            return refusals
        return tuple(
            validate(
                self._schema,
                self._parse(query),
                self.rules,
                hide_suggestions=self.hide_suggestions,
            )
        )

    def _shape_refusals(self, shape: DocumentShape) -> tuple[GraphQLError, ...]:
        """The limits on the expanded document; the size first, since past it nothing else
        is worth reporting."""
        if shape.fields > self.max_fields:
            return (
                PublicError(
                    f"The document expands to more than {self.max_fields} fields.",
                    code="DOCUMENT_TOO_LARGE",
                ),
            )
        errors: list[GraphQLError] = [
            PublicError(
                f"'{name or 'anonymous'}' exceeds maximum operation depth of {self.max_depth}",
                code="DEPTH_LIMIT_EXCEEDED",
            )
            for name, operation in shape.operations
            if operation.depth > self.max_depth
        ]
        if shape.aliases > self.max_aliases:
            errors.append(
                PublicError(
                    f"{shape.aliases} aliases found. Allowed: {self.max_aliases}",
                    code="ALIAS_LIMIT_EXCEEDED",
                )
            )
        return tuple(errors)

    def _cost_uncached(
        self, query: str, operation_name: str | None, integers: tuple[tuple[str, int], ...]
    ) -> int:
        return query_cost(
            self._parse(query), operation_name=operation_name, variables=dict(integers)
        )

    def parse(self, query: str) -> DocumentNode:
        """The parsed document; raises ``GraphQLError`` (not cached) for bad syntax."""
        return self._parse(query)

    def validate(self, query: str) -> list[GraphQLError]:
        """Validation errors of the document ``query`` parses to (call ``parse`` first)."""
        return list(self._validate(query))

    def cost(
        self, query: str, *, operation_name: str | None, variables: Mapping[str, Any] | None
    ) -> int:
        """:func:`query_cost` of the document ``query`` parses to (call ``validate`` first).

        Page sizes are read from the variables as execution will see them, coerced: a
        default applies when a variable is not sent, and ``100.0`` is the Int ``100``.
        """
        names = self._page_variables(query)
        sizes: tuple[tuple[str, int], ...] = ()
        if names:
            sizes = self._page_sizes(query, operation_name, names, variables or {})
        return self._cost(query, operation_name, sizes)

    def _page_sizes(
        self,
        query: str,
        operation_name: str | None,
        names: frozenset[str],
        variables: Mapping[str, Any],
    ) -> tuple[tuple[str, int], ...]:
        operation = get_operation_ast(self._parse(query), operation_name)
        if not isinstance(operation, OperationDefinitionNode):
            return ()
        definitions = [
            d for d in operation.variable_definitions or () if d.variable.name.value in names
        ]
        coerced = get_variable_values(self.schema, definitions, dict(variables), max_errors=1)
        if isinstance(coerced, list):
            return ()  # execution refuses these variables before anything runs
        return tuple(
            sorted(
                (name, value)
                for name, value in coerced.coerced.items()
                if isinstance(value, int) and not isinstance(value, bool)
            )
        )

    def verifications(self, query: str, *, operation_name: str | None) -> int:
        """How many ``verifyCredential`` and ``lookupCertificate`` fields the operation runs
        (aliases and fragments expanded): the work rate limits count (call ``validate``
        first). A lookup counts as one verification: both answer "is this genuine?"."""
        operation = self._shape(query).operation(operation_name)
        if operation is None:
            return 0
        return sum(operation.top.get(name, 0) for name in RATE_LIMITED_FIELDS)

    def stats(self) -> CacheStats:
        p = self._parse.cache_info()  # type: ignore[attr-defined]
        v = self._validate.cache_info()  # type: ignore[attr-defined]
        return CacheStats(p.hits, p.misses, v.hits, v.misses)

    def clear(self) -> None:
        self._parse.cache_clear()  # type: ignore[attr-defined]
        self._validate.cache_clear()  # type: ignore[attr-defined]
        self._cost.cache_clear()  # type: ignore[attr-defined]
        self._shape.cache_clear()  # type: ignore[attr-defined]
        self._page_variables.cache_clear()  # type: ignore[attr-defined]


class RequestGuard(SchemaExtension):
    """Per request: cached parse and validation, the cost check before execution, and a
    signal to the context after a mutation ran (so caches of status and keys can be dropped)."""

    def __init__(self, policy: DocumentPolicy) -> None:
        self.policy = policy
        self.cost: int | None = None
        self.limit: int | None = None

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        ctx.parse_options["max_tokens"] = self.policy.max_tokens
        if ctx.query is not None and ctx.graphql_document is None:
            # On a syntax error, Strawberry parses again and reports it.
            with contextlib.suppress(GraphQLError):
                ctx.graphql_document = self.policy.parse(ctx.query)
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if ctx.query is None or document is None:
            yield
            return
        errors = self.policy.validate(ctx.query)
        if not errors:
            self.cost = self.policy.cost(
                ctx.query, operation_name=ctx.operation_name, variables=ctx.variables
            )
            self.limit = _limit_of(ctx.context)
            if self.limit is not None and self.cost > self.limit:
                errors = [
                    PublicError(
                        f"Query cost {self.cost} exceeds the limit of {self.limit}.",
                        code="COST_LIMIT_EXCEEDED",
                    )
                ]
            else:
                errors = await self._charge(ctx.query, ctx.operation_name, ctx.context)
        # A non-None list tells Strawberry validation already ran.
        ctx.pre_execution_errors = errors
        yield

    async def _charge(
        self, query: str, operation_name: str | None, context: object
    ) -> list[GraphQLError]:
        """Each verification field against the caller's rate limit, before any runs."""
        count = self.policy.verifications(query, operation_name=operation_name)
        charge = getattr(context, "charge_verifications", None)
        if count == 0 or charge is None:
            return []
        refusal = await charge(count)
        return [] if refusal is None else [refusal]

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        shape_result(ctx.result)
        if _database_was_unavailable(ctx.result):
            unavailable = getattr(ctx.context, "unavailable", None)
            if unavailable is not None:
                unavailable()
        if ctx.graphql_document is not None:
            with contextlib.suppress(RuntimeError):  # no operation could be chosen
                if ctx.operation_type is OperationType.MUTATION:
                    on_mutation = getattr(ctx.context, "after_mutation", None)
                    if on_mutation is not None:
                        on_mutation()

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requested": self.cost, "limit": self.limit}}


def _database_was_unavailable(result: object) -> bool:
    errors = getattr(result, "errors", None) or ()
    return any((error.extensions or {}).get("code") == UNAVAILABLE_CODE for error in errors)


def _limit_of(context: object) -> int | None:
    limit = getattr(context, "max_cost", None)
    return limit if isinstance(limit, int) else None
