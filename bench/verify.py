"""How much does full verification cost next to the signature check alone?

    python bench/verify.py [--seconds 10] [--profile]

For ES256 and Ed25519, on the same typical credential, this measures

- bare: ``cryptography``'s verify of the precomputed Sig_structure with the cached public key.
  For ES256 the signature is converted from COSE's ``r || s`` to DER beforehand, outside the
  timing; the "bare+DER" column times ``signing``'s own conversion and check together;
- full: ``signing.verify`` with a status list given: prefix, base45, zlib, COSE and CWT
  parsing, the signature, the validity window and the status bits;

in interleaved rounds (bare, full, full, bare, ...) so that machine noise hits both alike,
and prints the medians and their ratio. The goal is full <= 1.3 x bare.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from signing import (
    Achievement,
    Algorithm,
    CredentialClaims,
    CredentialKind,
    Signer,
    StatusList,
    StatusLists,
    StatusReference,
    TrustList,
    issue,
    verify,
)
from signing._crypto import _der_signature, verify_signature
from signing.base45 import b45decode
from signing.cose import parse_sign1, sig_structure

ISSUER = "https://ccr.example.cn"
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
GOAL = 1.3
BATCH = 200


def typical_claims() -> CredentialClaims:
    return CredentialClaims(
        issuer=ISSUER,
        credential_id=uuid.UUID(int=0x0190F3A27C4E7D1A9B2F3E5D6C7B8A93).bytes,
        kind=CredentialKind.SKILL_CERTIFICATE,
        subject_id="cr_01JDX7K3M9",
        subject_name="李*明",
        achievement=Achievement(
            code="4-13-01-05", level="L3", direction="AV", number="S000031000126263000042"
        ),
        valid_until=NOW + timedelta(days=3 * 365),
        status=StatusReference(3, 101_223),
        organisation="sh-mma",
    )


class Case:
    """One algorithm: the token, what verify needs, and the bare check's inputs."""

    def __init__(self, alg: Algorithm) -> None:
        signer = Signer.generate(alg)
        self.alg = alg
        self.trust = TrustList([signer.public_record()])
        self.text = issue(typical_claims(), signer=signer, now=NOW - timedelta(days=1))
        document = StatusList(3, issuer=ISSUER).sign(
            issuer=ISSUER, signer=signer, now=NOW, ttl=timedelta(hours=6)
        )
        self.status = StatusLists.from_documents([document], trust=self.trust)
        raw = b45decode(self.text.removeprefix("TR1:"))
        if raw[0] & 0x0F == 8:
            import zlib

            raw = zlib.decompress(raw)
        sign1 = parse_sign1(raw)
        self.signed = sig_structure(sign1.protected, sign1.payload)
        self.signature = sign1.signature
        self.key = self.trust[sign1.kid].key
        self.der = _der_signature(self.signature) if alg is Algorithm.ES256 else self.signature

    def bare(self) -> Callable[[], object]:
        key, signed, der = self.key, self.signed, self.der
        if isinstance(key, ed25519.Ed25519PublicKey):
            return lambda: key.verify(der, signed)
        assert isinstance(key, ec.EllipticCurvePublicKey)
        ecdsa = ec.ECDSA(hashes.SHA256())
        return lambda: key.verify(der, signed, ecdsa)

    def bare_with_der(self) -> Callable[[], object]:
        """The signing library's own check: its ``r || s`` to DER conversion, then verify."""
        key, signed, signature = self.key, self.signed, self.signature
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return self.bare()
        return lambda: verify_signature(key, signature, signed)

    def full(self) -> Callable[[], object]:
        text, trust, status = self.text, self.trust, self.status
        return lambda: verify(text, trust=trust, status=status, now=NOW)


def per_call(function: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


def measure(case: Case, seconds: float) -> dict[str, float]:
    """Median microseconds per call of each variant, over interleaved rounds."""
    variants = {"bare": case.bare(), "bare+DER": case.bare_with_der(), "full": case.full()}
    for function in variants.values():  # warm up caches and the interpreter
        per_call(function, BATCH)
    samples: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    deadline = time.perf_counter() + seconds
    round_number = 0
    while time.perf_counter() < deadline or round_number < 6:
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            samples[name].append(per_call(variants[name], BATCH))
        round_number += 1
    return {name: statistics.median(values) * 1e6 for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="signing.verify against the bare signature check")
    parser.add_argument("--seconds", type=float, default=10.0, help="total time budget")
    parser.add_argument("--profile", action="store_true", help="cProfile full verification")
    args = parser.parse_args(argv)

    cases = [Case(Algorithm.ES256), Case(Algorithm.EDDSA)]
    if args.profile:
        for case in cases:
            full = case.full()
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [full() for _ in range(5000)])  # noqa: B023
            print(f"--- {case.alg.jose}: full verification, 5000 calls")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return 0

    print(f"Python {sys.version.split()[0]}, {BATCH} calls per sample, interleaved rounds")
    print(f"{'alg':6} {'bare µs':>9} {'bare+DER µs':>12} {'full µs':>9} {'full/bare':>10}  goal")
    worst = 0.0
    for case in cases:
        result = measure(case, args.seconds / len(cases))
        ratio = result["full"] / result["bare"]
        worst = max(worst, ratio)
        verdict = "ok" if ratio <= GOAL else "above"
        print(
            f"{case.alg.jose:6} {result['bare']:9.1f} {result['bare+DER']:12.1f} "
            f"{result['full']:9.1f} {ratio:10.2f}  <= {GOAL} {verdict}"
        )
    print(f"token: {len(cases[0].text)} characters (ES256), {len(cases[1].text)} (Ed25519)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
