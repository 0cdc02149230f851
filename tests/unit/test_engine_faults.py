"""Every failure reaches the user as a HandoffError that says what to do; partial code is kept."""

from __future__ import annotations

import socket
import time

import pytest

from converters.conversion import Conversion, StatusEvent
from converters.errors import (
    AuthenticationError,
    ContextTooLongError,
    EmptyReplyError,
    EngineConnectionError,
    EngineTimeoutError,
    ModelNotFoundError,
    RateLimitError,
    RefusalError,
    RequestRejectedError,
    ServerError,
    StreamInterruptedError,
)
from tests.fakes.engines import HTML_REPLY, TEST_KEY, EventLog, kimi_engine, request
from tests.fakes.openai_server import ErrorReply, FakeOpenAIServer, Reply, context_too_long

FAST_RETRY = {"retry-after-ms": "20"}  # the SDK honours it, so retry tests stay quick


def test_wrong_key(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.api_key = "the-right-key-abcdefghijkl"
    with pytest.raises(AuthenticationError) as caught:
        kimi_engine(fake_openai).convert(request())
    message = str(caught.value)
    assert message.startswith("Kimi (Moonshot) refused the API key (401")
    assert "Check MOONSHOT_API_KEY" in message
    assert TEST_KEY not in message and "the-right-key" not in message


def test_forbidden(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(ErrorReply(403, "This key may not use kimi-k2.5", type="permission_denied"))
    with pytest.raises(AuthenticationError, match=r"does not allow this key to use kimi-k2.5 \(403"):
        kimi_engine(fake_openai).convert(request())


def test_unknown_model_names_the_available_ones(fake_openai: FakeOpenAIServer) -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        kimi_engine(fake_openai, model="kimi-k9").convert(request())
    assert "has no model 'kimi-k9'. Available models: gpt-4o-mini, kimi-k2.5, local-vlm" in str(caught.value)
    assert caught.value.available == ("gpt-4o-mini", "kimi-k2.5", "local-vlm")


def test_rate_limit_is_retried_as_the_server_asks(fake_openai: FakeOpenAIServer) -> None:
    limited = ErrorReply(429, "Too many requests", type="rate_limit_error", headers={"Retry-After": "1"})
    fake_openai.script(limited, Reply(content=HTML_REPLY))
    events = EventLog()
    started = time.monotonic()
    conversion = kimi_engine(fake_openai).convert(request(), events)
    assert time.monotonic() - started >= 0.95  # it waited the second the server asked for
    assert conversion.complete
    statuses = [event.text for event in events.of(StatusEvent)]  # type: ignore[attr-defined]
    assert "Kimi (Moonshot) is rate-limiting (429); retrying in 1 s as it asks…" in statuses


def test_rate_limit_that_persists_says_how_long_it_waited(fake_openai: FakeOpenAIServer) -> None:
    limited = ErrorReply(429, "Too many requests", type="rate_limit_error", headers={"retry-after-ms": "300"})
    fake_openai.script(limited, limited, limited)
    with pytest.raises(RateLimitError) as caught:
        kimi_engine(fake_openai, max_retries=2).convert(request())
    assert caught.value.waited_s >= 0.55  # two waits of 300 ms, as the server asked
    assert "still rate-limiting requests (429) after 2 retries; Handoff waited 0." in str(caught.value)
    assert "Wait a minute" in str(caught.value)
    assert len(fake_openai.chat_requests()) == 3


def test_quota_exhausted_is_not_called_a_rate_limit(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(ErrorReply(429, "You exceeded your current quota", code="insufficient_quota"))
    with pytest.raises(RateLimitError, match="no quota left"):
        kimi_engine(fake_openai, max_retries=0).convert(request())


def test_server_error_then_success(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(
        ErrorReply(500, "boom", type="server_error", headers=FAST_RETRY), Reply(content=HTML_REPLY)
    )
    assert kimi_engine(fake_openai).convert(request()).complete
    assert len(fake_openai.chat_requests()) == 2


def test_server_error_that_persists(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(*[ErrorReply(502, "bad gateway", type="server_error", headers=FAST_RETRY)] * 3)
    with pytest.raises(ServerError, match=r"server error \(502\) on 3 attempts.*try again in a few minutes"):
        kimi_engine(fake_openai).convert(request())


def test_unreachable_endpoint() -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = FakeOpenAIServer()
    server._base_url = f"http://127.0.0.1:{port}/v1"  # never started: connections are refused
    with pytest.raises(EngineConnectionError, match=rf"Could not reach .* at http://127.0.0.1:{port}/v1"):
        kimi_engine(server, max_retries=0).convert(request())


def test_no_answer_in_time(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, first_byte_delay_s=1.5))
    with pytest.raises(EngineTimeoutError, match="did not answer in time"):
        kimi_engine(fake_openai, read_timeout_s=0.3, max_retries=0).convert(request())


def test_context_too_long(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(context_too_long())
    with pytest.raises(ContextTooLongError, match="too large for kimi-k2.5.*Crop the design"):
        kimi_engine(fake_openai).convert(request())


def test_other_bad_request_keeps_the_servers_reason(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(ErrorReply(400, "image_url must be a data URL", param="messages"))
    with pytest.raises(
        RequestRejectedError, match=r"rejected the request \(400: image_url must be a data URL\)"
    ):
        kimi_engine(fake_openai).convert(request())


def test_refusal(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(refusal="I can't help with that."))
    with pytest.raises(RefusalError, match="declined to convert this design: “I can't help with that.”"):
        kimi_engine(fake_openai).convert(request())


def test_content_filter(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content="", finish_reason="content_filter"))
    with pytest.raises(RefusalError, match="content filter"):
        kimi_engine(fake_openai).convert(request())


def test_empty_reply(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=""))
    with pytest.raises(EmptyReplyError, match="sent an empty reply"):
        kimi_engine(fake_openai).convert(request())


def test_thinking_that_uses_the_whole_budget(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content="", reasoning="hmm " * 50, finish_reason="length"))
    with pytest.raises(EmptyReplyError, match="whole output budget thinking.*Turn thinking off"):
        kimi_engine(fake_openai).convert(request())


def test_stream_cut_midway_keeps_the_partial_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, chunk_chars=10, cut_after_chunks=20))
    with pytest.raises(StreamInterruptedError) as caught:
        kimi_engine(fake_openai).convert(request())
    error = caught.value
    assert str(error).startswith("The connection broke after 200 characters from Kimi (Moonshot).")
    assert "partial code is kept" in str(error)
    partial = error.partial
    assert isinstance(partial, Conversion)
    assert not partial.complete
    assert partial.code.startswith("<!DOCTYPE html>") and "<h1>Welcome</h1>" in partial.code
    assert "The connection broke: the code is incomplete." in partial.warnings
    assert TEST_KEY not in partial.to_json()


def test_stream_cut_before_any_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, reasoning="x" * 40, chunk_chars=10, cut_after_chunks=2))
    with pytest.raises(StreamInterruptedError, match="after 0 characters.*Try again") as caught:
        kimi_engine(fake_openai).convert(request())
    assert caught.value.partial is None


def test_stream_that_stalls(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, chunk_chars=10, stall_after_chunks=10, stall_s=2.0))
    with pytest.raises(
        StreamInterruptedError, match=r"The reply stalled \(nothing for 0.3 s\) after 100"
    ) as caught:
        kimi_engine(fake_openai, read_timeout_s=0.3).convert(request())
    assert isinstance(caught.value.partial, Conversion)


def test_stream_that_ends_without_finishing(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, finish_reason=None))
    with pytest.raises(StreamInterruptedError, match="ended without its closing marker") as caught:
        kimi_engine(fake_openai).convert(request())
    assert isinstance(caught.value.partial, Conversion)
