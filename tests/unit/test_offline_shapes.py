"""Shape detection finds fills, outlines, lines, images and controls in pages and wireframes drawn here."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from converters.offline.model import Box, Shape
from converters.offline.shapes import ShapesResult, detect_shapes

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
WHITE = (255, 255, 255)
NAVY = (30, 60, 120)
RED = (220, 50, 50)
GREY_LINE = (180, 180, 180)
CARD_BORDER = (200, 200, 200)
CARD_FILL = (243, 243, 243)
PLACEHOLDER_BLUE = (0, 0, 254)
INK = (20, 20, 20)


def near(box: Box, x: int, y: int, w: int, h: int, tol: int = 3) -> bool:
    return abs(box.x - x) <= tol and abs(box.y - y) <= tol and abs(box.w - w) <= tol and abs(box.h - h) <= tol


def close_colour(colour: tuple[int, int, int] | None, expected: tuple[int, int, int], tol: int = 8) -> bool:
    return colour is not None and all(abs(a - b) <= tol for a, b in zip(colour, expected, strict=True))


def find(result: ShapesResult, kind: str, x: int, y: int, w: int, h: int, tol: int = 3) -> Shape:
    hits = [s for s in result.shapes if s.kind == kind and near(s.box, x, y, w, h, tol)]
    assert len(hits) == 1, f"expected one {kind} near {(x, y, w, h)}, got {hits} in {result.shapes}"
    return hits[0]


Colour = tuple[int, int, int]


def text(draw: ImageDraw.ImageDraw, at: tuple[int, int], words: str, fill: Colour, size: int = 18) -> Box:
    """Draws ``words`` and returns the box OCR would give it (the ink plus a small margin)."""
    font = ImageFont.truetype(FONT, size)
    draw.text(at, words, fill=fill, font=font)
    left, top, right, bottom = draw.textbbox(at, words, font=font)
    return Box(int(left) - 3, int(top) - 3, int(right - left) + 6, int(bottom - top) + 6)


def squiggle(draw: ImageDraw.ImageDraw, x: int, y: int, length: int, width: int, colour: Colour) -> None:
    points = [(x + i, y + 5 * math.sin(i / 9)) for i in range(0, length, 3)]
    draw.line(points, fill=colour, width=width, joint="curve")


# --- a web page ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[Box]]:
    image = Image.new("RGB", (1000, 700), WHITE)
    draw = ImageDraw.Draw(image)
    boxes = []
    draw.rectangle([0, 0, 999, 59], fill=NAVY)  # header bar
    boxes.append(text(draw, (30, 18), "Brand", WHITE, 20))
    draw.rounded_rectangle([60, 120, 459, 379], radius=12, fill=CARD_FILL, outline=CARD_BORDER, width=2)
    boxes.append(text(draw, (90, 150), "Card title", INK))  # the card: bordered, filled, rounded
    draw.rectangle([520, 140, 699, 189], fill=RED)  # filled button with a label
    boxes.append(text(draw, (570, 152), "Submit", WHITE))
    draw.line([(60, 420), (939, 420)], fill=GREY_LINE, width=2)  # divider
    draw.rectangle([520, 220, 899, 379], fill=PLACEHOLDER_BLUE)  # image placeholder
    draw.rectangle([60, 460, 77, 477], outline=(90, 90, 90), width=2)  # checkbox
    boxes.append(text(draw, (90, 458), "Remember me", INK))
    draw.ellipse([60, 500, 77, 517], outline=(90, 90, 90), width=2)  # radio
    boxes.append(text(draw, (90, 498), "Pick me", INK))
    return image, boxes


def test_page_background_is_the_dominant_colour(page: tuple[Image.Image, list[Box]]) -> None:
    assert detect_shapes(*page).background == WHITE


def test_header_bar_is_a_fill_in_its_colour(page: tuple[Image.Image, list[Box]]) -> None:
    bar = find(detect_shapes(*page), "fill", 0, 0, 1000, 60)
    assert close_colour(bar.fill, NAVY, 2)


def test_card_is_one_box_with_border_fill_and_radius(page: tuple[Image.Image, list[Box]]) -> None:
    card = find(detect_shapes(*page), "box", 60, 120, 400, 260)
    assert close_colour(card.border, CARD_BORDER, 12)
    assert close_colour(card.fill, CARD_FILL, 3)
    assert 1 <= card.border_width <= 3
    assert 8 <= card.radius <= 16


def test_filled_button_with_text_is_kept_once(page: tuple[Image.Image, list[Box]]) -> None:
    result = detect_shapes(*page)
    button = find(result, "fill", 520, 140, 180, 50)
    assert close_colour(button.fill, RED, 2)
    overlapping = [s for s in result.shapes if s.box.intersection(button.box) > 0.5 * button.box.area]
    assert overlapping == [button]


def test_divider_placeholder_checkbox_and_radio(page: tuple[Image.Image, list[Box]]) -> None:
    result = detect_shapes(*page)
    divider = find(result, "divider", 60, 419, 880, 2)
    assert close_colour(divider.border, GREY_LINE)
    assert divider.border_width == 2
    image = find(result, "image", 520, 220, 380, 160)
    assert close_colour(image.fill, PLACEHOLDER_BLUE, 2)
    find(result, "checkbox", 60, 460, 18, 18)
    find(result, "radio", 60, 500, 18, 18)


def test_button_whose_text_box_takes_in_its_border_is_still_one_box() -> None:
    image = Image.new("RGB", (300, 120), (56, 56, 56))
    draw = ImageDraw.Draw(image)
    draw.rectangle([100, 40, 170, 74], fill=(234, 234, 234), outline=(150, 150, 150), width=2)
    text(draw, (112, 46), "Login", (60, 60, 60))
    result = detect_shapes(image, [Box(99, 39, 73, 37)])  # OCR's box around the whole button
    button = find(result, "box", 100, 40, 71, 35)
    assert close_colour(button.fill, (234, 234, 234), 2)
    assert close_colour(button.border, (150, 150, 150), 10)
    assert result.background == (56, 56, 56)


def test_text_in_text_boxes_yields_no_icons_or_bars(page: tuple[Image.Image, list[Box]]) -> None:
    kinds = {s.kind for s in detect_shapes(*page).shapes}
    assert kinds == {"fill", "box", "divider", "image", "checkbox", "radio"}


def test_shapes_are_sorted_and_deterministic(page: tuple[Image.Image, list[Box]]) -> None:
    first, second = detect_shapes(*page), detect_shapes(page[0].copy(), list(page[1]))
    assert first == second
    keys = [(s.box.y, s.box.x, s.kind) for s in first.shapes]
    assert keys == sorted(keys)


def test_glyph_outside_text_boxes_is_an_icon_inside_it_is_ignored() -> None:
    image = Image.new("RGB", (400, 200), WHITE)
    draw = ImageDraw.Draw(image)
    radii = [14 if a % 2 == 0 else 6.3 for a in range(10)]
    angles = [a * math.pi / 5 - math.pi / 2 for a in range(10)]
    draw.polygon(
        [(100 + r * math.cos(a), 100 + r * math.sin(a)) for r, a in zip(radii, angles, strict=True)],
        fill=(70, 70, 70),
    )
    icon = find(detect_shapes(image), "icon", 86, 86, 28, 27, tol=4)
    assert close_colour(icon.fill, (70, 70, 70), 20)
    covered = detect_shapes(image, [Box(60, 80, 120, 40)])
    assert [s for s in covered.shapes if s.kind == "icon"] == []


def test_nested_fills_are_all_reported() -> None:
    image = Image.new("RGB", (800, 500), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 100, 799, 399], fill=(230, 230, 235))  # band
    draw.rectangle([100, 150, 499, 349], fill=WHITE)  # card on the band
    draw.rectangle([150, 280, 299, 319], fill=(40, 120, 60))  # button in the card
    result = detect_shapes(image)
    band = find(result, "fill", 0, 100, 800, 300)
    card = find(result, "fill", 100, 150, 400, 200)
    button = find(result, "fill", 150, 280, 150, 40)
    assert band.box.contains(card.box) and card.box.contains(button.box)
    assert close_colour(card.fill, WHITE, 1)


def test_a_column_cut_into_pieces_by_borders_is_one_panel_on_the_page() -> None:
    # A white column on a grey page, cut by a header rule and a sidebar border: each piece is
    # white beside white, so only the pieces joined stand out from the page.
    grey = (51, 51, 51)
    image = Image.new("RGB", (1000, 900), grey)
    draw = ImageDraw.Draw(image)
    draw.rectangle([150, 0, 849, 899], fill=WHITE)
    draw.line([150, 120, 849, 120], fill=(220, 230, 245), width=1)
    draw.rectangle([160, 130, 340, 880], outline=(220, 230, 245), width=1)
    draw.rectangle([380, 200, 480, 300], fill=PLACEHOLDER_BLUE)
    result = detect_shapes(image)
    assert result.background == grey
    column = find(result, "fill", 150, 0, 700, 900)
    assert close_colour(column.fill, WHITE, 1)
    find(result, "image", 380, 200, 101, 101)


def test_white_cards_on_a_white_page_are_not_a_panel() -> None:
    image = Image.new("RGB", (1000, 600), WHITE)
    draw = ImageDraw.Draw(image)
    for x in (40, 360, 680):
        draw.rectangle([x, 100, x + 279, 499], outline=CARD_BORDER, width=1)
    result = detect_shapes(image)
    assert not [s for s in result.shapes if s.kind == "fill"]
    assert len([s for s in result.shapes if s.kind == "box"]) == 3


def test_large_pages_are_analysed_scaled_but_reported_in_input_pixels() -> None:
    image = Image.new("RGB", (2000, 2600), WHITE)
    ImageDraw.Draw(image).rectangle([400, 600, 1199, 999], fill=(200, 30, 30))
    result = detect_shapes(image)
    find(result, "fill", 400, 600, 800, 400, tol=4)
    assert any("analysed at" in w for w in result.warnings)


# --- a wireframe -----------------------------------------------------------------------------


def wireframe() -> Image.Image:
    image = Image.new("RGB", (800, 700), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle([80, 80, 379, 279], outline=INK, width=3)  # image placeholder: a crossed box
    draw.line([(80, 80), (379, 279)], fill=INK, width=2)
    draw.line([(80, 279), (379, 80)], fill=INK, width=2)
    draw.rectangle([450, 100, 649, 159], outline=INK, width=3)  # button
    squiggle(draw, 450, 210, 260, 6, INK)  # a heading: thick
    squiggle(draw, 450, 250, 230, 2, (90, 90, 90))  # a paragraph line: thin, grey
    for y in (340, 365, 390):  # stacked short parallel lines: lines of text
        draw.line([(80, y), (300, y)], fill=INK, width=2)
    for y in (450, 490):  # radio buttons with labels
        draw.ellipse([80, y, 101, y + 21], outline=INK, width=2)
        squiggle(draw, 120, y + 8, 120, 2, INK)
    draw.line([(40, 560), (760, 560)], fill=INK, width=3)  # a divider across the page
    return image


def test_wireframe_conventions() -> None:
    result = detect_shapes(wireframe())
    image = find(result, "image", 80, 80, 300, 200, tol=4)
    assert image.border is not None
    find(result, "box", 450, 100, 200, 60, tol=4)
    find(result, "divider", 40, 559, 721, 3, tol=4)
    heading = find(result, "text_bar", 450, 203, 260, 14, tol=6)
    paragraph = find(result, "text_bar", 450, 244, 230, 12, tol=6)
    assert heading.border_width > paragraph.border_width
    assert close_colour(paragraph.fill, (90, 90, 90), 25)
    for y in (340, 365, 390):
        find(result, "text_bar", 80, y - 1, 221, 3, tol=4)
    for y in (450, 490):
        find(result, "radio", 80, y, 22, 22, tol=3)
    assert not any(s.kind == "box" and s.box.intersection(image.box) for s in result.shapes)


def photographed(image: Image.Image) -> Image.Image:
    """The wireframe as a phone photo of paper: blue ink, uneven light, noise, blur, JPEG."""
    ink = np.asarray(image.convert("L"), dtype=np.float64) / 255.0  # 1 = paper, 0 = ink
    height, width = ink.shape
    paper = np.array([238.0, 232.0, 220.0])
    pen = np.array([40.0, 50.0, 140.0])
    rgb = ink[..., None] * paper + (1 - ink[..., None]) * pen
    light = 0.62 + 0.38 * np.linspace(0, 1, width)[None, :] * np.linspace(1, 0.8, height)[:, None]
    rgb = rgb * light[..., None] + np.random.default_rng(7).normal(0, 6, rgb.shape)
    photo = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=80)
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_photo_of_the_wireframe_still_gives_boxes_and_the_crossed_image() -> None:
    result = detect_shapes(photographed(wireframe()))
    assert result.background == WHITE
    find(result, "image", 80, 80, 300, 200, tol=8)
    find(result, "box", 450, 100, 200, 60, tol=8)
    assert any(s.kind == "divider" and s.box.w > 600 for s in result.shapes)
    assert sum(s.kind == "text_bar" for s in result.shapes) >= 3


# --- odd input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "size", "colour"),
    [("RGB", (1, 1), (10, 20, 30)), ("RGB", (5, 4000), (200, 0, 0)), ("L", (0, 0), 0)],
)
def test_tiny_images_give_a_warning_not_an_error(mode: str, size: tuple[int, int], colour: object) -> None:
    result = detect_shapes(Image.new(mode, size, colour))  # type: ignore[arg-type]
    assert result.shapes == ()
    assert result.warnings and "too small" in result.warnings[0]


def test_uniform_images_give_no_shapes_and_say_so() -> None:
    black = detect_shapes(Image.new("RGB", (300, 200), (0, 0, 0)))
    assert black.background == (0, 0, 0) and black.shapes == ()
    assert any("one flat colour" in w for w in black.warnings)
    huge = detect_shapes(Image.new("RGB", (4000, 5000), (250, 250, 240)))
    assert huge.shapes == () and huge.background == (250, 250, 240)


def test_other_modes_noise_and_stray_text_boxes_do_not_raise() -> None:
    transparent = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(transparent).rectangle([50, 50, 149, 149], fill=(0, 128, 0, 255))
    result = detect_shapes(transparent, [Box(-50, -50, 10, 10), Box(150, 150, 500, 500), Box(10, 10, 0, 0)])
    assert result.background == WHITE  # transparency is composited on white
    find(result, "fill", 50, 50, 100, 100)
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 256, (300, 400, 3), dtype=np.uint8))
    assert isinstance(detect_shapes(noise), ShapesResult)
    for mode in ("L", "P", "I;16", "CMYK", "1"):
        assert isinstance(detect_shapes(Image.new(mode, (64, 48))), ShapesResult)
