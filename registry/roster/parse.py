"""A roster row → the single-record command, or the fields that are wrong and why.

Only the form is checked here (present, a known type, a date, a number); everything the
registry knows (filing, number, holder, age, duplicates) is checked by the same code as one
certificate recorded by hand (``services.certificates.prepare_certificate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from signing.vocabulary import DIRECTIONS, SKILL_LEVELS

from ..domain.enums import IdDocumentType
from ..domain.identity import normalise_id_number
from ..domain.skills import OMNI_MEDIA_OPERATOR, Direction, SkillLevel
from ..errors import ErrorCode, InvalidInput
from ..services.certificates import Holder, RecordSkillCertificate
from .columns import COLUMNS
from .labels import error_label

__all__ = ["Refusal", "parse_row"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why one row was not imported: its row number, the field, a code, in both languages."""

    row: int
    field: str
    code: str
    zh: str
    en: str

    @classmethod
    def of(cls, row: int, field: str, code: ErrorCode | str, en: str) -> Refusal:
        value = code.value if isinstance(code, ErrorCode) else code
        return cls(row, field, value, error_label(value), en)


_ID_TYPES = {
    **{t.value: t for t in IdDocumentType if t is not IdDocumentType.USCC},
    "居民身份证": IdDocumentType.RESIDENT_ID,
    "身份证": IdDocumentType.RESIDENT_ID,
    "港澳台居民居住证": IdDocumentType.HMT_PERMIT,
    "港澳台居民证件": IdDocumentType.HMT_PERMIT,
    "护照": IdDocumentType.PASSPORT,
    "外国人永久居留身份证": IdDocumentType.FOREIGN_PERMANENT_ID,
}
_LEVELS: dict[str, SkillLevel] = {}
for _code, _label in SKILL_LEVELS.items():
    _level = SkillLevel(_code)
    _zh_rank, _, _zh_title = _label.zh.partition("/")
    _LEVELS.update({_code: _level, _code[1]: _level, _label.zh: _level, _zh_rank: _level})
    _LEVELS[_zh_title] = _level
_DIRECTIONS: dict[str, str] = {}
for _short, (_name, _dlabel) in DIRECTIONS.items():
    _DIRECTIONS.update({_short: _name, _name: _name, _dlabel.zh: _name, _dlabel.en.upper(): _name})
_SCORES = ("theory_score", "practical_score", "review_score")


def _score(text: str) -> int:
    value = int(text)  # ValueError for anything but an integer
    if not 0 <= value <= 100:
        raise ValueError("out of range")
    return value


def parse_row(row: int, cells: dict[str, str]) -> RecordSkillCertificate | list[Refusal]:
    """The command for this row (its ``filing_id`` left for the import to choose), or every
    field that is wrong in it. Never echoes an ID number."""
    refusals: list[Refusal] = []

    def refuse(field: str, en: str, code: ErrorCode = ErrorCode.INVALID_INPUT) -> None:
        refusals.append(Refusal.of(row, field, code, en))

    for column in COLUMNS:
        if column.required and not cells.get(column.key):
            refuse(column.key, f"{column.key} is required")
    if any(len(value) > 200 for value in cells.values()):
        refuse("row", "a cell holds more than 200 characters")
    if refusals:
        return refusals
    id_type = _ID_TYPES.get(cells["id_type"].strip().upper()) or _ID_TYPES.get(
        cells["id_type"].strip()
    )
    if id_type is None:
        refuse("id_type", "unknown ID document type")
    else:
        try:
            normalise_id_number(cells["id_number"], id_type)
        except InvalidInput:
            refuse(
                "id_number",
                "not a valid number for this document type",
                ErrorCode.INVALID_ID_NUMBER,
            )
    level = _LEVELS.get(cells["level"].strip().upper()) or _LEVELS.get(cells["level"].strip())
    if level is None:
        refuse("level", "unknown level: L1–L5 or 一级 … 五级", ErrorCode.INVALID_LEVEL)
    direction: str | None = None
    if cells.get("direction"):
        given = cells["direction"].strip()
        direction = _DIRECTIONS.get(given.upper()) or _DIRECTIONS.get(given)
        if direction is None or direction not in {d.value for d in Direction}:
            refuse("direction", "unknown direction", ErrorCode.INVALID_DIRECTION)
    try:
        issued_on = date.fromisoformat(cells["issued_on"].strip())
    except ValueError:
        refuse("issued_on", "not a date (YYYY-MM-DD)")
        issued_on = date.min
    scores: dict[str, int | None] = {}
    for field in _SCORES:
        text = cells.get(field, "").strip()
        try:
            scores[field] = _score(text) if text else None
        except ValueError:
            refuse(field, "a score is a whole number from 0 to 100")
    if refusals or id_type is None or level is None:
        return refusals
    return RecordSkillCertificate(
        holder=Holder(id_type, cells["id_number"], cells["name"].strip()),
        filing_id="",
        number=cells["number"].strip().upper(),
        level=level,
        issued_on=issued_on,
        direction=direction,
        occupation_code=cells.get("occupation_code") or OMNI_MEDIA_OPERATOR.code,
        theory_score=scores["theory_score"],
        practical_score=scores["practical_score"],
        review_score=scores["review_score"],
        imported=True,
    )
