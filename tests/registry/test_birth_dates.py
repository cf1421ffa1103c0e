"""The age rule (at least 16 for 全媒体运营师) holds for every ID document that carries or
records a birth date, not only resident IDs."""

from __future__ import annotations

from datetime import date

import pytest

from registry.domain.enums import IdDocumentType, Origin
from registry.domain.identity import birth_date_in, resident_id_check_char
from registry.domain.skills import SkillLevel
from registry.errors import DomainError, ErrorCode
from registry.services import certificates, creators, eligibility
from registry.services.context import ServiceContext
from registry.services.eligibility import RecordCreatorFacts
from tests.registry.conftest import World, resident_id
from tests.registry.helpers import certificate_number, mma_filing


def _numbered(head: str, birth: str, serial: str = "123") -> str:
    first17 = head + birth + serial
    return first17 + resident_id_check_char(first17)


HMT_MINOR = _numbered("810000", "20110101")  # 港澳台居民居住证: 81 Hong Kong, 82 Macao, 83 Taiwan
FOREIGN_ADULT = _numbered("931156", "19880512")  # 2023 外国人永久居留身份证


@pytest.mark.parametrize(
    ("number", "document", "born"),
    [
        pytest.param(resident_id(birth="19900307"), IdDocumentType.RESIDENT_ID, date(1990, 3, 7),
                     id="resident-id"),
        pytest.param(HMT_MINOR, IdDocumentType.HMT_PERMIT, date(2011, 1, 1),
                     id="hmt-residence-permit"),
        pytest.param(FOREIGN_ADULT, IdDocumentType.FOREIGN_PERMANENT_ID, date(1988, 5, 12),
                     id="foreign-permanent-id-2023"),
        pytest.param("H12345678", IdDocumentType.HMT_PERMIT, None, id="hmt-travel-permit"),
        pytest.param("USA310012345678", IdDocumentType.FOREIGN_PERMANENT_ID, None,
                     id="older-permanent-id"),
        pytest.param("E12345678", IdDocumentType.PASSPORT, None, id="passport"),
        pytest.param(HMT_MINOR[:17] + ("0" if HMT_MINOR[17] != "0" else "1"),
                     IdDocumentType.HMT_PERMIT, None, id="wrong-check-character"),
        pytest.param(_numbered("310110", "19900307"), IdDocumentType.PASSPORT, None,
                     id="passport-numbers-never-carry-one"),
    ],
)  # fmt: skip
def test_which_numbers_carry_a_birth_date(
    number: str, document: IdDocumentType, born: date | None
) -> None:
    assert birth_date_in(number, document) == born


async def _register(
    ctx: ServiceContext, world: World, name: str, origin: Origin, doc: IdDocumentType, number: str
) -> str:
    command = creators.RegisterCreator(name, origin, doc, number, region_code="310110")
    return (await creators.register_creator(ctx, world["yp-talent"], command)).id


async def _refusal(ctx: ServiceContext, world: World, holder: certificates.Holder, serial: int,
                   filing_id: str, prefix: str) -> tuple[ErrorCode, str | None] | None:  # fmt: skip
    command = certificates.RecordSkillCertificate(
        holder,
        filing_id,
        certificate_number(prefix, 2026, SkillLevel.L4, serial),
        SkillLevel.L4,
        date(2026, 4, 1),
    )
    try:
        await certificates.record_skill_certificate(ctx, world["sh-mma"], command)
    except DomainError as refused:
        return (refused.code, refused.field)
    return None


async def test_every_document_with_a_birth_date_is_held_to_the_age_rule(
    ctx: ServiceContext, world: World
) -> None:
    filing = await mma_filing(ctx, world)

    async def attempt(holder: certificates.Holder, serial: int) -> object:
        return await _refusal(ctx, world, holder, serial, filing.id, filing.prefix)

    await _register(ctx, world, "陈小明", Origin.HMT, IdDocumentType.HMT_PERMIT, HMT_MINOR)
    minor = certificates.Holder(IdDocumentType.HMT_PERMIT, HMT_MINOR, "陈小明")
    assert await attempt(minor, 31) == (ErrorCode.TOO_YOUNG, "id_number")

    await _register(ctx, world, "Ana Lima", Origin.FOREIGN, IdDocumentType.FOREIGN_PERMANENT_ID,
                    FOREIGN_ADULT)  # fmt: skip
    adult = certificates.Holder(IdDocumentType.FOREIGN_PERMANENT_ID, FOREIGN_ADULT, "Ana Lima")
    assert await attempt(adult, 32) is None

    # A passport number carries no birth date: the official records it from the passport.
    young = await _register(ctx, world, "Tom Baker", Origin.FOREIGN, IdDocumentType.PASSPORT,
                            "E12345678")  # fmt: skip
    passport = certificates.Holder(IdDocumentType.PASSPORT, "E12345678", "Tom Baker")
    assert await attempt(passport, 33) == (ErrorCode.DOCUMENTS_MISSING, "birth_date")
    hrss = world["sh-hrss"]
    await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(young, {"birth_date": "2012-02-02"}, evidence_ref="pp-1")
    )
    assert await attempt(passport, 34) == (ErrorCode.TOO_YOUNG, "id_number")
    await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(young, {"birth_date": "1992-02-02"}, evidence_ref="pp-2")
    )
    assert await attempt(passport, 35) is None


async def test_a_birth_date_is_recorded_only_where_the_number_carries_none(
    ctx: ServiceContext, world: World
) -> None:
    hrss = world["sh-hrss"]
    resident = await _register(ctx, world, "王一", Origin.DOMESTIC, IdDocumentType.RESIDENT_ID,
                               resident_id(serial="771"))  # fmt: skip
    traveller = await _register(ctx, world, "Eva Berg", Origin.FOREIGN, IdDocumentType.PASSPORT,
                                "E77777777")  # fmt: skip
    for creator, value in ((resident, "1990-01-01"), (traveller, "2099-01-01")):
        with pytest.raises(DomainError) as refused:
            await eligibility.record_creator_facts(
                ctx, hrss, RecordCreatorFacts(creator, {"birth_date": value})
            )
        assert (refused.value.code, refused.value.field) == (
            ErrorCode.INVALID_INPUT,
            "facts.birth_date",
        )
        assert value not in refused.value.message
