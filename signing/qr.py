"""QR codes for TR1 credentials: render to PNG/SVG, and read them back from photos.

Plain form: the ``TR1:…`` text as one alphanumeric segment (base45 uses exactly the QR
alphanumeric alphabet, 5.5 bits a character). Link form: ``https://<host>/v#`` as a byte
segment followed by the credential as an alphanumeric segment, so a phone camera opens our
verifier page while the QR stays nearly as small as the plain form. Codes above version 20
are refused: they no longer scan reliably from a phone screen.

:func:`fits_version` answers "does it fit?" by arithmetic alone (segment bit lengths against
the version's data capacity), so an issuer can check every credential it signs without
rendering a code.
"""

from __future__ import annotations

import functools
import io
from enum import StrEnum
from pathlib import Path

import qrcode
import qrcode.base
import qrcode.constants
import qrcode.exceptions
import qrcode.util
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

from .credential import LINK_PATH, PREFIX
from .errors import IssuanceError

__all__ = [
    "MAX_VERSION",
    "ErrorLevel",
    "fits_version",
    "link_form",
    "qr_version",
    "read_qr_image",
    "render_png",
    "render_svg",
    "shareable_link",
]

MAX_VERSION = 20


class ErrorLevel(StrEnum):
    """QR error correction: M for screens (default), Q for print."""

    L = "L"
    M = "M"
    Q = "Q"
    H = "H"

    @property
    def constant(self) -> int:
        return int(getattr(qrcode.constants, f"ERROR_CORRECT_{self.value}"))


def link_form(text: str, base_url: str) -> str:
    """``https://<host>/v#TR1:…``: the URL a phone camera opens (what the QR holds, its TR1
    part in the QR's alphanumeric mode, spaces and all)."""
    return base_url.rstrip("/") + LINK_PATH + text


def shareable_link(text: str, base_url: str) -> str:
    """The link form as text to copy, print or send: base45's spaces (and so its ``%``) are
    percent-encoded, so that a chat app or a line break cannot cut the link. Verifiers decode
    it (``extract_qr_text``, the ``/v`` page)."""
    return base_url.rstrip("/") + LINK_PATH + text.replace("%", "%25").replace(" ", "%20")


@functools.cache
def _capacity_bits(version: int, ecc: ErrorLevel) -> int:
    """Data bits a code of ``version`` holds at ``ecc`` (the RS block table's data words)."""
    return 8 * sum(int(block.data_count) for block in qrcode.base.rs_blocks(version, ecc.constant))


def fits_version(
    text: str,
    *,
    ecc: ErrorLevel = ErrorLevel.M,
    base_url: str | None = None,
    version: int = MAX_VERSION,
) -> bool:
    """Whether the code :func:`render_png` would draw for ``text`` is at most ``version``.

    Pure arithmetic, no rendering: the same segments :func:`qr_version` builds (byte mode for
    ``https://<host>/v#``, alphanumeric for the TR1 text), each a 4-bit mode indicator, a
    character count whose width depends on the version, and the data bits.
    """
    if not 1 <= version <= 40:
        raise ValueError(f"QR versions run from 1 to 40, not {version}")
    count_bits = qrcode.util.mode_sizes_for_version(version)
    bits = 0
    if base_url is not None:
        prefix = len((base_url.rstrip("/") + LINK_PATH).encode("utf-8"))
        width = int(count_bits[qrcode.util.MODE_8BIT_BYTE])
        if prefix >= 1 << width:
            return False
        bits += 4 + width + 8 * prefix
    width = int(count_bits[qrcode.util.MODE_ALPHA_NUM])
    if len(text) >= 1 << width:
        return False
    # Alphanumeric mode: 11 bits per pair of characters, 6 for an odd last one.
    bits += 4 + width + 11 * (len(text) // 2) + 6 * (len(text) % 2)
    return bits <= _capacity_bits(version, ecc)


def _build(
    text: str, *, base_url: str | None, ecc: ErrorLevel, border: int, box: int
) -> qrcode.QRCode:
    if not text.startswith(PREFIX):
        raise IssuanceError("PREFIX_INVALID", f"QR text must start with {PREFIX!r}")
    code = qrcode.QRCode(error_correction=ecc.constant, border=border, box_size=box)
    if base_url is not None:
        code.add_data(
            qrcode.util.QRData(base_url.rstrip("/") + LINK_PATH, qrcode.util.MODE_8BIT_BYTE)
        )
    try:
        code.add_data(qrcode.util.QRData(text, qrcode.util.MODE_ALPHA_NUM))
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        raise IssuanceError("TOO_LARGE", "credential does not fit any QR version") from None
    if code.version > MAX_VERSION:
        raise IssuanceError("TOO_LARGE", f"needs QR version {code.version} > {MAX_VERSION}")
    return code


def qr_version(text: str, *, ecc: ErrorLevel = ErrorLevel.M, base_url: str | None = None) -> int:
    """The smallest QR version that holds the credential; raises TOO_LARGE above 20."""
    return int(_build(text, base_url=base_url, ecc=ecc, border=4, box=1).version)


def render_png(
    text: str,
    *,
    base_url: str | None = None,
    ecc: ErrorLevel = ErrorLevel.M,
    box_size: int = 8,
    border: int = 4,
) -> bytes:
    code = _build(text, base_url=base_url, ecc=ecc, border=border, box=box_size)
    image = code.make_image(image_factory=PilImage)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def render_svg(
    text: str,
    *,
    base_url: str | None = None,
    ecc: ErrorLevel = ErrorLevel.M,
    border: int = 4,
) -> str:
    code = _build(text, base_url=base_url, ecc=ecc, border=border, box=10)
    # White behind the code and its quiet zone: on a transparent background a dark viewer or
    # page shows dark modules on dark, and scanners find no code.
    image = code.make_image(image_factory=SvgPathFillImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode("utf-8")


def read_qr_image(source: bytes | Path) -> list[str]:
    """Every QR code text found in a PNG or JPEG image (a photo or a screenshot)."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            results = zxingcpp.read_barcodes(
                image.convert("L"), formats=zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode])
            )
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise IssuanceError("IMAGE_UNREADABLE", f"cannot read image: {exc}") from None
    return [result.text for result in results if result.valid]
