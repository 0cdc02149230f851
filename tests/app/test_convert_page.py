"""The Convert page through Streamlit's AppTest: upload, facts, page picker, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.builders import encode, mock_ui, pdf, shown

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("MOONSHOT_API_KEY", "OPENAI_API_KEY", "HANDOFF_ENGINE", "HANDOFF_MAX_UPLOAD_MB"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()  # the app reads settings once per process
    yield
    st.cache_resource.clear()


def _app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    return app


def _upload(app: AppTest, name: str, data: bytes, mime: str) -> AppTest:
    app.file_uploader[0].set_value((name, data, mime))
    app.run()
    assert not app.exception
    return app


def test_empty_page_invites_an_upload() -> None:
    app = _app()
    assert app.title[0].value == "Convert a design"
    assert "Upload a design to begin" in app.info[0].value
    assert not app.error


def test_png_upload_shows_the_normalised_design_and_its_facts() -> None:
    app = _upload(_app(), "home.png", encode(mock_ui(640, 400), "PNG"), "image/png")
    assert not app.error
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Size"] == "640 × 400 px"
    assert metrics["Image tokens for a vision model"] == "≈ 345"  # 23 x 15 cells of 28 px
    assert "**Format** PNG" in shown(app.markdown[0].value)
    assert app.get("image")  # the normalised image is on the page
    assert app.get("download_button")
    assert not app.number_input  # no page picker for a single image


def test_text_file_shows_an_error_and_the_page_recovers() -> None:
    app = _upload(_app(), "notes.png", b"just some notes\n" * 10, "image/png")
    assert "holds plain text" in shown(app.error[0].value)
    assert not app.metric
    app = _upload(app, "home.jpg", encode(mock_ui(), "JPEG"), "image/jpeg")
    assert not app.error
    assert app.metric[0].value == "320 × 200 px"


def test_pdf_shows_a_page_picker_that_switches_pages() -> None:
    pages = [Image.new("RGB", (300, 200), colour) for colour in ("red", "blue", "green")]
    app = _upload(_app(), "deck.pdf", pdf(pages), "application/pdf")
    picker = app.number_input[0]
    assert (picker.label, picker.value, picker.max) == ("Page", 1, 3)
    assert "page 1 of 3" in shown(app.markdown[0].value)
    picker.set_value(3)
    app.run()
    assert "page 3 of 3" in shown(app.markdown[0].value)
    assert not app.error


def test_bad_settings_stop_the_app_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOFF_ENGINE", "nonsense")
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert "Handoff cannot start: HANDOFF_ENGINE is 'nonsense'" in shown(app.error[0].value)
