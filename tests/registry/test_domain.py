"""Pure domain rules: no database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.domain.awards import AWARD_TRANSITIONS, next_award_state
from registry.domain.creators import next_recognition_state
from registry.domain.credentials import next_credential_status
from registry.domain.enums import (
    AwardLevel,
    AwardState,
    CredentialStatus,
    FilingScope,
    IdDocumentType,
    InstitutionCategory,
    OperationCode,
    RecognitionState,
)
from registry.domain.identity import normalise_id_number, resident_id_check_char
from registry.domain.orgs import check_uscc, uscc_check_char
from registry.domain.paging import PageRequest, decode_cursor, encode_cursor
from registry.domain.regions import covers
from registry.domain.skills import (
    OMNI_MEDIA_OPERATOR,
    SkillLevel,
    check_certificate_number,
    check_scores,
    check_skill,
    filing_prefix,
    parse_certificate_number,
)
from registry.errors import Conflict, ErrorCode, InvalidInput

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91440300708461136T", "91310000132200821H"])
def test_published_unified_social_credit_codes_check(code: str) -> None:
    assert check_uscc(code.lower()) == code


@given(st.text(alphabet=USCC_CHARS, min_size=17, max_size=17).filter(lambda s: s[2:8].isdigit()))
def test_exactly_one_check_character_fits(first17: str) -> None:
    good = uscc_check_char(first17)
    assert check_uscc(first17 + good) == first17 + good
    for wrong in set(USCC_CHARS) - {good}:
        with pytest.raises(InvalidInput) as caught:
            check_uscc(first17 + wrong)
        assert caught.value.code is ErrorCode.INVALID_USCC


def test_resident_id_numbers_need_their_check_digit_and_a_real_birth_date() -> None:
    first17 = "31011019900307123"
    number = first17 + resident_id_check_char(first17)
    assert normalise_id_number(number.lower(), IdDocumentType.RESIDENT_ID) == number
    for bad in (first17 + "0" if number[-1] != "0" else first17 + "1", "31011019901332123" + "5"):
        with pytest.raises(InvalidInput) as caught:
            normalise_id_number(bad, IdDocumentType.RESIDENT_ID)
        assert caught.value.code is ErrorCode.INVALID_ID_NUMBER
        assert bad not in str(caught.value)


def test_region_authority() -> None:
    assert covers("000000", "440105")
    assert covers("310000", "310110")
    assert covers("440100", "440105")
    assert not covers("310110", "440105")
    assert not covers("310110", "310101")
    assert not covers("310000", "000000")


def test_omni_media_operator_rules() -> None:
    for level in (SkillLevel.L4, SkillLevel.L3, SkillLevel.L2, SkillLevel.L1):
        check_skill(OMNI_MEDIA_OPERATOR, level, "AUDIOVISUAL_OPS")
    for level in (SkillLevel.L5, SkillLevel.SPECIAL, SkillLevel.CHIEF):
        with pytest.raises(InvalidInput) as caught:
            check_skill(OMNI_MEDIA_OPERATOR, level, None)
        assert caught.value.code is ErrorCode.INVALID_LEVEL
    check_skill(OMNI_MEDIA_OPERATOR, SkillLevel.L3, "DATA_ANALYSIS")
    with pytest.raises(InvalidInput) as caught:
        check_skill(OMNI_MEDIA_OPERATOR, SkillLevel.L4, "DATA_ANALYSIS")
    assert caught.value.code is ErrorCode.INVALID_DIRECTION
    with pytest.raises(InvalidInput):
        check_skill(OMNI_MEDIA_OPERATOR, SkillLevel.L3, "LIVE_SELLING")


def test_scores_and_pass_mark() -> None:
    check_scores(OMNI_MEDIA_OPERATOR, SkillLevel.L3, {"theory_score": 60, "practical_score": 99})
    with pytest.raises(InvalidInput) as caught:
        check_scores(OMNI_MEDIA_OPERATOR, SkillLevel.L3, {"theory_score": 59})
    assert caught.value.code is ErrorCode.SCORE_BELOW_PASS
    with pytest.raises(InvalidInput):
        check_scores(OMNI_MEDIA_OPERATOR, SkillLevel.L2, {"theory_score": 80})


def test_certificate_numbers() -> None:
    prefix = filing_prefix(InstitutionCategory.S, "0000", "31", "000123", FilingScope.PROVINCIAL)
    assert prefix == "S000031000123"
    number = parse_certificate_number("s000031000123263000042")
    assert (number.category, number.province_code, number.year, number.level_digit) == (
        InstitutionCategory.S,
        "31",
        "26",
        "3",
    )
    assert number.serial == "000042"
    on = date(2026, 4, 1)
    assert (
        check_certificate_number(number.text, prefix=prefix, issued_on=on, level=SkillLevel.L3)
        == number.text
    )
    with pytest.raises(InvalidInput):
        filing_prefix(InstitutionCategory.Y, "1234", "31", "000001", FilingScope.PROVINCIAL)
    with pytest.raises(InvalidInput):
        filing_prefix(InstitutionCategory.Y, "0000", "31", "000001", FilingScope.NATIONAL)
    for text in ("X000031000123263000042", "S00003100012326300004", "S0000310001232630000421"):
        with pytest.raises(InvalidInput) as caught:
            parse_certificate_number(text)
        assert caught.value.code is ErrorCode.INVALID_CERTIFICATE_NUMBER


def test_state_machines() -> None:
    state = AwardState.CLAIMED
    for action in ("start_verification", "verify", "rescind"):
        state = next_award_state(state, action)
    assert state is AwardState.RESCINDED
    assert next_award_state(AwardState.UNDER_VERIFICATION, "reject") is AwardState.REJECTED
    with pytest.raises(Conflict):
        next_award_state(AwardState.CLAIMED, "verify")
    with pytest.raises(Conflict):
        next_award_state(AwardState.REJECTED, "rescind")
    assert len(AWARD_TRANSITIONS) == 4
    assert next_recognition_state(RecognitionState.SUSPENDED, "reinstate") is (
        RecognitionState.ACTIVE
    )
    with pytest.raises(Conflict):
        next_recognition_state(RecognitionState.REVOKED, "reinstate")
    assert next_credential_status(CredentialStatus.SUSPENDED, OperationCode.CANCEL) is (
        CredentialStatus.REVOKED
    )
    with pytest.raises(Conflict):
        next_credential_status(CredentialStatus.REVOKED, OperationCode.REINSTATE)


def test_award_levels_are_ordered_highest_first() -> None:
    ranks = [level.rank for level in AwardLevel]
    assert ranks == sorted(ranks, reverse=True)
    assert AwardLevel.INTERNATIONAL.rank > AwardLevel.INDUSTRY.rank


@given(st.integers(min_value=0, max_value=2**62))
def test_cursors_round_trip(key: int) -> None:
    assert decode_cursor(encode_cursor(key)) == key


def test_page_requests_are_bounded() -> None:
    for bad in ({}, {"first": 1, "last": 1}, {"first": 101}, {"last": -1}):
        with pytest.raises(InvalidInput):
            PageRequest(**bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as caught:
        decode_cursor("not-a-cursor")
    assert caught.value.code is ErrorCode.INVALID_CURSOR
