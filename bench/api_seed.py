"""Bulk creators for the API benchmark: rows written straight through the ORM, in batches.

Registering 100,000 creators one use case at a time would take many minutes; the benchmark
measures reads, so its setup writes the same rows the registry would (sealed, hashed and
masked ID numbers) in large batches. Not for real data: no audit events are written.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from registry.config import Settings
from registry.db import models as m
from registry.domain.enums import CreatorKind, IdDocumentType, IdentityForm, Origin
from registry.domain.identity import mask_id_number, resident_id_check_char
from registry.runtime import open_registry
from registry.services.common import new_public_id
from registry.services.creators import id_number_context

BATCH = 5_000
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN = "雨鸣远怡涵然婷杰欣轩琪航"


async def add_creators(settings: Settings, count: int) -> int:
    ctx = await open_registry(settings)
    try:
        async with ctx.uow() as uow:
            org_id = (
                await uow.session.execute(
                    select(m.Organisation.id).where(m.Organisation.code == "yp-talent")
                )
            ).scalar_one()
        now = datetime.now(UTC)
        for start in range(0, count, BATCH):
            rows = []
            for i in range(start, min(count, start + BATCH)):
                first17 = f"310110{1970 + i % 35}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
                number = first17 + resident_id_check_char(first17)
                # Serial digits repeat every 1,000: make the number unique with the index.
                number = number[:6] + f"{i:012d}"[-8:] + number[14:]
                first17 = number[:17]
                number = first17 + resident_id_check_char(first17)
                public_id = new_public_id("cr")
                rows.append(
                    {
                        "public_id": public_id,
                        "kind": CreatorKind.PERSON,
                        "identity_form": IdentityForm.UPLOADER,
                        "name": SURNAMES[i % 20] + GIVEN[i % 12] + GIVEN[(i // 12) % 12],
                        "origin": Origin.DOMESTIC,
                        "id_document_type": IdDocumentType.RESIDENT_ID,
                        "id_number_sealed": ctx.vault.seal(
                            number, context=id_number_context(public_id)
                        ),
                        "id_number_hash": ctx.vault.lookup_hash(IdDocumentType.RESIDENT_ID, number),
                        "id_number_masked": mask_id_number(number),
                        "region_code": "310110",
                        "registered_by_org_id": org_id,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            async with ctx.uow() as uow:
                await uow.session.execute(insert(m.Creator), rows)
                await uow.commit()
        return count
    finally:
        await ctx.aclose()
