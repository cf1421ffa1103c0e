"""``GET /audit/checkpoint``: the chain's head signed, verifiable with the published keys,
signed at most once per few seconds, and never for a head that does not match its event."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import update

from registry.audit_checkpoints import check_checkpoints
from registry.db import models as m
from registry.services import audit_log
from schema.checkpointdoc import CheckpointDocument
from signing import TrustList
from signing.checkpoint import read_audit_checkpoint
from tests.schema.conftest import ISSUER, Api


async def test_the_route_serves_a_checkpoint_of_the_current_head(api: Api) -> None:
    answer = await api.client.get("/audit/checkpoint")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/jwt")
    assert answer.headers["cache-control"] == "public, max-age=10"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["x-content-type-options"] == "nosniff"
    trust = TrustList.from_jwks((await api.client.get("/.well-known/jwks.json")).content)
    now = datetime.now(UTC)
    checkpoint = read_audit_checkpoint(answer.content, trust=trust, now=now)
    chain = await audit_log.verify_audit_chain(api.state.registry)
    assert checkpoint.issuer == ISSUER
    assert (checkpoint.seq, checkpoint.length, checkpoint.head_hash) == (
        chain.head_seq,
        chain.events,
        chain.head_hash,
    )
    async with api.state.registry.uow(read_only=True) as uow:
        [verdict] = await check_checkpoints(uow.session, [("route", answer.text)], now=now)
    assert verdict.holds, verdict.problem
    again = await api.client.get("/audit/checkpoint")
    assert again.content == answer.content
    assert api.state.audit_checkpoint.signatures == 1
    unchanged = await api.client.get(
        "/audit/checkpoint", headers={"If-None-Match": answer.headers["etag"]}
    )
    assert unchanged.status_code == 304


async def test_a_head_that_does_not_match_its_event_is_not_signed(api: Api) -> None:
    async with api.state.registry.uow() as uow:
        await uow.session.execute(update(m.AuditHead).values(hash="0" * 63 + "1"))
        await uow.session.commit()
    answer = await api.client.get("/audit/checkpoint")
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "UNAVAILABLE"
    assert api.state.audit_checkpoint.signatures == 0


async def test_the_checkpoint_is_signed_once_per_period_however_many_ask() -> None:
    moment = [0.0]
    signed: list[int] = []

    async def sign() -> str:
        await asyncio.sleep(0.01)  # callers arriving meanwhile wait for this signature
        signed.append(len(signed) + 1)
        return f"a.b.{len(signed)}"

    document = CheckpointDocument(sign, ttl=10.0, clock=lambda: moment[0])
    assert set(await asyncio.gather(*(document.get() for _ in range(20)))) == {b"a.b.1"}
    assert document.signatures == 1
    moment[0] = 9.9
    assert await document.get() == b"a.b.1"
    moment[0] = 10.0
    assert await document.get() == b"a.b.2"
    assert document.signatures == 2
