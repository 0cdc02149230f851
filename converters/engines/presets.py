"""Engine presets: the choices the Settings page offers, each an engine and where it is asked.

A preset is a starting point, not a setting of its own: choosing one fills in the engine and its
base URL, and what the user saves is an ``EngineOverrides`` of that engine. The offline engine
and Kimi appear under their engines' own labels; the OpenAI-compatible servers people run most
often follow, then a custom endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from converters.engines.keys import OPENAI_HOME_URL, origin
from converters.engines.registry import engine_infos

CUSTOM_ENDPOINT: Final = "Custom endpoint"

_COMPATIBLE_ENDPOINTS: Final = (
    ("OpenAI", OPENAI_HOME_URL),
    ("OpenRouter", "https://openrouter.ai/api/v1"),
    ("Ollama (this machine)", "http://127.0.0.1:11434/v1"),
    ("vLLM (this machine)", "http://127.0.0.1:8000/v1"),
    ("LM Studio (this machine)", "http://127.0.0.1:1234/v1"),
)
_OWN_ENDPOINT_ENGINES: Final = ("offline", "kimi")  # engines that know where they run


@dataclass(frozen=True)
class Preset:
    """One choice of the Settings page.

    ``base_url``: ``None`` when the engine brings its own (Kimi: ``MOONSHOT_BASE_URL``; the
    offline engine asks no server), ``""`` when the user types one, else the endpoint's URL.
    """

    label: str
    engine: str
    base_url: str | None
    asks_a_server: bool = True
    """Whether the preset has an endpoint, a model and a key to set (not a ``local`` engine)."""


def presets() -> tuple[Preset, ...]:
    """Every preset, in the order the Settings page lists them."""
    infos = {info.name: info for info in engine_infos()}
    own = [
        Preset(infos[name].label, name, None, asks_a_server=not infos[name].local)
        for name in _OWN_ENDPOINT_ENGINES
        if name in infos
    ]
    compatible = [Preset(label, "openai-compatible", url) for label, url in _COMPATIBLE_ENDPOINTS]
    return (*own, *compatible, Preset(CUSTOM_ENDPOINT, "openai-compatible", ""))


def preset_for(engine: str, base_url: str | None) -> Preset:
    """The preset that describes ``engine`` asked at ``base_url``.

    An OpenAI-compatible engine matches the preset on the same origin; any other URL (or none)
    is the custom endpoint. An engine without presets also gets the custom endpoint.
    """
    choices = presets()
    own = next((preset for preset in choices if preset.engine == engine and preset.base_url is None), None)
    if own is not None:
        return own
    where = origin(base_url or "")
    for preset in choices:
        if preset.engine == engine and preset.base_url and where and origin(preset.base_url) == where:
            return preset
    return choices[-1]
