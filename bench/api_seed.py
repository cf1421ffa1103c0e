"""Bulk creators for the API benchmark: rows written straight through the ORM, in batches.

Registering 100,000 creators one use case at a time would take many minutes; the benchmark
measures reads, so its setup inserts the rows registration writes
(:func:`registry.services.bulk.creator_row`) in large batches.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from registry.config import Settings
from registry.db import models as m
from registry.domain.identity import resident_id_check_char
from registry.runtime import open_registry
from registry.services.bulk import creator_row

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
                born = f"{1970 + i % 35}{1 + i % 12:02d}{1 + i % 28:02d}"
                # The index in the birth-date and serial digits keeps every number unique.
                first17 = f"310110{born}{i % 1000:03d}"
                first17 = first17[:6] + f"{i:012d}"[-8:] + first17[14:]
                rows.append(
                    creator_row(
                        ctx,
                        name=SURNAMES[i % 20] + GIVEN[i % 12] + GIVEN[(i // 12) % 12],
                        resident_id=first17 + resident_id_check_char(first17),
                        region_code="310110",
                        registered_by_org_id=org_id,
                        now=now,
                    )
                )
            async with ctx.uow() as uow:
                await uow.session.execute(insert(m.Creator), rows)
                await uow.commit()
        return count
    finally:
        await ctx.aclose()
