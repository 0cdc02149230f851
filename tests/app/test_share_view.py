"""A read-only link in the app (AppTest), with sign-in on: ``?s=<token>`` shows that conversion
and nothing to change or navigate; an unknown or revoked token, one message; ``?c=<id>`` asks a
visitor to sign in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from converters.settings import Settings
from converters.store import Store
from converters.store.shares import UNKNOWN_LINK
from converters.targets import Target
from tests.app.conftest import APP
from tests.builders import conversion


@pytest.fixture
def library(own_library: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("HANDOFF_TEAM_PASSWORD", "correct horse battery staple")
    for name in ("MOONSHOT_API_KEY", "HANDOFF_ENGINE", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    store = Store.open(Settings(data_dir=own_library))
    yield store
    store.close()
    st.cache_resource.clear()


def visit(query: dict[str, str]) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def test_a_read_only_link_shows_its_conversion_and_nothing_to_change(library: Store) -> None:
    item = library.save(conversion("<main><h1>Pricing</h1></main>", Target.HTML_CSS), None, title="Pricing")
    app = visit({"s": library.share(item.id)})
    assert not app.exception
    assert [title.value for title in app.title] == ["Pricing"]
    assert [tab.label for tab in app.tabs] == ["Preview", "Fidelity", "Code", "Details"]
    assert any("<h1>Pricing</h1>" in str(code.value) for code in app.code)
    assert not app.text_input and not app.text_area and not app.button  # no form, no edit, no convert
    assert not app.sidebar.button


@pytest.mark.parametrize("revoked", [True, False])
def test_a_revoked_or_unknown_link_gets_one_message(library: Store, revoked: bool) -> None:
    item = library.save(conversion("<main>Gone</main>", Target.HTML_CSS), None, title="Gone")
    token = library.share(item.id)
    if revoked:
        library.revoke_share(item.id)
    app = visit({"s": token if revoked else "no-such-token-0123456789abcdef"})
    assert [warning.value for warning in app.warning] == [UNKNOWN_LINK]
    assert "Gone" not in [title.value for title in app.title]


def test_an_app_link_asks_a_visitor_to_sign_in(library: Store) -> None:
    item = library.save(conversion("<main>Team only</main>", Target.HTML_CSS), None, title="Team only")
    app = visit({"c": item.id})
    assert [title.value for title in app.title] == ["Sign in to Handoff"]
    assert not app.code
