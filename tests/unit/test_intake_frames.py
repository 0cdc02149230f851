"""The frames of one screen (issue 16): their widths, how they are checked and ordered
(``converters.intake.frames``), and the request that carries them (``converters.conversion``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from converters.conversion import ConversionRequest, Frame, screen_frames
from converters.errors import (
    FramesError,
    HandoffError,
    OneFrameError,
    SameWidthFramesError,
    TooManyFramesError,
)
from converters.intake import DesignImage, load_design
from converters.intake.frames import MAX_FRAME_WIDTH, MAX_FRAMES, MIN_FRAME_WIDTH, frame_order
from converters.render import MAX_WIDTH, MIN_WIDTH
from converters.targets import Target
from tests.builders import encode, mock_ui, svg


def _design(width: int, height: int = 200, name: str = "") -> DesignImage:
    return load_design(encode(mock_ui(width, height), "PNG"), name or f"frame-{width}.png")


def test_frame_widths_are_those_the_renderer_draws() -> None:
    assert (MIN_FRAME_WIDTH, MAX_FRAME_WIDTH) == (MIN_WIDTH, MAX_WIDTH)


def test_a_designs_css_width_halves_a_2x_raster_and_reads_a_vectors_own_width() -> None:
    assert _design(390).css_width == 390
    assert _design(1600).css_width == 1600
    assert _design(2560, 100).css_width == 1280  # a 2x export of a 1280 px page
    vector = load_design(svg("<rect width='10' height='10'/>", width="390", height="844"), "phone.svg")
    assert vector.width > 390 and vector.css_width == 390  # drawn at 2x for OCR, 390 CSS px


def test_frames_come_narrowest_first_whatever_the_order_given() -> None:
    desktop, tablet, phone = _design(1280), _design(768), _design(390)
    frames = screen_frames([desktop, phone, tablet])
    assert [frame.width for frame in frames] == [390, 768, 1280]
    assert frames[0].design is phone and frames[-1].design is desktop


def test_corrected_widths_replace_those_read_from_the_images() -> None:
    first, second = _design(800), _design(820)
    frames = screen_frames([first, second], [1440, 375])
    assert frames == (Frame(second, 375), Frame(first, 1440))


def test_frames_of_very_different_heights_are_allowed() -> None:
    frames = screen_frames([_design(1280, 300), _design(390, 3000)])
    assert [frame.design.height for frame in frames] == [3000, 300]


@pytest.mark.parametrize(
    ("widths", "error", "words"),
    [
        ([1280], OneFrameError, "Only one frame was given (frame-0.png)"),
        ([], OneFrameError, "No frame was given"),
        ([1280, 1024, 768, 390, 320], TooManyFramesError, f"at most {MAX_FRAMES} widths"),
        ([1280, 390, 1280], SameWidthFramesError, "frame-0.png and frame-2.png are both 1280 px wide"),
        ([1280, 200], FramesError, "frame-1.png is taken to be 200 px wide"),
        ([9000, 390], FramesError, f"{MIN_FRAME_WIDTH} to {MAX_FRAME_WIDTH} CSS px"),
    ],
)
def test_frames_that_cannot_go_together_are_a_clear_error(
    widths: list[int], error: type[HandoffError], words: str
) -> None:
    with pytest.raises(error) as raised:
        frame_order(widths, [f"frame-{index}.png" for index in range(len(widths))])
    assert type(raised.value) is error and words in str(raised.value)
    assert isinstance(raised.value, FramesError)


def test_two_frames_read_at_one_width_name_both_designs() -> None:
    with pytest.raises(SameWidthFramesError, match="desktop.png and copy.png are both 1280 px wide"):
        screen_frames([_design(1280, name="desktop.png"), _design(2560, 400, name="copy.png")])


def test_a_request_carries_its_frames_with_the_widest_as_its_design() -> None:
    frames = screen_frames([_design(1280), _design(390)])
    request = ConversionRequest(design=frames[-1].design, target=Target.HTML_CSS, frames=frames)
    assert request.frames == frames
    assert ConversionRequest(design=_design(390), target=Target.HTML_CSS).frames == ()
    assert replace(request, instructions="Dark header").frames == frames  # still valid when copied


def test_a_request_refuses_frames_out_of_order_or_a_design_that_is_not_the_widest() -> None:
    phone, desktop = _design(390), _design(1280)
    with pytest.raises(FramesError, match="not narrowest first"):
        ConversionRequest(
            design=desktop, target=Target.HTML_CSS, frames=(Frame(desktop, 1280), Frame(phone, 390))
        )
    with pytest.raises(FramesError, match="not the widest frame"):
        ConversionRequest(
            design=phone, target=Target.HTML_CSS, frames=(Frame(phone, 390), Frame(desktop, 1280))
        )
    with pytest.raises(OneFrameError):
        ConversionRequest(design=desktop, target=Target.HTML_CSS, frames=(Frame(desktop, 1280),))
