"""Reads of one record by its key (``get_*``, what ``node(id)`` refetches), on both databases.

Each read must show a record to exactly those its list shows it to: for every principal of the
test world the read's answer is compared with the list's, and a refusal is one of the codes
the API answers like "no such record".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from registry.authz import Principal
from registry.domain.eligibility import RecordedDecision
from registry.domain.enums import DecisionState, OrgKind, Platform, Role, WorkType
from registry.domain.paging import PageRequest
from registry.domain.skills import SkillLevel
from registry.errors import DomainError, ErrorCode, NotFound
from registry.services import (
    audit_log,
    creators,
    eligibility,
    keys,
    orgs,
    partners,
    queries,
    reads,
)
from registry.services.context import ServiceContext
from registry.services.eligibility import DecideEligibility, RecordCreatorFacts
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import (
    mma_filing,
    new_creator,
    recognised,
    skill_certificate,
    verified_award,
)
from tests.registry.test_eligibility_services import SHANGHAI_FACTS

HIDDEN = {ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.OUT_OF_SCOPE}
PAGE = PageRequest(first=100)
# Everyone who may read a creator: the three kinds of office, wherever they are.
OFFICES = {"yp-talent", "hz-talent", "sh-cac", "hz-cac", "sh-hrss"}
ADMINS = {"operator", "system"}

Read = Callable[[ServiceContext, Principal, str], Awaitable[Any]]
Lister = Callable[[Principal], Awaitable[Sequence[Any]]]


def _key(item: Any) -> str:
    return str(item.id)


async def _read(ctx: ServiceContext, read: Read, principal: Principal, key: str) -> Any:
    try:
        return await read(ctx, principal, key)
    except DomainError as exc:
        if exc.code not in HIDDEN:
            raise
        return None


async def _listed(lister: Lister, principal: Principal) -> list[Any]:
    try:
        return list(await lister(principal))
    except DomainError as exc:
        if exc.code not in HIDDEN:
            raise
        return []


async def seen_as_listed(
    ctx: ServiceContext,
    principals: dict[str, Principal],
    read: Read,
    lister: Lister,
    key: str,
    key_of: Callable[[Any], str] = _key,
) -> set[str]:
    """Who the read shows ``key`` to, checking it answers each principal as the list does."""
    seen = set()
    for name, principal in principals.items():
        listed = [item for item in await _listed(lister, principal) if key_of(item) == key]
        found = await _read(ctx, read, principal, key)
        assert [found] == (listed or [None]), name
        if found is not None:
            seen.add(name)
    return seen


async def holder_of(ctx: ServiceContext, world: World, creator_id: str, username: str) -> Principal:
    """A creator account signed in for the profile ``creator_id``."""
    account = await orgs.create_account(
        ctx,
        world.admin,
        orgs.CreateAccount("creators", username, Role.CREATOR, creator_id=creator_id),
    )
    token = await orgs.create_token(ctx, world.admin, account_id=account.id)
    return await orgs.authenticate(ctx, token.secret)


@dataclass
class Scene:
    creator: str
    certificate: str
    award: str
    first: RecordedDecision  # superseded by ``second``
    second: RecordedDecision
    principals: dict[str, Principal]


async def _scene(ctx: ServiceContext, world: World) -> Scene:
    """A Shanghai creator with a work, an account, a recognition, a certificate of sh-mma, an
    award and two decisions (the second supersedes the first); its holder and another's."""
    creator = (await new_creator(ctx, world)).id
    hrss = world["sh-hrss"]
    await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(creator, {**SHANGHAI_FACTS, "employer_on_key_list": True})
    )
    filing = await mma_filing(ctx, world)
    certificate = await skill_certificate(
        ctx, world, creator, filing, level=SkillLevel.L2, scores=80
    )
    first = await eligibility.decide_eligibility(
        ctx, hrss, DecideEligibility(creator, "SH_SKILL_HUKOU", None, True, "技师", TODAY)
    )
    award = await verified_award(ctx, world, creator)
    second = await eligibility.decide_eligibility(
        ctx,
        hrss,
        DecideEligibility(creator, "SH_CREATOR_HUKOU", None, True, "银鸽奖", TODAY, None, True),
    )
    await recognised(ctx, world, creator)
    await creators.add_work(
        ctx, world["yp-talent"], creators.AddWork(creator, "杨浦滨江", WorkType.IMAGE)
    )
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(creator, Platform.BILIBILI, "yp", 1000, TODAY),
    )
    other = (await new_creator(ctx, world, name="李四")).id
    principals = {
        **world.principals,
        "system": world.admin,
        "holder": await holder_of(ctx, world, creator, "holder"),
        "other-holder": await holder_of(ctx, world, other, "other-holder"),
    }
    return Scene(creator, certificate, award, first, second, principals)


def test_a_numeric_key_has_one_spelling() -> None:
    assert reads.numeric_key("42", what="thing", field="id") == 42
    assert reads.numeric_key(str(2**63 - 1), what="thing", field="id") == 2**63 - 1
    for key in ("", "042", "+1", "-1", " 1", "1.0", "1e3", "٤٢", str(2**63), "9" * 40):
        with pytest.raises(NotFound) as caught:
            reads.numeric_key(key, what="thing", field="id")
        assert caught.value.field == "id", key


async def test_a_creators_records_are_read_as_their_lists_show_them(
    ctx: ServiceContext, world: World
) -> None:
    scene = await _scene(ctx, world)
    people, creator = scene.principals, scene.creator
    # sh-mma certified the creator: it reads that certificate, and none of the creator's other
    # records; migu did not certify the creator at all.
    readers = OFFICES | {"holder"}

    async def works(p: Principal) -> Sequence[Any]:
        return await queries.list_works(ctx, p, creator)

    async def accounts(p: Principal) -> Sequence[Any]:
        return await queries.list_platform_accounts(ctx, p, creator)

    async def recognitions(p: Principal) -> Sequence[Any]:
        return (await queries.list_recognitions(ctx, p, PAGE, creator_id=creator)).items

    async def awards(p: Principal) -> Sequence[Any]:
        return (await queries.list_awards(ctx, p, PAGE)).items

    async def certificates_of(p: Principal) -> Sequence[Any]:
        return (await queries.list_certificates(ctx, p, PAGE)).items

    office = world["yp-talent"]
    cases: list[tuple[Read, Lister, str]] = [
        (queries.get_work, works, (await works(office))[0].id),
        (queries.get_platform_account, accounts, str((await accounts(office))[0].id)),
        (queries.get_recognition, recognitions, (await recognitions(office))[0].id),
        (queries.get_award, awards, scene.award),
        (queries.get_certificate, certificates_of, scene.certificate),
    ]
    for read, lister, key in cases:
        seen = await seen_as_listed(ctx, people, read, lister, key)
        expected = readers | ({"sh-mma"} if read is queries.get_certificate else set())
        assert seen == expected, read.__name__
        with pytest.raises(NotFound):
            await read(ctx, office, "9999" if read is queries.get_platform_account else "x_none")


async def test_an_institution_reads_the_creator_it_registered_not_their_records(
    ctx: ServiceContext, world: World
) -> None:
    creator = (await new_creator(ctx, world, by="migu")).id
    work = await creators.add_work(
        ctx, world["sh-cac"], creators.AddWork(creator, "咪咕", WorkType.IMAGE)
    )
    assert (await creators.get_creator(ctx, world["migu"], creator)).id == creator
    for institution in ("migu", "sh-mma"):
        with pytest.raises(NotFound):
            await queries.get_work(ctx, world[institution], work.id)
    assert await queries.get_work(ctx, world["sh-cac"], work.id) == work


async def test_a_decision_is_read_as_listed_and_names_its_successor(
    ctx: ServiceContext, world: World
) -> None:
    scene = await _scene(ctx, world)
    first, second = scene.first.decision, scene.second.decision

    async def decisions(p: Principal) -> Sequence[Any]:
        return await eligibility.list_decisions(ctx, p, scene.creator)

    seen = await seen_as_listed(ctx, scene.principals, reads.get_decision, decisions, first.id)
    # A municipal programme: the municipal bureau, not the district offices; and the creator.
    assert seen == ADMINS | {"sh-hrss", "holder"}
    found = await reads.get_decision(ctx, world["sh-hrss"], first.id)
    assert (found.state, found.superseded_by) == (DecisionState.SUPERSEDED, second.id)
    assert found.credential_id is None
    latest = await reads.get_decision(ctx, world["sh-hrss"], second.id)
    assert latest.superseded_by is None
    assert scene.second.credential is not None
    assert latest.credential_id == scene.second.credential.credential.id
    with pytest.raises(NotFound):
        await reads.get_decision(ctx, world["sh-hrss"], "ed_none")


async def test_partners_read_their_own_clients_and_disclosures(
    ctx: ServiceContext, world: World
) -> None:
    issued = await partners.create_api_client(
        ctx,
        world.admin,
        partners.CreateApiClient("sh-bank", "人才贷核验", ("TALENT_LOAN",), ("verify:result",)),
    )
    await orgs.create_organisation(
        ctx, world.admin, orgs.CreateOrganisation("dy", "抖音", OrgKind.PLATFORM, "000000")
    )
    other = await partners.create_api_client(
        ctx,
        world.admin,
        partners.CreateApiClient("dy", "认证", ("CREATOR_BADGE",), ("verify:result",)),
    )
    client = await orgs.authenticate(ctx, issued.secret)
    event = await partners.record_disclosure(
        ctx, client, partners.Disclosure("TALENT_LOAN", ("valid",))
    )
    people = {
        **world.principals,
        "system": world.admin,
        "client": client,
        "other-client": await orgs.authenticate(ctx, other.secret),
    }

    async def clients(p: Principal) -> Sequence[Any]:
        return await partners.list_api_clients(ctx, p)

    async def disclosures(p: Principal) -> Sequence[Any]:
        return (await partners.list_disclosures(ctx, p, PAGE)).items

    # The sh-bank account is a PARTNER of the client's organisation too.
    own = ADMINS | {"sh-audit", "sh-bank", "client"}
    assert (
        await seen_as_listed(ctx, people, partners.get_api_client, clients, issued.client.id) == own
    )
    assert (
        await seen_as_listed(ctx, people, partners.get_disclosure, disclosures, str(event.id))
        == own
    )
    assert await seen_as_listed(
        ctx, people, partners.get_api_client, clients, other.client.id
    ) == ADMINS | {"sh-audit", "other-client"}


async def test_audit_events_and_signing_keys_go_to_the_roles_that_list_them(
    ctx: ServiceContext, world: World
) -> None:
    people = {**world.principals, "system": world.admin}

    async def events(p: Principal) -> Sequence[Any]:
        return (await audit_log.list_audit_events(ctx, p, PageRequest(first=1))).items

    [event] = await events(world["sh-audit"])
    seen = await seen_as_listed(
        ctx, people, audit_log.get_audit_event, events, str(event.seq), lambda e: str(e.seq)
    )
    assert seen == {"sh-audit"}
    with pytest.raises(NotFound):
        await audit_log.get_audit_event(ctx, world["sh-audit"], str(2**62))

    async def signing_keys(p: Principal) -> Sequence[Any]:
        return await keys.list_signing_keys(ctx, p)

    [key] = await signing_keys(world.admin)
    seen = await seen_as_listed(
        ctx, people, keys.get_signing_key, signing_keys, key.kid, lambda k: str(k.kid)
    )
    assert seen == ADMINS
    with pytest.raises(NotFound):
        await keys.get_signing_key(ctx, world.admin, "no-such-kid")


async def test_an_account_is_read_by_its_holder_and_administrators(
    ctx: ServiceContext, world: World
) -> None:
    creator = (await new_creator(ctx, world)).id
    holder = await holder_of(ctx, world, creator, "holder")
    mine = await orgs.current_account(ctx, holder)
    assert await orgs.get_account(ctx, holder, mine.id) == mine
    assert await orgs.get_account(ctx, world.admin, mine.id) == mine
    assert await orgs.get_account(ctx, world["operator"], mine.id) == mine
    for name in ("yp-talent", "sh-audit", "sh-bank", "creators"):
        with pytest.raises(DomainError) as caught:
            await orgs.get_account(ctx, world[name], mine.id)
        assert caught.value.code is ErrorCode.OUT_OF_SCOPE, name
    with pytest.raises(DomainError) as anonymous:
        await orgs.get_account(ctx, Principal.anonymous(), mine.id)
    assert anonymous.value.code is ErrorCode.OUT_OF_SCOPE
    with pytest.raises(NotFound):
        await orgs.get_account(ctx, world.admin, "ac_none")
