"""The operator's API keys only go to the endpoints they belong to (issue: a typed base URL of an
attacker's server received ``Authorization: Bearer <OPENAI_API_KEY>``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from converters.conversion import ModelLister
from converters.engines import EngineOverrides, create_engine, engine_status
from converters.engines.keys import choose_key, origin
from converters.errors import EngineUnavailableError, SettingsError
from converters.settings import Secret, Settings
from tests.fakes.openai_server import FakeOpenAIServer

OPERATOR_KEY = "operator-key-0123456789-do-not-leak"
SESSION_KEY = "session-key-9876543210-typed-here"


@pytest.fixture
def home() -> Iterator[FakeOpenAIServer]:
    """The endpoint the operator configured, with the operator's key."""
    with FakeOpenAIServer(models=("kimi-k2.5", "gpt-4o"), api_key=OPERATOR_KEY) as server:
        yield server


@pytest.fixture
def attacker() -> Iterator[FakeOpenAIServer]:
    """A server a visitor types in as the base URL: it records every request it receives."""
    with FakeOpenAIServer(models=("gpt-4o",)) as server:
        yield server


def _authorizations(server: FakeOpenAIServer) -> list[str]:
    return [request.headers.get("authorization", "") for request in server.requests]


def _list_models(settings: Settings, engine: str, overrides: EngineOverrides) -> list[str]:
    converter = create_engine(engine, settings, overrides)
    assert isinstance(converter, ModelLister)
    try:
        return converter.list_models()
    finally:
        converter.close()


def test_origins_compare_scheme_host_and_port() -> None:
    assert (
        origin("https://API.openai.com:443/v1/")
        == origin("https://api.openai.com/v2")
        == "https://api.openai.com"
    )
    assert origin("http://127.0.0.1:8000/v1") != origin("http://127.0.0.1:8001/v1")
    assert origin("http://[::1]:11434/v1") == "http://[::1]:11434"
    assert origin("ftp://example.com") == origin("not a url") == ""


def test_the_openai_key_is_not_sent_to_a_typed_endpoint(
    home: FakeOpenAIServer, attacker: FakeOpenAIServer
) -> None:
    settings = Settings.from_env({"OPENAI_API_KEY": OPERATOR_KEY, "OPENAI_BASE_URL": home.base_url})
    assert _list_models(settings, "openai-compatible", EngineOverrides(model="gpt-4o")) == [
        "gpt-4o",
        "kimi-k2.5",
    ]
    assert _authorizations(home) == [f"Bearer {OPERATOR_KEY}"]

    typed = EngineOverrides(base_url=attacker.base_url, model="gpt-4o")
    assert engine_status(settings, typed)["openai-compatible"] is None  # a server may need no key
    _list_models(settings, "openai-compatible", typed)
    assert attacker.requests and not any(OPERATOR_KEY in value for value in _authorizations(attacker))

    own_key = EngineOverrides(base_url=attacker.base_url, model="gpt-4o", api_key=Secret(SESSION_KEY))
    _list_models(settings, "openai-compatible", own_key)
    assert _authorizations(attacker)[-1] == f"Bearer {SESSION_KEY}"


def test_without_openai_base_url_the_key_belongs_to_openai_only(attacker: FakeOpenAIServer) -> None:
    settings = Settings.from_env({"OPENAI_API_KEY": OPERATOR_KEY})
    assert choose_key(settings, "openai-compatible", "https://api.openai.com/v1", None).key == Secret(
        OPERATOR_KEY
    )
    withheld = choose_key(settings, "openai-compatible", attacker.base_url, None)
    assert withheld.key is None and withheld.withheld == "OPENAI_API_KEY"
    assert withheld.home == "https://api.openai.com"


def test_the_moonshot_key_is_not_sent_to_a_typed_endpoint(
    home: FakeOpenAIServer, attacker: FakeOpenAIServer
) -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": OPERATOR_KEY, "MOONSHOT_BASE_URL": home.base_url})
    assert _list_models(settings, "kimi", EngineOverrides()) == ["gpt-4o", "kimi-k2.5"]

    typed = EngineOverrides(base_url=attacker.base_url)
    missing = engine_status(settings, typed)["kimi"] or ""
    assert "enter a key for" in missing and "MOONSHOT_API_KEY is only sent to" in missing
    with pytest.raises(EngineUnavailableError, match="enter a key"):
        create_engine("kimi", settings, typed)
    assert attacker.requests == []

    own_key = EngineOverrides(base_url=attacker.base_url, api_key=Secret(SESSION_KEY))
    _list_models(settings, "kimi", own_key)
    assert _authorizations(attacker) == [f"Bearer {SESSION_KEY}"]


def test_the_operator_can_allow_more_endpoints(home: FakeOpenAIServer, attacker: FakeOpenAIServer) -> None:
    env = {
        "OPENAI_API_KEY": OPERATOR_KEY,
        "OPENAI_BASE_URL": home.base_url,
        "HANDOFF_KEY_ENDPOINTS": f"https://llm.example.com/v1, {attacker.base_url}/",
    }
    settings = Settings.from_env(env)
    _list_models(settings, "openai-compatible", EngineOverrides(base_url=attacker.base_url, model="gpt-4o"))
    assert _authorizations(attacker) == [f"Bearer {OPERATOR_KEY}"]
    with pytest.raises(SettingsError, match="HANDOFF_KEY_ENDPOINTS"):
        Settings.from_env({"HANDOFF_KEY_ENDPOINTS": "llm.example.com"})


def test_a_withheld_key_is_explained_when_the_endpoint_refuses(home: FakeOpenAIServer) -> None:
    with FakeOpenAIServer(models=("gpt-4o",), api_key="its-own-key-abcdef0123456789") as other:
        settings = Settings.from_env({"OPENAI_API_KEY": OPERATOR_KEY, "OPENAI_BASE_URL": home.base_url})
        typed = EngineOverrides(base_url=other.base_url, model="gpt-4o")
        with pytest.raises(Exception, match="only sent to") as raised:
            _list_models(settings, "openai-compatible", typed)
        assert OPERATOR_KEY not in str(raised.value)
