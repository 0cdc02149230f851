"""Engine presets: what the Settings page offers, and which preset describes an engine in use."""

from __future__ import annotations

import pytest

from converters.engines import engine_infos
from converters.engines.keys import OPENAI_HOME_URL
from converters.engines.presets import CUSTOM_ENDPOINT, preset_for, presets


def test_offline_and_kimi_come_first_under_their_engines_labels_and_custom_last() -> None:
    labels = {info.name: info.label for info in engine_infos()}
    choices = presets()
    assert [(preset.label, preset.engine, preset.base_url) for preset in choices[:2]] == [
        (labels["offline"], "offline", None),
        (labels["kimi"], "kimi", None),
    ]
    assert choices[-1].label == CUSTOM_ENDPOINT and choices[-1].base_url == ""
    assert all(preset.engine == "openai-compatible" for preset in choices[2:])
    assert len({preset.label for preset in choices}) == len(choices)
    assert [preset.asks_a_server for preset in choices[:2]] == [False, True]


@pytest.mark.parametrize(
    ("engine", "base_url", "label"),
    [
        ("offline", None, "Offline (no key, no network)"),
        ("kimi", "https://api.moonshot.ai/v1", "Kimi K2.5 (Moonshot)"),
        ("kimi", "http://127.0.0.1:9999/v1", "Kimi K2.5 (Moonshot)"),  # Kimi anywhere is still Kimi
        ("openai-compatible", OPENAI_HOME_URL, "OpenAI"),
        ("openai-compatible", "https://OpenRouter.ai/api/v1/", "OpenRouter"),
        ("openai-compatible", "http://127.0.0.1:11434/v1", "Ollama (this machine)"),
        ("openai-compatible", "http://127.0.0.1:11434", "Ollama (this machine)"),  # same server
        ("openai-compatible", "http://127.0.0.1:8001/v1", CUSTOM_ENDPOINT),  # another port
        ("openai-compatible", "https://llm.example.com/v1", CUSTOM_ENDPOINT),
        ("openai-compatible", None, CUSTOM_ENDPOINT),
        ("an-extension", "http://127.0.0.1:11434/v1", CUSTOM_ENDPOINT),
    ],
)
def test_the_preset_for_an_engine_in_use(engine: str, base_url: str | None, label: str) -> None:
    assert preset_for(engine, base_url).label == label
