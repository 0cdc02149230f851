"""A fresh server whose first request is a page URL still runs that page through app.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import run_app

pytestmark = pytest.mark.e2e


def test_settings_opened_first_on_a_fresh_server(page: Page, tmp_path: Path) -> None:
    # Streamlit decides per process, on the first session, whether the legacy pages/ folder
    # mode applies; only a server nobody has visited yet shows the problem.
    with run_app(tmp_path) as server:
        page.goto(f"{server.url}/settings")
        expect(page.get_by_role("heading", name="Settings")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Engine preset")).to_be_visible()
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        assert "Traceback" not in server.log()
