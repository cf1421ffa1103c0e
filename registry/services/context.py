"""What every use case runs with: sessions, the PII vault, the keystore, settings, a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ..config import Settings
from ..db.uow import UnitOfWork
from ..keystore import Keystore
from ..pii import PiiVault

__all__ = ["ServiceContext", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """Built once by the composition root (``registry.runtime.open_registry``)."""

    sessions: async_sessionmaker[AsyncSession]
    vault: PiiVault
    keystore: Keystore
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    engine: AsyncEngine | None = field(default=None, repr=False)

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self.sessions, read_only=read_only)

    def now(self) -> datetime:
        return self.clock()

    @property
    def issuer(self) -> str:
        return self.settings.issuer_url

    async def aclose(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()
