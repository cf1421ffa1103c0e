"""The composition root for registry services: engine, sessions, KEK, vault and keystore.

ctx = await open_registry(Settings.from_env())
try:
    creator = await creators.register_creator(ctx, principal, command)
finally:
    await ctx.aclose()
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from .config import Secret, Settings
from .db.engine import create_engine
from .db.models import Creator, SigningKey
from .errors import KeystoreError
from .keystore import Keystore, load_master_key
from .migrate import upgrade
from .pii import PiiVault
from .services.context import ServiceContext, utcnow

__all__ = ["open_registry"]


async def _holds_sealed_data(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as connection:
            for table in (SigningKey, Creator):
                found = await connection.execute(select(table.id).limit(1))
                if found.first() is not None:
                    return True
    except DBAPIError:
        return False  # not migrated yet: nothing sealed
    return False


async def _master_key(settings: Settings, engine: AsyncEngine) -> Secret:
    try:
        return load_master_key(settings)
    except KeystoreError:
        # A fresh registry makes its own KEK; one holding sealed data never gets a new one,
        # which would silently make every sealed ID number and signing key unreadable.
        if await _holds_sealed_data(engine):
            raise
        return load_master_key(settings, create=True)


async def open_registry(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utcnow,
    migrate: bool = False,
    engine: AsyncEngine | None = None,
) -> ServiceContext:
    engine = engine or create_engine(settings.database_url)
    try:
        if migrate:
            await upgrade(engine)
        master = await _master_key(settings, engine)
    except BaseException:
        await engine.dispose()
        raise
    return ServiceContext(
        sessions=async_sessionmaker(engine, expire_on_commit=False),
        vault=PiiVault(master),
        keystore=Keystore(master),
        settings=settings,
        clock=clock,
        engine=engine,
    )
