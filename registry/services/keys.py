"""Issuer key management: rotate, retire, compromise, list; and the published JWKS.

Rotation overlaps: the new key is in the JWKS (with ``nbf``) from the moment it is created,
and signs from ``activates_at``; the keys it replaces stop signing then but keep verifying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from signing import Algorithm
from signing.trustlist import sign_trust_list

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.credentials import SigningKeyInfo
from ..domain.enums import KeyState
from ..errors import Conflict, ErrorCode, InvalidInput
from ..keystore import key_info, signs_at
from . import issuer
from .common import fetch_one, record_change
from .context import ServiceContext

__all__ = [
    "CompromisedKey",
    "compromise_signing_key",
    "ensure_signing_key",
    "get_signing_key",
    "jwks",
    "list_signing_keys",
    "retire_signing_key",
    "rotate_signing_key",
    "signed_trust_list",
]


@dataclass(frozen=True, slots=True)
class CompromisedKey:
    key: SigningKeyInfo
    affected_credentials: int  # every one now fails verification with KEY_COMPROMISED


async def list_signing_keys(ctx: ServiceContext, principal: Principal) -> list[SigningKeyInfo]:
    authorize(principal, Action.MANAGE_KEYS)
    now = ctx.now()
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(select(m.SigningKey).order_by(m.SigningKey.id))).scalars()
        return [key_info(row, now) for row in rows]


async def get_signing_key(ctx: ServiceContext, principal: Principal, kid: str) -> SigningKeyInfo:
    """One key's public part, for the roles that list the keys (system administrators)."""
    authorize(principal, Action.MANAGE_KEYS)
    async with ctx.uow(read_only=True) as uow:
        row = await fetch_one(
            uow.session,
            select(m.SigningKey).where(m.SigningKey.kid == kid),
            what="signing key",
            field="kid",
        )
        return key_info(row, ctx.now())


async def rotate_signing_key(
    ctx: ServiceContext,
    principal: Principal,
    *,
    alg: Algorithm = Algorithm.ES256,
    activate_at: datetime | None = None,
) -> SigningKeyInfo:
    """Publish a new key that signs from ``activate_at`` (default: now); retire the others then."""
    authorize(principal, Action.MANAGE_KEYS)
    now = ctx.now()
    activates_at = activate_at or now
    if activates_at < now:
        raise InvalidInput("a new key cannot activate in the past", field="activate_at")
    async with ctx.uow() as uow:
        current = (
            await uow.session.execute(
                select(m.SigningKey)
                .where(m.SigningKey.state == KeyState.ACTIVE)
                .with_for_update(of=m.SigningKey)
            )
        ).scalars()
        for old in current:
            before = old.audit_snapshot()
            old.state = KeyState.RETIRED
            old.retired_at = activates_at
            record_change(
                uow,
                principal,
                "key.retire",
                "signing_key",
                old,
                at=now,
                before=before,
                target_id=old.kid,
            )
        row = ctx.keystore.new_key_row(alg=alg, activates_at=activates_at, now=now)
        uow.session.add(row)
        record_change(uow, principal, "key.rotate", "signing_key", row, at=now, target_id=row.kid)
        await uow.commit()
        return key_info(row, now)


async def ensure_signing_key(
    ctx: ServiceContext, principal: Principal, *, alg: Algorithm = Algorithm.ES256
) -> SigningKeyInfo:
    """The key that signs now, creating the first one on a fresh registry."""
    authorize(principal, Action.MANAGE_KEYS)
    now = ctx.now()
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(select(m.SigningKey))).scalars().all()
        usable = sorted((r for r in rows if signs_at(r, now)), key=lambda r: r.activates_at)
        if usable:
            return key_info(usable[-1], now)
    return await rotate_signing_key(ctx, principal, alg=alg)


async def _key_for_update(session: AsyncSession, kid: str) -> m.SigningKey:
    return await fetch_one(
        session,
        select(m.SigningKey).where(m.SigningKey.kid == kid).with_for_update(of=m.SigningKey),
        what="signing key",
        field="kid",
    )


async def retire_signing_key(
    ctx: ServiceContext, principal: Principal, kid: str, *, force: bool = False
) -> SigningKeyInfo:
    """Stop a key signing now; it verifies on. Refused for the last signing key unless forced."""
    authorize(principal, Action.MANAGE_KEYS)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await _key_for_update(uow.session, kid)
        if row.state is not KeyState.ACTIVE and not signs_at(row, now):
            raise Conflict(f"key {kid} is already {row.state}", code=ErrorCode.INVALID_STATE)
        others = (
            await uow.session.execute(select(m.SigningKey).where(m.SigningKey.id != row.id))
        ).scalars()
        if not force and not any(signs_at(other, now) for other in others):
            raise Conflict(
                "this is the only key that signs: rotate first, or force",
                code=ErrorCode.LAST_SIGNING_KEY,
                field="kid",
            )
        before = row.audit_snapshot()
        row.state = KeyState.RETIRED
        row.retired_at = now
        record_change(
            uow, principal, "key.retire", "signing_key", row, at=now, before=before, target_id=kid
        )
        await uow.commit()
        return key_info(row, now)


async def compromise_signing_key(
    ctx: ServiceContext, principal: Principal, kid: str, *, reason: str
) -> CompromisedKey:
    """Mark a key compromised: verifiers reject everything it signed from the next JWKS fetch."""
    authorize(principal, Action.MANAGE_KEYS)
    if not reason.strip():
        raise InvalidInput("say why the key is compromised", field="reason")
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await _key_for_update(uow.session, kid)
        if row.state is KeyState.COMPROMISED:
            raise Conflict(f"key {kid} is already compromised", code=ErrorCode.INVALID_STATE)
        before = row.audit_snapshot()
        row.state = KeyState.COMPROMISED
        row.compromised_at = now
        row.reason = reason.strip()[:500]
        affected = (
            await uow.session.execute(
                select(func.count())
                .select_from(m.Credential)
                .where(m.Credential.signing_key_id == row.id)
            )
        ).scalar_one()
        record_change(
            uow,
            principal,
            "key.compromise",
            "signing_key",
            row,
            at=now,
            before=before,
            target_id=kid,
        )
        await uow.commit()
        return CompromisedKey(key_info(row, now), int(affected))


async def signed_trust_list(
    ctx: ServiceContext, *, ttl: timedelta | None = None, metadata: bytes | None = None
) -> str:
    """The trust list as a signed document with an issue time and an expiry (public), signed
    now by the key now signing, fresh for ``ttl`` (default: the status lists' freshness),
    referencing the issuer ``metadata`` document (read afresh when not given)."""
    if metadata is None:
        metadata = await issuer.issuer_metadata_document(ctx)
    reference = issuer.metadata_reference(ctx.issuer, metadata)
    now = ctx.now()
    async with ctx.uow(read_only=True) as uow:
        trust = await ctx.keystore.trust_list(uow.session, now)
        current = await ctx.keystore.current(uow.session, now)
        return sign_trust_list(
            trust,
            issuer=ctx.issuer,
            signer=current.signer,
            now=now,
            ttl=ttl or ctx.settings.status_ttl,
            metadata=reference,
        )


async def jwks(ctx: ServiceContext) -> dict[str, Any]:
    """The public JWKS verifiers trust (public: no principal needed)."""
    async with ctx.uow(read_only=True) as uow:
        return (await ctx.keystore.trust_list(uow.session, ctx.now())).to_jwks()
