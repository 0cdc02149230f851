"""Agent mode with the real scorer (Chromium + OCR) and the fake Kimi: the model checks code that
leaves out part of the page's text, is told the scores and which texts are missing, and answers
with the whole page; an answer that scores worse than the code it checked loses to that code."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from converters.agent import AgentConverter
from converters.conversion import Conversion, ConversionRequest
from converters.fidelity.service import FidelityService
from converters.intake import DesignImage, load_design
from converters.revise import design_scorer
from converters.targets import Target
from tests.builders import LANDING_TEXTS, encode, landing_html, landing_page
from tests.fakes.engines import EventLog, kimi_engine
from tests.fakes.openai_server import FakeOpenAIServer, Reply, ToolCall

pytestmark = pytest.mark.e2e


def checking(kept: int) -> Reply:
    """A turn of the model that checks the landing page with its first ``kept`` texts."""
    call = ToolCall("check_render", json.dumps({"code": landing_html(kept)}))
    return Reply(reasoning="Let me check the page before I answer.", tool_calls=(call,))


def answering(kept: int) -> Reply:
    return Reply(content=f"```html\n{landing_html(kept)}\n```")


@pytest.fixture(scope="module")
def service() -> Iterator[FidelityService]:
    scorer = FidelityService()
    yield scorer
    scorer.close()


@pytest.fixture(scope="module")
def design() -> DesignImage:
    return load_design(encode(landing_page(), "PNG"), "landing.png")


def test_the_model_is_told_what_its_checked_code_misses_and_its_whole_answer_wins(
    fake_openai: FakeOpenAIServer, service: FidelityService, design: DesignImage
) -> None:
    fake_openai.script(checking(4), answering(len(LANDING_TEXTS)))
    events = EventLog()
    agent = AgentConverter(kimi_engine(fake_openai), design_scorer(service, design), checks=2)
    result = agent.convert(ConversionRequest(design, Target.HTML_CSS), events)

    assert "Get started" in result.code and "Email address" in result.code  # the answer
    (check,) = result.checks
    assert check.score_before is None and check.score_after is not None and check.kept
    assert '"Get started"' in check.feedback and '"Email address"' in check.feedback
    assert "The final answer scores" in check.note and check.note.endswith("kept.")
    sent = fake_openai.chat_requests()[1].body
    assert sent is not None
    assert [m["role"] for m in sent["messages"]] == ["system", "user", "assistant", "tool"]
    assistant, tool = sent["messages"][2:]
    assert assistant["reasoning_content"] == "Let me check the page before I answer."
    assert json.loads(assistant["tool_calls"][0]["function"]["arguments"])["code"] == landing_html(4)
    assert tool["tool_call_id"] == assistant["tool_calls"][0]["id"]
    assert tool["content"].startswith(f"Fidelity {check.score_after:.0%} (Block ")
    assert '"Get started"' in tool["content"] and "You have 1 check(s) left." in tool["content"]
    assert result.usage is not None and result.usage.input_tokens == 2_000  # both turns
    assert result.strategy == "plain + agent (1 check(s))"
    assert Conversion.from_dict(json.loads(result.to_json())).checks == result.checks
    print(f"agent check: {check.score_after:.3f}; model {check.model_s:.2f} s, score {check.score_s:.2f} s")


def test_an_answer_that_scores_worse_than_the_checked_code_loses_to_it(
    fake_openai: FakeOpenAIServer, service: FidelityService, design: DesignImage
) -> None:
    fake_openai.script(checking(6), answering(1))
    agent = AgentConverter(kimi_engine(fake_openai), design_scorer(service, design), checks=2)
    result = agent.convert(ConversionRequest(design, Target.HTML_CSS))
    assert "Upload a mockup" in result.code  # the checked code, not the answer
    (check,) = result.checks
    assert "below the best checked code" in check.note
