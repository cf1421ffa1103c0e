"""QR codes: sizes of typical credentials, the version cap, and image round trips via zxing-cpp.

Run with ``pytest -s`` to see the QR versions each kind needs.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
import qrcode.util
from PIL import Image, ImageFilter
from typer.testing import CliRunner

from registry.cli import app
from signing import CredentialKind, IssuanceError, Signer, TrustList, issue, verify
from signing.credential import extract_qr_text
from signing.qr import (
    MAX_VERSION,
    ErrorLevel,
    _build,
    link_form,
    qr_version,
    read_qr_image,
    render_png,
    render_svg,
    shareable_link,
)
from tests.fixtures import make_vectors

KEYS = make_vectors.load_keys()
SIGNERS = {"EdDSA": KEYS.ed, "ES256": KEYS.es}
TRUST = TrustList.from_jwks(make_vectors.jwks(KEYS))
NOW = make_vectors.NOW
HOST = make_vectors.ISSUER  # https://ccr.example.cn


def typical_text(kind: CredentialKind, signer: Signer = KEYS.ed) -> str:
    return issue(make_vectors.typical_claims()[kind], signer=signer, now=make_vectors.ISSUED)


@pytest.mark.parametrize("alg", list(SIGNERS))
@pytest.mark.parametrize("kind", list(CredentialKind), ids=lambda k: k.vc_type)
def test_typical_credential_fits_version_14_at_ecc_q(kind: CredentialKind, alg: str) -> None:
    text = typical_text(kind, SIGNERS[alg])
    versions = {
        "Q": qr_version(text, ecc=ErrorLevel.Q),
        "M": qr_version(text, ecc=ErrorLevel.M),
        "link Q": qr_version(text, ecc=ErrorLevel.Q, base_url=HOST),
        "link M": qr_version(text, ecc=ErrorLevel.M, base_url=HOST),
    }
    print(
        f"\n{kind.vc_type:30} {alg:5} {len(text):4} chars  "
        + "  ".join(f"{name}: v{version}" for name, version in versions.items())
    )
    assert versions["Q"] <= 14
    assert versions["M"] <= versions["Q"]


def test_a_work_title_costs_a_version() -> None:
    # Headroom is small: five CJK characters of work title push an award past version 14-Q.
    claims = make_vectors.typical_claims()[CredentialKind.AWARD]
    titled = replace(claims, achievement=replace(claims.achievement, title="弄堂里的光"))
    text = issue(titled, signer=KEYS.ed, now=make_vectors.ISSUED)
    version = qr_version(text, ecc=ErrorLevel.Q)
    print(f"\nAwardCredential with a 5-character title: {len(text)} chars, v{version} at Q")
    assert version <= MAX_VERSION


def _padded(title_length: int) -> str:
    """A skill certificate with a high-entropy title of ``title_length`` CJK characters."""
    rng = random.Random(20)
    title = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(title_length))
    claims = make_vectors.typical_claims()[CredentialKind.SKILL_CERTIFICATE]
    claims = replace(claims, achievement=replace(claims.achievement, title=title))
    return issue(claims, signer=KEYS.ed, now=make_vectors.ISSUED)


def test_version_20_is_the_limit() -> None:
    low, high = 1, 200  # title lengths: version <= 20 at ECC M for low, refused for high
    with pytest.raises(IssuanceError):
        qr_version(_padded(high))
    while high - low > 1:
        middle = (low + high) // 2
        try:
            qr_version(_padded(middle))
        except IssuanceError:
            high = middle
        else:
            low = middle
    assert qr_version(_padded(low)) == MAX_VERSION == 20
    with pytest.raises(IssuanceError) as caught:
        qr_version(_padded(high))
    assert caught.value.code == "TOO_LARGE"
    print(f"\nlargest accepted: {len(_padded(low))} chars (v20-M)")


def _huge() -> str:
    """Three 200-character high-entropy fields: valid, but beyond version 20 at any ECC level."""
    rng = random.Random(21)

    def noise() -> str:
        return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(200))

    claims = make_vectors.typical_claims()[CredentialKind.AWARD]
    achievement = replace(claims.achievement, title=noise(), region=noise(), number=noise())
    return issue(replace(claims, achievement=achievement), signer=KEYS.ed, now=make_vectors.ISSUED)


@pytest.mark.parametrize("ecc", list(ErrorLevel))
def test_oversized_credential_is_refused_by_every_renderer(ecc: ErrorLevel) -> None:
    text = _huge()
    assert verify(text, trust=TRUST, now=NOW)  # a valid credential, just too big for a QR code
    for render in (
        lambda: qr_version(text, ecc=ecc),
        lambda: render_png(text, ecc=ecc),
        lambda: render_svg(text, ecc=ecc),
        lambda: render_png(text, ecc=ecc, base_url=HOST),
    ):
        with pytest.raises(IssuanceError) as caught:
            render()
        assert caught.value.code == "TOO_LARGE"


def test_only_tr1_text_is_rendered() -> None:
    with pytest.raises(IssuanceError) as caught:
        render_png("HC1:ABC")
    assert caught.value.code == "PREFIX_INVALID"


def test_plain_form_is_one_alphanumeric_segment() -> None:
    code = _build(
        typical_text(CredentialKind.AWARD), base_url=None, ecc=ErrorLevel.M, border=4, box=1
    )
    assert [segment.mode for segment in code.data_list] == [qrcode.util.MODE_ALPHA_NUM]


def test_link_form_is_a_byte_then_an_alphanumeric_segment() -> None:
    text = typical_text(CredentialKind.AWARD)
    code = _build(text, base_url=HOST, ecc=ErrorLevel.M, border=4, box=1)
    assert [segment.mode for segment in code.data_list] == [
        qrcode.util.MODE_8BIT_BYTE,
        qrcode.util.MODE_ALPHA_NUM,
    ]
    # One byte segment for the whole link would need a larger code.
    whole = qrcode.QRCode(error_correction=ErrorLevel.M.constant)
    whole.add_data(qrcode.util.QRData(link_form(text, HOST), qrcode.util.MODE_8BIT_BYTE))
    whole.make(fit=True)
    assert code.version < whole.version


def _photograph(png: bytes) -> bytes:
    """A little like a phone photo: rotated, blurred, grey border, JPEG."""
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
        canvas = Image.new("L", (grey.width + 120, grey.height + 120), 200)
        canvas.paste(grey, (60, 60))
        shot = canvas.rotate(7, resample=Image.Resampling.BICUBIC, fillcolor=200)
        shot = shot.filter(ImageFilter.GaussianBlur(1.2))
        out = io.BytesIO()
        shot.save(out, format="JPEG", quality=80)
        return out.getvalue()


@pytest.mark.parametrize("form", ["plain", "link"])
@pytest.mark.parametrize("kind", list(CredentialKind), ids=lambda k: k.vc_type)
def test_png_round_trip_through_zxing(kind: CredentialKind, form: str) -> None:
    text = typical_text(kind)
    base_url = HOST if form == "link" else None
    png = render_png(text, base_url=base_url, ecc=ErrorLevel.Q)
    assert png.startswith(b"\x89PNG")
    found = read_qr_image(png)
    assert found == [text if base_url is None else link_form(text, HOST)]
    result = verify(found[0], trust=TRUST, now=NOW)
    assert result.claims == verify(text, trust=TRUST, now=NOW).claims


@pytest.mark.parametrize("form", ["plain", "link"])
def test_photo_round_trip(form: str, tmp_path: Path) -> None:
    text = typical_text(CredentialKind.SKILL_CERTIFICATE)
    photo = _photograph(render_png(text, base_url=HOST if form == "link" else None))
    path = tmp_path / "photo.jpg"
    path.write_bytes(photo)
    found = read_qr_image(path)
    assert len(found) == 1
    assert verify(found[0], trust=TRUST, now=NOW).claims.kind is CredentialKind.SKILL_CERTIFICATE


def test_image_without_a_qr_code_reads_nothing() -> None:
    out = io.BytesIO()
    Image.new("L", (200, 200), 255).save(out, format="PNG")
    assert read_qr_image(out.getvalue()) == []


def test_unreadable_image_raises_issuance_error() -> None:
    with pytest.raises(IssuanceError) as caught:
        read_qr_image(b"\x89PNG\r\n\x1a\n not really")
    assert caught.value.code == "IMAGE_UNREADABLE"


def _cli(args: list[str], tmp_path: Path) -> tuple[int, dict[str, object]]:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(TRUST.to_jwks()), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "verify",
            "--trust",
            str(jwks),
            "--at",
            "2026-11-22T09:30:00Z",
            "--json",
            "--no-status",
            *args,
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


@pytest.mark.parametrize("form", ["plain", "link"])
def test_ccr_verify_photo_png(form: str, tmp_path: Path) -> None:
    text = typical_text(CredentialKind.TALENT_ELIGIBILITY, KEYS.es)
    photo = tmp_path / "photo.png"
    photo.write_bytes(render_png(text, base_url=HOST if form == "link" else None))
    code, out = _cli([str(photo)], tmp_path)
    assert code == 0
    assert out["valid"] is True
    assert out["kind"] == "TalentEligibilityCredential"
    assert out["alg"] == "ES256"


def test_ccr_verify_jpeg_photo(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(_photograph(render_png(typical_text(CredentialKind.AWARD))))
    code, out = _cli([str(photo)], tmp_path)
    assert (code, out["valid"], out["kind"]) == (0, True, "AwardCredential")


def test_ccr_verify_image_without_qr_is_a_usage_error(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (100, 100), 255).save(blank, format="PNG")
    code, _ = _cli([str(blank)], tmp_path)
    assert code == 2


def test_ccr_verify_rejects_a_tampered_photo(tmp_path: Path) -> None:
    text = typical_text(CredentialKind.AWARD)
    forged = text[:40] + ("A" if text[40] != "A" else "B") + text[41:]
    photo = tmp_path / "forged.png"
    photo.write_bytes(render_png(forged))
    code, out = _cli([str(photo)], tmp_path)
    assert code == 1
    assert out["valid"] is False
    assert out["code"] in {"SIGNATURE_INVALID", "BASE45_INVALID", "COSE_MALFORMED"}


@pytest.mark.parametrize("kind", list(CredentialKind))
def test_the_shareable_link_survives_a_chat_and_reads_back(kind: CredentialKind) -> None:
    text = typical_text(kind)
    shared = shareable_link(text, HOST)
    assert " " not in shared
    assert extract_qr_text(shared) == text
    # The QR's own link form (spaces as they are) reads back unchanged.
    assert extract_qr_text(link_form(text, HOST)) == text
    # A "%" of base45 next to other characters is not an escape: left as it is.
    assert extract_qr_text(f"{HOST}/v#TR1:AB%XY CD") == "TR1:AB%XY CD"
