"""W3C Bitstring Status List v1.0: bitstrings, random index allocation and signed documents.

Each TR1 status list has one id and two bitstrings of the same size, one per purpose:
``revocation`` (permanent) and ``suspension`` (reversible). A credential holds one index, used
in both. Lists have at least 131,072 entries so that one index says little about its holder
(herd privacy), and indexes are drawn at random, never in order of issue.

The signed document is a VC 2.0 ``BitstringStatusListCredential`` whose ``credentialSubject``
holds both bitstrings, secured as a compact JWS (``typ: vc+jwt``) under an issuer key.
"""

from __future__ import annotations

import binascii
import gzip
import secrets
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar, overload

from ._jws import check_signature, read_compact, sign_compact
from .errors import StatusListError
from .keys import Signer, TrustList, b64url, unb64url

__all__ = [
    "MAX_LIFETIME",
    "MIN_LIST_SIZE",
    "StatusBitstring",
    "StatusList",
    "StatusLists",
    "StatusPurpose",
    "allocate_index",
    "decode_bitstring",
    "encode_bitstring",
    "read_status_document",
]

MIN_LIST_SIZE = 131_072
MAX_LIST_SIZE = 1 << 27  # 16 MiB of bits: the most a verifier will inflate
MAX_DOCUMENT = 4 * 1024 * 1024
# The longest a signed status list may claim to be fresh (credential-format §6): a copy taken
# before a revocation stops counting within this time, whatever its issuer wrote.
MAX_LIFETIME = timedelta(days=7)
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
_T = TypeVar("_T")


class StatusPurpose(StrEnum):
    REVOCATION = "revocation"
    SUSPENSION = "suspension"


def encode_bitstring(bits: bytes | bytearray) -> str:
    """GZIP, then multibase base64url without padding (prefix ``u``)."""
    return "u" + b64url(gzip.compress(bytes(bits), compresslevel=9, mtime=0))


def decode_bitstring(text: str, *, max_bytes: int = MAX_LIST_SIZE // 8) -> bytes:
    if not isinstance(text, str) or not text.startswith("u"):
        raise StatusListError("encodedList must be multibase base64url (prefix 'u')")
    try:
        compressed = unb64url(text[1:])
    except (binascii.Error, ValueError):
        raise StatusListError("encodedList is not base64url") from None
    inflater = zlib.decompressobj(wbits=31)
    try:
        bits = inflater.decompress(compressed, max_bytes + 1)
    except zlib.error:
        raise StatusListError("encodedList is not GZIP") from None
    if len(bits) > max_bytes or inflater.unconsumed_tail:
        raise StatusListError("encodedList inflates beyond the allowed size")
    if not inflater.eof:
        raise StatusListError("encodedList is truncated")
    return bits


def allocate_index(
    is_taken: Callable[[int], bool],
    *,
    size: int = MIN_LIST_SIZE,
    attempts: int = 256,
    randbelow: Callable[[int], int] = secrets.randbelow,
) -> int:
    """Draw a free index uniformly at random; raise once ``attempts`` draws all hit used ones."""
    for _ in range(attempts):
        index = randbelow(size)
        if not is_taken(index):
            return index
    raise StatusListError("status list is too full to allocate an index at random")


class StatusList:
    """One status list: a revocation and a suspension bitstring of equal size."""

    __slots__ = ("_bits", "issuer", "list_id", "size", "valid_from", "valid_until")

    def __init__(
        self,
        list_id: int,
        *,
        size: int = MIN_LIST_SIZE,
        revocation: bytes | None = None,
        suspension: bytes | None = None,
        issuer: str | None = None,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
    ) -> None:
        if size < MIN_LIST_SIZE or size % 8 or size > MAX_LIST_SIZE:
            raise StatusListError(f"list size must be a multiple of 8 in [{MIN_LIST_SIZE}, 2^27]")
        self.list_id = list_id
        self.size = size
        self.issuer = issuer
        self.valid_from = valid_from
        self.valid_until = valid_until
        self._bits: dict[StatusPurpose, bytearray] = {}
        for purpose, initial in (
            (StatusPurpose.REVOCATION, revocation),
            (StatusPurpose.SUSPENSION, suspension),
        ):
            if initial is not None and len(initial) != size // 8:
                raise StatusListError(f"{purpose} bitstring must be {size // 8} bytes")
            self._bits[purpose] = (
                bytearray(initial) if initial is not None else bytearray(size // 8)
            )

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"index {index} outside list of {self.size}")

    def is_set(self, purpose: StatusPurpose, index: int) -> bool:
        if not 0 <= index < self.size:  # _check, inlined: every verification comes here twice
            raise StatusListError(f"index {index} outside list of {self.size}")
        return bool(self._bits[purpose][index >> 3] & (0x80 >> (index & 7)))

    def set(self, purpose: StatusPurpose, index: int, value: bool = True) -> None:
        self._check(index)
        mask = 0x80 >> (index & 7)
        if value:
            self._bits[purpose][index >> 3] |= mask
        else:
            self._bits[purpose][index >> 3] &= ~mask & 0xFF

    def bitstring(self, purpose: StatusPurpose) -> bytes:
        return bytes(self._bits[purpose])

    def url(self, issuer: str, purpose: StatusPurpose | None = None) -> str:
        """Where the list is served: ``/status/{id}/{purpose}`` for the standard one-purpose
        documents, ``/status/{id}`` for the combined document of the transition."""
        base = f"{issuer.rstrip('/')}/status/{self.list_id}"
        return base if purpose is None else f"{base}/{purpose.value}"

    def to_document(
        self,
        *,
        issuer: str,
        now: datetime,
        ttl: timedelta,
        purpose: StatusPurpose | None = None,
    ) -> dict[str, Any]:
        """The unsigned VC 2.0 ``BitstringStatusListCredential`` of one purpose: one subject,
        as Bitstring Status List v1.0 §2.2 has it. Without ``purpose``, the combined document
        (both bitstrings in a subject array) that verifiers of the first format read."""
        url = self.url(issuer, purpose)
        document: dict[str, Any] = {
            "@context": [VC_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer,
            "validFrom": _iso(now),
            "validUntil": _iso(now + ttl),
        }
        if purpose is not None:
            document["credentialSubject"] = {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": purpose.value,
                "encodedList": encode_bitstring(self._bits[purpose]),
            }
            return document
        document["credentialSubject"] = [
            {
                "id": f"{url}#{each.value}",
                "type": "BitstringStatusList",
                "statusPurpose": each.value,
                "encodedList": encode_bitstring(self._bits[each]),
            }
            for each in StatusPurpose
        ]
        return document

    def sign(
        self,
        *,
        issuer: str,
        signer: Signer,
        now: datetime,
        ttl: timedelta,
        purpose: StatusPurpose | None = None,
    ) -> str:
        """The document as a compact JWS (``typ: vc+jwt``), ready to serve and cache.

        A one-purpose document is secured as VC-JOSE-COSE has it: the payload is the
        credential itself, and the protected header carries ``iss`` (the issuer URL, whose
        metadata names the JWKS), ``iat``/``exp`` (its validity) and a ``kid`` of that JWKS."""
        if not timedelta(0) < ttl <= MAX_LIFETIME:
            raise ValueError("a status list is fresh for at most 7 days")
        document = self.to_document(issuer=issuer, now=now, ttl=ttl, purpose=purpose)
        if purpose is None:
            return sign_compact(signer, document, typ="vc+jwt")
        claims: dict[str, str | int] = {
            "iss": issuer,
            "iat": int(now.timestamp()),
            "exp": int((now + ttl).timestamp()),
        }
        return sign_compact(signer, document, typ="vc+jwt", extra_header=claims)

    @classmethod
    def from_document(cls, text: str | bytes, *, trust: TrustList) -> StatusList:
        """Check a combined document (both purposes) against ``trust`` and decode it. A
        one-purpose document holds half a list: load those with ``StatusLists``."""
        parts = read_status_document(text, trust=trust)
        if {part.purpose for part in parts} != set(StatusPurpose):
            raise StatusListError("a status list must carry revocation and suspension")
        return _joined(parts)


@dataclass(frozen=True, slots=True)
class StatusBitstring:
    """One purpose of one list, as a signed document carried it."""

    list_id: int
    purpose: StatusPurpose
    bits: bytes
    issuer: str
    valid_from: datetime
    valid_until: datetime


def read_status_document(text: str | bytes, *, trust: TrustList) -> tuple[StatusBitstring, ...]:
    """Check a status list JWS against ``trust`` and decode the bitstrings it carries: one for
    a standard one-purpose document, two for a combined one."""
    compact = read_compact(text, what="status list", max_size=MAX_DOCUMENT, error=StatusListError)
    check_signature(compact, trust, what="status list", error=StatusListError)
    return _bitstrings(compact.payload)


def _bitstrings(doc: Mapping[str, Any]) -> tuple[StatusBitstring, ...]:
    types = doc.get("type")
    if not isinstance(types, list) or "BitstringStatusListCredential" not in types:
        raise StatusListError("not a BitstringStatusListCredential")
    url, issuer = doc.get("id"), doc.get("issuer")
    if not isinstance(url, str) or not isinstance(issuer, str):
        raise StatusListError("status list lacks id or issuer")
    segments = url.rsplit("/", 2)
    subjects = doc.get("credentialSubject")
    named: StatusPurpose | None = None
    if isinstance(subjects, dict):
        # Standard: one subject, and the id ends in /status/{list}/{purpose}.
        if len(segments) != 3 or segments[2] not in set(StatusPurpose):
            raise StatusListError("a single credentialSubject needs an id ending in its purpose")
        named, tail, subjects = StatusPurpose(segments[2]), segments[1], [subjects]
    elif isinstance(subjects, list):
        tail = segments[-1]
    else:
        raise StatusListError("credentialSubject must hold the bitstrings")
    if not (tail.isascii() and tail.isdigit()):
        raise StatusListError("status list id must end in an integer")
    valid_from, valid_until = _parse_iso(doc.get("validFrom")), _parse_iso(doc.get("validUntil"))
    if valid_from is None or valid_until is None:
        # Without an end of validity an old copy, from before a revocation, would be
        # accepted forever: freshness is what makes an offline status list safe.
        raise StatusListError("status list lacks validFrom or validUntil")
    if valid_until - valid_from > MAX_LIFETIME:
        raise StatusListError("status list claims to be fresh for more than 7 days")
    parts: list[StatusBitstring] = []
    for subject in subjects:
        if not isinstance(subject, dict):
            raise StatusListError("credentialSubject entries must be objects")
        try:
            purpose = StatusPurpose(str(subject.get("statusPurpose")))
        except ValueError:
            raise StatusListError("unknown statusPurpose") from None
        if named is not None and purpose is not named:
            raise StatusListError("statusPurpose differs from the list's address")
        if any(part.purpose is purpose for part in parts):
            raise StatusListError(f"two {purpose} bitstrings")
        bits = decode_bitstring(subject.get("encodedList"))  # type: ignore[arg-type]
        size = len(bits) * 8
        if size < MIN_LIST_SIZE or size % 8:
            raise StatusListError("status list size is out of range")
        parts.append(StatusBitstring(int(tail), purpose, bits, issuer, valid_from, valid_until))
    if named is None and len(parts) != len(StatusPurpose):
        raise StatusListError("a combined status list must carry revocation and suspension")
    return tuple(parts)


def _joined(parts: Iterable[StatusBitstring]) -> StatusList:
    """One list from its revocation and suspension bitstrings (same list, issuer and size).
    It is fresh while both are: from the later start to the earlier end."""
    by_purpose = {part.purpose: part for part in parts}
    revocation, suspension = (
        by_purpose[StatusPurpose.REVOCATION],
        by_purpose[StatusPurpose.SUSPENSION],
    )
    if revocation.issuer != suspension.issuer or revocation.list_id != suspension.list_id:
        raise StatusListError("the two bitstrings come from different lists")
    if len(revocation.bits) != len(suspension.bits):
        raise StatusListError("the two bitstrings differ in size")
    return StatusList(
        revocation.list_id,
        size=len(revocation.bits) * 8,
        revocation=revocation.bits,
        suspension=suspension.bits,
        issuer=revocation.issuer,
        valid_from=max(revocation.valid_from, suspension.valid_from),
        valid_until=min(revocation.valid_until, suspension.valid_until),
    )


class StatusLists(Mapping[int, StatusList]):
    """The status lists a verifier holds, by list id (decoded once, looked up in O(1))."""

    __slots__ = ("_lists",)

    def __init__(self, lists: Iterable[StatusList] = ()) -> None:
        # Of two copies of one list, the freshest signed one (latest validFrom) counts,
        # whatever the order they come in: an older copy may predate a revocation.
        self._lists: dict[int, StatusList] = {}
        for status_list in lists:
            held = self._lists.get(status_list.list_id)
            if held is None or _freshness(status_list) > _freshness(held):
                self._lists[status_list.list_id] = status_list

    def __getitem__(self, list_id: int) -> StatusList:
        return self._lists[list_id]

    @overload
    def get(self, list_id: int, /) -> StatusList | None: ...
    @overload
    def get(self, list_id: int, /, default: StatusList | _T) -> StatusList | _T: ...
    def get(self, list_id: int, /, default: object = None) -> object:
        # One dict lookup: Mapping.get would go through __getitem__ and KeyError.
        return self._lists.get(list_id, default)

    def __iter__(self) -> Iterator[int]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)

    @classmethod
    def from_documents(cls, documents: Iterable[str | bytes], *, trust: TrustList) -> StatusLists:
        """The lists that ``documents`` make up, each document checked against ``trust``.

        Per list and purpose the freshest copy counts, whether it came in a one-purpose
        document or a combined one; a list counts only once both of its purposes are held."""
        held: dict[tuple[int, StatusPurpose], StatusBitstring] = {}
        for document in documents:
            for part in read_status_document(document, trust=trust):
                key = (part.list_id, part.purpose)
                kept = held.get(key)
                if kept is None or _part_freshness(part) > _part_freshness(kept):
                    held[key] = part
        joined: list[StatusList] = []
        for (list_id, purpose), part in held.items():
            other = held.get((list_id, StatusPurpose.SUSPENSION))
            if purpose is StatusPurpose.REVOCATION and other is not None:
                try:
                    joined.append(_joined((part, other)))
                except StatusListError:
                    continue  # two halves that do not fit: no usable list
        return cls(joined)


def _part_freshness(part: StatusBitstring) -> tuple[datetime, datetime]:
    return (part.valid_from, part.valid_until)


def _freshness(status_list: StatusList) -> tuple[datetime, datetime]:
    oldest = datetime.min.replace(tzinfo=UTC)
    return (status_list.valid_from or oldest, status_list.valid_until or oldest)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse_iso(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise StatusListError("validity dates must be ISO 8601 text")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise StatusListError(f"bad date {value!r}") from None
    if moment.tzinfo is None:
        raise StatusListError("validity dates need a time zone")
    return moment
