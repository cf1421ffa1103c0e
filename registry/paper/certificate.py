"""A4 certificates: the credential's readable summary, its QR (link form, ECC Q, 40 mm), the
verification address, issuer, dates and the status at print time.

Chinese text uses the standard CID font STSong-Light (Adobe-GB1), which every PDF viewer
supplies: nothing is downloaded or embedded, so a fresh machine prints correctly and files
stay small. A revoked or suspended credential still prints (an office may need the record)
but across the page in large letters it says so, and the status line repeats it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import zxingcpp
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from signing.qr import link_form, shareable_link

__all__ = ["CJK_FONT", "QR_SIZE_MM", "PrintedPage", "draw_qr", "render_certificates"]

CJK_FONT = "STSong-Light"
QR_SIZE_MM = 40
_LATIN = "Helvetica"
_GREY = Color(0.35, 0.35, 0.35)
_WATERMARK = Color(0.8, 0.1, 0.1, alpha=0.25)
_BANNER = Color(0.75, 0.05, 0.05)
_WIDTH, _HEIGHT = A4


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """One page: what it says, in rows of (Chinese label, English label, value)."""

    title_zh: str
    title_en: str
    headline: str  # what it attests, e.g. 全媒体运营师（视听运营） 三级/高级工
    rows: Sequence[tuple[str, str, str]]
    qr_text: str  # TR1 text; printed in its link form, and that link in full under it
    status_zh: str
    status_en: str
    valid: bool  # False: revoked or suspended (watermarked)
    printed_at: datetime


def _font() -> str:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _wrapped(text: str, width: float, font: str, size: float) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` (character by character: the
    verification URL and Chinese text have no spaces to break at)."""
    lines, current = [], ""
    for char in text:
        if pdfmetrics.stringWidth(current + char, font, size) > width and current:
            lines.append(current)
            current = char
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def draw_qr(canvas: Canvas, link: str, x: float, y: float, size: float) -> None:
    """The QR as vector squares (crisp at any printer resolution, a few KiB), with the
    standard 4-module quiet zone inside ``size``. Encoded by zxing-cpp, at ECC level Q."""
    barcode = zxingcpp.create_barcode(link, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    # One byte a module, rows of columns: zxingcpp.Image has the buffer protocol.
    modules = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    count = len(modules)
    cell = size / (count + 8)
    path = canvas.beginPath()
    for row in range(count):
        top = y + size - (row + 4 + 1) * cell
        column = 0
        while column < count:
            if modules[row, column] >= 128:  # light
                column += 1
                continue
            start = column
            while column < count and modules[row, column] < 128:
                column += 1
            # A hair wider than the run, so neighbouring squares leave no seam when rasterised.
            path.rect(x + (start + 4) * cell, top, (column - start) * cell + 0.01, cell + 0.01)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)


def _page(canvas: Canvas, page: PrintedPage, base_url: str) -> None:
    cjk = _font()
    left, top = 20 * mm, _HEIGHT - 25 * mm
    canvas.setTitle(f"{page.title_zh} {page.title_en}")
    canvas.setFont(cjk, 24)
    canvas.drawString(left, top, page.title_zh)
    canvas.setFont(_LATIN, 12)
    canvas.setFillColor(_GREY)
    canvas.drawString(left, top - 8 * mm, page.title_en)
    canvas.setFillColor(black)
    y = top - 20 * mm
    if not page.valid:
        # Said in words as well as across the page: a watermark alone can be cropped away.
        canvas.setFillColor(_BANNER)
        canvas.setFont(cjk, 13)
        canvas.drawString(left, y, f"{page.status_zh}：本凭证不能作为有效证明")
        canvas.setFont(_LATIN, 10)
        canvas.drawString(left, y - 5 * mm, f"{page.status_en.upper()}: not valid as proof")
        canvas.setFillColor(black)
        y -= 13 * mm
    canvas.setFont(cjk, 14)
    for line in _wrapped(page.headline, 110 * mm, cjk, 14):
        canvas.drawString(left, y, line)
        y -= 7 * mm

    size = QR_SIZE_MM * mm
    qr_x, qr_y = _WIDTH - 20 * mm - size, top - size + 6 * mm
    draw_qr(canvas, link_form(page.qr_text, base_url), qr_x, qr_y, size)
    canvas.setFont(_LATIN, 6)
    link_y = qr_y - 4 * mm
    # Printed, the link is the shareable form: typed or copied from the page, it still works.
    for line in _wrapped(shareable_link(page.qr_text, base_url), size, _LATIN, 6)[:10]:
        canvas.drawString(qr_x, link_y, line)
        link_y -= 2.6 * mm

    y = min(y, qr_y - 30 * mm) - 4 * mm
    for label_zh, label_en, value in page.rows:
        canvas.setFont(cjk, 11)
        canvas.drawString(left, y, label_zh)
        canvas.setFont(_LATIN, 8)
        canvas.setFillColor(_GREY)
        canvas.drawString(left, y - 4 * mm, label_en)
        canvas.setFillColor(black)
        canvas.setFont(cjk, 11)
        lines = _wrapped(value or "--", 120 * mm, cjk, 11)
        for number, line in enumerate(lines[:3]):
            canvas.drawString(left + 45 * mm, y - number * 5 * mm, line)
        y -= max(11, 5 * len(lines[:3]) + 4) * mm

    canvas.setFont(cjk, 11)
    canvas.drawString(left, 30 * mm, f"打印时状态：{page.status_zh}")
    canvas.setFont(_LATIN, 9)
    canvas.setFillColor(_GREY)
    when = page.printed_at.strftime("%Y-%m-%d %H:%M UTC")
    canvas.drawString(left, 25 * mm, f"Status when printed: {page.status_en} ({when})")
    canvas.drawString(
        left, 20 * mm, "Verify the signature by scanning the QR code: it holds the credential."
    )
    canvas.setFillColor(black)
    canvas.setFont(cjk, 9)
    canvas.drawString(left, 15 * mm, "扫描二维码核验电子签名；纸面信息以二维码核验结果为准。")
    if not page.valid:
        canvas.saveState()
        canvas.setFillColor(_WATERMARK)
        canvas.setFont(cjk, 72)
        canvas.translate(_WIDTH / 2, _HEIGHT / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 10 * mm, page.status_zh)
        canvas.setFont(_LATIN, 56)
        canvas.drawCentredString(0, -25 * mm, page.status_en.upper())
        canvas.restoreState()


def render_certificates(
    pages: Iterable[PrintedPage],
    *,
    base_url: str,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The pages as one PDF; ``progress`` is told each page done (for a progress bar)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setAuthor("Creator Credential Registry")
    count = 0
    for page in pages:
        _page(canvas, page, base_url)
        canvas.showPage()
        count += 1
        if progress is not None:
            progress(count)
    if count == 0:
        raise ValueError("nothing to print")
    canvas.save()
    return out.getvalue()
