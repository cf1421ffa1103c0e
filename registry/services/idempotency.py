"""Idempotency keys: a request repeated with the same key gets the first one's answer.

A caller (a console form, a partner's retry loop) sends ``Idempotency-Key`` with a request it
may send twice: a double click, a retry after a timeout or a ``503``. The first request
reserves the key (committed before it runs), runs, and stores its answer sealed; a repeat
with the same key and the same body gets that answer without running again; a repeat while
the first still runs waits for it. The key binds the body: the same key with another body is
refused, so a key reused by mistake does not hide a different request.

If the replica running the first request died, its reservation stays open; after
:data:`RUNNING_AT_MOST` a repeat is told that the first request's outcome is unknown (it may
or may not have committed), rather than run it again blindly. Keys live for
:data:`KEPT_FOR`.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..db.models import IdempotentRequest
from .context import ServiceContext

__all__ = [
    "KEPT_FOR",
    "RUNNING_AT_MOST",
    "Answer",
    "Claim",
    "Reservation",
    "complete",
    "release",
    "reserve",
]

KEPT_FOR = timedelta(hours=24)
RUNNING_AT_MOST = timedelta(seconds=60)  # longer than any request may run
_SEAL_CONTEXT = "idempotent-answer"
_SWEEP_EVERY = 200  # reservations between sweeps of expired keys, per process
_reservations = 0


class Claim(enum.Enum):
    RESERVED = "reserved"  # run it, then complete() or release()
    REPLAY = "replay"  # answered before: ``answer``
    RUNNING = "running"  # the first request is still running
    MISMATCH = "mismatch"  # the key was used with another body
    UNKNOWN = "unknown"  # the first request's server stopped before it answered


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int
    body: bytes


@dataclass(frozen=True, slots=True)
class Reservation:
    claim: Claim
    row_id: int | None = None
    answer: Answer | None = None


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


async def reserve(ctx: ServiceContext, principal: str, key: str, body: bytes) -> Reservation:
    """Reserve ``key`` for ``principal``'s request ``body``, or say what became of it."""
    global _reservations
    key_hash, request_hash = _digest(principal, key), _digest(body)
    now = ctx.now()
    _reservations += 1
    async with ctx.uow() as uow:
        if _reservations % _SWEEP_EVERY == 1:
            await uow.session.execute(
                delete(IdempotentRequest).where(IdempotentRequest.created_at < now - KEPT_FOR)
            )
        row = IdempotentRequest(
            principal=principal[:64],
            key_hash=key_hash,
            request_hash=request_hash,
            created_at=now,
        )
        uow.session.add(row)
        try:
            await uow.session.flush()
        except IntegrityError:
            await uow.rollback()
        else:
            row_id = row.id
            await uow.commit()
            return Reservation(Claim.RESERVED, row_id=row_id)
    return await _existing(ctx, principal[:64], key_hash, request_hash)


async def _existing(
    ctx: ServiceContext, principal: str, key_hash: str, request_hash: str
) -> Reservation:
    async with ctx.uow(read_only=True) as uow:
        row = (
            await uow.session.execute(
                select(IdempotentRequest).where(
                    IdempotentRequest.principal == principal,
                    IdempotentRequest.key_hash == key_hash,
                )
            )
        ).scalar_one_or_none()
        return _reservation_of(ctx, row, request_hash)


def _reservation_of(
    ctx: ServiceContext, row: IdempotentRequest | None, request_hash: str
) -> Reservation:
    if row is None:  # expired and swept between the two statements: the caller may retry
        return Reservation(Claim.RUNNING)
    if row.request_hash != request_hash:
        return Reservation(Claim.MISMATCH)
    if row.completed_at is not None and row.status_code is not None:
        body = b""
        if row.response_sealed is not None:
            body = ctx.vault.unseal(row.response_sealed, context=_SEAL_CONTEXT).encode("utf-8")
        return Reservation(Claim.REPLAY, row_id=row.id, answer=Answer(row.status_code, body))
    if ctx.now() - row.created_at > RUNNING_AT_MOST:
        return Reservation(Claim.UNKNOWN, row_id=row.id)
    return Reservation(Claim.RUNNING, row_id=row.id)


async def complete(ctx: ServiceContext, row_id: int, answer: Answer) -> None:
    """Keep the answer a repeat will get (sealed)."""
    sealed = ctx.vault.seal(answer.body.decode("utf-8", errors="replace"), context=_SEAL_CONTEXT)
    async with ctx.uow() as uow:
        await uow.session.execute(
            update(IdempotentRequest)
            .where(IdempotentRequest.id == row_id)
            .values(completed_at=ctx.now(), status_code=answer.status_code, response_sealed=sealed)
        )
        await uow.commit()


async def release(ctx: ServiceContext, row_id: int) -> None:
    """Give the key up: the request did not run to an answer worth repeating (a 5xx), so a
    retry runs it afresh."""
    async with ctx.uow() as uow:
        await uow.session.execute(delete(IdempotentRequest).where(IdempotentRequest.id == row_id))
        await uow.commit()
