"""Strict CBOR (RFC 8949) decoding for signed TR1 data.

A verifier must read exactly the bytes the issuer signed, and nothing that two decoders could
read differently. So this decoder accepts one well-formed, definite-length item and nothing
more: no trailing bytes, no indefinite lengths, no duplicate map keys, map keys only integers
or text strings, text strings only valid UTF-8, nesting at most :data:`MAX_DEPTH` deep.
Semantic tags are never interpreted (a bignum never becomes an integer, an epoch never a
date): a tag decodes to an opaque :class:`cbor2.CBORTag`, and TR1 allows one only around the
COSE_Sign1. Decoding does not depend on the behaviour of any particular ``cbor2`` release.
"""

from __future__ import annotations

import struct
from typing import Any

from cbor2 import CBORSimpleValue, CBORTag, undefined

from .errors import SigningError

__all__ = ["MAX_DEPTH", "CborError", "decode"]

MAX_DEPTH = 8

_HALF = struct.Struct(">e").unpack_from
_SINGLE = struct.Struct(">f").unpack_from
_DOUBLE = struct.Struct(">d").unpack_from
_SIMPLE: dict[int, Any] = {20: False, 21: True, 22: None, 23: undefined}


class CborError(SigningError, ValueError):
    """Input is not exactly one well-formed CBOR item of the shapes TR1 allows."""


def decode(data: bytes) -> Any:
    """Decode exactly one CBOR item from ``data``; raise :class:`CborError` otherwise."""
    try:
        item, end = _item(data, 0, 0)
    except IndexError:
        raise CborError("truncated CBOR item") from None
    except UnicodeDecodeError:
        raise CborError("text string is not valid UTF-8") from None
    if end != len(data):
        raise CborError("trailing bytes after the CBOR item")
    return item


def _item(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    # One function, ordered by how often each branch runs on a TR1 credential: this is the
    # verification hot path, so it avoids helper calls for the common short forms.
    initial = data[pos]
    pos += 1
    major = initial >> 5
    info = initial & 0x1F
    if info < 24:
        arg = info
    elif info == 24:
        arg = data[pos]
        pos += 1
    elif info < 28:
        end = pos + (2 << (info - 25))
        if end > len(data):
            raise CborError("truncated CBOR argument")
        arg = int.from_bytes(data[pos:end], "big")
        pos = end
    elif info == 31:
        raise CborError("indefinite-length items are not allowed")
    else:
        raise CborError("reserved additional information value")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major <= 3:
        end = pos + arg
        if end > len(data):
            raise CborError("string runs past the end of the data")
        if major == 2:
            return data[pos:end], end
        return data[pos:end].decode("utf-8"), end
    if major == 7:
        return _simple(data, pos, info, arg), pos
    if depth >= MAX_DEPTH:
        raise CborError(f"nesting deeper than {MAX_DEPTH}")
    depth += 1
    if major == 4:
        # Every item takes at least one byte: refuse counts the data cannot hold before looping.
        if arg > len(data) - pos:
            raise CborError("array runs past the end of the data")
        items = []
        for _ in range(arg):
            initial = data[pos]
            if 0x40 <= initial <= 0x58:  # a byte string shorter than 256 bytes (COSE_Sign1)
                if initial == 0x58:
                    start = pos + 2
                    end = start + data[pos + 1]
                else:
                    start = pos + 1
                    end = start + initial - 0x40
                if end > len(data):
                    raise CborError("string runs past the end of the data")
                items.append(data[start:end])
                pos = end
            else:
                value, pos = _item(data, pos, depth)
                items.append(value)
        return items, pos
    if major == 5:
        if 2 * arg > len(data) - pos:
            raise CborError("map runs past the end of the data")
        out: dict[int | str, Any] = {}
        for _ in range(arg):
            # Inline the two shapes nearly every TR1 key and value takes, a small integer and a
            # short text: this loop is most of the work of reading a credential.
            initial = data[pos]
            if initial < 0x18:
                key: Any = initial
                pos += 1
            else:
                key, pos = _item(data, pos, depth)
                if type(key) is not int and type(key) is not str:
                    raise CborError("map keys must be integers or text strings")
            if key in out:
                raise CborError(f"duplicate map key {key!r}")
            initial = data[pos]
            if 0x60 <= initial < 0x78:
                end = pos + initial - 0x5F
                if end > len(data):
                    raise CborError("string runs past the end of the data")
                out[key] = data[pos + 1 : end].decode("utf-8")
                pos = end
            elif initial < 0x18:
                out[key] = initial
                pos += 1
            else:
                out[key], pos = _item(data, pos, depth)
        return out, pos
    value, pos = _item(data, pos, depth)
    return CBORTag(arg, value), pos


def _simple(data: bytes, end: int, info: int, arg: int) -> Any:
    if info < 24:
        return _SIMPLE[arg] if arg in _SIMPLE else CBORSimpleValue(arg)
    if info == 24:
        if arg < 32:
            raise CborError("simple value below 32 in two-byte form")
        return CBORSimpleValue(arg)
    if info == 25:
        return _HALF(data, end - 2)[0]
    if info == 26:
        return _SINGLE(data, end - 4)[0]
    return _DOUBLE(data, end - 8)[0]
