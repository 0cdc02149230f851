"""Name a renderer crash for what it is in a failing browser test."""

from __future__ import annotations

import sys

from playwright.sync_api import BrowserContext, Page


def report_crashes(context: BrowserContext) -> BrowserContext:
    """Say so when a page's renderer dies: Playwright reports it to a waiting call only as "Target
    page, context or browser has been closed", which reads like a test that closed its own page."""
    context.on("page", lambda page: page.on("crash", _say_crashed))
    return context


def _say_crashed(page: Page) -> None:
    print(f"Chromium's renderer crashed on {page.url} (out of memory, or of /dev/shm?)", file=sys.stderr)
