"""The frames of one screen in a real browser (issue 16): a desktop and a mobile PNG uploaded
together convert into one result, shown beside each frame at its width (device buttons and the
free width slider) and scored per frame with the mean."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import Page, expect

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 180_000  # an offline conversion and two frames scored, on a loaded 2-core machine
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
PANE = ".hp-root"  # the generated page's pane (ui/preview_pane.js)
HEADING = "Plan your week"
LINE = "Everything your team needs, in one place."


def draw_frame(path: Path, width: int, height: int, *, stacked: bool) -> Path:
    """One screen drawn at ``width``: a header with the heading, a line of text and a button;
    the mobile frame stacks them with larger type, the desktop frame puts the button beside."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 120), fill="#4f46e5")
    draw.text((24, 40), HEADING, fill="white", font=ImageFont.load_default(size=34))
    body = ImageFont.load_default(size=20 if stacked else 18)
    draw.text((24, 160), LINE if not stacked else "Everything your team needs,", fill="#334155", font=body)
    if stacked:
        draw.text((24, 190), "in one place.", fill="#334155", font=body)
    left, top = (24, 250) if stacked else (width - 200, 150)
    draw.rounded_rectangle((left, top, left + 150, top + 48), radius=8, fill="#10b981")
    draw.text((left + 40, top + 12), "Sign up", fill="white", font=body)
    image.save(path, format="PNG")
    return path


def test_a_desktop_and_a_mobile_frame_make_one_result_scored_per_frame(
    page: Page, app_server: AppServer, tmp_path: Path, artifacts_dir: Path
) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(app_server.url)
    desktop = draw_frame(tmp_path / "week-desktop.png", 1280, 720, stacked=False)
    mobile = draw_frame(tmp_path / "week-mobile.png", 390, 760, stacked=True)
    page.get_by_role("radio", name="Frames of one screen").click()
    expect(page.get_by_text("Upload two to 4 frames of one screen")).to_be_visible(timeout=TIMEOUT_MS)
    page.locator(UPLOAD_INPUT).set_input_files([desktop, mobile])

    expect(page.get_by_text("2 designs: frames of one screen, narrowest first")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    widths = page.get_by_role("spinbutton", name="Width (CSS px)")
    expect(widths).to_have_count(2)
    expect(widths.nth(0)).to_have_value("390")  # narrowest first, read from the images
    expect(widths.nth(1)).to_have_value("1280")
    page.screenshot(path=artifacts_dir / "frames-upload.png")

    convert = page.get_by_role("button", name="Convert", exact=True)
    expect(convert).to_be_enabled(timeout=TIMEOUT_MS)
    convert.click()
    expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("combobox", name="Result")).to_have_value(
        re.compile(r"week-desktop\.png · React \+ Tailwind · frames 390 \+ 1280 px"), timeout=TIMEOUT_MS
    )
    root = page.locator(PANE).last
    expect(root.locator(".hp-state")).to_have_attribute("data-state", "rendered", timeout=TIMEOUT_MS)
    # It opens at the widest frame, beside that frame.
    expect(root.get_by_text("Frame · 1280 px", exact=True)).to_be_visible()
    expect(root.get_by_text("Generated · 1280 px", exact=True)).to_be_visible()
    # The frames' widths are device buttons; the mobile one shows the mobile frame beside the page.
    root.get_by_role("button", name="Frame 390").click()
    expect(root.get_by_text("Generated · 390 px", exact=True)).to_be_visible()
    expect(root.get_by_text("Frame · 390 px", exact=True)).to_be_visible()
    generated = root.frame_locator("iframe[data-testid='handoff-preview-frame']").frame_locator("#preview")
    assert generated.locator("html").evaluate("html => html.ownerDocument.defaultView.innerWidth") == 390
    page.screenshot(path=artifacts_dir / "frames-preview-390.png")
    # Any width on the slider: at 1000 px the page is still in the mobile frame's range.
    slider = root.locator("input.hp-width")
    expect(slider).to_be_visible()
    slider.evaluate("(el) => { el.value = '1000'; el.dispatchEvent(new Event('input', { bubbles: true })); }")
    expect(root.get_by_text("Generated · 1000 px", exact=True)).to_be_visible()
    expect(root.get_by_text("Frame · 390 px", exact=True)).to_be_visible()
    assert generated.locator("html").evaluate("html => html.ownerDocument.defaultView.innerWidth") == 1000
    root.get_by_role("button", name="Tablet").click()  # the usual presets still work
    expect(root.get_by_text("Generated · 768 px", exact=True)).to_be_visible()
    expect(slider).to_have_value("768")

    page.get_by_role("tab", name="Fidelity").click()
    panel = page.get_by_role("tabpanel", name="Fidelity")
    expect(panel.get_by_text("Each frame", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    badge = page.locator("[class*='st-key-fidelity-badge-']")  # the slot above the tabs: the mean
    expect(badge).to_contain_text(re.compile(r"Fidelity \d{1,3}%"))
    for width in (390, 1280):
        expect(panel.get_by_text(re.compile(rf"^Frame · {width} px · fidelity \d{{1,3}}%$"))).to_be_visible()
        expect(panel.get_by_text(f"The result at {width} px", exact=True)).to_be_visible()
    table = panel.get_by_test_id("stTable")
    for column in ("390 px", "1280 px", "Mean"):
        expect(table.get_by_text(column, exact=True)).to_be_visible()
    expect(table.get_by_text("Block", exact=True)).to_be_visible()
    page.set_viewport_size({"width": 1440, "height": 1400})
    panel.get_by_text("Each frame", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "frames-fidelity.png")
    assert "Traceback" not in app_server.log()
