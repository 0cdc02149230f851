"""Conversion engines: the registry, the built-in engines and the OpenAI-compatible engine.

Importing this package registers nothing: the process's entry point (the app, the ``handoff``
command, a test session) calls ``register_builtin()`` before it looks an engine up. What engines
take and give (``Converter``, ``ConversionRequest``, ``Conversion``, the events) is in
``converters.conversion``, below this package."""

from converters.engines.builtin import KIMI_MODEL, register_builtin
from converters.engines.keys import KeyChoice, choose_key
from converters.engines.openai_compatible import EndpointConfig, OpenAICompatibleEngine
from converters.engines.registry import (
    EngineInfo,
    EngineOverrides,
    EngineSpec,
    create_engine,
    engine_infos,
    engine_status,
    register,
)
from converters.engines.variants import convert_variants

__all__ = [
    "KIMI_MODEL",
    "EndpointConfig",
    "EngineInfo",
    "EngineOverrides",
    "EngineSpec",
    "KeyChoice",
    "OpenAICompatibleEngine",
    "choose_key",
    "convert_variants",
    "create_engine",
    "engine_infos",
    "engine_status",
    "register",
    "register_builtin",
]
