"""The kind guesser tells a photo of paper, a grey digital wireframe and a page apart, on pictures
drawn here: paper with lighting, noise and wobbly pen strokes; a wireframe's crossed boxes and
scribbles; a page with a bar and typed text."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from converters.offline.kind import guess_kind


def paper_photo(seed: int = 1) -> Image.Image:
    """Off-white paper lit from one side, with camera noise and wobbly pen boxes and lines."""
    rng = np.random.default_rng(seed)
    height, width = 600, 450
    light = np.linspace(215, 245, width)[None, :, None] * np.ones((height, 1, 3))
    pixels = light + rng.normal(0, 3, (height, width, 3))
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for top in (60, 200, 340):
        points = [(40 + x, top + rng.normal(0, 1.5)) for x in range(0, 360, 12)]
        draw.line(points, fill=(40, 50, 120), width=3)  # a drawn line, never ruler-straight
        box = [
            (60 + rng.normal(0, 2), top + 40),
            (300, top + 42 + rng.normal(0, 2)),
            (298, top + 100),
            (62, top + 98),
        ]
        draw.line([*box, box[0]], fill=(45, 55, 125), width=3)
    return image


def wireframe() -> Image.Image:
    """A grey digital wireframe: crossed-out picture boxes and scribbled text lines, no text."""
    image = Image.new("RGB", (600, 500), "white")
    draw = ImageDraw.Draw(image)
    for left, top in ((40, 40), (320, 40), (40, 260)):
        draw.rectangle((left, top, left + 220, top + 160), outline=(0, 0, 0), width=2)
        draw.line((left, top, left + 220, top + 160), fill=(0, 0, 0), width=2)
        draw.line((left, top + 160, left + 220, top), fill=(0, 0, 0), width=2)
    for top in range(270, 420, 30):
        points = [(320 + x, top + 4 * np.sin(x / 9)) for x in range(0, 220, 4)]
        draw.line(points, fill=(90, 90, 90), width=2)
    return image


def page() -> Image.Image:
    """A digital page: a coloured header bar and lines of typed text."""
    image = Image.new("RGB", (800, 500), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 800, 70), fill=(30, 80, 200))
    font = ImageFont.load_default(size=16)
    for row in range(8):
        draw.text(
            (40, 110 + 40 * row), "Typed words sit on one baseline of one font", fill=(20, 20, 20), font=font
        )
    return image


def test_a_photo_of_pen_on_paper_is_a_sketch() -> None:
    guess = guess_kind(paper_photo())
    assert guess.kind == "sketch", guess
    assert "paper" in guess.reason


def test_a_grey_drawing_with_crossed_boxes_is_a_wireframe() -> None:
    guess = guess_kind(wireframe())
    assert guess.kind == "wireframe", guess
    assert guess.measures.crosses >= 5


def test_a_page_with_typed_text_is_a_screenshot() -> None:
    guess = guess_kind(page())
    assert guess.kind == "screenshot", guess
    assert guess.measures.typed_letters > 0


def test_a_text_only_page_without_straight_edges_is_still_a_screenshot() -> None:
    image = page()
    ImageDraw.Draw(image).rectangle((0, 0, 800, 70), fill="white")  # no bar: only typed text
    assert guess_kind(image).kind == "screenshot"


def test_a_dark_mode_page_is_a_screenshot() -> None:
    from PIL import ImageOps

    assert guess_kind(ImageOps.invert(page())).kind == "screenshot"


def test_a_transparent_or_tiny_image_gets_a_guess_without_raising() -> None:
    clear = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    assert guess_kind(clear).kind in ("sketch", "wireframe", "screenshot")
    assert guess_kind(Image.new("RGB", (10, 10), "white")).kind == "screenshot"
