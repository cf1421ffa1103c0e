"""The verifyCredential fast path answers exactly as the executor does, or leaves it alone.

Two apps share one registry and one fixed clock: one with the fast path, one without. Every
request goes to both, and the status, the content type and the body bytes must agree; a
counter on :meth:`FastVerify.answer` shows which requests the fast path actually answered.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import strawberry
from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationDefinitionNode,
    parse,
)

from registry.runtime import open_registry
from schema.app import create_app
from schema.fastverify import FastVerify
from schema.plans import NotCompilable, compile_selection, run_plan
from schema.settings import ApiSettings, RateSettings
from tests.registry.conftest import Clock
from tests.schema.conftest import Api, DemoTemplate, open_api

VERIFY = (
    "query Verify($qr: String!) { verifyCredential(qr: $qr) { valid code kind "
    "claims { subjectName achievement { code level grade year } validUntil } } }"
)
EVERYTHING = (
    "query($qr: String!) { verifyCredential(qr: $qr) { __typename valid code kind kid "
    "checkedAt claims { __typename credentialId subjectId subjectName organisation issuer "
    "issuedAt validFrom validUntil achievement { __typename code level levelLabel direction "
    "directionLabel grade gradeLabel year region number title } } } }"
)
ALIASED = (
    "query Check($text: String!) { answer: verifyCredential(qr: $text) { ok: valid "
    "why: code claims { name: subjectName what: achievement { c: code y: year } } } }"
)


def _with(template: str, text: str) -> str:
    """``template`` with its ``@`` replaced by ``text`` (GraphQL braces stay as they are)."""
    return template.replace("@", text)


@dataclass
class Pair:
    fast: Api
    general: Api
    answered: list[bool]  # one entry per FastVerify.answer call: did it answer?

    async def both(
        self, body: dict[str, Any], *, token: str | None = None
    ) -> tuple[httpx.Response, httpx.Response]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        fast = await self.fast.client.post("/graphql", json=body, headers=headers)
        general = await self.general.client.post("/graphql", json=body, headers=headers)
        return fast, general

    async def same(self, body: dict[str, Any], *, token: str | None = None) -> httpx.Response:
        fast, general = await self.both(body, token=token)
        assert fast.status_code == general.status_code, (fast.text, general.text)
        assert fast.headers["content-type"] == general.headers["content-type"]
        assert fast.headers.get("retry-after") == general.headers.get("retry-after")
        assert fast.content == general.content
        return fast


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now(UTC).replace(microsecond=123456))


@pytest.fixture
def pair_factory(
    settings_factory: Callable[..., ApiSettings],
    demo_template: DemoTemplate,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., Any]:
    answered: list[bool] = []
    original = FastVerify.answer

    async def counting(self: FastVerify, *args: Any) -> dict[str, Any] | None:
        result = await original(self, *args)
        answered.append(result is not None)
        return result

    monkeypatch.setattr(FastVerify, "answer", counting)

    def factory(**overrides: Any) -> Any:
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def opened() -> AsyncIterator[Pair]:
            settings = settings_factory(**overrides)
            registry = await open_registry(settings.registry, clock=clock)
            try:
                async with (
                    open_api(settings, demo_template.tokens, registry=registry) as fast,
                    open_api(
                        settings.with_overrides(verify_fast_path=False),
                        demo_template.tokens,
                        registry=registry,
                    ) as general,
                ):
                    yield Pair(fast, general, answered)
            finally:
                await registry.aclose()

        return opened()

    return factory


@pytest.fixture
async def pair(pair_factory: Callable[..., Any]) -> AsyncIterator[Pair]:
    async with pair_factory() as opened:
        yield opened


async def _texts(pair: Pair) -> dict[str, str]:
    """QR texts of every status, and texts that fail at each early stage."""
    texts: dict[str, str] = {}
    # QR texts are shown to the issuing office only: the demo's revoked credential is the
    # CAC's, the suspended one the talent office's.
    for role in ("CAC_OFFICIAL", "TALENT_OFFICIAL"):
        page = await pair.general.data(
            "{ credentials(first: 100) { edges { node { status qrText qrLink } } } }",
            as_role=role,
        )
        for edge in page["credentials"]["edges"]:
            node = edge["node"]
            if node["qrText"] and node["qrLink"]:
                texts.setdefault(node["status"], node["qrText"])
                texts.setdefault("link", node["qrLink"])
    assert {"ACTIVE", "REVOKED", "SUSPENDED"} <= texts.keys(), texts.keys()
    valid = texts["ACTIVE"]
    middle = len(valid) // 2
    tampered = valid[:middle] + ("A" if valid[middle] != "A" else "B") + valid[middle + 1 :]
    texts.update(
        tampered=tampered,
        truncated=valid[:-6],
        garbage="TR1:abc",
        prefix="hello",
        empty="",
        large="TR1:" + "A" * 5000,
    )
    return texts


async def test_the_same_bytes_for_every_outcome_and_query(pair: Pair, clock: Clock) -> None:
    texts = await _texts(pair)
    pair.answered.clear()
    codes: set[str | None] = set()
    for offset in (timedelta(0), timedelta(days=3650)):  # now, and after every expiry
        clock.moment += offset
        for text in texts.values():
            for query, name in ((VERIFY, "qr"), (EVERYTHING, "qr"), (ALIASED, "text")):
                response = await pair.same({"query": query, "variables": {name: text}})
                assert response.status_code == 200
                result = response.json()["data"]
                codes.add(result.get("verifyCredential", {}).get("code"))
    # Every outcome came up, and the fast path answered every one of them.
    assert {None, "REVOKED", "SUSPENDED", "EXPIRED", "SIGNATURE_INVALID"} <= codes, codes
    assert pair.answered
    assert all(pair.answered)


async def test_literal_texts_named_operations_and_extra_variables(pair: Pair) -> None:
    texts = await _texts(pair)
    valid = texts["ACTIVE"]
    bodies: list[dict[str, Any]] = [
        {"query": _with('{ verifyCredential(qr: "@") { valid kind } }', valid)},
        {"query": _with('{ v: verifyCredential(qr: """@""") { code } }', texts["REVOKED"])},
        {"query": VERIFY, "variables": {"qr": valid}, "operationName": "Verify"},
        {"query": VERIFY, "variables": {"qr": valid, "unused": 1}, "extensions": {}},
        {"query": VERIFY, "variables": {"qr": valid}, "operationName": None},
    ]
    pair.answered.clear()
    for body in bodies:
        assert (await pair.same(body)).status_code == 200
    assert pair.answered == [True] * len(bodies)


async def test_everything_else_is_left_to_the_executor(pair: Pair) -> None:
    texts = await _texts(pair)
    valid = texts["ACTIVE"]
    fragment = "fragment F on VerificationResult { valid } "
    left_alone: list[dict[str, Any]] = [
        # Fragments, directives and merged fields.
        {"query": fragment + _with('query { verifyCredential(qr: "@") { ...F } }', valid)},
        {
            "query": _with(
                '{ verifyCredential(qr: "@") { ... on VerificationResult { valid } } }', valid
            )
        },
        {"query": _with('{ verifyCredential(qr: "@") { valid @include(if: false) code } }', valid)},
        {"query": _with('{ verifyCredential(qr: "@") { valid valid } }', valid)},
        {"query": _with('query @skip(if: false) { verifyCredential(qr: "@") { valid } }', valid)},
        # More than one root field, or another one.
        {"query": _with('{ __typename verifyCredential(qr: "@") { valid } }', valid)},
        {
            "query": _with(
                '{ a: verifyCredential(qr: "@") { valid } b: verifyCredential(qr: "x") { valid } }',
                valid,
            )
        },
        {"query": "{ __typename }"},
        {"query": 'mutation { verifyCredential(qr: "x") { valid } }'},
        # Arguments and variables the executor must judge.
        {"query": VERIFY, "variables": {"qr": 42}},
        {"query": VERIFY, "variables": {}},
        {"query": VERIFY, "variables": {"qr": valid}, "operationName": "Other"},
        {
            "query": 'query($q: String = "x") { verifyCredential(qr: $q) { valid } }',
            "variables": {"q": valid},
        },
        {"query": _with('{ verifyCredential(qr: "@", purpose: "KYC") { valid } }', valid)},
        # Broken documents.
        {"query": "{ verifyCredential(qr: "},
        {"query": _with('{ verifyCredential(qr: "@") { nope } }', valid)},
        {"query": _with('{ verifyCredential(qr: "@") }', valid)},
        {"query": None},
        {"variables": {"qr": valid}},
    ]
    pair.answered.clear()
    for body in left_alone:
        await pair.same(body)
    assert pair.answered == [False] * len(left_alone)
    # An API client is never answered by the fast path: it must declare a purpose and its
    # answer is logged. Both apps log it; the answers agree.
    pair.answered.clear()
    partner = pair.fast.tokens["PARTNER"]
    body = {"query": _with('{ verifyCredential(qr: "@", purpose: "KYC") { valid } }', valid)}
    fast, general = await pair.both(body, token=partner)
    assert fast.json() == general.json()
    assert pair.answered == []


async def test_malformed_bodies_are_refused_as_before(pair: Pair) -> None:
    pair.answered.clear()
    for content in (
        b"{",
        b"[]",
        b'"x"',
        b'{"query": 1}',
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "q", "extensions": 1}',
    ):
        fast = await pair.fast.client.post(
            "/graphql", content=content, headers={"Content-Type": "application/json"}
        )
        general = await pair.general.client.post(
            "/graphql", content=content, headers={"Content-Type": "application/json"}
        )
        assert (fast.status_code, fast.content) == (general.status_code, general.content)
    assert pair.answered == [False] * 6
    # Over the body limit: refused while reading, before anything is parsed.
    huge = {"query": VERIFY, "variables": {"qr": "TR1:" + "A" * 300_000}}
    fast, general = await pair.both(huge)
    assert fast.status_code == general.status_code == 413
    assert pair.answered == [False] * 6


async def test_random_selections_agree(pair: Pair) -> None:
    texts = await _texts(pair)
    query_type = pair.fast.state.policy.schema.query_type
    assert query_type is not None
    result_type = query_type.fields["verifyCredential"].type
    assert isinstance(result_type, GraphQLNonNull)
    chooser = random.Random(20261122)
    pair.answered.clear()
    for _ in range(60):
        selection = _random_selection(chooser, result_type.of_type, depth=0)
        query = "query($qr: String!) { verifyCredential(qr: $qr) " + selection + " }"
        for status in ("ACTIVE", "REVOKED", "garbage"):
            await pair.same({"query": query, "variables": {"qr": texts[status]}})
    assert pair.answered
    assert all(pair.answered)


def _random_selection(chooser: random.Random, parent: GraphQLObjectType, depth: int) -> str:
    names = [*parent.fields, "__typename"]
    chosen = chooser.sample(names, chooser.randint(1, len(names)))
    parts = []
    for index, name in enumerate(chosen):
        alias = f"a{depth}_{index}: " if chooser.random() < 0.3 else ""
        field_type = parent.fields[name].type if name != "__typename" else None
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        if isinstance(field_type, GraphQLObjectType):
            parts.append(alias + name + " " + _random_selection(chooser, field_type, depth + 1))
        else:
            assert field_type is None or isinstance(field_type, GraphQLScalarType | GraphQLEnumType)
            parts.append(alias + name)
    return "{ " + " ".join(parts) + " }"


async def test_a_throttled_caller_gets_the_executors_refusal(
    pair_factory: Callable[..., Any],
) -> None:
    async with pair_factory(verify_rate=RateSettings(rate=0.001, burst=2)) as pair:
        body = {"query": '{ verifyCredential(qr: "TR1:abc") { valid code } }'}
        pair.answered.clear()
        for _ in range(2):
            assert (await pair.same(body)).status_code == 200
        refused = await pair.same(body)
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
        # Answered twice; the third went to the executor, whose hit was refused too.
        assert pair.answered == [True, True, False]


async def test_over_the_cost_limit_the_executor_refuses(pair_factory: Callable[..., Any]) -> None:
    async with pair_factory(max_cost=1) as pair:
        pair.answered.clear()
        refused = await pair.same({"query": VERIFY, "variables": {"qr": "TR1:abc"}})
        assert refused.json()["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
        assert pair.answered == [False]


def test_the_switch_is_read_from_the_environment() -> None:
    assert ApiSettings.from_env({}).verify_fast_path is True
    assert ApiSettings.from_env({"CCR_VERIFY_FAST_PATH": "0"}).verify_fast_path is False
    assert create_app(ApiSettings.from_env({"CCR_VERIFY_FAST_PATH": "off"})) is not None
    with pytest.raises(ValueError, match="CCR_VERIFY_FAST_PATH"):
        ApiSettings.from_env({"CCR_VERIFY_FAST_PATH": "sometimes"})


@strawberry.type
class Inner:
    value: int


@strawberry.type
class Outer:
    plain: Inner | None
    required: str
    many: list[Inner]

    @strawberry.field
    def computed(self) -> int:
        return 1


@strawberry.type
class _PlanQuery:
    @strawberry.field
    def outer(self) -> Outer:
        return Outer(plain=None, required="x", many=[])


def test_plans_refuse_what_only_the_executor_can_do() -> None:
    schema = strawberry.Schema(query=_PlanQuery)
    outer = schema._schema.type_map["Outer"]
    assert isinstance(outer, GraphQLObjectType)

    def plan_of(selection: str) -> Any:
        operation = parse("{ outer " + selection + " }").definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        root = operation.selection_set.selections[0]
        assert isinstance(root, FieldNode)
        assert root.selection_set is not None
        return compile_selection(outer, root.selection_set)

    for refused in ("{ computed }", "{ many { value } }", "{ plain { ...on Inner { value } } }"):
        with pytest.raises(NotCompilable):
            plan_of(refused)
    plan = plan_of("{ __typename r: required plain { value } }")
    assert run_plan(plan, Outer(plain=Inner(value=3), required="x", many=[])) == {
        "__typename": "Outer",
        "r": "x",
        "plain": {"value": 3},
    }
    assert run_plan(plan, Outer(plain=None, required="x", many=[]))["plain"] is None
    with pytest.raises(NotCompilable, match="non-null"):
        run_plan(plan, Outer(plain=None, required=None, many=[]))  # type: ignore[arg-type]
