"""Conversion engines: the Converter protocol, the registry, and the built-in engines."""

from converters.engines.builtin import KIMI_MODEL, register_builtin
from converters.engines.keys import KeyChoice, choose_key
from converters.engines.openai_compatible import EndpointConfig, OpenAICompatibleEngine
from converters.engines.registry import (
    EngineOverrides,
    EngineSpec,
    create_engine,
    engine_infos,
    engine_status,
    register,
)
from converters.engines.types import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    ConversionRequest,
    Converter,
    EngineInfo,
    EventHandler,
    ReasoningEvent,
    Revision,
    StageEvent,
    StatusEvent,
    StopConversion,
    Timings,
    Usage,
    UsageEvent,
)
from converters.engines.variants import convert_variants

register_builtin()

__all__ = [
    "KIMI_MODEL",
    "CodeEvent",
    "Conversion",
    "ConversionEvent",
    "ConversionRequest",
    "Converter",
    "EndpointConfig",
    "EngineInfo",
    "EngineOverrides",
    "EngineSpec",
    "EventHandler",
    "KeyChoice",
    "OpenAICompatibleEngine",
    "ReasoningEvent",
    "Revision",
    "StageEvent",
    "StatusEvent",
    "StopConversion",
    "Timings",
    "Usage",
    "UsageEvent",
    "choose_key",
    "convert_variants",
    "create_engine",
    "engine_infos",
    "engine_status",
    "register",
]
