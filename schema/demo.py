"""A believable demo registry, built only through registry services (``ccr serve --demo``).

Organisations: the operator, 上海市委网信办 (awards), 杨浦区人才局 (recognitions, 优享计划
tiers), 海珠区人社局 (green cards), 上海市多媒体行业协会 and 咪咕视讯 (evaluation institutions
with 全媒体运营师 filings), bilibili (a partner, with an API client), a creators' community and
an audit office.
Thirty-six creators in Yangpu, Huangpu and Haizhu with platform accounts, works, awards,
skill certificates and recognitions, and credentials of all four kinds: one of them revoked,
one suspended. Seeding runs once; every start issues fresh demo tokens.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from registry.authz import Principal
from registry.domain.enums import (
    AwardGrade,
    CreatorKind,
    CredentialKind,
    FilingScope,
    IdDocumentType,
    IdentityForm,
    InstitutionCategory,
    OrgKind,
    Origin,
    Platform,
    Role,
    WorkType,
)
from registry.domain.identity import resident_id_check_char
from registry.domain.orgs import uscc_check_char
from registry.domain.skills import Direction, SkillLevel
from registry.errors import DomainError, NotFound
from registry.services import (
    awards,
    certificates,
    creators,
    credential_status,
    eligibility,
    filings,
    issuance,
    orgs,
    partners,
    recognitions,
)
from registry.services.context import ServiceContext
from registry.services.sources import IssueCredential

__all__ = ["DEMO_ACCOUNTS", "DEMO_CLIENT", "DemoSeed", "seed_demo"]

OPERATOR = Principal.system("demo")

# code, name, English name, kind, region
ORGANISATIONS = (
    ("registry-ops", "注册中心运营", "Registry operations", OrgKind.OPERATOR, "000000"),
    (
        "sh-cac",
        "上海市委网信办",
        "Shanghai Cyberspace Affairs Office",
        OrgKind.CAC_OFFICE,
        "310000",
    ),
    ("yp-talent", "杨浦区人才局", "Yangpu District Talent Bureau", OrgKind.TALENT_OFFICE, "310110"),
    (
        "hz-hrss",
        "海珠区人社局",
        "Haizhu District Human Resources and Social Security Bureau",
        OrgKind.HRSS_BUREAU,
        "440105",
    ),
    (
        "sh-hrss",
        "上海市人力资源和社会保障局",
        "Shanghai Municipal Human Resources and Social Security Bureau",
        OrgKind.HRSS_BUREAU,
        "310000",
    ),
    (
        "sh-mma",
        "上海市多媒体行业协会",
        "Shanghai Multimedia Industry Association",
        OrgKind.EVALUATION_INSTITUTION,
        "310000",
    ),
    (
        "migu",
        "咪咕视讯科技有限公司",
        "MIGU Video Technology Co., Ltd.",
        OrgKind.EVALUATION_INSTITUTION,
        "310000",
    ),
    ("bilibili", "哔哩哔哩", "Bilibili", OrgKind.PLATFORM, "310000"),
    ("creators", "个人创作者", "Individual creators", OrgKind.CREATOR_COMMUNITY, "310000"),
    ("sh-audit", "上海市审计监督办公室", "Shanghai Audit Office", OrgKind.AUDIT_OFFICE, "310000"),
)
# organisation, username, role: the accounts demo tokens are printed for.
DEMO_ACCOUNTS = (
    ("registry-ops", "demo-admin", Role.SYSTEM_ADMIN),
    ("sh-cac", "cac-official", Role.CAC_OFFICIAL),
    ("yp-talent", "talent-official", Role.TALENT_OFFICIAL),
    ("hz-hrss", "hrss-official", Role.HRSS_OFFICIAL),
    ("sh-hrss", "hrss-official", Role.HRSS_OFFICIAL),  # keeps Shanghai's filings (备案)
    ("sh-mma", "evaluator", Role.EVALUATOR),
    ("migu", "evaluator", Role.EVALUATOR),
    ("sh-audit", "auditor", Role.AUDITOR),
)
# bilibili's API client: it checks creators' credentials for its creator badge and its
# content-reward programme, and may learn validity and achievement but not the holder's name.
DEMO_CLIENT = partners.CreateApiClient(
    organisation="bilibili",
    name="哔哩哔哩创作者认证",
    purposes=("CREATOR_BADGE", "CONTENT_REWARD"),
    scopes=("verify:result", "verify:achievement"),
)
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN = (
    "小雨",
    "一鸣",
    "思远",
    "嘉怡",
    "子涵",
    "浩然",
    "雪婷",
    "俊杰",
    "欣然",
    "明轩",
    "诗琪",
    "宇航",
)
REGIONS = ("310110", "310110", "310110", "310101", "440105")
PLATFORMS = (Platform.BILIBILI, Platform.XIAOHONGSHU, Platform.DOUYIN, Platform.WEIBO)
WORKS = (
    ("苏州河边的一百种早餐", WorkType.AUDIO_VIDEO),
    ("杨浦滨江工业遗存漫游", WorkType.AUDIO_VIDEO),
    ("老弄堂里的非遗手艺", WorkType.IMAGE),
    ("琶洲夜色直播间", WorkType.LIVE_STREAM),
    ("外卖骑手的一天", WorkType.MICRO_DRAMA),
    ("数说长三角", WorkType.SPECIAL_COLUMN),
)


@dataclass(slots=True)
class DemoSeed:
    tokens: list[tuple[str, str, str]] = field(default_factory=list)  # role, who, token
    notes: list[str] = field(default_factory=list)


def _resident_id(rng: random.Random, region: str, born: date) -> str:
    body = f"{region}{born:%Y%m%d}{rng.randrange(100, 999)}"
    return body + resident_id_check_char(body)


def _uscc(rng: random.Random) -> str:
    body = "91310110" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc_check_char(body)


async def _principal(ctx: ServiceContext, org: str, username: str, role: Role) -> Principal:
    account = await orgs.ensure_account(
        ctx, OPERATOR, orgs.CreateAccount(organisation=org, username=username, role=role)
    )
    issued = await orgs.create_token(ctx, OPERATOR, account_id=account.id, label="demo-seed")
    return await orgs.authenticate(ctx, issued.secret)


async def _already_seeded(ctx: ServiceContext) -> bool:
    try:
        await orgs.get_organisation(ctx, OPERATOR, "sh-cac")
    except NotFound:
        return False
    return True


async def _organisations(ctx: ServiceContext) -> None:
    existing = {org.id for org in await orgs.list_organisations(ctx, OPERATOR)}
    for code, name, name_en, kind, region in ORGANISATIONS:
        if code not in existing:
            await orgs.create_organisation(
                ctx, OPERATOR, orgs.CreateOrganisation(code, name, kind, region, name_en=name_en)
            )


async def _filings(ctx: ServiceContext) -> dict[str, str]:
    """A 全媒体运营师 filing for each institution: filing id by organisation code."""
    found = {}
    for org, category, institution, serial in (
        ("sh-mma", InstitutionCategory.S, "0000", "000012"),
        ("migu", InstitutionCategory.Y, "0000", "000031"),
    ):
        filing = await filings.file_filing(
            ctx,
            OPERATOR,
            filings.FileFiling(
                organisation=org,
                occupation_code="4-13-01-05",
                directions=tuple(d.value for d in Direction),
                levels=(SkillLevel.L4, SkillLevel.L3, SkillLevel.L2, SkillLevel.L1),
                scope=FilingScope.PROVINCIAL,
                province_code="31",
                category=category,
                institution_code=institution,
                site_serial=serial,
                valid_from=date(2023, 1, 1),
                valid_until=date(2028, 12, 31),
                reference=f"沪人社职备〔2023〕{serial[-2:]}号",
            ),
        )
        found[org] = filing.id
    return found


@dataclass(frozen=True, slots=True)
class DemoCreator:
    id: str
    holder: certificates.Holder  # as an exam roster names the creator


async def _register(
    ctx: ServiceContext, who: Principal, rng: random.Random, n: int
) -> list[DemoCreator]:
    ids = []
    for i in range(n):
        region = REGIONS[i % len(REGIONS)]
        born = date(1988 + i % 12, 1 + i % 12, 1 + i % 27)
        if i == 7:
            command = creators.RegisterCreator(
                name="黑石映画工作室",
                origin=Origin.DOMESTIC,
                id_document_type=IdDocumentType.USCC,
                id_number=_uscc(rng),
                kind=CreatorKind.STUDIO,
                identity_form=IdentityForm.STUDIO,
                region_code=region,
            )
        elif i == 11:
            command = creators.RegisterCreator(
                name="Lena Fischer",
                origin=Origin.FOREIGN,
                id_document_type=IdDocumentType.PASSPORT,
                id_number=f"C{rng.randrange(10**7):08d}",
                identity_form=IdentityForm.BLOGGER,
                region_code=region,
            )
        else:
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 5) % len(GIVEN)]
            command = creators.RegisterCreator(
                name=name,
                origin=Origin.DOMESTIC,
                id_document_type=IdDocumentType.RESIDENT_ID,
                id_number=_resident_id(rng, region, born),
                identity_form=(IdentityForm.UPLOADER, IdentityForm.BLOGGER)[i % 2],
                region_code=region,
            )
        creator = await creators.register_creator(ctx, who, command)
        holder = certificates.Holder(command.id_document_type, command.id_number, command.name)
        ids.append(DemoCreator(creator.id, holder))
        for j, platform in enumerate(PLATFORMS[: 1 + i % 3]):
            followers = rng.randrange(20_000, 3_000_000)
            await creators.add_platform_account(
                ctx,
                who,
                creators.AddPlatformAccount(
                    creator_id=creator.id,
                    platform=platform,
                    handle=f"creator{i:02d}_{j}",
                    followers=followers,
                    measured_on=date(2025, 6, 30),
                    percentile=Decimal((1, 4, 7, 12)[(i + j) % 4]),
                ),
            )
        title, work_type = WORKS[i % len(WORKS)]
        await creators.add_work(
            ctx,
            who,
            creators.AddWork(
                creator_id=creator.id,
                title=title,
                work_type=work_type,
                platform=PLATFORMS[0],
                published_on=date(2025, 3, 1 + i % 28),
            ),
        )
    return ids


Issued = tuple[str, CredentialKind, Principal]  # credential id, kind, its issuer


async def _issue(
    ctx: ServiceContext, who: Principal, kind: CredentialKind, source_id: str
) -> Issued:
    issued = await issuance.issue_credential(ctx, who, IssueCredential(kind, source_id))
    return issued.credential.id, kind, who


async def _decided(
    ctx: ServiceContext, who: Principal, creator_id: str, programme: str
) -> Issued | None:
    """An approved decision at the tier the creator reaches, with its credential; None when
    the creator reaches no tier (the demo records no refusals)."""
    try:
        decision = await eligibility.decide_eligibility(
            ctx,
            who,
            eligibility.DecideEligibility(
                creator_id=creator_id,
                programme_code=programme,
                tier=None,
                approve=True,
                reason="演示数据：材料齐全，经审核符合条件",
                decided_on=ctx.now().date(),
                issue_credential=True,
            ),
        )
    except DomainError:
        return None
    assert decision.credential is not None
    return decision.credential.credential.id, CredentialKind.TALENT_ELIGIBILITY, who


async def _records(
    ctx: ServiceContext,
    people: dict[str, Principal],
    demo_creators: Sequence[DemoCreator],
    filing_ids: dict[str, str],
) -> list[Issued]:
    cac, talent, hrss = people["sh-cac"], people["yp-talent"], people["hz-hrss"]
    issued: list[Issued] = []
    programmes = ("CN_POSITIVE_ENERGY", "SH_CONTENT_REWARD", "SH_SILVER_DOVE", "YP_TRACK_HONOR")
    grades = (AwardGrade.SELECTED, AwardGrade.FIRST, AwardGrade.SECOND, AwardGrade.TOP10)
    for i, demo_creator in enumerate(demo_creators):
        creator_id = demo_creator.id
        region = REGIONS[i % len(REGIONS)]
        if i % 3 == 0:
            grant = await awards.record_award(
                ctx,
                cac,
                awards.RecordAward(
                    programme_code=programmes[i % 4],
                    edition_year=2024 + i % 2,
                    grade=grades[i % 4],
                    creator_id=creator_id,
                    category="音视频",
                    granted_on=date(2024 + i % 2, 11, 20),
                    evidence_doc_no=f"沪网信〔{2024 + i % 2}〕{10 + i}号",
                ),
            )
            await awards.start_award_verification(ctx, cac, grant.id)
            await awards.verify_award(ctx, cac, grant.id)
            issued.append(await _issue(ctx, cac, CredentialKind.AWARD, grant.id))
        if i % 4 == 1 and i != 11:
            org = "sh-mma" if i % 8 == 1 else "migu"
            filing = await filings.get_filing(ctx, OPERATOR, filing_ids[org])
            level = (SkillLevel.L3, SkillLevel.L4, SkillLevel.L2)[i % 3]
            issued_on = date(2025, 5, 10)
            number = f"{filing.prefix}{issued_on.year % 100:02d}{level.digit}{100 + i:06d}"
            certificate = await certificates.record_skill_certificate(
                ctx,
                people[org],
                certificates.RecordSkillCertificate(
                    holder=demo_creator.holder,
                    filing_id=filing.id,
                    number=number,
                    level=level,
                    issued_on=issued_on,
                    direction=(Direction.AUDIOVISUAL_OPS, Direction.LIVESTREAM_OPS)[i % 2].value,
                    theory_score=82,
                    practical_score=88,
                    review_score=90 if level is SkillLevel.L2 else None,
                ),
            )
            issued.append(
                await _issue(ctx, people[org], CredentialKind.SKILL_CERTIFICATE, certificate.id)
            )
        if region == "310110" and i % 2 == 0:
            recognition = await recognitions.recognise_creator(
                ctx,
                talent,
                recognitions.RecogniseCreator(
                    creator_id=creator_id,
                    cluster_code="YP_VJUCHANG",
                    recognised_on=date(2025, 8, 1),
                    valid_until=date(2028, 7, 31),
                    decision_ref=f"杨人才认〔2025〕{i + 1}号",
                ),
            )
            issued.append(
                await _issue(ctx, talent, CredentialKind.CREATOR_RECOGNITION, recognition.id)
            )
            if i % 12 == 0:  # others stay undecided, for an official to decide
                decided = await _decided(ctx, talent, creator_id, "YP_YOUXIANG")
                if decided is not None:
                    issued.append(decided)
        if region == "440105" and i % 2 == 1:
            decided = await _decided(ctx, hrss, creator_id, "HZ_GREEN_CARD_B")
            if decided is not None:
                issued.append(decided)
    return issued


async def _waiting(
    ctx: ServiceContext, people: dict[str, Principal], demo_creators: Sequence[DemoCreator]
) -> None:
    """Work waiting for the offices, so their queues are not empty on the first day: two award
    claims the network information office has not decided yet, and one application for
    recognition in Yangpu."""
    cac = people["sh-cac"]
    for i, programme in ((4, "SH_CONTENT_REWARD"), (7, "CN_POSITIVE_ENERGY")):
        grant = await awards.record_award(
            ctx,
            cac,
            awards.RecordAward(
                programme_code=programme,
                edition_year=2025,
                grade=AwardGrade.SELECTED,
                creator_id=demo_creators[i].id,
                category="音视频",
                granted_on=date(2025, 11, 20),
                evidence_doc_no=f"沪网信〔2025〕{40 + i}号",
            ),
        )
        if i == 7:
            await awards.start_award_verification(ctx, cac, grant.id)
    await recognitions.apply_for_recognition(
        ctx,
        people["yp-talent"],
        recognitions.ApplyForRecognition(
            creator_id=demo_creators[1].id, cluster_code="YP_VJUCHANG"
        ),
    )


async def _first_seed(ctx: ServiceContext, seed: DemoSeed) -> None:
    rng = random.Random(20250715)  # noqa: S311 - reproducible demo data, not secrets
    await _organisations(ctx)
    people = {org: await _principal(ctx, org, user, role) for org, user, role in DEMO_ACCOUNTS}
    await partners.create_api_client(ctx, OPERATOR, DEMO_CLIENT)
    filing_ids = await _filings(ctx)
    demo_creators = await _register(ctx, people["yp-talent"], rng, 36)
    creator_ids = [c.id for c in demo_creators]
    issued = await _records(ctx, people, demo_creators, filing_ids)
    await _waiting(ctx, people, demo_creators)
    # One credential revoked and one suspended (not the demo creator's, whose all stay valid),
    # so every verification outcome can be tried.
    revoked = [i for i in issued if i[1] is CredentialKind.AWARD][1]
    suspended = [i for i in issued if i[1] is CredentialKind.CREATOR_RECOGNITION][1]
    await credential_status.revoke_credential(ctx, revoked[2], revoked[0], reason="演示：撤销")
    await credential_status.suspend_credential(ctx, suspended[2], suspended[0], reason="演示：暂停")
    await orgs.ensure_account(
        ctx,
        OPERATOR,
        orgs.CreateAccount(
            organisation="creators",
            username="creator",
            role=Role.CREATOR,
            creator_id=creator_ids[0],
            display_name="张小雨",
        ),
    )
    seed.notes.append(
        f"Seeded {len(ORGANISATIONS)} organisations, {len(creator_ids)} creators and "
        f"{len(issued)} credentials (one revoked, one suspended)."
    )


async def seed_demo(ctx: ServiceContext, *, token_lifetime: timedelta) -> DemoSeed:
    """Seed once, then issue one fresh token for every demo account."""
    seed = DemoSeed()
    if not await _already_seeded(ctx):
        await _first_seed(ctx, seed)
    expires = ctx.now() + token_lifetime
    for org, username, role in (*DEMO_ACCOUNTS, ("creators", "creator", Role.CREATOR)):
        account = await orgs.ensure_account(
            ctx, OPERATOR, orgs.CreateAccount(organisation=org, username=username, role=role)
        )
        issued = await orgs.create_token(
            ctx, OPERATOR, account_id=account.id, label="demo", expires_at=expires
        )
        seed.tokens.append((role.value, f"{username}@{org}", issued.secret))
    for client in await partners.list_api_clients(ctx, OPERATOR):
        if client.organisation == DEMO_CLIENT.organisation and client.revoked_at is None:
            issued = await orgs.create_token(
                ctx, OPERATOR, account_id=client.account_id, label="demo", expires_at=expires
            )
            who = f"api-client@{client.organisation}"
            seed.tokens.append((Role.PARTNER.value, who, issued.secret))
            break
    return seed
