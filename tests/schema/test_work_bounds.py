"""The work a request can cause is bounded before any of it is done.

Fragment fan-out (each fragment spreading the next twice) is refused from its shape, walked
once per fragment; the cost reads page sizes as execution will see them; every
``verifyCredential`` field counts against the caller's rate limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import parse

from schema.cost import query_cost
from schema.settings import ApiSettings, Mode, RateSettings
from schema.shape import document_shape
from tests.schema.conftest import Api, open_api
from tests.schema.test_partners import _new_client


def fanout(levels: int, leaf: str = "__typename", *, on: str = "Query") -> str:
    """``{ ...F1 }`` where ``F<i>`` spreads ``F<i+1>`` twice: 2**(levels-1) copies of ``leaf``."""
    parts = ["query Fan { ...F1 }"]
    parts += [f"fragment F{i} on {on} {{ ...F{i + 1} ...F{i + 1} }}" for i in range(1, levels)]
    parts.append(f"fragment F{levels} on {on} {{ {leaf} }}")
    return "\n".join(parts)


def test_the_shape_of_a_fan_out_is_computed_without_expanding_it() -> None:
    shape = document_shape(parse(fanout(60, "viewer { role }")))
    ((name, operation),) = shape.operations
    assert name == "Fan"
    assert operation.fields == 2 * 2**59  # viewer and role, 2**59 times each
    assert operation.depth == 1
    assert operation.top["viewer"] == 2**59


def test_the_cost_of_a_fan_out_is_exact_and_immediate() -> None:
    document = parse(fanout(60, "viewer { role }"))
    assert query_cost(document, operation_name=None, variables={}) == 2**59


def test_verifications_behind_fragments_and_aliases_are_counted() -> None:
    shape = document_shape(
        parse(
            "{ a: verifyCredential(qr: $q) { valid } ...V ... on Query { ...V } }"
            " fragment V on Query { b: verifyCredential(qr: $q) { valid } ...W ...W }"
            " fragment W on Query { c: verifyCredential(qr: $q) { valid } }"
        )
    )
    ((_, operation),) = shape.operations
    assert operation.top["verifyCredential"] == 1 + 2 * (1 + 2)


@pytest.mark.parametrize("mode", [Mode.DEVELOPMENT, Mode.PRODUCTION])
@pytest.mark.parametrize(
    "leaf",
    [
        "__typename",
        "viewer { role }",
        # The fast path's field: it must refuse the fan-out as the executor does.
        'verifyCredential(qr: "TR1:X") { valid }',
        "a: viewer { role }",
    ],
)
async def test_a_forty_level_fan_out_is_refused_before_any_walk(
    settings_factory: Callable[..., ApiSettings],
    tokens: dict[str, str],
    mode: Mode,
    leaf: str,
) -> None:
    async with open_api(settings_factory(mode=mode), tokens) as api:
        body = (await api.gql(fanout(40, leaf))).json()
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["DOCUMENT_TOO_LARGE"]


async def test_depth_and_aliases_count_through_fragments(api: Api) -> None:
    deep = "{ ...A } fragment A on Query { viewer { ...B } } fragment B on Viewer { role }"
    assert (await api.gql(deep)).json()["data"] is not None
    nested = 'node(id: "x") { id ' * 13 + "}" * 13
    too_deep = "{ ...A } fragment A on Query { " + nested + " }"
    body = (await api.gql(too_deep)).json()
    assert body["errors"][0]["extensions"]["code"] == "DEPTH_LIMIT_EXCEEDED"
    # Eight aliases, spread four times: 32, over the limit of 30.
    aliases = " ".join(f"a{i}: __typename" for i in range(8))
    spread = "{ ...A ...A ... on Query { ...A ...A } } fragment A on Query { " + aliases + " }"
    body = (await api.gql(spread)).json()
    assert body["errors"][0]["extensions"]["code"] == "ALIAS_LIMIT_EXCEEDED"
    assert body["errors"][0]["message"] == "32 aliases found. Allowed: 30"


CREATORS = "query($n: Int = 100) { creators(first: $n) { edges { node { works { id } } } } }"


@pytest.mark.parametrize(
    "variables",
    [{}, {"n": 100}, {"n": 100.0}],
    ids=["default not sent", "sent", "sent as a float"],
)
async def test_the_cost_uses_coerced_variables(
    settings_factory: Callable[..., ApiSettings],
    tokens: dict[str, str],
    variables: dict[str, Any],
) -> None:
    async with open_api(settings_factory(max_cost=50), tokens) as api:
        body = (await api.gql(CREATORS, variables, as_role="CAC_OFFICIAL")).json()
        assert body["extensions"]["cost"]["requested"] == 1 + 100
        assert body["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
        small = (await api.gql(CREATORS, {"n": 3.0}, as_role="CAC_OFFICIAL")).json()
        assert small["extensions"]["cost"]["requested"] == 1 + 3
        assert "errors" not in small


def aliased_verifications(n: int, *, purpose: str | None = None) -> str:
    argument = f', purpose: "{purpose}"' if purpose else ""
    fields = " ".join(
        f'v{i}: verifyCredential(qr: "TR1:X"{argument}) {{ valid }}' for i in range(n)
    )
    return "{ " + fields + " }"


async def test_anonymous_callers_pay_for_each_verification(
    settings_factory: Callable[..., ApiSettings], tokens: dict[str, str]
) -> None:
    settings = settings_factory(verify_rate=RateSettings(rate=0.001, burst=5))
    async with open_api(settings, tokens) as api:
        over = await api.gql(aliased_verifications(30))
        assert over.json()["data"] is None
        assert over.json()["errors"][0]["extensions"]["code"] == "VERIFICATION_LIMIT_EXCEEDED"
        first = await api.gql(aliased_verifications(3))
        assert len(first.json()["data"]) == 3
        # Two left in the bucket: three more do not fit, all or none.
        refused = await api.gql(aliased_verifications(3))
        assert refused.status_code == 429
        assert refused.json()["data"] is None
        assert refused.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
        assert len((await api.gql(aliased_verifications(2))).json()["data"]) == 2


async def test_api_clients_pay_for_each_verification(api: Api) -> None:
    client = await _new_client(api, ratePerSecond=0.001, burst=5)
    secret = client["secret"]
    over = await api.gql(aliased_verifications(30, purpose="CREATOR_BADGE"), token=secret)
    assert over.json()["data"] is None
    assert over.json()["errors"][0]["extensions"]["code"] == "VERIFICATION_LIMIT_EXCEEDED"
    # The refused request cost its one unit of admission; four verifications still fit.
    answered = await api.gql(aliased_verifications(4, purpose="CREATOR_BADGE"), token=secret)
    assert answered.status_code == 200
    assert len(answered.json()["data"]) == 4
    refused = await api.gql(aliased_verifications(1, purpose="CREATOR_BADGE"), token=secret)
    assert refused.status_code == 429
