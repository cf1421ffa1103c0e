"""POST /graphql at the HTTP level: tokens, rate limits, GET refusal, production switches."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schema.settings import ApiSettings, RateSettings
from tests.schema.conftest import Api, open_api

VERIFY = '{ verifyCredential(qr: "TR1:NOPE") { valid code } }'


async def test_unknown_token_is_401_before_any_parsing(api: Api) -> None:
    response = await api.gql("{ viewer { role } }", token="ccr_not-a-token")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    other_scheme = await api.client.post(
        "/graphql", json={"query": "{ viewer { role } }"}, headers={"Authorization": "Basic x"}
    )
    assert other_scheme.status_code == 401


async def test_anonymous_caller_is_public(api: Api) -> None:
    data = await api.data("{ viewer { role authenticated account { id } } }")
    assert data == {"viewer": {"role": "PUBLIC", "authenticated": False, "account": None}}


async def test_queries_over_get_are_refused(api: Api) -> None:
    response = await api.client.get(
        "/graphql", params={"query": "{ viewer { role } }"}, headers={"Accept": "application/json"}
    )
    assert response.status_code in {400, 405}


async def test_partner_over_its_rate_gets_429_with_retry_after(
    settings_factory: Callable[..., ApiSettings], tokens: dict[str, str]
) -> None:
    settings = settings_factory(client_rate=RateSettings(rate=1.0, burst=3))
    async with open_api(settings, tokens) as api:
        statuses = [(await api.gql(VERIFY, as_role="PARTNER")).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200]
        refused = await api.gql(VERIFY, as_role="PARTNER")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
        # Other callers are not affected by one client's bucket.
        assert (await api.gql(VERIFY, as_role="CAC_OFFICIAL")).status_code == 200


async def test_anonymous_verification_is_rate_limited_per_address(
    settings_factory: Callable[..., ApiSettings], tokens: dict[str, str]
) -> None:
    settings = settings_factory(verify_rate=RateSettings(rate=0.5, burst=2))
    async with open_api(settings, tokens) as api:
        assert [(await api.gql(VERIFY)).status_code for _ in range(2)] == [200, 200]
        refused = await api.gql(VERIFY)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "2"
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "THROTTLED"
        # Charged before execution: the whole request is refused, no field ran.
        assert "path" not in error
        assert refused.json()["data"] is None


async def test_public_lookups_count_against_the_same_limit_one_each(
    settings_factory: Callable[..., ApiSettings], tokens: dict[str, str]
) -> None:
    lookup = (
        '{ lookupCertificate(number: "S000000000000000000000", holderName: "张三") { status } }'
    )
    two = (
        '{ a: lookupCertificate(number: "S1", holderName: "x") { status } '
        'b: lookupCertificate(number: "S2", holderName: "y") { status } }'
    )
    settings = settings_factory(verify_rate=RateSettings(rate=0.5, burst=3))
    async with open_api(settings, tokens) as api:
        first = await api.gql(lookup)
        assert first.json()["data"] == {"lookupCertificate": {"status": "NOT_FOUND"}}
        assert (await api.gql(two)).status_code == 200  # two lookups: the bucket is full
        refused = await api.gql(VERIFY)  # a verification now waits too: one bucket
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "THROTTLED"


async def test_development_mode_serves_graphiql_and_introspection(api: Api) -> None:
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert "unpkg.com" in page.headers["content-security-policy"]
    data = await api.data("{ __schema { queryType { name } } }")
    assert data["__schema"]["queryType"]["name"] == "Query"
    typo = (await api.gql("{ viewr { role } }")).json()
    assert "Did you mean 'viewer'?" in typo["errors"][0]["message"]


async def test_production_mode_turns_off_graphiql_introspection_and_suggestions(
    production_api: Api,
) -> None:
    api = production_api
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404
    introspection = (await api.gql("{ __schema { queryType { name } } }")).json()
    assert "introspection" in introspection["errors"][0]["message"].lower()
    typo = (await api.gql("{ viewr { role } }")).json()
    assert typo["errors"][0]["message"] == "Cannot query field 'viewr' on type 'Query'."
    bad_enum = (
        await api.gql(
            "query($k: CredentialKind) { credentials(first: 1, kind: $k) { edges { cursor } } }",
            {"k": "AWRD"},
            as_role="CAC_OFFICIAL",
        )
    ).json()
    assert "Did you mean" not in bad_enum["errors"][0]["message"]
    assert (await api.client.get("/healthz")).json()["mode"] == "production"


async def test_documents_are_parsed_and_validated_once(api: Api) -> None:
    # Through the executor (a second root field keeps this off the verifyCredential fast
    # path): the policy's caches hit on every request after the first.
    api.state.policy.clear()
    for _ in range(10):
        assert (await api.gql("{ __typename " + VERIFY[1:])).status_code == 200
    stats = api.state.policy.stats()
    assert (stats.parse_misses, stats.validate_misses) == (1, 1)
    # (The fast path's one look at the document, to find it is not its kind, is a hit too.)
    assert stats.validate_hits >= 9
    assert stats.parse_hits >= 9
    # The fast path parses and validates once, when it compiles its plan.
    api.state.policy.clear()
    for _ in range(10):
        assert (await api.gql(VERIFY)).status_code == 200
    stats = api.state.policy.stats()
    assert (stats.parse_misses, stats.validate_misses) == (1, 1)


async def test_cost_is_reported_in_extensions_and_limited_for_partners(api: Api) -> None:
    query = (
        "{ creators(first: 100) { edges { node { "
        "credentials(first: 100) { edges { node { id } } } works { id } } } } }"
    )
    official = (await api.gql(query, as_role="CAC_OFFICIAL")).json()
    # creators 1 + credentials 100 + works 100; edges and nodes are free.
    assert official["extensions"]["cost"] == {"requested": 201, "limit": 10_000}
    assert "errors" not in official
    nested = (
        "{ creators(first: 100) { edges { node { "
        "credentials(first: 20) { edges { node { operations { code } } } } } } } }"
    )
    partner = (await api.gql(nested, as_role="PARTNER")).json()
    assert partner["data"] is None
    assert partner["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
    assert partner["extensions"]["cost"] == {"requested": 2101, "limit": 1_000}


async def test_bad_variables_are_the_callers_error_not_the_servers(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    query = "query($qr: String!) { verifyCredential(qr: $qr) { valid } }"
    with caplog.at_level("INFO", logger="schema.graphql"):
        for variables in ({"qr": None}, {"qr": 42}, {}):
            body = (await api.gql(query, variables)).json()
            assert body["data"] is None
            assert body["errors"][0]["message"].startswith("Variable '$qr'")
    assert caplog.records
    assert all(record.levelname == "INFO" for record in caplog.records)
    assert not any("42" in record.getMessage() for record in caplog.records)
