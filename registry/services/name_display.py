"""The holder's choice of name on public surfaces (DOMAIN §5): masked (``张*``) unless the
creator chooses to show the full name.

The choice is consent, so only the creator gives or withdraws it, for its own record: no
official may, whatever its authority over the creator's other records. It applies to the
credentials signed while it holds; a credential already signed keeps the name it was signed
with (a signed QR cannot change), so a holder who wants it changed asks its issuer to renew
it. ID numbers are untouched: they never appear on a public surface, chosen or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize, require_creator_self
from ..db import models as m
from ..domain.creators import Creator
from .common import by_public_id, fetch_one, record_change
from .context import ServiceContext
from .creators import to_creator

__all__ = ["SetNameDisplay", "set_name_display"]


@dataclass(frozen=True, slots=True)
class SetNameDisplay:
    """Show the full name on public surfaces (True) or the masked one (False, the default).

    ``creator_id`` None means the caller's own profile.
    """

    show_full_name: bool
    creator_id: str | None = None


async def _own_creator_for_update(
    session: AsyncSession, principal: Principal, creator_id: str | None
) -> m.Creator:
    """The creator row, locked, if it is the principal's own; OUT_OF_SCOPE otherwise."""
    if creator_id is None:
        row = await fetch_one(
            session,
            select(m.Creator)
            .where(m.Creator.id == principal.creator_id)
            .with_for_update(of=m.Creator),
            what="creator profile for this account",
            field="creator_id",
        )
    else:
        row = await by_public_id(
            session, m.Creator, creator_id, field="creator_id", what="creator", for_update=True
        )
    require_creator_self(principal, row.id)
    return row


async def set_name_display(
    ctx: ServiceContext, principal: Principal, command: SetNameDisplay
) -> Creator:
    """Give or withdraw the choice; audited as ``creator.name_display``.

    Choosing what is already chosen writes nothing and keeps the time it was first chosen.
    The audit event holds digests of the choice, never the name.
    """
    authorize(principal, Action.CHOOSE_NAME_DISPLAY)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await _own_creator_for_update(uow.session, principal, command.creator_id)
        if row.show_full_name == command.show_full_name:
            return to_creator(row)
        before = row.audit_snapshot()
        row.show_full_name = command.show_full_name
        row.name_display_chosen_at = now
        row.updated_at = now
        await uow.session.flush()
        record_change(uow, principal, "creator.name_display", "creator", row, at=now, before=before)
        await uow.commit()
        return to_creator(row)
