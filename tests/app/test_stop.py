"""Stop on an offline conversion, through AppTest: the live view shows the engine's stages with
their times, or its place in line while it waits for a reader (never "Waiting for code…"), and
Stop ends the conversion as stopped, not as an error."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import converters.offline.engine as offline_engine
from converters.cancel import Cancellation
from converters.offline.slots import ReadSlots
from tests.app.conftest import APP
from tests.app.flows import upload
from tests.builders import encode, landing_page, shown
from tests.fakes.held_offline import HeldOfflineEngine
from ui.session import HistoryEntry

WAIT_S = 60  # a safety net on a loaded machine, not a latency bound (see benchmarks/stop_bench.py)


@pytest.fixture
def offline_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[AppTest, list[HeldOfflineEngine]]]:
    """The app with no key, so on the offline engine, which holds inside its OCR until stopped."""
    for name in ("MOONSHOT_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "HANDOFF_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HANDOFF_ENGINE", "offline")
    made: list[HeldOfflineEngine] = []

    class Recorded(HeldOfflineEngine):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    # The registry's factory imports the class when it makes an engine: it gets this one.
    monkeypatch.setattr(offline_engine, "OfflineEngine", Recorded)
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=WAIT_S)
    app.run()
    yield app, made
    job = app.session_state["job"] if "job" in app.session_state else None  # noqa: SIM401 -- no .get here
    if job is not None:
        job.stop()
        job.wait(WAIT_S)
    st.cache_resource.clear()


def test_stop_on_an_offline_conversion_shows_its_stages_then_ends_as_stopped(
    offline_app: tuple[AppTest, list[HeldOfflineEngine]],
) -> None:
    app, made = offline_app
    upload(app, "landing.png", encode(landing_page(), "PNG"))
    next(button for button in app.button if button.label == "Convert").click()
    app.run()
    (engine,) = made
    assert engine.holding.wait(WAIT_S)  # reading the text, after its first line
    app.run()

    live = " ".join(shown(block.value) for block in app.markdown).replace("**", "")
    assert re.search(r"Finding the text · \d+ regions · \d+\.\d s", live), live
    assert re.search(r"Reading the text · 1 of \d+ lines · \d+\.\d s", live), live
    assert "3 more to come" in live
    assert not any("Waiting for code" in code.value for code in app.code)
    assert any(image.proto.imgs[0].caption == "The design being read" for image in app.get("image"))

    job = app.session_state["job"]
    next(button for button in app.button if button.label == "Stop").click()
    app.run()  # Stop's callback stops the job; the live view waits for it, records it and reruns
    assert job.wait(WAIT_S) and job.snapshot().stopped
    app.run()

    assert not app.exception and "job" in app.session_state and app.session_state["job"] is None
    entry: HistoryEntry = app.session_state["history"][0]
    assert entry.conversion is None and entry.error is None
    assert entry.stopped is not None and entry.stopped.startswith("Stopped after")
    assert entry.title.endswith("· landing.png · React + Tailwind · stopped")
    assert not app.error  # no red "failed"
    result = next(box for box in app.selectbox if box.label == "Result")
    assert shown(result.format_func(result.value)).endswith("· stopped")
    assert any(shown(info.value).startswith("Stopped after") for info in app.info)  # and says so


def test_an_offline_conversion_waiting_for_a_reader_says_so_beside_the_design_and_can_be_stopped(
    offline_app: tuple[AppTest, list[HeldOfflineEngine]], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = offline_app
    slots = ReadSlots(1)
    monkeypatch.setattr(offline_engine, "READS", slots)
    with ExitStack() as taken:  # another session's read holds the one slot
        taken.enter_context(slots.held(Cancellation(), lambda ahead: None))
        upload(app, "landing.png", encode(landing_page(), "PNG"))
        next(button for button in app.button if button.label == "Convert").click()
        app.run()
        job = app.session_state["job"]
        deadline = time.monotonic() + WAIT_S
        while "in line" not in job.snapshot().status and time.monotonic() < deadline:
            time.sleep(0.05)
        app.run()

        live = " ".join(shown(block.value) for block in app.markdown)
        assert "Waiting for a free reader: number 1 in line" in live, live
        assert not any("Waiting for code" in code.value for code in app.code)
        assert any(image.proto.imgs[0].caption == "The design being read" for image in app.get("image"))

        next(button for button in app.button if button.label == "Stop").click()
        app.run()
        assert job.wait(WAIT_S) and job.snapshot().stopped
    app.run()
    assert not app.exception and app.session_state["job"] is None
    assert app.session_state["history"][0].stopped is not None
