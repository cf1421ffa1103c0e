"""Key rotation, retirement and compromise as verifiers see them; queries and pagination."""

from __future__ import annotations

from datetime import timedelta

import pytest

from registry.domain.enums import CredentialKind, Origin, RecognitionState
from registry.domain.paging import PageRequest
from registry.errors import Conflict, ErrorCode
from registry.services import issuance, keys, queries, recognitions, statuslists
from registry.services.context import ServiceContext
from signing import ErrorCode as VerifyCode
from signing import StatusList, TrustList, VerificationError, verify
from tests.registry.conftest import Clock, World
from tests.registry.helpers import (
    approved_decision,
    new_creator,
    recognised,
    recognition_credential,
)


async def _verify_code(ctx: ServiceContext, text: str) -> VerifyCode | None:
    try:
        verify(text, trust=TrustList.from_jwks(await keys.jwks(ctx)), now=ctx.now())
    except VerificationError as exc:
        return exc.code
    return None


async def test_rotation_publishes_ahead_then_takes_over(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    first = await recognition_credential(ctx, world)
    upcoming = await keys.rotate_signing_key(
        ctx, world.admin, activate_at=ctx.now() + timedelta(hours=1)
    )
    published = {k["kid"]: k for k in (await keys.jwks(ctx))["keys"]}
    assert upcoming.kid in published
    assert published[upcoming.kid]["nbf"] == int(upcoming.activates_at.timestamp())
    second = await recognition_credential(ctx, world)
    assert second.credential.kid == first.credential.kid  # the new key does not sign yet
    clock.advance(hours=2)
    third = await recognition_credential(ctx, world)
    assert third.credential.kid == upcoming.kid
    published = {k["kid"]: k for k in (await keys.jwks(ctx))["keys"]}
    assert published[first.credential.kid]["status"] == "retired"
    assert "exp" in published[first.credential.kid]
    for issued in (first, second, third):
        assert await _verify_code(ctx, issued.qr_text) is None


async def test_compromise_rejects_everything_the_key_signed(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    with pytest.raises(Conflict) as caught:
        await keys.retire_signing_key(ctx, world.admin, issued.credential.kid)
    assert caught.value.code is ErrorCode.LAST_SIGNING_KEY
    await keys.rotate_signing_key(ctx, world.admin)
    result = await keys.compromise_signing_key(
        ctx, world.admin, issued.credential.kid, reason="leaked"
    )
    assert result.affected_credentials == 1
    assert await _verify_code(ctx, issued.qr_text) is VerifyCode.KEY_COMPROMISED
    fresh = await recognition_credential(ctx, world)
    assert fresh.credential.kid != issued.credential.kid
    assert await _verify_code(ctx, fresh.qr_text) is None


async def test_no_signing_key_means_no_issuance(ctx: ServiceContext, world: World) -> None:
    [key] = await keys.list_signing_keys(ctx, world.admin)
    await keys.retire_signing_key(ctx, world.admin, key.kid, force=True)
    creator = await new_creator(ctx, world)
    source = await recognised(ctx, world, creator.id)
    with pytest.raises(Conflict) as caught:
        await issuance.issue_credential(
            ctx,
            world["yp-talent"],
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source),
        )
    assert caught.value.code is ErrorCode.NO_SIGNING_KEY


async def test_the_signed_status_list_verifies_and_tracks_changes(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    list_id = issued.credential.status_list
    before = await statuslists.status_list_document(ctx, list_id)
    decoded = StatusList.from_document(before.document, trust=trust)
    assert decoded.size >= 131_072
    from registry.services import credential_status

    await credential_status.suspend_credential(
        ctx, world["yp-talent"], issued.credential.id, reason="review"
    )
    after = await statuslists.status_list_document(ctx, list_id)
    assert after.version > before.version
    assert after.etag != before.etag
    from signing import StatusPurpose

    assert StatusList.from_document(after.document, trust=trust).is_set(
        StatusPurpose.SUSPENSION, issued.credential.status_index
    )


async def test_keyset_pages_walk_forward_and_back(ctx: ServiceContext, world: World) -> None:
    made = [(await new_creator(ctx, world, name=f"郑{n}")).id for n in range(7)]
    official = world["sh-cac"]
    seen: list[str] = []
    after = None
    for _ in range(10):
        page = await queries.list_creators(ctx, official, PageRequest(first=3, after=after))
        seen.extend(c.id for c in page.items)
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == made
    back = await queries.list_creators(ctx, official, PageRequest(last=2, before=after))
    assert [c.id for c in back.items] == made[3:5]  # the two before the last cursor seen
    assert back.has_previous_page


async def test_filters_narrow_lists(ctx: ServiceContext, world: World) -> None:
    creator = await new_creator(ctx, world, name="冯一")
    await new_creator(ctx, world, name="陈二")
    recognition = await recognised(ctx, world, creator.id)
    official = world["yp-talent"]
    found = await queries.list_creators(
        ctx, official, PageRequest(first=10), queries.CreatorFilter(cluster_code="YP_VJUCHANG")
    )
    assert [c.id for c in found.items] == [creator.id]
    by_name = await queries.list_creators(
        ctx, official, PageRequest(first=10), queries.CreatorFilter(name_contains="陈")
    )
    assert [c.name for c in by_name.items] == ["陈二"]
    foreign = await queries.list_creators(
        ctx, official, PageRequest(first=10), queries.CreatorFilter(origin=Origin.FOREIGN)
    )
    assert foreign.items == []
    await recognitions.suspend_recognition(ctx, official, recognition, reason="check")
    suspended = await queries.list_recognitions(
        ctx, official, PageRequest(first=10), state=RecognitionState.SUSPENDED
    )
    assert [r.id for r in suspended.items] == [recognition]
    decided = await approved_decision(ctx, world)
    issued = await issuance.issue_credential(
        ctx,
        official,
        issuance.IssueCredential(CredentialKind.TALENT_ELIGIBILITY, decided.decision.id),
    )
    mine = await queries.list_credentials(
        ctx,
        official,
        PageRequest(first=10),
        queries.CredentialFilter(
            kind=CredentialKind.TALENT_ELIGIBILITY, creator_id=decided.decision.creator_id
        ),
    )
    assert [c.id for c in mine.items] == [issued.credential.id]
    loaded = await queries.load_credentials(ctx, official, [issued.credential.id, "nope"])
    assert loaded[0] is not None
    assert loaded[1] is None
