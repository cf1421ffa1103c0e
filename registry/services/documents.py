"""A credential's JSON view and its secured form, and the public resolution of its id.

The JSON view says what the QR says (masked name, codes, validity, status reference), with
the office's and the achievement's names beside the codes; nothing in it is more private than
the QR. So ``GET /credentials/{id}`` answers anyone who holds the id (a random 128-bit value
that only the QR, the holder and the issuer know), like the QR itself.

The vc+jwt form is signed when asked for, with the key that signs now: a key rotation or a
compromise never leaves an old signature in circulation from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from signing import issue_vc_jwt
from signing.contexts import context_url

from ..authz import Principal
from ..db import models as m
from ..domain.credentials import Credential, DocumentNames, vc_document
from .common import fetch_one
from .context import ServiceContext
from .credential_status import to_credential
from .loaders import document_names_key, load_document_names

__all__ = ["PublishedCredential", "document_for", "published_credential", "sign_document"]


@dataclass(frozen=True, slots=True)
class PublishedCredential:
    credential: Credential
    document: dict[str, Any]


def document_for(
    ctx: ServiceContext, credential: Credential, names: DocumentNames
) -> dict[str, Any]:
    issuer = ctx.issuer
    return vc_document(credential, issuer=issuer, names=names, context=context_url(issuer))


async def sign_document(ctx: ServiceContext, document: dict[str, Any]) -> str:
    """The document as ``application/vc+jwt``, signed now with the active key."""
    async with ctx.uow(read_only=True) as uow:
        current = await ctx.keystore.current(uow.session, ctx.now())
    return issue_vc_jwt(document, signer=current.signer)


async def published_credential(ctx: ServiceContext, credential_id: str) -> PublishedCredential:
    """The credential with this id and its JSON view, for anyone (NotFound otherwise)."""
    async with ctx.uow(read_only=True) as uow:
        statement = select(m.Credential).where(m.Credential.public_id == credential_id)
        row = await fetch_one(uow.session, statement, what="credential", field="credential_id")
        credential = to_credential(row)
    [names] = await load_document_names(
        ctx, Principal.anonymous(), [document_names_key(credential)]
    )
    return PublishedCredential(credential, document_for(ctx, credential, names))
