"""``fits_version``: the arithmetic size check agrees with the renderer, version by version."""

from __future__ import annotations

import random

import pytest

from signing import IssuanceError
from signing.base45 import ALPHABET
from signing.qr import MAX_VERSION, ErrorLevel, fits_version, qr_version

HOST = "https://ccr.example.cn"
RNG = random.Random(20)


def text_of(length: int) -> str:
    """TR1 text of ``length`` characters in all (base45 uses the alphanumeric alphabet)."""
    return "TR1:" + "".join(RNG.choice(ALPHABET) for _ in range(length - 4))


def rendered_version(text: str, ecc: ErrorLevel, base_url: str | None) -> int:
    try:
        return qr_version(text, ecc=ecc, base_url=base_url)
    except IssuanceError as exc:
        if exc.code != "TOO_LARGE":
            raise
        return MAX_VERSION + 1


def longest_fitting(version: int, ecc: ErrorLevel, base_url: str | None) -> int:
    length = 4
    while fits_version(text_of(length + 1), ecc=ecc, base_url=base_url, version=version):
        length += 1
    return length


FORMS = pytest.mark.parametrize("base_url", [None, HOST], ids=["plain", "link"])
LEVELS = pytest.mark.parametrize("ecc", [ErrorLevel.M, ErrorLevel.Q])


@FORMS
@LEVELS
@pytest.mark.parametrize("version", [5, 9, 10, 14, 20])
def test_the_boundary_is_where_the_renderer_puts_it(
    ecc: ErrorLevel, base_url: str | None, version: int
) -> None:
    longest = longest_fitting(version, ecc, base_url)
    assert rendered_version(text_of(longest), ecc, base_url) <= version
    assert rendered_version(text_of(longest + 1), ecc, base_url) > version


@FORMS
@LEVELS
def test_agrees_with_the_renderer_across_lengths(ecc: ErrorLevel, base_url: str | None) -> None:
    for length in [*range(40, 1300, 97), 376, 377, 970, 971]:
        text = text_of(length)
        actual = rendered_version(text, ecc, base_url)  # MAX_VERSION + 1: above the cap
        for version in (actual - 1, actual, MAX_VERSION):
            if 1 <= version <= MAX_VERSION:
                expected = actual <= version
                assert fits_version(text, ecc=ecc, base_url=base_url, version=version) is expected


def test_a_long_base_url_costs_room() -> None:
    text = text_of(longest_fitting(MAX_VERSION, ErrorLevel.M, HOST))
    assert fits_version(text, ecc=ErrorLevel.M, base_url=HOST)
    assert not fits_version(text, ecc=ErrorLevel.M, base_url=HOST + "/a-longer-path")


def test_versions_outside_1_to_40_are_refused() -> None:
    with pytest.raises(ValueError, match="1 to 40"):
        fits_version("TR1:", version=41)
