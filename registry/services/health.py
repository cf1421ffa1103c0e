"""Liveness of the database, for ``GET /healthz``."""

from __future__ import annotations

from sqlalchemy import select

from .context import ServiceContext

__all__ = ["ping"]


async def ping(ctx: ServiceContext) -> None:
    """Round-trip one trivial query; raises if the database is unreachable."""
    async with ctx.uow(read_only=True) as uow:
        await uow.session.execute(select(1))
