"""Sign-in in the app (AppTest): with ``HANDOFF_TEAM_PASSWORD`` set, nothing but the sign-in form
until the right password; wrong ones are refused, then held off for a while; the signed-in name is
the author of what they convert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from converters.access import FAILURES_PER_CLIENT
from converters.settings import Settings
from converters.store import Store
from tests.app.conftest import APP
from tests.app.flows import convert
from tests.fakes.engines import TEST_KEY
from tests.fakes.openai_server import FakeOpenAIServer
from ui import session

PASSWORD = "correct horse battery staple"


@pytest.fixture
def team_app(
    own_library: Path, monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAIServer
) -> Iterator[AppTest]:
    monkeypatch.setenv("HANDOFF_TEAM_PASSWORD", PASSWORD)
    monkeypatch.setenv("MOONSHOT_API_KEY", TEST_KEY)
    monkeypatch.setenv("MOONSHOT_BASE_URL", fake_openai.base_url)
    for name in ("HANDOFF_ENGINE", "HANDOFF_MODEL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()  # the settings and the rate limit are the process's
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    yield app
    st.cache_resource.clear()


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    fields = {field.label: field for field in app.text_input}
    fields["Your name"].input(name)
    fields["Team password"].input(password)
    app.button[0].click()
    return app.run()


def shown_text(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in [*app.title, *app.error, *app.caption, *app.markdown])


def test_nothing_but_the_form_until_the_right_password(team_app: AppTest) -> None:
    assert [title.value for title in team_app.title] == ["Sign in to Handoff"]
    assert [field.label for field in team_app.text_input] == ["Your name", "Team password"]
    for _ in range(FAILURES_PER_CLIENT):
        sign_in(team_app, "Ana", "guess")
        assert [error.value for error in team_app.error] == ["That is not the team's password."]
    sign_in(team_app, "Ana", PASSWORD)  # right, but too late: this address waits now
    [held] = team_app.error
    assert held.value.startswith("Too many wrong passwords. Wait ") and held.value.endswith(
        " s, then try again."
    )
    assert session.SIGNED_IN_AS not in team_app.session_state
    assert PASSWORD not in shown_text(team_app)


def test_the_right_password_opens_the_app_and_records_the_author(
    team_app: AppTest, fake_openai: FakeOpenAIServer, own_library: Path
) -> None:
    sign_in(team_app, "  ", PASSWORD)
    assert "Give your name" in team_app.error[0].value
    sign_in(team_app, "Ana  Lima", PASSWORD)
    assert team_app.session_state[session.SIGNED_IN_AS] == "Ana Lima"
    assert [caption.value for caption in team_app.sidebar.caption] == [
        ":material/person: Signed in as Ana Lima"
    ]
    # Signing out is tested in a real browser (tests/e2e/test_sign_in.py): AppTest runs a page
    # after the first run in Streamlit's legacy pages/ mode, without app.py and its sidebar.
    convert(team_app, fake_openai)
    store = Store.open(Settings(data_dir=own_library))
    try:
        [saved] = store.recent()
    finally:
        store.close()
    assert saved.author == "Ana Lima"
