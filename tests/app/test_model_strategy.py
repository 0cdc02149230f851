"""The Convert page's choice of how a model is asked (AppTest, fake Kimi): grounding in the
design's reading and the offline draft reach the request, and a change is asked the same way."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import JOB_WAIT_S
from tests.app.flows import convert_again, upload
from tests.builders import shown
from tests.fakes.engines import REACT_REPLY
from tests.fakes.fidelity import FakeFidelityService, scored_conversion
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from ui import fidelity_tab, session
from ui.model_strategy import GROUNDING_LABELS


def user_text(fake_openai: FakeOpenAIServer, index: int = -1) -> str:
    body = fake_openai.chat_requests()[index].body
    assert body is not None
    return str(body["messages"][1]["content"][1]["text"])


def test_grounding_and_the_draft_reach_the_request_and_the_details(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = upload(kimi_app)
    choice = next(control for control in app.button_group if control.key == session.GROUNDING)
    assert list(choice.options) == list(GROUNDING_LABELS.values())
    assert choice.value == "off"  # the test session's HANDOFF_GROUNDING
    choice.set_value("layout").run()
    next(box for box in app.checkbox if box.key == session.DRAFT).check().run()
    convert_again(app, fake_openai)
    text = user_text(fake_openai)
    assert "OCR and layout reader" in text and "a starting point to improve" in text
    conversion = app.session_state["history"][0].conversion
    assert conversion.strategy == "grounded (layout) + draft"
    asked = [shown(cell) for table in app.table for cell in table.value["Value"]]
    assert any(value.startswith("grounded (layout) + draft") for value in asked), asked


def test_the_offline_engine_offers_no_such_choice(kimi_app: AppTest) -> None:
    app = upload(kimi_app)
    next(box for box in app.selectbox if box.label == "Engine").set_value("offline").run()
    assert not [control for control in app.button_group if control.key == session.GROUNDING]


class ImprovingScores(FakeFidelityService):
    """Scores code that says "Restored footer" higher (Visual 0.9) than code that does not (0.6)."""

    def submit(
        self,
        design_sha256: str,
        image: Any,
        code: str,
        target: Any,
        *,
        css_width: int | None = None,
        a11y: bool = False,
        blocks: Any = None,
    ) -> Any:
        base = scored_conversion()
        better = dataclasses.replace(base.report, visual=0.9 if "Restored footer" in code else 0.6)
        self.outcome = dataclasses.replace(base, report=better)
        return super().submit(design_sha256, image, code, target, css_width=css_width, a11y=a11y)


def test_a_checked_conversion_is_revised_when_that_scores_better_and_details_show_the_round(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ImprovingScores()
    monkeypatch.setattr(fidelity_tab, "fidelity_service", lambda: service)
    app = upload(kimi_app)
    next(control for control in app.button_group if control.key == session.REVISE).set_value(1).run()
    fake_openai.script(
        Reply(content=REACT_REPLY),
        Reply(content=REACT_REPLY.replace("</main>", "<footer>Restored footer</footer></main>")),
    )
    next(button for button in app.button if button.label == "Convert").click().run()
    assert app.session_state["job"].wait(JOB_WAIT_S)
    app.run()
    app.run()
    conversion = app.session_state["history"][0].conversion
    assert "Restored footer" in conversion.code  # the revision, kept
    (check,) = conversion.checks
    assert check.kept and check.score_after > check.score_before and '"Old footer"' in check.feedback
    sent = fake_openai.chat_requests()[-1].body
    assert sent is not None and "Handoff rendered the code" in sent["messages"][3]["content"][0]["text"]
    assert sent["messages"][3]["content"][1]["type"] == "image_url"  # the render it scored, to look at
    assert [
        request.body["messages"][1]["content"][0]["type"] for request in fake_openai.chat_requests()[-2:]
    ] == [
        "image_url",
        "image_url",
    ]  # the design went with both turns, once each
    app.session_state["result-tabs"] = "Details"
    app.run()
    assert any(shown(heading.value) == "##### Check and revise" for heading in app.markdown)


class ScoresByText(FakeFidelityService):
    """Scores code by how many of the words ``Alpha``, ``Beta``, ``Gamma`` it holds (Visual 0.3 each)."""

    def submit(
        self,
        design_sha256: str,
        image: Any,
        code: str,
        target: Any,
        *,
        css_width: int | None = None,
        a11y: bool = False,
        blocks: Any = None,
    ) -> Any:
        base = scored_conversion()
        words = sum(word in code for word in ("Alpha", "Beta", "Gamma"))
        self.outcome = dataclasses.replace(base, report=dataclasses.replace(base.report, visual=0.3 * words))
        return super().submit(design_sha256, image, code, target, css_width=css_width, a11y=a11y)


def test_variants_are_ranked_in_a_strip_kept_in_the_library_and_any_can_be_made_current(
    own_library: Any, kimi_app: AppTest, fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ScoresByText()
    monkeypatch.setattr(fidelity_tab, "fidelity_service", lambda: service)
    app = upload(kimi_app)
    next(control for control in app.button_group if control.key == session.VARIANTS).set_value(3).run()
    assert next(box for box in app.checkbox if box.key == session.AGENT).disabled  # variant 4 is the agent
    replies = [REACT_REPLY.replace("Welcome", words) for words in ("Alpha", "Alpha Beta Gamma", "Alpha Beta")]
    fake_openai.script(*(Reply(content=reply) for reply in replies))
    next(button for button in app.button if button.label == "Convert").click().run()
    assert app.session_state["job"].wait(20)
    app.run()
    app.run()
    assert not app.exception
    history = app.session_state["history"]
    assert len(history) == 3 and len(fake_openai.chat_requests()) == 3
    best = history[0]  # the best is recorded last: it is shown, and it is the design's latest
    assert "Alpha Beta Gamma" in best.conversion.code and best.conversion.strategy.startswith("best of 3")
    cards = best.variants
    assert [card.score for card in cards] == sorted((card.score for card in cards), reverse=True)
    assert all(entry.variants == cards and entry.stored_id for entry in history)  # all in the library
    assert {card.strategy for card in cards} == {"Plain", "Grounded", "Grounded + draft"}
    captions = [shown(caption.value) for caption in app.caption]
    assert any("3 variants of this design, best first" in caption for caption in captions)
    assert [button.label for button in app.button if button.key and button.key.startswith("variant-")] == [
        "Current",
        "Use this",
        "Use this",
    ]
    worst = cards[-1]
    next(button for button in app.button if button.key == f"variant-{best.id}-3").click().run()
    assert app.session_state["selected_result"] == worst.entry_id
    labels = [button.label for button in app.button if button.key and button.key.startswith("variant-")]
    assert labels == ["Use this", "Use this", "Current"]
