"""Engines and requests wired to the fake server, for tests and benchmarks."""

from __future__ import annotations

import json

from converters.conversion import ConversionEvent, ConversionRequest
from converters.engines import EndpointConfig, OpenAICompatibleEngine
from converters.engines.profiles import SamplingMemory
from converters.intake import load_design
from converters.settings import Secret
from converters.targets import Target
from tests.builders import encode, mock_ui
from tests.fakes.openai_server import FakeOpenAIServer, ToolCall

TEST_KEY = "test-key-0123456789abcdefghij-not-real"

HTML_REPLY = (
    'Here is the page.\n\n```html\n<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
    '<title>Home</title></head>\n<body>\n<header class="bg-[#4f46e5]"><h1>Welcome</h1></header>\n'
    "<main><button>Sign up</button></main>\n</body>\n</html>\n```\n\nLet me know if you need changes."
)
REACT_REPLY = (
    "```jsx\nimport React from 'react';\n\nexport default function App() {\n  return (\n"
    '    <main className="p-4"><h1>Welcome</h1><button>Sign up</button></main>\n  );\n}\n```'
)


OPEN_ENGINES: list[OpenAICompatibleEngine] = []  # closed after each test by tests/conftest.py


def kimi_engine(
    server: FakeOpenAIServer,
    *,
    model: str = "kimi-k2.5",
    key: str = TEST_KEY,
    thinking: bool = True,
    read_timeout_s: float = 5.0,
    max_retries: int = 2,
    memory: SamplingMemory | None = None,
) -> OpenAICompatibleEngine:
    config = EndpointConfig(
        engine="kimi" if model.startswith("kimi") else "openai-compatible",
        label="Kimi (Moonshot)" if model.startswith("kimi") else f"the endpoint at {server.base_url}",
        base_url=server.base_url,
        model=model,
        api_key=Secret(key),
        key_hint="MOONSHOT_API_KEY",
        thinking=thinking,
        connect_timeout_s=2.0,
        read_timeout_s=read_timeout_s,
        max_retries=max_retries,
    )
    engine = OpenAICompatibleEngine(config, needs_key=True, memory=memory or SamplingMemory())
    OPEN_ENGINES.append(engine)
    return engine


def request(target: Target = Target.HTML_TAILWIND, instructions: str = "") -> ConversionRequest:
    design = load_design(encode(mock_ui(640, 400), "PNG"), "home.png")
    return ConversionRequest(design=design, target=target, instructions=instructions)


def small_page(text: str) -> str:
    """A whole HTML page whose body is one paragraph of ``text``."""
    head = '<!DOCTYPE html>\n<html lang="en">\n<head><title>T</title></head>'
    return f"{head}\n<body><p>{text}</p></body>\n</html>"


def fenced_page(text: str) -> str:
    """A model's answer with ``small_page(text)`` in an html fence."""
    return f"Here it is.\n\n```html\n{small_page(text)}\n```"


def check_call(text: str) -> ToolCall:
    """A well-formed call of agent mode's ``check_render`` with ``small_page(text)``."""
    return ToolCall("check_render", json.dumps({"code": small_page(text)}))


class EventLog(list[ConversionEvent]):
    """Collects events; ``of(kind)`` filters them."""

    def __call__(self, event: ConversionEvent) -> None:
        self.append(event)

    def of(self, kind: type) -> list[ConversionEvent]:
        return [event for event in self if isinstance(event, kind)]
