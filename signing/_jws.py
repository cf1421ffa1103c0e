"""Compact JWS (RFC 7515) as the library's signed documents use it: status lists and the
signed trust list. One issuer key signs; the verifier names the key it trusts for the kid."""

from __future__ import annotations

import binascii
import json
from collections.abc import Mapping
from typing import Any

from . import _crypto
from .keys import KeyStatus, PublicKeyRecord, Signer, TrustList, b64url, unb64url

__all__ = ["Compact", "check_signature", "read_compact", "sign_compact"]


class Compact:
    """A compact JWS split and decoded, its signature not yet checked."""

    __slots__ = ("header", "payload", "signature", "signing_input")

    def __init__(
        self,
        header: dict[str, Any],
        payload: dict[str, Any],
        signing_input: bytes,
        signature: bytes,
    ) -> None:
        self.header = header
        self.payload = payload
        self.signing_input = signing_input
        self.signature = signature


def _b64json(value: Mapping[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def sign_compact(
    signer: Signer,
    payload: Mapping[str, Any],
    *,
    typ: str,
    extra_header: Mapping[str, str | int] | None = None,
) -> str:
    header = {"alg": signer.alg.jose, "kid": b64url(signer.kid), "typ": typ, **(extra_header or {})}
    signing_input = _b64json(header) + "." + _b64json(payload)
    return signing_input + "." + b64url(signer.sign(signing_input.encode("ascii")))


def read_compact(text: str | bytes, *, what: str, max_size: int, error: type[Exception]) -> Compact:
    """Split and decode ``text``; ``error(message)`` for anything that is not a compact JWS
    with JSON-object header and payload and no critical extension."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise error(f"{what} document is not ASCII") from None
    text = text.strip()
    if len(text) > max_size:
        raise error(f"{what} document is too large")
    parts = text.split(".")
    if len(parts) != 3:
        raise error(f"{what} document is not a compact JWS")
    try:
        header = json.loads(unb64url(parts[0]))
        payload = json.loads(unb64url(parts[1]))
        signature = unb64url(parts[2])
    except (ValueError, binascii.Error, RecursionError):
        raise error(f"{what} document is not valid base64url JSON") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise error(f"{what} header and payload must be JSON objects")
    if "crit" in header:
        # RFC 7515 §4.1.11: a recipient must reject extensions it does not understand.
        raise error(f"{what} header has critical extensions")
    return Compact(header, payload, (parts[0] + "." + parts[1]).encode("ascii"), signature)


def check_signature(
    compact: Compact, trust: TrustList, *, what: str, error: type[Exception]
) -> PublicKeyRecord:
    """The trusted key that made the signature; ``error`` unless the kid is trusted, the alg
    is that key's, the key is not compromised and the signature holds."""
    record = None
    kid = compact.header.get("kid")
    if isinstance(kid, str):
        try:
            record = trust.get(unb64url(kid))
        except (ValueError, binascii.Error):
            record = None
    if record is None:
        raise error(f"{what} is signed by an unknown key")
    if compact.header.get("alg") != record.alg.jose:
        raise error(f"{what} alg does not match its key")
    if record.status is KeyStatus.COMPROMISED:
        raise error(f"{what} is signed by a compromised key")
    if not _crypto.verify_signature(record.key, compact.signature, compact.signing_input):
        raise error(f"{what} signature is invalid")
    return record
