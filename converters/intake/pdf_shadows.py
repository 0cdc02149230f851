"""Text painted over its own shadow, which PDFium's text page would read as the shadow.

A browser prints ``text-shadow`` as the same glyphs painted twice: the shadow a little down and
right, then the text over it. PDFium's text page keeps one of two characters painted at nearly
the same place, the one painted first: the shadow's. Its characters then have the shadow's colour
and place, and the text's own object yields no characters at all (light grey "Upon" read as its
white shadow, invisible on the page). ``text_over_shadows`` finds such pairs among the page's
objects, so the characters can be read as the text that covers them. Must be called with the
PDFium lock held.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Final

import pypdfium2.raw as pdfium_c

from converters.intake.vector import Colour

SHADOW_OFFSET_EM: Final = 0.25
"""Farthest (em) a shadow lies from its text across and down (``pdf_facts.SHADOW_EM``)."""
LOOKAHEAD: Final = 24
"""Text objects after a shadow's that may hold its text: a browser paints a run's shadow, then
the run, glyph by glyph or a word at a time."""
SAME_SIZE: Final = 0.05
"""Points by which a shadow's box and its text's may differ in size (they are the same glyphs)."""
_TEXT_OBJECT: Final = 1


@dataclass(frozen=True)
class Cover:
    """The text painted over a shadow: its offset from the shadow (points, page space, y up) and
    its colour."""

    dx: float
    dy: float
    colour: Colour


def object_key(obj: ctypes.c_void_p) -> int:
    """A page object's identity, as ``FPDFText_GetTextObject`` and ``FPDFPage_GetObject`` give it."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def text_over_shadows(page: ctypes.c_void_p, textpage: ctypes.c_void_p, max_objects: int) -> dict[int, Cover]:
    """For each text object of ``page`` (the first ``max_objects``) that is a shadow whose text
    the text page left out, the text over it (by ``object_key``): a later text object of the
    same size within ``SHADOW_OFFSET_EM`` of it, in another colour, with no characters of its own
    in the text page."""
    objects = []
    count = min(pdfium_c.FPDFPage_CountObjects(page), max_objects)
    for index in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        if obj and pdfium_c.FPDFPageObj_GetType(obj) == _TEXT_OBJECT:
            facts = _facts(obj, textpage)
            if facts is not None:
                objects.append((obj, facts))
    covers: dict[int, Cover] = {}
    for position, (obj, (box, colour, size, chars)) in enumerate(objects):
        if not chars:
            continue
        near = SHADOW_OFFSET_EM * size
        for _, (other, other_colour, other_size, other_chars) in objects[
            position + 1 : position + 1 + LOOKAHEAD
        ]:
            dx, dy = other[0] - box[0], other[3] - box[3]
            if (
                not other_chars
                and other_colour != colour
                and abs(other_size - size) <= SAME_SIZE
                and 0 < max(abs(dx), abs(dy)) <= near
                and abs((other[2] - other[0]) - (box[2] - box[0])) <= SAME_SIZE
                and abs((other[3] - other[1]) - (box[3] - box[1])) <= SAME_SIZE
            ):
                covers[object_key(obj)] = Cover(dx, dy, other_colour)
                break
    return covers


_Facts = tuple[tuple[float, float, float, float], Colour, float, int]
"""A text object's bounds (left, bottom, right, top, points), fill colour, size (points) and how
many characters the text page has of it."""


def _facts(obj: ctypes.c_void_p, textpage: ctypes.c_void_p) -> _Facts | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    channels = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, *channels):
        return None
    size = ctypes.c_float()
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, size):
        return None
    matrix = pdfium_c.FS_MATRIX()
    scale = 1.0
    if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    # The length in bytes of its text as UTF-16 with the closing NUL: 2 for none.
    chars = max(0, pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) // 2 - 1)
    bounds = (left.value, bottom.value, right.value, top.value)
    colour = (channels[0].value, channels[1].value, channels[2].value)
    return bounds, colour, size.value * scale, chars
