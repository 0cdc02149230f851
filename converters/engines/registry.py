"""The engine registry: built-in engines register the way an extension would.

``create_engine(name, settings, overrides)`` builds a ready ``Converter`` or raises
``EngineUnavailableError`` saying what is missing; ``engine_status(settings)`` tells a UI which
engines can run now and why the others cannot. Nothing registers on import: the process's entry
point (the app, the ``handoff`` command, a test session) calls
``converters.engines.register_builtin()``, and an extension calls ``register`` the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from converters.conversion import Converter
from converters.errors import EngineUnavailableError
from converters.settings import Secret, Settings


@dataclass(frozen=True)
class EngineInfo:
    """What an engine is and can do, for menus and checks."""

    name: str
    label: str
    needs_key: bool
    streams: bool
    image_types: tuple[str, ...] = field(default=("image/png", "image/jpeg", "image/webp", "image/gif"))
    follows_instructions: bool = True
    """Whether the engine reads the free-text instructions (a model does; the offline engine's
    layout rules do not)."""
    local: bool = False
    """Runs on this machine: no model, no tokens, nothing to pay."""


@dataclass(frozen=True)
class EngineOverrides:
    """Per-session choices (the app's Settings page) that win over the environment."""

    base_url: str | None = None
    model: str | None = None
    api_key: Secret | None = None
    thinking: bool | None = None


@dataclass(frozen=True)
class EngineSpec:
    """How to make an engine, and how to tell whether it can run with given settings."""

    info: EngineInfo
    factory: Callable[[Settings, EngineOverrides], Converter]
    missing: Callable[[Settings, EngineOverrides], str | None]  # None when ready, else what is missing


_REGISTRY: dict[str, EngineSpec] = {}
_REGISTERING = threading.Lock()  # the app's sessions run its entry script in threads of their own


def register(spec: EngineSpec) -> None:
    """Add an engine (built-in or extension). Names are unique: registering the same spec again
    does nothing (several entry points may register in one process); a different spec under a
    name already taken raises ``ValueError``."""
    with _REGISTERING:
        known = _REGISTRY.get(spec.info.name)
        if known == spec:
            return
        if known is not None:
            raise ValueError(f"engine {spec.info.name!r} is already registered")
        _REGISTRY[spec.info.name] = spec


def engine_infos() -> list[EngineInfo]:
    """Every registered engine, in registration order."""
    return [spec.info for spec in _REGISTRY.values()]


def engine_status(settings: Settings, overrides: EngineOverrides | None = None) -> dict[str, str | None]:
    """For each engine: ``None`` if it can run now, else what it needs (for menus)."""
    chosen = overrides or EngineOverrides()
    return {name: spec.missing(settings, chosen) for name, spec in _REGISTRY.items()}


def create_engine(name: str, settings: Settings, overrides: EngineOverrides | None = None) -> Converter:
    """A ready engine; ``EngineUnavailableError`` if it is unknown or not configured."""
    spec = _REGISTRY.get(name)
    if spec is None:
        known = ", ".join(_REGISTRY) or "none"
        raise EngineUnavailableError(f"There is no engine called {name!r} in this build (engines: {known}).")
    chosen = overrides or EngineOverrides()
    missing = spec.missing(settings, chosen)
    if missing:
        raise EngineUnavailableError(f"{spec.info.label} cannot run yet: {missing}")
    return spec.factory(settings, chosen)
