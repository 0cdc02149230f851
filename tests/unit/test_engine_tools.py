"""Agent mode on the engine's side (``convert_checking``) against the fake server: the tool-call
messages it sends back, malformed calls, the budget, Kimi's rules, stops; and the reply assembler's
tool calls."""

from __future__ import annotations

import json

import openai
import pytest

from converters.cancel import Cancellation
from converters.conversion import CheckOutcome, ChecksCode, CodeCheck, CodeEvent, StatusEvent
from converters.engines.reply import MAX_REPLY_CHARS, ReplyAssembler, ReplyContext
from converters.errors import ConversionStoppedError, NoCodeError, ReplyTooLargeError
from converters.targets import Target
from tests.fakes.engines import EventLog, check_call, fenced_page, kimi_engine, request, small_page
from tests.fakes.openai_server import FakeOpenAIServer, Reply, ToolCall


class StubCheck:
    """Scores code by the words in it (``scores``); records every check."""

    def __init__(self, scores: dict[str, float], stop_after: int | None = None) -> None:
        self.scores = scores
        self.stop_after = stop_after
        self.calls: list[CodeCheck] = []

    def __call__(self, call: CodeCheck) -> CheckOutcome:
        self.calls.append(call)
        score = next((value for word, value in self.scores.items() if word in call.candidate.code), 0.0)
        stop = "Enough." if self.stop_after is not None and len(self.calls) >= self.stop_after else ""
        return CheckOutcome(f'Fidelity {score:.0%}. Text missing: "world".', score, stop)


def bodies(server: FakeOpenAIServer) -> list[dict[str, object]]:
    return [sent.body or {} for sent in server.chat_requests()]


def test_a_checked_call_goes_back_as_tool_messages_with_the_turns_reasoning(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.script(
        Reply("Let me check.", reasoning="I should check first.", tool_calls=(check_call("Hello"),)),
        Reply(fenced_page("Hello world")),
    )
    check, events = StubCheck({"Hello": 0.8}), EventLog()
    engine = kimi_engine(fake_openai)
    assert isinstance(engine, ChecksCode)
    result = engine.convert_checking(request(Target.HTML_CSS), check, max_checks=3, on_event=events)

    assert "Hello world" in result.code and result.complete
    (call,) = check.calls
    assert "<p>Hello</p>" in call.candidate.code and call.number == 1
    assert call.turn_usage is not None and call.turn_usage.input_tokens == 1000
    assert result.usage is not None and result.usage.input_tokens == 2000  # both turns
    assert result.prompt_name.endswith("+agent+agent-tool")
    assert result.reasoning == "I should check first."

    first, second = bodies(fake_openai)
    assert first["tool_choice"] == "auto" and second["tool_choice"] == "auto"
    (tool,) = first["tools"]  # type: ignore[misc]
    assert tool["function"]["name"] == "check_render"
    assert tool["function"]["parameters"]["required"] == ["code"]
    assert "check_render" in first["messages"][1]["content"][-1]["text"]  # type: ignore[index]
    *_, assistant, answer = second["messages"]  # type: ignore[misc]
    assert assistant["role"] == "assistant" and assistant["content"] == "Let me check."
    assert assistant["reasoning_content"] == "I should check first."
    (sent_call,) = assistant["tool_calls"]
    arguments = json.dumps({"code": small_page("Hello")})
    assert sent_call["function"] == {"name": "check_render", "arguments": arguments}
    assert answer["role"] == "tool" and answer["tool_call_id"] == sent_call["id"]
    assert answer["content"].startswith('Fidelity 80%. Text missing: "world".')
    assert answer["content"].endswith("You have 2 check(s) left.")

    restarted = [e for e in events.of(CodeEvent) if e.restart]  # type: ignore[attr-defined]
    assert restarted[0].text == call.candidate.code  # the live view shows the code being checked
    assert len(restarted) == 2  # and the answer's code replaces it
    assert any("Check 1 of 3" in e.text for e in events.of(StatusEvent))  # type: ignore[attr-defined]


def test_malformed_calls_are_told_what_was_wrong_and_use_up_checks(fake_openai: FakeOpenAIServer) -> None:
    calls = (
        ToolCall("check_render", '{"code": "<p>unclosed'),
        ToolCall("check_render", json.dumps({"html": small_page("x")})),
        ToolCall("render_page", json.dumps({"code": small_page("x")})),
    )
    fake_openai.script(Reply(tool_calls=calls), Reply(fenced_page("Hello world")))
    check = StubCheck({})
    result = kimi_engine(fake_openai).convert_checking(request(Target.HTML_CSS), check, max_checks=5)

    assert "Hello world" in result.code and check.calls == []
    answers = [m for m in bodies(fake_openai)[1]["messages"] if m["role"] == "tool"]  # type: ignore[attr-defined]
    assert [m["tool_call_id"] for m in answers] == ["call_1_0", "call_1_1", "call_1_2"]
    bad_json, no_code, unknown = (m["content"] for m in answers)
    assert "not valid JSON" in bad_json and '{"code": ' in bad_json
    assert 'needs "code"' in no_code
    assert 'no tool named "render_page"' in unknown and unknown.endswith("You have 2 check(s) left.")


def test_a_model_that_calls_forever_is_stopped_and_the_best_checked_code_kept(
    fake_openai: FakeOpenAIServer,
) -> None:
    words = ("Best", "Worse", "Again", "More")
    fake_openai.script(*(Reply(tool_calls=(check_call(word),)) for word in words))
    check = StubCheck({"Best": 0.9, "Worse": 0.5, "Again": 0.95})
    result = kimi_engine(fake_openai).convert_checking(request(Target.HTML_CSS), check, max_checks=2)

    assert "<p>Best</p>" in result.code and len(check.calls) == 2
    assert any("kept calling check_render after its 2 check(s)" in w for w in result.warnings)
    sent = bodies(fake_openai)
    assert [body["tool_choice"] for body in sent] == ["auto", "auto", "none"]  # Kimi: never "required"
    assert fake_openai.pending_replies == 1  # nothing asked after the "answer now" turn
    last_tool = sent[2]["messages"][-1]  # type: ignore[index]
    assert last_tool["role"] == "tool" and "That was your last check" in last_tool["content"]
    assert result.usage is not None and result.usage.input_tokens == 3000


def test_kimi_with_thinking_gets_reasoning_content_back_even_empty_other_models_do_not(
    fake_openai: FakeOpenAIServer,
) -> None:
    for model in ("kimi-k2.5", "gpt-4o-mini"):
        fake_openai.script(Reply(tool_calls=(check_call("Hi"),)), Reply(fenced_page("Hi")))
        engine = kimi_engine(fake_openai, model=model)
        engine.convert_checking(request(Target.HTML_CSS), StubCheck({}), max_checks=1)
    kimi, gpt = (body["messages"][-2] for body in bodies(fake_openai)[1::2])  # type: ignore[index]
    assert kimi["role"] == gpt["role"] == "assistant"
    assert kimi["reasoning_content"] == "" and "reasoning_content" not in gpt


def test_with_nothing_checked_a_model_that_never_answers_is_an_error(fake_openai: FakeOpenAIServer) -> None:
    empty = ToolCall("check_render", "{}")
    fake_openai.script(Reply(tool_calls=(empty,)), Reply(tool_calls=(check_call("x"),)))
    with pytest.raises(NoCodeError, match="kept calling check_render"):
        kimi_engine(fake_openai).convert_checking(request(Target.HTML_CSS), StubCheck({}), max_checks=1)


def test_a_check_that_says_stop_ends_the_loop_with_the_best_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(tool_calls=(check_call("One"),)), Reply(fenced_page("never asked")))
    result = kimi_engine(fake_openai).convert_checking(
        request(Target.HTML_CSS), StubCheck({"One": 0.4}, stop_after=1), max_checks=3
    )
    assert "<p>One</p>" in result.code and "Enough." in result.warnings
    assert len(fake_openai.chat_requests()) == 1


def test_a_stop_during_a_check_keeps_the_checked_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(tool_calls=(check_call("Kept"),)), Reply(fenced_page("never asked")))
    cancel = Cancellation()
    seen: list[object] = []

    def check(call: CodeCheck) -> CheckOutcome:
        cancel.cancel()
        seen.append(cancel.partial())
        return CheckOutcome("ok", 0.7)

    with pytest.raises(ConversionStoppedError) as stopped:
        engine = kimi_engine(fake_openai)
        engine.convert_checking(request(Target.HTML_CSS), check, max_checks=2, cancel=cancel)
    partial = stopped.value.partial
    assert partial is not None and "<p>Kept</p>" in partial.code  # type: ignore[attr-defined]
    assert "<p>Kept</p>" in seen[0].code  # type: ignore[attr-defined]
    assert len(fake_openai.chat_requests()) == 1


def test_plain_convert_of_a_reply_that_only_calls_a_tool_says_so(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(tool_calls=(check_call("x"),)))
    with pytest.raises(NoCodeError, match=r"called a tool \(check_render\) instead of answering"):
        kimi_engine(fake_openai).convert(request(Target.HTML_CSS))


def test_tool_call_arguments_count_towards_the_reply_limit(fake_openai: FakeOpenAIServer) -> None:
    huge = ToolCall("check_render", json.dumps({"code": "<p>" + "x" * MAX_REPLY_CHARS + "</p>"}))
    fake_openai.script(Reply(tool_calls=(huge,), chunk_chars=50_000))
    with pytest.raises(ReplyTooLargeError):
        kimi_engine(fake_openai).convert_checking(request(Target.HTML_CSS), StubCheck({}), max_checks=1)


def _assembler() -> ReplyAssembler:
    context = ReplyContext(
        "kimi", "Kimi", "kimi-k2.5", Target.HTML_CSS, "p", "h", "sha", "", started_at="", started=0.0
    )
    return ReplyAssembler(context, None)


def test_a_whole_message_with_tool_calls_is_a_turn_not_an_empty_reply() -> None:
    completion = openai.types.chat.ChatCompletion.model_validate(
        {
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": "kimi-k2.5",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "reasoning_content": "think",
                        "tool_calls": [
                            {
                                "id": "a",
                                "type": "function",
                                "function": {"name": "check_render", "arguments": "{}"},
                            }
                        ],
                    },
                }
            ],
        }
    )
    assembler = _assembler()
    assembler.add_message(completion)
    assert assembler.calls_tools and assembler.reasoning == "think"
    (call,) = assembler.finish_tools()
    assert (call.id, call.name, call.arguments) == ("a", "check_render", "{}")


def _chunk(delta: dict[str, object], reason: str | None) -> object:
    choice = {"index": 0, "delta": delta, "finish_reason": reason}
    return openai.types.chat.ChatCompletionChunk.model_validate(
        {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m", "choices": [choice]}
    )


def _stream(pieces: list[dict[str, object]], finish: str) -> list[object]:
    return [*(_chunk(piece, None) for piece in pieces), _chunk({}, finish)]


def test_streamed_calls_are_joined_by_index_and_a_reply_with_code_is_an_answer() -> None:
    pieces: list[dict[str, object]] = [
        {"content": fenced_page("Done")},
        {"tool_calls": [{"index": 1, "id": "b", "type": "function", "function": {"name": "check_render"}}]},
        {"tool_calls": [{"index": 0, "id": "a", "type": "function", "function": {"name": "check_render"}}]},
        {"tool_calls": [{"index": 1, "function": {"arguments": '{"co'}}]},
        {"tool_calls": [{"index": 1, "function": {"arguments": 'de": 1}'}}]},
    ]
    answering, calling = _assembler(), _assembler()
    for chunk in _stream(pieces, "stop"):
        answering.add_chunk(chunk)
    for chunk in _stream(pieces, "tool_calls"):
        calling.add_chunk(chunk)
    assert not answering.calls_tools and "Done" in answering.finish().code  # code, and "stop"
    assert calling.calls_tools
    assert [(c.id, c.arguments) for c in calling.finish_tools()] == [("a", ""), ("b", '{"code": 1}')]
