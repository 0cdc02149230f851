"""The Visual score sees backgrounds, bars and cards, not text, and is 1 for the same page."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from converters.fidelity import visual_score
from converters.render.types import TextBlock


def _page(header: str = "#4f46e5", card: bool = True, text: str = "Welcome", height: int = 800) -> bytes:
    image = Image.new("RGB", (1280, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1279, 99), fill=header)
    if card:
        draw.rectangle((100, 200, 600, 500), fill="#e2e8f0", outline="#94a3b8", width=3)
    draw.text((120, 40), text, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


BLOCKS = (TextBlock("Welcome", 120, 40, 60, 12, (255, 255, 255)),)


def test_identical_pages_score_one() -> None:
    assert visual_score(_page(), BLOCKS, _page(), BLOCKS) == 1.0


def test_different_text_in_the_same_boxes_does_not_count() -> None:
    other = (TextBlock("Goodbye", 120, 40, 60, 12, (255, 255, 255)),)
    assert visual_score(_page(), BLOCKS, _page(text="Goodbye"), other) > 0.99


def test_a_missing_card_or_bar_lowers_the_score() -> None:
    full = visual_score(_page(), BLOCKS, _page(), BLOCKS)
    no_card = visual_score(_page(), BLOCKS, _page(card=False), BLOCKS)
    no_bar = visual_score(_page(), BLOCKS, _page(header="white"), BLOCKS)
    blank = visual_score(_page(), BLOCKS, _page(header="white", card=False), BLOCKS)
    assert full > no_card > blank and full > no_bar > blank


def test_content_pushed_down_the_page_loses() -> None:
    image = Image.new("RGB", (1280, 1400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, 1279, 699), fill="#4f46e5")
    draw.rectangle((100, 800, 600, 1100), fill="#e2e8f0", outline="#94a3b8", width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    assert visual_score(_page(), BLOCKS, buffer.getvalue(), ()) < 0.9
