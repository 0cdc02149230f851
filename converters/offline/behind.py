"""Text on a fill: a line's colours measured against the fill behind its glyphs.

OCR measures a line's colours from its box (``converters.ocr.colours``): the background is the
median of a thin frame just outside the box, the text colour the pixels most unlike it. On a
small button (a "-" or "+" 24-32 px square, a selected segment) the detector's box reaches past
the button's edge, so the frame lies on the page, and the pixels most unlike the page are the
button's fill: the text came out in the fill's colour, invisible on it.

Once the shapes are known, a line whose centre lies on a filled shape that its frame missed (the
frame's colour is far from the fill's), and whose pixels on the shape are mostly that fill, is
measured again inside the fill only, against the fill.
Glyphs that still do not stand out from the fill (``converters.offline.emit.legible.readable_on``)
are given black or white, whichever reads on it: a text colour never equals the fill behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

import numpy as np
from PIL import Image

from converters.ocr import text_colour_on
from converters.offline.emit.legible import readable_on
from converters.offline.model import Box, Shape, TextLine
from converters.offline.text import stroke_width
from converters.palette import rgb_distance

BEHIND_KINDS: Final = ("box", "fill", "image")
"""Shapes text can sit on: the smallest under a line's centre is what is behind it, and only a
box or fill with a ``fill`` is a flat colour to measure against (a picture is not)."""
FRAME_MISSED: Final = 24.0
"""Euclidean RGB distance (0-441) between a line's sampled background and the fill under its
centre above which the frame was sampled off the fill (JPEG noise and anti-aliased frames stay
under ~10; a fill on a page differs by far more, or it would not have been found)."""
MIN_FILL_SHARE: Final = 0.5
"""Share of the line's pixels on the shape (its box clipped to the shape) within ``FRAME_MISSED``
of the fill, at least, for the fill to be behind the glyphs: text covers well under half of its
box, so the fill is most of what shows between the glyphs. A shape's fill is its interior's
typical colour, which a box around a picture and text, or a line that only grazes a fill's
edge, does not show behind the text."""


def measure_on_fills(
    image: Image.Image, lines: Sequence[TextLine], shapes: Sequence[Shape]
) -> tuple[TextLine, ...]:
    """``lines`` with those on a fill their frame missed measured again against that fill (see
    the module): colour, background (the fill) and stroke width. Other lines are unchanged."""
    behind = [shape for shape in shapes if shape.kind in BEHIND_KINDS]
    if not any(shape.fill is not None for shape in behind):
        return tuple(lines)
    pixels = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    return tuple(_on_fill(image, pixels, line, behind) for line in lines)


def _on_fill(image: Image.Image, pixels: np.ndarray, line: TextLine, behind: Sequence[Shape]) -> TextLine:
    under = [shape for shape in behind if shape.box.holds_centre(line.box)]
    if not under:
        return line
    shape = min(under, key=lambda s: s.box.area)
    fill = shape.fill
    if fill is None or shape.kind == "image":
        return line  # an outline only, or a picture: nothing flat to measure against
    if rgb_distance(line.background, fill) <= FRAME_MISSED:
        return line  # the frame lay on the fill: the colours were measured against it
    inset = shape.border_width
    inner = Box(shape.box.x + inset, shape.box.y + inset, shape.box.w - 2 * inset, shape.box.h - 2 * inset)
    left, top = max(line.box.x, inner.x), max(line.box.y, inner.y)
    right, bottom = min(line.box.right, inner.right), min(line.box.bottom, inner.bottom)
    if right - left < 2 or bottom - top < 2:
        return line
    clipped = Box(left, top, right - left, bottom - top)
    crop = pixels[top:bottom, left:right].astype(np.int32)
    near = np.square(crop - np.array(fill, dtype=np.int32)).sum(axis=2) <= FRAME_MISSED**2
    if near.mean() < MIN_FILL_SHARE:
        return line  # the fill is not what shows between these glyphs
    colour = readable_on(text_colour_on(image, (left, top, clipped.w, clipped.h), fill), fill)
    stroke = stroke_width(pixels[top:bottom, left:right], colour, fill)
    return replace(line, colour=colour, background=fill, stroke=stroke)
