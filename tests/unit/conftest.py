"""Fixtures the unit tests share: a design file on disk, the Kimi engine on the fake, and a store
on each database backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from converters.store import Store
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


@pytest.fixture(params=["sqlite", "postgresql"])
def library_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty library: a new SQLite file, then a PostgreSQL database of the
    session's throwaway cluster, emptied (``postgres_library_url``): the store's tests run on both."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_library_url"))
    return f"sqlite:///{tmp_path / 'library.db'}"


@pytest.fixture
def store(library_url: str) -> Iterator[Store]:
    """A store on ``library_url``, closed after the test."""
    opened = Store(library_url)
    yield opened
    opened.close()
