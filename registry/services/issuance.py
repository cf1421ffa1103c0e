"""Issue credentials: sign, store, take a random status index and audit, all in one commit.

One code path serves a single credential, a talent-eligibility grant, a bulk run and a
renewal: requests are resolved to drafts (:mod:`.sources`), the batch takes its indexes from
the open status list held in memory, each draft is signed, and the rows go in with a few
multi-row INSERTs. Bulk runs commit batch by batch: each batch is wholly there or not at all.

The subject name signed is masked (``张*``) unless the holder has chosen to show its full name
(:mod:`.name_display`); the choice is read when signing, so a credential keeps the name it was
signed with until it is renewed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from signing import CredentialClaims, IssuanceError, Signer, StatusReference, issue
from signing.keys import b64url
from signing.qr import MAX_VERSION, ErrorLevel, fits_version

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..db.models.credentials import credential_snapshot
from ..db.uow import UnitOfWork
from ..domain.credentials import Credential, CredentialOperation, IssuedCredential
from ..domain.enums import CredentialKind, CredentialStatus, OperationCode, SourceType
from ..domain.identity import public_name
from ..errors import DomainError, ErrorCode, InvalidInput, NotAuthorized
from .common import audit_event
from .context import ServiceContext
from .credential_status import apply_operation, credential_for_change
from .sources import Draft, IssueCredential, IssueRequest, Refusal, resolve
from .statuslists import IndexAllocator

__all__ = [
    "BulkFailure",
    "BulkIssueResult",
    "IssueCredential",
    "issue_credential",
    "issue_credentials_bulk",
    "issue_within",
    "reissue_credential",
]

DEFAULT_BATCH = 500


@dataclass(frozen=True, slots=True)
class BulkFailure:
    position: int
    code: ErrorCode
    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class BulkIssueResult:
    issued: list[str]
    failures: list[BulkFailure]
    batches: int


def _kind_of(request: IssueRequest) -> CredentialKind:
    if isinstance(request, IssueCredential):
        return request.kind
    return CredentialKind.TALENT_ELIGIBILITY


def _authorize_all(principal: Principal, requests: Sequence[IssueRequest]) -> None:
    authorize(principal, Action.ISSUE_CREDENTIAL)
    for kind in {_kind_of(r) for r in requests}:
        authorize(principal, Action.ISSUE_CREDENTIAL, kind=kind)
    if principal.organisation_id is None or principal.organisation_code is None:
        raise NotAuthorized("credentials are issued by an organisation's account")


async def _full_name_holders(session: AsyncSession, drafts: Sequence[Draft]) -> set[int]:
    """Row ids of the drafts' creators who chose to show their full name (DOMAIN §5).

    Read in the issuing transaction, so a credential carries the choice in force when signed.
    """
    ids = {draft.creator_id for draft in drafts}
    found = await session.execute(
        select(m.Creator.id).where(m.Creator.id.in_(ids)).where(m.Creator.show_full_name)
    )
    return set(found.scalars())


def _too_large_with_full_name(error: DomainError) -> DomainError:
    """A credential carrying the holder's full name that will not fit: say so, since the
    holder can choose the masked name again (the message never repeats the name)."""
    if error.code is not ErrorCode.TOO_LARGE:
        return error
    return InvalidInput(
        f"with the holder's full name the credential would need a QR code above version "
        f"{MAX_VERSION}: the holder may choose the masked name, or the record's texts be "
        "shortened",
        code=ErrorCode.TOO_LARGE,
        field="source_id",
    )


def _sign(claims: CredentialClaims, *, signer: Signer, now: datetime, link_base_url: str) -> str:
    """The QR text, refused (a DomainError) when it cannot be made or drawn.

    The credential's QR endpoints draw the plain form and the link form at ECC M; checking
    the plain form at Q (for print) and the link form at M means each of those draws fits
    QR version 20. Arithmetic only: rendering here would cost more than signing.
    """
    try:
        text = issue(claims, signer=signer, now=now)
    except IssuanceError as exc:
        if exc.code == "EXPIRED":
            raise InvalidInput("validity must end after now", field="valid_until") from None
        if exc.code == "TOO_LARGE":
            raise InvalidInput(
                "the credential is too large", code=ErrorCode.TOO_LARGE, field="source_id"
            ) from None
        # The message names no value: the claims hold a creator's (masked) name.
        raise InvalidInput(
            "the record's texts do not make a valid credential (too long or empty)",
            field="source_id",
        ) from None
    if not (
        fits_version(text, ecc=ErrorLevel.Q)
        and fits_version(text, ecc=ErrorLevel.M, base_url=link_base_url)
    ):
        raise InvalidInput(
            f"the credential would need a QR code above version {MAX_VERSION}: "
            "shorten the record's texts (an award's category, for one)",
            code=ErrorCode.TOO_LARGE,
            field="source_id",
        )
    return text


async def _issue_in(
    ctx: ServiceContext,
    uow: UnitOfWork,
    principal: Principal,
    requests: Sequence[tuple[int, IssueRequest]],
    now: datetime,
    *,
    reason: str | None = None,
) -> tuple[list[IssuedCredential], list[Refusal]]:
    """Issue within ``uow`` (the caller commits); refusals come back, nothing raises for them."""
    assert principal.organisation_id is not None
    assert principal.organisation_code is not None
    session = uow.session
    current = await ctx.keystore.current(session, now)
    drafts, refusals = await resolve(
        session, principal, requests, now=now, default_validity=ctx.settings.credential_validity
    )
    if not drafts:
        return [], refusals
    full_names = await _full_name_holders(session, drafts)
    allocator = IndexAllocator(session, now)
    slots = await allocator.reserve(len(drafts))
    signed: list[Draft] = []
    unused: list[tuple[int, int]] = []
    values: list[dict[str, Any]] = []
    texts: list[str] = []
    for draft, (list_id, index) in zip(drafts, slots, strict=True):
        cti = secrets.token_bytes(16)
        show_full_name = draft.creator_id in full_names
        subject_name = public_name(draft.creator_name, show_full_name=show_full_name)
        claims = CredentialClaims(
            issuer=ctx.issuer,
            credential_id=cti,
            kind=draft.kind,
            subject_id=draft.creator_ref,
            subject_name=subject_name,
            achievement=draft.achievement,
            valid_until=draft.valid_until,
            status=StatusReference(list_id, index),
            organisation=principal.organisation_code,
        )
        try:
            text = _sign(
                claims,
                signer=current.signer,
                now=now,
                link_base_url=ctx.settings.link_base_url,
            )
        except DomainError as error:
            if show_full_name:
                error = _too_large_with_full_name(error)
            refusals.append(Refusal(draft.position, error))
            unused.append((list_id, index))
            continue
        signed.append(draft)
        texts.append(text)
        values.append(
            {
                "public_id": b64url(cti),
                "kind": draft.kind,
                "creator_id": draft.creator_id,
                "source_type": draft.source_type,
                "source_ref": draft.source_ref,
                "organisation_id": principal.organisation_id,
                "signing_key_id": current.row_id,
                "status": CredentialStatus.ACTIVE,
                "status_list_id": list_id,
                "status_index": index,
                "subject_name": subject_name,
                "achievement": draft.achievement.as_json(),
                "qr_text": text,
                "issued_at": now,
                "valid_from": now,
                "valid_until": draft.valid_until,
                "updated_at": now,
            }
        )
    if unused:
        # A refused draft's index goes back, so the allocation bitmap matches the credentials.
        allocator.release(unused)
    if not signed:
        return [], refusals
    ids = (
        (
            await session.execute(
                insert(m.Credential).returning(m.Credential.id, sort_by_parameter_order=True),
                values,
            )
        )
        .scalars()
        .all()
    )
    await session.execute(
        insert(m.CredentialOperation),
        [
            {
                "credential_id": row_id,
                "code": OperationCode.ISSUE,
                "at": now,
                "actor": principal.actor,
                "reason": reason,
            }
            for row_id in ids
        ],
    )
    for draft, row_id in zip(signed, ids, strict=True):
        if draft.source_type is SourceType.ELIGIBILITY:
            # The decision names the credential that attests it (the console shows it).
            await session.execute(
                update(m.EligibilityDecision)
                .where(m.EligibilityDecision.public_id == draft.source_ref)
                .values(credential_id=row_id)
            )
    issued: list[IssuedCredential] = []
    for draft, value, text in zip(signed, values, texts, strict=True):
        uow.record(
            audit_event(
                principal,
                "credential.issue",
                "credential",
                value["public_id"],
                at=now,
                after=credential_snapshot(value),
            )
        )
        issued.append(IssuedCredential(_as_credential(draft, value, current.kid, principal), text))
    return issued, refusals


def _as_credential(
    draft: Draft, value: dict[str, Any], kid: str, principal: Principal
) -> Credential:
    assert principal.organisation_code is not None
    return Credential(
        id=value["public_id"],
        kind=draft.kind,
        creator_id=draft.creator_ref,
        subject_name=value["subject_name"],
        source_type=draft.source_type,
        source_id=draft.source_ref,
        organisation=principal.organisation_code,
        kid=kid,
        status=CredentialStatus.ACTIVE,
        status_list=value["status_list_id"],
        status_index=value["status_index"],
        achievement=value["achievement"],
        issued_at=value["issued_at"],
        valid_from=value["valid_from"],
        valid_until=value["valid_until"],
        operations=(
            CredentialOperation(OperationCode.ISSUE, value["issued_at"], principal.actor, None),
        ),
    )


def _raise_first(refusals: list[Refusal]) -> None:
    if refusals:
        raise refusals[0].error


async def issue_within(
    ctx: ServiceContext,
    uow: UnitOfWork,
    principal: Principal,
    request: IssueRequest,
    *,
    now: datetime,
    reason: str | None = None,
) -> IssuedCredential:
    """Issue one credential inside the caller's unit of work: it commits with the caller's
    other changes (an eligibility decision and its credential), or not at all."""
    _authorize_all(principal, [request])
    issued, failures = await _issue_in(ctx, uow, principal, [(0, request)], now, reason=reason)
    _raise_first(failures)
    return issued[0]


async def _issue_one(
    ctx: ServiceContext, principal: Principal, request: IssueRequest
) -> IssuedCredential:
    _authorize_all(principal, [request])
    now = ctx.now()
    async with ctx.uow() as uow:
        issued, failures = await _issue_in(ctx, uow, principal, [(0, request)], now)
        _raise_first(failures)
        await uow.commit()
        return issued[0]


async def issue_credential(
    ctx: ServiceContext, principal: Principal, command: IssueCredential
) -> IssuedCredential:
    """Issue one credential for a recognition, a verified award, a skill certificate or an
    approved eligibility decision (TALENT_ELIGIBILITY: the decision's id is the source)."""
    return await _issue_one(ctx, principal, command)


async def issue_credentials_bulk(
    ctx: ServiceContext,
    principal: Principal,
    requests: Sequence[IssueRequest],
    *,
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[int, int], None] | None = None,
) -> BulkIssueResult:
    """Issue many credentials, one transaction per batch; refusals are reported, not raised.

    ``on_batch(done, total)`` is called after each committed batch (for progress bars).
    """
    if not 1 <= batch_size <= 5000:
        raise InvalidInput("batch size lies in 1–5000", field="batch_size")
    _authorize_all(principal, requests)
    issued: list[str] = []
    failures: list[BulkFailure] = []
    batches = 0
    for start in range(0, len(requests), batch_size):
        chunk = list(enumerate(requests[start : start + batch_size], start))
        async with ctx.uow() as uow:
            done, refused = await _issue_in(ctx, uow, principal, chunk, ctx.now())
            await uow.commit()
        issued.extend(item.credential.id for item in done)
        failures.extend(
            BulkFailure(r.position, r.error.code, r.error.field, r.error.message) for r in refused
        )
        batches += 1
        if on_batch is not None:
            on_batch(min(start + batch_size, len(requests)), len(requests))
    return BulkIssueResult(issued, failures, batches)


async def reissue_credential(
    ctx: ServiceContext,
    principal: Principal,
    credential_id: str,
    *,
    operation: OperationCode,
    reason: str,
    valid_until: datetime | None = None,
) -> IssuedCredential:
    """RENEW (new validity) or AMEND (source record corrected): the old credential is
    superseded (revoked, with that operation on record) and a new one issued from the
    record as it is now, in one transaction."""
    if operation not in (OperationCode.RENEW, OperationCode.AMEND):
        raise InvalidInput("reissue is a RENEW or an AMEND", field="operation")
    if not reason.strip():
        raise InvalidInput("say why", field="reason")
    now = ctx.now()
    async with ctx.uow() as uow:
        old = await credential_for_change(uow, principal, credential_id)
        request = IssueCredential(old.kind, old.source_ref, valid_until)
        _authorize_all(principal, [request])
        await apply_operation(uow, principal, old, operation, reason=reason[:500], now=now)
        await uow.session.flush()
        issued, failures = await _issue_in(
            ctx, uow, principal, [(0, request)], now, reason=f"{operation.value} of {old.public_id}"
        )
        _raise_first(failures)
        await uow.commit()
        return issued[0]
