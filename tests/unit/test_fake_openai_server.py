"""The fake OpenAI-compatible server answers the real ``openai`` SDK as scripted."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import openai
import pytest

from tests.fakes.openai_server import (
    NO_REPLY_LEFT,
    ErrorReply,
    FakeOpenAIServer,
    Reply,
    ToolCall,
    context_too_long,
    temperature_rejection,
)

TEST_KEY = "test-key-0123456789-secret"
MESSAGES: list[Any] = [{"role": "system", "content": "Write HTML."}, {"role": "user", "content": "A button"}]


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as running:
        yield running
    assert running.errors == []  # a failure inside the fake would otherwise pass unnoticed


@pytest.fixture
def client(server: FakeOpenAIServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=server.base_url, api_key=TEST_KEY, max_retries=0, timeout=5.0) as sdk:
        yield sdk


def stream_chunks(client: openai.OpenAI, model: str = "kimi-k2.5", **kwargs: Any) -> list[Any]:
    with client.chat.completions.create(model=model, messages=MESSAGES, stream=True, **kwargs) as stream:
        return list(stream)


def joined_content(chunks: list[Any]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_streaming_reply_reassembles_to_the_scripted_content(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    html = "<button class='primary'>Send</button>"
    server.script(Reply(html, chunk_chars=5))
    chunks = stream_chunks(client, model="gpt-4o-mini")

    assert joined_content(chunks) == html
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len(chunks) == 1 + 8 + 1  # role chunk, ceil(38 / 5) content chunks, finish chunk
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert {c.model for c in chunks} == {"gpt-4o-mini"}
    assert {c.object for c in chunks} == {"chat.completion.chunk"}
    assert server.log == ["POST /v1/chat/completions 200"]


def test_reasoning_content_arrives_before_content(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    server.script(Reply("<p>done</p>", reasoning="First a paragraph, then done.", chunk_chars=8))
    kinds = []
    reasoning = ""
    for chunk in stream_chunks(client):
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        extra = (delta.model_extra or {}).get("reasoning_content")
        if extra:
            kinds.append("reasoning")
            reasoning += extra
        if delta.content:
            kinds.append("content")

    assert reasoning == "First a paragraph, then done."
    assert kinds == ["reasoning"] * 4 + ["content"] * 2


def test_usage_chunk_arrives_only_when_asked(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    usage = {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}
    server.script(Reply("a", usage=usage), Reply("b", usage=usage), Reply("c", usage=None))

    asked = stream_chunks(client, stream_options={"include_usage": True})
    not_asked = stream_chunks(client)
    asked_but_none = stream_chunks(client, stream_options={"include_usage": True})

    assert asked[-1].choices == [] and asked[-1].usage is not None
    assert asked[-1].usage.total_tokens == 15
    assert all(c.usage is None for c in asked[:-1])
    assert all(c.usage is None and c.choices for c in not_asked)
    assert all(c.usage is None and c.choices for c in asked_but_none)


def test_finish_reason_none_sends_no_finish_chunk(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    server.script(Reply("half", finish_reason=None), Reply("cut short", finish_reason="length"))
    assert all(c.choices[0].finish_reason is None for c in stream_chunks(client))
    assert stream_chunks(client)[-1].choices[0].finish_reason == "length"


def test_refusal_is_streamed_instead_of_content(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    server.script(Reply("never sent", refusal="I can't help with that."))
    chunks = stream_chunks(client)
    assert "".join(c.choices[0].delta.refusal or "" for c in chunks) == "I can't help with that."
    assert joined_content(chunks) == ""


def test_non_stream_reply_is_one_chat_completion(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    server.script(Reply("<main></main>", reasoning="short"))
    completion = client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)

    assert completion.object == "chat.completion"
    assert completion.model == "kimi-k2.5"
    message = completion.choices[0].message
    assert message.content == "<main></main>"
    assert (message.model_extra or {})["reasoning_content"] == "short"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.total_tokens == 1500


def test_tool_calls_stream_in_openai_chunks_and_come_whole_in_json(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    arguments = '{"code": "<main>Hi</main>"}'
    calls = (ToolCall("check_render", arguments, id="call_a"), ToolCall("other", "{not json"))
    server.script(Reply("Checking.", tool_calls=calls, chunk_chars=7), Reply(tool_calls=calls[:1]))
    chunks = stream_chunks(client)
    pieces = [piece for c in chunks if c.choices for piece in c.choices[0].delta.tool_calls or ()]
    heads = [piece for piece in pieces if piece.id is not None]
    assert [(h.index, h.id, h.type, h.function.name, h.function.arguments) for h in heads] == [
        (0, "call_a", "function", "check_render", ""),
        (1, "call_1_1", "function", "other", ""),
    ]
    for index, call in enumerate(calls):
        parts = [p.function.arguments for p in pieces if p.index == index and p.id is None]
        assert "".join(parts) == call.arguments and max(map(len, parts)) == 7
    assert joined_content(chunks) == "Checking."
    assert chunks[-1].choices[0].finish_reason == "tool_calls"

    completion = client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)
    message = completion.choices[0].message
    assert message.content is None and completion.choices[0].finish_reason == "tool_calls"
    (call,) = message.tool_calls or ()
    assert (call.id, call.function.name, call.function.arguments) == ("call_a", "check_render", arguments)


def test_models_list_names_the_configured_models(client: openai.OpenAI, server: FakeOpenAIServer) -> None:
    models = list(client.models.list())
    assert [m.id for m in models] == ["kimi-k2.5", "gpt-4o-mini"]
    assert {m.owned_by for m in models} == {"fake"}
    assert server.log == ["GET /v1/models 200"]


def test_unknown_model_is_not_found_and_keeps_the_script(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(Reply("kept"))
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-9", messages=MESSAGES)

    assert caught.value.code == "model_not_found"
    assert "The model `gpt-9` does not exist" in caught.value.message
    assert server.pending_replies == 1


def test_api_key_is_enforced_when_set() -> None:
    with (
        FakeOpenAIServer(api_key=TEST_KEY) as server,
        openai.OpenAI(base_url=server.base_url, api_key="wrong-key", max_retries=0) as wrong,
        openai.OpenAI(base_url=server.base_url, api_key=TEST_KEY, max_retries=0) as right,
    ):
        server.script(Reply("ok"))
        with pytest.raises(openai.AuthenticationError) as caught:
            wrong.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)
        assert caught.value.code == "invalid_api_key"
        assert server.pending_replies == 1

        completion = right.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)
        assert completion.choices[0].message.content == "ok"


def test_rate_limit_retry_after_is_visible_on_the_exception(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(ErrorReply(429, "Rate limit reached", "rate_limit_exceeded", headers={"Retry-After": "7"}))
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)

    assert caught.value.status_code == 429
    assert caught.value.response.headers["retry-after"] == "7"
    assert caught.value.body == {
        "message": "Rate limit reached",
        "type": "rate_limit_exceeded",
        "param": None,
        "code": None,
    }


def test_scripted_500_then_success_lets_the_sdk_retry(server: FakeOpenAIServer) -> None:
    # retry-after-ms keeps the SDK's back-off short; without it the SDK waits about half a second.
    server.script(ErrorReply(500, "boom", "server_error", headers={"retry-after-ms": "10"}), Reply("ok"))
    with openai.OpenAI(base_url=server.base_url, api_key=TEST_KEY, max_retries=2) as retrying:
        completion = retrying.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)

    assert completion.choices[0].message.content == "ok"
    assert len(server.chat_requests()) == 2
    assert server.log == ["POST /v1/chat/completions 500", "POST /v1/chat/completions 200"]


def test_empty_script_answers_500(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    with pytest.raises(openai.InternalServerError, match=NO_REPLY_LEFT):
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)


def test_canned_errors_are_bad_requests(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    server.script(temperature_rejection(), context_too_long())
    with pytest.raises(openai.BadRequestError) as temperature:
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES, temperature=0.2)
    with pytest.raises(openai.BadRequestError) as too_long:
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)

    assert temperature.value.param == "temperature" and "only 1 is allowed" in temperature.value.message
    assert too_long.value.code == "context_length_exceeded"


def test_cut_stream_raises_a_connection_error_after_the_first_chunks(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(Reply("0123456789" * 5, chunk_chars=10, cut_after_chunks=2))
    received = []
    with (
        pytest.raises(openai.APIConnectionError) as caught,
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES, stream=True) as stream,
    ):
        for chunk in stream:
            received.append(chunk.choices[0].delta.content or "")

    assert type(caught.value) is openai.APIConnectionError
    assert isinstance(caught.value.__cause__, httpx2.RemoteProtocolError)
    assert "".join(received) == "0123456789" * 2
    assert server.log == ["POST /v1/chat/completions 200 (cut after 2 chunks)"]


def test_stall_longer_than_the_read_timeout_raises_a_timeout(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(Reply("abcdefgh", chunk_chars=4, stall_after_chunks=1, stall_s=5.0))
    received = []
    with (
        pytest.raises(openai.APITimeoutError) as caught,
        client.chat.completions.create(
            model="kimi-k2.5", messages=MESSAGES, stream=True, timeout=0.3
        ) as stream,
    ):
        for chunk in stream:
            received.append(chunk.choices[0].delta.content or "")

    assert isinstance(caught.value.__cause__, httpx2.ReadTimeout)  # not the end of the 5 s stall
    assert "".join(received) == "abcd"


def test_a_held_stream_waits_for_release_then_carries_on(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(Reply("abcdefgh", chunk_chars=4, hold_after_chunks=1))
    received: list[str] = []
    first_chunk = threading.Event()

    def consume() -> None:
        with client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES, stream=True) as stream:
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    received.append(chunk.choices[0].delta.content)
                    first_chunk.set()

    consumer = threading.Thread(target=consume)
    consumer.start()
    assert first_chunk.wait(5)
    deadline = time.monotonic() + 5  # the hold begins once the first chunk is written
    while not server.holding and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.holding
    assert received == ["abcd"] and consumer.is_alive()

    server.release()
    consumer.join(5)
    assert not consumer.is_alive()
    assert received == ["abcd", "efgh"] and server.holding == 0


def test_first_byte_delay_longer_than_the_timeout_fails_create(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(Reply("late", first_byte_delay_s=5.0))
    with pytest.raises(openai.APITimeoutError):
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES, timeout=0.3)


def test_recorded_request_has_model_messages_and_stream_flag(
    server: FakeOpenAIServer, client: openai.OpenAI
) -> None:
    server.script(Reply("one"), Reply("two"))
    before = time.monotonic()
    stream_chunks(client, stream_options={"include_usage": True})
    client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)

    streamed, plain = server.chat_requests()
    assert streamed.body is not None and plain.body is not None
    assert streamed.body["model"] == "kimi-k2.5" and streamed.body["stream"] is True
    assert streamed.body["messages"] == MESSAGES
    assert plain.body["model"] == "gpt-4o-mini" and "stream" not in plain.body
    assert streamed.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert before <= streamed.received_at <= plain.received_at


def test_log_never_contains_the_authorization_header(server: FakeOpenAIServer, client: openai.OpenAI) -> None:
    server.script(Reply("ok"), ErrorReply(400))
    stream_chunks(client)
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="kimi-k2.5", messages=MESSAGES)
    list(client.models.list())

    assert len(server.log) == 3
    assert not any(TEST_KEY in line or "uthorization" in line for line in server.log)


def test_unknown_path_is_404_in_openai_error_format(server: FakeOpenAIServer) -> None:
    port = int(server.base_url.rsplit(":", 1)[1].split("/")[0])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("POST", "/v1/embeddings", body=b"{}", headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        status, body = response.status, json.loads(response.read())
    finally:
        connection.close()

    assert status == 404
    assert body == {
        "error": {
            "message": "Invalid URL (POST /v1/embeddings)",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    }
    assert server.log == ["POST /v1/embeddings 404"]


def test_stop_ends_a_stalling_reply_instead_of_waiting_for_it() -> None:
    server = FakeOpenAIServer().start()
    server.script(Reply("abcdefgh", chunk_chars=4, stall_after_chunks=1, stall_s=30.0))
    outcome: list[BaseException] = []

    def consume() -> None:
        with openai.OpenAI(base_url=server.base_url, api_key=TEST_KEY, max_retries=0, timeout=10.0) as sdk:
            try:
                stream_chunks(sdk)
            except openai.APIConnectionError as error:
                outcome.append(error)

    consumer = threading.Thread(target=consume)
    consumer.start()
    deadline = time.monotonic() + 5
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.01)
    # Hang guards, not time limits: the stall lasts 30 s and the client gives up after 10 s.
    stopper = threading.Thread(target=server.stop)
    stopper.start()
    stopper.join(timeout=20)
    consumer.join(timeout=20)

    assert not stopper.is_alive()
    assert not consumer.is_alive()
    # The client saw the stream end early, not its own read timeout in the stall.
    assert len(outcome) == 1 and not isinstance(outcome[0], openai.APITimeoutError)
    server.stop()  # a second stop is harmless
    assert server.errors == []
