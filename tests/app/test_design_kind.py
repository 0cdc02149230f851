"""The Convert page's Design kind choice: offered with the offline engine, automatic by default,
and a kind chosen there reaches the request; the result's note says what the design was read as."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from converters.offline.routing import KIND_READ_AS
from tests.builders import encode, mock_ui, shown
from ui import session


def _kind_box(app: AppTest) -> object:
    return next(box for box in app.selectbox if box.label == "Design kind")


def test_the_kind_chosen_reaches_the_request_and_the_note_says_so(offline_app: AppTest) -> None:
    box = _kind_box(offline_app)
    assert box.value == session.AUTOMATIC_KIND  # type: ignore[attr-defined]
    offline_app.file_uploader[0].set_value(("page.png", encode(mock_ui(), "PNG"), "image/png"))
    offline_app.run()
    _kind_box(offline_app).set_value("wireframe").run()  # type: ignore[attr-defined]
    assert offline_app.session_state[session.DESIGN_KIND] == "wireframe"
    next(button for button in offline_app.button if button.label == "Convert").click()
    offline_app.run()
    job = offline_app.session_state["job"]
    assert job is None or job.wait(60)
    offline_app.run()
    offline_app.run()
    assert not offline_app.exception
    (entry,) = offline_app.session_state["history"]
    note = f"Read as {KIND_READ_AS['wireframe']}, the kind you chose."
    assert entry.conversion is not None and entry.conversion.notes == (note,)
    assert any(note in shown(caption.value) for caption in offline_app.caption)
