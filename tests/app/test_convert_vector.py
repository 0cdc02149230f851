"""A vector design converted offline in the app: the result says how the design was read."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from converters.offline.reading import READ_FROM_FILE
from tests.builders import shown
from tests.unit.test_intake_vector_svg import LOGIN


def test_an_svg_with_live_text_is_said_to_be_read_from_the_file(offline_app: AppTest) -> None:
    offline_app.file_uploader[0].set_value(("login.svg", LOGIN, "image/svg+xml"))
    offline_app.run()
    metrics = {metric.label: metric.value for metric in offline_app.metric}
    assert metrics["Size"] == "800 × 600 px"  # its CSS size; the picture is rendered at 2x
    next(button for button in offline_app.button if button.label == "Convert").click()
    offline_app.run()
    job = offline_app.session_state["job"]  # None when the result is recorded already (it is fast)
    assert job is None or job.wait(60)
    offline_app.run()
    offline_app.run()
    assert not offline_app.exception
    (entry,) = offline_app.session_state["history"]
    assert entry.conversion is not None and entry.conversion.notes == (READ_FROM_FILE,)
    assert "max-w-[800px]" in entry.conversion.code
    assert any(READ_FROM_FILE in shown(caption.value) for caption in offline_app.caption)
