"""Issuer signing keys: private keys sealed under the key-encryption key (KEK), never in clear.

The KEK comes from ``CCR_KEK``, the file named by ``CCR_KEK_FILE``, or the file
``<data dir>/secrets/kek`` (mode 0600), never from the database; it is created there on first
use only outside production. Each sealed key records which KEK sealed it (``kek_id``), so a
wrong KEK is named as such instead of failing as "bad data".

Life of a key: *rotate* publishes a new key (in the JWKS, with ``nbf``) before it signs
anything; from ``activates_at`` the newest such key signs. *Retire* stops a key signing; it
still verifies until its last credential expires. *Compromise* makes verifiers reject every
credential it ever signed.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from signing import Algorithm, KeyStatus, PublicKeyRecord, Signer, TrustList
from signing.keys import b64url, unb64url
from signing.sealing import SealError, seal, unseal

from .config import Secret, Settings, decode_key
from .db.models import Credential, SigningKey
from .domain.credentials import SigningKeyInfo
from .domain.enums import KeyState
from .errors import Conflict, ErrorCode, KeystoreError
from .pii import derive_key

__all__ = [
    "CurrentSigner",
    "Keystore",
    "key_info",
    "load_master_key",
    "published_keys",
    "published_status",
    "signs_at",
]


def load_master_key(settings: Settings, *, create: bool = False) -> Secret:
    """The KEK from the environment, else from its file; created there only if ``create``."""
    if settings.kek is not None:
        return settings.kek
    path = settings.kek_file
    if path.exists():
        try:
            return Secret(decode_key(path.read_text("ascii")))
        except (OSError, ValueError) as exc:
            raise KeystoreError(f"cannot read the key-encryption key file: {exc}") from None
    if settings.production:
        # Each replica would create its own KEK, and none could open the others' keys.
        raise KeystoreError("no key-encryption key: production needs CCR_KEK_FILE or CCR_KEK")
    if not create:
        raise KeystoreError("no key-encryption key: set CCR_KEK or restore the KEK file")
    return Secret(_create_key_file(path))


def _create_key_file(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    # O_EXCL: two processes starting at once must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return decode_key(path.read_text("ascii"))
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.urlsafe_b64encode(key).rstrip(b"=").decode("ascii") + "\n")
    return key


def signs_at(row: SigningKey, now: datetime) -> bool:
    return (
        row.state is not KeyState.COMPROMISED
        and row.activates_at <= now
        and (row.retired_at is None or row.retired_at > now)
    )


def published_status(row: SigningKey, now: datetime) -> KeyStatus:
    if row.state is KeyState.COMPROMISED:
        return KeyStatus.COMPROMISED
    if row.retired_at is not None and row.retired_at <= now:
        return KeyStatus.RETIRED
    return KeyStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class CurrentSigner:
    row_id: int
    kid: str
    signer: Signer


class Keystore:
    """Seals and opens issuer keys; caches opened signers by kid for the process's life."""

    __slots__ = ("_kek", "_signers", "kek_id")

    def __init__(self, master: Secret) -> None:
        self._kek = derive_key(master, "signing-keys/v1")
        self.kek_id = hmac.new(self._kek, b"kek-id", "sha256").hexdigest()[:16]
        self._signers: dict[str, Signer] = {}

    def __repr__(self) -> str:
        return f"Keystore(kek_id={self.kek_id})"

    def new_key_row(self, *, alg: Algorithm, activates_at: datetime, now: datetime) -> SigningKey:
        signer = Signer.generate(alg)
        kid = b64url(signer.kid)
        sealed = seal(self._kek, signer.to_pem(), context=f"signing-key:{kid}".encode())
        self._signers[kid] = signer
        return SigningKey(
            kid=kid,
            alg=alg.jose,
            state=KeyState.ACTIVE,
            public_jwk=dict(signer.jwk),
            sealed_private=sealed,
            kek_id=self.kek_id,
            activates_at=activates_at,
            created_at=now,
        )

    def open(self, row: SigningKey) -> Signer:
        cached = self._signers.get(row.kid)
        if cached is not None:
            return cached
        if row.kek_id != self.kek_id:
            raise KeystoreError(f"key {row.kid} was sealed under another key-encryption key")
        try:
            pem = unseal(self._kek, row.sealed_private, context=f"signing-key:{row.kid}".encode())
        except SealError:
            raise KeystoreError(f"key {row.kid} does not open: sealed data altered") from None
        signer = Signer.from_pem(pem)
        if b64url(signer.kid) != row.kid:
            raise KeystoreError(f"key {row.kid} opens to a different key")
        self._signers[row.kid] = signer
        return signer

    async def current(self, session: AsyncSession, now: datetime) -> CurrentSigner:
        """The key that signs at ``now``: the most recently activated usable one."""
        rows = (
            (
                await session.execute(
                    select(SigningKey)
                    .where(SigningKey.state != KeyState.COMPROMISED)
                    .where(SigningKey.activates_at <= now)
                    .order_by(SigningKey.activates_at.desc(), SigningKey.id.desc())
                )
            )
            .scalars()
            .all()
        )
        for row in rows:
            if signs_at(row, now):
                return CurrentSigner(row.id, row.kid, self.open(row))
        raise Conflict("no signing key is active: rotate one in", code=ErrorCode.NO_SIGNING_KEY)

    async def trust_list(self, session: AsyncSession, now: datetime) -> TrustList:
        return await published_keys(session, now)


async def published_keys(session: AsyncSession, now: datetime) -> TrustList:
    """Every key the JWKS publishes at ``now``, with its status (no KEK needed: public parts)."""
    rows = (await session.execute(select(SigningKey).order_by(SigningKey.id))).scalars().all()
    expiries = await session.execute(
        select(Credential.signing_key_id, func.max(Credential.valid_until)).group_by(
            Credential.signing_key_id
        )
    )
    last_expiry: dict[int, datetime] = {key_id: until for key_id, until in expiries}
    records = []
    for row in rows:
        status = published_status(row, now)
        not_after = last_expiry.get(row.id) if status is KeyStatus.RETIRED else None
        records.append(
            PublicKeyRecord(
                kid=unb64url(row.kid),
                alg=Algorithm.from_jose(row.alg),
                status=status,
                jwk=dict(row.public_jwk),
                not_before=row.activates_at,
                not_after=not_after,
            )
        )
    return TrustList(records)


def key_info(row: SigningKey, now: datetime) -> SigningKeyInfo:
    return SigningKeyInfo(
        kid=row.kid,
        alg=row.alg,
        state=row.state,
        activates_at=row.activates_at,
        retired_at=row.retired_at,
        compromised_at=row.compromised_at,
        created_at=row.created_at,
        published_status=published_status(row, now).value,
        signs_now=signs_at(row, now),
    )
