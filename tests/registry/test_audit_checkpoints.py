"""Signed checkpoints kept outside the database catch what the chain alone cannot: a deleted
tail, or an event rewritten with every later link computed again."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from typer.testing import CliRunner, Result

from registry.audit import AuditRecord, link_hash
from registry.audit_checkpoints import check_checkpoints
from registry.cli import app as ccr
from registry.cli.checkpoint_files import FETCH_LIMIT, append_line
from registry.db import models as m
from registry.errors import AuditChainError
from registry.services import audit_log, keys
from registry.services.context import ServiceContext
from signing import Signer
from signing.checkpoint import sign_audit_checkpoint
from signing.keys import b64url, unb64url
from tests.registry.conftest import ISSUER, MASTER_KEY, World
from tests.registry.helpers import new_creator, recognition_credential


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CCR_KEK", MASTER_KEY.reveal().hex())
    monkeypatch.setenv("CCR_ISSUER_URL", ISSUER)


async def _cli(*args: str) -> Result:
    # In a thread of its own: the command runs its own event loop, as at a terminal.
    return await asyncio.to_thread(CliRunner().invoke, ccr, list(args))


async def _head(ctx: ServiceContext) -> int:
    return (await audit_log.verify_audit_chain(ctx)).head_seq


async def _delete_tail(ctx: ServiceContext, after: int) -> None:
    """What a writer of the database can do: drop the newest events and move the head back,
    so the chain that is left verifies."""
    async with ctx.uow() as uow:
        session = uow.session
        await session.execute(delete(m.AuditEvent).where(m.AuditEvent.seq > after))
        kept = (
            await session.execute(select(m.AuditEvent.hash).where(m.AuditEvent.seq == after))
        ).scalar_one()
        await session.execute(update(m.AuditHead).values(seq=after, hash=kept))
        await session.commit()


async def _rewrite(ctx: ServiceContext, seq: int) -> None:
    """Change event ``seq`` and compute every link from it on again, head included."""
    async with ctx.uow() as uow:
        session = uow.session
        rows = (
            (
                await session.execute(
                    select(m.AuditEvent).where(m.AuditEvent.seq >= seq).order_by(m.AuditEvent.seq)
                )
            )
            .scalars()
            .all()
        )
        rows[0].actor = "someone-else"
        prev = rows[0].prev_hash
        for row in rows:
            row.prev_hash = prev
            row.hash = link_hash(prev, row.seq, AuditRecord.from_row(row))
            prev = row.hash
        await session.execute(update(m.AuditHead).values(seq=rows[-1].seq, hash=prev))
        await session.commit()


async def _checkpoints(ctx: ServiceContext, *texts: str) -> list[str | None]:
    async with ctx.uow(read_only=True) as uow:
        verdicts = await check_checkpoints(
            uow.session, [(f"test {n}", text) for n, text in enumerate(texts)], now=ctx.now()
        )
    return [verdict.problem for verdict in verdicts]


async def test_checkpoints_hold_while_the_chain_only_grows(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path, cli_env: None
) -> None:
    await recognition_credential(ctx, world)
    file = tmp_path / "outside" / "checkpoints.jws"
    await asyncio.to_thread(file.parent.mkdir)
    first = await _cli("audit", "checkpoint", "--append", str(file), "--database-url", database_url)
    assert first.exit_code == 0, first.output
    head = await _head(ctx)
    assert f"checkpoint of event {head} signed" in first.stderr
    lines = (await asyncio.to_thread(file.read_text)).splitlines()
    assert lines == [first.stdout.strip()]
    claims = json.loads(unb64url(lines[0].split(".")[1]))
    assert set(claims) == {"iss", "iat", "seq", "length", "hash"}
    assert (claims["iss"], claims["seq"], claims["length"]) == (ISSUER, head, head)

    await new_creator(ctx, world)
    second = await _cli(
        "audit", "checkpoint", "--append", str(file), "--database-url", database_url
    )
    assert second.exit_code == 0, second.output
    later = (await asyncio.to_thread(file.read_text)).splitlines()
    assert later[0] == lines[0]  # appended, never rewritten
    assert len(later) == 2
    assert json.loads(unb64url(later[1].split(".")[1]))["seq"] > head

    await new_creator(ctx, world)
    checked = await _cli(
        "audit", "verify", "--checkpoint", str(file), "--database-url", database_url
    )
    assert checked.exit_code == 0, checked.output
    assert "audit chain intact" in checked.stdout
    assert f"checkpoint of event {head} signed" in checked.stdout
    assert "checkpoints: 2 of 2 hold" in checked.stdout


async def test_a_deleted_tail_is_caught_by_the_checkpoint(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path, cli_env: None
) -> None:
    await recognition_credential(ctx, world)
    kept = await _head(ctx)
    await new_creator(ctx, world)
    file = tmp_path / "checkpoints.jws"
    made = await _cli("audit", "checkpoint", "--append", str(file), "--database-url", database_url)
    assert made.exit_code == 0, made.output
    head = await _head(ctx)
    assert head > kept

    await _delete_tail(ctx, kept)
    assert (await _head(ctx)) == kept  # the chain alone sees nothing wrong
    checked = await _cli(
        "audit", "verify", "--checkpoint", str(file), "--database-url", database_url
    )
    assert checked.exit_code == 1, checked.output
    assert "audit chain intact" in checked.stdout
    assert f"checkpoint of event {head} signed " in checked.stderr
    assert f"event {head} is missing: the chain now ends at event {kept}" in checked.stderr
    assert "checkpoints: 0 of 1 hold" in checked.stdout


async def test_a_rewritten_event_is_caught_though_the_chain_verifies(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path, cli_env: None
) -> None:
    await recognition_credential(ctx, world)
    file = tmp_path / "checkpoints.jws"
    made = await _cli("audit", "checkpoint", "--append", str(file), "--database-url", database_url)
    assert made.exit_code == 0, made.output
    head = await _head(ctx)
    await new_creator(ctx, world)  # events after the checkpoint: rewriting them is not caught

    await _rewrite(ctx, 5)
    summary = await audit_log.verify_audit_chain(ctx)  # every link recomputed: it passes
    assert summary.head_seq > head
    plain = await _cli("audit", "verify", "--database-url", database_url)
    assert plain.exit_code == 0, plain.output
    checked = await _cli(
        "audit", "verify", "--checkpoint", str(file), "--database-url", database_url
    )
    assert checked.exit_code == 1, checked.output
    assert f"checkpoint of event {head} signed " in checked.stderr
    assert f"an event at or before {head} was rewritten" in checked.stderr


async def test_changes_after_the_checkpoint_are_left_to_the_next_one(
    ctx: ServiceContext, world: World
) -> None:
    await recognition_credential(ctx, world)
    signed = await audit_log.audit_checkpoint(ctx)
    head = signed.checkpoint.seq
    await new_creator(ctx, world)
    await _rewrite(ctx, head + 1)
    assert await _checkpoints(ctx, signed.text) == [None]
    await _rewrite(ctx, head)
    [problem] = await _checkpoints(ctx, signed.text)
    assert problem is not None
    assert f"event {head} now has hash" in problem


async def test_a_forged_checkpoint_is_refused(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path, cli_env: None
) -> None:
    await recognition_credential(ctx, world)
    made = await _cli("audit", "checkpoint", "--database-url", database_url)
    assert made.exit_code == 0, made.output
    genuine = made.stdout.strip()
    head = await _head(ctx)
    header, payload, signature = genuine.split(".")
    claims = json.loads(unb64url(payload))
    # The attacker deleted events and wants a checkpoint that agrees.
    altered = b64url(json.dumps({**claims, "seq": 3, "length": 3}).encode())
    async with ctx.uow(read_only=True) as uow:
        hash_3 = (
            await uow.session.execute(select(m.AuditEvent.hash).where(m.AuditEvent.seq == 3))
        ).scalar_one()
    stranger = sign_audit_checkpoint(
        issuer=ISSUER, seq=3, length=3, head_hash=hash_3, signer=Signer.generate(), now=ctx.now()
    )
    file = tmp_path / "checkpoints.jws"
    await asyncio.to_thread(
        file.write_text, "\n".join([genuine, f"{header}.{altered}.{signature}", stranger]) + "\n"
    )
    checked = await _cli(
        "audit", "verify", "--checkpoint", str(file), "--database-url", database_url
    )
    assert checked.exit_code == 1, checked.output
    assert f"checkpoint of event {head} signed" in checked.stdout
    assert "line 2: refused: checkpoint signature is invalid" in checked.stderr
    assert "line 3: refused: checkpoint is signed by an unknown key" in checked.stderr
    assert "checkpoints: 1 of 3 hold" in checked.stdout


async def test_a_retired_key_still_vouches_for_its_checkpoints(
    ctx: ServiceContext, world: World
) -> None:
    await recognition_credential(ctx, world)
    signed = await audit_log.audit_checkpoint(ctx)
    rotated = await keys.rotate_signing_key(ctx, world.admin)
    assert rotated.kid != signed.checkpoint.kid
    assert await _checkpoints(ctx, signed.text) == [None]
    newer = await audit_log.audit_checkpoint(ctx)
    assert newer.checkpoint.kid == rotated.kid
    assert newer.checkpoint.seq > signed.checkpoint.seq
    await keys.compromise_signing_key(ctx, world.admin, signed.checkpoint.kid, reason="test")
    old, new = await _checkpoints(ctx, signed.text, newer.text)
    assert old is not None
    assert "compromised" in old
    assert new is None


async def test_a_broken_chain_is_not_signed(
    ctx: ServiceContext, world: World, database_url: str, cli_env: None
) -> None:
    await recognition_credential(ctx, world)
    async with ctx.uow() as uow:
        await uow.session.execute(
            update(m.AuditEvent).where(m.AuditEvent.seq == 4).values(actor="x")
        )
        await uow.session.commit()
    with pytest.raises(AuditChainError):
        await audit_log.audit_checkpoint(ctx)
    made = await _cli("audit", "checkpoint", "--database-url", database_url)
    assert made.exit_code == 1
    assert "audit chain broken at event 4" in made.output
    assert made.stdout == ""


def test_appending_keeps_every_line_whole(tmp_path: Path) -> None:
    file = tmp_path / "checkpoints.jws"
    append_line(file, "a.b.c")
    with file.open("a") as torn:
        torn.write("d.e")  # a write cut short, as by a crash
    append_line(file, "f.g.h")
    assert file.read_text() == "a.b.c\nd.e\nf.g.h\n"
    with pytest.raises(ValueError):
        append_line(file, "i.j.k\nl.m.n")
    assert file.read_text() == "a.b.c\nd.e\nf.g.h\n"


@pytest.fixture
def served() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A web server elsewhere that keeps copies of checkpoints: path -> body."""
    bodies: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", bodies
    finally:
        server.shutdown()
        server.server_close()


async def test_checkpoints_are_read_from_a_url_with_a_size_bound(
    ctx: ServiceContext,
    world: World,
    database_url: str,
    cli_env: None,
    served: tuple[str, dict[str, bytes]],
) -> None:
    base, bodies = served
    await recognition_credential(ctx, world)
    made = await _cli("audit", "checkpoint", "--database-url", database_url)
    assert made.exit_code == 0, made.output
    head = await _head(ctx)
    bodies["/checkpoint"] = made.stdout.encode()
    bodies["/huge"] = b"x" * (FETCH_LIMIT + 1)
    url = base + "/checkpoint"
    checked = await _cli(
        "audit", "verify", "--checkpoint", url, "--checkpoint", url, "--database-url", database_url
    )
    assert checked.exit_code == 0, checked.output
    assert f"checkpoint of event {head} signed" in checked.stdout
    assert f"({url})" in checked.stdout
    assert "checkpoints: 2 of 2 hold" in checked.stdout

    await _delete_tail(ctx, 3)
    tail_gone = await _cli("audit", "verify", "--checkpoint", url, "--database-url", database_url)
    assert tail_gone.exit_code == 1
    assert f"{url}: checkpoint of event {head}" in tail_gone.stderr

    for path, expected in [("/huge", "more than"), ("/nothing", "HTTP 404")]:
        refused = await _cli(
            "audit", "verify", "--checkpoint", base + path, "--database-url", database_url
        )
        assert refused.exit_code == 2, refused.output
        assert expected in refused.stderr
