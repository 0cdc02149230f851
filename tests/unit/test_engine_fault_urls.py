"""An endpoint's error names its base URL once, whether or not the engine's label holds it
(an OpenAI-compatible endpoint is called "the endpoint at <URL>"; Kimi by its name)."""

from __future__ import annotations

import socket

import pytest

from converters.errors import EngineConnectionError, ModelNotFoundError
from tests.fakes.engines import kimi_engine, request
from tests.fakes.openai_server import FakeOpenAIServer


@pytest.mark.parametrize(
    ("model", "named"), [("local-vlm", "the endpoint"), ("kimi-k2.5", "Kimi (Moonshot)")]
)
def test_an_unreachable_endpoint_is_named_with_its_url_once(model: str, named: str) -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = FakeOpenAIServer()
    server._base_url = url = f"http://127.0.0.1:{port}/v1"  # never started: connections are refused
    with pytest.raises(EngineConnectionError) as caught:
        kimi_engine(server, model=model, max_retries=0).convert(request())
    assert str(caught.value).startswith(f"Could not reach {named} at {url} (")
    assert str(caught.value).count(url) == 1


@pytest.mark.parametrize("model", ["local-vlm", "kimi-k2.5"])
def test_a_model_the_endpoint_does_not_know_is_named_with_the_url_once(model: str) -> None:
    # A server with no model at all: nothing to suggest instead.
    with FakeOpenAIServer(models=()) as server, pytest.raises(ModelNotFoundError) as caught:
        kimi_engine(server, model=model).convert(request())
    message = str(caught.value)
    assert f"answered 404 for model {model!r}" in message
    assert message.endswith("Check the model id and the base URL.")
    assert message.count(server.base_url) == 1
