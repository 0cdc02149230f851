"""The Settings page in Chromium on a machine with no keys: it says which engine the Convert page
uses, offers Offline, refuses (with the reason) a preset that cannot run, and takes one that can."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_app_convert import TEXT_OUTSIDE_CODE_BLOCKS, TIMEOUT_MS, wait_until_idle

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

SESSION_KEY = "e2e-settings-session-key-0123456789"
OFFLINE = "Offline (no key, no network)"
KIMI = "Kimi K2.5 (Moonshot)"


def go_to(page: Page, name: str, heading: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_idle(page)


def in_use(page: Page) -> Locator:
    """The in-use note's text (without its icon's ligature)."""
    note = page.get_by_test_id("stAlertContentInfo").filter(has_text="The Convert page uses")
    return note.get_by_test_id("stMarkdownContainer")


def pick(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("combobox", name=label)).to_have_value(option)
    wait_until_idle(page)


def test_settings_show_the_engine_in_use_and_refuse_one_that_cannot_run(
    app_server: AppServer, page: Page, artifacts_dir: Path
) -> None:
    page.goto(app_server.url)
    go_to(page, "Settings", "Settings")
    expect(in_use(page)).to_have_text(f"The Convert page uses {OFFLINE}.")
    expect(page.get_by_role("combobox", name="Engine preset")).to_have_value(OFFLINE)
    expect(page.get_by_text("No key, no network, nothing leaves this machine.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "settings-offline.png")

    pick(page, "Engine preset", KIMI)
    expect(page.get_by_text("Not ready: set MOONSHOT_API_KEY")).to_be_visible()
    page.get_by_role("button", name="Use these settings").click()
    refusal = page.get_by_test_id("stAlertContentError")
    expect(refusal).to_contain_text(
        f"{KIMI} was not saved for this session. Not ready: set MOONSHOT_API_KEY", timeout=TIMEOUT_MS
    )
    expect(refusal).to_contain_text(f"Nothing changed: the Convert page still uses {OFFLINE}.")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_count(0)
    expect(in_use(page)).to_have_text(f"The Convert page uses {OFFLINE}.")
    page.screenshot(path=artifacts_dir / "settings-refused.png")

    go_to(page, "Convert", "Convert a design")
    expect(page.get_by_role("combobox", name="Engine")).to_have_value(OFFLINE)

    go_to(page, "Settings", "Settings")
    pick(page, "Engine preset", KIMI)
    key = page.get_by_role("textbox", name="API key for this session")
    key.fill(SESSION_KEY)
    key.press("Tab")  # a text input in a form commits its value when it loses the focus
    page.get_by_role("button", name="Use these settings").click()
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_test_id("stMarkdownContainer")).to_have_text(
        f"Saved for this session. The Convert page now uses {KIMI}.", timeout=TIMEOUT_MS
    )
    expect(in_use(page)).to_have_text(
        f"The Convert page uses {KIMI}, model kimi-k2.5, at https://api.moonshot.ai/v1."
    )
    expect(page.get_by_text("A key you entered is in use for this session.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "settings-in-use.png")
    assert SESSION_KEY not in page.evaluate(TEXT_OUTSIDE_CODE_BLOCKS)

    go_to(page, "Convert", "Convert a design")
    expect(page.get_by_role("combobox", name="Engine")).to_have_value(KIMI)
    go_to(page, "Settings", "Settings")
    expect(page.get_by_role("combobox", name="Engine preset")).to_have_value(KIMI)  # the one in use
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
