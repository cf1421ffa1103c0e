"""Every service × every role: allowed pairs succeed, every other pair is refused with a
domain error code and writes nothing.

The expected matrix is written out here from DOMAIN §6, independently of ``registry.authz``,
so a change to the policy table that contradicts the domain fails this test.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from registry.authz import Principal
from registry.db import models as m
from registry.domain.enums import (
    AwardGrade,
    CredentialKind,
    IdDocumentType,
    Platform,
    Role,
    WorkType,
)
from registry.domain.paging import PageRequest
from registry.domain.skills import Filing, SkillLevel
from registry.errors import DomainError, ErrorCode, NotAuthenticated, NotAuthorized
from registry.services import (
    audit_log,
    awards,
    certificates,
    creators,
    credential_status,
    eligibility,
    eligibility_provisional,
    filings,
    issuance,
    keys,
    loaders,
    name_display,
    orgs,
    partners,
    programmes,
    queries,
    recognitions,
    subsidies,
)
from registry.services.context import ServiceContext
from tests.registry.conftest import DOMESTIC, ID_DOC, TODAY, World, resident_id
from tests.registry.helpers import (
    certificate_number,
    holder_of,
    mma_filing,
    new_creator,
    recognised,
    skill_certificate,
    verified_award,
)

R = Role
OFFICIALS = {R.TALENT_OFFICIAL, R.CAC_OFFICIAL, R.HRSS_OFFICIAL}
READERS = OFFICIALS | {R.EVALUATOR, R.CREATOR}
ALL_SIGNED_IN = set(Role) - {R.PUBLIC}
HOME = {
    R.SYSTEM_ADMIN: "operator",
    R.TALENT_OFFICIAL: "yp-talent",
    R.CAC_OFFICIAL: "sh-cac",
    R.HRSS_OFFICIAL: "sh-hrss",
    R.EVALUATOR: "sh-mma",
    R.CREATOR: "creators",
    R.PARTNER: "sh-bank",
    R.AUDITOR: "sh-audit",
}
_counter = itertools.count(1)


@dataclass
class Setup:
    """The records every case acts on, and the principals of each role."""

    world: World
    who: dict[Role, Principal]
    creator: str
    creator_number: str
    filing: Filing
    recognition: str
    grants: dict[str, str]
    credential: str
    skill_credential: str
    certificate: str


Mark = Callable[[], Awaitable[None]]
Call = Callable[[ServiceContext, Setup, Principal, Mark], Awaitable[Any]]


def page() -> PageRequest:
    return PageRequest(first=10)


async def fresh_creator(ctx: ServiceContext, s: Setup) -> str:
    return (await new_creator(ctx, s.world, name=f"赵{next(_counter)}")).id


async def grant_in(ctx: ServiceContext, s: Setup, state: str) -> str:
    grant = await awards.record_award(
        ctx,
        s.who[R.CAC_OFFICIAL],
        awards.RecordAward(
            "SH_JOURNALISM", 2000 + next(_counter) % 25, AwardGrade.SECOND, creator_id=s.creator
        ),
    )
    if state != "CLAIMED":
        await awards.start_award_verification(ctx, s.who[R.CAC_OFFICIAL], grant.id)
    if state == "VERIFIED":
        await awards.verify_award(ctx, s.who[R.CAC_OFFICIAL], grant.id)
    return grant.id


async def recognition_credential(ctx: ServiceContext, s: Setup) -> str:
    source = await recognised(ctx, s.world, await fresh_creator(ctx, s))
    issued = await issuance.issue_credential(
        ctx,
        s.who[R.TALENT_OFFICIAL],
        issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source),
    )
    return issued.credential.id


# name -> (allowed roles, call). A call builds any fresh input it needs before acting.
CASES: dict[str, tuple[set[Role], Call]] = {}


def case(name: str, allowed: set[Role]) -> Callable[[Call], Call]:
    def register(call: Call) -> Call:
        CASES[name] = (allowed, call)
        return call

    return register


@case("create_organisation", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    from registry.domain.enums import OrgKind

    command = orgs.CreateOrganisation(f"org-{next(_counter)}", "n", OrgKind.PLATFORM, "310000")
    await mark()
    return await orgs.create_organisation(ctx, p, command)


@case("create_account", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = orgs.CreateAccount("sh-bank", f"user{next(_counter)}", R.PARTNER)
    await mark()
    return await orgs.create_account(ctx, p, command)


@case("create_token", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    account = await orgs.ensure_account(
        ctx, s.world.admin, orgs.CreateAccount("sh-bank", "api", R.PARTNER)
    )
    await mark()
    return await orgs.create_token(ctx, p, account_id=account.id)


@case("list_organisations", ALL_SIGNED_IN)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await orgs.list_organisations(ctx, p)


@case("file_filing", {R.SYSTEM_ADMIN, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await mma_filing(ctx, _as(s, p))


@case("renew_filing", {R.SYSTEM_ADMIN, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    until = date(2029 + next(_counter), 12, 31)
    await mark()
    return await filings.renew_filing(ctx, p, s.filing.id, valid_until=until)


@case("get_filing", {R.SYSTEM_ADMIN, R.HRSS_OFFICIAL, R.EVALUATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await filings.get_filing(ctx, p, s.filing.id)


@case("register_creator", {R.TALENT_OFFICIAL, R.CAC_OFFICIAL, R.EVALUATOR, R.CREATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    if p.role is R.CREATOR:  # a creator account without a profile yet
        p = await s.world.sign_in("creators", f"new{next(_counter)}")
    number = resident_id(serial=f"{next(_counter) % 900 + 100}", birth="19950101")
    command = creators.RegisterCreator("钱七", DOMESTIC, ID_DOC, number)
    await mark()
    return await creators.register_creator(ctx, p, command)


@case("get_creator", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await creators.get_creator(ctx, p, s.creator)


@case("find_creator_by_id_number", OFFICIALS | {R.EVALUATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await creators.find_creator_by_id_number(
        ctx, p, IdDocumentType.RESIDENT_ID, s.creator_number
    )


@case("add_platform_account", {R.TALENT_OFFICIAL, R.CAC_OFFICIAL, R.CREATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = creators.AddPlatformAccount(
        s.creator, Platform.BILIBILI, f"up{next(_counter)}", 10_000, TODAY
    )
    await mark()
    return await creators.add_platform_account(ctx, p, command)


@case("add_work", {R.TALENT_OFFICIAL, R.CAC_OFFICIAL, R.CREATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = creators.AddWork(s.creator, "作品", WorkType.AUDIO_VIDEO)
    await mark()
    return await creators.add_work(ctx, p, command)


@case("set_name_display", {R.CREATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = name_display.SetNameDisplay(bool(next(_counter) % 2), creator_id=s.creator)
    await mark()
    return await name_display.set_name_display(ctx, p, command)


@case("recognise_creator", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = recognitions.RecogniseCreator(await fresh_creator(ctx, s), "YP_VJUCHANG", TODAY)
    await mark()
    return await recognitions.recognise_creator(ctx, p, command)


@case("suspend_recognition", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await recognitions.suspend_recognition(ctx, p, s.recognition, reason="check")


@case("decide_recognition", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = recognitions.ApplyForRecognition(await fresh_creator(ctx, s), "YP_VJUCHANG")
    application = await recognitions.apply_for_recognition(ctx, s.who[R.TALENT_OFFICIAL], command)
    await mark()
    return await recognitions.decide_recognition(ctx, p, application.id, approve=True)


@case("reinstate_recognition", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    recognition = await recognised(ctx, s.world, await fresh_creator(ctx, s))
    await recognitions.suspend_recognition(
        ctx, s.who[R.TALENT_OFFICIAL], recognition, reason="check"
    )
    await mark()
    return await recognitions.reinstate_recognition(ctx, p, recognition)


@case("revoke_recognition", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    recognition = await recognised(ctx, s.world, await fresh_creator(ctx, s))
    await mark()
    return await recognitions.revoke_recognition(ctx, p, recognition, reason="false papers")


@case("correct_recognition", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    recognition = await recognised(ctx, s.world, await fresh_creator(ctx, s))
    command = recognitions.CorrectRecognition(
        recognition,
        "typo in the decision number",
        decision_ref=f"杨人才认〔2026〕{next(_counter)}号",
    )
    await mark()
    return await recognitions.correct_recognition(ctx, p, command)


@case("record_award", {R.CREATOR, R.CAC_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    year = 2000 + next(_counter) % 25
    command = awards.RecordAward("YP_TRACK_HONOR", year, AwardGrade.TOP10, creator_id=s.creator)
    await mark()
    return await awards.record_award(ctx, p, command)


@case("start_award_verification", {R.CAC_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await awards.start_award_verification(ctx, p, s.grants["CLAIMED"])


@case("verify_award", {R.CAC_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await awards.verify_award(ctx, p, s.grants["UNDER_VERIFICATION"])


@case("reject_award", {R.CAC_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await awards.reject_award(ctx, p, s.grants["TO_REJECT"], reason="no list entry")


@case("rescind_award", {R.CAC_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await awards.rescind_award(ctx, p, s.grants["VERIFIED"], reason="withdrawn")


@case("record_skill_certificate", {R.EVALUATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    number = certificate_number(s.filing.prefix, 2026, SkillLevel.L4, next(_counter) + 5000)
    command = certificates.RecordSkillCertificate(
        await holder_of(ctx, s.creator),
        s.filing.id,
        number,
        SkillLevel.L4,
        date(2026, 3, 1),
        "LIVESTREAM_OPS",
    )
    await mark()
    return await certificates.record_skill_certificate(ctx, p, command)


@case("issue_credential[recognition]", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    source = await recognised(ctx, s.world, await fresh_creator(ctx, s))
    command = issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source)
    await mark()
    return await issuance.issue_credential(ctx, p, command)


@case("issue_credential[award]", {R.CAC_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    source = await verified_award(ctx, s.world, await fresh_creator(ctx, s))
    await mark()
    return await issuance.issue_credential(
        ctx, p, issuance.IssueCredential(CredentialKind.AWARD, source)
    )


@case("issue_credential[skill]", {R.EVALUATOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    source = await skill_certificate(ctx, s.world, await fresh_creator(ctx, s), s.filing)
    await mark()
    return await issuance.issue_credential(
        ctx, p, issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, source)
    )


@case("issue_credential (eligibility decision)", {R.TALENT_OFFICIAL, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    from tests.registry.test_eligibility_services import _top_creator

    creator, _ = await _top_creator(ctx, s.world)
    command = eligibility.DecideEligibility(creator, "YP_YOUXIANG", None, True, "ok", TODAY)
    decided = await eligibility.decide_eligibility(ctx, s.who[R.TALENT_OFFICIAL], command)
    request = issuance.IssueCredential(CredentialKind.TALENT_ELIGIBILITY, decided.decision.id)
    await mark()
    return await issuance.issue_credential(ctx, p, request)


@case("issue_credentials_bulk", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    source = await recognised(ctx, s.world, await fresh_creator(ctx, s))
    command = issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source)
    await mark()
    return await issuance.issue_credentials_bulk(ctx, p, [command])


@case("suspend_credential", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    target = await recognition_credential(ctx, s)
    await mark()
    return await credential_status.suspend_credential(ctx, p, target, reason="check")


@case("reinstate_credential", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    target = await recognition_credential(ctx, s)
    await credential_status.suspend_credential(ctx, s.who[R.TALENT_OFFICIAL], target, reason="x")
    await mark()
    return await credential_status.reinstate_credential(ctx, p, target)


@case("revoke_credential", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    target = await recognition_credential(ctx, s)
    await mark()
    return await credential_status.revoke_credential(ctx, p, target, reason="error")


@case("reissue_credential", {R.TALENT_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    from registry.domain.enums import OperationCode

    target = await recognition_credential(ctx, s)
    await mark()
    return await issuance.reissue_credential(
        ctx, p, target, operation=OperationCode.RENEW, reason="term"
    )


@case("get_credential", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.get_credential(ctx, p, s.skill_credential)


@case("list_credentials", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.list_credentials(ctx, p, page())


@case("list_creators", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.list_creators(ctx, p, page())


@case("list_recognitions", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.list_recognitions(ctx, p, page())


@case("list_awards", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.list_awards(ctx, p, page())


@case("list_certificates", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.list_certificates(ctx, p, page())


@case("list_works", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await queries.list_works(ctx, p, s.creator)


@case("list_audit_events", {R.AUDITOR})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await audit_log.list_audit_events(ctx, p, page())


@case("create_api_client", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = partners.CreateApiClient(
        "sh-bank", f"贷款核验 {next(_counter)}", ("LOAN",), ("verify:result",)
    )
    await mark()
    return await partners.create_api_client(ctx, p, command)


@case("record_disclosure", {R.PARTNER})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await partners.record_disclosure(ctx, p, partners.Disclosure("LOAN", ("valid",)))


@case("list_disclosures", {R.AUDITOR, R.SYSTEM_ADMIN, R.PARTNER})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await partners.list_disclosures(ctx, p, page())


@case("current_account", ALL_SIGNED_IN)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await orgs.current_account(ctx, p)


@case("load_works_of", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await loaders.load_works_of(ctx, p, [s.creator])


@case("load_qr_texts", READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await loaders.load_qr_texts(ctx, p, [s.skill_credential])


@case("list_signing_keys", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await keys.list_signing_keys(ctx, p)


@case("rotate_signing_key", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await keys.rotate_signing_key(ctx, p)


@case("retire_signing_key", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await keys.rotate_signing_key(ctx, s.world.admin)
    old = [k for k in await keys.list_signing_keys(ctx, s.world.admin) if not k.signs_now]
    spare = await keys.rotate_signing_key(ctx, s.world.admin)
    del old
    await mark()
    return await keys.retire_signing_key(ctx, p, spare.kid, force=True)


@case("compromise_signing_key", {R.SYSTEM_ADMIN})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    spare = await keys.rotate_signing_key(ctx, s.world.admin)
    await keys.rotate_signing_key(ctx, s.world.admin)
    await mark()
    return await keys.compromise_signing_key(ctx, p, spare.kid, reason="leaked")


ELIGIBILITY_READERS = {R.SYSTEM_ADMIN, R.TALENT_OFFICIAL, R.HRSS_OFFICIAL, R.CREATOR}


@case("evaluate_eligibility", ELIGIBILITY_READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await eligibility.evaluate_eligibility(ctx, p, s.creator, "YP_YOUXIANG")


@case("list_decisions", ELIGIBILITY_READERS)
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await eligibility.list_decisions(ctx, p, s.creator)


@case("decide_eligibility", {R.TALENT_OFFICIAL, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = eligibility.DecideEligibility(
        await fresh_creator(ctx, s), "YP_YOUXIANG", None, False, "not recognised", TODAY
    )
    await mark()
    return await eligibility.decide_eligibility(ctx, p, command)


@case("record_creator_facts", {R.TALENT_OFFICIAL, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    command = eligibility.RecordCreatorFacts(s.creator, {"hukou_city": "310000"})
    await mark()
    return await eligibility.record_creator_facts(ctx, p, command)


@case("lapse_overdue_provisional_decisions", {R.TALENT_OFFICIAL, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    await mark()
    return await eligibility_provisional.lapse_overdue_provisional_decisions(ctx, p, on=TODAY)


@case("approve_subsidy_period", {R.TALENT_OFFICIAL, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    from tests.registry.test_eligibility_services import _top_creator

    creator, _ = await _top_creator(ctx, s.world)
    command = eligibility.DecideEligibility(creator, "YP_YOUXIANG", None, True, "ok", TODAY)
    decided = await eligibility.decide_eligibility(ctx, s.who[R.TALENT_OFFICIAL], command)
    await mark()
    return await subsidies.approve_subsidy_period(ctx, p, decided.decision.id, TODAY)


@case("publish_programme_version", {R.SYSTEM_ADMIN, R.TALENT_OFFICIAL, R.HRSS_OFFICIAL})
async def _(ctx: ServiceContext, s: Setup, p: Principal, mark: Mark) -> Any:
    import json
    from importlib import resources

    current = {v.code: v.version for v in await programmes.list_programmes(ctx)}
    path = resources.files("registry") / "policy" / "yangpu-youxiang.json"
    document = json.loads(path.read_text("utf-8"))
    document["version"] = current["YP_YOUXIANG"] + 1
    await mark()
    return await programmes.publish_programme_version(ctx, p, json.dumps(document))


def _as(s: Setup, p: Principal) -> World:
    """A world whose HR account is ``p``: lets filing helpers act as another principal."""
    world = World(s.world.ctx, s.world.admin, dict(s.world.principals))
    world.principals["sh-hrss"] = p
    return world


async def _setup(ctx: ServiceContext, world: World) -> Setup:
    who = {
        role: await world.sign_in(org, f"matrix-{role.value.lower()}", role)
        for role, org in HOME.items()
    }
    who[R.PUBLIC] = Principal.anonymous()
    number = resident_id(serial="777", birth="19880808")
    creator = await creators.register_creator(
        ctx,
        world["yp-talent"],
        creators.RegisterCreator("孙八", DOMESTIC, ID_DOC, number, region_code="310110"),
    )
    # The creator role acts as this creator; the evaluator has certified it.
    account = await orgs.create_account(
        ctx,
        world.admin,
        orgs.CreateAccount("creators", "matrix-own", R.CREATOR, creator_id=creator.id),
    )
    token = await orgs.create_token(ctx, world.admin, account_id=account.id)
    who[R.CREATOR] = await orgs.authenticate(ctx, token.secret)
    filing = await mma_filing(ctx, world)
    certificate = await skill_certificate(ctx, world, creator.id, filing)
    skill = await issuance.issue_credential(
        ctx,
        who[R.EVALUATOR],
        issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, certificate),
    )
    s = Setup(
        world=world,
        who=who,
        creator=creator.id,
        creator_number=number,
        filing=filing,
        recognition=await recognised(ctx, world, creator.id),
        grants={},
        credential="",
        skill_credential=skill.credential.id,
        certificate=certificate,
    )
    s.grants = {
        "CLAIMED": await grant_in(ctx, s, "CLAIMED"),
        "UNDER_VERIFICATION": await grant_in(ctx, s, "UNDER_VERIFICATION"),
        "TO_REJECT": await grant_in(ctx, s, "UNDER_VERIFICATION"),
        "VERIFIED": await grant_in(ctx, s, "VERIFIED"),
    }
    return s


async def _footprint(ctx: ServiceContext) -> tuple[int, ...]:
    async with ctx.uow(read_only=True) as uow:
        counts = []
        for table in (m.AuditEvent, m.Organisation, m.Account, m.ApiToken, m.Creator, m.Credential):
            counts.append(
                (await uow.session.execute(select(func.count()).select_from(table))).scalar_one()
            )
        head = (await uow.session.execute(select(m.AuditHead.seq))).scalar_one()
        return (*counts, head)


async def test_every_service_refuses_every_role_it_does_not_serve(
    ctx: ServiceContext, world: World
) -> None:
    s = await _setup(ctx, world)
    wrong: list[str] = []
    for name, (allowed, call) in CASES.items():
        for role in Role:
            if role in allowed:
                continue
            marked: list[tuple[int, ...]] = []

            async def mark(marked: list[tuple[int, ...]] = marked) -> None:
                marked.append(await _footprint(ctx))

            try:
                await call(ctx, s, s.who[role], mark)
            except (NotAuthorized, NotAuthenticated) as refused:
                if role is not R.PUBLIC and refused.code is not ErrorCode.FORBIDDEN:
                    wrong.append(f"{name} × {role}: refused with {refused.code}, not FORBIDDEN")
            except DomainError as other:
                wrong.append(f"{name} × {role}: {other.code} instead of a refusal")
            else:
                wrong.append(f"{name} × {role}: allowed")
            # Set-up inside a case may write; the refused service call itself must not.
            if marked and marked[-1] != await _footprint(ctx):
                wrong.append(f"{name} × {role}: refused but wrote")
        for role in sorted(allowed):

            async def no_mark() -> None:
                return None

            try:
                await call(ctx, s, s.who[role], no_mark)
            except DomainError as error:
                wrong.append(f"{name} × {role}: should be allowed, got {error.code}")
    assert not wrong, "\n".join(wrong)
    await audit_log.verify_audit_chain(ctx)


def test_only_the_operators_sweep_lapses_beyond_the_deciding_offices() -> None:
    from registry.authz import Action, may

    assert may(Principal.system(), Action.LAPSE_PROVISIONAL)
    assert not may(Principal(role=R.SYSTEM_ADMIN, account_id=1), Action.LAPSE_PROVISIONAL)
    # The operator gains nothing else by it.
    assert not may(Principal.system(), Action.DECIDE_ELIGIBILITY)
    assert not may(Principal.system(), Action.CLAIM_AWARD)
