"""The audit checkpoint the public route serves: signed at most once per few seconds.

Each checkpoint signs the chain's head as it is when signed (two indexed reads and one
signature), so however many callers ask, a process does that work at most once per ``ttl``;
callers arriving while it is being signed wait for that one instead of signing their own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

__all__ = ["CheckpointDocument"]


class CheckpointDocument:
    def __init__(
        self,
        sign: Callable[[], Awaitable[str]],
        *,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sign = sign
        self.ttl = ttl
        self._clock = clock
        self._document: bytes | None = None
        self._fresh_until = 0.0
        self._lock = asyncio.Lock()
        self.signatures = 0

    def _usable(self) -> bytes | None:
        if self._document is not None and self._clock() < self._fresh_until:
            return self._document
        return None

    async def get(self) -> bytes:
        """The latest checkpoint; whatever signing raises (a broken chain, no key) propagates
        and nothing is kept."""
        document = self._usable()
        if document is not None:
            return document
        async with self._lock:
            document = self._usable()
            if document is not None:
                return document
            text = await self._sign()
            self.signatures += 1
            self._document = text.encode("ascii")
            self._fresh_until = self._clock() + self.ttl
            return self._document
