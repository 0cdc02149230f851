"""The built-in engines: ``offline`` (OCR + computer vision, the default without a key), ``kimi``
(Moonshot's Kimi K2.5) and ``openai-compatible``."""

from __future__ import annotations

from converters.conversion import Converter
from converters.engines.keys import choose_key, origin
from converters.engines.openai_compatible import EndpointConfig, OpenAICompatibleEngine
from converters.engines.registry import EngineInfo, EngineOverrides, EngineSpec, register
from converters.settings import Settings

KIMI_MODEL = "kimi-k2.5"


def _model(settings: Settings, overrides: EngineOverrides, engine: str, default: str | None) -> str | None:
    # HANDOFF_MODEL names the model of the default engine; other engines keep their own default.
    if overrides.model:
        return overrides.model
    if settings.model and settings.engine == engine:
        return settings.model
    return default


def _kimi_base_url(settings: Settings, overrides: EngineOverrides) -> str:
    return overrides.base_url or settings.moonshot_base_url


def _kimi_missing(settings: Settings, overrides: EngineOverrides) -> str | None:
    base_url = _kimi_base_url(settings, overrides)
    chosen = choose_key(settings, "kimi", base_url, overrides.api_key)
    if chosen.key is not None:
        return None
    if chosen.withheld:
        return (
            f"enter a key for {origin(base_url) or base_url} on the Settings page: the key in "
            f"{chosen.withheld} is only sent to {chosen.home}."
        )
    return "set MOONSHOT_API_KEY, or enter a Moonshot key on the Settings page."


def _kimi(settings: Settings, overrides: EngineOverrides) -> Converter:
    base_url = _kimi_base_url(settings, overrides)
    chosen = choose_key(settings, "kimi", base_url, overrides.api_key)
    config = EndpointConfig(
        engine="kimi",
        label="Kimi (Moonshot)",
        base_url=base_url,
        model=_model(settings, overrides, "kimi", KIMI_MODEL) or KIMI_MODEL,
        api_key=chosen.key,
        key_hint=chosen.hint(base_url) if chosen.source != "environment" else "MOONSHOT_API_KEY",
        thinking=settings.kimi_thinking if overrides.thinking is None else overrides.thinking,
        read_timeout_s=settings.timeout_s,
    )
    return OpenAICompatibleEngine(config, needs_key=True)


def _compatible_missing(settings: Settings, overrides: EngineOverrides) -> str | None:
    if not (overrides.base_url or settings.openai_base_url):
        return (
            "set OPENAI_BASE_URL (for example http://127.0.0.1:11434/v1), "
            "or enter a base URL on the Settings page."
        )
    if not _model(settings, overrides, "openai-compatible", None):
        return (
            "choose a model: set HANDOFF_MODEL with HANDOFF_ENGINE=openai-compatible, "
            "or pick one on the Settings page."
        )
    return None


def _compatible(settings: Settings, overrides: EngineOverrides) -> Converter:
    base_url = overrides.base_url or settings.openai_base_url or ""
    # No key is fine here (local servers need none); the operator's key only goes where it belongs.
    chosen = choose_key(settings, "openai-compatible", base_url, overrides.api_key)
    config = EndpointConfig(
        engine="openai-compatible",
        label=f"the endpoint at {base_url}",
        base_url=base_url,
        model=_model(settings, overrides, "openai-compatible", None) or "",
        api_key=chosen.key,
        key_hint=chosen.hint(base_url) if chosen.source != "environment" else "OPENAI_API_KEY",
        read_timeout_s=settings.timeout_s,
    )
    return OpenAICompatibleEngine(config, needs_key=False)


def _offline_missing(settings: Settings, overrides: EngineOverrides) -> str | None:
    return None  # needs nothing: no key, no server


def _offline(settings: Settings, overrides: EngineOverrides) -> Converter:
    from converters.offline.engine import OfflineEngine  # loads OpenCV only when it is used

    return OfflineEngine()


def register_builtin() -> None:
    """Register ``offline``, ``kimi`` and ``openai-compatible``, in the order menus list them.

    Called where a process starts (``app.py``, ``handoff``'s ``main``, the test session), not
    on import; calling it again does nothing, so every entry point may call it."""
    register(
        EngineSpec(
            info=EngineInfo(
                name="offline",
                label="Offline (no key, no network)",
                needs_key=False,
                streams=False,
                follows_instructions=False,
                local=True,
            ),
            factory=_offline,
            missing=_offline_missing,
        )
    )
    register(
        EngineSpec(
            info=EngineInfo(name="kimi", label="Kimi K2.5 (Moonshot)", needs_key=True, streams=True),
            factory=_kimi,
            missing=_kimi_missing,
        )
    )
    register(
        EngineSpec(
            info=EngineInfo(
                name="openai-compatible", label="OpenAI-compatible endpoint", needs_key=False, streams=True
            ),
            factory=_compatible,
            missing=_compatible_missing,
        )
    )
