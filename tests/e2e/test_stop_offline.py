"""Stop on an offline conversion in a real browser: the live view shows the engine's stages with
their times (not "Waiting for code…"), and Stop ends the conversion as stopped, not as a red error.

The app is the shared ``app_server`` (no key: the offline engine). Screenshots, for a human to look
at: ``offline-stop-live.png`` (the stages, just before Stop) and ``offline-stop-result.png`` (the
page after it), in ``artifacts_dir`` (``HANDOFF_TEST_ARTIFACTS`` or the pytest temp folder).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Page, expect

from tests.builders import FONT_DIR, landing_page

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # the first offline conversion of the server loads the OCR models
FEATURES = 40


def draw_long_page(path: Path) -> Path:
    """A landing page with a long list of features under it: the offline engine reads it for many
    seconds (tens on a loaded machine), so Stop lands while it works."""
    image = Image.new("RGB", (1280, 800 + 60 * FEATURES), "white")
    image.paste(landing_page(), (0, 0))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 20)
    for n in range(FEATURES):
        draw.text(
            (120, 820 + 60 * n), f"Feature {n + 1}: it works without a network", font=font, fill="#111827"
        )
    image.save(path)
    return path


def convert_offline(page: Page, url: str, design: Path) -> None:
    """Open the app at ``url``, upload ``design`` and start its conversion with the offline engine."""
    page.goto(url)
    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    expect(upload).to_be_attached(timeout=TIMEOUT_MS)
    upload.set_input_files(design)
    expect(page.locator("[data-testid='stImage'] img").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("combobox", name="Engine")).to_have_value(re.compile("^Offline"))
    page.get_by_role("button", name="Convert", exact=True).click()


def test_stop_on_an_offline_conversion_shows_its_stages_then_ends_as_stopped(
    app_server: AppServer, page: Page, tmp_path: Path, artifacts_dir: Path
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    convert_offline(page, app_server.url, draw_long_page(tmp_path / "long-page.png"))

    reading = page.get_by_test_id("stMarkdown").filter(
        has_text=re.compile(r"Reading the text · \d+ of \d+ lines")
    )
    expect(reading).to_be_visible(timeout=TIMEOUT_MS)
    stages = page.get_by_test_id("stMarkdown").filter(
        has_text=re.compile(r"Finding the text · \d+ regions · [\d.]+ s")
    )
    expect(stages).to_be_visible()
    expect(page.get_by_text("Waiting for code…")).to_have_count(0)
    expect(page.get_by_text("The design being read")).to_be_visible()
    page.screenshot(path=artifacts_dir / "offline-stop-live.png")

    page.get_by_role("button", name="Stop").click()
    picker = page.get_by_role("combobox", name="Result")
    expect(picker).to_have_value(
        re.compile(r"· long-page\.png · React \+ Tailwind · stopped$"), timeout=TIMEOUT_MS
    )
    expect(page.get_by_role("button", name="Convert", exact=True)).to_be_enabled()
    expect(page.get_by_role("button", name="Stop")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)  # stopped is not a failure
    page.screenshot(path=artifacts_dir / "offline-stop-result.png")
    assert "Traceback" not in app_server.log()
