"""The public certificate lookup: masked answers, the same NOT_FOUND for an unknown number and
a wrong name, every lookup in the disclosure log."""

from __future__ import annotations

from sqlalchemy import select

from registry.db import models as m
from registry.domain.enums import CredentialKind
from registry.services import credential_status, issuance, lookup
from registry.services.context import ServiceContext
from tests.registry.conftest import World
from tests.registry.helpers import mma_filing, new_creator, skill_certificate


async def test_a_number_and_the_holders_name_give_a_masked_answer(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world, name="李四光")
    filing = await mma_filing(ctx, world)
    certificate_id = await skill_certificate(ctx, world, creator.id, filing)
    async with ctx.uow(read_only=True) as uow:
        number = (
            await uow.session.execute(
                select(m.SkillCertificate.number).where(
                    m.SkillCertificate.public_id == certificate_id
                )
            )
        ).scalar_one()

    recorded = await lookup.lookup_certificate(ctx, number.lower(), " 李四光 ")
    assert recorded.status == "VALID"
    assert (recorded.kind, recorded.level, recorded.title) == (
        CredentialKind.SKILL_CERTIFICATE,
        "三级/高级工",
        "全媒体运营师",
    )
    assert recorded.holder == "李**"

    issued = await issuance.issue_credential(
        ctx,
        world["sh-mma"],
        issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, certificate_id),
    )
    by_number = await lookup.lookup_certificate(ctx, number, "李四光")
    by_id = await lookup.lookup_certificate(ctx, issued.credential.id, "李四光")
    assert by_number == by_id
    assert by_number.status == "VALID"
    assert by_number.issuer == "sh-mma name"

    wrong_name = await lookup.lookup_certificate(ctx, number, "李四")
    unknown = await lookup.lookup_certificate(ctx, "S" + "0" * 21, "李四光")
    too_long = await lookup.lookup_certificate(ctx, "S" * 100, "李四光")
    assert wrong_name == unknown == too_long == lookup.LookupAnswer("NOT_FOUND")

    await credential_status.revoke_credential(
        ctx, world["sh-mma"], issued.credential.id, reason="withdrawn"
    )
    assert (await lookup.lookup_certificate(ctx, number, "李四光")).status == "REVOKED"

    async with ctx.uow(read_only=True) as uow:
        logged = (
            await uow.session.execute(
                select(m.Disclosure.actor, m.Disclosure.purpose, m.Disclosure.outcome_code)
                .where(m.Disclosure.purpose == lookup.LOOKUP_PURPOSE)
                .order_by(m.Disclosure.id)
            )
        ).all()
    assert [row.outcome_code for row in logged] == [
        "VALID", "VALID", "VALID", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "REVOKED",
    ]  # fmt: skip
    assert {row.actor for row in logged} == {"public"}
