"""Small builders shared by the registry tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from registry.db import models as m
from registry.domain import Creator
from registry.domain.credentials import IssuedCredential
from registry.domain.eligibility import RecordedDecision
from registry.domain.enums import (
    AwardGrade,
    CredentialKind,
    DecisionOutcome,
    FilingScope,
    InstitutionCategory,
    Platform,
)
from registry.domain.skills import Filing, SkillLevel
from registry.services import (
    awards,
    certificates,
    creators,
    eligibility,
    filings,
    issuance,
    recognitions,
)
from registry.services.context import ServiceContext
from registry.services.creators import id_number_context
from tests.registry.conftest import DOMESTIC, ID_DOC, TODAY, World, resident_id

_serial = iter(range(100, 999))


async def new_creator(
    ctx: ServiceContext, world: World, *, by: str = "yp-talent", name: str = "张三"
) -> Creator:
    return await creators.register_creator(
        ctx,
        world[by],
        creators.RegisterCreator(
            name, DOMESTIC, ID_DOC, resident_id(serial=str(next(_serial))), region_code="310110"
        ),
    )


async def recognised(ctx: ServiceContext, world: World, creator_id: str) -> str:
    recognition = await recognitions.recognise_creator(
        ctx,
        world["yp-talent"],
        recognitions.RecogniseCreator(creator_id, "YP_VJUCHANG", TODAY, date(2028, 12, 31)),
    )
    return recognition.id


async def verified_award(ctx: ServiceContext, world: World, creator_id: str) -> str:
    grant = await awards.record_award(
        ctx,
        world["sh-cac"],
        awards.RecordAward("SH_SILVER_DOVE", 2025, AwardGrade.FIRST, creator_id=creator_id),
    )
    await awards.start_award_verification(ctx, world["sh-cac"], grant.id)
    await awards.verify_award(ctx, world["sh-cac"], grant.id)
    return grant.id


async def mma_filing(ctx: ServiceContext, world: World) -> Filing:
    return await filings.file_filing(
        ctx,
        world["sh-hrss"],
        filings.FileFiling(
            organisation="sh-mma",
            occupation_code="4-13-01-05",
            directions=("AUDIOVISUAL_OPS", "DATA_ANALYSIS", "LIVESTREAM_OPS"),
            levels=(SkillLevel.L4, SkillLevel.L3, SkillLevel.L2),
            scope=FilingScope.PROVINCIAL,
            province_code="31",
            category=InstitutionCategory.S,
            institution_code="0000",
            site_serial="000123",
            valid_from=date(2025, 1, 1),
            valid_until=date(2028, 12, 31),
        ),
    )


def certificate_number(prefix: str, year: int, level: SkillLevel, serial: int = 42) -> str:
    assert level.digit is not None
    return f"{prefix}{year % 100:02d}{level.digit}{serial:06d}"


async def holder_of(ctx: ServiceContext, creator_id: str) -> certificates.Holder:
    """A registered creator as an exam roster names them (the sealed number opened)."""
    async with ctx.uow(read_only=True) as uow:
        row = (
            await uow.session.execute(select(m.Creator).where(m.Creator.public_id == creator_id))
        ).scalar_one()
        number = ctx.vault.unseal(row.id_number_sealed, context=id_number_context(row.public_id))
        return certificates.Holder(row.id_document_type, number, row.name)


async def skill_certificate(
    ctx: ServiceContext,
    world: World,
    creator_id: str,
    filing: Filing,
    *,
    level: SkillLevel = SkillLevel.L3,
    scores: int | None = None,
) -> str:
    """A 视听运营 certificate of sh-mma; ``scores`` sets review, theory and practical alike."""
    cert = await certificates.record_skill_certificate(
        ctx,
        world["sh-mma"],
        certificates.RecordSkillCertificate(
            holder=await holder_of(ctx, creator_id),
            filing_id=filing.id,
            number=certificate_number(filing.prefix, 2026, level, next(_serial)),
            level=level,
            issued_on=date(2026, 4, 1),
            direction="AUDIOVISUAL_OPS",
            review_score=scores,
            theory_score=scores,
            practical_score=scores,
        ),
    )
    return cert.id


async def recognition_credential(ctx: ServiceContext, world: World) -> IssuedCredential:
    creator = await new_creator(ctx, world)
    source = await recognised(ctx, world, creator.id)
    return await issuance.issue_credential(
        ctx,
        world["yp-talent"],
        issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source),
    )


async def top_creator(ctx: ServiceContext, world: World) -> tuple[str, str]:
    """A fresh Yangpu-recognised creator in the top 1 % of an attested platform account
    (YP_YOUXIANG LEADING): the creator's id and the recognition's."""
    creator = await new_creator(ctx, world)
    recognition = await recognised(ctx, world, creator.id)
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(
            creator.id, Platform.BILIBILI, "top", 2_000_000, TODAY, Decimal("0.8")
        ),
    )
    return creator.id, recognition


async def approved_decision(
    ctx: ServiceContext,
    world: World,
    creator_id: str | None = None,
    *,
    issue_credential: bool = False,
) -> RecordedDecision:
    """A YP_YOUXIANG approval, for ``creator_id`` or a fresh :func:`top_creator`."""
    if creator_id is None:
        creator_id, _ = await top_creator(ctx, world)
    return await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        eligibility.DecideEligibility(
            creator_id,
            "YP_YOUXIANG",
            None,
            True,
            "区人才工作领导小组审议通过",
            TODAY,
            issue_credential=issue_credential,
        ),
    )


async def provisional_decision(
    ctx: ServiceContext, world: World, due: date
) -> tuple[str, str, str]:
    """A Haizhu green card approved 容缺 (lawful residence to follow), with its credential:
    (creator, decision, QR text)."""
    creator = (await new_creator(ctx, world)).id
    await verified_award(ctx, world, creator)
    await eligibility.record_creator_facts(
        ctx,
        world["hz-talent"],
        eligibility.RecordCreatorFacts(
            creator, {"hukou_city": "310000", "months_in_district_per_year": {"440105": 8}}
        ),
    )
    decided = await eligibility.decide_eligibility(
        ctx,
        world["hz-talent"],
        eligibility.DecideEligibility(
            creator, "HZ_GREEN_CARD_B", None, True, "容缺", TODAY, due, True
        ),
    )
    assert decided.decision.outcome is DecisionOutcome.PROVISIONAL
    assert decided.credential is not None
    return creator, decided.decision.id, decided.credential.qr_text
