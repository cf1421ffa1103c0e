"""Signed checkpoints of the audit chain, kept outside the database, and checking the chain
against them.

The chain alone cannot prove that its newest part was not deleted, or rewritten wholesale with
every later link computed again: whoever can write the database can do both. A checkpoint
(``signing.checkpoint``) is the head ``(seq, hash)`` and the length at a moment, signed with
the issuer key, which lives sealed under the key-encryption key, not in the database. A
checkpoint holds when the event at its ``seq`` still exists with its hash and the chain is
still at least its ``length`` long. Since each hash covers every event before it, that proves
events 1..seq unchanged, once :func:`registry.audit.verify_chain` has shown the stored hashes
to be the links' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from signing import CheckpointError, Signer, TrustList
from signing.checkpoint import AuditCheckpoint, read_audit_checkpoint, sign_audit_checkpoint
from signing.keys import b64url

from .audit import GENESIS, HEAD_ID, verify_chain
from .db.models import AuditEvent, AuditHead
from .errors import AuditChainError
from .keystore import published_keys

__all__ = [
    "CheckpointVerdict",
    "SignedCheckpoint",
    "check_checkpoints",
    "describe",
    "make_checkpoint",
]

_LOOKUP_BATCH = 500


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    text: str  # the compact JWS, one line
    checkpoint: AuditCheckpoint


@dataclass(frozen=True, slots=True)
class CheckpointVerdict:
    """What one checkpoint says of the chain: ``problem`` is None when it holds."""

    source: str  # where it was read, e.g. "checkpoints.jws line 3"
    checkpoint: AuditCheckpoint | None  # None when refused (unreadable or badly signed)
    problem: str | None

    @property
    def holds(self) -> bool:
        return self.problem is None


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def describe(checkpoint: AuditCheckpoint) -> str:
    """How a message names a checkpoint: its head event and when it was signed."""
    return f"checkpoint of event {checkpoint.seq} signed {_when(checkpoint.issued_at)}"


async def _bounded_head(session: AsyncSession) -> tuple[int, str]:
    """The head row, provided the event it names is there with that hash: two reads."""
    head = (
        await session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == HEAD_ID))
    ).one_or_none()
    if head is None:
        raise AuditChainError(0, "the chain head is missing")
    seq, head_hash = int(head.seq), str(head.hash)
    if seq == 0:
        if head_hash != GENESIS:
            raise AuditChainError(0, "the chain head does not match the empty chain")
        return seq, head_hash
    stored = (
        await session.execute(select(AuditEvent.hash).where(AuditEvent.seq == seq))
    ).scalar_one_or_none()
    if stored != head_hash:
        raise AuditChainError(seq, "the chain head does not match the last event")
    return seq, head_hash


async def make_checkpoint(
    session: AsyncSession,
    *,
    issuer: str,
    signer: Signer,
    now: datetime,
    walk: bool = True,
) -> SignedCheckpoint:
    """Sign the chain's head at ``now``. With ``walk`` the whole chain is verified first, so a
    broken chain is never signed (``AuditChainError``); without it (a public route, whose work
    must stay bounded) only the head row and the event it names are read."""
    if walk:
        summary = await verify_chain(session)
        seq, head_hash = summary.head_seq, summary.head_hash
    else:
        seq, head_hash = await _bounded_head(session)
    text = sign_audit_checkpoint(
        issuer=issuer, seq=seq, length=seq, head_hash=head_hash, signer=signer, now=now
    )
    moment = datetime.fromtimestamp(int(now.timestamp()), UTC)
    return SignedCheckpoint(
        text, AuditCheckpoint(issuer, moment, seq, seq, head_hash, b64url(signer.kid))
    )


async def _hashes_at(session: AsyncSession, seqs: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(seqs))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), _LOOKUP_BATCH):
        chunk = wanted[start : start + _LOOKUP_BATCH]
        rows = await session.execute(
            select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.seq.in_(chunk))
        )
        found.update({int(seq): str(value) for seq, value in rows})
    return found


def _compare(
    checkpoint: AuditCheckpoint, stored: str | None, last_seq: int, events: int
) -> str | None:
    name = describe(checkpoint)
    ends = f"the chain now ends at event {last_seq}" if last_seq else "the chain is now empty"
    if checkpoint.seq == 0:
        problem = None if checkpoint.head_hash == GENESIS else "its hash is not the empty chain's"
    elif stored is None:
        problem = (
            f"event {checkpoint.seq} is missing: {ends} (events deleted)"
            if last_seq < checkpoint.seq
            else f"event {checkpoint.seq} is missing (deleted)"
        )
    elif stored != checkpoint.head_hash:
        problem = (
            f"event {checkpoint.seq} now has hash {stored}, the checkpoint signed "
            f"{checkpoint.head_hash}: an event at or before {checkpoint.seq} was rewritten"
        )
    elif events < checkpoint.length:
        problem = (
            f"the chain holds {events} events, the checkpoint counted {checkpoint.length}"
            " (events deleted)"
        )
    else:
        problem = None
    return None if problem is None else f"{name}: {problem}"


async def check_checkpoints(
    session: AsyncSession, documents: Sequence[tuple[str, str]], *, now: datetime
) -> list[CheckpointVerdict]:
    """Check each ``(source, text)`` checkpoint: its signature against the keys the registry
    publishes (retired ones included; compromised ones refused), then the chain against it.

    Needs the database only, not the key-encryption key. A key missing from the database, or
    one whose public part was replaced, makes the checkpoints it signed fail: it never makes a
    rewritten chain pass, since a new signature needs the private key."""
    trust: TrustList = await published_keys(session, now)
    read: list[tuple[str, AuditCheckpoint | None, str | None]] = []
    for source, text in documents:
        try:
            read.append((source, read_audit_checkpoint(text, trust=trust, now=now), None))
        except CheckpointError as exc:
            read.append((source, None, f"refused: {exc}"))
    stored = await _hashes_at(session, (c.seq for _, c, _ in read if c is not None))
    last_seq, events = (
        await session.execute(select(func.coalesce(func.max(AuditEvent.seq), 0), func.count()))
    ).one()
    verdicts = []
    for source, checkpoint, refusal in read:
        if checkpoint is None:
            verdicts.append(CheckpointVerdict(source, None, refusal))
            continue
        problem = _compare(checkpoint, stored.get(checkpoint.seq), int(last_seq), int(events))
        verdicts.append(CheckpointVerdict(source, checkpoint, problem))
    return verdicts
