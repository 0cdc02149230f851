"""A grounded, checked model conversion in real Chromium with the fake Kimi: the design's reading
goes with the image, the first answer is rendered, scored and revised, and the result's Details
show the round."""

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
    draw_text_design,
    fenced,
    keep_error,
    open_with_design,
    react_code,
    shoot,
    wait_for_result,
    wait_until_idle,
)
from tests.fakes.openai_server import Reply

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import LlmApp

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    log = BrowserLog()
    page.on("pageerror", lambda error: log.uncaught.append(f"{error.name}: {error.message}"))
    page.on("console", lambda message: keep_error(log.console_errors, message))
    return log


def test_a_grounded_conversion_is_checked_and_revised_and_the_details_show_the_round(
    llm: LlmApp, page: Page, browser_log: BrowserLog, tmp_path: Path, artifacts_dir: Path
) -> None:
    design = draw_text_design(tmp_path / "checked.png", "Welcome aboard")
    half = react_code("Welcome aboard").replace("Everything your team needs, in one place.", "")
    llm.fake.script(
        Reply(content=fenced(half, "jsx")),
        Reply(content=fenced(react_code("Welcome aboard"), "jsx")),
    )
    open_with_design(page, llm, design)
    choose(page, "React + Tailwind")
    page.get_by_role("radio", name="Text and layout").click()
    wait_until_idle(page)
    page.get_by_role("radio", name="1 round", exact=True).click()
    wait_until_idle(page)
    convert_button(page).click()
    wait_for_result(page)
    generated = PreviewFrames(page).generated
    expect(generated.get_by_text("Everything your team needs, in one place.")).to_be_visible(
        timeout=TIMEOUT_MS
    )

    first, second = (request.body for request in llm.fake.chat_requests()[-2:])
    assert first is not None and second is not None
    grounded = first["messages"][1]["content"][1]["text"]
    assert 'Welcome aboard"' in grounded and "OCR and layout reader" in grounded  # the reading went along
    feedback = second["messages"][3]["content"]
    assert "Handoff rendered the code" in feedback and "Everything your team needs" in feedback

    page.get_by_role("tab", name="Details").click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Check and revise")).to_be_visible(timeout=TIMEOUT_MS)
    expect(
        page.get_by_text(re.compile(r"grounded \(layout\) \+ check and revise \(1 round\(s\), 1 kept\)"))
    ).to_be_visible()
    shoot(
        page, artifacts_dir, "app-check-and-revise.png", page.get_by_role("heading", name="Check and revise")
    )
    assert browser_log.uncaught == []
