"""The Theme tab in a real browser: an offline conversion of a landing page shows its swatches
with role names and hex values, its type scale, and downloads ``theme.css`` and ``tokens.json``.

The app is the shared ``app_server`` (no key: the offline engine). Screenshot, for a human to look
at: ``app-theme-panel.png`` in ``artifacts_dir``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.builders import landing_page
from tests.e2e.test_stop_offline import convert_offline

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # the first offline conversion of the server loads the OCR models


def test_the_theme_tab_shows_the_tokens_and_downloads_them(
    app_server: AppServer, page: Page, tmp_path: Path, artifacts_dir: Path
) -> None:
    page.set_viewport_size({"width": 1440, "height": 1100})
    design = tmp_path / "landing.png"
    landing_page().save(design)
    convert_offline(page, app_server.url, design)
    expect(page.get_by_role("tab", name="Theme")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="Theme").click()

    panel = page.get_by_role("tabpanel", name="Theme")
    expect(panel.get_by_text("Colours", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expect(panel.get_by_text("Type scale", exact=True)).to_be_visible()
    expect(panel.get_by_text(re.compile(r"^surface\s+#[0-9a-f]{6}$")).first).to_be_visible()
    expect(panel.get_by_text(re.compile(r"#[0-9a-f]{6}")).first).to_be_visible()
    swatches = panel.locator("[data-testid='stImage'] img")
    assert swatches.count() >= 3
    # Swatches are media files and tables draw on a canvas once their code has loaded: wait for
    # both, so the screenshot shows what a user sees.
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stImage'] img\")]"
        ".every((img) => img.complete && img.naturalWidth > 0)",
        timeout=TIMEOUT_MS,
    )
    expect(panel.locator("[data-testid='stDataFrame'] canvas").first).to_be_visible(timeout=TIMEOUT_MS)
    panel.scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "app-theme-panel.png", full_page=True)

    with page.expect_download() as css_download:
        panel.get_by_role("button", name="Download theme.css").click()
    css = Path(css_download.value.path()).read_text()
    assert css.startswith("/*") and ":root {" in css and "--color-surface: #" in css
    with page.expect_download() as json_download:
        panel.get_by_role("button", name="Download tokens.json").click()
    tokens = json.loads(Path(json_download.value.path()).read_text())
    assert tokens["color"]["surface"]["$type"] == "color"
    assert re.fullmatch(r"#[0-9a-f]{6}", tokens["color"]["surface"]["$value"])
    assert all(entry["$type"] == "dimension" for entry in tokens["font-size"].values())
    assert "Traceback" not in app_server.log()
