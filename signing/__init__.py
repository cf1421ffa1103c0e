"""signing — the standalone TR1 credential library.

Issue and verify compact, signed credentials that travel as QR codes and verify offline::

    from signing import Signer, TrustList, issue, verify
    text = issue(claims, signer=signer, now=now)
    result = verify(text, trust=TrustList([signer.public_record()]), now=now)

It depends only on the standard library, ``cryptography``, ``cbor2`` and the QR libraries.
The format is specified in ``docs/credential-format.md``.
"""

from .claims import Achievement, CredentialClaims, CredentialKind, StatusReference
from .credential import VerifiedCredential, extract_qr_text, issue, verify
from .errors import (
    CheckpointError,
    ErrorCode,
    IssuanceError,
    KeyFormatError,
    SigningError,
    StatusListError,
    VerificationError,
)
from .keys import Algorithm, KeyStatus, PublicKeyRecord, Signer, TrustList
from .statuslist import (
    StatusBitstring,
    StatusList,
    StatusLists,
    StatusPurpose,
    allocate_index,
    read_status_document,
)
from .vc_jwt import VerifiedDocument, is_vc_jwt, issue_vc_jwt, verify_vc_jwt

__all__ = [
    "Achievement",
    "Algorithm",
    "CheckpointError",
    "CredentialClaims",
    "CredentialKind",
    "ErrorCode",
    "IssuanceError",
    "KeyFormatError",
    "KeyStatus",
    "PublicKeyRecord",
    "Signer",
    "SigningError",
    "StatusBitstring",
    "StatusList",
    "StatusListError",
    "StatusLists",
    "StatusPurpose",
    "StatusReference",
    "TrustList",
    "VerificationError",
    "VerifiedCredential",
    "VerifiedDocument",
    "allocate_index",
    "extract_qr_text",
    "is_vc_jwt",
    "issue",
    "issue_vc_jwt",
    "read_status_document",
    "verify",
    "verify_vc_jwt",
]
