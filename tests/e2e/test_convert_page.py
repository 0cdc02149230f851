"""The Convert page in a real browser: upload, see the normalised design, recover from a bad file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Error, Locator, Page, expect

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 30_000
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
PREVIEW_IMAGE = "[data-testid='stImage'] img"
ERROR_BOX = "[data-testid='stAlertContentError']"
EXCEPTION_BOX = "[data-testid='stException']"


def draw_design(path: Path, width: int, height: int) -> Path:
    """A mockup-like PNG: a coloured header bar, a sidebar, a few cards and a button."""
    image = Image.new("RGB", (width, height), "#f8fafc")
    draw = ImageDraw.Draw(image)
    header = height // 8
    draw.rectangle((0, 0, width, header), fill="#4f46e5")
    draw.rectangle((0, header, width // 5, height), fill="#e2e8f0")
    card_w = (width - width // 5 - 60) // 2
    card_h = (height - header) // 2 - 40
    for row in range(2):
        for col in range(2):
            left = width // 5 + 20 + col * (card_w + 20)
            top = header + 20 + row * (card_h + 30)
            draw.rectangle((left, top, left + card_w, top + card_h), fill="white", outline="#cbd5e1", width=2)
    draw.rounded_rectangle((width - 140, header // 4, width - 20, header * 3 // 4), radius=8, fill="#f59e0b")
    image.save(path, format="PNG")
    return path


@pytest.fixture
def page_errors(page: Page) -> Iterator[list[Error]]:
    """Uncaught JavaScript errors on the page; each test asserts the list is still empty."""
    errors: list[Error] = []
    page.on("pageerror", lambda error: errors.append(error))
    yield errors


@pytest.fixture
def external_requests(page: Page) -> Iterator[list[str]]:
    """Requests that would leave the machine (anything but loopback, data: and blob:)."""
    urls: list[str] = []
    local = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")
    page.on("request", lambda request: None if request.url.startswith(local) else urls.append(request.url))
    yield urls


def open_convert_page(page: Page, app_server: AppServer) -> Locator:
    """Open the app and return the uploader's file input once the page has rendered it."""
    page.goto(app_server.url)
    upload = page.locator(UPLOAD_INPUT)
    expect(upload).to_be_attached(timeout=TIMEOUT_MS)
    return upload


def expect_preview(page: Page, width: int, height: int) -> None:
    """The normalised design is shown, loaded at ``width`` x ``height``, with its size metric."""
    image = page.locator(PREVIEW_IMAGE)
    expect(image).to_be_visible(timeout=TIMEOUT_MS)
    expect(image).to_have_js_property("naturalWidth", width, timeout=TIMEOUT_MS)
    expect(image).to_have_js_property("naturalHeight", height, timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"{width:,} × {height:,} px", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stImageCaption")).to_have_text("Normalised design")
    expect(page.get_by_text("Image tokens for a vision model")).to_be_visible()
    expect(page.get_by_role("button", name="Download normalised PNG")).to_be_visible()


def wait_until_idle(page: Page) -> None:
    """Streamlit has finished the rerun the last interaction started."""
    expect(page.locator("[data-testid='stApp']")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=TIMEOUT_MS
    )


def assert_clean_run(page_errors: list[Error], app_server: AppServer) -> None:
    assert page_errors == []
    assert "Traceback" not in app_server.log()


def test_upload_shows_normalised_design(
    page: Page,
    page_errors: list[Error],
    external_requests: list[str],
    app_server: AppServer,
    tmp_path: Path,
    artifacts_dir: Path,
) -> None:
    upload = open_convert_page(page, app_server)
    expect(page.get_by_text("Upload a design to begin")).to_be_visible(timeout=TIMEOUT_MS)

    upload.set_input_files(draw_design(tmp_path / "landing.png", 640, 400))

    expect_preview(page, 640, 400)
    facts = page.get_by_test_id("stMarkdownContainer").filter(has_text="Format")
    expect(facts).to_contain_text("PNG")
    expect(facts).to_contain_text("landing.png")
    wait_until_idle(page)
    expect(page.locator(ERROR_BOX)).to_have_count(0)
    expect(page.locator(EXCEPTION_BOX)).to_have_count(0)
    expect(page.get_by_text("Upload a design to begin")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "convert-upload-png.png")

    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        page.get_by_role("button", name="Download normalised PNG").click()
    download = download_info.value
    assert download.suggested_filename == "landing-normalised.png"
    with Image.open(download.path()) as downloaded:
        assert (downloaded.format, downloaded.mode, downloaded.size) == ("PNG", "RGB", (640, 400))
    assert_clean_run(page_errors, app_server)
    assert external_requests == []  # no CDN, font or icon request leaves the machine


def test_bad_file_shows_error_and_page_recovers(
    page: Page, page_errors: list[Error], app_server: AppServer, tmp_path: Path, artifacts_dir: Path
) -> None:
    upload = open_convert_page(page, app_server)
    notes = tmp_path / "notes.png"
    notes.write_text("Meeting notes\n- header should be indigo\n- two cards per row\n", encoding="utf-8")

    upload.set_input_files(notes)

    error = page.locator(ERROR_BOX)
    expect(error).to_be_visible(timeout=TIMEOUT_MS)
    expect(error).to_contain_text("notes.png")
    expect(error).to_contain_text("plain text")
    wait_until_idle(page)
    expect(page.locator(PREVIEW_IMAGE)).to_have_count(0)
    expect(page.locator(EXCEPTION_BOX)).to_have_count(0)
    page.screenshot(path=artifacts_dir / "convert-bad-file.png")

    # Single-file mode: setting the same input again replaces the refused file.
    upload.set_input_files(draw_design(tmp_path / "dashboard.png", 800, 500))

    expect_preview(page, 800, 500)
    wait_until_idle(page)
    expect(error).to_have_count(0)
    expect(page.locator(EXCEPTION_BOX)).to_have_count(0)
    page.screenshot(path=artifacts_dir / "convert-after-recovery.png")
    assert_clean_run(page_errors, app_server)
