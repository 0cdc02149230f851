"""Variants, ranked, in real Chromium with the fake Kimi and the real scorer: three strategies
answer with pages of different fidelity; the strip shows them best first with their scores and
first screens, and choosing another makes it the current result."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

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

pytestmark = pytest.mark.e2e

HEADING = "Welcome aboard"


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    return watch(page)


def test_three_variants_are_ranked_in_a_strip_and_another_can_be_made_current(
    page: Page, llm: LlmApp, tmp_path: Path, artifacts_dir: Path, browser_log: BrowserLog
) -> None:
    design = draw_design(tmp_path / "welcome.png", HEADING)
    # Which strategy gets which reply is the order the requests arrive: the ranking must follow
    # the replies' fidelity, whoever got them. The design's heading, a wrong one, a blank page.
    replies = [react_code(HEADING), react_code("Something else entirely"), "export default () => <main />;\n"]
    llm.fake.script(*(Reply(content=fenced(code, "jsx")) for code in replies))
    open_with_design(page, llm, design)
    choose(page, "React + Tailwind")
    page.get_by_role("radio", name="3, ranked", exact=True).click()
    wait_until_idle(page)
    convert_button(page).click()
    wait_for_result(page)

    strip = page.get_by_text("3 variants of this design, best first")
    expect(strip).to_be_visible(timeout=TIMEOUT_MS)
    cards = page.locator("[data-testid='stColumn']").filter(has=page.get_by_role("button", name="Use this"))
    current = page.get_by_role("button", name="Current")
    expect(current).to_be_disabled()
    expect(page.get_by_role("button", name="Use this")).to_have_count(2)
    expect(PreviewFrames(page).generated.get_by_role("heading", name=HEADING)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    headers = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^\d\. .+ · \d+%$"))
    scores = [int(text.rsplit("·", 1)[1].strip().rstrip("%")) for text in headers.all_inner_texts()]
    shoot(page, artifacts_dir, "app-variants-strip.png", strip)
    assert len(scores) == 3 and scores == sorted(scores, reverse=True), scores
    assert cards.count() == 2
    expect(result_picker(page)).to_have_value(re.compile(r"welcome\.png · React \+ Tailwind · \w"))

    page.get_by_role("button", name="Use this").last.click()  # the worst: the blank page
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Current")).to_have_count(1)
    expect(page.get_by_role("button", name="Use this")).to_have_count(2)
    expect(PreviewFrames(page).generated.get_by_role("heading", name=HEADING)).to_have_count(
        0, timeout=TIMEOUT_MS
    )
    assert len(llm.fake.chat_requests()) >= 3
    assert browser_log.uncaught == []
