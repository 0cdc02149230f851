"""Text on small dark buttons keeps the colour of its glyphs, never the colour of the fill."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.offline.behind import measure_on_fills
from converters.offline.classify import classify
from converters.offline.emit.legible import legible, readable_on
from converters.offline.model import Box, Element, Kind, Node, Shape, Style, TextLine
from converters.offline.reading import read_design
from converters.palette import contrast_ratio
from tests.builders import FONT_DIR

PAGE = (245, 245, 245)
FILL = (58, 58, 58)
"""#3a3a3a: the dark grey of the buttons the fault was met on."""
LIGHT = (255, 255, 255)
INK = (40, 40, 40)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", size)


def _centred(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    text: str,
    size: int,
    colour: tuple[int, int, int],
) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=_font(size))
    x = (box[0] + box[2]) / 2 - (left + right) / 2
    y = (box[1] + box[3]) / 2 - (top + bottom) / 2
    draw.text((x, y), text, fill=colour, font=_font(size))


def _toolbar() -> Image.Image:
    """Zoom buttons "-" and "+" (24 px squares) and a segmented control whose selected "Normal"
    segment is dark, with text nearly as tall as the segments: OCR's boxes overhang the fills."""
    image = Image.new("RGB", (480, 110), PAGE)
    draw = ImageDraw.Draw(image)
    draw.text((16, 14), "Zoom level", fill=(20, 20, 20), font=_font(14))
    for index, symbol in enumerate("-+"):
        x = 110 + 32 * index
        draw.rectangle((x, 10, x + 23, 33), fill=FILL)
        _centred(draw, (x, 10, x + 23, 33), symbol, 20, LIGHT)
    for index, label in enumerate(("Small", "Normal", "Large")):
        x = 110 + 70 * index
        selected = label == "Normal"
        draw.rectangle((x, 60, x + 69, 83), fill=FILL if selected else (225, 225, 225))
        _centred(draw, (x, 60, x + 69, 83), label, 16, LIGHT if selected else INK)
    return image


def test_text_on_small_dark_buttons_is_read_light_not_in_the_fills_colour() -> None:
    elements = classify(read_design(_toolbar()).detection).elements
    buttons = {e.text: e for e in elements if e.kind is Kind.BUTTON}
    assert "Normal" in buttons
    on_dark = [e for e in buttons.values() if e.style.background == FILL]
    assert on_dark and buttons["Normal"] in on_dark
    for button in on_dark:
        assert button.style.colour is not None and min(button.style.colour) >= 200, button
    for button in buttons.values():  # the light segments keep their dark text
        if button.style.background != FILL:
            assert button.style.colour is not None and max(button.style.colour) <= 80, button


def _button_image() -> Image.Image:
    image = Image.new("RGB", (60, 60), PAGE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((18, 18, 41, 41), fill=FILL)
    _centred(draw, (18, 18, 41, 41), "+", 20, LIGHT)
    return image


def test_a_line_whose_box_overhangs_its_fill_is_measured_again_on_the_fill() -> None:
    fill = Shape("fill", Box(18, 18, 24, 24), fill=FILL)
    overhanging = TextLine("+", Box(14, 14, 32, 32), colour=FILL, background=PAGE)  # as OCR read it
    (line,) = measure_on_fills(_button_image(), [overhanging], [fill])
    assert line.background == FILL and min(line.colour) >= 220 and line.text == "+"
    inside = TextLine("+", Box(22, 22, 16, 16), colour=LIGHT, background=FILL)
    outside = TextLine("x", Box(0, 0, 10, 10), colour=INK, background=PAGE)
    assert measure_on_fills(_button_image(), [inside, outside], [fill]) == (inside, outside)
    # A picture between the fill and the text is what is behind it: nothing flat to measure on.
    picture = Shape("image", Box(16, 16, 28, 28))
    assert measure_on_fills(
        _button_image(), [overhanging], [Shape("fill", Box(0, 0, 60, 60), fill=FILL), picture]
    ) == (overhanging,)


def test_a_line_on_a_notch_of_the_page_in_a_fill_keeps_its_colours() -> None:
    """A date set in a white notch cut into a picture's corner: the fill's box holds the line's
    centre, but what shows between its glyphs is the page, so the first reading stands."""
    image = Image.new("RGB", (200, 80), LIGHT)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 199, 60), fill=FILL)
    draw.rectangle((0, 34, 130, 60), fill=LIGHT)
    draw.text((20, 38), "May 29, 2019", fill=INK, font=_font(14))
    caption = TextLine("May 29, 2019", Box(18, 36, 110, 22), colour=INK, background=LIGHT)
    fill = Shape("fill", Box(0, 0, 200, 61), fill=FILL)
    assert measure_on_fills(image, [caption], [fill]) == (caption,)


@pytest.mark.parametrize("fill", [FILL, (250, 250, 250), (37, 99, 235)])
def test_a_colour_too_close_to_its_fill_becomes_black_or_white(fill: tuple[int, int, int]) -> None:
    fixed = readable_on(fill, fill)
    assert fixed in ((0, 0, 0), (255, 255, 255)) and contrast_ratio(fixed, fill) >= 3
    assert readable_on((235, 235, 235), FILL) == (235, 235, 235)  # already readable: kept
    assert contrast_ratio(readable_on((66, 66, 66), FILL), FILL) >= 3  # the fill, read a little off
    faint = (195, 233, 234)  # white on a pale cyan tab (1.3:1): a design's own faint text, kept
    assert readable_on(LIGHT, faint) == LIGHT


def test_the_emitted_button_never_has_its_fills_colour() -> None:
    box = Box(0, 0, 24, 24)
    button = Element(Kind.BUTTON, box, "+", Style(colour=FILL, background=FILL, font_size=16))
    tree = Node(box=Box(0, 0, 200, 100), children=(Node(box=box, element=button),))
    (child,) = legible(tree, PAGE).children
    assert child.element is not None and child.element.style.colour == LIGHT
