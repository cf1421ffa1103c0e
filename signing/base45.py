"""RFC 9285 base45, tuned for the verification hot path.

Decoding avoids a per-character Python loop: ``bytes.translate`` maps the alphabet to digit
values in C, and a few big-integer operations combine every three-character group at once.
"""

from __future__ import annotations

from .errors import SigningError

__all__ = ["ALPHABET", "Base45Error", "b45decode", "b45encode"]

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_INVALID = 255
_VALUES = bytearray([_INVALID] * 256)
for _i, _c in enumerate(ALPHABET):
    _VALUES[ord(_c)] = _i
_TABLE = bytes(_VALUES)
# 0xFF in the low byte of every 24-bit slot, for as many groups as the longest QR code holds
# (4,296 characters); longer input builds its own mask.
_MASK_GROUPS = 1432
_LOW_BYTES = int.from_bytes(b"\0\0\xff" * _MASK_GROUPS, "big")
_HIGH_BYTES = _LOW_BYTES << 16


class Base45Error(SigningError, ValueError):
    """The text is not valid base45."""


def b45encode(data: bytes) -> str:
    """Encode bytes as base45 text (two bytes become three characters)."""
    out: list[str] = []
    a = ALPHABET
    full = len(data) - len(data) % 2
    for i in range(0, full, 2):
        n = (data[i] << 8) | data[i + 1]
        e, rest = divmod(n, 2025)
        d, c = divmod(rest, 45)
        out += (a[c], a[d], a[e])
    if full != len(data):
        d, c = divmod(data[-1], 45)
        out += (a[c], a[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    """Decode base45 text; raise :class:`Base45Error` on any invalid character or value."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        raise Base45Error("non-ASCII character") from None
    values = raw.translate(_TABLE)
    if _INVALID in values:
        raise Base45Error("character outside the base45 alphabet")
    groups, tail = divmod(len(values), 3)
    if tail == 1:
        raise Base45Error("length leaves a dangling character")
    # Read as one big-endian integer, group g is the 24-bit slot c·2^16 + d·2^8 + e. Shifting
    # and masking isolates each digit in the low byte of its slot; the weighted sum
    # c + 45·d + 2025·e (at most 91,124 < 2^24) then fills each slot without carrying into the
    # next, so one to_bytes gives every group as three bytes: zero, high, low.
    full = 3 * groups
    low, high = _LOW_BYTES, _HIGH_BYTES
    if groups > _MASK_GROUPS:
        low = int.from_bytes(b"\0\0\xff" * groups, "big")
        high = low << 16
    digits = int.from_bytes(values[:full], "big")
    sums = ((digits >> 16) & low) + 45 * ((digits >> 8) & low) + 2025 * (digits & low)
    if sums & high:
        raise Base45Error("a three-character group exceeds 65535")
    words = sums.to_bytes(full, "big")
    out = bytearray(2 * groups + tail // 2)
    out[0 : 2 * groups : 2] = words[1::3]
    out[1 : 2 * groups : 2] = words[2::3]
    if tail == 2:
        last = values[-2] + 45 * values[-1]
        if last > 255:
            raise Base45Error("the final two-character group exceeds 255")
        out[-1] = last
    return bytes(out)
