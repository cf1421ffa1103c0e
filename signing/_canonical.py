"""Read a TR1 claims payload in one pass, when it has the layout every TR1 issuer writes.

Issuers encode the payload deterministically (RFC 8949 §4.2: shortest forms, map keys sorted),
so nearly every payload a verifier meets is the same shape: ``{1: iss, 4: exp, [5: nbf,]
6: iat, 7: cti, -65537: {1: kind, 2: subject, 3: name, 4: {achievement}, [5: [list, index],]
[6: organisation]}}``. Decoding that generically into dicts and then validating the dicts
costs more than every other step of verification but the signature, so :func:`read_claims`
first walks the bytes of that exact layout, checking each value as it reads it.

The walk accepts only a strict subset of what the generic path accepts: map keys in ascending
order (so no key can repeat) as single-byte integers, text and byte strings shorter than 256
bytes, and nothing after the last value. At the first byte it does not expect it gives up
(:class:`_Unexpected`), and the generic path — :func:`._cbor.decode` then
:func:`.claims.claims_from_cbor_map` — reads the payload again and alone decides, and words,
every refusal. Both paths build equal :class:`CredentialClaims` (tests compare them), so a
verifier's answer never depends on which one ran; verifiers still never *require* canonical
encoding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from ._cbor import decode
from .claims import (
    MAX_TEXT,
    Achievement,
    CredentialClaims,
    CredentialKind,
    StatusReference,
    claims_from_cbor_map,
)

__all__ = ["read_claims"]

_FROM_TIMESTAMP = datetime.fromtimestamp
_KINDS = {int(kind): kind for kind in CredentialKind}
# The private claim's key, -65537, in its shortest form: major type 1, four-byte argument 65536.
_TR1_KEY = b"\x3a\x00\x01\x00\x00"
_YEAR = 5  # the one achievement field that is an integer, not text


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    return tuple(getattr(cls, field.name).__set__ for field in fields(cls))


# A frozen dataclass's __init__ sets each field through object.__setattr__, which looks the name
# up on the class every time; that was a third of this reader's cost. Calling each slot's
# descriptor directly builds an equal object (tests compare every field). Unpacking into exactly
# as many names as there are fields fails at import should a class gain or lose one.
_new = object.__new__
(_a_code, _a_level, _a_direction, _a_grade, _a_year, _a_region, _a_number, _a_title) = _setters(
    Achievement
)
_s_list_id, _s_index = _setters(StatusReference)
(
    _c_issuer,
    _c_credential_id,
    _c_kind,
    _c_subject_id,
    _c_subject_name,
    _c_achievement,
    _c_valid_until,
    _c_valid_from,
    _c_status,
    _c_organisation,
    _c_issued_at,
) = _setters(CredentialClaims)


class _Unexpected(Exception):
    """The payload leaves the canonical layout: let the generic path read it."""


def read_claims(payload: bytes) -> CredentialClaims:
    """Decode and validate a CWT claims payload; raise CborError or ClaimsError if invalid."""
    try:
        return _read_canonical(payload)
    except (_Unexpected, IndexError, ValueError, OverflowError, OSError):
        # Truncated, bad UTF-8 (a ValueError) or a date beyond the calendar: the generic path
        # reads it again and names the fault.
        pass
    return claims_from_cbor_map(decode(payload))


# The readers below return the position after what they read, and do not check it against the
# length: a string or integer cut short by the end of the data still moves the position past
# the end, positions only grow, and the walk succeeds only if the last one equals the length.


def _text(data: bytes, pos: int) -> tuple[str, int]:
    head = data[pos]
    if 0x61 <= head <= 0x77:  # 1 to 23 bytes: 1 to 23 characters, within every limit
        end = pos + head - 0x5F
        return data[pos + 1 : end].decode("utf-8"), end
    if head == 0x78:
        end = pos + 2 + data[pos + 1]
        text = data[pos + 2 : end].decode("utf-8")
        if 0 < len(text) <= MAX_TEXT:
            return text, end
    raise _Unexpected


def _uint(data: bytes, pos: int) -> tuple[int, int]:
    head = data[pos]
    if head < 0x18:
        return head, pos + 1
    if head <= 0x1B:
        end = pos + 1 + (1 << (head - 0x18))
        return int.from_bytes(data[pos + 1 : end], "big"), end
    raise _Unexpected


def _read_canonical(data: bytes) -> CredentialClaims:
    # Top level: a map of five claims, or six when nbf differs from iat.
    head = data[0]
    if (head != 0xA5 and head != 0xA6) or data[1] != 0x01:
        raise _Unexpected
    issuer, pos = _text(data, 2)
    if data[pos] != 0x04:
        raise _Unexpected
    exp, pos = _uint(data, pos + 1)
    valid_from = None
    if head == 0xA6:
        if data[pos] != 0x05:
            raise _Unexpected
        nbf, pos = _uint(data, pos + 1)
        valid_from = _FROM_TIMESTAMP(nbf, UTC)
    if data[pos] != 0x06:
        raise _Unexpected
    iat, pos = _uint(data, pos + 1)
    if data[pos] != 0x07:
        raise _Unexpected
    head = data[pos + 1]
    if 0x41 <= head <= 0x57:
        start, end = pos + 2, pos + head - 0x3E
    elif head == 0x58 and 1 <= data[pos + 2] <= 32:
        start = pos + 3
        end = start + data[pos + 2]
    else:
        raise _Unexpected
    if data[end : end + 5] != _TR1_KEY:
        raise _Unexpected
    credential_id = data[start:end]

    # The private claim: kind, subject, name and achievement, then status and organisation.
    pos = end + 5
    count = data[pos] - 0xA4
    if not 0 <= count <= 2 or data[pos + 1] != 0x01 or data[pos + 3] != 0x02:
        raise _Unexpected
    kind = _KINDS.get(data[pos + 2])
    if kind is None:
        raise _Unexpected
    subject_id, pos = _text(data, pos + 4)
    if data[pos] != 0x03:
        raise _Unexpected
    subject_name, pos = _text(data, pos + 1)
    if data[pos] != 0x04:
        raise _Unexpected
    achievement, pos = _achievement(data, pos + 1)
    status = organisation = None
    last = 4
    for _ in range(count):
        key = data[pos]
        if key <= last:  # keys ascend, so none repeats
            raise _Unexpected
        if key == 0x05 and data[pos + 1] == 0x82:
            list_id, pos = _uint(data, pos + 2)
            index, pos = _uint(data, pos)
            status = _new(StatusReference)
            _s_list_id(status, list_id)
            _s_index(status, index)
        elif key == 0x06:
            organisation, pos = _text(data, pos + 1)
        else:
            raise _Unexpected
        last = key
    if pos != len(data):
        raise _Unexpected
    claims = _new(CredentialClaims)
    _c_issuer(claims, issuer)
    _c_credential_id(claims, credential_id)
    _c_kind(claims, kind)
    _c_subject_id(claims, subject_id)
    _c_subject_name(claims, subject_name)
    _c_achievement(claims, achievement)
    _c_valid_until(claims, _FROM_TIMESTAMP(exp, UTC))
    _c_valid_from(claims, valid_from)
    _c_status(claims, status)
    _c_organisation(claims, organisation)
    _c_issued_at(claims, _FROM_TIMESTAMP(iat, UTC))
    return claims


def _achievement(data: bytes, pos: int) -> tuple[Achievement, int]:
    count = data[pos] - 0xA0
    if not 1 <= count <= 8 or data[pos + 1] != 0x01:
        raise _Unexpected
    # Slot i holds the field of key i + 1, in Achievement's field order.
    values: list[str | int | None] = [None] * 8
    values[0], pos = _text(data, pos + 2)
    last = 1
    for _ in range(count - 1):
        key = data[pos]
        if not last < key <= 8:  # keys ascend, so none repeats
            raise _Unexpected
        head = data[pos + 1]
        if 0x61 <= head <= 0x77 and key != _YEAR:  # _text's common case, inlined
            end = pos + head - 0x5E
            values[key - 1] = data[pos + 2 : end].decode("utf-8")
            pos = end
        elif key == _YEAR:
            values[key - 1], pos = _uint(data, pos + 1)
        else:
            values[key - 1], pos = _text(data, pos + 1)
        last = key
    code, level, direction, grade, year, region, number, title = values
    achievement = _new(Achievement)
    _a_code(achievement, code)
    _a_level(achievement, level)
    _a_direction(achievement, direction)
    _a_grade(achievement, grade)
    _a_year(achievement, year)
    _a_region(achievement, region)
    _a_number(achievement, number)
    _a_title(achievement, title)
    return achievement, pos
