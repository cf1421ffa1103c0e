"""Fast seeding for bulk runs (the crash test and ``bench/issue.py``).

Organisations, the issuing account and the signing key go through the services; the thousands
of creators (:func:`registry.services.bulk.creator_row`) and recognitions to attest are
inserted directly, many rows per statement, since only issuance is under test.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from registry.authz import Principal
from registry.db import models as m
from registry.domain.enums import (
    OrgKind,
    RecognitionState,
    Role,
)
from registry.domain.identity import resident_id_check_char
from registry.errors import Conflict
from registry.services import keys, orgs
from registry.services.bulk import creator_row
from registry.services.common import new_public_id
from registry.services.context import ServiceContext

__all__ = ["issuer_token", "seed_recognitions"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


async def issuer_token(ctx: ServiceContext) -> str:
    """A bearer token for a Yangpu talent official (organisations created on first call)."""
    admin = Principal.system()
    for code, kind, region in (
        ("operator", OrgKind.OPERATOR, "000000"),
        ("yp-talent", OrgKind.TALENT_OFFICE, "310110"),
    ):
        with contextlib.suppress(Conflict):
            await orgs.create_organisation(
                ctx, admin, orgs.CreateOrganisation(code, code, kind, region)
            )
    account = await orgs.ensure_account(
        ctx, admin, orgs.CreateAccount("yp-talent", "bulk", Role.TALENT_OFFICIAL)
    )
    await keys.ensure_signing_key(ctx, admin)
    # Worker processes authenticate on the wall clock, tests on their fixed one: valid on both.
    expires = max(ctx.now(), datetime.now(UTC)) + timedelta(days=1)
    issued = await orgs.create_token(ctx, admin, account_id=account.id, expires_at=expires)
    return issued.secret


async def seed_recognitions(ctx: ServiceContext, count: int, *, chunk: int = 1000) -> list[str]:
    """``count`` creators, each recognised in Yangpu's V聚场; returns the recognition ids."""
    now = ctx.now()
    ids: list[str] = []
    async with ctx.uow() as uow:
        org_id = (
            await uow.session.execute(
                select(m.Organisation.id).where(m.Organisation.code == "yp-talent")
            )
        ).scalar_one()
        for start in range(0, count, chunk):
            creators = []
            for n in range(start, min(start + chunk, count)):
                born = date(1970, 1, 1) + timedelta(days=n // 1000)
                first17 = f"310110{born:%Y%m%d}{n % 1000:03d}"
                creators.append(
                    creator_row(
                        ctx,
                        name=SURNAMES[n % len(SURNAMES)] + "某" + str(n),
                        resident_id=first17 + resident_id_check_char(first17),
                        region_code="310110",
                        registered_by_org_id=org_id,
                        now=now,
                    )
                )
            creator_ids = (
                (
                    await uow.session.execute(
                        insert(m.Creator).returning(m.Creator.id, sort_by_parameter_order=True),
                        creators,
                    )
                )
                .scalars()
                .all()
            )
            recognitions = [
                {
                    "public_id": new_public_id("rc"),
                    "creator_id": creator_id,
                    "cluster_code": "YP_VJUCHANG",
                    "region_code": "310110",
                    "organisation_id": org_id,
                    "state": RecognitionState.ACTIVE,
                    "recognised_on": date(2026, 1, 1),
                    "valid_until": date(2030, 12, 31),
                    "created_at": now,
                    "updated_at": now,
                }
                for creator_id in creator_ids
            ]
            await uow.session.execute(insert(m.Recognition), recognitions)
            ids.extend(str(r["public_id"]) for r in recognitions)
        await uow.commit()
    return ids
