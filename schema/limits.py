"""GraphQL hardening: token, depth and alias limits, the cost limit, and document caches.

Why not Strawberry's ``ParserCache``/``ValidationCache`` with ``QueryDepthLimiter`` and
``MaxAliasesLimiter``? Extensions are now built per request from factories, and each of those
limiters builds a *new validation-rule class* in its constructor. ``ValidationCache`` keys its
LRU on the tuple of rule classes, so with a per-request limiter every request misses, silently
(``tests/schema/test_limits.py`` shows it). ``ValidationCache`` also hashes the whole document
tree on every lookup (AST nodes are frozen dataclasses without a cached hash).

So :class:`DocumentPolicy` builds every rule class once, at schema build time, and caches by
the query text: parse (with the token limit) and validate (with the depth and alias rules, and
without suggestions in production); the cost is cached too, by the text, the operation and the
integer variables (the only ones a page size can come from). One policy object is shared by
all requests; the per-request :class:`RequestGuard` extension only looks documents up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NoSchemaIntrospectionCustomRule,
    parse,
    specified_rules,
    validate,
)
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types.graphql import OperationType

from .cost import query_cost
from .errors import PublicError, shape_result

__all__ = ["CacheStats", "DocumentPolicy", "RequestGuard"]


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
    ) -> None:
        rules: list[type[ASTValidationRule]] = [
            *specified_rules,
            MaybeNullValidationRule,
            OneOfInputValidationRule,
            depth_rule(max_depth, None),
            alias_rule(max_aliases),
        ]
        if not introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        self.rules: tuple[type[ASTValidationRule], ...] = tuple(rules)
        self.max_tokens = max_tokens
        self.hide_suggestions = hide_suggestions
        self._schema: GraphQLSchema | None = None
        self._parse: Callable[[str], DocumentNode] = lru_cache(maxsize=cache_size)(
            self._parse_uncached
        )
        self._validate: Callable[[str], tuple[GraphQLError, ...]] = lru_cache(maxsize=cache_size)(
            self._validate_uncached
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
        return tuple(
            validate(
                self._schema,
                self._parse(query),
                self.rules,
                hide_suggestions=self.hide_suggestions,
            )
        )

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
        """:func:`query_cost` of the document ``query`` parses to (call ``parse`` first)."""
        # Any other variable counts as a missing one (page size 1) in the cost model.
        integers = tuple(
            sorted(
                (name, value)
                for name, value in (variables or {}).items()
                if isinstance(value, int) and not isinstance(value, bool)
            )
        )
        return self._cost(query, operation_name, integers)

    def stats(self) -> CacheStats:
        p = self._parse.cache_info()  # type: ignore[attr-defined]
        v = self._validate.cache_info()  # type: ignore[attr-defined]
        return CacheStats(p.hits, p.misses, v.hits, v.misses)

    def clear(self) -> None:
        self._parse.cache_clear()  # type: ignore[attr-defined]
        self._validate.cache_clear()  # type: ignore[attr-defined]
        self._cost.cache_clear()  # type: ignore[attr-defined]


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

    def on_validate(self) -> Iterator[None]:
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
        # A non-None list tells Strawberry validation already ran.
        ctx.pre_execution_errors = errors
        yield

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        shape_result(ctx.result)
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


def _limit_of(context: object) -> int | None:
    limit = getattr(context, "max_cost", None)
    return limit if isinstance(limit, int) else None
