from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from signing import (
    Achievement,
    Algorithm,
    CredentialClaims,
    CredentialKind,
    Signer,
    StatusReference,
    TrustList,
)

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
ISSUER = "https://ccr.example.cn"


@pytest.fixture(params=list(Algorithm), ids=lambda a: a.jose)
def signer(request: pytest.FixtureRequest) -> Signer:
    return Signer.generate(request.param)


@pytest.fixture
def trust(signer: Signer) -> TrustList:
    return TrustList([signer.public_record()])


def skill_claims(**overrides: object) -> CredentialClaims:
    fields: dict[str, object] = {
        "issuer": ISSUER,
        "credential_id": uuid.UUID(int=42).bytes,
        "kind": CredentialKind.SKILL_CERTIFICATE,
        "subject_id": "cr_01JDX7K3M9",
        "subject_name": "张*",
        "achievement": Achievement(
            code="4-13-01-05", level="L3", direction="AV", number="S000031000123261300042"
        ),
        "valid_until": NOW + timedelta(days=3 * 365),
        "status": StatusReference(3, 101_223),
        "organisation": "sh-mma",
    }
    fields.update(overrides)
    return CredentialClaims(**fields)  # type: ignore[arg-type]


@pytest.fixture
def make_claims() -> Callable[..., CredentialClaims]:
    return skill_claims
