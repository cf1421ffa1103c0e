"""The public certificate lookup: a number and the holder's name in, a masked answer out.

Like the national skill-certificate lookup, anyone may ask whether a certificate (by its
number) or a credential (by its id) is genuine and in force, but only together with the
holder's full name: a number alone reveals nothing, and "no such number" and "not this
holder's" give the very same answer. Every lookup is written to the disclosure log
(purpose ``public-lookup``, actor ``public``), answered or not; rate limits are the caller's
(``schema``: counted per lookup, like a verification).
"""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from signing.vocabulary import label

from ..authz import Principal
from ..db import models as m
from ..domain.credentials import standing
from ..domain.enums import CredentialKind, SourceType
from ..domain.identity import mask_name
from .context import ServiceContext
from .credential_status import to_credential
from .loaders import document_names_key, load_document_names

__all__ = ["LOOKUP_PURPOSE", "LookupAnswer", "lookup_certificate"]

LOOKUP_PURPOSE = "public-lookup"
MAX_INPUT = 64  # a certificate number is 22 characters, a credential id 22, a name fewer


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    status: str  # VALID, SUSPENDED, REVOKED, EXPIRED or NOT_FOUND
    kind: CredentialKind | None = None
    title: str | None = None  # e.g. 全媒体运营师, 中国正能量网络精品
    level: str | None = None  # e.g. 三级/高级工
    issuer: str | None = None  # the office's name
    issued_on: date | None = None
    holder: str | None = None  # masked: 张*


NOT_FOUND = LookupAnswer("NOT_FOUND")


def _same_name(recorded: str, given: str) -> bool:
    def norm(text: str) -> bytes:
        return " ".join(unicodedata.normalize("NFKC", text).split()).encode("utf-8")

    return hmac.compare_digest(norm(recorded), norm(given))


async def lookup_certificate(ctx: ServiceContext, number: str, holder_name: str) -> LookupAnswer:
    """The masked answer for ``number`` (a skill certificate number or a credential id) and
    the holder's full name; NOT_FOUND when either does not match. Never echoes the input."""
    key = number.strip().upper() if len(number) <= MAX_INPUT else ""
    answer = NOT_FOUND
    credential_ref: str | None = None
    async with ctx.uow(read_only=True) as uow:
        session = uow.session
        certificate = None
        credential = None
        if key and len(holder_name) <= MAX_INPUT:
            certificate = (
                await session.execute(
                    select(m.SkillCertificate).where(m.SkillCertificate.number == key)
                )
            ).scalar_one_or_none()
            if certificate is not None:
                credential = (
                    await session.execute(
                        select(m.Credential)
                        .where(m.Credential.source_type == SourceType.SKILL_CERTIFICATE)
                        .where(m.Credential.source_ref == certificate.public_id)
                        .order_by(m.Credential.issued_at.desc())
                        .limit(1)
                    )
                ).scalar_one_or_none()
            else:
                credential = (
                    await session.execute(
                        select(m.Credential).where(m.Credential.public_id == number.strip())
                    )
                ).scalar_one_or_none()
        holder = certificate.creator if certificate is not None else None
        if holder is None and credential is not None:
            holder = credential.creator
        if holder is not None and _same_name(holder.name, holder_name):
            answer = await _answer(ctx, certificate, credential)
            credential_ref = credential.public_id if credential is not None else None
    async with ctx.uow() as uow:
        uow.session.add(
            m.Disclosure(
                at=ctx.now(),
                client_id=None,
                organisation_id=None,
                actor="public",
                credential_ref=credential_ref,
                purpose=LOOKUP_PURPOSE,
                fields=[] if answer is NOT_FOUND else ["status", "kind", "title", "level"],
                outcome_code=answer.status,
            )
        )
        await uow.commit()
    return answer


async def _answer(
    ctx: ServiceContext,
    certificate: m.SkillCertificate | None,
    credential: m.Credential | None,
) -> LookupAnswer:
    now = ctx.now()
    if credential is not None:
        issued = to_credential(credential)
        [names] = await load_document_names(
            ctx, Principal.anonymous(), [document_names_key(issued)]
        )
        state = standing(issued, now)
        status = "VALID" if state == "ACTIVE" else state
        a = issued.achievement
        level = a.get("level") or a.get("grade")
        return LookupAnswer(
            status=status,
            kind=issued.kind,
            title=names.achievement,
            level=None if level is None else label(str(level)),
            issuer=names.issuer_name,
            issued_on=issued.issued_at.date(),
            holder=issued.subject_name,
        )
    assert certificate is not None  # a certificate on record, no credential issued for it
    return LookupAnswer(
        status="VALID",
        kind=CredentialKind.SKILL_CERTIFICATE,
        title=certificate.filing.occupation.name,
        level=label(certificate.level.value),
        issuer=certificate.filing.organisation.name,
        issued_on=certificate.issued_on,
        holder=mask_name(certificate.creator.name),
    )
