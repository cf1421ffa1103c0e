"""Reading QR codes on the verifier page: uploaded images and the camera, through jsQR.

Headless Chromium on Linux has no BarcodeDetector (nor do many phone browsers), so these tests
exercise the vendored jsQR path; the detector is removed first in case a build does have one.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from signing import StatusPurpose
from signing.qr import render_png
from tests.e2e.conftest import CHROMIUM_ARGS, StaticSite, chromium_executable
from tests.e2e.tr1_cases import INDEX
from tests.e2e.verifier_support import Issuer, banner

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

NO_DETECTOR = "delete window.BarcodeDetector;"
FRAME = (640, 480)  # the fake camera's picture size; Y4M 4:2:0 needs even sides


@pytest.fixture
def issuer(site: StaticSite) -> Issuer:
    return Issuer(site)


def upload(page: Page, png: bytes, name: str = "qr.png") -> None:
    page.set_input_files("#qr-file", files=[{"name": name, "mimeType": "image/png", "buffer": png}])


def open_verifier(page: Page, site: StaticSite) -> None:
    page.add_init_script(NO_DETECTOR)
    page.goto(site.base_url + "/v")
    page.wait_for_function("() => typeof window.jsQR === 'function'")


@pytest.mark.parametrize("form", ["plain", "link"])
def test_an_uploaded_qr_image_is_verified(page: Page, issuer: Issuer, form: str) -> None:
    text = issuer.credential()
    base_url = issuer.site.base_url if form == "link" else None
    open_verifier(page, issuer.site)
    assert page.locator("#scan-note").is_hidden()
    upload(page, render_png(text, base_url=base_url))
    shown = banner(page)
    assert (shown["verdict"], shown["word"], shown["code"]) == ("valid", "有效", "OK")
    assert "张*" in shown["claims"]
    # The whole text came out of the code: for the link form, address and credential both.
    expected = issuer.link(text) if form == "link" else text
    assert page.input_value("#qr-text") == expected
    assert not any("TR1" in path for path in issuer.site.documents.requests)


def test_an_uploaded_qr_image_of_a_revoked_credential(page: Page, issuer: Issuer) -> None:
    issuer.status_list.set(StatusPurpose.REVOCATION, INDEX)
    issuer.publish()
    open_verifier(page, issuer.site)
    upload(page, render_png(issuer.credential(), base_url=issuer.site.base_url))
    shown = banner(page)
    assert (shown["verdict"], shown["word"], shown["code"]) == ("revoked", "已撤销", "REVOKED")


def test_a_photo_with_the_code_small_in_a_large_picture(page: Page, issuer: Issuer) -> None:
    code = Image.open(io.BytesIO(render_png(issuer.credential(), box_size=6)))
    photo = Image.new("RGB", (3000, 2000), (235, 228, 215))
    photo.paste(code, (2100, 1300))
    out = io.BytesIO()
    photo.save(out, format="PNG")
    open_verifier(page, issuer.site)
    upload(page, out.getvalue(), "photo.png")
    assert banner(page)["verdict"] == "valid"


def test_an_image_without_a_qr_code(page: Page, issuer: Issuer) -> None:
    blank = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(blank, format="PNG")
    open_verifier(page, issuer.site)
    upload(page, blank.getvalue(), "blank.png")
    note = page.locator("#scan-note")
    note.wait_for(state="visible")
    assert note.inner_text() == "图片中未找到二维码"
    assert page.locator("#result").is_hidden()


def test_without_any_qr_reader_the_page_says_so(page: Page, site: StaticSite) -> None:
    page.add_init_script(NO_DETECTOR)
    page.route("**/static/vendor/jsQR.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(site.base_url + "/v")
    note = page.locator("#scan-note")
    note.wait_for(state="visible")
    assert "无法识别图片中的二维码" in note.inner_text()
    assert page.locator("#scan").is_hidden()


# --- The camera: Chromium's fake capture device plays a Y4M file of the code ----------------


def y4m(png: bytes, path: Path) -> Path:
    """A two-frame YUV4MPEG2 video (4:2:0) showing the QR code on white, for the fake camera."""
    code = Image.open(io.BytesIO(png)).convert("L")
    frame = Image.new("L", FRAME, 255)
    frame.paste(code, ((FRAME[0] - code.width) // 2, (FRAME[1] - code.height) // 2))
    chroma = bytes([128]) * (FRAME[0] * FRAME[1] // 4)
    picture = b"FRAME\n" + frame.tobytes() + chroma + chroma
    header = f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + picture * 2)
    return path


@contextmanager
def camera_page(browser: Browser, video: Path, origin: str) -> Iterator[Page]:
    camera = browser.browser_type.launch(
        executable_path=chromium_executable(),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(locale="zh-CN", viewport={"width": 400, "height": 860})
        context.grant_permissions(["camera"], origin=origin)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page
        assert [e for e in errors if "Failed to load resource" not in e] == []
    finally:
        camera.close()


def test_the_camera_scan_reads_a_link_form_code(
    browser: Browser, issuer: Issuer, tmp_path: Path
) -> None:
    text = issuer.credential()
    video = y4m(render_png(text, base_url=issuer.site.base_url, box_size=4), tmp_path / "qr.y4m")
    with camera_page(browser, video, issuer.site.base_url) as page:
        open_verifier(page, issuer.site)
        page.locator("#scan").click()
        shown = banner(page)
        assert (shown["verdict"], shown["code"]) == ("valid", "OK")
        assert page.input_value("#qr-text") == issuer.link(text)
        # The scan stopped by itself: camera released, button back to "scan".
        assert page.locator("#camera").is_hidden()
        assert page.locator("#scan").inner_text() == "用摄像头扫描"
        assert page.evaluate("document.getElementById('camera').srcObject") is None
