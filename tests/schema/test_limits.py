"""Depth, alias, token and cost limits, and proof that the document caches hit."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.extensions import QueryDepthLimiter, ValidationCache
from strawberry.extensions.validation_cache import _get_validate_cache

from schema.limits import DocumentPolicy, RequestGuard


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def children(self, first: int = 1) -> list[Item]:
        return [Item(name=f"{self.name}.{i}") for i in range(first)]


@strawberry.type
class Query:
    @strawberry.field
    def items(self, first: int) -> list[Item]:
        return [Item(name=str(i)) for i in range(first)]

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("secret internals")


@dataclass
class Ctx:
    max_cost: int = 1_000


def make(**overrides: int | bool) -> tuple[strawberry.Schema, DocumentPolicy]:
    options: dict[str, int | bool] = {
        "max_tokens": 200,
        "max_depth": 4,
        "max_aliases": 3,
        "introspection": True,
        "hide_suggestions": False,
        "cache_size": 16,
    }
    options.update(overrides)
    policy = DocumentPolicy(**options)  # type: ignore[arg-type]
    schema = strawberry.Schema(
        Query,
        extensions=[lambda: RequestGuard(policy)],
    )
    policy.bind(schema._schema)
    return schema, policy


QUERY = "query Q($n: Int!) { items(first: $n) { name children(first: 2) { name } } }"


async def test_parse_and_validation_caches_hit_across_requests() -> None:
    schema, policy = make()
    for n in range(1, 21):
        result = await schema.execute(QUERY, variable_values={"n": n}, context_value=Ctx())
        assert result.errors is None
        assert len(result.data["items"]) == n  # type: ignore[index]
    stats = policy.stats()
    assert (stats.parse_misses, stats.validate_misses) == (1, 1)
    assert stats.validate_hits == 19
    assert stats.parse_hits >= 19


async def test_strawberry_validation_cache_misses_with_a_limiter_factory() -> None:
    """The trap the policy avoids: a per-request limiter builds a new rule class each time."""
    schema = strawberry.Schema(
        Query,
        extensions=[lambda: QueryDepthLimiter(max_depth=5), lambda: ValidationCache(maxsize=7)],
    )
    cache = _get_validate_cache(7)
    before = cache.cache_info()  # type: ignore[attr-defined]
    for _ in range(5):
        assert (await schema.execute(QUERY, variable_values={"n": 1})).errors is None
    after = cache.cache_info()  # type: ignore[attr-defined]
    assert after.hits - before.hits == 0
    assert after.misses - before.misses == 5


async def test_cost_is_reported_and_enforced_before_execution() -> None:
    schema, _ = make()
    ok = await schema.execute(QUERY, variable_values={"n": 10}, context_value=Ctx())
    # items 1 + children 10 (one per item)
    assert ok.extensions == {"cost": {"requested": 11, "limit": 1_000}}
    refused = await schema.execute(QUERY, variable_values={"n": 10}, context_value=Ctx(5))
    assert refused.data is None
    assert refused.errors is not None
    assert refused.errors[0].extensions == {"code": "COST_LIMIT_EXCEEDED"}
    assert refused.extensions is not None
    assert refused.extensions["cost"]["requested"] == 11


async def test_cached_cost_follows_the_page_size_variables() -> None:
    schema, _ = make()
    for n, expected in ((10, 11), (3, 4), (10, 11), (3, 4)):
        result = await schema.execute(QUERY, variable_values={"n": n}, context_value=Ctx())
        assert result.extensions == {"cost": {"requested": expected, "limit": 1_000}}
    refused = await schema.execute(QUERY, variable_values={"n": 10}, context_value=Ctx(5))
    assert refused.errors is not None
    assert refused.errors[0].extensions == {"code": "COST_LIMIT_EXCEEDED"}


async def test_depth_alias_and_token_limits() -> None:
    schema, _ = make()
    deep = "{ items(first: 1) { children { children { children { children { name } } } } } }"
    result = await schema.execute(deep, context_value=Ctx())
    assert result.errors
    assert "exceeds maximum operation depth" in result.errors[0].message
    aliases = "{ " + " ".join(f"{a}: items(first: 1) {{ name }}" for a in "abcd") + " }"
    result = await schema.execute(aliases, context_value=Ctx())
    assert result.errors
    assert "aliases" in result.errors[0].message
    tokens = "{ " + " ".join("items(first: 1) { name }" for _ in range(60)) + " }"
    result = await schema.execute(tokens, context_value=Ctx())
    assert result.errors
    assert "token" in result.errors[0].message.lower()


async def test_validation_errors_are_readable_but_unexpected_errors_masked() -> None:
    schema, _ = make()
    result = await schema.execute("{ itemz(first: 1) { name } }", context_value=Ctx())
    assert result.errors
    assert "Did you mean 'items'?" in result.errors[0].message
    result = await schema.execute("{ boom }", context_value=Ctx())
    assert result.errors
    assert result.errors[0].message == "Unexpected error."


async def test_production_hides_suggestions_and_introspection() -> None:
    schema, _ = make(introspection=False, hide_suggestions=True)
    result = await schema.execute("{ itemz(first: 1) { name } }", context_value=Ctx())
    assert result.errors
    assert "Did you mean" not in result.errors[0].message
    result = await schema.execute("{ __schema { types { name } } }", context_value=Ctx())
    assert result.errors
    assert "introspection" in result.errors[0].message.lower()
