"""Asking for changes in real Chromium, with the fake Kimi: convert, ask for a change and see the
preview change; point at an element of the preview and change it; compare two versions and go
back to one; open a refined conversion's link elsewhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_app_convert import (
    TIMEOUT_MS,
    BrowserLog,
    PreviewFrames,
    choose,
    convert_button,
    draw_design,
    fenced,
    open_with_design,
    react_code,
    result_picker,
    shoot,
    wait_for_result,
    wait_until_idle,
    watch,
)
from tests.fakes.openai_server import Reply

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import LlmApp

pytestmark = pytest.mark.e2e  # it drives Chromium on the shared llm_app: one browser test at a time


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    return watch(page)


def convert_and_change(page: Page, llm: LlmApp, design: Path, change: str, heading: str) -> None:
    """Convert ``design`` (heading "Welcome aboard"), then ask ``change``, answered with ``heading``."""
    llm.fake.script(Reply(content=fenced(react_code("Welcome aboard"), "jsx")))
    open_with_design(page, llm, design)
    choose(page, "React + Tailwind")
    convert_button(page).click()
    wait_for_result(page)
    expect(PreviewFrames(page).generated.get_by_role("heading", name="Welcome aboard")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    ask(page, llm, change, heading)


def ask(page: Page, llm: LlmApp, change: str, heading: str) -> None:
    llm.fake.script(Reply(content=fenced(react_code(heading), "jsx")))
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(change)
    box.press("Enter")
    wait_for_result(page)
    expect(PreviewFrames(page).generated.get_by_role("heading", name=heading)).to_be_visible(
        timeout=TIMEOUT_MS
    )


def test_pointing_at_an_element_sends_the_next_change_about_it(
    llm: LlmApp, page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    llm.fake.script(Reply(content=fenced(react_code("Welcome aboard"), "jsx")))
    open_with_design(page, llm, draw_design(tmp_path / "select.png", "Welcome aboard"))
    choose(page, "React + Tailwind")
    convert_button(page).click()
    wait_for_result(page)
    generated = PreviewFrames(page).generated
    expect(generated.get_by_role("heading", name="Welcome aboard")).to_be_visible(timeout=TIMEOUT_MS)

    # Scoring ends with a rerun of the result view; aim only once the view is settled.
    expect(page.get_by_text("Scoring…")).to_have_count(0, timeout=TIMEOUT_MS)
    select = page.locator(".hp-pick-button")
    select.click()
    expect(select).to_have_attribute("aria-pressed", "true")
    signup = generated.get_by_role("button", name="Sign up")
    # At 100 %: Playwright aims its clicks into a frame scaled with a CSS transform as if unscaled.
    full_size = page.locator(".hp-zoom button", has_text="100%")
    full_size.click()
    expect(full_size).to_have_attribute("aria-pressed", "true")
    signup.click()  # swallowed by the page: it selects
    expect(select).to_have_attribute("aria-pressed", "false")
    label = page.locator(".hp-picked-label")
    expect(label).to_have_text(re.compile(r"Selected <button> “Sign up”"), timeout=TIMEOUT_MS)
    expect(page.locator(".hp-picked-html")).to_contain_text('<button class="m-6 rounded-lg')
    expect(page.get_by_text(re.compile(r"The next change is about the <button> “Sign up”"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(generated.locator("[data-handoff-pick]").last).to_be_visible()  # the outline in the page
    shoot(page, artifacts_dir, "app-select-element.png")

    before = len(llm.fake.chat_requests())
    ask(page, llm, "Make it larger", "Welcome again")
    sent = llm.fake.chat_requests()[before].body
    assert sent is not None
    asked = sent["messages"][3]["content"]
    assert "On the <button> “Sign up”: Make it larger" in asked and "about this element only" in asked
    assert '<button class="m-6 rounded-lg bg-emerald-500 px-4 py-2 text-white">Sign up</button>' in asked
    expect(result_picker(page)).to_have_value(re.compile(r"“On the <button> “Sign up”: Make it larg…”"))
    # The new result has no selection of its own: the next change is about the whole page again.
    expect(page.locator(".hp-picked")).to_be_hidden()
    assert browser_log.uncaught == []


def test_two_versions_are_compared_and_an_earlier_one_made_current_and_a_link_shows_the_thread(
    llm: LlmApp,
    page: Page,
    browser: Browser,
    browser_log: BrowserLog,
    tmp_path: Path,
    artifacts_dir: Path,
) -> None:
    convert_and_change(
        page, llm, draw_design(tmp_path / "versions.png", "Versions", "#0f766e"), "Say hello", "Hello"
    )
    sent = llm.fake.chat_requests()[-1].body
    assert sent is not None and [message["role"] for message in sent["messages"]] == [
        "system",
        "user",
        "assistant",
        "user",
    ]  # the conversion's two messages, the current code, the change
    expect(result_picker(page)).to_have_value(re.compile(r"“Say hello”"))
    shoot(page, artifacts_dir, "app-change-result.png")
    link = page.get_by_role("link", name="link to share").get_attribute("href")
    assert link is not None and "?c=" in link

    page.get_by_role("tab", name="Versions").click()
    wait_until_idle(page)
    table = page.get_by_role("tabpanel", name="Versions").get_by_test_id("stDataFrame")
    expect(table).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"^2 versions · 2 model turns · "))).to_be_visible()
    expect(page.get_by_text("1 line(s) added, 1 removed, from v1 to v2.")).to_be_visible()
    diff = page.get_by_test_id("stCode").filter(has_text="+        <h1")
    expect(diff).to_contain_text("Welcome aboard")
    expect(diff).to_contain_text("Hello")
    panes = page.locator(".hp-stage iframe[data-testid='handoff-preview-frame']")
    expect(panes).to_have_count(3, timeout=TIMEOUT_MS)  # the result's (hidden tab) and the two compared
    shoot(page, artifacts_dir, "app-versions-compare.png", page.get_by_text("Compare two versions"))

    page.get_by_role("button", name="Make current").click()
    wait_until_idle(page)
    expect(result_picker(page)).not_to_have_value(re.compile("Say hello"), timeout=TIMEOUT_MS)

    other = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        visitor = other.new_page()
        visitor.goto(link)
        expect(
            visitor.get_by_text(re.compile(r"v1 first conversion → v2 “Say hello” · 2 model turns"))
        ).to_be_visible(timeout=TIMEOUT_MS)
        shoot(visitor, artifacts_dir, "app-shared-thread.png")
    finally:
        other.close()
    assert browser_log.uncaught == []
