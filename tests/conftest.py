"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.engines import OPEN_ENGINES
from tests.fakes.openai_server import FakeOpenAIServer


@pytest.fixture(autouse=True)
def close_engines() -> Iterator[None]:
    """Engines made by ``tests.fakes.engines`` hold connection pools: close them after each test."""
    yield
    while OPEN_ENGINES:
        OPEN_ENGINES.pop().close()


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAIServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1, stopped after the test."""
    with FakeOpenAIServer(models=("kimi-k2.5", "gpt-4o-mini", "local-vlm")) as server:
        yield server
    assert server.errors == []
