"""The unit of work: one transaction per use case, with the audit events it produces.

    async with ctx.uow() as uow:
        ...                      # read and change rows through uow.session
        uow.record(event)        # queue audit events
        await uow.commit()       # events are chained, then everything commits at once

Leaving the block without ``commit()`` rolls back, and so does an exception. Repositories and
helpers never commit; services commit once per use case.
"""

from __future__ import annotations

import abc
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..audit import AuditRecord, append_events
from .engine import READ_ONLY

__all__ = ["AbstractUnitOfWork", "UnitOfWork"]


class AbstractUnitOfWork(abc.ABC):
    read_only: bool = False

    def __init__(self) -> None:
        self._pending: list[AuditRecord] = []

    async def __aenter__(self) -> Self:
        self._pending = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    def record(self, event: AuditRecord) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot record changes")
        self._pending.append(event)

    @property
    def pending_events(self) -> tuple[AuditRecord, ...]:
        return tuple(self._pending)

    async def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        await self._commit(self._pending)
        self._pending = []

    async def rollback(self) -> None:
        self._pending = []
        await self._rollback()

    @abc.abstractmethod
    async def _commit(self, events: list[AuditRecord]) -> None: ...

    @abc.abstractmethod
    async def _rollback(self) -> None: ...


class UnitOfWork(AbstractUnitOfWork):
    """A unit of work over one :class:`AsyncSession`."""

    session: AsyncSession

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, read_only: bool = False
    ) -> None:
        super().__init__()
        self._sessions = sessions
        self.read_only = read_only

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.session = self._sessions()
        if self.read_only:
            # A plain BEGIN on SQLite: readers do not queue behind writers.
            await self.session.connection(execution_options={READ_ONLY: True})
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await super().__aexit__(exc_type, exc, tb)
        finally:
            await self.session.close()

    async def _commit(self, events: list[AuditRecord]) -> None:
        if events:
            # The chain is extended last, so the head row is locked only for the commit itself.
            await self.session.flush()
            await append_events(self.session, events)
        await self.session.commit()

    async def _rollback(self) -> None:
        await self.session.rollback()
