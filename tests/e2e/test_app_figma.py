"""Import a Figma frame in a real browser: the Convert page's Figma link form against the fake API.

The app is the shared ``app_server``, whose ``FIGMA_API_BASE`` is the session's ``FakeFigmaServer``
(``figma_api``) and which has no ``FIGMA_TOKEN`` (the token is typed, for the session). A refused token shows
its message; the right one brings the frame's picture in as the design, which the offline engine
converts. Screenshots, for a human to look at, in ``artifacts_dir``: ``figma-form.png``,
``figma-token-refused.png``, ``figma-imported.png``, ``figma-result.png``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.fakes.figma_server import FIGMA_TEST_TOKEN, FakeFigmaServer, FigmaFixture, load_fixture

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # the shared server's first offline conversion (this one, if first) loads the OCR models
DESIGN_IMAGE = "[data-testid='stImage'] img"


@pytest.fixture(scope="module")
def figma_app(
    app_server: AppServer, figma_api: FakeFigmaServer
) -> tuple[AppServer, FakeFigmaServer, FigmaFixture]:
    """The shared app and its fake Figma API, serving the auto-layout form's frame."""
    return app_server, figma_api, figma_api.add(load_fixture("auto-layout-form"))


def wait_until_idle(page: Page) -> None:
    expect(page.locator("[data-testid='stApp']")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=TIMEOUT_MS
    )


def import_frame(page: Page, link: str, token: str) -> None:
    page.get_by_role("textbox", name="Figma link").fill(link)
    page.get_by_role("textbox", name="Figma access token").fill(token)
    page.get_by_role("button", name="Import from Figma").click()
    wait_until_idle(page)


def test_a_figma_frame_is_imported_as_the_design_and_converted(
    figma_app: tuple[AppServer, FakeFigmaServer, FigmaFixture], page: Page, artifacts_dir: Path
) -> None:
    server, fake, fixture = figma_app
    shots = [artifacts_dir, Path("/work/notes/screens")]
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server.url)
    page.get_by_role("radio", name="A Figma link").click()
    expect(page.get_by_role("textbox", name="Figma link")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.get_by_role("textbox", name="Figma link").fill(fixture.link)
    token_field = page.get_by_role("textbox", name="Figma access token")
    expect(token_field).to_have_attribute("type", "password")
    _save(page, shots, "figma-form.png")

    import_frame(page, fixture.link, "figd_revoked-0000")
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text(
        "Figma refused the access token (HTTP 403: Invalid token)", timeout=TIMEOUT_MS
    )
    expect(error).to_contain_text("Personal access tokens")
    _save(page, shots, "figma-token-refused.png")

    import_frame(page, fixture.link, FIGMA_TEST_TOKEN)
    expect(page.locator(DESIGN_IMAGE).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("800 × 600 px")
    expect(page.get_by_text("Sign in - Tablet.png", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    _save(page, shots, "figma-imported.png")
    assert FIGMA_TEST_TOKEN not in page.locator("body").inner_text()

    expect(page.get_by_role("combobox", name="Engine")).to_have_value(re.compile("^Offline"))
    page.get_by_role("button", name="Convert", exact=True).click()
    expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
    generated = page.frame_locator("iframe[data-testid='handoff-preview-frame']").frame_locator("#preview")
    expect(generated.locator("body")).to_contain_text("Welcome back", timeout=TIMEOUT_MS)
    expect(page.get_by_text("Scoring…")).to_have_count(0, timeout=TIMEOUT_MS)
    wait_until_idle(page)
    _save(page, shots, "figma-result.png")
    assert fake.count("picture") == 1
    assert FIGMA_TEST_TOKEN not in server.log()


def _save(page: Page, folders: list[Path], name: str) -> None:
    shot = page.screenshot(full_page=True)
    for folder in folders:
        if folder.is_dir():
            (folder / name).write_bytes(shot)
