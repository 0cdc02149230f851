"""Fixtures the command-line tests share: a design file on disk and the Kimi engine on the fake."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import encode, mock_ui
from tests.fakes.engines import TEST_KEY
from tests.fakes.openai_server import FakeOpenAIServer


@pytest.fixture
def design_file(tmp_path: Path) -> Path:
    path = tmp_path / "Home Screen.png"
    path.write_bytes(encode(mock_ui(640, 400), "PNG"))
    return path


@pytest.fixture
def kimi_env(monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer) -> FakeOpenAIServer:
    monkeypatch.setenv("MOONSHOT_API_KEY", TEST_KEY)
    monkeypatch.setenv("MOONSHOT_BASE_URL", fake_openai.base_url)
    monkeypatch.delenv("HANDOFF_ENGINE", raising=False)
    monkeypatch.delenv("HANDOFF_MODEL", raising=False)
    return fake_openai
