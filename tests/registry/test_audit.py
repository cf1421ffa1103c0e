"""The audit chain: every change is on it, and any edited or deleted row is named."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from sqlalchemy import delete, select, update

from registry.audit import GENESIS, AuditRecord, link_hash, reason_digest
from registry.db import models as m
from registry.errors import AuditChainError
from registry.services import audit_log, credential_status
from registry.services.context import ServiceContext
from tests.registry.conftest import World
from tests.registry.helpers import recognition_credential


async def _ccr(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from registry.cli import main; main()",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def _tamper(ctx: ServiceContext, how: str, seq: int) -> None:
    async with ctx.uow() as uow:
        session = uow.session
        if how == "edit":
            await session.execute(
                update(m.AuditEvent).where(m.AuditEvent.seq == seq).values(actor="someone-else")
            )
        elif how == "edit-and-rehash":
            row = (
                await session.execute(select(m.AuditEvent).where(m.AuditEvent.seq == seq))
            ).scalar_one()
            row.action = "credential.nothing"
            row.hash = link_hash(row.prev_hash, seq, AuditRecord.from_row(row))
        elif how in ("delete", "delete-tail"):
            await session.execute(delete(m.AuditEvent).where(m.AuditEvent.seq == seq))
        await session.commit()


async def test_every_change_is_chained(ctx: ServiceContext, world: World) -> None:
    await recognition_credential(ctx, world)
    summary = await audit_log.verify_audit_chain(ctx)
    async with ctx.uow(read_only=True) as uow:
        rows = (
            await uow.session.execute(select(m.AuditEvent).order_by(m.AuditEvent.seq))
        ).scalars()
        actions = [row.action for row in rows]
    assert summary.events == len(actions)
    assert actions[0] == "organisation.create"
    assert actions[-2:] == ["recognition.grant", "credential.issue"]
    assert summary.head_hash != GENESIS


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("edit", "altered"),
        ("edit-and-rehash", "does not link"),
        ("delete", "missing"),
        ("delete-tail", "missing"),
    ],
)
async def test_a_tampered_chain_names_its_first_broken_link(
    ctx: ServiceContext, world: World, database_url: str, how: str, expected: str
) -> None:
    await recognition_credential(ctx, world)
    summary = await audit_log.verify_audit_chain(ctx)
    seq = summary.head_seq if how == "delete-tail" else 7
    await _tamper(ctx, how, seq)
    first_bad = seq + 1 if how == "edit-and-rehash" else seq
    with pytest.raises(AuditChainError) as caught:
        await audit_log.verify_audit_chain(ctx)
    assert caught.value.seq == first_bad
    assert expected in caught.value.reason
    status, output = await _ccr("audit", "verify", "--database-url", database_url)
    assert status == 1
    assert f"broken at event {first_bad}" in output


async def test_a_reason_is_kept_beside_the_chain_checked_and_erasable(
    ctx: ServiceContext, world: World
) -> None:
    issued = await recognition_credential(ctx, world)
    await credential_status.suspend_credential(
        ctx, world["yp-talent"], issued.credential.id, reason="  核查材料  "
    )
    async with ctx.uow(read_only=True) as uow:
        event = (
            await uow.session.execute(
                select(m.AuditEvent).where(m.AuditEvent.action == "credential.suspend")
            )
        ).scalar_one()
        seq, digest = event.seq, event.reason_digest
        assert event.note is not None
        assert event.note.reason == "核查材料"
        plain = (
            await uow.session.execute(
                select(m.AuditEvent).where(m.AuditEvent.action == "credential.issue")
            )
        ).scalar_one()
        assert (plain.reason_digest, plain.note) == (None, None)
    assert digest == reason_digest("核查材料")
    # Altered, the reason no longer matches the digest the chain holds.
    async with ctx.uow() as uow:
        await uow.session.execute(
            update(m.AuditReason).where(m.AuditReason.seq == seq).values(reason="无")
        )
        await uow.session.commit()
    with pytest.raises(AuditChainError) as caught:
        await audit_log.verify_audit_chain(ctx)
    assert (caught.value.seq, "reason was altered" in caught.value.reason) == (seq, True)
    # Erased, it is gone and the chain still verifies.
    async with ctx.uow() as uow:
        await uow.session.execute(delete(m.AuditReason).where(m.AuditReason.seq == seq))
        await uow.session.commit()
    await audit_log.verify_audit_chain(ctx)


async def test_ccr_audit_verify_passes_on_an_intact_chain(
    ctx: ServiceContext, world: World, database_url: str
) -> None:
    await recognition_credential(ctx, world)
    status, output = await _ccr("audit", "verify", "--database-url", database_url)
    assert status == 0, output
    assert "audit chain intact" in output
