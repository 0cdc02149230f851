"""Agent mode (``converters.agent``) with a stub scorer and the fake Kimi: the rounds it records,
the best of the answer and the checked code, the cost cap, failures and stops."""

from __future__ import annotations

import dataclasses
import json

import pytest

from converters.agent import AgentConverter, supports_agent
from converters.cancel import Cancellation
from converters.conversion import Conversion
from converters.engines import create_engine
from converters.errors import ConversionStoppedError, EngineUnavailableError, RenderError
from converters.fidelity.feedback import feedback
from converters.fidelity.service import ScoredConversion
from converters.settings import Settings
from converters.targets import Target
from tests.fakes.engines import check_call, fenced_page, kimi_engine, request
from tests.fakes.fidelity import scored_conversion
from tests.fakes.openai_server import ErrorReply, FakeOpenAIServer, Reply, ToolCall

VISUAL = {"Low": 0.1, "High": 0.9, "Mid": 0.5}
"""The stub's Visual score for code holding each word (``scored_conversion`` gives the other four)."""


class StubScorer:
    """``scored_conversion()`` with its Visual score picked by a word in the code; records codes."""

    def __init__(self) -> None:
        self.codes: list[str] = []

    def __call__(self, conversion: Conversion) -> ScoredConversion:
        self.codes.append(conversion.code)
        base = scored_conversion()
        visual = next((value for word, value in VISUAL.items() if word in conversion.code), 0.0)
        return dataclasses.replace(base, report=dataclasses.replace(base.report, visual=visual))


def fidelity(word: str) -> float:
    return (0.9 + 0.95 + 0.8 + 0.7 + VISUAL[word]) / 5


def test_rounds_are_recorded_and_the_best_checked_code_beats_a_worse_answer(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.script(
        Reply(tool_calls=(check_call("Low"),)),
        Reply(tool_calls=(check_call("High"),)),
        Reply(fenced_page("Mid")),
    )
    scorer = StubScorer()
    agent = AgentConverter(kimi_engine(fake_openai), scorer, checks=3)
    result = agent.convert(request(Target.HTML_CSS))

    assert "<p>High</p>" in result.code and result.complete  # never worse than what was measured
    assert len(scorer.codes) == 3  # two checks and the final answer
    first, second = result.checks
    assert first.score_before is None and first.score_after == pytest.approx(fidelity("Low")) and first.kept
    assert second.score_before == pytest.approx(fidelity("Low")) and second.kept
    assert second.score_after == pytest.approx(fidelity("High"))
    notes = feedback(scored_conversion())
    assert first.feedback == notes.text and first.problems == notes.problems > 0
    assert '"Old footer"' in first.feedback
    assert (first.input_tokens, first.output_tokens) == (1000, 500) and first.cost_usd is not None
    assert "below the best checked code" in second.note
    assert result.strategy == "plain + agent (2 check(s))"
    assert result.usage is not None and result.usage.input_tokens == 3000  # every turn
    assert Conversion.from_dict(json.loads(result.to_json())).checks == result.checks

    tool = fake_openai.chat_requests()[1].body["messages"][-1]  # type: ignore[index]
    assert tool["role"] == "tool"
    assert tool["content"].startswith(
        f"Fidelity {fidelity('Low'):.0%} (Block 90%, Text 95%, Position 80%, Color 70%, Visual 10%;"
    )
    assert '"Old footer"' in tool["content"] and first.feedback in tool["content"]


def test_a_better_final_answer_is_the_result(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(tool_calls=(check_call("Low"),)), Reply(fenced_page("High")))
    agent = AgentConverter(kimi_engine(fake_openai), StubScorer(), checks=2)
    result = agent.convert(request(Target.HTML_CSS))
    assert "<p>High</p>" in result.code
    (check,) = result.checks
    assert "The final answer scores" in check.note and check.note.endswith("kept.")


def test_the_cost_cap_ends_the_loop_with_the_best_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(tool_calls=(check_call("Low"),)), Reply(fenced_page("High")))
    agent = AgentConverter(kimi_engine(fake_openai), StubScorer(), checks=3, max_cost_usd=0.001)
    result = agent.convert(request(Target.HTML_CSS))
    assert "<p>Low</p>" in result.code
    (check,) = result.checks
    assert "cost cap ($0.0010)" in check.note and check.score_after is not None
    assert len(fake_openai.chat_requests()) == 1  # the first turn cost $0.0021


def test_a_failed_turn_after_a_check_keeps_the_checked_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(tool_calls=(check_call("Mid"),)), ErrorReply(400, "bad request"))
    agent = AgentConverter(kimi_engine(fake_openai), StubScorer(), checks=2)
    result = agent.convert(request(Target.HTML_CSS))
    assert "<p>Mid</p>" in result.code
    assert "The model's turn failed" in result.checks[-1].note


def test_a_stop_while_scoring_keeps_the_best_checked_code_and_its_rounds(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.script(
        Reply(tool_calls=(check_call("High"),)),
        Reply(tool_calls=(check_call("Low"),)),
        Reply(fenced_page("x")),
    )
    cancel, scorer = Cancellation(), StubScorer()

    def score_then_stop(conversion: Conversion) -> ScoredConversion:
        if len(scorer.codes) == 1:
            cancel.cancel()  # the user stops while the second check renders
        return scorer(conversion)

    agent = AgentConverter(kimi_engine(fake_openai), score_then_stop, checks=3)
    with pytest.raises(ConversionStoppedError) as stopped:
        agent.convert(request(Target.HTML_CSS), cancel=cancel)
    partial = stopped.value.partial
    assert isinstance(partial, Conversion) and "<p>High</p>" in partial.code
    assert len(partial.checks) == 2 and "agent (2 check(s))" in partial.strategy
    assert len(fake_openai.chat_requests()) == 2


def test_only_engines_that_call_tools_can_be_agents(fake_openai: FakeOpenAIServer) -> None:
    offline = create_engine("offline", Settings.from_env({}))
    assert supports_agent(kimi_engine(fake_openai)) and not supports_agent(offline)
    with pytest.raises(EngineUnavailableError, match="Agent mode needs a model engine"):
        AgentConverter(offline, StubScorer(), checks=2)
    with pytest.raises(ValueError, match="at least one check"):
        AgentConverter(kimi_engine(fake_openai), StubScorer(), checks=0)
    offline.close()


def test_a_call_that_cannot_be_scored_is_told_so(fake_openai: FakeOpenAIServer) -> None:
    def broken(conversion: Conversion) -> ScoredConversion:
        raise RenderError("Chromium is not installed.")

    call = ToolCall("check_render", json.dumps({"code": "<p>x</p>"}))
    fake_openai.script(Reply(tool_calls=(call,)), Reply(fenced_page("y")))
    result = AgentConverter(kimi_engine(fake_openai), broken, checks=2).convert(request(Target.HTML_CSS))
    assert "<p>y</p>" in result.code
    (check,) = result.checks
    assert check.score_after is None and not check.kept and "could not be rendered" in check.note
    tool = fake_openai.chat_requests()[1].body["messages"][-1]  # type: ignore[index]
    assert "could not render and score this code: Chromium is not installed." in tool["content"]
