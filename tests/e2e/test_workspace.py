"""The Convert page as a workspace, in a real browser: once converted, the result fills the window
(nothing to scroll), and a reload of its address comes back to it and its design."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_convert_page import draw_design

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # an offline conversion on a loaded 2-core machine
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
PANE = ".hp-root"  # the generated page's pane (ui/preview_pane.js)
VISIBLE_PX = 300
"""How much of the result's pane must show, unscrolled, for a person to call it in view."""
WINDOWS = ((1440, 900), (1280, 720))


def pane_top(page: Page) -> float:
    box = page.locator(PANE).last.bounding_box()
    assert box is not None
    return box["y"]


def test_the_result_is_in_view_without_scrolling_and_a_reload_comes_back_to_it(
    app_server: AppServer, browser: Browser, tmp_path: Path, artifacts_dir: Path
) -> None:
    first_width, first_height = WINDOWS[0]
    context = browser.new_context(viewport={"width": first_width, "height": first_height})
    try:
        page = context.new_page()
        page.goto(app_server.url)
        page.locator(UPLOAD_INPUT).set_input_files(draw_design(tmp_path / "dashboard.png", 1280, 900))
        convert = page.get_by_role("button", name="Convert", exact=True)
        expect(convert).to_be_enabled(timeout=TIMEOUT_MS)
        convert.click()
        expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.locator(f"{PANE} iframe").last).to_be_attached(timeout=TIMEOUT_MS)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        for width, height in WINDOWS:  # one conversion, looked at in each window
            page.set_viewport_size({"width": width, "height": height})
            page.mouse.wheel(0, -10_000)  # wherever the click left the page: back to its top
            page.wait_for_timeout(500)
            page.screenshot(path=artifacts_dir / f"workspace-result-{width}x{height}.png")
            # The upload and options folded into one bar, naming the design.
            expect(page.get_by_label("Instructions (optional)")).to_be_hidden()
            expect(page.get_by_test_id("stExpander").first).to_contain_text("dashboard.png")
            assert pane_top(page) + VISIBLE_PX <= height, f"the result is below a {width}x{height} window"

        address = page.url
        assert "?c=" in address
        page.goto(address)  # a reload: a new session on the same address
        expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_role("combobox", name="Result")).to_have_value(
            re.compile(r"dashboard\.png · React \+ Tailwind"), timeout=TIMEOUT_MS
        )
        expect(page.get_by_test_id("stExpander").first).to_contain_text("dashboard.png")
        expect(page.get_by_text("Original", exact=True)).to_be_visible()
        expect(page.get_by_text("no longer uploaded")).to_have_count(0)  # the design came back too
        expect(page.locator(".hp-state")).to_have_attribute("data-state", "rendered", timeout=TIMEOUT_MS)
        page.screenshot(path=artifacts_dir / "workspace-reloaded.png")
    finally:
        context.close()
