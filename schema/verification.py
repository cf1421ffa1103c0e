"""The verifier's view of trust and status, decoded once and refreshed cheaply.

Verification needs no database: it needs the trust list and the status lists. Both are
loaded from the registry and kept decoded in memory as one snapshot, refreshed when older
than a short time-to-live (so a revocation made on another replica shows within that time)
and dropped at once when this process changes a key or a status.

Each snapshot also memoises its answers: the same QR text checked again against the same
snapshot within ``memo_seconds`` gets the same answer without a second signature check. The
answer cannot be staler than the snapshot itself, and a revocation here drops both.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeAlias

from signing import (
    StatusList,
    StatusLists,
    StatusPurpose,
    TrustList,
    VerificationError,
    VerifiedCredential,
    verify,
)

__all__ = ["Outcome", "VerifierInputs", "VerifierState", "check"]

Outcome: TypeAlias = VerifiedCredential | VerificationError


MEMO_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class VerifierInputs:
    trust: TrustList
    status: StatusLists
    # list id -> version: a digest of the list's bits and of the trust list, so it moves
    # whenever a bit does, and whenever a key is published, retired or compromised (a list
    # signed by a compromised key must be signed again at once, by the key now signing).
    versions: Mapping[int, str] = field(default_factory=dict)
    # A digest of the trust list and the issuer metadata: moves whenever a key is published,
    # retired or compromised, or an office's name changes (the signed trust list names both).
    trust_version: str = ""
    # The issuer metadata document as served (services/issuer.py), this snapshot's copy.
    metadata: bytes = b"{}"
    # QR text -> (when checked, answer), for this snapshot only.
    memo: OrderedDict[str, tuple[datetime, Outcome]] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )

    @classmethod
    def of(cls, trust: TrustList, status: StatusLists, metadata: bytes = b"{}") -> VerifierInputs:
        keys = _trust_digest(trust)
        return cls(
            trust,
            status,
            {list_id: f"{_digest(lst)}.{keys}" for list_id, lst in status.items()},
            f"{keys}.{hashlib.sha256(metadata).hexdigest()[:16]}",
            metadata,
        )


def _trust_digest(trust: TrustList) -> str:
    hasher = hashlib.sha256()
    for kid in sorted(trust):
        record = trust[kid]
        hasher.update(f"{kid.hex()}|{record.alg.jose}|{record.status.value}|".encode())
        hasher.update(f"{record.not_before}|{record.not_after};".encode())
    return hasher.hexdigest()[:16]


def _digest(status_list: StatusList) -> str:
    hasher = hashlib.sha256()
    for purpose in StatusPurpose:
        hasher.update(status_list.bitstring(purpose))
    return hasher.hexdigest()[:32]


class VerifierState:
    __slots__ = ("_clock", "_generation", "_inputs", "_load", "_loaded_at", "_lock", "ttl")

    def __init__(
        self,
        load: Callable[[], Awaitable[VerifierInputs]],
        *,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self.ttl = ttl
        self._clock = clock
        self._inputs: VerifierInputs | None = None
        self._loaded_at = 0.0
        self._generation = 0
        self._lock = asyncio.Lock()

    async def current(self) -> VerifierInputs:
        inputs = self._inputs
        if inputs is not None and self._clock() - self._loaded_at < self.ttl:
            return inputs
        async with self._lock:
            # Another request may have refreshed while this one waited.
            if self._inputs is not None and self._clock() - self._loaded_at < self.ttl:
                return self._inputs
            started, generation = self._clock(), self._generation
            inputs = await self._load()
            # A change made while loading may be missing: serve this once, reload next time.
            self._inputs = inputs if generation == self._generation else None
            self._loaded_at = started
            return inputs

    def invalidate(self) -> None:
        self._generation += 1
        self._inputs = None


def check(
    inputs: VerifierInputs, text: str, *, now: datetime, memo_seconds: float = 0.0
) -> Outcome:
    """Verify QR text against trust and status: the result, or the error naming the stage."""
    if memo_seconds > 0:
        found = inputs.memo.get(text)
        if found is not None and timedelta(0) <= now - found[0] < timedelta(seconds=memo_seconds):
            return found[1]
    outcome: Outcome
    try:
        outcome = verify(text, trust=inputs.trust, status=inputs.status, now=now)
    except VerificationError as exc:
        outcome = exc
    if memo_seconds > 0:
        inputs.memo[text] = (now, outcome)
        if len(inputs.memo) > MEMO_ENTRIES:
            inputs.memo.popitem(last=False)
    return outcome
