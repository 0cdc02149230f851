"""Fixtures for the end-to-end tests: the real app under `streamlit run`, driven by Debian's Chromium.

The server is started once per session on a free port on 127.0.0.1 and stopped (by its own process
handle) at the end: ``app_server`` with no LLM engine configured (its Figma API is ``figma_api``, a
``FakeFigmaServer`` in this process), ``llm_app`` with its Kimi engine pointed at a scripted
``FakeOpenAIServer`` running in this process. The browser is Debian's
``chromium`` (``playwright install`` cannot download here), found through ``HANDOFF_CHROMIUM`` or
``PATH``; without it the e2e tests are skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from converters.render import CHROMIUM_ARGS
from tests.e2e.crashes import report_crashes
from tests.fakes.engines import TEST_KEY as LLM_TEST_KEY
from tests.fakes.figma_server import FakeFigmaServer
from tests.fakes.openai_server import FakeOpenAIServer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
OPERATOR_OPENAI_KEY = "operator-openai-key-0123456789-never-sent-elsewhere"
"""``OPENAI_API_KEY`` of the ``llm_app`` server, whose ``OPENAI_BASE_URL`` is its fake: a key that
must never reach an endpoint a visitor types."""
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 10.0


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
    pid: int = 0
    """The server's process (started by the test run: a test may kill it)."""

    def log(self) -> str:
        """Everything the server has printed so far (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def run_app(log_dir: Path, env: dict[str, str] | None = None, *, serve: bool = False) -> Iterator[AppServer]:
    """``streamlit run app.py`` (``handoff serve`` with ``serve``, as an operator starts it) on a
    free port of 127.0.0.1, with ``env`` added to the environment; yields once
    ``/_stcore/health`` answers ok and stops the server (its own process) afterwards."""
    with run_apps([log_dir], env, serve=serve) as servers:
        yield servers[0]


@contextlib.contextmanager
def run_apps(
    log_dirs: Sequence[Path], env: dict[str, str] | None = None, *, serve: bool = False
) -> Iterator[list[AppServer]]:
    """``run_app`` for each of ``log_dirs`` at once (replicas of the app): all start together,
    and all are stopped together."""
    processes: list[subprocess.Popen[bytes]] = []
    try:
        servers = [_start(log_dir, env, serve, processes) for log_dir in log_dirs]
        for server, process in zip(servers, processes, strict=True):
            _wait_healthy(server, process)
        yield servers
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            _stop(process)


def _start(
    log_dir: Path, env: dict[str, str] | None, serve: bool, processes: list[subprocess.Popen[bytes]]
) -> AppServer:
    port = _free_port()
    log_path = log_dir / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    if serve:  # it passes SIGTERM on to its streamlit
        command = [sys.executable, "-m", "converters.cli", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port)]
    environment = {**os.environ, **(env or {})}
    # A file, not a pipe: nobody reads the output while tests run, and a full pipe blocks the server.
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment
        )
    processes.append(process)
    return AppServer(url=f"http://127.0.0.1:{port}", log_path=log_path, pid=process.pid)


def _wait_healthy(server: AppServer, process: subprocess.Popen[bytes]) -> None:
    health_url = f"{server.url}/_stcore/health"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while _health(health_url) != "ok":
        if process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {process.returncode} before it was healthy:\n" + server.log()
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"streamlit was not healthy at {health_url} within {SERVER_START_TIMEOUT_S:.0f} s:\n"
                + server.log()
            )
        time.sleep(0.25)


@pytest.fixture(scope="session")
def figma_api() -> Iterator[FakeFigmaServer]:
    """The fake Figma API of ``app_server``, serving no file until a test adds its fixture."""
    with FakeFigmaServer() as fake:
        yield fake


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, figma_api: FakeFigmaServer) -> Iterator[AppServer]:
    """A real ``streamlit run app.py`` serving this checkout on a free port of 127.0.0.1, with
    ``FIGMA_API_BASE`` pointed at ``figma_api`` and no operator's ``FIGMA_TOKEN`` (the Figma test
    types one). One server for the offline and the Figma tests: each server process loads the OCR
    models on its first offline conversion, seconds a second server would spend again."""
    env = {"FIGMA_API_BASE": figma_api.base_url, "FIGMA_TOKEN": ""}
    with run_app(tmp_path_factory.mktemp("streamlit"), env) as server:
        yield server


@dataclass(frozen=True)
class LlmApp:
    """The app with the Kimi engine pointed at ``fake``, a scripted OpenAI-compatible server.

    ``fake.api_key`` is ``LLM_TEST_KEY``, the key the app has from ``MOONSHOT_API_KEY``; a test
    that changes it must put it back.
    """

    server: AppServer
    fake: FakeOpenAIServer

    @property
    def url(self) -> str:
        return self.server.url

    def log(self) -> str:
        return self.server.log()


@pytest.fixture(scope="session")
def llm_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlmApp]:
    """``streamlit run app.py`` whose "Kimi K2.5 (Moonshot)" engine talks to a ``FakeOpenAIServer``
    in this process (kept apart from ``app_server``, which has no LLM engine configured). The
    operator's OpenAI key (``OPERATOR_OPENAI_KEY``) belongs to that fake too."""
    log_dir = tmp_path_factory.mktemp("streamlit-llm")
    with FakeOpenAIServer(models=("kimi-k2.5",), api_key=LLM_TEST_KEY) as fake:
        env = {
            "MOONSHOT_API_KEY": LLM_TEST_KEY,
            "MOONSHOT_BASE_URL": fake.base_url,
            "HANDOFF_ENGINE": "kimi",
            "HANDOFF_DATA_DIR": str(log_dir / "data"),
            "OPENAI_API_KEY": OPERATOR_OPENAI_KEY,
            "OPENAI_BASE_URL": fake.base_url,
        }
        with run_app(log_dir, env) as server:
            yield LlmApp(server, fake)
    assert fake.errors == []


@pytest.fixture
def llm(llm_app: LlmApp) -> Iterator[LlmApp]:
    """The shared app and fake, checked clean before and put back after each test."""
    fake = llm_app.fake
    assert fake.pending_replies == 0, "a previous test left scripted replies behind"
    try:
        yield llm_app
    finally:
        fake.api_key = LLM_TEST_KEY
        fake.release()  # nor leave a stream waiting for a release that will not come
        while fake.pending_replies:  # a failed test must not hand its replies to the next one
            fake._next_reply()
    assert "Traceback" not in llm_app.log()


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
        browser = playwright.chromium.launch(executable_path=chromium_path, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own cookies, own Streamlit session) per test."""
    context = report_crashes(browser.new_context(viewport={"width": 1400, "height": 1000}))
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
