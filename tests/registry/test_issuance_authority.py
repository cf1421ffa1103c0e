"""What a credential says comes from the record in force, never from the caller.

A TALENT_ELIGIBILITY credential attests one approved decision (its tier, region and validity);
a SKILL_CERTIFICATE credential is signed only while the institution's filing is active and
covers the certificate.
"""

from __future__ import annotations

import pytest

from registry.domain.enums import CredentialKind
from registry.errors import DomainError, ErrorCode
from registry.services import eligibility, filings, issuance, recognitions
from registry.services.context import ServiceContext
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import (
    approved_decision,
    mma_filing,
    new_creator,
    skill_certificate,
    top_creator,
)

ELIGIBILITY = CredentialKind.TALENT_ELIGIBILITY


async def _code(call: object) -> ErrorCode:
    with pytest.raises(DomainError) as refused:
        await call  # type: ignore[misc]
    return refused.value.code


async def test_eligibility_credential_says_what_the_decision_decided(
    ctx: ServiceContext, world: World
) -> None:
    decided = await approved_decision(ctx, world)
    issued = await issuance.issue_credential(
        ctx,
        world["yp-talent"],
        issuance.IssueCredential(ELIGIBILITY, decided.decision.id),
    )
    assert issued.credential.achievement == {
        "code": "YP_YOUXIANG",
        "level": decided.decision.tier,
        "region": "310110",
    }
    [decision] = await eligibility.list_decisions(
        ctx, world["yp-talent"], decided.decision.creator_id
    )
    assert decision.credential_id == issued.credential.id
    again = issuance.issue_credential(
        ctx, world["yp-talent"], issuance.IssueCredential(ELIGIBILITY, decided.decision.id)
    )
    assert await _code(again) is ErrorCode.ALREADY_ISSUED


async def test_a_refusal_or_a_creator_id_is_not_a_decision(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    refusal = await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        eligibility.DecideEligibility(creator.id, "YP_YOUXIANG", None, False, "未认定", TODAY),
    )
    official = world["yp-talent"]
    refused = issuance.issue_credential(
        ctx, official, issuance.IssueCredential(ELIGIBILITY, refusal.decision.id)
    )
    assert await _code(refused) is ErrorCode.INVALID_STATE
    # The old free-form request named a creator: that is no decision.
    by_creator = issuance.issue_credential(
        ctx, official, issuance.IssueCredential(ELIGIBILITY, creator.id)
    )
    assert await _code(by_creator) is ErrorCode.NOT_FOUND


async def test_another_offices_decision_is_not_found(ctx: ServiceContext, world: World) -> None:
    decided = await approved_decision(ctx, world)
    haizhu = world["hz-talent"]
    other = issuance.issue_credential(
        ctx, haizhu, issuance.IssueCredential(ELIGIBILITY, decided.decision.id)
    )
    assert await _code(other) is ErrorCode.NOT_FOUND


async def test_a_decision_no_longer_in_force_is_not_attested(
    ctx: ServiceContext, world: World
) -> None:
    creator, recognition = await top_creator(ctx, world)
    decided = await approved_decision(ctx, world, creator)
    # The grant rests on the recognition: revoking it revokes the decision.
    await recognitions.revoke_recognition(ctx, world["yp-talent"], recognition, reason="撤销")
    after = issuance.issue_credential(
        ctx, world["yp-talent"], issuance.IssueCredential(ELIGIBILITY, decided.decision.id)
    )
    assert await _code(after) is ErrorCode.INVALID_STATE


async def test_a_suspended_or_withdrawn_filing_signs_nothing(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    filing = await mma_filing(ctx, world)
    first = await skill_certificate(ctx, world, creator.id, filing)
    second = await skill_certificate(ctx, world, creator.id, filing)
    institution = world["sh-mma"]

    def sign(source: str) -> object:
        return issuance.issue_credential(
            ctx, institution, issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, source)
        )

    await filings.suspend_filing(ctx, world["sh-hrss"], filing.id)
    assert await _code(sign(first)) is ErrorCode.OUTSIDE_FILING
    await filings.reinstate_filing(ctx, world["sh-hrss"], filing.id)
    assert (await sign(first)).credential.kind is CredentialKind.SKILL_CERTIFICATE  # type: ignore[attr-defined]
    await filings.withdraw_filing(ctx, world["sh-hrss"], filing.id)
    assert await _code(sign(second)) is ErrorCode.OUTSIDE_FILING
