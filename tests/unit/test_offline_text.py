"""The offline engine's OCR stage reads drawn text: lines split at wide gaps, colours, stroke widths."""

from __future__ import annotations

import difflib
import itertools

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.ocr import reader
from converters.offline.model import Box, TextLine
from converters.offline.text import (
    TextResult,
    TextSettings,
    ink_regions,
    read_text,
    reading_order,
    split_at_gaps,
    stroke_width,
)

FONTS = "/usr/share/fonts/truetype/dejavu/"
REGULAR = FONTS + "DejaVuSans.ttf"
BOLD = FONTS + "DejaVuSans-Bold.ttf"
WHITE = (255, 255, 255)
NAVY = (20, 40, 140)
LIGHT_YELLOW = (255, 248, 200)
DARK_RED = (140, 20, 30)
NAV_ITEMS = ("Home", "About", "Contact")


def _font(size: int, path: str = REGULAR) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _similar(read: str, drawn: str) -> bool:
    return read == drawn or difflib.SequenceMatcher(None, read, drawn).ratio() >= 0.85


def _nav_row(background: tuple[int, int, int], colour: tuple[int, int, int]) -> tuple[Image.Image, list[Box]]:
    """The three nav items, 150 px apart, on one row; returns the image and each item's ink box."""
    image = Image.new("RGB", (900, 160), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 40, 899, 119), fill=background)
    boxes = []
    for index, text in enumerate(NAV_ITEMS):
        position = (60 + 150 * index, 66)
        draw.text(position, text, fill=colour, font=_font(22))
        left, top, right, bottom = draw.textbbox(position, text, font=_font(22))
        boxes.append(Box(int(left), int(top), int(right - left), int(bottom - top)))
    return image, boxes


# --- lines split at wide gaps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("background", "colour"), [(WHITE, NAVY), (NAVY, WHITE)], ids=["plain", "on-a-dark-bar"]
)
def test_a_nav_row_comes_out_as_three_lines(
    background: tuple[int, int, int], colour: tuple[int, int, int]
) -> None:
    image, drawn = _nav_row(background, colour)
    lines = read_text(image).lines
    assert [line.text for line in lines] == list(NAV_ITEMS)
    for line, ink in zip(lines, drawn, strict=True):
        assert line.box.contains(ink, slack=2), (line.box, ink)
        assert line.box.w < 150  # its own box, not the row's
    assert all(a.box.right < b.box.x for a, b in itertools.pairwise(lines))


def test_a_line_box_over_far_apart_items_is_split_at_the_gaps() -> None:
    # As the detector sometimes gives it: one box over the whole row.
    image, drawn = _nav_row(WHITE, NAVY)
    row = Box(50, 58, 450, 40)
    parts = split_at_gaps(np.asarray(image), row, 1.5, WHITE)
    assert len(parts) == 3
    for part, ink in zip(parts, drawn, strict=True):
        assert part.contains(ink, slack=1) and row.contains(part)
        assert (part.y, part.h) == (row.y, row.h)


def test_items_closer_than_a_region_gap_are_still_split() -> None:
    # 28 px (1.75 em) apart: one region, and the detector may give one box over all four.
    image = Image.new("RGB", (900, 60), WHITE)
    draw = ImageDraw.Draw(image)
    x = 20
    for text in ("Home", "About us", "Pricing", "Contact"):
        draw.text((x, 20), text, fill="black", font=_font(16))
        x = draw.textbbox((x, 20), text, font=_font(16))[2] + 28
    assert len(ink_regions(np.asarray(image), 32)) == 1
    assert [line.text for line in read_text(image).lines] == ["Home", "About us", "Pricing", "Contact"]


def test_word_spaces_do_not_split_a_line() -> None:
    image = Image.new("RGB", (700, 80), WHITE)
    ImageDraw.Draw(image).text((20, 20), "Contact us today for a quote", fill="black", font=_font(24))
    assert split_at_gaps(np.asarray(image), Box(10, 10, 680, 50), 1.5, WHITE) == [Box(10, 10, 680, 50)]
    lines = read_text(image).lines
    assert len(lines) == 1 and _similar(lines[0].text, "Contact us today for a quote")


# --- colours and stroke -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_colours() -> TextResult:
    """Navy "Welcome back" on light yellow above white "Sign in to continue" on a dark red bar."""
    image = Image.new("RGB", (800, 300), LIGHT_YELLOW)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 150, 799, 259), fill=DARK_RED)
    draw.text((60, 50), "Welcome back", fill=NAVY, font=_font(40))
    draw.text((60, 185), "Sign in to continue", fill=WHITE, font=_font(32))
    return read_text(image)


def test_text_and_background_colours_are_sampled(two_colours: TextResult) -> None:
    assert [line.text for line in two_colours.lines] == ["Welcome back", "Sign in to continue"]
    (welcome, sign_in) = two_colours.lines
    assert welcome.background == LIGHT_YELLOW and sign_in.background == DARK_RED
    assert max(abs(a - b) for a, b in zip(welcome.colour, NAVY, strict=True)) <= 12
    assert max(abs(a - b) for a, b in zip(sign_in.colour, WHITE, strict=True)) <= 12
    assert all(0.5 <= line.score <= 1 for line in two_colours.lines)


def test_bold_text_has_a_thicker_stroke_than_regular_text_of_the_same_size() -> None:
    image = Image.new("RGB", (700, 220), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), "Pricing and plans", fill="black", font=_font(30))
    draw.text((40, 130), "Pricing and plans", fill="black", font=_font(30, BOLD))
    regular, bold = read_text(image).lines
    assert abs(regular.box.h - bold.box.h) <= 4
    assert 1.5 <= regular.stroke <= 4.5
    assert bold.stroke >= 1.3 * regular.stroke, (regular.stroke, bold.stroke)


@pytest.mark.parametrize("width", [2, 3, 6, 9])
def test_stroke_width_of_bars_is_their_width(width: int) -> None:
    crop = np.full((60, 200, 3), 255, dtype=np.uint8)
    crop[10:50, 20 : 20 + width] = 0  # a vertical bar
    crop[28 : 28 + width, 60:180] = 0  # a horizontal one
    assert stroke_width(crop, (0, 0, 0), WHITE) == pytest.approx(width, rel=0.2)


def test_stroke_width_is_zero_without_ink_or_contrast() -> None:
    blank = np.full((30, 80, 3), 200, dtype=np.uint8)
    assert stroke_width(blank, (0, 0, 0), (200, 200, 200)) == 0.0
    assert stroke_width(blank, (200, 200, 200), (200, 200, 200)) == 0.0


# --- tall, empty and large images ---------------------------------------------------------------


def test_small_text_at_both_ends_of_a_tall_page_is_read() -> None:
    # Scaled to 2,000 px as rapidocr does by default, 13 px text would be 6.5 px high.
    image = Image.new("RGB", (1280, 4000), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((80, 40), "Free shipping on orders over 50 euros", fill="black", font=_font(13))
    draw.text((80, 3940), "Copyright 2024 Handoff Limited", fill="black", font=_font(13))
    lines = read_text(image).lines
    assert len(lines) == 2
    assert _similar(lines[0].text, "Free shipping on orders over 50 euros"), lines[0].text
    assert _similar(lines[1].text, "Copyright 2024 Handoff Limited"), lines[1].text
    assert lines[0].box.y < 60 and lines[1].box.y > 3920


@pytest.mark.parametrize("colour", [WHITE, (30, 30, 30), (0, 120, 200)])
def test_an_image_without_text_gives_no_lines(colour: tuple[int, int, int]) -> None:
    result = read_text(Image.new("RGB", (640, 480), colour))
    assert result.lines == () and result.warnings == ()
    assert result.seconds >= 0


def test_tiny_images_give_no_lines() -> None:
    assert read_text(Image.new("RGB", (3, 1), "black")).lines == ()


def test_an_image_over_the_pixel_budget_is_read_smaller_with_a_warning() -> None:
    image = Image.new("RGB", (1000, 600), WHITE)
    ImageDraw.Draw(image).text((50, 250), "Big headline", fill="black", font=_font(72))
    result = read_text(image, settings=TextSettings(max_detect_pixels=20_000))
    assert [line.text for line in result.lines] == ["Big headline"]
    assert len(result.warnings) == 1 and "looked for at" in result.warnings[0]


def test_blank_bands_separate_regions_and_are_skipped() -> None:
    pixels = np.full((1000, 400, 3), 255, dtype=np.uint8)
    pixels[100:120, 50:150] = 0
    pixels[100:120, 250:350] = 0  # 100 px to the right of the first: a region of its own
    pixels[800:830, 50:350] = 0
    pixels[500:502, 0:400] = 0  # a 2 px rule: no text, dropped
    expected = [Box(50, 100, 100, 20), Box(250, 100, 100, 20), Box(50, 800, 300, 30)]
    regions = ink_regions(pixels, 32)
    assert len(regions) == 3
    for region, ink in zip(regions, expected, strict=True):  # edges may count on either side
        assert region.contains(ink) and ink.contains(region, slack=1)
    assert ink_regions(np.full((50, 50, 3), 9, dtype=np.uint8), 32) == []


# --- determinism and order ----------------------------------------------------------------------


def test_the_same_image_gives_the_same_lines() -> None:
    image, _ = _nav_row(NAVY, WHITE)
    ImageDraw.Draw(image).text((40, 130), "Second row of text", fill="black", font=_font(16))
    first, second = read_text(image), read_text(image)
    assert first.lines == second.lines and len(first.lines) == 4
    assert read_text(image, settings=TextSettings(workers=2)).lines == first.lines
    assert read_text(image.convert("RGBA")).lines == first.lines


def test_reading_order_is_rows_top_to_bottom_then_left_to_right() -> None:
    def line(text: str, x: int, y: int) -> TextLine:
        return TextLine(text, Box(x, y, 100, 20), (0, 0, 0), WHITE)

    lines = [line("right", 300, 98), line("below", 0, 140), line("left", 0, 104)]
    assert [item.text for item in reading_order(lines)] == ["left", "right", "below"]


# --- the reader's stages ------------------------------------------------------------------------


def test_recognise_reads_identical_crops_once_and_keeps_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    image = Image.new("RGB", (300, 60), WHITE)
    ImageDraw.Draw(image).text((10, 12), "Read more", fill="black", font=_font(24))
    crop = np.asarray(image)
    other = np.asarray(image.transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    seen: list[int] = []
    _, recogniser = reader._stages(1)

    def counting(arg: object) -> object:
        seen.append(len(arg.img))  # type: ignore[attr-defined]
        return recogniser(arg)

    monkeypatch.setattr(reader, "_stages", lambda threads: (None, counting))
    read = reader.recognise([crop, other, crop], squeeze=0.65)
    assert sum(seen) == 2  # two distinct crops
    assert read[0] == read[2] and read[0][0] == "Read more"
    assert read[1] != read[0]


def test_condensing_for_the_recogniser_keeps_a_floor_of_pixels_per_glyph() -> None:
    image = Image.new("RGB", (300, 40), WHITE)
    ImageDraw.Draw(image).text((10, 6), "Hello world", fill="black", font=_font(24))
    crop = np.asarray(image)
    glyphs = reader._glyph_count(crop)
    assert 9 <= glyphs <= 10  # 10 letters; two may touch
    assert reader._scale_for_recogniser(crop, 0.3).shape == (reader.REC_HEIGHT, 108, 3)  # 300 x 48/40 x 0.3
    assert reader._scale_for_recogniser(crop, 0.3, 16).shape[1] == 16 * glyphs
    assert reader._scale_for_recogniser(crop, 0.9, 16).shape[1] == 324  # above the floor already


@pytest.mark.parametrize(
    "options", [{"squeeze": 0.0}, {"squeeze": 1.5}, {"px_per_glyph": -1}, {"batch": 0}, {"workers": 0}]
)
def test_recognise_refuses_unusable_options(options: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        reader.recognise([np.zeros((20, 20, 3), dtype=np.uint8)], **options)  # type: ignore[arg-type]


def test_detect_quads_finds_lines_at_the_images_own_scale() -> None:
    image = Image.new("RGB", (333, 77), WHITE)  # not multiples of 32: padded, not resized
    ImageDraw.Draw(image).text((40, 25), "Sign up", fill="black", font=_font(20))
    quads = reader.detect_quads(np.asarray(image))
    assert quads.shape == (1, 4, 2)
    left, top = quads[0].min(axis=0)
    right, bottom = quads[0].max(axis=0)
    assert 30 <= left <= 42 and 15 <= top <= 30 and 110 <= right <= 130 and 40 <= bottom <= 60
    assert reader.detect_quads(np.zeros((3, 100, 3), dtype=np.uint8)).shape == (0, 4, 2)
