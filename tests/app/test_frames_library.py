"""A frames result kept in the library (issue 16), through AppTest: saved with its frames, it
comes back from the Library, a ``?c=`` link and a read-only ``?s=`` link with both frames beside
the preview, their width buttons and (but for the read-only view) its scores at each width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from converters import load_design
from converters.conversion import screen_frames
from converters.settings import Settings
from converters.store import Store
from converters.targets import Target
from tests.app.conftest import APP
from tests.app.test_frames import DESKTOP, MOBILE, WIDTH, _convert_button, _finish, _upload
from tests.app.test_share_view import library  # noqa: F401 -- the read-only link's fixture
from tests.builders import conversion
from tests.fakes.engines import REACT_REPLY
from tests.fakes.fidelity import FakeFidelityService
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from ui import results


@pytest.fixture
def panes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What each result preview was given (``ui.results.side_by_side`` draws them all)."""
    drawn: list[dict[str, Any]] = []

    def record(code: str | None, target: Target, **options: Any) -> None:
        drawn.append(options)

    monkeypatch.setattr(results, "preview_pane", record)
    return drawn


def _frames_of(pane: dict[str, Any]) -> list[int]:
    return [frame.css_width for frame in pane["frames"]]


def _frame_buttons(pane: dict[str, Any]) -> list[str]:
    return [name for name, _ in pane["devices"] if name.startswith("Frame")]


def _scores_columns(app: AppTest) -> list[str]:
    (table,) = next(tab for tab in app.tabs if tab.label == "Fidelity").table
    return list(table.value.columns)


def test_a_saved_frames_result_comes_back_with_its_frames_from_the_library_and_a_link(
    own_library: Path,
    kimi_app: AppTest,
    fake_openai: FakeOpenAIServer,
    fidelity: FakeFidelityService,
    panes: list[dict[str, Any]],
) -> None:
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    app.number_input[1].set_value(1440)  # a corrected width is what is kept
    app.run()
    fake_openai.script(Reply(content=REACT_REPLY))
    _convert_button(app).click()
    app.run()
    (entry,) = _finish(app).session_state["history"]
    stored = Store.open(Settings(data_dir=own_library))
    try:
        assert [frame.width for frame in stored.get(str(entry.stored_id)).frames] == [390, 1440]
    finally:
        stored.close()

    # The Library: both frames beside the preview, and scored again at each width.
    app.switch_page("pages/library.py").run()
    next(button for button in app.button if button.key == f"open-{entry.stored_id}").click().run()
    assert not app.exception
    assert _frames_of(panes[-1]) == [390, 1440] and panes[-1]["original"].css_width == 1440
    assert _frame_buttons(panes[-1]) == ["Frame 390", "Frame 1440"]
    fidelity.frame_jobs.clear()
    app.session_state["library-tabs"] = "Fidelity"
    app.run()
    assert not app.exception
    assert [width for _, width in fidelity.frame_jobs[-1][0]] == [390, 1440]
    assert _scores_columns(app) == ["Score", "390 px", "1440 px", "Mean"]

    # A new session opened by the ``?c=`` link: the result, its frames and widths, as before.
    st.cache_resource.clear()
    fidelity.frame_jobs.clear()
    linked = AppTest.from_file(APP, default_timeout=30)
    linked.query_params["c"] = str(entry.stored_id)
    linked.run()
    assert not linked.exception
    (back,) = linked.session_state["history"]
    assert [(frame.width, frame.sha256) for frame in back.frames] == [
        (frame.width, frame.sha256) for frame in entry.frames
    ]
    assert _frames_of(panes[-1]) == [390, 1440]
    assert _frame_buttons(panes[-1]) == ["Frame 390", "Frame 1440"]
    assert [width for _, width in fidelity.frame_jobs[-1][0]] == [390, 1440]  # rescored per frame
    assert _scores_columns(linked) == ["Score", "390 px", "1440 px", "Mean"]
    widths = [int(box.value) for box in linked.number_input if box.label == WIDTH]
    assert widths == [390, 1440]  # the setup holds the frames, at their widths, to change it again


def test_a_read_only_link_of_a_frames_result_shows_both_frames(
    library: Store,  # noqa: F811 -- the fixture imported above
    fidelity: FakeFidelityService,
    panes: list[dict[str, Any]],
) -> None:
    desktop, mobile = load_design(DESKTOP, "desktop.png"), load_design(MOBILE, "mobile.png")
    frames = screen_frames([desktop, mobile])
    made = conversion("<main><h1>Pricing</h1></main>", Target.HTML_CSS, design_sha256=desktop.sha256)
    item = library.save(made, desktop, frames=frames, title="Pricing")
    library.set_fidelity(item.id, {"block": 0.8, "text": 0.9})
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["s"] = library.share(item.id)
    app.run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Pricing"]
    (pane,) = panes
    assert _frames_of(pane) == [390, 1280] and pane["original"].css_width == 1280
    assert _frame_buttons(pane) == ["Frame 390", "Frame 1280"]
    assert not pane.get("selectable")  # read-only: nothing to point at for a change
    assert not app.button and not app.text_input and not fidelity.frame_jobs  # nothing runs for a visitor
