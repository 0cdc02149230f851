"""Fixtures for the end-to-end tests: the real app under `streamlit run`, driven by Debian's Chromium.

The server is started once per session on a free port on 127.0.0.1 and stopped (by its own process
handle) at the end. The browser is Debian's ``chromium`` (``playwright install`` cannot download
here), found through ``HANDOFF_CHROMIUM`` or ``PATH``; without it the e2e tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 10.0
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace").strip()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py``: where to reach it and where its output goes."""

    url: str
    log_path: Path

    def log(self) -> str:
        """Everything the server has printed so far (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A real ``streamlit run app.py`` serving this checkout on a free port of 127.0.0.1."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    # A file, not a pipe: nobody reads the output while tests run, and a full pipe blocks the server.
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        health_url = f"http://127.0.0.1:{port}/_stcore/health"
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while _health(health_url) != "ok":
            if process.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {process.returncode} before it was healthy:\n"
                    + log_path.read_text(encoding="utf-8", errors="replace")
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit was not healthy at {health_url} within {SERVER_START_TIMEOUT_S:.0f} s:\n"
                    + log_path.read_text(encoding="utf-8", errors="replace")
                )
            time.sleep(0.25)
        yield AppServer(url=f"http://127.0.0.1:{port}", log_path=log_path)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("HANDOFF_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.skip(
            "no Chromium: install Debian's `chromium` (make browser) or set HANDOFF_CHROMIUM; "
            "`playwright install` cannot download browsers here"
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One Chromium for the session; Playwright is stopped at the end so its event loop is closed."""
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own cookies, own Streamlit session) per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go for a human to look at: ``HANDOFF_TEST_ARTIFACTS`` or the pytest tmp dir."""
    configured = os.environ.get("HANDOFF_TEST_ARTIFACTS")
    path = Path(configured) if configured else tmp_path_factory.getbasetemp() / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
