"""Creators in bulk, for benchmarks and load tests: the row registration writes, built once.

Registering thousands of creators one use case at a time takes minutes, and the runs that need
them measure something else (issuance, paging). They insert these rows many per statement: the
ID number sealed, hashed and masked exactly as :func:`registry.services.creators.register_creator`
does. No audit events are written, so this is never for real data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.enums import CreatorKind, IdDocumentType, IdentityForm, Origin
from ..domain.identity import mask_id_number
from .common import new_public_id
from .context import ServiceContext
from .creators import id_number_context

__all__ = ["creator_row"]


def creator_row(
    ctx: ServiceContext,
    *,
    name: str,
    resident_id: str,
    region_code: str,
    registered_by_org_id: int,
    now: datetime,
) -> dict[str, Any]:
    """The ``creators`` row of a domestic person registered by ``registered_by_org_id``."""
    public_id = new_public_id("cr")
    return {
        "public_id": public_id,
        "kind": CreatorKind.PERSON,
        "identity_form": IdentityForm.UPLOADER,
        "name": name,
        "origin": Origin.DOMESTIC,
        "id_document_type": IdDocumentType.RESIDENT_ID,
        "id_number_sealed": ctx.vault.seal(resident_id, context=id_number_context(public_id)),
        "id_number_hash": ctx.vault.lookup_hash(IdDocumentType.RESIDENT_ID, resident_id),
        "id_number_masked": mask_id_number(resident_id),
        "region_code": region_code,
        "registered_by_org_id": registered_by_org_id,
        "created_at": now,
        "updated_at": now,
    }
