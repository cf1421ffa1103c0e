"""Identity documents and names: validation and the masked forms shown on any surface.

A resident ID number (GB 11643) has 17 digits and a check character; digits 7–14 are the
birth date, which is why everything beyond the first three and last four is masked. Two other
documents are numbered the same way: the residence permit for Hong Kong, Macao and Taiwan
residents (港澳台居民居住证, beginning 81, 82 or 83) and the 2023 foreign permanent residence
ID card (外国人永久居留身份证, beginning 9). Passports, travel permits and older permanent
residence cards carry no birth date in the number.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..errors import ErrorCode, InvalidInput
from .enums import IdDocumentType
from .orgs import check_uscc

__all__ = [
    "birth_date_in",
    "birth_date_of",
    "mask_id_number",
    "mask_name",
    "may_carry_birth_date",
    "normalise_id_number",
    "public_name",
    "resident_id_check_char",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_RESIDENT_ID = re.compile(r"\d{17}[\dX]")
_DOCUMENT = re.compile(r"[A-Z0-9]{5,20}")


def resident_id_check_char(first17: str) -> str:
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _invalid(field: str) -> InvalidInput:
    # Never echo the number: exception texts reach logs.
    return InvalidInput("ID number is not valid", code=ErrorCode.INVALID_ID_NUMBER, field=field)


def normalise_id_number(
    number: str, document_type: IdDocumentType, *, field: str = "id_number"
) -> str:
    """The canonical form of a document number, or InvalidInput (which never echoes it)."""
    text = number.strip().upper().replace(" ", "")
    if document_type is IdDocumentType.RESIDENT_ID:
        if not _RESIDENT_ID.fullmatch(text) or resident_id_check_char(text[:17]) != text[17]:
            raise _invalid(field)
        try:
            birth_date_of(text)
        except ValueError:
            raise _invalid(field) from None
        return text
    if document_type is IdDocumentType.USCC:
        try:
            return check_uscc(text, field=field)
        except InvalidInput:
            raise _invalid(field) from None
    if not _DOCUMENT.fullmatch(text):
        raise _invalid(field)
    return text


def birth_date_of(resident_id: str) -> date:
    """Digits 7–14 of a resident ID number; ValueError when they are not a date."""
    return date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))


# The documents numbered like a resident ID, and how their numbers begin.
_NUMBERED_LIKE_RESIDENT_ID: dict[IdDocumentType, tuple[str, ...]] = {
    IdDocumentType.RESIDENT_ID: ("",),
    IdDocumentType.HMT_PERMIT: ("81", "82", "83"),
    IdDocumentType.FOREIGN_PERMANENT_ID: ("9",),
}


def birth_date_in(number: str, document_type: IdDocumentType) -> date | None:
    """The birth date a normalised document number carries, or None when it carries none
    (a passport, a travel permit, an older permanent residence card, a studio's USCC)."""
    starts = _NUMBERED_LIKE_RESIDENT_ID.get(document_type)
    if (
        starts is None
        or not number.startswith(starts)
        or not _RESIDENT_ID.fullmatch(number)
        or resident_id_check_char(number[:17]) != number[17]
    ):
        return None
    try:
        return birth_date_of(number)
    except ValueError:
        return None


def may_carry_birth_date(document_type: IdDocumentType) -> bool:
    """Whether numbers of this document type can carry the birth date at all."""
    return document_type in _NUMBERED_LIKE_RESIDENT_ID


def mask_id_number(number: str) -> str:
    """First three and last four characters kept: ``310***********1234``."""
    keep_head, keep_tail = 3, 4
    if len(number) <= keep_head + keep_tail:
        return number[:1] + "*" * (len(number) - 1)
    hidden = len(number) - keep_head - keep_tail
    return number[:keep_head] + "*" * hidden + number[-keep_tail:]


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def mask_name(name: str) -> str:
    """``张三`` → ``张*``; ``欧阳娜娜`` → ``欧***``; ``Anna Lee`` → ``A*** L**``."""
    name = name.strip()
    if not name:
        return "*"
    if any(_is_wide(c) for c in name) or " " not in name:
        return name[0] + "*" * max(len(name) - 1, 1)
    return " ".join(part[0] + "*" * max(len(part) - 1, 1) for part in name.split())


def public_name(name: str, *, show_full_name: bool) -> str:
    """The name a public surface (a signed QR, a verification answer) shows.

    Masked unless the holder chose otherwise (DOMAIN §5): the choice is the holder's alone,
    so callers pass what the creator's record says, never a caller's preference.
    """
    return name.strip() if show_full_name else mask_name(name)
