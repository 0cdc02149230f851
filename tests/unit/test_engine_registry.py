"""Engines are registered like extensions, where the process starts, and say what they need
before they can run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from converters.conversion import ModelEndpoint, ModelLister
from converters.engines import (
    EngineInfo,
    EngineOverrides,
    EngineSpec,
    OpenAICompatibleEngine,
    create_engine,
    engine_infos,
    engine_status,
    register,
    registry,
)
from converters.errors import EngineUnavailableError
from converters.settings import Secret, Settings


def test_importing_the_engines_registers_nothing_and_registering_again_does_nothing() -> None:
    program = (
        "from converters.engines import engine_infos, register_builtin\n"
        "print([info.name for info in engine_infos()])\n"
        "register_builtin()\n"
        "register_builtin()\n"
        "print([info.name for info in engine_infos()])\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.splitlines() == ["[]", "['offline', 'kimi', 'openai-compatible']"]


def test_another_engine_under_a_taken_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    impostor = EngineSpec(
        info=EngineInfo(name="kimi", label="Not Kimi", needs_key=False, streams=False),
        factory=lambda settings, overrides: create_engine("offline", settings),
        missing=lambda settings, overrides: None,
    )
    with pytest.raises(ValueError, match="engine 'kimi' is already registered"):
        register(impostor)
    assert {info.name: info.label for info in engine_infos()}["kimi"] == "Kimi K2.5 (Moonshot)"


def test_builtin_engines_and_their_capabilities() -> None:
    infos = {info.name: info for info in engine_infos()}
    assert infos["kimi"].needs_key and infos["kimi"].streams
    assert "image/png" in infos["kimi"].image_types
    assert not infos["openai-compatible"].needs_key


def test_status_says_what_is_missing() -> None:
    status = engine_status(Settings.from_env({}))
    assert "MOONSHOT_API_KEY" in (status["kimi"] or "")
    assert "OPENAI_BASE_URL" in (status["openai-compatible"] or "")
    ready = engine_status(Settings.from_env({"MOONSHOT_API_KEY": "k" * 20}))
    assert ready["kimi"] is None


def test_kimi_defaults_and_overrides() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": "k" * 20, "HANDOFF_KIMI_THINKING": "off"})
    engine = create_engine("kimi", settings)
    assert isinstance(engine, OpenAICompatibleEngine)
    config = engine.config
    assert (config.base_url, config.model, config.thinking) == (
        "https://api.moonshot.ai/v1",
        "kimi-k2.5",
        False,
    )
    session = EngineOverrides(api_key=Secret("s" * 20), thinking=True, model="kimi-k2.5-preview")
    override = create_engine("kimi", settings, session)
    assert isinstance(override, OpenAICompatibleEngine)
    assert override.config.api_key == Secret("s" * 20) and override.config.thinking
    assert override.config.model == "kimi-k2.5-preview"


def test_model_engines_list_and_name_their_models_and_the_offline_engine_does_not() -> None:
    settings = Settings.from_env({"MOONSHOT_API_KEY": "k" * 20})
    kimi, offline = create_engine("kimi", settings), create_engine("offline", settings)
    try:
        assert isinstance(kimi, ModelLister) and isinstance(kimi, ModelEndpoint)
        assert (kimi.model, kimi.base_url) == ("kimi-k2.5", "https://api.moonshot.ai/v1")
        assert not isinstance(offline, ModelLister) and not isinstance(offline, ModelEndpoint)
    finally:
        kimi.close()
        offline.close()


def test_handoff_model_belongs_to_the_default_engine() -> None:
    env = {
        "HANDOFF_ENGINE": "openai-compatible",
        "HANDOFF_MODEL": "qwen2.5-vl",
        "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1",
        "MOONSHOT_API_KEY": "k" * 20,
    }
    settings = Settings.from_env(env)
    compatible = create_engine("openai-compatible", settings)
    kimi = create_engine("kimi", settings)
    assert isinstance(compatible, OpenAICompatibleEngine) and isinstance(kimi, OpenAICompatibleEngine)
    assert compatible.config.model == "qwen2.5-vl" and kimi.config.model == "kimi-k2.5"
    assert compatible.config.api_key is None and not compatible.needs_key


def test_unknown_or_unconfigured_engine() -> None:
    with pytest.raises(EngineUnavailableError, match="no engine called 'gpt9'.*kimi, openai-compatible"):
        create_engine("gpt9", Settings.from_env({}))
    with pytest.raises(EngineUnavailableError, match="cannot run yet: choose a model"):
        create_engine("openai-compatible", Settings.from_env({"OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}))


def test_thinking_switch_must_be_on_or_off() -> None:
    from converters.errors import SettingsError

    with pytest.raises(SettingsError, match="HANDOFF_KIMI_THINKING is 'maybe'; use on or off"):
        Settings.from_env({"HANDOFF_KIMI_THINKING": "maybe"})
