"""Importing an exam roster: every row checked as one certificate recorded by hand, then all
valid rows written in one transaction (or none, with ``all_or_nothing``; or none at all in a
dry run, which reports exactly what a real run would).

A row whose certificate number is already on record is not imported again and is reported as
such: importing the same file twice creates nothing new. The filing each row falls under is
the institution's filing whose prefix the certificate number carries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..errors import DomainError, ErrorCode
from ..roster.parse import Refusal, parse_row
from ..roster.reader import RosterRow
from .certificates import (
    Lookups,
    RecordSkillCertificate,
    holder_lookup,
    prepare_certificate,
)
from .common import record_change
from .context import ServiceContext

__all__ = ["ImportReport", "import_roster"]


@dataclass(slots=True)
class ImportReport:
    rows: int = 0
    recorded: list[str] = field(default_factory=list)  # certificate ids, when written
    valid: int = 0  # rows that passed every check
    already: list[int] = field(default_factory=list)  # row numbers whose number is on record
    refused: list[Refusal] = field(default_factory=list)
    written: bool = False

    @property
    def refused_rows(self) -> int:
        return len({r.row for r in self.refused})


_CHUNK = 500  # keys a lookup query sends at once


async def _lookups(
    ctx: ServiceContext,
    session: AsyncSession,
    filing_rows: Sequence[m.Filing],
    commands: Sequence[RecordSkillCertificate],
) -> Lookups:
    """The reads every row's checks need, made in a few queries for the whole file."""
    numbers = sorted({c.number for c in commands})
    hashes: set[str] = set()
    for command in commands:
        try:
            hashes.add(holder_lookup(ctx, command.holder))
        except DomainError:
            continue  # refused by its own checks later
    taken: set[str] = set()
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        found = await session.execute(
            select(m.SkillCertificate.number).where(m.SkillCertificate.number.in_(chunk))
        )
        taken.update(found.scalars())
    holders: dict[str, m.Creator] = {}
    ordered = sorted(hashes)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found_holders = await session.execute(
            select(m.Creator).where(m.Creator.id_number_hash.in_(chunk))
        )
        for creator in found_holders.scalars():
            holders.setdefault(creator.id_number_hash, creator)
    return Lookups({row.public_id: row for row in filing_rows}, taken, holders)


async def import_roster(
    ctx: ServiceContext,
    principal: Principal,
    rows: Sequence[RosterRow],
    *,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    authorize(principal, Action.RECORD_CERTIFICATE)
    report = ImportReport(rows=len(rows))
    now = ctx.now()
    prepared: list[m.SkillCertificate] = []
    async with ctx.uow() as uow:
        session = uow.session
        filing_rows = (
            (
                await session.execute(
                    select(m.Filing).where(m.Filing.organisation_id == principal.organisation_id)
                )
            )
            .scalars()
            .all()
        )
        filings = {row.prefix: row.public_id for row in filing_rows}
        parsed_rows = [(row, parse_row(row.number, row.cells)) for row in rows]
        commands = [p for _, p in parsed_rows if not isinstance(p, list)]
        known = await _lookups(ctx, session, filing_rows, commands)
        # What this institution has on record: number -> (holder's lookup hash, level).
        recorded = await session.execute(
            select(m.SkillCertificate.number, m.Creator.id_number_hash, m.SkillCertificate.level)
            .join(m.Filing, m.Filing.id == m.SkillCertificate.filing_id)
            .join(m.Creator, m.Creator.id == m.SkillCertificate.creator_id)
            .where(m.Filing.organisation_id == principal.organisation_id)
        )
        on_record = {number: (holder, level) for number, holder, level in recorded}
        in_file: set[str] = set()
        for done, (row, parsed) in enumerate(parsed_rows, start=1):
            if progress is not None:
                progress(done)
            if isinstance(parsed, list):
                report.refused.extend(parsed)
                continue
            if parsed.number in on_record:
                if on_record[parsed.number] == (holder_lookup(ctx, parsed.holder), parsed.level):
                    report.already.append(row.number)  # imported before: not again
                else:
                    report.refused.append(
                        Refusal.of(
                            row.number,
                            "number",
                            ErrorCode.DUPLICATE,
                            "this number is on record for another holder or level",
                        )
                    )
                continue
            if parsed.number in in_file:
                report.refused.append(
                    Refusal.of(
                        row.number,
                        "number",
                        ErrorCode.DUPLICATE,
                        "the same number twice in this file",
                    )
                )
                continue
            filing = filings.get(parsed.number[:13])
            if filing is None:
                report.refused.append(
                    Refusal.of(
                        row.number,
                        "number",
                        ErrorCode.OUTSIDE_FILING,
                        "no filing of this institution has this number's prefix",
                    )
                )
                continue
            try:
                certificate = await prepare_certificate(
                    ctx, session, principal, replace(parsed, filing_id=filing), now=now, known=known
                )
            except DomainError as exc:
                report.refused.append(
                    Refusal.of(row.number, exc.field or "row", exc.code, exc.message)
                )
                continue
            in_file.add(parsed.number)
            prepared.append(certificate)
        report.valid = len(prepared)
        if dry_run or not prepared or (all_or_nothing and report.refused):
            return report  # the unit of work ends without a commit: nothing is written
        for certificate in prepared:
            session.add(certificate)
            record_change(
                uow, principal, "certificate.import", "skill_certificate", certificate, at=now
            )
        await uow.commit()
        report.recorded = [c.public_id for c in prepared]
        report.written = True
    return report
