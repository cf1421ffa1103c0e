"""Award texts: lengths checked when recorded, and credentials refused (not crashed) at issue
when their QR code would exceed version 20."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from registry.db import models as m
from registry.domain.enums import AwardGrade, CredentialKind
from registry.errors import DomainError, ErrorCode, InvalidInput
from registry.services import awards, issuance
from registry.services.context import ServiceContext
from signing import IssuanceError
from signing.qr import MAX_VERSION, ErrorLevel, qr_version
from tests.registry.conftest import World
from tests.registry.helpers import new_creator


def _title(length: int) -> str:
    """Distinct CJK characters: a title zlib cannot shrink (repeats would compress)."""
    return "".join(chr(0x4E00 + 37 * i) for i in range(length))


async def _verified(ctx: ServiceContext, world: World, *, year: int, category: str) -> str:
    creator = await new_creator(ctx, world)
    grant = await awards.record_award(
        ctx,
        world["sh-cac"],
        awards.RecordAward(
            "SH_SILVER_DOVE", year, AwardGrade.FIRST, creator_id=creator.id, category=category
        ),
    )
    await awards.start_award_verification(ctx, world["sh-cac"], grant.id)
    await awards.verify_award(ctx, world["sh-cac"], grant.id)
    return grant.id


async def _counts(ctx: ServiceContext) -> tuple[int, int]:
    async with ctx.uow(read_only=True) as uow:
        credentials = await uow.session.scalar(select(func.count()).select_from(m.Credential))
        allocated = await uow.session.scalar(select(func.sum(m.StatusList.allocated_count)))
    return int(credentials or 0), int(allocated or 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "类" * 101),
        ("recommended_by", "荐" * 201),
        ("evidence_doc_no", "沪" * 101),
        ("evidence_url", "https://example.cn/" + "a" * 490),
    ],
)
async def test_award_texts_longer_than_their_columns_are_refused(
    ctx: ServiceContext, world: World, field: str, value: str
) -> None:
    creator = await new_creator(ctx, world)
    fields: dict[str, Any] = {"creator_id": creator.id, field: value}
    command = awards.RecordAward("SH_SILVER_DOVE", 2025, AwardGrade.FIRST, **fields)
    with pytest.raises(InvalidInput) as caught:
        await awards.record_award(ctx, world["sh-cac"], command)
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, field)
    fields[field] = value[: {"evidence_url": 500}.get(field, len(value) - 1)]
    recorded = await awards.record_award(
        ctx, world["sh-cac"], awards.RecordAward("SH_SILVER_DOVE", 2025, AwardGrade.FIRST, **fields)
    )
    assert getattr(recorded, field) == fields[field]


async def test_a_blank_category_is_no_category(ctx: ServiceContext, world: World) -> None:
    creator = await new_creator(ctx, world)
    recorded = await awards.record_award(
        ctx,
        world["sh-cac"],
        awards.RecordAward(
            "SH_SILVER_DOVE", 2025, AwardGrade.FIRST, creator_id=creator.id, category="  "
        ),
    )
    assert recorded.category is None


async def test_a_title_too_long_for_the_qr_code_is_refused_at_issue(
    ctx: ServiceContext, world: World
) -> None:
    source = await _verified(ctx, world, year=2024, category=_title(100))
    before = await _counts(ctx)
    with pytest.raises(DomainError) as caught:
        await issuance.issue_credential(
            ctx, world["sh-cac"], issuance.IssueCredential(CredentialKind.AWARD, source)
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.TOO_LARGE, "source_id")
    assert await _counts(ctx) == before


async def test_every_issued_credential_renders_in_both_forms(
    ctx: ServiceContext, world: World
) -> None:
    """Around the limit: what issues draws as plain (Q and M) and link (M) within version 20."""
    issued = refused = 0
    for year, length in enumerate(range(20, 101, 8), start=2010):
        source = await _verified(ctx, world, year=year, category=_title(length))
        try:
            credential = await issuance.issue_credential(
                ctx, world["sh-cac"], issuance.IssueCredential(CredentialKind.AWARD, source)
            )
        except DomainError as exc:
            if exc.code is not ErrorCode.TOO_LARGE:
                raise
            refused += 1
            continue
        issued += 1
        text = credential.qr_text
        assert qr_version(text, ecc=ErrorLevel.Q) <= MAX_VERSION
        assert qr_version(text, ecc=ErrorLevel.M) <= MAX_VERSION
        base_url = ctx.settings.link_base_url
        assert qr_version(text, ecc=ErrorLevel.M, base_url=base_url) <= MAX_VERSION
    assert issued
    assert refused


async def test_bulk_issuance_refuses_only_the_oversized_one(
    ctx: ServiceContext, world: World
) -> None:
    small = await _verified(ctx, world, year=2023, category=_title(10))
    large = await _verified(ctx, world, year=2022, category=_title(100))
    before = await _counts(ctx)
    result = await issuance.issue_credentials_bulk(
        ctx,
        world["sh-cac"],
        [
            issuance.IssueCredential(CredentialKind.AWARD, large),
            issuance.IssueCredential(CredentialKind.AWARD, small),
        ],
    )
    assert len(result.issued) == 1
    assert [(f.position, f.code) for f in result.failures] == [(0, ErrorCode.TOO_LARGE)]
    # The refused credential's status index went back: allocations match the credentials.
    assert await _counts(ctx) == (before[0] + 1, before[1] + 1)


@pytest.mark.parametrize(
    ("signing_code", "code", "field"),
    [
        ("CLAIMS_MALFORMED", ErrorCode.INVALID_INPUT, "source_id"),
        ("TOO_LARGE", ErrorCode.TOO_LARGE, "source_id"),
        ("EXPIRED", ErrorCode.INVALID_INPUT, "valid_until"),
    ],
)
async def test_a_signing_refusal_is_a_domain_error(
    ctx: ServiceContext,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    signing_code: str,
    code: ErrorCode,
    field: str,
) -> None:
    source = await _verified(ctx, world, year=2021, category="短视频")

    def refuse(*_: object, **__: object) -> str:
        raise IssuanceError(signing_code, "refused by the signer")

    monkeypatch.setattr(issuance, "issue", refuse)
    with pytest.raises(DomainError) as caught:
        await issuance.issue_credential(
            ctx, world["sh-cac"], issuance.IssueCredential(CredentialKind.AWARD, source)
        )
    assert (caught.value.code, caught.value.field) == (code, field)
    assert "refused by the signer" not in caught.value.message
