"""The OpenAI-compatible engine against the fake server: what it sends, streams and returns."""

from __future__ import annotations

import logging

import pytest

from converters.conversion import CodeEvent, ReasoningEvent, StatusEvent, UsageEvent
from converters.engines.profiles import SamplingMemory
from converters.engines.reply import MAX_REPLY_CHARS
from converters.errors import ReplyTooLargeError, StreamInterruptedError
from converters.targets import Target
from converters.tokens import in_theme_shape
from tests.fakes.engines import HTML_REPLY, REACT_REPLY, TEST_KEY, EventLog, kimi_engine, request
from tests.fakes.openai_server import FakeOpenAIServer, Reply, temperature_rejection

USAGE = {
    "prompt_tokens": 1_000_000,
    "completion_tokens": 100_000,
    "total_tokens": 1_100_000,
    "prompt_tokens_details": {"cached_tokens": 400_000},
}


def test_stream_events_and_result(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, reasoning="The header is indigo. " * 5, usage=USAGE))
    events = EventLog()
    conversion = kimi_engine(fake_openai).convert(request(), events)

    kinds = [type(event) for event in events]
    assert kinds[0] is StatusEvent
    assert kinds.index(ReasoningEvent) < kinds.index(CodeEvent)  # thinking streams before code
    streamed = "".join(event.text for event in events.of(CodeEvent))  # type: ignore[attr-defined]
    assert streamed.startswith("<!DOCTYPE html>") and "```" not in streamed and "Here is" not in streamed
    # The answer as streamed, its bg-[#…] colours brought into a @theme (and said so).
    themed, note = in_theme_shape(streamed.strip(), Target.HTML_TAILWIND)
    assert conversion.code.strip() == themed.strip() and "bg-primary" in conversion.code
    assert "Let me know" not in conversion.code
    assert conversion.reasoning == "The header is indigo. " * 5
    assert "indigo" not in conversion.code

    assert (conversion.engine, conversion.model, conversion.target) == (
        "kimi",
        "kimi-k2.5",
        Target.HTML_TAILWIND,
    )
    assert conversion.complete and conversion.warnings == (note,)
    usage = conversion.usage
    assert usage is not None
    assert (usage.input_tokens, usage.cached_tokens, usage.output_tokens) == (1_000_000, 400_000, 100_000)
    assert usage.cost_usd == pytest.approx(0.6 * 0.6 + 0.4 * 0.1 + 0.1 * 3.0)  # $0.70
    assert events.of(UsageEvent)
    assert conversion.prompt_name == "system+targets/html-tailwind+task"
    assert len(conversion.prompt_hash) == 64
    assert conversion.timings.first_code_s is not None and conversion.timings.total_s > 0


def test_request_carries_image_model_and_no_temperature_for_kimi(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY))
    kimi_engine(fake_openai).convert(request(instructions="Make the button rounded."))
    (sent,) = fake_openai.chat_requests()
    body = sent.body
    assert body is not None
    assert body["model"] == "kimi-k2.5"
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert "temperature" not in body and "top_p" not in body
    assert "thinking" not in body  # thinking on: the server's default
    system, user = body["messages"]
    assert system["role"] == "system" and "Tailwind" in system["content"]
    image, text = user["content"]
    assert image["type"] == "image_url" and image["image_url"]["url"].startswith("data:image/png;base64,")
    assert "640 x 400 pixels" in text["text"] and "#4f46e5" in text["text"]
    assert "Make the button rounded." in text["text"]
    assert sent.headers["authorization"] == f"Bearer {TEST_KEY}"


def test_thinking_off_is_sent_to_kimi(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY))
    kimi_engine(fake_openai, thinking=False).convert(request())
    body = fake_openai.chat_requests()[0].body
    assert body is not None and body["thinking"] == {"type": "disabled"}


def test_other_models_get_a_low_temperature(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=REACT_REPLY))
    conversion = kimi_engine(fake_openai, model="gpt-4o-mini").convert(request(Target.REACT_TAILWIND))
    body = fake_openai.chat_requests()[0].body
    assert body is not None and body["temperature"] == 0.2 and body["max_tokens"] == 16_384
    assert "export default function App" in conversion.code


def test_temperature_rejection_retries_once_and_is_remembered(fake_openai: FakeOpenAIServer) -> None:
    memory = SamplingMemory()
    fake_openai.script(temperature_rejection(), Reply(content=HTML_REPLY), Reply(content=HTML_REPLY))
    events = EventLog()
    engine = kimi_engine(fake_openai, model="local-vlm", memory=memory)
    engine.convert(request(), events)
    engine.convert(request())
    first, retry, later = (sent.body or {} for sent in fake_openai.chat_requests())
    assert first["temperature"] == 0.2
    assert "temperature" not in retry and "temperature" not in later
    assert any("without a temperature" in event.text for event in events.of(StatusEvent))  # type: ignore[attr-defined]


def test_server_without_usage(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, usage=None))
    conversion = kimi_engine(fake_openai).convert(request())
    assert conversion.usage is None
    assert "The endpoint reported no token usage." in conversion.warnings


def test_reply_cut_at_the_output_limit_is_kept_and_flagged(fake_openai: FakeOpenAIServer) -> None:
    cut = HTML_REPLY[: HTML_REPLY.index("<main>")]
    fake_openai.script(Reply(content=cut, finish_reason="length"))
    conversion = kimi_engine(fake_openai).convert(request())
    assert not conversion.complete
    assert "<h1>Welcome</h1>" in conversion.code
    assert any("cut off" in warning for warning in conversion.warnings)


def test_unknown_price_gives_no_cost(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY))
    conversion = kimi_engine(fake_openai, model="local-vlm").convert(request())
    assert conversion.usage is not None and conversion.usage.cost_usd is None


def test_result_round_trips_through_json_and_holds_no_secret(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, reasoning="thinking"))
    conversion = kimi_engine(fake_openai).convert(request())
    text = conversion.to_json()
    assert TEST_KEY not in text and "base64" not in text
    from converters.conversion import Conversion

    assert Conversion.from_dict(conversion.to_dict()) == conversion


def test_no_key_or_image_in_logs(fake_openai: FakeOpenAIServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="converters")
    fake_openai.script(Reply(content=HTML_REPLY))
    kimi_engine(fake_openai).convert(request())
    logged = "\n".join(record.getMessage() for record in caplog.records) + "\n".join(fake_openai.log)
    assert TEST_KEY not in logged
    assert "base64," not in logged


def test_a_reply_past_the_size_limit_is_stopped_and_not_kept(fake_openai: FakeOpenAIServer) -> None:
    # A model stuck repeating itself (or a hostile endpoint) sends megabytes: the stream is closed
    # at the limit and nothing of it reaches the app, which would freeze showing it.
    endless = "```html\n<!DOCTYPE html><html><body>" + "<p>again</p>" * 400_000 + "</body></html>\n```"
    fake_openai.script(Reply(content=endless, chunk_chars=8192), Reply(content=HTML_REPLY))
    events = EventLog()
    engine = kimi_engine(fake_openai)
    with pytest.raises(ReplyTooLargeError, match=f"more than {MAX_REPLY_CHARS:,} characters") as raised:
        engine.convert(request(), events)
    assert not isinstance(raised.value, StreamInterruptedError)  # no partial result to keep
    streamed = sum(len(event.text) for event in events.of(CodeEvent))  # type: ignore[attr-defined]
    assert streamed <= MAX_REPLY_CHARS
    assert engine.convert(request()).complete  # the next conversion is not affected
