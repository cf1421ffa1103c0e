"""Crash safety: SIGKILL a bulk issuance of thousands of credentials mid-run, restart, and
check that what committed is whole, verifiable and consistent.

- every committed credential verifies (signature, validity, live status lists);
- batches are all-or-nothing: no credential without its ISSUE operation and audit event;
- no status index is used twice, and each list's allocation bitmap matches its credentials;
- ``ccr audit verify`` passes; and a second run finishes the job without duplicates.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registry.db import models as m
from registry.domain.enums import CredentialStatus, OperationCode
from registry.services import keys, statuslists
from registry.services.context import ServiceContext
from signing import TrustList, verify
from tests.registry.conftest import ISSUER, MASTER_KEY
from tests.registry.seeding import issuer_token, seed_recognitions

pytestmark = pytest.mark.slow

COUNT = 4000
BATCH = 250


async def _start_worker(
    database_url: str, token: str, data_dir: Path
) -> asyncio.subprocess.Process:
    # stderr goes to a file, not a pipe nobody drains: it is read only to explain a failure.
    with (data_dir / "worker.log").open("ab") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.registry.crash_worker",
            database_url,
            str(BATCH),
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
            env={
                **os.environ,
                "CCR_KEK": MASTER_KEY.reveal().hex(),
                "CCR_TOKEN": token,
                "CCR_ISSUER_URL": ISSUER,
                "CCR_DATA_DIR": str(data_dir),
            },
        )


def _deadline(seconds: float) -> float:
    return asyncio.get_running_loop().time() + seconds


async def _read_line(process: asyncio.subprocess.Process, data_dir: Path, deadline: float) -> str:
    """The worker's next line; fails (with its stderr) at EOF or once ``deadline`` passes."""
    assert process.stdout is not None
    remaining = deadline - asyncio.get_running_loop().time()
    try:
        if remaining <= 0:
            raise TimeoutError
        raw = await asyncio.wait_for(process.stdout.readline(), timeout=min(remaining, 120))
    except TimeoutError:
        pytest.fail(f"the worker went silent:\n{_worker_log(data_dir)}")
    if not raw:
        returncode = await asyncio.wait_for(process.wait(), timeout=30)
        pytest.fail(f"the worker exited early ({returncode}):\n{_worker_log(data_dir)}")
    return raw.decode().strip()


def _worker_log(data_dir: Path) -> str:
    path = data_dir / "worker.log"
    return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.exists() else ""


async def _check_consistent(ctx: ServiceContext) -> int:
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    lists = await statuslists.status_lists_snapshot(ctx)
    async with ctx.uow(read_only=True) as uow:
        session = uow.session
        rows = (await session.execute(select(m.Credential))).scalars().all()
        for row in rows:
            assert row.status is CredentialStatus.ACTIVE
            # The worker issues on the wall clock, not the test's fixed one.
            verified = verify(row.qr_text, trust=trust, status=lists, now=datetime.now(UTC))
            assert verified.claims.status is not None
            assert verified.claims.status.index == row.status_index
        slots = Counter((row.status_list_id, row.status_index) for row in rows)
        assert not [slot for slot, used in slots.items() if used > 1], "an index was reused"
        for status_list in (await session.execute(select(m.StatusList))).scalars():
            in_list = {index for (list_id, index) in slots if list_id == status_list.id}
            bitmap = status_list.allocated
            marked = {i for i in range(status_list.size) if bitmap[i >> 3] & (0x80 >> (i & 7))}
            assert marked == in_list, "the allocation bitmap disagrees with the credentials"
            assert status_list.allocated_count == len(in_list)
        issue_ops = Counter(
            (
                await session.execute(
                    select(m.CredentialOperation.credential_id).where(
                        m.CredentialOperation.code == OperationCode.ISSUE
                    )
                )
            ).scalars()
        )
        assert sorted(issue_ops) == sorted(row.id for row in rows)
        assert set(issue_ops.values()) <= {1}
        audited = set(
            (
                await session.execute(
                    select(m.AuditEvent.target_id).where(m.AuditEvent.action == "credential.issue")
                )
            ).scalars()
        )
        assert audited == {row.public_id for row in rows}, "credentials and audit disagree"
        total = (await session.execute(select(func.count()).select_from(m.Credential))).scalar_one()
        return int(total)


async def _audit_verify(database_url: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from registry.cli import main; main()",
        "audit",
        "verify",
        "--database-url",
        database_url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=300)
    assert process.returncode == 0, output.decode()


async def test_sigkill_mid_bulk_issuance_leaves_only_whole_credentials(
    ctx: ServiceContext, database_url: str, tmp_path: Path
) -> None:
    token = await issuer_token(ctx)
    await seed_recognitions(ctx, COUNT)
    worker = await _start_worker(database_url, token, tmp_path)
    try:
        seen = 0
        deadline = _deadline(600)
        while seen < 3 * BATCH:
            line = await _read_line(worker, tmp_path, deadline)
            assert line.startswith("committed"), line
            seen = int(line.split()[1])
        # Land the kill somewhere inside the next batch: signing, inserting or committing.
        await asyncio.sleep(random.uniform(0.0, 0.15))
        worker.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(worker.wait(), timeout=30) == -signal.SIGKILL
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()

    committed = await _check_consistent(ctx)
    assert seen <= committed < COUNT
    assert committed % BATCH == 0, "a batch was partly committed"
    await _audit_verify(database_url)

    # Restart: the second run issues the rest and refuses the ones already issued.
    worker = await _start_worker(database_url, token, tmp_path)
    try:
        line = ""
        deadline = _deadline(600)
        while not line.startswith("done"):
            line = await _read_line(worker, tmp_path, deadline)
        assert await asyncio.wait_for(worker.wait(), timeout=60) == 0
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
    _, issued, refused = line.split()
    assert int(issued) == COUNT - committed
    assert int(refused) == committed
    assert await _check_consistent(ctx) == COUNT
    await _audit_verify(database_url)


async def test_a_worker_that_dies_early_fails_the_read_with_its_stderr(tmp_path: Path) -> None:
    with (tmp_path / "worker.log").open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "import sys; print('committed 250 4000'); sys.exit('worker broke')",
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
        )
    deadline = _deadline(60)
    assert await _read_line(process, tmp_path, deadline) == "committed 250 4000"
    with pytest.raises(pytest.fail.Exception, match="exited early \\(1\\):\\nworker broke"):
        await _read_line(process, tmp_path, deadline)
    with pytest.raises(pytest.fail.Exception, match="went silent"):
        await _read_line(process, tmp_path, _deadline(0))
