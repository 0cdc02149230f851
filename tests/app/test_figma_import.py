"""The Convert page's Figma import through AppTest, against the fake Figma API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from converters.intake.figma_png import frame_in
from tests.app.flows import convert_again
from tests.builders import shown
from tests.fakes.figma_server import FIGMA_TEST_TOKEN, FakeFigmaServer, Fault, FigmaFixture, load_fixture
from tests.fakes.openai_server import FakeOpenAIServer
from ui import session


@pytest.fixture
def figma(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeFigmaServer, FigmaFixture]]:
    """The fake API with one frame, and ``FIGMA_API_BASE`` pointing at it: ask for it before
    ``kimi_app``, which reads the settings."""
    with FakeFigmaServer() as server:
        fixture = server.add(load_fixture("auto-layout-form"))
        monkeypatch.setenv("FIGMA_API_BASE", server.base_url)
        monkeypatch.delenv("FIGMA_TOKEN", raising=False)
        st.cache_resource.clear()  # the app reads settings once per process
        yield server, fixture
        st.cache_resource.clear()


def _figma_tab(app: AppTest) -> AppTest:
    source = next(group for group in app.button_group if group.key == session.DESIGN_SOURCE)
    source.set_value("figma").run()
    assert not app.exception
    return app


def _import(app: AppTest, link: str, token: str) -> AppTest:
    app.text_input(key=session.FIGMA_LINK).set_value(link)
    app.text_input(key=session.FIGMA_TOKEN).set_value(token)
    next(button for button in app.button if button.label == "Import from Figma").click().run()
    assert not app.exception
    return app


def _page_text(app: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "error", "info", "warning") for e in app.get(kind)]
    parts += [str(metric.value) for metric in app.metric]
    return "\n".join(shown(part) for part in parts)


def test_an_imported_frame_is_the_design_and_converts(
    figma: tuple[FakeFigmaServer, FigmaFixture], kimi_app: AppTest, fake_openai: FakeOpenAIServer
) -> None:
    server, fixture = figma
    app = _import(_figma_tab(kimi_app), fixture.link, FIGMA_TEST_TOKEN)
    assert not app.error
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Size"] == "800 × 600 px"  # the frame's CSS size: its 2x picture halved
    text = _page_text(app)
    assert "Sign in - Tablet.png" in text and "Imported from Figma: frame “Sign in / Tablet”" in text
    assert app.get("image")  # the frame's picture is shown as the design
    kept = app.session_state[session.INTAKE][1]
    assert kept.figma.node_id == "1:2" and kept.figma.document["name"] == "Sign in / Tablet"
    ((sha256, original),) = app.session_state["intake_original"].items()  # what the library will keep
    assert sha256 == kept.sha256 and frame_in(original) == kept.figma
    app = convert_again(app, fake_openai)
    assert app.session_state["history"][0].conversion.design_sha256 == kept.sha256
    assert FIGMA_TEST_TOKEN not in _page_text(app)
    assert server.count("picture") == 1


def test_each_fault_is_shown_and_the_page_stays_usable(
    figma: tuple[FakeFigmaServer, FigmaFixture], kimi_app: AppTest
) -> None:
    server, fixture = figma
    app = _import(_figma_tab(kimi_app), fixture.link, "figd_expired-token-123")
    assert "Figma refused the access token (HTTP 403: Invalid token)" in shown(app.error[0].value)
    assert "figd_expired-token-123" not in _page_text(app)
    app = _import(app, "https://www.figma.com/design/KEY123456/x", FIGMA_TEST_TOKEN)
    assert "has no node-id" in shown(app.error[0].value)
    server.fail("images", Fault(429, headers={"Retry-After": "90"}))
    app = _import(app, fixture.link, FIGMA_TEST_TOKEN)
    assert "try again in 90 s" in shown(app.error[0].value)
    convert = next(button for button in app.button if button.label == "Convert")
    assert convert.disabled  # no design yet
    app = _import(app, fixture.link, FIGMA_TEST_TOKEN)  # the limit passed
    assert not app.error and {m.label: m.value for m in app.metric}["Size"] == "800 × 600 px"
    assert not next(button for button in app.button if button.label == "Convert").disabled


def test_a_token_in_the_environment_is_said_never_shown(
    figma: tuple[FakeFigmaServer, FigmaFixture], kimi_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    _server, fixture = figma
    monkeypatch.setenv("FIGMA_TOKEN", FIGMA_TEST_TOKEN)
    st.cache_resource.clear()
    app = AppTest.from_file(kimi_app._script_path, default_timeout=30)
    app.run()
    app = _figma_tab(app)
    assert "A Figma token is set in the environment (FIGMA_TOKEN)." in _page_text(app)
    assert app.text_input(key=session.FIGMA_TOKEN).value == ""
    app = _import(app, fixture.link, "")  # the field left empty: the environment's token is used
    assert not app.error and app.session_state[session.INTAKE][1].figma is not None
    assert FIGMA_TEST_TOKEN not in _page_text(app)
