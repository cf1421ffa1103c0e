"""Batch reads for DataLoaders: one statement per call whatever the number of keys, the
caller's visibility applied inside, results in key order (``[]``/``None`` where nothing is
visible)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize, may
from ..db import models as m
from ..domain.awards import AwardGrant
from ..domain.creators import PlatformAccount, Recognition, Work
from ..domain.credentials import Credential, DocumentNames
from ..domain.eligibility import ApartmentStayRecord, EligibilityDecision, SubsidyPeriodApproval
from ..domain.enums import CredentialKind, Role
from ..domain.regions import CLUSTERS
from ..domain.skills import SkillCertificate
from .apartment_stays import to_stay
from .awards import to_award_grant
from .certificates import to_certificate
from .context import ServiceContext
from .creators import to_platform_account, to_work
from .credential_status import to_credential
from .eligibility_reads import decisions_of, may_see_decision
from .recognitions import to_recognition
from .subsidies import to_subsidy_period
from .visibility import (
    narrow,
    visible_certificates,
    visible_creators,
    visible_credentials,
    visible_records,
)

__all__ = [
    "document_names_key",
    "holder_or_issuer",
    "load_apartment_stays_of",
    "load_awards_of",
    "load_certificates_of",
    "load_credentials_of",
    "load_decisions_of",
    "load_document_names",
    "load_platform_accounts_of",
    "load_qr_texts",
    "load_recognitions_of",
    "load_subsidy_periods_of",
    "load_works_of",
]

T = TypeVar("T")


async def _creator_pks(
    session: AsyncSession, principal: Principal, creator_ids: Sequence[str]
) -> dict[int, str]:
    statement = select(m.Creator.id, m.Creator.public_id).where(
        m.Creator.public_id.in_(list(creator_ids))
    )
    clause = visible_creators(principal, m.Creator.id)
    if clause is not None:
        statement = statement.where(clause)
    return {pk: public_id for pk, public_id in await session.execute(statement)}


async def _grouped(
    ctx: ServiceContext,
    principal: Principal,
    creator_ids: Sequence[str],
    model: Any,
    to_item: Callable[[Any], T],
    clause: ColumnElement[bool] | None = None,
) -> list[list[T]]:
    authorize(principal, Action.READ_CREATOR)
    grouped: dict[str, list[T]] = {key: [] for key in creator_ids}
    async with ctx.uow(read_only=True) as uow:
        pks = await _creator_pks(uow.session, principal, creator_ids)
        if pks:
            statement = narrow(
                select(model).where(model.creator_id.in_(list(pks))).order_by(model.id), clause
            )
            for row in (await uow.session.execute(statement)).unique().scalars():
                grouped[pks[row.creator_id]].append(to_item(row))
    return [grouped[key] for key in creator_ids]


async def load_platform_accounts_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[PlatformAccount]]:
    return await _grouped(
        ctx,
        principal,
        creator_ids,
        m.PlatformAccount,
        to_platform_account,
        visible_records(principal, m.PlatformAccount.creator_id),
    )


async def load_works_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[Work]]:
    return await _grouped(
        ctx,
        principal,
        creator_ids,
        m.Work,
        to_work,
        visible_records(principal, m.Work.creator_id),
    )


async def load_recognitions_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[Recognition]]:
    return await _grouped(
        ctx,
        principal,
        creator_ids,
        m.Recognition,
        to_recognition,
        visible_records(principal, m.Recognition.creator_id),
    )


async def load_awards_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[AwardGrant]]:
    return await _grouped(
        ctx,
        principal,
        creator_ids,
        m.AwardGrant,
        to_award_grant,
        visible_records(principal, m.AwardGrant.creator_id),
    )


async def load_certificates_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[SkillCertificate]]:
    # An evaluator: its own filings' certificates. Anyone else: the creator visibility
    # ``_grouped`` applies already, repeated.
    return await _grouped(
        ctx,
        principal,
        creator_ids,
        m.SkillCertificate,
        to_certificate,
        visible_certificates(principal),
    )


async def load_credentials_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[Credential]]:
    return await _grouped(
        ctx, principal, creator_ids, m.Credential, to_credential, visible_credentials(principal)
    )


async def load_decisions_of(
    ctx: ServiceContext, principal: Principal, creator_ids: Sequence[str]
) -> list[list[EligibilityDecision]]:
    """The eligibility decisions about each creator that the principal may see (those of
    programmes in an official's region, a creator's own); none for roles that take no part
    in eligibility."""
    if not may(principal, Action.EVALUATE_ELIGIBILITY):
        return [[] for _ in creator_ids]
    async with ctx.uow(read_only=True) as uow:
        statement = select(m.Creator.id, m.Creator.public_id).where(
            m.Creator.public_id.in_(list(creator_ids))
        )
        if principal.role is Role.CREATOR:
            statement = statement.where(m.Creator.id == (principal.creator_id or -1))
        pks = {pk: public_id for pk, public_id in await uow.session.execute(statement)}
        found = await decisions_of(uow.session, principal, list(pks))
    grouped = {pks[pk]: decisions for pk, decisions in found.items()}
    return [grouped.get(key, []) for key in creator_ids]


async def _under_decisions(
    ctx: ServiceContext,
    principal: Principal,
    decision_ids: Sequence[str],
    model: Any,
    order: Sequence[Any],
    to_item: Callable[[Any, str], T],
) -> list[list[T]]:
    """Rows of ``model`` (with a ``decision_id``) under each decision, in ``order``, for
    whoever may see the decision (as :func:`load_decisions_of`)."""
    if not may(principal, Action.EVALUATE_ELIGIBILITY):
        return [[] for _ in decision_ids]
    grouped: dict[str, list[T]] = {key: [] for key in decision_ids}
    statement = (
        select(model, m.EligibilityDecision)
        .join(m.EligibilityDecision, m.EligibilityDecision.id == model.decision_id)
        .where(m.EligibilityDecision.public_id.in_(list(decision_ids)))
        .order_by(model.decision_id, *order)
    )
    if principal.role is Role.CREATOR:
        statement = statement.where(
            m.EligibilityDecision.creator_id == (principal.creator_id or -1)
        )
    async with ctx.uow(read_only=True) as uow:
        for row, decision in await uow.session.execute(statement):
            if may_see_decision(principal, decision):
                grouped[decision.public_id].append(to_item(row, decision.public_id))
    return [grouped[key] for key in decision_ids]


async def load_subsidy_periods_of(
    ctx: ServiceContext, principal: Principal, decision_ids: Sequence[str]
) -> list[list[SubsidyPeriodApproval]]:
    """The approved subsidy periods under each decision, in period order."""
    order = (m.SubsidyPeriodRecord.benefit_code, m.SubsidyPeriodRecord.number)
    return await _under_decisions(
        ctx, principal, decision_ids, m.SubsidyPeriodRecord, order, to_subsidy_period
    )


async def load_apartment_stays_of(
    ctx: ServiceContext, principal: Principal, decision_ids: Sequence[str]
) -> list[list[ApartmentStayRecord]]:
    """The talent-apartment stays taken under each decision, oldest first."""
    order = (m.ApartmentStay.starts_on, m.ApartmentStay.id)
    return await _under_decisions(ctx, principal, decision_ids, m.ApartmentStay, order, to_stay)


def holder_or_issuer(principal: Principal) -> ColumnElement[bool]:
    if principal.role is Role.CREATOR:
        return m.Credential.creator_id == (principal.creator_id or -1)
    return m.Credential.organisation_id == (principal.organisation_id or -1)


async def load_qr_texts(
    ctx: ServiceContext, principal: Principal, credential_ids: Sequence[str]
) -> list[str | None]:
    """The signed QR texts, for the holder or the issuing organisation only."""
    authorize(principal, Action.READ_CREDENTIAL)
    statement = (
        select(m.Credential.public_id, m.Credential.qr_text)
        .where(m.Credential.public_id.in_(list(credential_ids)))
        .where(holder_or_issuer(principal))
    )
    async with ctx.uow(read_only=True) as uow:
        found = {public_id: text for public_id, text in await uow.session.execute(statement)}
    return [found.get(key) for key in credential_ids]


def document_names_key(credential: Credential) -> str:
    """What the names of a credential's JSON view depend on: its office, kind, code and (for
    an award's evidence) the record it attests."""
    code = credential.achievement.get("code")
    return f"{credential.organisation}|{credential.kind.name}|{code}|{credential.source_id}"


async def load_document_names(
    ctx: ServiceContext, principal: Principal, keys: Sequence[str]
) -> list[DocumentNames]:
    """The office and achievement names of JSON views, by ``document_names_key``. Names are
    public (the verifier page shows them); an unknown code is shown as it is."""
    parsed = [key.split("|", 3) for key in keys]
    org_codes = {org for org, _, _, _ in parsed}
    award_codes = {code for _, kind, code, _ in parsed if kind == CredentialKind.AWARD.name}
    grants = {source for _, kind, _, source in parsed if kind == CredentialKind.AWARD.name}
    occupation_codes = {
        code for _, kind, code, _ in parsed if kind == CredentialKind.SKILL_CERTIFICATE.name
    }
    programme_codes = {
        code for _, kind, code, _ in parsed if kind == CredentialKind.TALENT_ELIGIBILITY.name
    }
    async with ctx.uow(read_only=True) as uow:
        session = uow.session
        org_rows = await session.execute(
            select(m.Organisation.code, m.Organisation.name, m.Organisation.name_en).where(
                m.Organisation.code.in_(org_codes)
            )
        )
        orgs: dict[str, tuple[str, str | None]] = {
            code: (name, name_en) for code, name, name_en in org_rows
        }
        evidence: dict[str, tuple[str | None, str | None]] = {}
        if grants:
            notices = await session.execute(
                select(
                    m.AwardGrant.public_id, m.AwardGrant.evidence_doc_no, m.AwardGrant.evidence_url
                ).where(m.AwardGrant.public_id.in_(grants))
            )
            evidence = {grant: (doc_no, url) for grant, doc_no, url in notices}
        achievements: dict[tuple[str, str], str] = {}
        for kind, model in (
            (CredentialKind.AWARD, m.AwardProgramme),
            (CredentialKind.SKILL_CERTIFICATE, m.Occupation),
        ):
            codes = award_codes if kind is CredentialKind.AWARD else occupation_codes
            if codes:
                rows = await session.execute(
                    select(model.code, model.name).where(model.code.in_(codes))
                )
                achievements.update(((kind.name, code), name) for code, name in rows)
        if programme_codes:
            latest = (
                select(m.ProgrammeVersion.code, m.ProgrammeVersion.document)
                .where(m.ProgrammeVersion.code.in_(programme_codes))
                .order_by(m.ProgrammeVersion.code, m.ProgrammeVersion.version)
            )
            for code, document in await session.execute(latest):
                name = json.loads(document).get("name")  # the latest version wins
                if isinstance(name, dict) and isinstance(name.get("zh"), str):
                    achievements[(CredentialKind.TALENT_ELIGIBILITY.name, code)] = name["zh"]
    for code, cluster in CLUSTERS.items():
        achievements[(CredentialKind.CREATOR_RECOGNITION.name, code)] = cluster.name
    names = []
    for org, kind_name, code, source in parsed:
        doc_no, url = evidence.get(source, (None, None))
        names.append(
            DocumentNames(
                organisation=orgs.get(org, (org, None))[0],
                achievement=achievements.get((kind_name, code), code),
                organisation_en=orgs.get(org, (org, None))[1],
                evidence_name=doc_no,
                # Only a published web address is a usable evidence id.
                evidence_url=url if url and url.startswith(("https://", "http://")) else None,
            )
        )
    return names
