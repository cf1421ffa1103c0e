"""Concurrent writers queue: no status index is handed out twice and the chain never forks."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import select

from registry.db import models as m
from registry.domain.enums import CredentialKind
from registry.services import audit_log, credential_status, issuance, orgs
from registry.services.context import ServiceContext
from tests.registry.seeding import issuer_token, seed_recognitions


async def test_parallel_issuers_and_status_changes(ctx: ServiceContext) -> None:
    principal = await orgs.authenticate(ctx, await issuer_token(ctx))
    sources = await seed_recognitions(ctx, 240)
    requests = [issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, s) for s in sources]
    chunks = [requests[n::4] for n in range(4)]
    results = await asyncio.gather(
        *(issuance.issue_credentials_bulk(ctx, principal, chunk, batch_size=15) for chunk in chunks)
    )
    issued = [cid for result in results for cid in result.issued]
    assert len(issued) == len(set(issued)) == 240
    await asyncio.gather(
        *(
            credential_status.suspend_credential(ctx, principal, cid, reason="parallel")
            for cid in issued[:12]
        )
    )
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(select(m.Credential))).scalars().all()
        slots = Counter((row.status_list_id, row.status_index) for row in rows)
    assert max(slots.values()) == 1
    summary = await audit_log.verify_audit_chain(ctx)
    assert summary.events >= 240 + 12
