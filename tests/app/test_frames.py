"""The frames of one screen on the Convert page (issue 16), through AppTest with the fake Kimi:
the frame list with widths, correcting and swapping them, one result scored per frame,
converting separately, and each bad input said next to the uploader with nothing lost."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from converters.cancel import Cancellation
from converters.conversion import Conversion, ConversionRequest, EventHandler
from converters.errors import FramesError
from converters.intake.frames import MAX_FRAME_WIDTH, MIN_FRAME_WIDTH
from tests.app.conftest import JOB_WAIT_S
from tests.builders import encode, mock_ui, pdf, shown
from tests.fakes.engines import REACT_REPLY
from tests.fakes.fidelity import FakeFidelityService, scored_conversion
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from ui import conversion_queue, session
from ui.frames_upload import MAX_PARTS

DESKTOP = encode(mock_ui(1280, 800), "PNG")
MOBILE = encode(mock_ui(390, 844), "PNG")
RETINA_DESKTOP = encode(mock_ui(2560, 1600), "PNG")  # 1280 CSS px drawn at 2x
TABLET = encode(mock_ui(768, 1024), "PNG")
WIDTH = "Width (CSS px)"
RUNS_TO_SETTLE = 8  # page runs a test allows for its conversions to be recorded, two per job at most


def _frames_mode(app: AppTest) -> AppTest:
    """Choose "Frames of one screen" as where the design comes from."""
    next(group for group in app.button_group if group.key == session.DESIGN_SOURCE).set_value("frames").run()
    assert app.file_uploader[0].label == "Frames of one screen" and app.file_uploader[0].accept_multiple_files
    return app


def _upload(app: AppTest, *files: tuple[str, bytes], mime: str = "image/png") -> AppTest:
    _frames_mode(app).file_uploader[0].set_value([(name, data, mime) for name, data in files])
    app.run()
    assert not app.exception
    return app


def _widths(app: AppTest) -> list[int]:
    return [int(box.value) for box in app.number_input if box.label == WIDTH]


def _names(app: AppTest) -> list[str]:
    """The frames' captions, in the order shown (narrowest first)."""
    return [shown(caption.value).split(" · ")[0] for caption in app.caption if " × " in caption.value]


def _errors(app: AppTest) -> str:
    return "\n".join(shown(error.value) for error in app.error)


def _convert_button(app: AppTest):  # type: ignore[no-untyped-def]
    return next(button for button in app.button if button.label == "Convert")


def _state(app: AppTest, key: str, default: object) -> Any:
    return app.session_state[key] if key in app.session_state else default  # noqa: SIM401 -- no .get here


def _finish(app: AppTest) -> AppTest:
    """Wait for the running jobs (and those queued after them) until each is recorded, and show
    the last result. A job that ends at once may be recorded in the run that started it."""
    for _ in range(RUNS_TO_SETTLE):
        job, queue = _state(app, "job", None), _state(app, session.QUEUE, [])
        if job is None and not queue:
            break
        if job is not None:
            assert job.wait(JOB_WAIT_S)
        app.run()
    app.run()  # the result is shown, and scored
    assert not app.exception
    return app


def test_two_images_are_listed_narrowest_first_with_their_css_widths(kimi_app: AppTest) -> None:
    app = _upload(
        kimi_app, ("desktop@2x.png", RETINA_DESKTOP), ("tablet.png", TABLET), ("mobile.png", MOBILE)
    )
    assert _names(app) == ["mobile.png", "tablet.png", "desktop@2x.png"]
    assert _widths(app) == [390, 768, 1280]  # the 2x export counts half its pixels
    assert not app.error
    assert not _convert_button(app).disabled
    assert not app.metric  # the single design's facts are not shown for frames


def test_a_file_is_still_one_design_and_a_new_file_replaces_it(kimi_app: AppTest) -> None:
    app = kimi_app
    assert not app.file_uploader[0].accept_multiple_files  # "A file": one design, as before
    app.file_uploader[0].set_value(("desktop.png", DESKTOP, "image/png")).run()
    assert not _widths(app) and app.metric[0].value == "1,280 × 800 px"
    app.file_uploader[0].set_value(("mobile.png", MOBILE, "image/png")).run()
    assert not _widths(app) and app.metric[0].value == "390 × 844 px"


def test_a_width_out_of_range_is_brought_into_it_with_a_message(kimi_app: AppTest) -> None:
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    app.number_input[0].set_value(100)
    app.run()
    assert _widths(app) == [MIN_FRAME_WIDTH, 1280]
    notes = " ".join(shown(caption.value) for caption in app.caption)
    assert (
        f"100 px; a frame is {MIN_FRAME_WIDTH} to {MAX_FRAME_WIDTH} CSS px wide, so it is taken as 320 px"
        in notes
    )
    app.number_input[1].set_value(9000)
    app.run()
    assert _widths(app) == [MIN_FRAME_WIDTH, MAX_FRAME_WIDTH]
    assert not app.error and not _convert_button(app).disabled


def test_a_frame_narrower_than_a_phone_is_read_at_the_narrowest_width(kimi_app: AppTest) -> None:
    app = _upload(kimi_app, ("icon.png", encode(mock_ui(200, 200), "PNG")), ("desktop.png", DESKTOP))
    assert _widths(app) == [MIN_FRAME_WIDTH, 1280]
    notes = " ".join(shown(caption.value) for caption in app.caption)
    assert "icon.png is 200 CSS px wide; a frame is 320 to 5120 CSS px wide" in notes


def test_two_frames_of_one_width_are_refused_until_one_is_corrected(kimi_app: AppTest) -> None:
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    app.number_input[1].set_value(390)  # the desktop frame typed at the phone's width
    app.run()
    assert "desktop.png and mobile.png are both 390 px wide" in _errors(app) or (
        "mobile.png and desktop.png are both 390 px wide" in _errors(app)
    )
    assert _convert_button(app).disabled
    assert len(_widths(app)) == 2  # both still there
    app.number_input[1].set_value(1440)
    app.run()
    assert not app.error and not _convert_button(app).disabled
    assert _widths(app) == [390, 1440]


def test_swapping_two_frames_exchanges_their_widths_and_order(kimi_app: AppTest) -> None:
    app = _upload(kimi_app, ("a.png", DESKTOP), ("b.png", MOBILE))
    assert _names(app) == ["b.png", "a.png"]
    next(button for button in app.button if button.label == "Swap with the next").click()
    app.run()
    assert _names(app) == ["a.png", "b.png"]  # a.png is now taken to be the narrow one
    assert _widths(app) == [390, 1280]


def test_frames_convert_into_one_result_scored_at_each_width(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    narrow, wide = scored_conversion(), scored_conversion()
    fidelity.frame_outcomes = (
        replace(narrow, reference=replace(narrow.reference, css_width=390)),
        replace(
            wide,
            reference=replace(wide.reference, css_width=1280),
            report=replace(wide.report, blocks=replace(wide.report.blocks, block=0.5)),
        ),
    )
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    fake_openai.script(Reply(content=REACT_REPLY))
    _convert_button(app).click()
    app.run()
    request = app.session_state["job"].request
    assert [(frame.width, frame.design.source_name) for frame in request.frames] == [
        (390, "mobile.png"),
        (1280, "desktop.png"),
    ]
    assert request.design.source_name == "desktop.png"
    app = _finish(app)
    (entry,) = app.session_state["history"]
    assert [frame.width for frame in entry.frames] == [390, 1280]
    assert entry.stored_id is not None  # saved like any conversion: its design is the widest frame
    assert [widths for widths, _ in fidelity.frame_jobs] == [
        ((request.frames[0].design.sha256, 390), (request.design.sha256, 1280))
    ]
    # Block 90% at 390 px and 50% at 1280 px: the badge is the mean of the five scores' means.
    badges = [shown(text.value) for text in app.markdown if "-badge[" in text.value]
    assert badges == [":orange-badge[:material/target: Fidelity 75%]"]  # (70 + 95 + 80 + 70 + 60) / 5
    scores_tab = next(tab for tab in app.tabs if tab.label == "Fidelity")
    (table,) = scores_tab.table
    frame = table.value
    assert list(frame.columns) == ["Score", "390 px", "1280 px", "Mean"]
    assert frame.iloc[0].tolist() == ["Block", "90%", "50%", "70%"]
    texts = [shown(text.value) for text in scores_tab.markdown]
    assert "**Frame · 390 px** · fidelity 79%" in texts and "**Frame · 1280 px** · fidelity 71%" in texts
    result = next(box for box in app.selectbox if box.label == "Result")
    assert "frames 390 + 1280 px" in shown(result.format_func(result.value))


def test_each_design_can_be_converted_on_its_own_one_after_another(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    next(toggle for toggle in app.toggle if toggle.label == "Convert each design on its own").set_value(True)
    app.run()
    fake_openai.script(Reply(content=REACT_REPLY), Reply(content=REACT_REPLY))
    _convert_button(app).click()
    app.run()
    assert app.session_state["job"].request.frames == ()
    app = _finish(app)  # the first is recorded, the page starts the second, which is recorded too
    entries = app.session_state["history"]
    assert sorted(entry.design_name for entry in entries) == ["desktop.png", "mobile.png"]
    assert all(entry.frames == () and entry.stored_id for entry in entries)
    assert len({entry.stored_id for entry in entries}) == 2  # each its own result in the library
    assert len(fidelity.submitted) >= 1 and not fidelity.frame_jobs  # each scored as one design
    assert not _state(app, session.QUEUE, [])


def test_more_than_four_frames_are_refused_but_kept_and_can_be_converted_separately(
    kimi_app: AppTest,
) -> None:
    files = [
        (f"frame-{width}.png", encode(mock_ui(width, 300), "PNG")) for width in (360, 390, 768, 1024, 1280)
    ]
    app = _upload(kimi_app, *files)
    assert "5 frames were given; one conversion takes at most 4" in _errors(app)
    assert len(_widths(app)) == 5  # every upload is still listed
    assert _convert_button(app).disabled
    next(toggle for toggle in app.toggle if toggle.label == "Convert each design on its own").set_value(True)
    app.run()
    assert not app.error and not _convert_button(app).disabled


def test_one_frame_is_said_and_converts_on_its_own(kimi_app: AppTest) -> None:
    app = _upload(kimi_app, ("desktop.png", DESKTOP))
    assert "Only one frame was given (desktop.png)" in _errors(app)
    assert not _widths(app) and app.metric[0].value == "1,280 × 800 px"  # the design, as if alone
    assert not _convert_button(app).disabled


def test_a_file_that_cannot_be_read_is_left_out_and_said(kimi_app: AppTest) -> None:
    app = _upload(
        kimi_app, ("desktop.png", DESKTOP), ("notes.png", b"just some notes\n" * 10), ("mobile.png", MOBILE)
    )
    errors = _errors(app)
    assert "notes.png was left out" in errors and "holds plain text" in errors
    assert _widths(app) == [390, 1280]  # the others are the frames
    assert not _convert_button(app).disabled


def test_a_documents_pages_can_be_its_frames(
    kimi_app: AppTest, fake_openai: FakeOpenAIServer, fidelity: FakeFidelityService
) -> None:
    pages = [mock_ui(800, 500), mock_ui(390, 700)]
    app = _upload(kimi_app, ("screens.pdf", pdf(pages)), mime="application/pdf")
    assert not app.exception and not app.error
    assert _widths(app) == [390, 800]  # a page's points are its CSS px
    assert _names(app) == ["screens.pdf (page 2)", "screens.pdf (page 1)"]
    assert all(box.label != "Page" for box in app.number_input)  # no page picker: every page is a frame
    fake_openai.script(Reply(content=REACT_REPLY))
    _convert_button(app).click()
    app.run()
    app = _finish(app)
    (entry,) = app.session_state["history"]
    assert [(frame.page, frame.width) for frame in entry.frames] == [(2, 390), (1, 800)]
    ((frames, _),) = fidelity.frame_jobs
    sha256 = entry.conversion.design_sha256
    assert frames == ((f"{sha256}-2", 390), (f"{sha256}-1", 800))  # one file, two readings


def test_a_document_of_too_many_pages_is_refused_as_frames_but_its_pages_can_be_converted_each(
    kimi_app: AppTest,
) -> None:
    pages = [Image.new("RGB", (320 + 40 * number, 200), "white") for number in range(6)]
    app = _upload(kimi_app, ("deck.pdf", pdf(pages)), mime="application/pdf")
    assert "6 frames were given; one conversion takes at most 4" in _errors(app)
    assert _widths(app) == [320, 360, 400, 440, 480, 520]
    assert _convert_button(app).disabled
    next(toggle for toggle in app.toggle if toggle.label == "Convert each design on its own").set_value(True)
    app.run()
    assert not _convert_button(app).disabled


def test_more_frames_than_are_read_are_said(kimi_app: AppTest) -> None:
    pages = [Image.new("RGB", (320 + 10 * number, 200), "white") for number in range(MAX_PARTS + 2)]
    app = _upload(kimi_app, ("long.pdf", pdf(pages)), mime="application/pdf")
    assert len(_widths(app)) == MAX_PARTS
    assert f"Only the first {MAX_PARTS} frames are read" in " ".join(shown(w.value) for w in app.warning)


class _DifferentScreens:
    """An engine that finds the frames are not one screen."""

    name = "offline"
    needs_key = False

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        raise FramesError(
            "desktop.png and mobile.png have little in common: they look like different screens."
        )

    def close(self) -> None:
        pass


def test_frames_an_engine_finds_to_be_different_screens_are_said_next_to_the_uploader(
    kimi_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversion_queue, "create_engine", lambda *_: _DifferentScreens())
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    _convert_button(app).click()
    app.run()
    app = _finish(app)
    (entry,) = app.session_state["history"]
    assert entry.conversion is None and "look like different screens" in str(entry.error)
    setup = next(expander for expander in app.expander if "desktop.png" in shown(expander.label))
    assert setup.proto.expanded  # unfolded: the message is in view
    setup_errors = " ".join(shown(error.value) for error in setup.error)
    assert "These frames were not converted into one result" in setup_errors
    assert "look like different screens" in setup_errors
    assert _widths(app) == [390, 1280]  # nothing uploaded is lost
    next(toggle for toggle in app.toggle if toggle.label == "Convert each design on its own").set_value(True)
    app.run()
    assert not _convert_button(app).disabled
    assert "not converted into one result" not in _errors(app)


def test_the_frames_and_corrected_widths_stay_after_a_visit_to_another_page(kimi_app: AppTest) -> None:
    app = _upload(kimi_app, ("desktop.png", DESKTOP), ("mobile.png", MOBILE))
    app.number_input[1].set_value(1440)
    app.run()
    app.switch_page("pages/library.py").run()
    app.switch_page("pages/convert.py").run()
    assert not app.exception
    assert _widths(app) == [390, 1440]  # whichever source the page opens with
    assert any("Still working on desktop.png, mobile.png" in shown(caption.value) for caption in app.caption)
