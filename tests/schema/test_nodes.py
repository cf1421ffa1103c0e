"""``node(id)`` and ``nodes(ids)`` for every type that implements Node, over the demo registry.

Each object is found the way a client finds it (its list, as a caller who may see it), and its
``id`` as the API returned it is refetched: the same object for a caller who may see it, null
for one who may not, exactly as for an id that names nothing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from graphql import GraphQLInterfaceType, build_schema

from registry.authz import Principal
from registry.domain.enums import OrgKind
from registry.services import orgs, reads
from schema.queries.nodes import FETCHERS
from schema.relay import decode_global_id, global_id
from schema.sdl import SDL_PATH
from schema.types.eligibility import EligibilityDecision
from tests.schema.conftest import Api
from tests.schema.test_eligibility import DECIDE, _eligible_yangpu_creator
from tests.schema.test_partners import VERIFY, _new_client, _qr_text

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
CREATORS = """
{
  creators(first: 40) {
    nodes {
      id
      platformAccounts { id }
      works { id }
      awards { id }
      recognitions { id }
      skillCertificates { id organisationCode }
      credentials(first: 5) { nodes { id } }
    }
  }
}"""
OWN_CREATOR = "{ viewer { account { creatorId } } }"
ANONYMOUS = None


async def node(api: Api, value: str, role: str | None) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (await api.data(NODE, {"id": value}, as_role=role))["node"]
    return found


async def creators(api: Api) -> list[dict[str, Any]]:
    """Every creator with its records, as an official (who sees them all) lists them."""
    data = await api.data(CREATORS, as_role="CAC_OFFICIAL")
    return list(data["creators"]["nodes"])


async def own_creator(api: Api) -> str:
    return str((await api.data(OWN_CREATOR, as_role="CREATOR"))["viewer"]["account"]["creatorId"])


async def foreign_creators(api: Api) -> list[dict[str, Any]]:
    """The creators that are not the demo creator's own profile."""
    mine = await own_creator(api)
    return [c for c in await creators(api) if c["id"] != mine]


def first_of(rows: list[dict[str, Any]], field: str) -> str:
    """The id of the first record under ``field`` in any of ``rows``."""
    for row in rows:
        values = row[field]["nodes"] if isinstance(row[field], dict) else row[field]
        if values:
            return str(values[0]["id"])
    raise AssertionError(f"the demo has no {field}")


async def a_decision(api: Api) -> str:
    """A Yangpu decision recorded by the talent office (the demo seeds none)."""
    creator, _ = await _eligible_yangpu_creator(api)
    decided = await api.data(
        DECIDE,
        {
            "input": {
                "creatorId": creator,
                "programmeCode": "YP_YOUXIANG",
                "approve": True,
                "reason": "区人才工作领导小组审议通过",
                "decidedOn": date.today().isoformat(),
            }
        },
        as_role="TALENT_OFFICIAL",
    )
    return str(decided["decideEligibility"]["decision"]["id"])


async def a_disclosure(api: Api) -> str:
    """The disclosure logged when the demo partner verifies the demo creator's credential."""
    await api.data(
        VERIFY, {"qr": await _qr_text(api), "purpose": "CREATOR_BADGE"}, as_role="PARTNER"
    )
    data = await api.data("{ disclosures(first: 1) { nodes { id } } }", as_role="AUDITOR")
    return str(data["disclosures"]["nodes"][0]["id"])


async def listed(api: Api, query: str, role: str, *path: str) -> str:
    """The id of the first object ``query`` lists for ``role`` at ``path``."""
    data: Any = await api.data(query, as_role=role)
    for step in path:
        data = data[step]
    return str((data[0] if isinstance(data, list) else data)["id"])


async def find(api: Api, type_name: str) -> str:
    """One object of ``type_name``, its id as the API returned it."""
    others = foreign_creators  # records of a creator the demo CREATOR is not
    match type_name:
        case "Account":
            return await listed(
                api, "{ viewer { account { id } } }", "CREATOR", "viewer", "account"
            )
        case "ApiClient":
            return await listed(api, "{ apiClients { id } }", "SYSTEM_ADMIN", "apiClients")
        case "AuditEvent":
            query = "{ auditEvents(first: 1) { nodes { id } } }"
            return await listed(api, query, "AUDITOR", "auditEvents", "nodes")
        case "AwardGrant":
            return first_of(await others(api), "awards")
        case "Creator":
            return str((await others(api))[0]["id"])
        case "Credential":
            return first_of(await others(api), "credentials")
        case "Disclosure":
            return await a_disclosure(api)
        case "EligibilityDecision":
            return await a_decision(api)
        case "Filing":
            return await listed(api, "{ filings { id } }", "EVALUATOR@sh-mma", "filings")
        case "Organisation":
            return await listed(api, "{ organisations { id } }", "CAC_OFFICIAL", "organisations")
        case "PlatformAccount":
            return first_of(await others(api), "platformAccounts")
        case "Recognition":
            return first_of(await others(api), "recognitions")
        case "SigningKey":
            return await listed(api, "{ signingKeys { id } }", "SYSTEM_ADMIN", "signingKeys")
        case "SkillCertificate":
            certified = [
                c
                for c in await others(api)
                if any(s["organisationCode"] == "sh-mma" for s in c["skillCertificates"])
            ]
            return first_of(certified, "skillCertificates")
        case "Work":
            return first_of(await others(api), "works")
    raise AssertionError(f"no finder for {type_name}")


@dataclass(frozen=True)
class Case:
    type_name: str
    viewers: tuple[str, ...]  # roles that list it, so refetch it
    outsiders: tuple[str | None, ...]  # roles that do not (None: anonymous)


CASES = (
    Case("Account", ("CREATOR", "SYSTEM_ADMIN"), ("CAC_OFFICIAL", "AUDITOR", ANONYMOUS)),
    Case(
        "ApiClient",
        ("SYSTEM_ADMIN", "AUDITOR", "PARTNER"),
        ("CREATOR", "CAC_OFFICIAL", ANONYMOUS),
    ),
    Case("AuditEvent", ("AUDITOR",), ("SYSTEM_ADMIN", "CAC_OFFICIAL", "CREATOR", ANONYMOUS)),
    Case(
        "AwardGrant",
        ("CAC_OFFICIAL", "TALENT_OFFICIAL"),
        ("CREATOR", "PARTNER", "AUDITOR", ANONYMOUS),
    ),
    Case("Creator", ("CAC_OFFICIAL", "HRSS_OFFICIAL"), ("CREATOR", "AUDITOR", ANONYMOUS)),
    Case("Credential", ("CAC_OFFICIAL", "TALENT_OFFICIAL"), ("CREATOR", "PARTNER", ANONYMOUS)),
    Case(
        "Disclosure",
        ("AUDITOR", "SYSTEM_ADMIN", "PARTNER"),
        ("CREATOR", "CAC_OFFICIAL", ANONYMOUS),
    ),
    Case(
        "EligibilityDecision",
        ("TALENT_OFFICIAL", "SYSTEM_ADMIN"),
        ("HRSS_OFFICIAL@hz-hrss", "CAC_OFFICIAL", "PARTNER", ANONYMOUS),
    ),
    Case(
        "Filing",
        ("EVALUATOR@sh-mma", "HRSS_OFFICIAL", "SYSTEM_ADMIN"),
        ("EVALUATOR@migu", "CREATOR", ANONYMOUS),
    ),
    Case("Organisation", ("CAC_OFFICIAL", "CREATOR", "PARTNER"), (ANONYMOUS,)),
    Case("PlatformAccount", ("CAC_OFFICIAL", "TALENT_OFFICIAL"), ("CREATOR", "PARTNER", ANONYMOUS)),
    Case(
        "Recognition",
        ("TALENT_OFFICIAL", "CAC_OFFICIAL"),
        ("CREATOR", "EVALUATOR@sh-mma", ANONYMOUS),
    ),
    Case("SigningKey", ("SYSTEM_ADMIN",), ("CAC_OFFICIAL", "AUDITOR", "CREATOR", ANONYMOUS)),
    Case(
        "SkillCertificate",
        ("EVALUATOR@sh-mma", "HRSS_OFFICIAL"),
        ("EVALUATOR@migu", "CREATOR", ANONYMOUS),
    ),
    Case("Work", ("CAC_OFFICIAL", "TALENT_OFFICIAL"), ("CREATOR", "AUDITOR", ANONYMOUS)),
)


def test_every_node_type_of_the_schema_has_a_case_and_a_fetcher() -> None:
    schema = build_schema(SDL_PATH.read_text(encoding="utf-8"))
    interface = schema.get_type("Node")
    assert isinstance(interface, GraphQLInterfaceType)
    implementing = {t.name for t in schema.get_implementations(interface).objects}
    assert implementing == {case.type_name for case in CASES}
    assert implementing == set(FETCHERS)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.type_name)
async def test_node_refetches_for_those_who_may_see_and_hides_from_others(
    api: Api, case: Case
) -> None:
    value = await find(api, case.type_name)
    assert decode_global_id(value)[0] == case.type_name
    for role in case.viewers:
        assert await node(api, value, role) == {"__typename": case.type_name, "id": value}, role
    for outsider in case.outsiders:
        assert await node(api, value, outsider) is None, outsider
    # An id of the same type that names nothing looks the same to everyone.
    missing = global_id(case.type_name, "9" * 12)
    assert await node(api, missing, case.viewers[0]) is None


async def test_a_creator_refetches_its_own_records(api: Api) -> None:
    mine = await own_creator(api)
    [profile] = [c for c in await creators(api) if c["id"] == mine]
    ids = [mine]
    for field in ("platformAccounts", "works", "awards", "recognitions", "skillCertificates"):
        ids.extend(row["id"] for row in profile[field])
    ids.extend(row["id"] for row in profile["credentials"]["nodes"])
    assert len(ids) > 4
    found = (await api.data(NODES, {"ids": ids}, as_role="CREATOR"))["nodes"]
    assert [row["id"] for row in found] == ids


async def test_an_institution_sees_its_certificates_and_none_of_a_holders_other_records(
    api: Api,
) -> None:
    everyone = await foreign_creators(api)
    certified = [
        c
        for c in everyone
        if any(s["organisationCode"] == "sh-mma" for s in c["skillCertificates"])
    ]
    strangers = [c for c in everyone if not c["skillCertificates"]]
    # Accounts and works are no business of the institution that certified their creator.
    for field in ("works", "platformAccounts"):
        assert await node(api, first_of(certified, field), "EVALUATOR@sh-mma") is None
        assert await node(api, first_of(strangers, field), "EVALUATOR@sh-mma") is None
        assert await node(api, first_of(certified, field), "TALENT_OFFICIAL") is not None
    mine = next(
        s["id"]
        for c in certified
        for s in c["skillCertificates"]
        if s["organisationCode"] == "sh-mma"
    )
    assert await node(api, mine, "EVALUATOR@sh-mma") is not None
    assert await node(api, mine, "EVALUATOR@migu") is None


async def test_a_partner_sees_its_own_clients_and_disclosures_only(api: Api) -> None:
    await orgs.create_organisation(
        api.state.registry,
        Principal.system("test"),
        orgs.CreateOrganisation("xhs", "小红书", OrgKind.PLATFORM, "310000"),
    )
    other = await _new_client(api, organisation="xhs")
    theirs = other["apiClient"]["id"]
    await api.data(
        VERIFY, {"qr": await _qr_text(api), "purpose": "CREATOR_BADGE"}, token=other["secret"]
    )
    [disclosure] = (
        await api.data("{ disclosures(first: 1) { nodes { id } } }", token=other["secret"])
    )["disclosures"]["nodes"]

    for value, type_name in ((theirs, "ApiClient"), (disclosure["id"], "Disclosure")):
        assert await node(api, value, "PARTNER") is None
        assert await node(api, value, "AUDITOR") == {"__typename": type_name, "id": value}
        found = (await api.data(NODE, {"id": value}, token=other["secret"]))["node"]
        assert found == {"__typename": type_name, "id": value}


async def test_nodes_keeps_order_and_nulls_what_is_not_yours(api: Api) -> None:
    others = await foreign_creators(api)
    mine = await own_creator(api)
    foreign_work = first_of(others, "works")
    ids = [
        foreign_work,
        mine,
        "not base64 at all!",
        global_id("Spaceship", "1"),
        global_id("Work", "wk_nosuchwork"),
        others[0]["id"],
    ]
    as_official = (await api.data(NODES, {"ids": ids}, as_role="CAC_OFFICIAL"))["nodes"]
    assert [row and row["id"] for row in as_official] == [
        foreign_work,
        mine,
        None,
        None,
        None,
        others[0]["id"],
    ]
    as_creator = (await api.data(NODES, {"ids": ids}, as_role="CREATOR"))["nodes"]
    assert as_creator == [None, {"__typename": "Creator", "id": mine}, None, None, None, None]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "%%%",
        base64.urlsafe_b64encode(b"no separator").decode(),
        base64.urlsafe_b64encode(b":key-without-type").decode(),
        base64.urlsafe_b64encode(b"Work:").decode(),
        global_id("Unknown", "x"),
        global_id("EligibilityEvaluation", "x"),
        "A" * 600,
    ],
)
async def test_malformed_ids_and_unknown_types_are_null(api: Api, value: str) -> None:
    assert await node(api, value, "SYSTEM_ADMIN") is None


@pytest.mark.parametrize(
    ("type_name", "role"),
    [("PlatformAccount", "CAC_OFFICIAL"), ("AuditEvent", "AUDITOR")],
)
async def test_a_numeric_key_has_one_spelling(api: Api, type_name: str, role: str) -> None:
    """Row 1 exists; other spellings of it, and numbers past BIGINT, name nothing."""
    assert await node(api, global_id(type_name, "1"), role) is not None
    for key in ("01", "+1", "-1", " 1", "1.0", "1e0", "١", "9" * 19, "9" * 30):
        assert await node(api, global_id(type_name, key), role) is None, key


async def test_decision_ids_are_global_and_accepted_as_input(api: Api) -> None:
    decision = await a_decision(api)
    type_name, key = decode_global_id(decision)
    assert (type_name, key[:3]) == ("EligibilityDecision", "ed_")

    shown = await api.data(
        """query($id: ID!) {
          node(id: $id) { ... on EligibilityDecision { id outcome subsidyPeriods { id } } }
        }""",
        {"id": decision},
        as_role="TALENT_OFFICIAL",
    )
    assert shown["node"] == {"id": decision, "outcome": "APPROVED", "subsidyPeriods": []}

    approve = """
      mutation($input: ApproveSubsidyPeriodInput!) {
        approveSubsidyPeriod(input: $input) { subsidyPeriod { id } userErrors { field code } }
      }"""
    for wrong in (key, global_id("Creator", key)):
        answer = await api.data(
            approve,
            {"input": {"decisionId": wrong, "periodStart": date.today().isoformat()}},
            as_role="TALENT_OFFICIAL",
        )
        assert answer["approveSubsidyPeriod"] == {
            "subsidyPeriod": None,
            "userErrors": [{"field": ["input", "decisionId"], "code": "INVALID_INPUT"}],
        }


async def test_superseded_by_is_a_global_id(api: Api) -> None:
    decision = await a_decision(api)
    key = decode_global_id(decision)[1]
    official = await orgs.authenticate(api.state.registry, api.tokens["TALENT_OFFICIAL"])
    found = await reads.get_decision(api.state.registry, official, key)
    shown = EligibilityDecision.from_domain(replace(found, superseded_by="ed_later"))
    assert (shown.id, shown.key) == (decision, key)
    assert shown.superseded_by == global_id("EligibilityDecision", "ed_later")
