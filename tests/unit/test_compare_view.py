"""What the result's pane is given to compare with: the original measured in CSS px (as it is
scored), the device widths to look at it, and a URL for its picture."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from converters.conversion import Frame
from converters.intake import load_design
from converters.store import StoredDesign
from tests.builders import encode, mock_ui, svg
from ui.library_fidelity import stored_css_width
from ui.media import inline_url
from ui.results import DEVICE_WIDTHS, design_original, device_widths, frame_original


def test_a_design_of_a_usual_width_is_shown_at_it_and_an_unusual_one_adds_its_own() -> None:
    assert device_widths(1280) == list(DEVICE_WIDTHS.items())
    assert device_widths(1440) == [("Design", 1440), *DEVICE_WIDTHS.items()]
    assert device_widths(390)[0] == ("Design", 390)


def test_a_frames_result_is_looked_at_at_each_frames_width_then_the_other_usual_widths() -> None:
    assert device_widths(1280, (390, 1280)) == [
        ("Frame 390", 390),
        ("Frame 1280", 1280),
        *[(name, width) for name, width in DEVICE_WIDTHS.items() if width != 1280],
    ]
    assert [name for name, _ in device_widths(1440, (375, 768, 1440))] == [
        "Frame 375", "Frame 768", "Frame 1440", "Desktop",
    ]  # fmt: skip


def test_a_frame_is_shown_at_its_own_width_which_the_user_may_have_corrected() -> None:
    design = load_design(encode(mock_ui(780, 1600), "PNG"), "phone@2x.png")  # read as 780 CSS px
    original = frame_original(Frame(design, 390))
    assert original.css_width == 390 and original.data == design.display_copy.data


def test_the_original_is_measured_in_css_px_as_its_result_is_scored() -> None:
    vector = load_design(svg("<rect width='800' height='600' fill='#4f46e5'/>", "800", "600"), "login.svg")
    assert vector.width == 1600  # drawn at 2x for OCR ...
    original = design_original(vector)
    assert original.css_width == 800 and original.mime == "image/png"  # ... shown as 800 CSS px
    assert original.data == vector.display_copy.data
    screenshot = design_original(load_design(encode(mock_ui(2560, 1600), "PNG"), "retina.png"))
    assert screenshot.css_width == 1280  # a 2x screenshot


def test_a_stored_design_is_measured_from_its_image_and_format() -> None:
    def stored(source_format: str, width: int) -> StoredDesign:
        return StoredDesign(
            key="k", sha256="0" * 64, page=1, source_name="d", source_format=source_format,
            width=width, height=600, created=datetime.now(UTC),
        )  # fmt: skip

    assert stored_css_width(stored("svg", 1600)) == 800
    assert stored_css_width(stored("png", 1280)) == 1280
    assert stored_css_width(stored("png", 2560)) == 1280


def test_the_picture_goes_inline() -> None:
    url = inline_url(b"\x89PNG-bytes", "image/png")
    assert url == "data:image/png;base64," + base64.b64encode(b"\x89PNG-bytes").decode()
