"""The overlay marks matched, missing and extra text where the blocks are, visibly on any background."""

from __future__ import annotations

import io

from PIL import Image

from converters.fidelity.overlay import EXTRA, MATCHED, draw_overlay
from tests.builders import HEADER
from tests.fakes.fidelity import scored_conversion


def _image(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as opened:
        return opened.convert("RGB")


def test_matched_missing_and_extra_blocks_are_marked_where_they_are() -> None:
    # Design 640 x 400 (indigo header 80 px): "Welcome" at (20, 20) matched, "Old footer" at
    # (400, 370) missing. Result 640 x 800 on white: "Extra line" at (30, 740) extra.
    scored = scored_conversion()
    overlay = draw_overlay(scored.reference, scored.report, width=640)  # 1 image px per page unit
    original, result, blend = _image(overlay.original), _image(overlay.result), _image(overlay.blend)

    assert original.size == (640, 400) and result.size == (640, 800)
    assert blend.size == (640, 800)  # as tall as the taller page
    assert original.getpixel((19, 35)) == MATCHED  # the outline, 1 px outside the text box
    assert original.getpixel((17, 35)) == (255, 255, 255)  # its white rim, on the indigo header
    assert original.getpixel((5, 35)) == HEADER  # the page itself, away from any box
    red, green, blue = original.getpixel((450, 378))  # inside the missing block: tinted red
    assert red > 200 and green < 200 and blue < 200
    assert result.getpixel((29, 748)) == EXTRA
    red, green, blue = result.getpixel((80, 748))  # inside the extra block: tinted orange
    assert red > 240 and 150 < green < 230 and blue < 190
    assert result.getpixel((23, 40)) == MATCHED


def test_the_overlay_follows_the_width_asked_for() -> None:
    scored = scored_conversion()
    overlay = draw_overlay(scored.reference, scored.report, width=320)
    original = _image(overlay.original)
    assert original.size == (320, 200)
    assert original.getpixel((9, 17)) == MATCHED  # (20 px / 2) - 1, halfway down the box
