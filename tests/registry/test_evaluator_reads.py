"""An evaluation institution names a holder by ID document, reads only what its certificates
need, and learns nothing from a refusal that it did not present itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from registry.domain.enums import Platform
from registry.domain.skills import SkillLevel
from registry.errors import DomainError, ErrorCode
from registry.services import certificates, creators, loaders, queries
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


async def test_an_evaluator_reads_a_holders_name_and_its_own_certificates_only(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    recognition = await recognised(ctx, world, creator.id)
    await verified_award(ctx, world, creator.id)
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(
            creator.id, Platform.BILIBILI, "up", 50_000, TODAY, Decimal("5")
        ),
    )
    filing = await mma_filing(ctx, world)
    certificate = await skill_certificate(ctx, world, creator.id, filing)
    evaluator = world["sh-mma"]
    seen = await creators.get_creator(ctx, evaluator, creator.id)
    assert seen.name == creator.name
    ids = [creator.id]
    assert await loaders.load_recognitions_of(ctx, evaluator, ids) == [[]]
    assert await loaders.load_awards_of(ctx, evaluator, ids) == [[]]
    assert await loaders.load_platform_accounts_of(ctx, evaluator, ids) == [[]]
    assert await loaders.load_works_of(ctx, evaluator, ids) == [[]]
    assert await queries.list_platform_accounts(ctx, evaluator, creator.id) == []
    with pytest.raises(DomainError) as hidden:
        await queries.get_recognition(ctx, evaluator, recognition)
    assert hidden.value.code is ErrorCode.NOT_FOUND
    [own] = (await loaders.load_certificates_of(ctx, evaluator, ids))[0:1][0]
    assert own.id == certificate
    # An official still reads everything.
    assert len((await loaders.load_recognitions_of(ctx, world["yp-talent"], ids))[0]) == 1


async def _refusal(ctx: ServiceContext, world: World, command: object) -> ErrorCode:
    with pytest.raises(DomainError) as refused:
        await certificates.record_skill_certificate(ctx, world["sh-mma"], command)  # type: ignore[arg-type]
    return refused.value.code


async def test_a_holder_is_found_by_document_and_name_never_by_a_public_id(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world, name="李四")
    holder = await holder_of(ctx, creator.id)
    filing = await mma_filing(ctx, world)

    def command(who: certificates.Holder, serial: int) -> certificates.RecordSkillCertificate:
        number = certificate_number(filing.prefix, 2026, SkillLevel.L3, serial)
        return certificates.RecordSkillCertificate(
            who, filing.id, number, SkillLevel.L3, date(2026, 4, 1)
        )

    wrong_name = certificates.Holder(holder.id_document_type, holder.id_number, "王五")
    unknown = certificates.Holder(ID_DOC, resident_id(serial="901"), "李四")
    assert await _refusal(ctx, world, command(wrong_name, 11)) is ErrorCode.NOT_FOUND
    assert await _refusal(ctx, world, command(unknown, 12)) is ErrorCode.NOT_FOUND
    recorded = await certificates.record_skill_certificate(
        ctx, world["sh-mma"], command(holder, 13)
    )
    assert recorded.creator_id == creator.id


async def test_refusals_do_not_depend_on_a_birth_date(ctx: ServiceContext, world: World) -> None:
    minor_number = resident_id(birth="20110101", serial="556")
    await creators.register_creator(
        ctx,
        world["yp-talent"],
        creators.RegisterCreator("周十", DOMESTIC, ID_DOC, minor_number, region_code="310110"),
    )
    adult = await new_creator(ctx, world, name="吴一")
    filing = await mma_filing(ctx, world)
    taken = certificate_number(filing.prefix, 2026, SkillLevel.L4, 21)
    await certificates.record_skill_certificate(
        ctx,
        world["sh-mma"],
        certificates.RecordSkillCertificate(
            await holder_of(ctx, adult.id), filing.id, taken, SkillLevel.L4, date(2026, 4, 1)
        ),
    )
    # Reusing a number is a duplicate, whoever the holder and whatever their age.
    for holder in (
        certificates.Holder(ID_DOC, minor_number, "周十"),
        await holder_of(ctx, adult.id),
        certificates.Holder(ID_DOC, minor_number, "别人"),
    ):
        command = certificates.RecordSkillCertificate(
            holder, filing.id, taken, SkillLevel.L4, date(2026, 4, 1)
        )
        assert await _refusal(ctx, world, command) is ErrorCode.DUPLICATE
    # A fresh number for the minor: too young, said only to whoever presented the document.
    fresh = certificate_number(filing.prefix, 2026, SkillLevel.L4, 22)
    command = certificates.RecordSkillCertificate(
        certificates.Holder(ID_DOC, minor_number, "周十"),
        filing.id,
        fresh,
        SkillLevel.L4,
        date(2026, 4, 1),
    )
    assert await _refusal(ctx, world, command) is ErrorCode.TOO_YOUNG
