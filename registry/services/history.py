"""A record's history, read from the audit log: who did what, when, and why.

Every change to a record appended one audit event naming the acting account, its office and
role; a change that came with a reason (a refusal, a suspension, a revocation, a correction)
keeps it beside the chain (``audit_reasons``). A creator's history also holds the changes to
its platform accounts and works.

The caller has already been shown the record, so what is read here is narrowed by role only:

- officials, auditors and the operator read every entry, with the acting account;
- an evaluation institution reads its own office's entries, with the acting account;
- a creator reads every entry on its own records, named by office and role (not account);
- partners and the public read none.

At most :data:`MAX_ENTRIES` entries a record, the newest ones, oldest first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select

from ..authz import Principal
from ..db import models as m
from ..domain.enums import Role
from .context import ServiceContext

__all__ = ["MAX_ENTRIES", "TARGET_TYPES", "HistoryEntry", "history_key", "load_histories"]

MAX_ENTRIES = 100
# The audit log's name for each kind of record with a history.
TARGET_TYPES = frozenset(
    {
        "creator",
        "recognition",
        "award",
        "skill_certificate",
        "eligibility_decision",
        "credential",
        "filing",
    }
)
_FULL = {
    Role.CAC_OFFICIAL,
    Role.TALENT_OFFICIAL,
    Role.HRSS_OFFICIAL,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    action: str  # e.g. recognition.suspend
    organisation: str | None  # the acting office's code
    organisation_name: str | None
    organisation_name_en: str | None
    role: str | None
    actor: str | None  # the acting account; None where the caller is not shown it
    reason: str | None


def history_key(target_type: str, public_id: str) -> str:
    """The loader key of a record's history."""
    if target_type not in TARGET_TYPES:
        raise ValueError(f"no history for {target_type}")
    return f"{target_type}:{public_id}"


async def load_histories(
    ctx: ServiceContext, principal: Principal, keys: Sequence[str]
) -> list[list[HistoryEntry]]:
    """The history of each record named by a :func:`history_key`, in key order."""
    if principal.role not in _FULL and principal.role not in (Role.EVALUATOR, Role.CREATOR):
        return [[] for _ in keys]
    wanted = [tuple(key.split(":", 1)) for key in keys]
    creators = [ref for kind, ref in wanted if kind == "creator"]
    async with ctx.uow(read_only=True) as uow:
        session = uow.session
        # A creator's platform accounts and works are part of its history.
        owner: dict[tuple[str, str], str] = {}
        # (The log names a platform account by its row id, a work by its public id.)
        parts = (
            (m.PlatformAccount.id, m.PlatformAccount.creator_id, "platform_account"),
            (m.Work.public_id, m.Work.creator_id, "work"),
        )
        for ref_column, creator_column, target in parts if creators else ():
            for ref, creator in await session.execute(
                select(ref_column, m.Creator.public_id)
                .join(m.Creator, m.Creator.id == creator_column)
                .where(m.Creator.public_id.in_(creators))
            ):
                owner[(target, str(ref))] = creator
        by_type: dict[str, set[str]] = defaultdict(set)
        for kind, ref in wanted:
            by_type[kind].add(ref)
        for target, ref in owner:
            by_type[target].add(ref)
        clauses: list[ColumnElement[bool]] = [
            and_(m.AuditEvent.target_type == kind, m.AuditEvent.target_id.in_(refs))
            for kind, refs in by_type.items()
        ]
        if principal.role is Role.EVALUATOR:
            clauses = [and_(or_(*clauses), m.AuditEvent.actor_org == principal.organisation_code)]
        events = (
            (
                await session.execute(
                    select(m.AuditEvent).where(or_(*clauses)).order_by(m.AuditEvent.seq)
                )
            )
            .scalars()
            .all()
        )
        names = {
            code: (name, name_en)
            for code, name, name_en in await session.execute(
                select(m.Organisation.code, m.Organisation.name, m.Organisation.name_en).where(
                    m.Organisation.code.in_({e.actor_org for e in events if e.actor_org})
                )
            )
        }
        found: dict[str, list[HistoryEntry]] = defaultdict(list)
        for event in events:
            part_of = owner.get((event.target_type, event.target_id))
            key = (
                f"creator:{part_of}"
                if part_of is not None
                else f"{event.target_type}:{event.target_id}"
            )
            name, name_en = names.get(event.actor_org or "", (None, None))
            found[key].append(
                HistoryEntry(
                    at=event.at,
                    action=event.action,
                    organisation=event.actor_org,
                    organisation_name=name,
                    organisation_name_en=name_en,
                    role=event.actor_role,
                    actor=None if principal.role is Role.CREATOR else event.actor,
                    reason=None if event.note is None else event.note.reason,
                )
            )
    return [found.get(key, [])[-MAX_ENTRIES:] for key in keys]
