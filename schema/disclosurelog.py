"""The disclosure log's writer: every answer to an API client is committed before it is sent,
and the answers waiting at the same moment share one commit.

While one commit is in flight, the disclosures of other requests queue; the next commit takes
them all. A lone request pays one commit, as before; eight at once pay about one between them
instead of eight in a row (and, on SQLite, no writer waits for another's lock). Each request
still gets its own answer: its row's event, or the error of the commit that should have held
it (then none of that batch was logged, and none of those answers is sent).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from registry.authz import Principal
from registry.domain.partners import DisclosureEvent
from registry.services.partners import Disclosure, check_disclosure

__all__ = ["DisclosureLog"]

Write = Callable[[Sequence[tuple[Principal, Disclosure]]], Awaitable[list[DisclosureEvent]]]
_Waiting = tuple[Principal, Disclosure, "asyncio.Future[DisclosureEvent]"]


class DisclosureLog:
    __slots__ = ("_pending", "_write", "_writer", "batches", "max_batch")

    def __init__(self, write: Write, *, max_batch: int = 256) -> None:
        self._write = write
        self.max_batch = max_batch
        self._pending: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0  # commits made, for tests and diagnostics

    async def record(self, principal: Principal, disclosure: Disclosure) -> DisclosureEvent:
        """Log one answer; returns once its row is committed. A refusal (an undeclared
        purpose) is raised at once and touches nobody else's batch."""
        check_disclosure(principal, disclosure)
        waiting: asyncio.Future[DisclosureEvent] = asyncio.get_running_loop().create_future()
        self._pending.append((principal, disclosure, waiting))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await waiting

    async def _drain(self) -> None:
        while self._pending:
            batch = self._pending[: self.max_batch]
            del self._pending[: self.max_batch]
            # Requests whose callers went away are still logged: the answer may have been seen.
            try:
                events = await self._write([(p, d) for p, d, _ in batch])
            except Exception as exc:  # each caller gets the commit's failure
                for _, _, waiting in batch:
                    if not waiting.done():
                        waiting.set_exception(exc)
            else:
                for (_, _, waiting), event in zip(batch, events, strict=True):
                    if not waiting.done():
                        waiting.set_result(event)
            self.batches += 1
