"""Bulk-issue credentials for every recognition, printing a line after each committed batch.

Run by ``test_crash.py`` as a separate process, which it kills with SIGKILL mid-run:

    python -m tests.registry.crash_worker DATABASE_URL BATCH

The key-encryption key comes from CCR_KEK, the issuing official's token from CCR_TOKEN.
"""

from __future__ import annotations

import asyncio
import os
import sys

from sqlalchemy import select

from registry.config import Settings
from registry.db import models as m
from registry.domain.enums import CredentialKind
from registry.runtime import open_registry
from registry.services import issuance, orgs


async def main(database_url: str, batch: int) -> None:
    ctx = await open_registry(Settings.from_env(database_url=database_url))
    try:
        principal = await orgs.authenticate(ctx, os.environ["CCR_TOKEN"])
        async with ctx.uow(read_only=True) as uow:
            sources = list(
                (
                    await uow.session.execute(
                        select(m.Recognition.public_id).order_by(m.Recognition.id)
                    )
                ).scalars()
            )
        requests = [
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, s) for s in sources
        ]

        def committed(done: int, total: int) -> None:
            sys.stdout.write(f"committed {done} {total}\n")
            sys.stdout.flush()

        result = await issuance.issue_credentials_bulk(
            ctx, principal, requests, batch_size=batch, on_batch=committed
        )
        sys.stdout.write(f"done {len(result.issued)} {len(result.failures)}\n")
        sys.stdout.flush()
    finally:
        await ctx.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
