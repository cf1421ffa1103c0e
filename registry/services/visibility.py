"""What a principal may see on the read side, as WHERE clauses, and reads narrowed to one
visible creator.

Officials see the registry; an evaluation institution the creators it registered or
certified (their names, not their accounts, works, recognitions or awards), the certificates
of its own filings and the credentials it issued; a creator its
own records only (one creator's visibility: ``creators.creator_visible``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.enums import Role
from ..domain.paging import Page, PageRequest
from .common import by_public_id
from .context import ServiceContext
from .creators import creator_visible
from .paging import keyset_page

__all__ = [
    "creator_page",
    "creator_pk",
    "narrow",
    "own_certificates",
    "visible_certificates",
    "visible_creators",
    "visible_credentials",
    "visible_records",
]

T = TypeVar("T")


def visible_creators(principal: Principal, creator_column: Any) -> ColumnElement[bool] | None:
    """A WHERE clause narrowing ``creator_column`` to the creators ``principal`` may see."""
    if principal.role is Role.CREATOR:
        return creator_column == (principal.creator_id if principal.creator_id else -1)  # type: ignore[no-any-return]
    if principal.role is Role.EVALUATOR:
        registered = select(m.Creator.id).where(
            m.Creator.registered_by_org_id == principal.organisation_id
        )
        certified = (
            select(m.SkillCertificate.creator_id)
            .join(m.Filing, m.SkillCertificate.filing_id == m.Filing.id)
            .where(m.Filing.organisation_id == principal.organisation_id)
        )
        return or_(creator_column.in_(registered), creator_column.in_(certified))
    return None


def visible_records(principal: Principal, creator_column: Any) -> ColumnElement[bool] | None:
    """A creator's own records (platform accounts, works, recognitions, awards): those of the
    creators ``principal`` may see, except for an evaluation institution, which needs a
    holder's name and its own certificates and nothing else about them."""
    if principal.role is Role.EVALUATOR:
        return false()
    return visible_creators(principal, creator_column)


def own_certificates(principal: Principal) -> ColumnElement[bool]:
    """An evaluator's certificates: those recorded under its own filings."""
    return m.SkillCertificate.filing_id.in_(
        select(m.Filing.id).where(m.Filing.organisation_id == principal.organisation_id)
    )


def visible_certificates(principal: Principal) -> ColumnElement[bool] | None:
    """An evaluator sees the certificates of its own filings, others those of the creators
    they may see."""
    if principal.role is Role.EVALUATOR:
        return own_certificates(principal)
    return visible_creators(principal, m.SkillCertificate.creator_id)


def visible_credentials(principal: Principal) -> ColumnElement[bool] | None:
    authorize(principal, Action.READ_CREDENTIAL)
    if principal.role is Role.CREATOR:
        return m.Credential.creator_id == (principal.creator_id or -1)
    if principal.role is Role.EVALUATOR:
        return m.Credential.organisation_id == principal.organisation_id
    return None


def narrow(statement: Select[Any], clause: ColumnElement[bool] | None) -> Select[Any]:
    return statement if clause is None else statement.where(clause)


async def creator_pk(session: AsyncSession, principal: Principal, creator_id: str) -> int:
    row = await by_public_id(session, m.Creator, creator_id, field="creator_id", what="creator")
    await creator_visible(session, principal, row)
    return row.id


async def creator_page(
    ctx: ServiceContext,
    principal: Principal,
    statement: Select[Any],
    model: Any,
    page: PageRequest,
    to_item: Callable[[Any], T],
    *,
    creator_id: str | None,
) -> Page[T]:
    """A keyset page of ``model`` rows, narrowed to one creator (who must be visible)."""
    async with ctx.uow(read_only=True) as uow:
        if creator_id is not None:
            pk = await creator_pk(uow.session, principal, creator_id)
            statement = statement.where(model.creator_id == pk)
        return await keyset_page(uow.session, statement, model.id, page, to_item)
