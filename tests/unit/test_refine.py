"""Asking for a change to a result: the conversation sent to the model, one request per turn
(the image once, the current code as the assistant's answer, the earlier instructions as a list,
the rules repeated), what comes back, and what is refused before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from converters.conversion import MAX_CHANGE_CHARS, MAX_ELEMENT_CHARS, ConversionRequest, Revision
from converters.errors import ChangeRequestError, EngineUnavailableError
from converters.offline.engine import OfflineEngine
from converters.targets import Target
from tests.fakes.engines import REACT_REPLY, kimi_engine, request
from tests.fakes.openai_server import FakeOpenAIServer, Reply

STICKY = "Make the header sticky"
BLUE = "Use #0052cc for the buttons"


def react(heading: str) -> str:
    return (
        "import React from 'react';\n\nexport default function App() {\n"
        f'  return <main className="p-4"><h1>{heading}</h1><button>Sign up</button></main>;\n}}\n'
    )


def turn(code: str, instruction: str, *earlier: str) -> ConversionRequest:
    first = request(Target.REACT_TAILWIND)
    return ConversionRequest(first.design, first.target, revision=Revision(code, instruction, earlier))


def images(messages: list[dict[str, Any]]) -> int:
    return sum(
        1
        for message in messages
        if isinstance(message["content"], list)
        for part in message["content"]
        if part.get("type") == "image_url"
    )


def test_each_turn_sends_the_design_once_the_current_code_and_the_list_of_earlier_changes(
    fake_openai: FakeOpenAIServer,
) -> None:
    engine = kimi_engine(fake_openai)
    fake_openai.script(
        Reply(content=REACT_REPLY),
        Reply(content=f"```jsx\n{react('Sticky')}```"),
        Reply(content=f"```jsx\n{react('Blue')}```", reasoning="The buttons first."),
    )
    first = engine.convert(request(Target.REACT_TAILWIND))
    second = engine.convert(turn(first.code, STICKY))
    third = engine.convert(turn(second.code, BLUE, STICKY))
    sent = [r.body["messages"] for r in fake_openai.chat_requests() if r.body is not None]
    assert [len(messages) for messages in sent] == [2, 4, 4]
    assert [images(messages) for messages in sent] == [1, 1, 1]  # once per request, never per turn
    assert sent[1][:2] == sent[0][:2] == sent[2][:2]  # exactly as the conversion sent them
    assert sent[1][2] == {"role": "assistant", "content": f"```jsx\n{first.code.rstrip()}\n```"}
    assert sent[2][2]["content"] == f"```jsx\n{second.code.rstrip()}\n```"  # the current code only
    assert first.code not in json.dumps(sent[2])  # older versions are not resent
    asked_second, asked_third = sent[1][3]["content"], sent[2][3]["content"]
    assert STICKY in asked_second and "(none)" in asked_second
    assert BLUE in asked_third and f"1. {STICKY}" in asked_third
    for asked in (asked_second, asked_third):  # the output rules are repeated
        assert "one fenced code block" in asked and "React + Tailwind" in asked
    assert "reasoning_content" not in sent[2][2]  # no thinking resent: there are no tool calls
    assert (first.instruction, second.instruction, third.instruction) == ("", STICKY, BLUE)
    assert "<h1>Blue</h1>" in third.code and third.usage is not None
    assert "refine" in third.prompt_name and third.prompt_hash != first.prompt_hash


def test_a_turn_grows_with_the_instruction_list_only(fake_openai: FakeOpenAIServer) -> None:
    engine = kimi_engine(fake_openai)
    fake_openai.script(*(Reply(content=f"```jsx\n{react('Same')}```") for _ in range(2)))
    code = react("Same")
    engine.convert(turn(code, BLUE, STICKY))
    engine.convert(turn(code, BLUE, STICKY, "Round the cards", "Add a footer"))
    second, fifth = (len(json.dumps(r.body)) for r in fake_openai.chat_requests())
    listed = len(json.dumps("\n2. Round the cards\n3. Add a footer")) - 2
    assert fifth - second == listed


def test_a_change_is_refused_before_anything_is_sent() -> None:
    code = react("Welcome")
    with pytest.raises(ChangeRequestError, match="empty"):
        Revision(code, "   ")
    with pytest.raises(ChangeRequestError, match=f"at most {MAX_CHANGE_CHARS:,}"):
        Revision(code, "x" * 10_000)
    with pytest.raises(ChangeRequestError, match="no code"):
        Revision("", STICKY)
    assert Revision(code, f"  {STICKY}\n").instruction == STICKY


def test_a_change_about_a_selected_element_sends_its_markup_once_fenced(
    fake_openai: FakeOpenAIServer,
) -> None:
    engine = kimi_engine(fake_openai)
    fake_openai.script(
        Reply(content=f"```jsx\n{react('Welcome')}```"), Reply(content=f"```jsx\n{react('Next')}```")
    )
    code, markup = react("Welcome"), '<button class="px-4">Sign up ```</button>'
    first = request(Target.REACT_TAILWIND)
    about = Revision(code, "On the <button> “Sign up”: make it larger", (), element=markup)
    changed = engine.convert(ConversionRequest(first.design, first.target, revision=about))
    asked = fake_openai.chat_requests()[0].body["messages"][3]["content"]
    assert "make it larger" in asked and "about this element only" in asked
    assert f"````html\n{markup}\n````" in asked  # a fence longer than the markup's own backticks
    assert changed.instruction == about.instruction and "refine-element" in changed.prompt_name
    engine.convert(turn(code, BLUE))  # without an element, no element section
    assert "about this element" not in fake_openai.chat_requests()[1].body["messages"][3]["content"]
    with pytest.raises(ChangeRequestError, match="Select a smaller part"):
        Revision(code, STICKY, element="x" * (MAX_ELEMENT_CHARS + 1))


def test_the_offline_engine_says_how_to_set_up_a_model_for_changes() -> None:
    with pytest.raises(EngineUnavailableError, match="Settings page") as caught:
        OfflineEngine().convert(turn(react("Welcome"), STICKY))
    assert "MOONSHOT_API_KEY" in str(caught.value)


def test_a_stopped_or_cut_change_comes_back_partial_with_its_instruction(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.script(Reply(content=f"```jsx\n{react('Cut')}```", finish_reason="length"))
    result = kimi_engine(fake_openai).convert(turn(react("Welcome"), STICKY))
    assert not result.complete and result.instruction == STICKY
