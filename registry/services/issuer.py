"""Who the issuer is, for verifiers: the registry's name and the offices that issue under it.

The QR and the status lists carry codes (``iss`` is a URL, key 6 of the TR1 claim an office
code such as ``yp-talent``); a verifier shows people 杨浦区人才局. The issuer metadata document,
``GET /.well-known/ccr-issuer.json``, names each issuing office in Chinese and English with its
jurisdiction and the kinds of credential it issues. The signed trust list references it by URL
and SHA-256, so a verifier that holds a valid trust list knows the names are the issuer's.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select

from signing.contexts import context_url
from signing.trustlist import MetadataReference
from signing.vocabulary import Label

from ..authz import ISSUERS
from ..db import models as m
from ..domain.regions import DIVISIONS
from .context import ServiceContext

__all__ = [
    "METADATA_PATH",
    "REGISTRY_NAME",
    "issuer_metadata_document",
    "metadata_reference",
]

METADATA_PATH = "/.well-known/ccr-issuer.json"
REGISTRY_NAME = Label("互联网内容创作者资质登记系统", "Creator Credential Registry")


async def issuer_metadata_document(ctx: ServiceContext) -> bytes:
    """The metadata as served (UTF-8 JSON): the bytes the trust list's digest covers."""
    statement = (
        select(m.Organisation, m.Account.role)
        .join(m.Account, m.Account.organisation_id == m.Organisation.id)
        .distinct()
    )
    async with ctx.uow(read_only=True) as uow:
        rows = [
            (org.code, org.name, org.name_en, org.region_code, role)
            for org, role in (await uow.session.execute(statement)).all()
        ]
    roles: dict[str, set[Any]] = {}
    names: dict[str, tuple[str, str | None, str]] = {}
    for code, name, name_en, region, role in rows:
        names[code] = (name, name_en, region)
        roles.setdefault(code, set()).add(role)
    offices = []
    for code in sorted(names):
        kinds = sorted(kind.vc_type for kind, allowed in ISSUERS.items() if allowed & roles[code])
        if not kinds:
            continue  # platforms, auditors, creators' home: they issue nothing
        name, name_en, region = names[code]
        division = DIVISIONS.get(region)
        offices.append(
            {
                "code": code,
                "name": {"zh": name, "en": name_en},
                "jurisdiction": {
                    "code": region,
                    "name": None if division is None else {"zh": division.zh, "en": division.en},
                },
                "issues": kinds,
            }
        )
    issuer = ctx.issuer
    document = {
        "issuer": issuer,
        "name": {"zh": REGISTRY_NAME.zh, "en": REGISTRY_NAME.en},
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "trust_list_uri": f"{issuer}/.well-known/trust-list.jwt",
        "context": context_url(issuer),
        "organisations": offices,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def metadata_reference(issuer: str, document: bytes) -> MetadataReference:
    """How the signed trust list points at the metadata: its URL and SHA-256 (hex)."""
    return MetadataReference(issuer + METADATA_PATH, hashlib.sha256(document).hexdigest())
