"""Signed status-list documents, re-signed only when their bits change or they age.

A status list document carries its own validity window, so signing it anew on every request
would change its bytes, hence its ETag, every time, and no CDN or offline verifier could
cache it. A document is kept per list and version (a digest of its bits, so any suspension,
reinstatement or revocation moves it): it is signed again when the version moves or when half
of its validity has passed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

__all__ = ["SignedStatus", "StatusDocuments"]


@dataclass(frozen=True, slots=True)
class SignedStatus:
    version: str
    document: bytes
    resign_at: float


class StatusDocuments:
    def __init__(
        self,
        *,
        versions: Callable[[], Awaitable[Mapping[int, str]]],
        sign: Callable[[int], Awaitable[str | None]],
        resign_after: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._versions = versions
        self._sign = sign
        self.resign_after = resign_after
        self._clock = clock
        self._documents: dict[int, SignedStatus] = {}
        self._lock = asyncio.Lock()
        self.signatures = 0

    def _usable(self, list_id: int, version: str) -> bytes | None:
        cached = self._documents.get(list_id)
        if cached is not None and cached.version == version and self._clock() < cached.resign_at:
            return cached.document
        return None

    async def get(self, list_id: int) -> bytes | None:
        """The signed document of ``list_id``, or None when no such list exists."""
        version = (await self._versions()).get(list_id)
        if version is None:
            return None
        document = self._usable(list_id, version)
        if document is not None:
            return document
        async with self._lock:
            document = self._usable(list_id, version)
            if document is not None:
                return document
            text = await self._sign(list_id)
            if text is None:
                return None
            self.signatures += 1
            entry = SignedStatus(version, text.encode("ascii"), self._clock() + self.resign_after)
            self._documents[list_id] = entry
            return entry.document
