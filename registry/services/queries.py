"""Read side: lists with filters and keyset pagination, the read of one record, and batch
loads for DataLoaders.

Every query is narrowed to what the principal may see (:mod:`.visibility`; one creator:
``creators.creator_visible``): officials see the registry; an evaluation institution the
creators it registered or certified and its own credentials; a creator its own records only.

This module gathers what callers name as ``queries.…``; the reads live by what they read:
:mod:`.queries_creators`, :mod:`.queries_records` (a creator's platform accounts, works,
recognitions, awards and certificates) and :mod:`.queries_credentials`.
"""

from __future__ import annotations

from .queries_creators import CreatorFilter, list_creators, load_creators
from .queries_credentials import (
    CredentialFilter,
    get_credential,
    get_credential_qr,
    list_credentials,
    load_credentials,
)
from .queries_records import (
    get_award,
    get_certificate,
    get_platform_account,
    get_recognition,
    get_work,
    list_awards,
    list_certificates,
    list_platform_accounts,
    list_recognitions,
    list_works,
)

__all__ = [
    "CreatorFilter",
    "CredentialFilter",
    "get_award",
    "get_certificate",
    "get_credential",
    "get_credential_qr",
    "get_platform_account",
    "get_recognition",
    "get_work",
    "list_awards",
    "list_certificates",
    "list_creators",
    "list_credentials",
    "list_platform_accounts",
    "list_recognitions",
    "list_works",
    "load_creators",
    "load_credentials",
]
