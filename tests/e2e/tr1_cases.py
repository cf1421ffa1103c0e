"""Credentials made with the Python signing library, good and bad, to check tr1.js against.

Each case is ``{"name", "qr", "jwks", "status", "now"}`` in the test-vector layout;
:func:`python_verdict` says what the reference ``signing.verify`` makes of it. Bad cases are
built the way an attacker or a broken encoder would: tampered text, hand-made CBOR, COSE
envelopes signed over malformed content, status lists that are stale, foreign or forged.
"""

from __future__ import annotations

import contextlib
import json
import struct
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import cbor2

from signing import (
    Achievement,
    Algorithm,
    CredentialClaims,
    CredentialKind,
    KeyStatus,
    Signer,
    StatusList,
    StatusListError,
    StatusLists,
    StatusPurpose,
    StatusReference,
    TrustList,
    VerificationError,
    issue,
    read_status_document,
    verify,
)
from signing.base45 import b45encode
from signing.claims import claims_to_cbor_map
from signing.cose import protected_header, sig_structure
from signing.keys import b64url

__all__ = ["ISSUER", "NOW", "build_cases", "python_verdict"]

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
ISSUER = "https://ccr.example.cn"
LIST_ID = 3
INDEX = 101_223
TTL = timedelta(days=1)

ACHIEVEMENTS = {
    CredentialKind.CREATOR_RECOGNITION: Achievement(code="YP-VJC", region="310110"),
    CredentialKind.AWARD: Achievement(
        code="CN_POSITIVE_ENERGY", level="NATIONAL", grade="FIRST", year=2025, title="网络精品"
    ),
    CredentialKind.SKILL_CERTIFICATE: Achievement(
        code="4-13-01-05", level="L3", direction="AV", number="S000031000123261300042"
    ),
    CredentialKind.TALENT_ELIGIBILITY: Achievement(
        code="YP_YOUXIANG", level="LEADING", region="310110"
    ),
}


def claims_for(kind: CredentialKind, **overrides: Any) -> CredentialClaims:
    fields: dict[str, Any] = {
        "issuer": ISSUER,
        "credential_id": uuid.UUID(int=int(kind) * 1_000_003).bytes,
        "kind": kind,
        "subject_id": "cr_01JDX7K3M9",
        "subject_name": "张*",
        "achievement": ACHIEVEMENTS[kind],
        "valid_until": NOW + timedelta(days=3 * 365),
        "status": StatusReference(LIST_ID, INDEX),
        "organisation": "sh-mma",
    }
    fields.update(overrides)
    return CredentialClaims(**fields)


def jwks(*records: Any) -> dict[str, Any]:
    return TrustList(records).to_jwks()


def status_doc(
    signer: Signer,
    *,
    revoked: bool = False,
    suspended: bool = False,
    list_id: int = LIST_ID,
    issuer: str = ISSUER,
    now: datetime = NOW,
    size: int = 131_072,
) -> str:
    status_list = StatusList(list_id, issuer=issuer, size=size)
    if revoked:
        status_list.set(StatusPurpose.REVOCATION, INDEX)
    if suspended:
        status_list.set(StatusPurpose.SUSPENSION, INDEX)
    return status_list.sign(issuer=issuer, signer=signer, now=now, ttl=TTL)


def status_halves(
    signer: Signer,
    *,
    revoked: bool = False,
    suspended: bool = False,
    list_id: int = LIST_ID,
    now: datetime = NOW,
) -> list[str]:
    """The standard form: one document per purpose, revocation first."""
    status_list = StatusList(list_id, issuer=ISSUER)
    if revoked:
        status_list.set(StatusPurpose.REVOCATION, INDEX)
    if suspended:
        status_list.set(StatusPurpose.SUSPENSION, INDEX)
    return [
        status_list.sign(issuer=ISSUER, signer=signer, now=now, ttl=TTL, purpose=purpose)
        for purpose in StatusPurpose
    ]


def long_lived_doc(signer: Signer, *, days: int) -> str:
    """A status list signed as fresh for ``days``, which no issuer of ours writes past 7."""
    document = StatusList(LIST_ID, issuer=ISSUER).to_document(
        issuer=ISSUER, now=NOW, ttl=timedelta(days=days)
    )
    header = {"alg": signer.alg.jose, "kid": b64url(signer.kid), "typ": "vc+jwt"}
    head, body = (
        b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, document)
    )
    return f"{head}.{body}.{b64url(signer.sign(f'{head}.{body}'.encode()))}"


def qr_text(envelope: bytes, *, compress: bool = True) -> str:
    return "TR1:" + b45encode(zlib.compress(envelope, 9) if compress else envelope)


def head(major: int, length: int) -> bytes:
    """A minimal CBOR head, for hand-built items cbor2 would refuse to produce."""
    if length < 24:
        return bytes([major << 5 | length])
    if length < 0x100:
        return bytes([major << 5 | 24, length])
    return bytes([major << 5 | 25]) + length.to_bytes(2, "big")


def bstr(data: bytes) -> bytes:
    return head(2, len(data)) + data


def envelope(
    signer: Signer,
    payload: bytes,
    *,
    protected: bytes | None = None,
    unprotected: bytes = b"\xa0",
    tag: bytes = b"\xd2",
    signature: bytes | None = None,
) -> bytes:
    """A COSE_Sign1 built byte by byte, signed over whatever protected header it carries."""
    protected = protected_header(int(signer.alg), signer.kid) if protected is None else protected
    if signature is None:
        signature = signer.sign(sig_structure(protected, payload))
    return tag + b"\x84" + bstr(protected) + unprotected + bstr(payload) + bstr(signature)


def payload_of(claims: CredentialClaims, **edits: Any) -> dict[Any, Any]:
    cwt = claims_to_cbor_map(claims, now=NOW)
    for key, value in edits.items():
        path = [int(part) for part in key.removeprefix("k").split("_")]
        target = cwt
        for part in path[:-1]:
            target = target[-part if part > 60000 else part]
        last = -path[-1] if path[-1] > 60000 else path[-1]
        if value is _DROP:
            del target[last]
        else:
            target[last] = value
    return cwt


_DROP = object()
TR1 = 65537  # the private claim key -65537, written positive in edit paths


def case(name: str, qr: Any, trust: dict[str, Any], status: list[str] | None, now: datetime):
    return {"name": name, "qr": qr, "jwks": trust, "status": status, "now": now.isoformat()}


def _per_signer(signer: Signer, other: Signer) -> Iterator[dict[str, Any]]:
    alg = signer.alg.jose
    trusted = jwks(signer.public_record())
    clean = [status_doc(signer)]
    for kind in CredentialKind:
        text = issue(claims_for(kind), signer=signer, now=NOW)
        label = f"{alg}/{kind.name}"
        yield case(f"{label}/valid", text, trusted, clean, NOW)
        yield case(f"{label}/no status check", text, trusted, None, NOW)
        yield case(f"{label}/revoked", text, trusted, [status_doc(signer, revoked=True)], NOW)
        yield case(f"{label}/suspended", text, trusted, [status_doc(signer, suspended=True)], NOW)
        yield case(f"{label}/expired", text, trusted, clean, NOW + timedelta(days=4 * 365))
        link = "https://ccr.example.cn/v#" + text
        yield case(f"{label}/link form", f"  {link}\n", trusted, clean, NOW)

    claims = claims_for(CredentialKind.SKILL_CERTIFICATE)
    text = issue(claims, signer=signer, now=NOW)
    end = claims.valid_until
    for name, now in [
        ("expiry inside leeway", end + timedelta(seconds=299)),
        ("expiry at leeway", end + timedelta(seconds=300)),
        ("issued in the future", NOW - timedelta(seconds=301)),
        ("issued in the future, inside leeway", NOW - timedelta(seconds=300)),
        ("microseconds before leeway end", end + timedelta(seconds=299, microseconds=999_999)),
    ]:
        yield case(f"{alg}/{name}", text, trusted, None, now)
    future = claims_for(CredentialKind.AWARD, valid_from=NOW + timedelta(days=2))
    yield case(f"{alg}/nbf ahead", issue(future, signer=signer, now=NOW), trusted, None, NOW)
    no_status = claims_for(CredentialKind.AWARD, status=None)
    text_no_status = issue(no_status, signer=signer, now=NOW)
    yield case(f"{alg}/no status reference", text_no_status, trusted, [], NOW)

    revoked_and_suspended = [status_doc(signer, revoked=True, suspended=True)]
    yield case(f"{alg}/revoked and suspended", text, trusted, revoked_and_suspended, NOW)
    yield case(f"{alg}/status list not held", text, trusted, [], NOW)
    stale = [status_doc(signer, now=NOW - TTL)]
    yield case(f"{alg}/status list stale", text, trusted, stale, NOW)
    almost = [status_doc(signer, now=NOW - TTL + timedelta(microseconds=1))]
    yield case(f"{alg}/status list fresh by a microsecond", text, trusted, almost, NOW)
    foreign = [status_doc(signer, issuer="https://elsewhere.example")]
    yield case(f"{alg}/status list of another issuer", text, trusted, foreign, NOW)
    yield case(f"{alg}/other list id", text, trusted, [status_doc(signer, list_id=4)], NOW)
    big = [status_doc(signer, size=262_144)]
    yield case(f"{alg}/larger status list", text, trusted, big, NOW)
    beyond = issue(
        claims_for(CredentialKind.AWARD, status=StatusReference(LIST_ID, 140_000)),
        signer=signer,
        now=NOW,
    )
    yield case(f"{alg}/index beyond list", beyond, trusted, clean, NOW)
    forged = [status_doc(other, revoked=False)]
    yield case(f"{alg}/status list by untrusted key", text, trusted, forged, NOW)
    doc = clean[0]
    head_part, body, sig = doc.split(".")
    flipped = body[:40] + ("A" if body[40] != "A" else "B") + body[41:]
    yield case(f"{alg}/status list tampered", text, trusted, [f"{head_part}.{flipped}.{sig}"], NOW)
    yield case(f"{alg}/status list two docs", text, trusted, [*clean, forged[0]], NOW)
    # Of two copies of one list the freshest counts, whatever the order they come in.
    newer = status_doc(signer, revoked=True, now=NOW - timedelta(hours=1))
    older = status_doc(signer, now=NOW - timedelta(hours=2))
    yield case(f"{alg}/status list newest first", text, trusted, [newer, older], NOW)
    yield case(f"{alg}/status list newest last", text, trusted, [older, newer], NOW)
    # The standard one-purpose documents, alone and beside a combined copy of the transition.
    yield case(f"{alg}/halves clean", text, trusted, status_halves(signer), NOW)
    yield case(f"{alg}/halves revoked", text, trusted, status_halves(signer, revoked=True), NOW)
    suspended_halves = status_halves(signer, suspended=True)
    yield case(f"{alg}/halves suspended", text, trusted, suspended_halves, NOW)
    yield case(f"{alg}/revocation half only", text, trusted, suspended_halves[:1], NOW)
    yield case(f"{alg}/suspension half only", text, trusted, suspended_halves[1:], NOW)
    other_list = [status_halves(signer, list_id=4)[0], suspended_halves[1]]
    yield case(f"{alg}/halves of two lists", text, trusted, other_list, NOW)
    newer_half = status_halves(signer, revoked=True, now=NOW - timedelta(hours=1))[0]
    yield case(f"{alg}/newer half over combined", text, trusted, [newer_half, older], NOW)
    week = [long_lived_doc(signer, days=7)]
    yield case(f"{alg}/status list fresh for 7 days", text, trusted, week, NOW)
    decades = [long_lived_doc(signer, days=70 * 365)]
    yield case(f"{alg}/status list fresh for 70 years", text, trusted, decades, NOW)

    record = signer.public_record
    for status in KeyStatus:
        trust = jwks(record(status=status))
        yield case(f"{alg}/key {status.value}", text, trust, clean, NOW)
    window = jwks(record(not_before=NOW + timedelta(hours=1)))
    yield case(f"{alg}/key not yet in use", text, window, None, NOW)
    ended = jwks(record(not_after=NOW - timedelta(hours=1)))
    yield case(f"{alg}/key validity ended", text, ended, None, NOW)
    yield case(f"{alg}/unknown kid", text, jwks(other.public_record()), None, NOW)
    both = jwks(other.public_record(), signer.public_record())
    yield case(f"{alg}/two keys trusted", text, both, clean, NOW)

    body = text[4:]
    for position in (0, 1, 5, len(body) // 3, len(body) // 2, len(body) - 3, len(body) - 1):
        for replacement in ("0", "Z", " "):
            if body[position] != replacement:
                tampered = "TR1:" + body[:position] + replacement + body[position + 1 :]
                name = f"{alg}/tampered at {position} with {replacement!r}"
                yield case(name, tampered, trusted, None, NOW)
    yield case(f"{alg}/truncated by 2", text[:-2], trusted, None, NOW)
    yield case(f"{alg}/truncated by 3", text[:-3], trusted, None, NOW)
    yield from _envelopes(signer, other, trusted)
    yield from _claims(signer, trusted)


def _envelopes(signer: Signer, other: Signer, trusted: dict[str, Any]) -> Iterator[dict[str, Any]]:
    alg = signer.alg.jose
    claims = claims_for(CredentialKind.SKILL_CERTIFICATE)
    payload = cbor2.dumps(claims_to_cbor_map(claims, now=NOW), canonical=True)
    good = envelope(signer, payload)
    kid = signer.kid
    a = int(signer.alg)

    def prot(header: bytes) -> bytes:
        return envelope(signer, payload, protected=header)

    def raw_map(*pairs: bytes, head_byte: bytes | None = None) -> bytes:
        """A hand-made protected header: alg and kid first, then ``pairs`` (key, value bytes)."""
        members = b"\x01" + cbor2.dumps(a) + b"\x04" + bstr(kid) + b"".join(pairs)
        return (head_byte or bytes([0xA2 + len(pairs) // 2])) + members

    signature = signer.sign(sig_structure(protected_header(a, kid), payload))
    foreign = other.sign(sig_structure(protected_header(a, kid), payload))
    deep, at_limit = b"\x21" + b"\x81" * 8 + b"\x00", b"\x21" + b"\x81" * 7 + b"\x00"
    variants: dict[str, bytes | str] = {
        "raw COSE, not compressed": qr_text(good, compress=False),
        "zlib stored block": "TR1:" + b45encode(zlib.compress(good, 0)),
        "zlib truncated": "TR1:" + b45encode(zlib.compress(good, 9)[:-5]),
        "zlib trailing bytes": "TR1:" + b45encode(zlib.compress(good, 9) + b"\x00"),
        "zlib bad checksum": "TR1:" + b45encode(zlib.compress(good, 9)[:-1] + b"\x00"),
        "zlib bomb": "TR1:" + b45encode(zlib.compress(good + bytes(20_000), 9)),
        "zlib at the cap": "TR1:" + b45encode(zlib.compress(good.ljust(8192, b"\0"))),
        "zlib one over the cap": "TR1:" + b45encode(zlib.compress(good.ljust(8193, b"\0"))),
        "zlib bad header": "TR1:" + b45encode(b"\x08\x00" + zlib.compress(good)[2:]),
        "zlib one byte": "TR1:" + b45encode(b"\x78"),
        "zlib bomb then garbage": "TR1:"
        + b45encode(zlib.compress(bytes(30_000), 9)[:-8] + b"\xff" * 8),
        "COSE trailing byte": qr_text(good + b"\x00"),
        "COSE untagged": qr_text(good[1:]),
        "COSE other tag": qr_text(b"\xd8\x62" + good[1:]),
        "COSE tag inside tag": qr_text(b"\xd8\x62" + good),
        "COSE self-described": qr_text(b"\xd9\xd9\xf7" + good),
        "COSE three items": qr_text(
            b"\xd2\x83" + bstr(protected_header(a, kid)) + b"\xa0" + bstr(payload)
        ),
        "COSE indefinite array": qr_text(b"\xd2\x9f" + good[2:] + b"\xff"),
        "COSE empty": qr_text(b""),
        "COSE only tag": qr_text(b"\xd2"),
        "unprotected header ignored": qr_text(
            envelope(signer, payload, unprotected=b"\xa2\x01\x26\x04\x41\x00")
        ),
        "unprotected header not a map": qr_text(envelope(signer, payload, unprotected=b"\x80")),
        "unprotected header duplicate keys": qr_text(
            envelope(signer, payload, unprotected=b"\xa2\x01\x01\x01\x02")
        ),
        "protected empty": qr_text(envelope(signer, payload, protected=b"")),
        "protected not a map": qr_text(prot(b"\x80")),
        "protected trailing": qr_text(prot(protected_header(a, kid) + b"\x00")),
        "protected duplicate alg": qr_text(prot(raw_map(b"\x01", cbor2.dumps(a)))),
        "protected without kid": qr_text(prot(cbor2.dumps({1: a}))),
        "protected empty kid": qr_text(prot(cbor2.dumps({1: a, 4: b""}))),
        "protected text alg": qr_text(prot(cbor2.dumps({1: "ES256", 4: kid}))),
        "protected float alg": qr_text(
            prot(b"\xa2\x01\xfb" + struct.pack(">d", float(a)) + b"\x04" + bstr(kid))
        ),
        "protected bool key": qr_text(prot(raw_map(b"\xf5", b"\x00"))),
        "protected text key": qr_text(prot(cbor2.dumps({"x": 1, 1: a, 4: kid}))),
        "protected other alg": qr_text(prot(cbor2.dumps({1: -8 if a == -7 else -7, 4: kid}))),
        "protected unknown alg": qr_text(prot(cbor2.dumps({1: -257, 4: kid}))),
        "protected crit understood": qr_text(prot(cbor2.dumps({1: a, 2: [1, 4], 4: kid}))),
        "protected crit unknown": qr_text(prot(cbor2.dumps({1: a, 2: [1, 33], 4: kid}))),
        "protected crit text label": qr_text(prot(cbor2.dumps({1: a, 2: ["1"], 4: kid}))),
        "protected crit empty": qr_text(prot(cbor2.dumps({1: a, 2: [], 4: kid}))),
        "protected crit null": qr_text(prot(cbor2.dumps({1: a, 2: None, 4: kid}))),
        "protected crit not array": qr_text(prot(cbor2.dumps({1: a, 2: 1, 4: kid}))),
        "protected extra member": qr_text(prot(cbor2.dumps({1: a, 4: kid, 33: "x"}))),
        "protected kid of other key": qr_text(prot(cbor2.dumps({1: a, 4: other.kid}))),
        "protected indefinite map": qr_text(prot(raw_map(b"\xff", head_byte=b"\xbf"))),
        "protected nested too deep": qr_text(prot(raw_map(deep[:1], deep[1:]))),
        "protected nested at limit": qr_text(prot(raw_map(at_limit[:1], at_limit[1:]))),
        "signature empty": qr_text(envelope(signer, payload, signature=b"")),
        "signature short": qr_text(envelope(signer, payload, signature=signature[:-1])),
        "signature long": qr_text(envelope(signer, payload, signature=signature + b"\x00")),
        "signature zero": qr_text(envelope(signer, payload, signature=bytes(64))),
        "signature of other key": qr_text(envelope(signer, payload, signature=foreign)),
        "payload detached": qr_text(
            b"\xd2\x84" + bstr(protected_header(a, kid)) + b"\xa0\xf6" + bstr(signature)
        ),
    }
    for name, value in variants.items():
        qr = value if isinstance(value, str) else qr_text(value)
        yield case(f"{alg}/{name}", qr, trusted, None, NOW)


def _claims(signer: Signer, trusted: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Well-signed envelopes around payloads the claims parser must refuse (or accept)."""
    alg = signer.alg.jose
    claims = claims_for(CredentialKind.SKILL_CERTIFICATE)
    base = claims_to_cbor_map(claims, now=NOW)
    private = base[-65537]
    variants: dict[str, bytes] = {
        "payload as is": cbor2.dumps(base),
        "payload not canonical": cbor2.dumps(dict(reversed(list(base.items())))),
        "payload trailing byte": cbor2.dumps(base) + b"\x00",
        "payload not a map": cbor2.dumps([1, 2]),
        "payload empty": b"",
        "payload tagged map": cbor2.dumps(cbor2.CBORTag(61, base)),
    }
    edits: dict[str, dict[str, Any]] = {
        "iss missing": {"k1": _DROP},
        "iss null": {"k1": None},
        "iss empty": {"k1": ""},
        "iss number": {"k1": 7},
        "exp missing": {"k4": _DROP},
        "exp float": {"k4": float(base[4])},
        "exp negative": {"k4": -1},
        "exp year 9999": {"k4": 253_402_300_799},
        "exp year 10000": {"k4": 253_402_300_800},
        "exp bignum": {"k4": cbor2.CBORTag(2, base[4].to_bytes(8, "big"))},
        "exp text": {"k4": "2030-01-01"},
        "iat missing": {"k6": _DROP},
        "iat bool": {"k6": True},
        "nbf null": {"k5": None},
        "nbf past": {"k5": base[6] - 3600},
        "nbf future": {"k5": base[6] + 3600},
        "cti missing": {"k7": _DROP},
        "cti empty": {"k7": b""},
        "cti 32 bytes": {"k7": bytes(range(32))},
        "cti 33 bytes": {"k7": bytes(33)},
        "cti text": {"k7": "abc"},
        "unknown top claim": {"k8": 1},
        "TR1 claim missing": {"k65537": _DROP},
        "TR1 claim not a map": {"k65537": [1]},
        "kind missing": {"k65537_1": _DROP},
        "kind 0": {"k65537_1": 0},
        "kind 5": {"k65537_1": 5},
        "kind 4": {"k65537_1": 4},
        "kind true": {"k65537_1": True},
        "kind float": {"k65537_1": 3.0},
        "kind text": {"k65537_1": "3"},
        "kind list": {"k65537_1": [3]},
        "subject missing": {"k65537_2": _DROP},
        "name missing": {"k65537_3": _DROP},
        "name 200 characters": {"k65537_3": "张" * 200},
        "name 201 characters": {"k65537_3": "张" * 201},
        "name 200 astral characters": {"k65537_3": "𠀀" * 200},
        "name 101 astral characters": {"k65537_3": "𠀀" * 101},
        "name with BOM": {"k65537_3": "\ufeff张*"},
        "name bytes": {"k65537_3": "张*".encode()},
        "achievement missing": {"k65537_4": _DROP},
        "achievement code missing": {"k65537_4_1": _DROP},
        "achievement code null": {"k65537_4_1": None},
        "achievement unknown key": {"k65537_4_9": "x"},
        "achievement level null": {"k65537_4_2": None},
        "achievement year negative": {"k65537_4_5": -2025},
        "achievement year huge": {"k65537_4_5": 2**64 - 1},
        "achievement title": {"k65537_4_8": "标题"},
        "status null": {"k65537_5": None},
        "status three items": {"k65537_5": [3, 1, 2]},
        "status with null": {"k65537_5": [3, None]},
        "status negative": {"k65537_5": [3, -1]},
        "status text": {"k65537_5": ["3", 1]},
        "status huge list id": {"k65537_5": [2**63, 1]},
        "organisation null": {"k65537_6": None},
        "organisation empty": {"k65537_6": ""},
        "unknown private key": {"k65537_7": 1},
    }
    for name, edit in edits.items():
        variants[name] = cbor2.dumps(payload_of(claims, **edit))
    raw = cbor2.dumps(base)
    # Hand-made encodings cbor2 will not produce.
    variants["duplicate top key"] = b"\xa6" + raw[1:] + b"\x01" + cbor2.dumps("x")
    variants["text key in TR1 claim"] = cbor2.dumps({**base, -65537: {**private, "kind": 1}})
    variants["indefinite text"] = raw.replace(
        cbor2.dumps("张*"), b"\x7f" + cbor2.dumps("张") + cbor2.dumps("*") + b"\xff"
    )
    variants["invalid UTF-8"] = raw.replace(cbor2.dumps("张*"), b"\x62\xc3\x28")
    variants["non-minimal integer"] = raw.replace(b"\x01\x03", b"\x01\x18\x03", 1)
    variants["half-float kind"] = raw.replace(b"\x01\x03", b"\x01\xf9\x42\x00", 1)
    variants["simple value kind"] = raw.replace(b"\x01\x03", b"\x01\xe3", 1)
    variants["two-byte simple kind"] = raw.replace(b"\x01\x03", b"\x01\xf8\x03", 1)
    variants["reserved info"] = raw.replace(b"\x01\x03", b"\x01\x1c", 1)
    for name, payload in variants.items():
        yield case(f"{alg}/claims: {name}", qr_text(envelope(signer, payload)), trusted, None, NOW)


def build_cases() -> list[dict[str, Any]]:
    es256, eddsa = Signer.generate(Algorithm.ES256), Signer.generate(Algorithm.EDDSA)
    cases = [*_per_signer(es256, eddsa), *_per_signer(eddsa, es256)]
    trusted = jwks(es256.public_record())
    for name, qr in [
        ("empty", ""),
        ("prefix only", "TR1:"),
        ("lower-case prefix", "tr1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B"),
        ("other prefix", "HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3"),
        ("not base45", "TR1:abc"),
        ("dangling character", "TR1:0000"),
        ("group over 65535", "TR1:GGW"),
        ("pair over 255", "TR1:00:Z"),
        ("non-ASCII", "TR1:张三"),
        ("too long", "TR1:" + "0" * 4297),
        ("long but within the body limit", "TR1:" + "00 " * 1432),
        ("input over the total limit", " " * 4805 + "TR1:00"),
        ("link form with other host", "https://evil.example/v#TR1:00"),
        ("link form without scheme", "ccr.example.cn/v#TR1:00"),
        ("astral padding", "TR1:00" + "\U0001f600" * 2500),
        ("non-string input", None),
        ("number input", 42),
    ]:
        cases.append(case(f"input/{name}", qr, trusted, None, NOW))
    return cases


def python_verdict(item: dict[str, Any]) -> dict[str, Any]:
    """What the reference implementation says about a case (or a vector)."""
    trust = TrustList.from_jwks(item["jwks"])
    status = None
    if item.get("status") is not None:
        held = []
        for document in item["status"]:
            # A document that fails its checks is left out, as the browser does.
            with contextlib.suppress(StatusListError):
                read_status_document(document, trust=trust)
                held.append(document)
        status = StatusLists.from_documents(held, trust=trust)
    now = datetime.fromisoformat(item["now"].replace("Z", "+00:00"))
    try:
        result = verify(item["qr"], trust=trust, status=status, now=now)
    except VerificationError as exc:
        claims = exc.claims
        return {
            "valid": False,
            "code": exc.code.value,
            "subjectName": None if claims is None else claims.subject_name,
        }
    return {"valid": True, "code": None, "subjectName": result.claims.subject_name}
