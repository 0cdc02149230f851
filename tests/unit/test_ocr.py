"""OCR reads drawn lines in reading order, with boxes around them and the colours they were drawn in."""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from skimage.color import deltaE_cie76, rgb2lab

from converters.errors import HandoffError, OcrError
from converters.ocr import OcrLine, background_colour, read_lines, reader, text_blocks, text_colour
from converters.ocr.colours import _lab, _median
from converters.render.types import TextBlock

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LIGHT_YELLOW = (255, 248, 200)
DARK_BLUE = (20, 40, 140)
DARK_RED = (140, 20, 30)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Drawn:
    """A drawn line: its text, its bounding box (left, top, right, bottom) and colours."""

    text: str
    bbox: tuple[float, float, float, float]
    colour: tuple[int, int, int]
    background: tuple[int, int, int]

    @property
    def centre(self) -> tuple[float, float]:
        left, top, right, bottom = self.bbox
        return (left + right) / 2, (top + bottom) / 2


def _two_lines() -> tuple[Image.Image, tuple[Drawn, Drawn]]:
    """Dark blue "Welcome back" on light yellow above white "Sign in to continue" on a dark red bar."""
    image = Image.new("RGB", (800, 300), LIGHT_YELLOW)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 150, 799, 259), fill=DARK_RED)
    lines = []
    for text, position, size, colour, background in (
        ("Welcome back", (60, 50), 40, DARK_BLUE, LIGHT_YELLOW),
        ("Sign in to continue", (60, 185), 32, WHITE, DARK_RED),
    ):
        font = ImageFont.truetype(FONT, size)
        draw.text(position, text, fill=colour, font=font)
        lines.append(Drawn(text, draw.textbbox(position, text, font=font), colour, background))
    return image, (lines[0], lines[1])


@pytest.fixture(scope="module")
def drawn() -> tuple[Image.Image, tuple[Drawn, Drawn]]:
    return _two_lines()


@pytest.fixture(scope="module")
def read(drawn: tuple[Image.Image, tuple[Drawn, Drawn]]) -> tuple[OcrLine, ...]:
    return read_lines(drawn[0])


def _similar(a: str, b: str) -> bool:
    return a.strip() == b or difflib.SequenceMatcher(None, a.strip(), b).ratio() >= 0.9


def _delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    lab_a, lab_b = (rgb2lab(np.array([[colour]], dtype=np.uint8))[0, 0] for colour in (a, b))
    return float(deltaE_cie76(lab_a, lab_b))


def _contains(line: OcrLine, point: tuple[float, float]) -> bool:
    x, y = point
    return line.x <= x <= line.x + line.width and line.y <= y <= line.y + line.height


# --- read_lines ---------------------------------------------------------------------------------


def test_both_lines_are_read_in_reading_order(
    read: tuple[OcrLine, ...], drawn: tuple[Image.Image, tuple[Drawn, Drawn]]
) -> None:
    assert len(read) == 2
    for line, expected in zip(read, drawn[1], strict=True):
        assert _similar(line.text, expected.text), (line.text, expected.text)
        assert 0.5 <= line.score <= 1.0


def test_each_box_holds_its_drawn_text(
    read: tuple[OcrLine, ...], drawn: tuple[Image.Image, tuple[Drawn, Drawn]]
) -> None:
    image, lines = drawn
    for line, expected in zip(read, lines, strict=True):
        assert _contains(line, expected.centre)
        left, top, right, bottom = expected.bbox
        # The detector's margin around the glyphs is a few px, not a different region.
        assert abs(line.x - left) < 20 and abs(line.x + line.width - right) < 20
        assert abs(line.y - top) < 20 and abs(line.y + line.height - bottom) < 20
        assert line.x >= 0 and line.y >= 0
        assert line.x + line.width <= image.width and line.y + line.height <= image.height


def test_other_image_modes_are_read_too(drawn: tuple[Image.Image, tuple[Drawn, Drawn]]) -> None:
    image, lines = drawn
    for mode in ("L", "RGBA"):
        read = read_lines(image.convert(mode))
        assert [line.text for line in read] == [line.text for line in read_lines(image)]
        assert _similar(read[0].text, lines[0].text)


def test_concurrent_calls_give_the_same_lines(drawn: tuple[Image.Image, tuple[Drawn, Drawn]]) -> None:
    results: list[tuple[OcrLine, ...]] = []
    threads = [threading.Thread(target=lambda: results.append(read_lines(drawn[0]))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3 and results[0] == results[1] == results[2]


def test_an_image_without_text_gives_no_lines() -> None:
    assert read_lines(Image.new("RGB", (400, 200), "white")) == ()


@pytest.mark.parametrize("size", [(1, 1), (3000, 10), (10, 3000), (1280, 16), (16, 100)])
def test_an_image_too_small_to_hold_a_line_gives_no_lines_without_ocr(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given to rapidocr, (3000, 10) fails to resize and (10, 3000) is upscaled to a detector
    # input of tens of thousands of px.
    def unexpected(max_side: int) -> object:
        raise AssertionError("the engine was asked")

    monkeypatch.setattr(reader, "_engine", unexpected)
    assert read_lines(Image.new("RGB", size, "black")) == ()


def test_a_thin_strip_of_text_is_still_read() -> None:
    image = Image.new("RGB", (400, 24), "white")
    ImageDraw.Draw(image).text((8, 1), "Free shipping", fill="black", font=ImageFont.truetype(FONT, 18))
    assert [line.text for line in read_lines(image)] == ["Free shipping"]


def test_max_side_must_leave_room_for_text() -> None:
    with pytest.raises(ValueError, match="max_side"):
        read_lines(Image.new("RGB", (100, 100)), max_side=16)


def test_one_engine_is_made_per_max_side(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[dict[str, object]] = []

    class Engine:
        def __init__(self, params: dict[str, object]) -> None:
            made.append(params)

        def __call__(self, image: np.ndarray) -> object:
            assert image.dtype == np.uint8 and image.shape == (100, 200, 3)
            assert tuple(image[0, 0]) == (30, 20, 10)  # BGR, as rapidocr takes arrays
            return type("Empty", (), {"boxes": None, "txts": None, "scores": None})()

    monkeypatch.setattr("rapidocr.RapidOCR", Engine)
    monkeypatch.setattr(reader, "_ENGINES", {})
    image = Image.new("RGB", (200, 100), (10, 20, 30))
    assert read_lines(image) == () and read_lines(image) == ()
    assert read_lines(image, max_side=1000) == ()
    assert [params["Global.max_side_len"] for params in made] == [2000, 1000]
    assert made[0]["Global.use_cls"] is False
    assert made[0]["EngineConfig.onnxruntime.intra_op_num_threads"] == 1


def test_an_engine_failure_becomes_an_ocr_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(image: np.ndarray) -> object:
        raise RuntimeError("Traceback (most recent call last):\n  File 'x.py'\nFail: bad input shape")

    monkeypatch.setattr(reader, "_engine", lambda max_side: failing)
    with pytest.raises(OcrError) as raised:
        read_lines(Image.new("RGB", (200, 100), "white"))
    assert isinstance(raised.value, HandoffError)
    assert isinstance(raised.value.__cause__, RuntimeError)
    message = str(raised.value)
    assert "could not be read" in message and "Fail: bad input shape" in message
    assert "Traceback" not in message


# --- reading order ------------------------------------------------------------------------------


def _line(text: str, x: float, y: float, height: float = 20) -> OcrLine:
    return OcrLine(text, x, y, 100, height, 0.9)


def test_lines_on_one_row_read_left_to_right_even_if_slightly_higher() -> None:
    lines = [_line("right", 300, 98), _line("below", 0, 140), _line("left", 0, 104)]
    assert [line.text for line in reader.reading_order(lines)] == ["left", "right", "below"]


def test_a_staircase_of_lines_does_not_chain_into_one_row() -> None:
    lines = [_line("c", 0, 116), _line("b", 200, 108), _line("a", 400, 100)]
    # b is within half a line of a, c is not (16 px apart): c starts a new row.
    assert [line.text for line in reader.reading_order(lines)] == ["b", "a", "c"]


# --- colours ------------------------------------------------------------------------------------


def test_text_colour_is_the_drawn_colour(drawn: tuple[Image.Image, tuple[Drawn, Drawn]]) -> None:
    image, lines = drawn
    for expected in lines:
        left, top, right, bottom = expected.bbox
        box = (left - 4, top - 4, right - left + 8, bottom - top + 8)
        assert _delta_e(text_colour(image, box), expected.colour) < 3
        assert background_colour(image, box) == expected.background


def test_text_colour_of_the_read_boxes(
    read: tuple[OcrLine, ...], drawn: tuple[Image.Image, tuple[Drawn, Drawn]]
) -> None:
    image, lines = drawn
    for line, expected in zip(read, lines, strict=True):
        box = (line.x, line.y, line.width, line.height)
        assert _delta_e(text_colour(image, box), expected.colour) < 5
        assert background_colour(image, box) == expected.background


def test_a_box_without_text_gets_black_or_white_against_its_background() -> None:
    image = Image.new("RGB", (200, 100), LIGHT_YELLOW)
    ImageDraw.Draw(image).rectangle((100, 0, 199, 99), fill=DARK_RED)
    assert text_colour(image, (20, 20, 40, 40)) == (0, 0, 0)
    assert text_colour(image, (130, 20, 40, 40)) == WHITE


def test_faint_noise_is_not_text() -> None:
    rng = np.random.default_rng(0)
    noisy = np.clip(np.full((60, 120, 3), 200) + rng.integers(-3, 4, (60, 120, 3)), 0, 255)
    assert text_colour(Image.fromarray(noisy.astype(np.uint8)), (20, 10, 80, 40)) == (0, 0, 0)


def test_a_box_covering_the_whole_image_uses_its_own_border() -> None:
    image = Image.new("RGB", (60, 30), WHITE)
    ImageDraw.Draw(image).rectangle((20, 10, 39, 19), fill=DARK_BLUE)
    assert background_colour(image, (0, 0, 60, 30)) == WHITE
    assert text_colour(image, (-5, -5, 70, 40)) == DARK_BLUE


def test_a_box_outside_the_image_is_refused() -> None:
    with pytest.raises(ValueError, match="no pixel"):
        text_colour(Image.new("RGB", (50, 50)), (60, 10, 20, 20))


@pytest.mark.parametrize("count", [1, 2, 3, 4, 101, 4096])
def test_the_median_colour_is_numpys_median_rounded(count: int) -> None:
    pixels = np.random.default_rng(count).integers(0, 256, (count, 3)).astype(np.uint8)
    expected = tuple(round(float(value)) for value in np.median(pixels, axis=0))
    assert _median(pixels) == expected


def test_lab_matches_scikit_image() -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (4096, 3)).astype(np.uint8)
    pixels[:4] = [(0, 0, 0), (255, 255, 255), (1, 2, 3), (10, 0, 255)]
    assert np.abs(_lab(pixels) - rgb2lab(pixels[None])[0]).max() < 0.01


# --- text_blocks --------------------------------------------------------------------------------


def test_text_blocks_are_the_lines_with_their_colours(
    read: tuple[OcrLine, ...], drawn: tuple[Image.Image, tuple[Drawn, Drawn]]
) -> None:
    image, lines = drawn
    blocks = text_blocks(image)
    assert all(isinstance(block, TextBlock) for block in blocks)
    assert [(b.text, b.x, b.y, b.width, b.height) for b in blocks] == [
        (line.text, line.x, line.y, line.width, line.height) for line in read
    ]
    for block, expected in zip(blocks, lines, strict=True):
        assert _delta_e(block.color, expected.colour) < 5
