"""Refusals by scope: the right role in the wrong place is refused, and nothing is written."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from registry.db import models as m
from registry.domain.enums import AwardGrade, CredentialKind, Role, WorkType
from registry.domain.paging import PageRequest
from registry.domain.skills import SkillLevel
from registry.errors import DomainError, ErrorCode
from registry.services import (
    awards,
    certificates,
    creators,
    credential_status,
    filings,
    issuance,
    queries,
    recognitions,
)
from registry.services.context import ServiceContext
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import (
    approved_decision,
    certificate_number,
    holder_of,
    mma_filing,
    new_creator,
    recognised,
    skill_certificate,
)


async def _head(ctx: ServiceContext) -> int:
    async with ctx.uow(read_only=True) as uow:
        return (await uow.session.execute(select(m.AuditHead.seq))).scalar_one()


async def refused(ctx: ServiceContext, call: Awaitable[Any], code: ErrorCode) -> DomainError:
    before = await _head(ctx)
    with pytest.raises(DomainError) as caught:
        await call
    assert caught.value.code is code, caught.value
    assert await _head(ctx) == before, "a refused call wrote to the audit log"
    return caught.value


async def test_a_district_office_acts_only_for_its_own_district(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    haizhu = world["hz-talent"]
    await refused(
        ctx,
        recognitions.recognise_creator(
            ctx, haizhu, recognitions.RecogniseCreator(creator.id, "YP_VJUCHANG", TODAY)
        ),
        ErrorCode.OUT_OF_SCOPE,
    )
    recognition = await recognised(ctx, world, creator.id)
    await refused(
        ctx,
        recognitions.revoke_recognition(ctx, haizhu, recognition, reason="x"),
        ErrorCode.OUT_OF_SCOPE,
    )
    await refused(
        ctx,
        issuance.issue_credential(
            ctx,
            haizhu,
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, recognition),
        ),
        ErrorCode.OUT_OF_SCOPE,
    )
    decided = await approved_decision(ctx, world)
    await refused(
        ctx,
        issuance.issue_credential(
            ctx,
            haizhu,
            issuance.IssueCredential(CredentialKind.TALENT_ELIGIBILITY, decided.decision.id),
        ),
        ErrorCode.NOT_FOUND,  # another district's decision is not even confirmed to exist
    )
    issued = await issuance.issue_credential(
        ctx,
        world["yp-talent"],
        issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, recognition),
    )
    await refused(
        ctx,
        credential_status.suspend_credential(ctx, haizhu, issued.credential.id, reason="x"),
        ErrorCode.OUT_OF_SCOPE,
    )


async def test_cac_offices_verify_programmes_of_their_region_or_national_ones(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)

    async def claim(programme: str) -> str:
        grant = await awards.record_award(
            ctx,
            world["sh-cac"],
            awards.RecordAward(programme, 2025, AwardGrade.SELECTED, creator_id=creator.id),
        )
        return grant.id

    shanghai, haizhu, national = (
        await claim("SH_SILVER_DOVE"),
        await claim("HZ_PREMIUM_LIBRARY"),
        await claim("CN_POSITIVE_ENERGY"),
    )
    await refused(
        ctx,
        awards.start_award_verification(ctx, world["hz-cac"], shanghai),
        ErrorCode.OUT_OF_SCOPE,
    )
    await refused(
        ctx,
        awards.start_award_verification(ctx, world["sh-cac"], haizhu),
        ErrorCode.OUT_OF_SCOPE,
    )
    started = await awards.start_award_verification(ctx, world["hz-cac"], national)
    assert started.state.value == "UNDER_VERIFICATION"


async def test_an_evaluator_records_only_within_its_active_filing(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    holder = await holder_of(ctx, creator.id)
    filing = await mma_filing(ctx, world)

    def command(**changes: Any) -> certificates.RecordSkillCertificate:
        fields: dict[str, Any] = {
            "holder": holder,
            "filing_id": filing.id,
            "number": certificate_number(filing.prefix, 2026, SkillLevel.L3, 9),
            "level": SkillLevel.L3,
            "issued_on": date(2026, 4, 1),
            "direction": "AUDIOVISUAL_OPS",
        }
        fields.update(changes)
        return certificates.RecordSkillCertificate(**fields)

    async def record(who: str, **changes: Any) -> Awaitable[Any]:
        return certificates.record_skill_certificate(ctx, world[who], command(**changes))

    # Another institution's filing, a level or direction it does not cover, a date outside
    # its term: all outside the filing.
    await refused(ctx, await record("migu"), ErrorCode.OUTSIDE_FILING)
    await refused(
        ctx,
        await record(
            "sh-mma",
            level=SkillLevel.L1,
            number=certificate_number(filing.prefix, 2026, SkillLevel.L1, 9),
        ),
        ErrorCode.OUTSIDE_FILING,
    )
    await refused(
        ctx, await record("sh-mma", direction="CREATIVE_PLANNING"), ErrorCode.OUTSIDE_FILING
    )
    await refused(
        ctx,
        await record(
            "sh-mma",
            issued_on=date(2024, 6, 1),
            number=certificate_number(filing.prefix, 2024, SkillLevel.L3, 9),
        ),
        ErrorCode.OUTSIDE_FILING,
    )
    # The occupation's own rules: L4–L1 only, 数据分析 only at L3 and above.
    await refused(
        ctx,
        await record(
            "sh-mma",
            level=SkillLevel.L5,
            number=certificate_number(filing.prefix, 2026, SkillLevel.L5, 9),
        ),
        ErrorCode.INVALID_LEVEL,
    )
    await refused(
        ctx,
        await record(
            "sh-mma",
            level=SkillLevel.L4,
            direction="DATA_ANALYSIS",
            number=certificate_number(filing.prefix, 2026, SkillLevel.L4, 9),
        ),
        ErrorCode.INVALID_DIRECTION,
    )
    # The number: the filing's prefix, the issue year, the level digit.
    for wrong in (
        "S0000310001242613" + "00009",
        certificate_number(filing.prefix, 2025, SkillLevel.L3, 9),
        certificate_number(filing.prefix, 2026, SkillLevel.L4, 9),
        "1234567890123456",
    ):
        await refused(
            ctx, await record("sh-mma", number=wrong), ErrorCode.INVALID_CERTIFICATE_NUMBER
        )
    legacy = await certificates.record_skill_certificate(
        ctx, world["sh-mma"], command(number="1234567890123456", imported=True)
    )
    assert legacy.legacy
    await filings.suspend_filing(ctx, world["sh-hrss"], filing.id)
    await refused(ctx, await record("sh-mma"), ErrorCode.OUTSIDE_FILING)
    await filings.reinstate_filing(ctx, world["sh-hrss"], filing.id)
    recorded = await certificates.record_skill_certificate(ctx, world["sh-mma"], command())
    assert recorded.number.startswith(filing.prefix)


async def test_a_too_young_applicant_is_refused(ctx: ServiceContext, world: World) -> None:
    from tests.registry.conftest import DOMESTIC, ID_DOC, resident_id

    young = await creators.register_creator(
        ctx,
        world["sh-mma"],
        creators.RegisterCreator(
            "周九", DOMESTIC, ID_DOC, resident_id(birth="20110101", serial="555")
        ),
    )
    filing = await mma_filing(ctx, world)
    await refused(
        ctx,
        certificates.record_skill_certificate(
            ctx,
            world["sh-mma"],
            certificates.RecordSkillCertificate(
                await holder_of(ctx, young.id),
                filing.id,
                certificate_number(filing.prefix, 2026, SkillLevel.L4, 1),
                SkillLevel.L4,
                date(2026, 4, 1),
            ),
        ),
        ErrorCode.TOO_YOUNG,
    )


async def test_a_creator_sees_and_changes_only_its_own_record(
    ctx: ServiceContext, world: World
) -> None:
    mine = await world.sign_in("creators", "self", Role.CREATOR)
    from tests.registry.conftest import DOMESTIC, ID_DOC, resident_id

    own = await creators.register_creator(
        ctx, mine, creators.RegisterCreator("吴十", DOMESTIC, ID_DOC, resident_id(serial="321"))
    )
    mine = await world.sign_in("creators", "self", Role.CREATOR)  # now linked to its profile
    other = await new_creator(ctx, world)
    await refused(ctx, creators.get_creator(ctx, mine, other.id), ErrorCode.OUT_OF_SCOPE)
    await refused(
        ctx,
        creators.add_work(ctx, mine, creators.AddWork(other.id, "不是我的", WorkType.TEXT)),
        ErrorCode.OUT_OF_SCOPE,
    )
    await refused(
        ctx,
        awards.record_award(
            ctx,
            mine,
            awards.RecordAward("YP_TRACK_HONOR", 2025, AwardGrade.TOP10, creator_id=other.id),
        ),
        ErrorCode.OUT_OF_SCOPE,
    )
    listed = await queries.list_creators(ctx, mine, PageRequest(first=50))
    assert [c.id for c in listed.items] == [own.id]
    assert (await creators.get_creator(ctx, mine, own.id)).id == own.id


async def test_an_institution_changes_only_its_own_credentials(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    filing = await mma_filing(ctx, world)
    certificate = await skill_certificate(ctx, world, creator.id, filing)
    issued = await issuance.issue_credential(
        ctx,
        world["sh-mma"],
        issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, certificate),
    )
    await refused(
        ctx,
        credential_status.revoke_credential(ctx, world["migu"], issued.credential.id, reason="x"),
        ErrorCode.OUT_OF_SCOPE,
    )
    await refused(
        ctx,
        issuance.issue_credential(
            ctx,
            world["migu"],
            issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, certificate),
        ),
        ErrorCode.OUT_OF_SCOPE,
    )
    with pytest.raises(DomainError) as caught:
        await queries.get_credential(ctx, world["migu"], issued.credential.id)
    assert caught.value.code is ErrorCode.NOT_FOUND
    seen = await queries.list_creators(ctx, world["migu"], PageRequest(first=50))
    assert seen.items == []
