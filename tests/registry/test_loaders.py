"""Batch loads for DataLoaders, QR visibility and the VC 2.0 JSON view."""

from __future__ import annotations

import pytest

from registry.domain.credentials import vc_document
from registry.domain.enums import CredentialKind, Platform, Role, WorkType
from registry.errors import ErrorCode, NotAuthenticated, NotFound
from registry.services import awards, creators, health, issuance, loaders, orgs, queries
from registry.services.context import ServiceContext
from tests.registry.conftest import ISSUER, TODAY, World
from tests.registry.helpers import (
    mma_filing,
    new_creator,
    recognition_credential,
    skill_certificate,
    verified_award,
)


async def test_loaders_return_per_key_lists_in_key_order(ctx: ServiceContext, world: World) -> None:
    official = world["sh-cac"]
    first, second = await new_creator(ctx, world), await new_creator(ctx, world)
    for n in range(2):
        await creators.add_work(
            ctx, official, creators.AddWork(second.id, f"作品{n}", WorkType.LIVE_STREAM)
        )
    await creators.add_platform_account(
        ctx, official, creators.AddPlatformAccount(first.id, Platform.DOUYIN, "dy", 5, TODAY)
    )
    keys = [second.id, "cr_unknown", first.id]
    works = await loaders.load_works_of(ctx, official, keys)
    assert [[w.title for w in group] for group in works] == [["作品0", "作品1"], [], []]
    accounts = await loaders.load_platform_accounts_of(ctx, official, keys)
    assert [len(group) for group in accounts] == [0, 0, 1]
    assert accounts[2][0].attested_by == "sh-cac"
    award = await verified_award(ctx, world, first.id)
    grouped = await loaders.load_awards_of(ctx, official, keys)
    assert [[a.id for a in group] for group in grouped] == [[], [], [award]]
    # The evaluator sees none of these creators: it neither registered nor certified them.
    assert await loaders.load_works_of(ctx, world["sh-mma"], keys) == [[], [], []]


async def test_qr_texts_go_to_the_holder_and_the_issuer_only(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    key = [issued.credential.id]
    assert await loaders.load_qr_texts(ctx, world["yp-talent"], key) == [issued.qr_text]
    assert await loaders.load_qr_texts(ctx, world["sh-cac"], key) == [None]
    account = await orgs.create_account(
        ctx,
        world.admin,
        orgs.CreateAccount(
            "creators", "holder-linked", Role.CREATOR, creator_id=issued.credential.creator_id
        ),
    )
    token = await orgs.create_token(ctx, world.admin, account_id=account.id)
    holder = await orgs.authenticate(ctx, token.secret)
    assert await queries.get_credential_qr(ctx, holder, issued.credential.id) == issued.qr_text
    with pytest.raises(NotFound):
        await queries.get_credential_qr(ctx, world["sh-cac"], issued.credential.id)
    credentials = await loaders.load_credentials_of(
        ctx, holder, [issued.credential.creator_id, "cr_other"]
    )
    assert [[c.id for c in group] for group in credentials] == [[issued.credential.id], []]


async def test_vc_documents_per_kind(ctx: ServiceContext, world: World) -> None:
    creator = await new_creator(ctx, world)
    filing = await mma_filing(ctx, world)
    skill = await issuance.issue_credential(
        ctx,
        world["sh-mma"],
        issuance.IssueCredential(
            CredentialKind.SKILL_CERTIFICATE,
            await skill_certificate(ctx, world, creator.id, filing),
        ),
    )
    award = await issuance.issue_credential(
        ctx,
        world["sh-cac"],
        issuance.IssueCredential(
            CredentialKind.AWARD, await verified_award(ctx, world, creator.id)
        ),
    )
    keys = [loaders.document_names_key(i.credential) for i in (skill, award)]
    skill_names, award_names = await loaders.load_document_names(ctx, world["sh-cac"], keys)
    assert skill_names.achievement == "全媒体运营师"
    assert award_names.organisation == "sh-cac name"  # the test world names offices so
    context = f"{ISSUER}/contexts/credentials/v1"
    doc = vc_document(skill.credential, issuer=ISSUER, names=skill_names, context=context)
    assert doc["@context"][-1] == context
    assert doc["type"] == [
        "VerifiableCredential",
        "SkillCertificateCredential",
        "OpenBadgeCredential",
    ]
    assert doc["issuer"]["type"] == ["Profile"]
    subject = doc["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["alignment"][0]["targetCode"] == "4-13-01-05"
    assert (subject["direction"], subject["directionName"]) == ("AV", "视听运营")
    assert subject["skillLevelName"] == "三级/高级工"
    assert achievement["name"] == "全媒体运营师（视听运营） 三级/高级工"
    # Open Badges 3.0: one credentialStatus; the suspension entry beside it.
    assert doc["credentialStatus"]["statusPurpose"] == "revocation"
    assert doc["suspensionStatus"]["statusPurpose"] == "suspension"
    assert subject["identifier"][0]["identityHash"] == "张*"
    assert "name" not in subject
    badge = vc_document(award.credential, issuer=ISSUER, names=award_names, context=context)
    assert "OpenBadgeCredential" in badge["type"]
    assert badge["credentialSubject"]["awardGrade"] == "FIRST"
    assert badge["issuer"]["name"] == "sh-cac name"
    assert badge["name"].startswith("获奖证明：")


async def test_small_reads(ctx: ServiceContext, world: World) -> None:
    await health.ping(ctx)
    programmes = {p.code: p for p in await awards.list_programmes(ctx)}
    assert programmes["CN_POSITIVE_ENERGY"].level.value == "NATIONAL"
    assert not programmes["GZ_JIEBANG"].is_award
    kinds = {code: p.kind.value for code, p in programmes.items()}
    assert kinds == {
        "CN_POSITIVE_ENERGY": "AWARD",
        "SH_SILVER_DOVE": "AWARD",
        "SH_JOURNALISM": "AWARD",
        "SH_CONTENT_REWARD": "CONTENT_REWARD",
        "YP_TRACK_HONOR": "AWARD",
        "HZ_PREMIUM_LIBRARY": "LIBRARY_INCLUSION",
        "GZ_JIEBANG": "TALENT_PROJECT",
    }
    me = await orgs.current_account(ctx, world["yp-talent"])
    assert (me.organisation, me.role) == ("yp-talent", Role.TALENT_OFFICIAL)
    with pytest.raises(NotAuthenticated) as caught:
        await orgs.current_account(ctx, world.admin)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED
