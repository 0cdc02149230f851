"""Steps the AppTest suites share: upload the test design and convert it with the fake Kimi."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import JOB_WAIT_S
from tests.builders import encode, mock_ui
from tests.fakes.engines import REACT_REPLY
from tests.fakes.openai_server import FakeOpenAIServer, Reply

DESIGN = encode(mock_ui(640, 400), "PNG")


def upload(app: AppTest, name: str = "home.png", data: bytes = DESIGN) -> AppTest:
    app.file_uploader[0].set_value((name, data, "image/png"))
    app.run()
    return app


def convert_again(app: AppTest, fake_openai: FakeOpenAIServer, reply: str = REACT_REPLY) -> AppTest:
    """Convert the design already uploaded, and wait until the result is shown (and scored)."""
    fake_openai.script(Reply(content=reply))
    next(button for button in app.button if button.label == "Convert").click()
    app.run()
    assert app.session_state["job"].wait(JOB_WAIT_S)
    app.run()  # the live view records the result
    app.run()  # the result is shown, and scored
    assert not app.exception
    return app


def convert(app: AppTest, fake_openai: FakeOpenAIServer) -> AppTest:
    """Upload the test design as ``home.png`` and convert it."""
    return convert_again(upload(app), fake_openai)
