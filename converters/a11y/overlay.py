"""The accessibility overlay: the rendered page with a numbered box on every finding.

Like the fidelity overlay (``converters.fidelity.overlay``): boxes drawn over the screenshot at a
common width, with a white rim so they show on any background. Each box carries the number of
its finding in ``numbered`` (the list the app shows beside it), so a reader goes from a number on
the picture to the element's name, selector and message. Findings about the whole page (no main
landmark) have a number but no box.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from converters.a11y.report import Finding

FINDING: Final = (220, 38, 38)
"""Colour (sRGB) of a finding's box and number tag."""
HALO: Final = 2
"""Width (px) of the white rim around each box's 2 px outline."""
TAG_FONT_PX: Final = 13
"""Size of the numbers on the picture: readable at the app's overlay width."""
MIN_BOX_PX: Final = 6
"""Smallest box drawn (px at the overlay's width): an empty link is 0 px wide, and must still show."""


def numbered(findings: Sequence[Finding]) -> list[tuple[int, Finding]]:
    """The findings with their numbers on the overlay, 1 up, in the report's order."""
    return list(enumerate(findings, start=1))


def draw_a11y_overlay(
    png: bytes, page_width: float, findings: Sequence[Finding], *, width: int = 800
) -> bytes:
    """The page's screenshot ``png`` at ``width`` px with the findings' boxes and numbers.

    ``page_width``: the page's width in CSS px (the unit of the boxes); the screenshot may have
    more pixels than that. Boxes later in the list are drawn over earlier ones.
    """
    with Image.open(io.BytesIO(png)) as opened:
        image = opened.convert("RGB")
    scale = width / image.width
    image = image.resize((width, max(1, round(image.height * scale))), Image.Resampling.LANCZOS)
    unit = width / page_width
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=TAG_FONT_PX)
    boxes = [(number, _box(finding.box, unit)) for number, finding in numbered(findings) if finding.box]
    for _, box in boxes:  # every rim first, so that no rim covers another box's line
        draw.rectangle(_grown(box, HALO), outline=(255, 255, 255, 255), width=HALO)
    for _, box in boxes:
        draw.rectangle(box, fill=(*FINDING, 40), outline=(*FINDING, 255), width=2)
    for number, box in boxes:
        label = str(number)
        left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
        tag_w, tag_h = right - left + 6, bottom - top + 4
        x = min(max(0.0, box[0]), width - tag_w)
        y = box[1] - tag_h if box[1] - tag_h >= 0 else box[1]  # above the box, or inside at the top
        draw.rectangle((x, y, x + tag_w, y + tag_h), fill=(*FINDING, 255), outline=(255, 255, 255, 255))
        draw.text((x + 3 - left, y + 2 - top), label, fill=(255, 255, 255, 255), font=font)
    image.paste(layer, (0, 0), layer)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def _box(box: tuple[float, float, float, float], unit: float) -> tuple[float, float, float, float]:
    """A finding's box (CSS px) at ``unit`` px per CSS px, at least ``MIN_BOX_PX`` each way."""
    x, y, w, h = (value * unit for value in box)
    grow_x, grow_y = max(0.0, (MIN_BOX_PX - w) / 2), max(0.0, (MIN_BOX_PX - h) / 2)
    return (x - grow_x, y - grow_y, x + w + grow_x, y + h + grow_y)


def _grown(box: tuple[float, float, float, float], margin: float) -> tuple[float, float, float, float]:
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
