"""Classify, one rule: a tall, empty, outlined box under (or beside) a label is a textarea.

Control-sized shapes (up to ``controls.CONTROL_MAX_HEIGHT``) are tried as buttons and inputs; a
taller empty box became a card, though a form's "Message" field is one (120-200 px). What tells
the field from an empty card or panel:

- it is outlined (a border: a field's edge), holds nothing (no text, no other shape but a resize
  grip in its corner), and is wider than tall by ``MIN_ASPECT``, up to ``MAX_HEIGHT``;
- a short label stands just above its left edge, or just left of its top, as a form labels its
  fields. An empty card has no such caption (a section's heading is larger than a label).

Geometry in the detection's pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from converters.offline.model import Box, Element, Kind, Shape, Style, TextLine

MAX_HEIGHT: Final = 320
"""Tallest textarea (px): about twelve lines of text; taller empty frames are panels or maps."""
MIN_ASPECT: Final = 1.5
"""Width per height a textarea has at least: text fields are wider than tall, a square-ish empty
frame is a picture or a panel."""
LABEL_GAP: Final = 24
"""Most px between a label and its field (above it, or left of it): forms set 4-16."""
LABEL_ALIGN: Final = 16
"""Most px a label above a field starts left or right of the field's left edge."""
LABEL_CHARS: Final = 40
"""Longest label (characters): longer text above a box is a paragraph, not a caption."""
LABEL_MAX_HEIGHT: Final = 40
"""Tallest label line (px, its OCR box): taller text (a section heading) is not a field's label."""
GRIP_SIZE: Final = 16
"""Largest mark (px) inside the box that is still its resize grip, in the bottom-right corner."""


def labelled_textarea(
    shape: Shape, inside: Sequence[TextLine], lines: Sequence[TextLine], shapes: Sequence[Shape]
) -> Element | None:
    """A ``TEXTAREA`` element for ``shape`` when it is one (see the module), else ``None``.

    ``inside``: lines whose centre is in ``shape``; ``lines`` and ``shapes``: all of the page's.
    """
    box = shape.box
    if shape.kind != "box" or shape.border is None or inside:
        return None
    if not box.h <= MAX_HEIGHT or box.w < MIN_ASPECT * box.h:
        return None
    if any(other is not shape and _holds(box, other) for other in shapes):
        return None
    if not any(_labels(line, box) for line in lines):
        return None
    style = Style(
        background=shape.fill,
        border=shape.border,
        border_width=shape.border_width,
        radius=shape.radius,
        align="left",
    )
    return Element(Kind.TEXTAREA, box, style=style)


def _holds(box: Box, other: Shape) -> bool:
    """Whether ``other`` lies in ``box`` and is not a resize grip (a small mark in its corner)."""
    inner = other.box
    if not box.holds_centre(inner) or inner.area >= box.area:
        return False
    grip = (
        max(inner.w, inner.h) <= GRIP_SIZE
        and box.right - inner.right <= GRIP_SIZE
        and box.bottom - inner.bottom <= GRIP_SIZE
    )
    return not grip


def _labels(line: TextLine, box: Box) -> bool:
    """Whether ``line`` is a short caption just above ``box``'s left edge or just left of its top."""
    text = line.box
    if len(line.text.strip()) > LABEL_CHARS or text.h > LABEL_MAX_HEIGHT:
        return False
    above = (
        0 <= box.y - text.bottom <= LABEL_GAP
        and abs(text.x - box.x) <= LABEL_ALIGN
        and text.right <= box.right
    )
    beside = (
        0 <= box.x - text.right <= LABEL_GAP and box.y - LABEL_GAP <= text.cy <= box.y + LABEL_GAP + text.h
    )
    return above or beside
