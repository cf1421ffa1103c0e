"""Printing credentials: what each A4 page says, for the holder, the issuing office, or the
operator printing an office's batch (``ccr credentials print``).

A page shows what the QR shows (the name as signed into it, masked unless the holder chose
otherwise) plus, for a skill certificate, the fields the national certificate prints: the
institution, the ID document type and its **masked** number, occupation, direction, level and
certificate number, and the national lookup sites. The status is the one at print time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from signing.vocabulary import DIRECTIONS, KINDS, label

from ..authz import Principal
from ..db import models as m
from ..domain.credentials import STANDING_WORDS, Credential, DocumentNames, standing
from ..domain.enums import CredentialKind, IdDocumentType, Role
from ..errors import InvalidInput, NotAuthorized, NotFound
from ..paper.certificate import PrintedPage
from .context import ServiceContext
from .credential_status import to_credential
from .loaders import document_names_key, holder_or_issuer, load_document_names

__all__ = [
    "CERTIFICATE_LOOKUP",
    "INSTITUTION_LOOKUP",
    "MAX_BATCH",
    "organisation_pages",
    "printable_pages",
]

# The national lookups a skill certificate prints (全国职业技能等级证书查询, 评价机构查询).
CERTIFICATE_LOOKUP = "https://zscx.osta.org.cn/"
INSTITUTION_LOOKUP = "https://www.osta.org.cn/"
# The most pages one batch prints: a ceremony's worth, bounded so a request cannot run away.
MAX_BATCH = 5000

_ID_TYPES = {
    IdDocumentType.RESIDENT_ID: "居民身份证 Resident ID card",
    IdDocumentType.HMT_PERMIT: "港澳台居民证件 HMT residence permit",
    IdDocumentType.PASSPORT: "护照 Passport",
    IdDocumentType.FOREIGN_PERMANENT_ID: "外国人永久居留身份证 Foreign permanent resident ID",
    IdDocumentType.USCC: "统一社会信用代码 Unified social credit code",
}


def _status(credential: Credential, now: datetime) -> tuple[str, str, bool]:
    state = standing(credential, now)
    words = STANDING_WORDS[state]
    return words.zh, words.en, state == "ACTIVE"


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _rows(
    credential: Credential, names: DocumentNames, id_type: IdDocumentType, id_masked: str
) -> tuple[str, list[tuple[str, str, str]]]:
    a = credential.achievement
    office = names.issuer_name
    common = [
        ("持有人", "Holder", credential.subject_name),
        ("签发机构", "Issued by", office),
        ("签发日期", "Issued on", _day(credential.issued_at)),
        ("有效期", "Valid", f"{_day(credential.valid_from)} – {_day(credential.valid_until)}"),
        ("凭证编号", "Credential id", credential.id),
    ]
    if credential.kind is CredentialKind.SKILL_CERTIFICATE:
        direction = DIRECTIONS.get(str(a.get("direction") or ""))
        level = label(str(a.get("level"))) or "--"
        headline = f"{names.achievement} {level}"
        rows = [
            ("发证机构", "Institution", office),
            ("发证日期", "Issued on", _day(credential.issued_at)),
            ("姓名", "Name", credential.subject_name),
            ("证件类型", "ID document", _ID_TYPES.get(id_type, id_type.value)),
            ("证件号码", "ID number", id_masked),
            ("职业（工种）", "Occupation", f"{names.achievement}（{a.get('code')}）"),
            ("职业方向", "Direction", direction[1].zh if direction else "--"),
            ("等级", "Level", level),
            ("证书编号", "Certificate number", str(a.get("number") or "--")),
            ("证书查询", "Certificate lookup", CERTIFICATE_LOOKUP),
            ("机构查询", "Institution lookup", INSTITUTION_LOOKUP),
        ]
        return headline, rows
    if credential.kind is CredentialKind.AWARD:
        grade = label(str(a.get("grade"))) if a.get("grade") else None
        rows = [
            ("奖项", "Award", names.achievement),
            ("年度", "Edition", str(a.get("year") or "--")),
            ("等次", "Grade", grade or "--"),
            ("级别", "Level", label(str(a.get("level"))) or "--"),
            ("作品", "Work", str(a.get("title") or "--")),
        ]
        return f"{names.achievement} {grade or ''}".strip(), rows + common
    if credential.kind is CredentialKind.CREATOR_RECOGNITION:
        rows = [
            ("认定", "Recognition", names.achievement),
            ("地区", "Region", str(a.get("region") or "--")),
            ("认定编号", "Number", str(a.get("number") or "--")),
        ]
        return names.achievement, rows + common
    tier = label(str(a.get("level"))) if a.get("level") else None
    rows = [
        ("政策", "Programme", names.achievement),
        ("资格", "Tier or benefit", tier or "--"),
        ("地区", "Region", str(a.get("region") or "--")),
    ]
    return f"{names.achievement} {tier or ''}".strip(), rows + common


_Row = tuple[Credential, str, IdDocumentType, str]  # credential, QR text, ID type, masked ID


def _row(row: m.Credential, id_type: IdDocumentType, masked: str) -> _Row:
    return to_credential(row), row.qr_text, id_type, masked


async def _pages(ctx: ServiceContext, credentials: Sequence[_Row]) -> list[PrintedPage]:
    names = await load_document_names(
        ctx, Principal.anonymous(), [document_names_key(c) for c, *_ in credentials]
    )
    now = ctx.now()
    pages = []
    for (credential, qr_text, id_type, id_masked), name in zip(credentials, names, strict=True):
        headline, page_rows = _rows(credential, name, id_type, id_masked)
        status_zh, status_en, valid = _status(credential, now)
        kind = KINDS[credential.kind]
        pages.append(
            PrintedPage(
                title_zh=kind.zh,
                title_en=kind.en,
                headline=headline,
                rows=page_rows,
                qr_text=qr_text,
                status_zh=status_zh,
                status_en=status_en,
                valid=valid,
                printed_at=now,
            )
        )
    return pages


def _statement() -> Any:
    return select(m.Credential, m.Creator.id_document_type, m.Creator.id_number_masked).join(
        m.Creator, m.Creator.id == m.Credential.creator_id
    )


async def printable_pages(
    ctx: ServiceContext, principal: Principal, credential_ids: Sequence[str]
) -> list[PrintedPage]:
    """The pages of these credentials, for their holder or issuing office only; another
    caller learns nothing, not even that a credential exists (NotFound)."""
    if principal.role is Role.PUBLIC:
        raise NotFound("no such credential", field="credential_id")
    statement = (
        _statement()
        .where(m.Credential.public_id.in_(list(credential_ids)))
        .where(holder_or_issuer(principal))
    )
    async with ctx.uow(read_only=True) as uow:
        found = {
            row.public_id: _row(row, kind, masked)
            for row, kind, masked in await uow.session.execute(statement)
        }
    if set(found) != set(credential_ids):
        raise NotFound("no such credential", field="credential_id")
    return await _pages(ctx, [found[i] for i in credential_ids])


async def organisation_pages(
    ctx: ServiceContext,
    principal: Principal,
    organisation: str,
    *,
    kind: CredentialKind | None = None,
    since: date | None = None,
) -> list[PrintedPage]:
    """Every credential an office issued (of ``kind``, issued on or after ``since``), oldest
    first: for the operator at the command line, or an official of that office."""
    if principal.role is not Role.SYSTEM_ADMIN and principal.organisation_code != organisation:
        raise NotAuthorized("only the office itself or the operator prints its credentials")
    statement = (
        _statement()
        .join(m.Organisation, m.Organisation.id == m.Credential.organisation_id)
        .where(m.Organisation.code == organisation)
        .order_by(m.Credential.issued_at, m.Credential.id)
        .limit(MAX_BATCH + 1)
    )
    if kind is not None:
        statement = statement.where(m.Credential.kind == kind)
    if since is not None:
        statement = statement.where(m.Credential.issued_at >= datetime.combine(since, time.min))
    async with ctx.uow(read_only=True) as uow:
        rows = [
            _row(row, id_type, masked)
            for row, id_type, masked in await uow.session.execute(statement)
        ]
    if len(rows) > MAX_BATCH:
        raise InvalidInput(
            f"at most {MAX_BATCH} credentials a batch: narrow it with --kind or --since",
            field="organisation",
        )
    return await _pages(ctx, rows)
