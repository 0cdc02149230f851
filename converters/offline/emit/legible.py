"""Text colours that meet WCAG 2.2 AA contrast where the design's own colours allow it.

The engine reads a text colour from the design's pixels (``converters.ocr.colours.text_colour``),
and anti-aliasing pulls small text's pixels toward its background: grey text that met AA in the
design is read a little lighter and can fall just under 4.5:1. So a text colour under the ratio
its size asks for (4.5:1; 3:1 from 24 px, or 18.66 px bold) against the background it is drawn on
(its own, else the nearest container's, else the page's) is moved away from that background, the
least that reaches the ratio, when that is at most ``MAX_NUDGE_DELTA_E``: within the reading's
error, the same colour to the eye. Backgrounds are never changed, and text that would need a
larger change keeps the design's colour: that design fails contrast, and the report says so.

One exception: text on its own fill (a button, a badge) within ``MIN_TEXT_DELTA_E`` of it is the
fill's colour read as the glyphs' (the measurement counts nothing that close to a background as
text), and it is set in black or white, whichever reads on the fill (``readable_on``). Designs
with faint text keep it: white on a pale cyan tab (1.3:1) is 16 apart.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

import numpy as np
from skimage.color import rgb2lab

from converters.ocr.colours import MIN_DELTA_E
from converters.offline.model import Colour, Node, Style
from converters.palette import contrast_ratio, luminance

AA_RATIO: Final = 4.5
AA_LARGE_RATIO: Final = 3.0
"""WCAG 2.2 SC 1.4.3: 4.5:1, or 3:1 for large text."""
LARGE_PX: Final = 24.0
LARGE_BOLD_PX: Final = 18.66
"""Large text: 18 pt (24 CSS px), or 14 pt (18.66 px) bold, as axe-core measures it."""
DEFAULT_FONT_PX: Final = 16
MAX_NUDGE_DELTA_E: Final = 10.0
"""Largest change of a text colour (CIE76 in Lab) made to reach the ratio: about what
anti-aliasing takes off the glyph cores of 12-16 px text; four just-noticeable differences."""
_STEPS: Final = 64
"""Steps from the read colour to black (or white) searched for the least change."""
MIN_TEXT_DELTA_E: Final = MIN_DELTA_E
"""CIE76 distance from its fill under which a text colour is the fill's, misread: the OCR colour
measurement takes pixels that close to a background for background, never for glyphs."""
_BLACK: Final = (0, 0, 0)
_WHITE: Final = (255, 255, 255)


def legible(tree: Node, page_background: Colour) -> Node:
    """``tree`` with text colours moved to meet AA where a change within ``MAX_NUDGE_DELTA_E``
    does it (see the module)."""

    def visit(node: Node, behind: Colour) -> Node:
        element = node.element
        if element is not None:
            style = element.style
            own = style.background if style.background is not None else behind
            if element.text.strip() and style.colour is not None:
                colour = style.colour if style.background is None else readable_on(style.colour, own)
                colour = legible_colour(colour, own, _large(style))
                if colour != style.colour:
                    node = replace(node, element=replace(element, style=replace(style, colour=colour)))
            behind = own
        if not node.children:
            return node
        return replace(node, children=tuple(visit(child, behind) for child in node.children))

    return visit(tree, page_background)


def legible_colour(text: Colour, background: Colour, large: bool = False) -> Colour:
    """``text``, or the nearest colour toward black or white (away from ``background``) that meets
    AA against it, if that is within ``MAX_NUDGE_DELTA_E`` of ``text``."""
    needed = AA_LARGE_RATIO if large else AA_RATIO
    if contrast_ratio(text, background) >= needed:
        return text
    end: Colour = (0, 0, 0) if luminance(background) > luminance(text) else (255, 255, 255)
    for step in range(1, _STEPS + 1):
        t = step / _STEPS
        moved = (
            round(text[0] + (end[0] - text[0]) * t),
            round(text[1] + (end[1] - text[1]) * t),
            round(text[2] + (end[2] - text[2]) * t),
        )
        if _delta_e(text, moved) > MAX_NUDGE_DELTA_E:
            return text  # the design's own colours fail: kept, and reported
        if contrast_ratio(moved, background) >= needed:
            return moved
    return text


def readable_on(colour: Colour, fill: Colour) -> Colour:
    """``colour``, or black or white (whichever contrasts more with ``fill``) when ``colour`` is
    within ``MIN_TEXT_DELTA_E`` of ``fill``."""
    if _delta_e(colour, fill) >= MIN_TEXT_DELTA_E:
        return colour
    return _WHITE if contrast_ratio(_WHITE, fill) > contrast_ratio(_BLACK, fill) else _BLACK


def _large(style: Style) -> bool:
    size = style.font_size or DEFAULT_FONT_PX
    return size >= LARGE_PX or (size >= LARGE_BOLD_PX and (style.font_weight or 400) >= 700)


def _delta_e(a: Colour, b: Colour) -> float:
    """CIE76 distance of two sRGB colours (scikit-image's Lab, D65)."""
    lab = rgb2lab(np.array([a, b], dtype=np.float64) / 255.0)
    return float(np.linalg.norm(lab[0] - lab[1]))
