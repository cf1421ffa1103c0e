from __future__ import annotations

import pytest

from registry.domain.enums import CredentialKind, CredentialStatus, OperationCode
from registry.errors import Conflict, ErrorCode
from registry.services import (
    audit_log,
    credential_status,
    issuance,
    keys,
    recognitions,
    statuslists,
)
from registry.services.context import ServiceContext
from signing import ErrorCode as VerifyCode
from signing import TrustList, VerificationError, verify
from tests.registry.conftest import World
from tests.registry.helpers import (
    approved_decision,
    mma_filing,
    new_creator,
    recognised,
    recognition_credential,
    skill_certificate,
    verified_award,
)


async def _check(ctx: ServiceContext, text: str) -> VerifyCode | None:
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    lists = await statuslists.status_lists_snapshot(ctx)
    try:
        verify(text, trust=trust, status=lists, now=ctx.now())
    except VerificationError as exc:
        return exc.code
    return None


async def test_issued_credential_verifies_with_masked_claims(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    assert await _check(ctx, issued.qr_text) is None
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    claims = verify(issued.qr_text, trust=trust, now=ctx.now()).claims
    assert claims.subject_name == "张*"
    assert claims.achievement.code == "YP_VJUCHANG"
    assert claims.status is not None
    assert (claims.status.list_id, claims.status.index) == (
        issued.credential.status_list,
        issued.credential.status_index,
    )
    assert [op.code for op in issued.credential.operations] == [OperationCode.ISSUE]


async def test_suspend_reinstate_revoke_flip_the_status_list(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    official = world["yp-talent"]
    suspended = await credential_status.suspend_credential(
        ctx, official, issued.credential.id, reason="under review"
    )
    assert suspended.status is CredentialStatus.SUSPENDED
    assert await _check(ctx, issued.qr_text) is VerifyCode.SUSPENDED
    await credential_status.reinstate_credential(ctx, official, issued.credential.id)
    assert await _check(ctx, issued.qr_text) is None
    revoked = await credential_status.revoke_credential(
        ctx, official, issued.credential.id, reason="error"
    )
    assert [op.code for op in revoked.operations] == [
        OperationCode.ISSUE,
        OperationCode.SUSPEND,
        OperationCode.REINSTATE,
        OperationCode.CANCEL,
    ]
    assert await _check(ctx, issued.qr_text) is VerifyCode.REVOKED
    with pytest.raises(Conflict) as caught:
        await credential_status.reinstate_credential(ctx, official, issued.credential.id)
    assert caught.value.code is ErrorCode.INVALID_STATE
    summary = await audit_log.verify_audit_chain(ctx)
    assert summary.events > 0


async def test_every_kind_issues(ctx: ServiceContext, world: World) -> None:
    creator = await new_creator(ctx, world)
    award = await verified_award(ctx, world, creator.id)
    filing = await mma_filing(ctx, world)
    cert = await skill_certificate(ctx, world, creator.id, filing)
    for principal, command in (
        (world["sh-cac"], issuance.IssueCredential(CredentialKind.AWARD, award)),
        (world["sh-mma"], issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, cert)),
    ):
        issued = await issuance.issue_credential(ctx, principal, command)
        assert await _check(ctx, issued.qr_text) is None
    decided = await approved_decision(ctx, world)
    eligible = await issuance.issue_credential(
        ctx,
        world["yp-talent"],
        issuance.IssueCredential(CredentialKind.TALENT_ELIGIBILITY, decided.decision.id),
    )
    assert eligible.credential.achievement == {
        "code": "YP_YOUXIANG",
        "level": decided.decision.tier,
        "region": "310110",
    }
    skill = [c for c in [eligible] if c]
    assert skill


async def test_second_live_credential_for_a_record_is_refused(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    source = await recognised(ctx, world, creator.id)
    command = issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source)
    await issuance.issue_credential(ctx, world["yp-talent"], command)
    with pytest.raises(Conflict) as caught:
        await issuance.issue_credential(ctx, world["yp-talent"], command)
    assert caught.value.code is ErrorCode.ALREADY_ISSUED


async def test_revoking_a_recognition_revokes_its_credentials(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    source = issued.credential.source_id
    await recognitions.suspend_recognition(ctx, world["yp-talent"], source, reason="review")
    assert await _check(ctx, issued.qr_text) is VerifyCode.SUSPENDED
    await recognitions.revoke_recognition(ctx, world["yp-talent"], source, reason="fraud")
    assert await _check(ctx, issued.qr_text) is VerifyCode.REVOKED


async def test_renewal_supersedes_the_old_credential(ctx: ServiceContext, world: World) -> None:
    issued = await recognition_credential(ctx, world)
    renewed = await issuance.reissue_credential(
        ctx,
        world["yp-talent"],
        issued.credential.id,
        operation=OperationCode.RENEW,
        reason="new term",
    )
    assert renewed.credential.id != issued.credential.id
    assert await _check(ctx, issued.qr_text) is VerifyCode.REVOKED
    assert await _check(ctx, renewed.qr_text) is None


async def test_bulk_issuance_commits_by_batch(ctx: ServiceContext, world: World) -> None:
    sources = []
    for n in range(7):
        creator = await new_creator(ctx, world, name=f"李{n}")
        sources.append(await recognised(ctx, world, creator.id))
    requests = [
        issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, s) for s in sources
    ] + [issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, "rc_missing")]
    progress: list[tuple[int, int]] = []
    result = await issuance.issue_credentials_bulk(
        ctx,
        world["yp-talent"],
        requests,
        batch_size=3,
        on_batch=lambda done, total: progress.append((done, total)),
    )
    assert len(result.issued) == 7
    assert [(f.position, f.code) for f in result.failures] == [(7, ErrorCode.NOT_FOUND)]
    assert progress == [(3, 8), (6, 8), (8, 8)]
    await audit_log.verify_audit_chain(ctx)
