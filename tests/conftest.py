"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from converters.engines import register_builtin
from tests import postgres
from tests.fakes.engines import OPEN_ENGINES
from tests.fakes.openai_server import FakeOpenAIServer


@pytest.fixture(autouse=True, scope="session")
def library_in_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test (``handoff convert``, the app, an app server) writes a library into the real home
    folder: ``HANDOFF_DATA_DIR`` is a temporary folder for the whole session, set before any
    session fixture starts a server so that servers inherit it. Tests that look into the library
    point ``HANDOFF_DATA_DIR`` at their own ``tmp_path``.

    Model engines ask plainly and once (``HANDOFF_GROUNDING=off``, ``HANDOFF_REVISE=0``): grounding
    reads each design with the OCR first and a check renders and scores the answer, seconds per
    conversion (and one more scripted reply) that only the tests of those ask for."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HANDOFF_DATA_DIR", str(tmp_path_factory.mktemp("handoff-data")))
        patch.delenv("HANDOFF_DATABASE_URL", raising=False)
        patch.setenv("HANDOFF_GROUNDING", "off")
        patch.setenv("HANDOFF_REVISE", "0")
        yield


@pytest.fixture(autouse=True, scope="session")
def builtin_engines() -> None:
    """The test session is a process that starts: it registers the built-in engines, as ``app.py``
    and ``handoff`` do (importing ``converters.engines`` registers nothing)."""
    register_builtin()


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


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    """One throwaway PostgreSQL cluster for the session (started on first use, see
    ``tests.postgres``); without PostgreSQL the test fails saying what to install, unless
    ``HANDOFF_SKIP_POSTGRES=1`` asks to skip it."""
    try:
        cluster = postgres.start_cluster()
    except postgres.PostgresMissing as exc:
        if os.environ.get(postgres.SKIP_VARIABLE) == "1":
            pytest.skip(str(exc))
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        postgres.remove_cluster(cluster)


@pytest.fixture
def postgres_url(postgres_cluster: postgres.Cluster) -> Iterator[str]:
    """A SQLAlchemy URL of a new, empty database of the session's cluster, dropped after the test."""
    name = postgres_cluster.create_database()
    try:
        yield postgres_cluster.url(name)
    finally:
        postgres_cluster.drop_database(name)


@pytest.fixture(scope="session")
def _postgres_library(postgres_cluster: postgres.Cluster) -> str:
    """One database of the session's cluster that the store tests share, emptied before each."""
    return postgres_cluster.create_database()


@pytest.fixture
def postgres_library_url(postgres_cluster: postgres.Cluster, _postgres_library: str) -> str:
    """The URL of the session's shared database, every table emptied (its schema kept): for
    tests that need an empty library rather than a new database."""
    postgres_cluster.empty_tables(_postgres_library)
    return postgres_cluster.url(_postgres_library)
