"""The status-list cases the browser verifier is compared on, pinned to their verdicts here,
so that Python and JavaScript cannot agree on a wrong answer."""

from __future__ import annotations

import pytest

from tests.e2e.tr1_cases import build_cases, python_verdict

EXPECTED = {
    "halves clean": None,
    "halves revoked": "REVOKED",
    "halves suspended": "SUSPENDED",
    "revocation half only": "STATUS_UNAVAILABLE",
    "suspension half only": "STATUS_UNAVAILABLE",
    "halves of two lists": "STATUS_UNAVAILABLE",
    "newer half over combined": "REVOKED",
}


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_status_list_halves_give_the_expected_verdict(alg: str) -> None:
    cases = {item["name"]: item for item in build_cases()}
    for name, code in EXPECTED.items():
        assert python_verdict(cases[f"{alg}/{name}"])["code"] == code, name
