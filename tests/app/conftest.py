"""Fixtures of the AppTest suite: the app with its Kimi engine on the fake server, and a fake
fidelity service (no Chromium, no OCR models)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.fakes.engines import TEST_KEY
from tests.fakes.fidelity import FakeFidelityService
from tests.fakes.openai_server import FakeOpenAIServer
from ui import fidelity_tab

APP = str(Path(__file__).resolve().parents[2] / "app.py")
JOB_WAIT_S = 60
"""How long a test waits for a conversion job: a safety net so that a broken job fails instead of
hanging, never a speed bound. Jobs run at a lower CPU priority (``converters.priority``), so on a
machine busy with other work they can take many times their usual second or two."""


@pytest.fixture(autouse=True)
def fidelity(monkeypatch: pytest.MonkeyPatch) -> FakeFidelityService:
    """The app's ``FidelityService`` for this test; it scores every result with ``outcome`` at once."""
    service = FakeFidelityService()
    monkeypatch.setattr(fidelity_tab, "fidelity_service", lambda: service)
    return service


@pytest.fixture
def own_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library of this test's own (the session's is shared with every other test): ask for it
    before ``kimi_app`` when the test counts versions or reads back names."""
    folder = tmp_path / "data"
    monkeypatch.setenv("HANDOFF_DATA_DIR", str(folder))
    monkeypatch.delenv("HANDOFF_DATABASE_URL", raising=False)
    return folder


@pytest.fixture
def kimi_app(monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer) -> Iterator[AppTest]:
    """The app, run once, with its Kimi engine pointed at ``fake_openai``."""
    monkeypatch.setenv("MOONSHOT_API_KEY", TEST_KEY)
    monkeypatch.setenv("MOONSHOT_BASE_URL", fake_openai.base_url)
    for name in ("HANDOFF_ENGINE", "HANDOFF_MODEL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    yield app
    job = app.session_state["job"] if "job" in app.session_state else None  # noqa: SIM401 -- no .get here
    if job is not None:
        job.stop()
        job.wait(JOB_WAIT_S)
    st.cache_resource.clear()


@pytest.fixture
def offline_app(monkeypatch: pytest.MonkeyPatch, own_library: Path) -> Iterator[AppTest]:
    """The app, run once, with no model engine set up: the offline engine is the one offered."""
    for name in ("MOONSHOT_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "HANDOFF_ENGINE", "HANDOFF_MODEL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    yield app
    st.cache_resource.clear()
