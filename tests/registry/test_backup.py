"""The restore drill: back up, change things, restore; the audit chain verifies and every
credential verifies against the restored keys and status lists, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

import signing
from registry.cli import app as ccr
from registry.config import Settings
from registry.db import models as m
from registry.domain.enums import CredentialKind
from registry.runtime import open_registry
from registry.services import credential_status, issuance, keys, statuslists
from registry.services.context import ServiceContext
from signing import TrustList
from tests.registry.conftest import ISSUER, MASTER_KEY, World
from tests.registry.helpers import (
    mma_filing,
    new_creator,
    recognition_credential,
    skill_certificate,
)


async def _cli(*args: str) -> Result:
    # In a thread of its own: the command runs its own event loop, as at a terminal.
    return await asyncio.to_thread(CliRunner().invoke, ccr, list(args))


async def _every_credential_verifies(ctx: ServiceContext) -> dict[str, str]:
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    lists = await statuslists.status_lists_snapshot(ctx)
    async with ctx.uow(read_only=True) as uow:
        rows = (
            await uow.session.execute(select(m.Credential.public_id, m.Credential.qr_text))
        ).all()
    verdicts = {}
    for public_id, text in rows:
        try:
            signing.verify(text, trust=trust, status=lists, now=ctx.now())
            verdicts[public_id] = "VALID"
        except signing.VerificationError as exc:
            verdicts[public_id] = exc.code.value
    return verdicts


async def test_a_restored_database_verifies_its_audit_chain_and_credentials(
    ctx: ServiceContext,
    world: World,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CCR_KEK", MASTER_KEY.reveal().hex())
    recognised = await recognition_credential(ctx, world)
    creator = await new_creator(ctx, world)
    filing = await mma_filing(ctx, world)
    certificate = await skill_certificate(ctx, world, creator.id, filing)
    skill = await issuance.issue_credential(
        ctx,
        world["sh-mma"],
        issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, certificate),
    )
    await credential_status.revoke_credential(
        ctx, world["sh-mma"], skill.credential.id, reason="issued in error"
    )
    before = await _every_credential_verifies(ctx)
    assert before == {recognised.credential.id: "VALID", skill.credential.id: "REVOKED"}

    backup = tmp_path / "registry.backup"
    made = await _cli("db", "backup", str(backup), "--database-url", database_url)
    assert made.exit_code == 0, made.output
    size, partials = await asyncio.to_thread(
        lambda: (backup.stat().st_size, list(tmp_path.glob("*.part")))
    )
    assert size > 0
    assert not partials  # written whole: no partial file left behind

    # After the backup: a change that the restore must take back.
    await credential_status.suspend_credential(
        ctx, world["yp-talent"], recognised.credential.id, reason="checking"
    )
    assert (await _every_credential_verifies(ctx))[recognised.credential.id] == "SUSPENDED"
    await ctx.aclose()

    restored = await _cli("db", "restore", str(backup), "--yes", "--database-url", database_url)
    assert restored.exit_code == 0, restored.output
    audited = await _cli("audit", "verify", "--database-url", database_url)
    assert audited.exit_code == 0, audited.output

    settings = Settings(
        database_url=database_url, data_dir=tmp_path, issuer_url=ISSUER, kek=MASTER_KEY
    )
    again = await open_registry(settings, clock=ctx.now)
    try:
        assert await _every_credential_verifies(again) == before
    finally:
        await again.aclose()


async def test_restore_needs_a_backup_and_a_yes(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    missing = await _cli(
        "db", "restore", str(tmp_path / "none"), "--yes", "--database-url", database_url
    )
    assert missing.exit_code == 1
    assert "no backup" in missing.output
