"""The Convert page's address names its result, so a reload (a new session) comes back to it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.app.flows import convert
from tests.builders import shown
from tests.fakes.openai_server import FakeOpenAIServer


def reloaded(conversion_id: str) -> AppTest:
    """What the browser gets on a reload of ``/?c=<id>``: a new session on that address."""
    st.cache_resource.clear()  # and the settings read again, as a restarted server would
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["c"] = conversion_id
    app.run()
    assert not app.exception
    return app


def test_a_reload_comes_back_to_the_result_and_its_design(
    own_library: Path, kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    app = convert(kimi_app, fake_openai)
    (entry,) = app.session_state["history"]
    assert entry.stored_id is not None
    assert app.query_params["c"] == entry.stored_id  # the address names the result shown

    again = reloaded(entry.stored_id)
    (restored,) = again.session_state["history"]
    assert restored.stored_id == entry.stored_id
    assert restored.conversion is not None and entry.conversion is not None
    assert restored.conversion.code == entry.conversion.code
    assert any(tab.label == "Preview" for tab in again.tabs)
    result = next(box for box in again.selectbox if box.label == "Result")
    assert "home.png · React + Tailwind" in shown(result.format_func(result.value))
    # The design is back in the setup (its original is shown beside the result, and it can be
    # converted again), and the setup is folded as after a conversion.
    kept = again.session_state["intake"][1]
    assert kept.source_name == "home.png" and kept.sha256 == entry.conversion.design_sha256
    assert not again.session_state["setup_open"]
    assert not again.error and not again.warning


def test_a_wrong_id_in_the_address_is_explained_and_the_page_stays_usable(kimi_app: AppTest) -> None:
    app = reloaded("no-such-id")
    assert app.title[0].value == "Conversion not found"
    assert "No conversion in this library has the id no-such-id" in shown(app.warning[0].value)
    assert any(title.value == "Convert a design" for title in app.title)
    assert app.file_uploader  # a design can still be uploaded
    assert "history" not in app.session_state or not app.session_state["history"]
