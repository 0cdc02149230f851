"""The Convert page's choice of how a model is asked (AppTest, fake Kimi): grounding in the
design's reading and the offline draft reach the request, and a change is asked the same way."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.flows import convert_again, upload
from tests.builders import shown
from tests.fakes.openai_server import FakeOpenAIServer
from ui import session
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
