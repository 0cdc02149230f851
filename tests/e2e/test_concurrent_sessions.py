"""Three browser sessions converting at once on one app process (offline engine): each finishes,
each shows its own result and none of the others', each is saved to the library, and a fourth
session opening the app meanwhile gets a working page. The ten-session form with timings and the
memory over a hundred conversions is ``benchmarks/load_bench.py``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

from converters.settings import Settings
from converters.store import Store
from tests.e2e.offline_sessions import (
    PAGE_READY_MS,
    UPLOAD_INPUT,
    WORDS,
    check_own_result,
    draw_session_design,
    open_session,
    start,
    wait_all,
)

if TYPE_CHECKING:  # conftest is loaded by pytest itself; the import is for the type only
    from conftest import AppServer

pytestmark = pytest.mark.e2e

SESSIONS = 3
"""The issue's smaller form of the ten-session load test, with plain designs to keep the suite short."""
ALL_DONE_S = 600.0
"""Generous: three offline conversions at once, the first loading the OCR models, on 2 loaded cores."""


def test_sessions_converting_at_once_each_get_their_own_result(
    app_server: AppServer, browser: Browser, tmp_path: Path
) -> None:
    words = WORDS[:SESSIONS]
    designs = [draw_session_design(tmp_path / f"load-{word.lower()}.png", word, cards=0) for word in words]
    sessions = [
        open_session(browser, app_server.url, word, design)
        for word, design in zip(words, designs, strict=True)
    ]
    try:
        for session in sessions:
            start(session)
        visitor = browser.new_context()
        try:  # the app still answers a newcomer while every session converts
            page = visitor.new_page()
            page.goto(app_server.url, timeout=PAGE_READY_MS)
            expect(page.locator(UPLOAD_INPUT)).to_be_attached(timeout=PAGE_READY_MS)
        finally:
            visitor.close()
        wait_all(sessions, ALL_DONE_S)
        for session in sessions:
            check_own_result(session, words)
        assert {s.word: s.problems for s in sessions} == {word: [] for word in words}
    finally:
        for session in sessions:
            session.close()

    store = Store.open(Settings.from_env())
    try:
        saved = [item.design_name for item in store.search("load-", limit=100).items]
    finally:
        store.close()
    for design in designs:
        assert saved.count(design.name) == 1, f"{design.name} saved {saved.count(design.name)} times"
    assert "Traceback" not in app_server.log()
