"""Partners over GraphQL: API clients, purposes and scopes, per-client rates, disclosures."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from registry.authz import Principal
from registry.domain.enums import OrgKind
from registry.services import orgs
from schema.relay import global_id
from schema.settings import ApiSettings, RateSettings
from tests.schema.conftest import Api, open_api

CREATE_CLIENT = """
mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) {
    apiClient { id clientId organisationCode name purposes scopes ratePerSecond burst }
    secret
    userErrors { field message code }
  }
}"""
REVOKE_CLIENT = """
mutation($input: RevokeApiClientInput!) {
  revokeApiClient(input: $input) { apiClient { revokedAt } userErrors { code } }
}"""
VERIFY = """
query($qr: String!, $purpose: String) {
  verifyCredential(qr: $qr, purpose: $purpose) {
    valid kind claims { credentialId achievement { code level } }
  }
}"""
DISCLOSURES = """
query($first: Int!, $after: String, $client: ID) {
  disclosures(first: $first, after: $after, client: $client) {
    edges { cursor node { id clientId organisationCode actor credentialId purpose fields outcome } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def _qr_text(api: Api) -> str:
    mine = await api.data(
        "{ credentials(first: 1) { edges { node { qrText } } } }", as_role="CREATOR"
    )
    return str(mine["credentials"]["edges"][0]["node"]["qrText"])


async def _disclosures(api: Api, role: str, **variables: Any) -> list[dict[str, Any]]:
    data = await api.data(DISCLOSURES, {"first": 100, **variables}, as_role=role)
    return [edge["node"] for edge in data["disclosures"]["edges"]]


async def _new_client(api: Api, organisation: str = "bilibili", **extra: Any) -> dict[str, Any]:
    request = {
        "organisation": organisation,
        "name": "核验接口",
        "purposes": ["CREATOR_BADGE"],
        "scopes": ["verify:result", "verify:achievement"],
        **extra,
    }
    payload = (await api.data(CREATE_CLIENT, {"input": request}, as_role="SYSTEM_ADMIN"))[
        "createApiClient"
    ]
    assert payload["userErrors"] == [], payload["userErrors"]
    return dict(payload)


def _code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


async def test_an_api_client_token_may_be_given_an_expiry(api: Api) -> None:
    soon = (datetime.now(UTC) + timedelta(days=90)).isoformat()
    created = await _new_client(api, expiresAt=soon)
    assert await api.data("{ viewer { role } }", token=created["secret"]) == {
        "viewer": {"role": "PARTNER"}
    }
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    request = {
        "organisation": "bilibili",
        "name": "过期",
        "purposes": ["CREATOR_BADGE"],
        "scopes": ["verify:result"],
        "expiresAt": past,
    }
    refused = (await api.data(CREATE_CLIENT, {"input": request}, as_role="SYSTEM_ADMIN"))[
        "createApiClient"
    ]
    assert (refused["apiClient"], refused["secret"]) == (None, None)
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_INPUT", ["input", "expiresAt"])
    ]


async def test_create_api_client_returns_its_token_once_for_administrators(api: Api) -> None:
    created = await _new_client(api, ratePerSecond=2.5, burst=10)
    client = created["apiClient"]
    assert client["organisationCode"] == "bilibili"
    assert (client["ratePerSecond"], client["burst"]) == (2.5, 10)
    assert client["scopes"] == ["verify:result", "verify:achievement"]
    secret = created["secret"]
    assert secret.startswith("ccr_")
    viewer = await api.data("{ viewer { role } }", token=secret)
    assert viewer == {"viewer": {"role": "PARTNER"}}
    # Listed afterwards without any token; a partner sees its own organisation's clients.
    listed = await api.data("{ apiClients { id clientId purposes } }", as_role="AUDITOR")
    assert client["id"] in {c["id"] for c in listed["apiClients"]}
    assert secret not in json.dumps(listed)
    own = await api.data("{ apiClients { organisationCode } }", token=secret)
    assert {c["organisationCode"] for c in own["apiClients"]} == {"bilibili"}

    refused = (
        await api.data(
            CREATE_CLIENT,
            {
                "input": {
                    "organisation": "bilibili",
                    "name": "x",
                    "purposes": ["CREATOR_BADGE"],
                    "scopes": ["verify:result"],
                }
            },
            as_role="CAC_OFFICIAL",
        )
    )["createApiClient"]
    assert refused["apiClient"] is None
    assert refused["secret"] is None
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
    unknown = (
        await api.data(
            CREATE_CLIENT,
            {
                "input": {
                    "organisation": "bilibili",
                    "name": "x",
                    "purposes": ["CREATOR_BADGE"],
                    "scopes": ["everything"],
                }
            },
            as_role="SYSTEM_ADMIN",
        )
    )["createApiClient"]
    assert [(e["code"], e["field"]) for e in unknown["userErrors"]] == [
        ("INVALID_INPUT", ["input", "scopes"])
    ]

    revoked = (
        await api.data(
            REVOKE_CLIENT, {"input": {"apiClientId": client["id"]}}, as_role="SYSTEM_ADMIN"
        )
    )["revokeApiClient"]
    assert revoked["userErrors"] == []
    assert revoked["apiClient"]["revokedAt"]
    assert (await api.gql("{ viewer { role } }", token=secret)).status_code == 401


async def test_a_partner_names_a_declared_purpose(api: Api) -> None:
    text = await _qr_text(api)
    missing = (await api.gql(VERIFY, {"qr": text}, as_role="PARTNER")).json()
    assert missing["data"] is None
    assert _code(missing) == "PURPOSE_REQUIRED"
    undeclared = await api.gql(VERIFY, {"qr": text, "purpose": "MARKETING"}, as_role="PARTNER")
    assert undeclared.status_code == 200
    body = undeclared.json()
    assert _code(body) == "PURPOSE_NOT_DECLARED"
    assert body["errors"][0]["path"] == ["verifyCredential"]
    assert body["errors"][0]["extensions"]["declared"] == ["CONTENT_REWARD", "CREATOR_BADGE"]
    # Refused before anything was checked, so nothing was disclosed.
    assert await _disclosures(api, "AUDITOR") == []
    # The public and officials name no purpose.
    public = await api.data(VERIFY, {"qr": text})
    assert public["verifyCredential"]["valid"] is True


async def test_scopes_gate_the_fields_a_partner_gets(api: Api) -> None:
    text = await _qr_text(api)
    query = (
        "query($qr: String!) { verifyCredential(qr: $qr, purpose: CREATOR_BADGE_PURPOSE) "
        "{ valid claims { subjectName achievement { level } } } }"
    ).replace("CREATOR_BADGE_PURPOSE", '"CREATOR_BADGE"')
    refused = (await api.gql(query, {"qr": text}, as_role="PARTNER")).json()
    assert refused["data"] is None
    assert _code(refused) == "SCOPE_NOT_GRANTED"
    assert refused["errors"][0]["extensions"]["fields"] == ["claims.subjectName"]
    assert await _disclosures(api, "AUDITOR") == []
    # A client granted the holder scope may ask for the masked name.
    holder = await _new_client(api, scopes=["verify:result", "verify:holder"])
    answer = await api.data(
        query.replace(" achievement { level }", ""), {"qr": text}, token=holder["secret"]
    )
    assert answer["verifyCredential"]["claims"]["subjectName"].endswith("*")


async def test_each_answer_is_recorded_with_exactly_the_fields_returned(api: Api) -> None:
    text = await _qr_text(api)
    answer = await api.data(VERIFY, {"qr": text, "purpose": "CREATOR_BADGE"}, as_role="PARTNER")
    verdict = answer["verifyCredential"]
    # Aliases, fragments and @skip: the record names schema fields that were sent.
    fancy = """
    query($qr: String!, $no: Boolean!) {
      v: verifyCredential(qr: $qr, purpose: "CONTENT_REWARD") {
        ok: valid
        ...Parts
        kid @skip(if: $no)
        __typename
      }
    }
    fragment Parts on VerificationResult { code claims { ... on VerifiedClaims { validUntil } } }
    """
    await api.data(fancy, {"qr": text, "no": True}, as_role="PARTNER")
    await api.data(VERIFY, {"qr": "TR1:NOPE", "purpose": "CREATOR_BADGE"}, as_role="PARTNER")
    await api.data(VERIFY, {"qr": text})  # anonymous: not a disclosure to a partner

    records = await _disclosures(api, "AUDITOR")
    assert [(r["purpose"], r["outcome"], tuple(r["fields"])) for r in records] == [
        (
            "CREATOR_BADGE",
            "VALID",
            (
                "valid",
                "kind",
                "claims.credentialId",
                "claims.achievement.code",
                "claims.achievement.level",
            ),
        ),
        ("CONTENT_REWARD", "VALID", ("valid", "code", "claims.validUntil")),
        ("CREATOR_BADGE", "BASE45_INVALID", ("valid", "kind", "claims")),
    ]
    first = records[0]
    assert first["credentialId"] == verdict["claims"]["credentialId"]
    assert first["organisationCode"] == "bilibili"
    assert first["clientId"].startswith("cl_")
    assert records[2]["credentialId"] is None
    # Never the QR text.
    assert text not in json.dumps(records)
    assert text.removeprefix("TR1:")[:40] not in json.dumps(records)


async def test_auditors_see_every_disclosure_and_partners_their_own(api: Api) -> None:
    await orgs.create_organisation(
        api.state.registry,
        Principal.system("test"),
        orgs.CreateOrganisation("xhs", "小红书", OrgKind.PLATFORM, "310000"),
    )
    other = await _new_client(api, organisation="xhs")
    text = await _qr_text(api)
    variables = {"qr": text, "purpose": "CREATOR_BADGE"}
    await api.data(VERIFY, variables, as_role="PARTNER")
    await api.data(VERIFY, variables, token=other["secret"])

    everything = await _disclosures(api, "AUDITOR")
    assert [r["organisationCode"] for r in everything] == ["bilibili", "xhs"]
    assert [r["organisationCode"] for r in await _disclosures(api, "SYSTEM_ADMIN")] == [
        "bilibili",
        "xhs",
    ]
    own = await _disclosures(api, "PARTNER")
    assert [r["organisationCode"] for r in own] == ["bilibili"]
    assert [r["organisationCode"] for r in await _disclosures(api, "PARTNER", client=None)] == [
        "bilibili"
    ]
    theirs = other["apiClient"]["id"]
    assert await _disclosures(api, "PARTNER", client=theirs) == []
    by_client = await _disclosures(api, "AUDITOR", client=theirs)
    assert [r["clientId"] for r in by_client] == [other["apiClient"]["clientId"]]

    # Paging: keyset cursors, oldest first.
    first_page = await api.data(DISCLOSURES, {"first": 1}, as_role="AUDITOR")
    assert first_page["disclosures"]["pageInfo"]["hasNextPage"] is True
    after = first_page["disclosures"]["pageInfo"]["endCursor"]
    second = await api.data(DISCLOSURES, {"first": 1, "after": after}, as_role="AUDITOR")
    assert second["disclosures"]["edges"][0]["node"]["organisationCode"] == "xhs"

    for role in ("CREATOR", "CAC_OFFICIAL"):
        refused = (await api.gql(DISCLOSURES, {"first": 5}, as_role=role)).json()
        assert _code(refused) == "FORBIDDEN"
    assert global_id("ApiClient", "x") != theirs


async def test_each_client_has_its_own_rate_and_is_never_answered_with_a_5xx(
    settings_factory: Callable[..., ApiSettings], tokens: dict[str, str]
) -> None:
    # The deployment's default is tight; one client's record grants more, another less.
    settings = settings_factory(client_rate=RateSettings(rate=0.5, burst=3))
    async with open_api(settings, tokens) as api:
        slow = await _new_client(api, ratePerSecond=0.5, burst=1)
        fast = await _new_client(api, ratePerSecond=1000.0, burst=1000)
        query = '{ verifyCredential(qr: "TR1:NOPE", purpose: "CREATOR_BADGE") { valid } }'

        async def statuses(token: str, n: int) -> list[int]:
            return [(await api.gql(query, token=token)).status_code for _ in range(n)]

        assert await statuses(slow["secret"], 2) == [200, 429]
        refused = await api.gql(query, token=slow["secret"])
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "2"
        assert _code(refused.json()) == "THROTTLED"
        # The client without a rate of its own gets the default: a burst of 3.
        assert await statuses(tokens["PARTNER"], 4) == [200, 200, 200, 429]
        # The generous client is not held back by either bucket.
        assert await statuses(fast["secret"], 10) == [200] * 10


def test_the_api_says_what_each_of_the_registrys_scopes_opens_and_no_other() -> None:
    from registry.domain.partners import SCOPE_NAMES
    from schema.disclosures import SCOPES

    assert tuple(SCOPES) == SCOPE_NAMES
