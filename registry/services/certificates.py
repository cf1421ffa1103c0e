"""Skill certificates (职业技能等级证书), recorded by the evaluation institution that issued
them, and only within its own active filing (DOMAIN §3).

The institution names the holder as its exam roster does, by ID document and name, matched
through the document's keyed lookup hash; a public creator id (printed in every QR) is no
key to anyone's records. The checks run in an order that leaks nothing: the institution's
authority (its own active filing, covering the certificate) first, then the certificate
itself (number, scores, a duplicate number), and only then the person (found, name
matching, old enough on the issue date) — so no refusal depends on personal data the
institution has not itself presented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.enums import IdDocumentType
from ..domain.identity import normalise_id_number
from ..domain.skills import (
    OMNI_MEDIA_OPERATOR,
    Occupation,
    SkillCertificate,
    SkillLevel,
    check_certificate_number,
    check_filing_covers,
    check_scores,
    check_skill,
)
from ..errors import Conflict, ErrorCode, InvalidInput, NotAuthorized, NotFound
from .common import by_public_id, new_public_id, record_change
from .context import ServiceContext
from .creators import birth_date_of_creator
from .filings import to_filing

__all__ = [
    "Holder",
    "Lookups",
    "RecordSkillCertificate",
    "holder_lookup",
    "prepare_certificate",
    "record_skill_certificate",
    "to_certificate",
]


@dataclass(frozen=True, slots=True)
class Holder:
    """A certificate holder as the exam roster names them."""

    id_document_type: IdDocumentType
    id_number: str
    name: str


@dataclass(frozen=True, slots=True)
class RecordSkillCertificate:
    holder: Holder
    filing_id: str
    number: str
    level: SkillLevel
    issued_on: date
    direction: str | None = None
    occupation_code: str = OMNI_MEDIA_OPERATOR.code
    theory_score: int | None = None
    practical_score: int | None = None
    review_score: int | None = None
    imported: bool = False  # legacy 16-digit numbers are accepted on import only


def to_certificate(row: m.SkillCertificate) -> SkillCertificate:
    return SkillCertificate(
        id=row.public_id,
        number=row.number,
        creator_id=row.creator.public_id,
        filing_id=row.filing.public_id,
        organisation=row.filing.organisation.code,
        occupation_code=row.filing.occupation.code,
        direction=row.direction,
        level=row.level,
        issued_on=row.issued_on,
        legacy=row.legacy,
    )


def _occupation(row: m.Occupation) -> Occupation:
    return Occupation(
        code=row.code,
        name=row.name,
        levels=tuple(SkillLevel(level) for level in row.levels),
        directions=tuple(row.directions),
        direction_min_level={k: SkillLevel(v) for k, v in row.direction_min_level.items()},
        pass_mark=row.pass_mark,
        min_age=row.min_age,
    )


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True)
class Lookups:
    """Reads made once for many rows (a roster import), so that each row's checks are the
    single-record path's checks without its three queries: the office's filings by id, the
    certificate numbers on record among those asked about, the holders by lookup hash."""

    filings: dict[str, m.Filing]
    numbers_taken: set[str]
    holders: dict[str, m.Creator]


def holder_lookup(ctx: ServiceContext, holder: Holder) -> str:
    number = normalise_id_number(holder.id_number, holder.id_document_type)
    return ctx.vault.lookup_hash(holder.id_document_type, number)


async def _holder(
    ctx: ServiceContext, session: AsyncSession, holder: Holder, known: Lookups | None
) -> m.Creator:
    """The registered creator whose document and name these are; one NOT_FOUND otherwise
    (a wrong name and an unknown number are refused alike)."""
    lookup = holder_lookup(ctx, holder)
    if known is not None:
        row = known.holders.get(lookup)
    else:
        statement = select(m.Creator).where(m.Creator.id_number_hash == lookup)
        row = (await session.execute(statement)).scalars().first()
    if row is None or row.name.strip() != holder.name.strip():
        raise NotFound(
            "no registered creator holds this ID document under this name", field="id_number"
        )
    return row


async def prepare_certificate(
    ctx: ServiceContext,
    session: AsyncSession,
    principal: Principal,
    command: RecordSkillCertificate,
    *,
    now: datetime,
    known: Lookups | None = None,
) -> m.SkillCertificate:
    """Every check of the single-record path, in its order, and the row it would add (not
    added): the roster import runs exactly these checks on each row, with ``known`` reads."""
    scores = {
        name: value
        for name, value in (
            ("theory_score", command.theory_score),
            ("practical_score", command.practical_score),
            ("review_score", command.review_score),
        )
        if value is not None
    }
    if command.issued_on > now.date():
        raise InvalidInput("a certificate cannot be issued in the future", field="issued_on")
    cached = None if known is None else known.filings.get(command.filing_id)
    filing_row = cached or await by_public_id(
        session, m.Filing, command.filing_id, field="filing_id", what="filing"
    )
    if filing_row.organisation_id != principal.organisation_id:
        raise NotAuthorized(
            "an institution records certificates under its own filings only",
            code=ErrorCode.OUTSIDE_FILING,
            field="filing_id",
        )
    occupation = _occupation(filing_row.occupation)
    if command.occupation_code != occupation.code:
        raise NotAuthorized(
            "the filing does not cover this occupation",
            code=ErrorCode.OUTSIDE_FILING,
            field="occupation_code",
        )
    check_skill(occupation, command.level, command.direction)
    check_filing_covers(
        to_filing(filing_row),
        occupation_code=command.occupation_code,
        level=command.level,
        direction=command.direction,
        on=command.issued_on,
    )
    number = check_certificate_number(
        command.number,
        prefix=filing_row.prefix,
        issued_on=command.issued_on,
        level=command.level,
        legacy_allowed=command.imported,
    )
    check_scores(occupation, command.level, scores)
    if known is not None:
        taken = number in known.numbers_taken
    else:
        statement = select(m.SkillCertificate.id).where(m.SkillCertificate.number == number)
        taken = (await session.execute(statement)).first() is not None
    if taken:
        raise Conflict(
            "a certificate with this number is on record",
            code=ErrorCode.DUPLICATE,
            field="number",
        )
    creator = await _holder(ctx, session, command.holder, known)
    born = await birth_date_of_creator(session, ctx.vault, creator)
    if born is None:
        raise InvalidInput(
            f"applicants must be at least {occupation.min_age}: record the holder's birth "
            "date from their document first (its number does not carry it)",
            code=ErrorCode.DOCUMENTS_MISSING,
            field="birth_date",
        )
    if _age_on(born, command.issued_on) < occupation.min_age:
        raise InvalidInput(
            f"applicants must be at least {occupation.min_age}",
            code=ErrorCode.TOO_YOUNG,
            field="id_number",
        )
    return m.SkillCertificate(
        public_id=new_public_id("sc"),
        number=number,
        creator=creator,
        creator_id=creator.id,
        filing=filing_row,
        filing_id=filing_row.id,
        occupation_id=filing_row.occupation_id,
        direction=command.direction,
        level=command.level,
        issued_on=command.issued_on,
        legacy=len(number) == 16,
        theory_score=command.theory_score,
        practical_score=command.practical_score,
        review_score=command.review_score,
        recorded_by_account_id=principal.account_id,
        created_at=now,
    )


async def record_skill_certificate(
    ctx: ServiceContext, principal: Principal, command: RecordSkillCertificate
) -> SkillCertificate:
    authorize(principal, Action.RECORD_CERTIFICATE)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await prepare_certificate(ctx, uow.session, principal, command, now=now)
        uow.session.add(row)
        record_change(uow, principal, "certificate.record", "skill_certificate", row, at=now)
        await uow.commit()
        return to_certificate(row)
