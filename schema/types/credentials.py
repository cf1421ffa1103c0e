"""Credentials (what they attest, status, QR text and link, VC 2.0 view) and signing keys."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from registry.domain import credentials as domain
from registry.domain.enums import SourceType
from registry.domain.paging import MAX_PAGE
from registry.services import documents
from registry.services.loaders import document_names_key
from signing.qr import shareable_link

from ..context import Info
from ..errors import PublicError
from ..fields import field
from ..qrcache import QrFormat
from ..relay import Connection, Edge, Node, PageInfo, global_id
from .audit import HISTORY, HistoryEntry, record_history
from .enums import CredentialKind, CredentialStatus, KeyState, OperationCode

__all__ = [
    "Credential",
    "CredentialOperation",
    "SigningKey",
    "nested_connection",
]

strawberry.enum(QrFormat, name="QrImageFormat")


@strawberry.type(description="Something that happened to a credential: issue, suspend, …")
class CredentialOperation:
    code: OperationCode
    at: datetime
    actor: str = strawberry.field(description="Account reference of who did it.")
    reason: str | None


@strawberry.type(description="A signed credential: one logical credential, two views.")
class Credential(Node):
    source: strawberry.Private[domain.Credential]
    kind: CredentialKind
    status: CredentialStatus
    subject_name: str = strawberry.field(
        description=(
            "The name as signed into the QR: masked (张*) unless the holder chose the full "
            "name before issuance. 二维码中的姓名：默认脱敏，持有人可选择显示全名。"
        )
    )
    achievement: JSON = strawberry.field(
        description="What it attests: code, level, direction, grade, year, region, number, title."
    )
    organisation_code: str = strawberry.field(description="The issuing organisation.")
    kid: str = strawberry.field(description="The key that signed it.")
    status_list: int
    status_index: int
    issued_at: datetime
    valid_from: datetime
    valid_until: datetime
    operations: list[CredentialOperation]

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "credential", self.id)

    @classmethod
    def from_domain(cls, credential: domain.Credential) -> Credential:
        return cls(
            id=global_id("Credential", credential.id),
            source=credential,
            kind=credential.kind,
            status=credential.status,
            subject_name=credential.subject_name,
            achievement=JSON(dict(credential.achievement)),
            organisation_code=credential.organisation,
            kid=credential.kid,
            status_list=credential.status_list,
            status_index=credential.status_index,
            issued_at=credential.issued_at,
            valid_from=credential.valid_from,
            valid_until=credential.valid_until,
            operations=[
                CredentialOperation(code=op.code, at=op.at, actor=op.actor, reason=op.reason)
                for op in credential.operations
            ],
        )

    @field(
        description="The record it attests: a Recognition, AwardGrant, SkillCertificate or "
        "EligibilityDecision id."
    )
    def source_id(self) -> strawberry.ID:
        return global_id(_SOURCE_TYPES[self.source.source_type], self.source.source_id)

    @field(description="The QR text, TR1: + base45(zlib(COSE_Sign1)); holder and issuer only.")
    async def qr_text(self, info: Info) -> str | None:
        return await info.context.loaders.qr_texts.load(self.source.id)

    @field(
        description="The link form to copy, print or send: https://<host>/v#TR1:…, its spaces "
        "(and % signs) percent-encoded so that no chat app cuts it; the QR holds it decoded."
    )
    async def qr_link(self, info: Info) -> str | None:
        text = await info.context.loaders.qr_texts.load(self.source.id)
        return (
            None if text is None else shareable_link(text, info.context.state.settings.public_url)
        )

    @field(description="Where the holder or issuer downloads the QR image.")
    def qr_image_url(self, format: QrFormat = QrFormat.PNG) -> str:
        return f"/credentials/{self.id}/qr.{format.value}"

    async def _document(self, info: Info) -> dict[str, Any]:
        names = await info.context.loaders.document_names.load(document_names_key(self.source))
        return documents.document_for(info.context.registry, self.source, names)

    @field(
        description="The W3C Verifiable Credentials 2.0 JSON view (Open Badges 3.0 for awards "
        "and skill certificates), under the registry's JSON-LD context."
    )
    async def document(self, info: Info) -> JSON:
        return JSON(await self._document(info))

    @field(
        description="The same document secured as application/vc+jwt (W3C VC-JOSE-COSE), "
        "signed now with the issuer's active key; holder and issuer only, like the QR."
    )
    async def vc_jwt(self, info: Info) -> str | None:
        if await info.context.loaders.qr_texts.load(self.source.id) is None:
            return None
        return await documents.sign_document(info.context.registry, await self._document(info))


# The GraphQL type of the record each source type names.
_SOURCE_TYPES = {
    SourceType.RECOGNITION: "Recognition",
    SourceType.AWARD_GRANT: "AwardGrant",
    SourceType.SKILL_CERTIFICATE: "SkillCertificate",
    SourceType.ELIGIBILITY: "EligibilityDecision",
}


@strawberry.type(description="An issuer key, public part only, as the JWKS publishes it.")
class SigningKey(Node):
    kid: str
    alg: str
    state: KeyState
    published_status: str = strawberry.field(description="active, retired or compromised.")
    signs_now: bool
    activates_at: datetime
    retired_at: datetime | None
    compromised_at: datetime | None
    created_at: datetime

    @classmethod
    def from_domain(cls, key: domain.SigningKeyInfo) -> SigningKey:
        return cls(
            id=global_id("SigningKey", key.kid),
            kid=key.kid,
            alg=key.alg,
            state=key.state,
            published_status=key.published_status,
            signs_now=key.signs_now,
            activates_at=key.activates_at,
            retired_at=key.retired_at,
            compromised_at=key.compromised_at,
            created_at=key.created_at,
        )


def _cursor(key: str) -> str:
    return base64.urlsafe_b64encode(f"n1:{key}".encode()).rstrip(b"=").decode("ascii")


def _key_of(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        text = ""
    if not text.startswith("n1:"):
        raise PublicError("Malformed cursor.", code="INVALID_CURSOR")
    return text[3:]


def nested_connection(
    rows: Sequence[domain.Credential],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Credential]:
    """A page of one creator's credentials, already loaded in a batch for the whole page.

    The cursor names a credential (a key, not an offset): ``after`` a credential that has
    since gone simply starts from the beginning of what is left after it in order.
    """
    if (first is None) == (last is None):
        raise PublicError("Pass exactly one of `first` or `last`.", code="INVALID_INPUT")
    size = first if first is not None else last
    assert size is not None
    if not 0 <= size <= MAX_PAGE:
        raise PublicError(f"Page size must lie in 0–{MAX_PAGE}.", code="INVALID_INPUT")
    keys = [row.id for row in rows]
    start, end = 0, len(rows)
    if after is not None:
        wanted = _key_of(after)
        start = keys.index(wanted) + 1 if wanted in keys else 0
    if before is not None:
        wanted = _key_of(before)
        end = keys.index(wanted) if wanted in keys else end
    window = rows[start:end]
    chosen = window[:size] if first is not None else window[max(0, len(window) - size) :]
    edges: list[Edge[Credential]] = [
        Edge(cursor=_cursor(row.id), node=Credential.from_domain(row)) for row in chosen
    ]
    more_after = first is not None and len(window) > size
    more_before = last is not None and len(window) > size
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more_after or (last is not None and end < len(rows)),
            has_previous_page=more_before or (first is not None and start > 0),
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
