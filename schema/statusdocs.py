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
        sign: Callable[[int, str | None], Awaitable[str | None]],
        resign_after: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._versions = versions
        self._sign = sign
        self.resign_after = resign_after
        self._clock = clock
        self._documents: dict[tuple[int, str | None], SignedStatus] = {}
        self._lock = asyncio.Lock()
        self.signatures = 0

    def _usable(self, key: tuple[int, str | None], version: str) -> bytes | None:
        cached = self._documents.get(key)
        if cached is not None and cached.version == version and self._clock() < cached.resign_at:
            return cached.document
        return None

    async def get(self, list_id: int, variant: str | None = None) -> bytes | None:
        """The signed document of ``list_id`` (in its form ``variant``, e.g. one status
        purpose), or None when no such list exists."""
        version = (await self._versions()).get(list_id)
        if version is None:
            return None
        key = (list_id, variant)
        document = self._usable(key, version)
        if document is not None:
            return document
        async with self._lock:
            document = self._usable(key, version)
            if document is not None:
                return document
            text = await self._sign(list_id, variant)
            if text is None:
                return None
            self.signatures += 1
            entry = SignedStatus(version, text.encode("ascii"), self._clock() + self.resign_after)
            self._documents[key] = entry
            return entry.document
