"""The Convert page as a workspace, in a real browser: once converted, the result fills the window
(nothing to scroll), the original and the result compare at one zoom and scroll together, full size
fills the window, and a reload of its address comes back to it and its design."""

from __future__ import annotations

import re
from collections.abc import Callable
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
        page.locator(UPLOAD_INPUT).set_input_files(draw_design(tmp_path / "dashboard.png", 1280, 1400))
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

        compare_original_and_result(page, artifacts_dir)

        address = page.url
        assert "?c=" in address
        page.goto(address)  # a reload: a new session on the same address
        expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_role("combobox", name="Result")).to_have_value(
            re.compile(r"dashboard\.png · React \+ Tailwind"), timeout=TIMEOUT_MS
        )
        expect(page.get_by_test_id("stExpander").first).to_contain_text("dashboard.png")
        expect(page.get_by_text("Original · 1280 px", exact=True)).to_be_visible()
        expect(page.get_by_text("no longer uploaded")).to_have_count(0)  # the design came back too
        expect(page.locator(".hp-state")).to_have_attribute("data-state", "rendered", timeout=TIMEOUT_MS)
        page.screenshot(path=artifacts_dir / "workspace-reloaded.png")
    finally:
        context.close()


def compare_original_and_result(page: Page, artifacts_dir: Path) -> None:
    """Zoom, aligned scrolling, full size and device widths of the result's pane (1440 x 900)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    root = page.locator(PANE).last
    original = root.locator(".hp-original")
    # Within this pane (root): a pane Streamlit mounted twice may linger for a moment.
    generated = root.frame_locator("iframe[data-testid='handoff-preview-frame']").frame_locator("#preview")
    expect(root.get_by_text("Original · 1280 px")).to_be_visible()
    expect(root.get_by_text("Generated · 1280 px")).to_be_visible()  # opens at the design's width
    expect(root.get_by_role("button", name="Fit")).to_have_attribute("aria-pressed", "true")
    # Fit: both sides scaled to their panes, the same scale for the same width.
    fit = float(original.get_attribute("data-scale") or 0)
    assert 0.3 < fit < 1 and abs(fit - float(root.locator(".hp-bar").get_attribute("data-scale") or 0)) < 0.05

    root.get_by_role("button", name="100%").click()
    expect(root.locator(".hp-bar")).to_have_attribute("data-scale", "1.000")
    expect(original).to_have_attribute("data-scale", "1.000")
    assert original.locator("img").evaluate("img => img.getBoundingClientRect().width") == 1280

    def frame_y() -> float:
        return generated.locator("html").evaluate("html => html.ownerDocument.defaultView.scrollY")

    # Scrolling the original scrolls the generated page to the same place (same width: same CSS px) ...
    original.hover()
    page.mouse.wheel(0, 300)
    expect(original).not_to_have_js_property("scrollTop", 0)
    wait_until(
        lambda: abs(frame_y() - original.evaluate("el => el.scrollTop")) <= 2,
        page,
        lambda: f"generated page at {frame_y()}, original at {original.evaluate('el => el.scrollTop')}",
    )
    # ... and the other way round.
    page.locator(f"{PANE} .hp-stage").last.hover()
    page.mouse.wheel(0, -200)
    wait_until(
        lambda: abs(frame_y() - original.evaluate("el => el.scrollTop")) <= 2,
        page,
        lambda: f"generated page at {frame_y()}, original at {original.evaluate('el => el.scrollTop')}",
    )
    assert frame_y() < 300  # it went up: the original followed the generated page
    page.screenshot(path=artifacts_dir / "workspace-compare-100.png")

    root.get_by_role("button", name="Full size").click()
    expect(root).to_have_class(re.compile(r"\bhp-full\b"))
    box = root.bounding_box()
    assert box is not None and (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1440, 900)
    page.screenshot(path=artifacts_dir / "workspace-full-size.png")
    page.keyboard.press("Escape")
    expect(root).not_to_have_class(re.compile(r"\bhp-full\b"))
    expect(root.get_by_role("button", name="100%")).to_have_attribute("aria-pressed", "true")  # as before

    root.get_by_role("button", name="Phone").click()
    expect(root.get_by_text("Generated · 375 px")).to_be_visible()
    assert generated.locator("html").evaluate("html => html.ownerDocument.defaultView.innerWidth") == 375
    root.get_by_role("button", name="Fit").click()
    root.get_by_role("button", name="Desktop").click()


def wait_until(
    condition: Callable[[], bool], page: Page, state: Callable[[], str], timeout_ms: int = 10_000
) -> None:
    """Poll ``condition()`` every 50 ms (the frames answer through messages, a frame or two
    later); on failure, say ``state()``."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    assert condition(), f"the condition did not come true: {state()}"
