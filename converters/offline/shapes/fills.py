"""Fills: flat regions of a digital image that differ from what surrounds them.

Flat regions give fills (cards, buttons, bars), thick lines (dividers) and solid placeholder
images; areas of one colour that rules and borders cut into pieces are joined into panels.
Photographs have no fills.

Limits: gradients, textures and shadows are not fills; outlines 9 px or thicker are fills, if
anything.
"""

from __future__ import annotations

from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray

from converters.offline.model import Box, Colour, Shape
from converters.offline.shapes.measure import (
    _corner_radius,
    _distance,
    _filled_share,
    _region_colour,
    _stats_box,
    _surround_colour,
)
from converters.offline.shapes.page import _MIN_CONTRAST, _components, _Page, u8

_PANEL_PIECE_AREA: Final = 2_000
"""Area (px) of a flat piece that may be part of a larger panel (see ``_find_panels``)."""
_PANEL_BRIDGE_PX: Final = 3
_PANEL_MIN_SHARE: Final = 0.05
"""Smallest panel, as a share of the page's area: smaller pieces are cards, found one by one."""


def _find_fills(page: _Page) -> None:
    """Flat regions that differ from what surrounds them: fills, thick lines, solid placeholders."""
    rgb = page.rgb
    count, labels, stats = _components(page.regions, 4)
    big = [
        i
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_AREA] >= 120
        and stats[i, cv2.CC_STAT_WIDTH] >= 8
        and stats[i, cv2.CC_STAT_HEIGHT] >= 5
    ]
    pieces: dict[Colour, list[int]] = {}
    for i in big:
        box = _stats_box(stats, i)
        colour = _region_colour(rgb, labels, stats, i)
        distinct = _distance(colour, page.background) >= _MIN_CONTRAST
        if distinct and stats[i, cv2.CC_STAT_AREA] >= _PANEL_PIECE_AREA:
            pieces.setdefault(colour, []).append(i)
        at_edge = box.x == 0 or box.y == 0 or box.right == page.width or box.bottom == page.height
        if at_edge and _distance(colour, page.background) < _MIN_CONTRAST:
            continue  # the page itself, however content splits it
        if any(t.contains(box, 2) and box.w < 0.6 * t.w for t in page.text_boxes):
            continue  # the body of a bold glyph, not a tag or a button around the text
        mask = (labels[box.y : box.bottom, box.x : box.right] == i).astype(np.uint8)
        solidity = _filled_share(mask | page.text[box.y : box.bottom, box.x : box.right])  # text may cut it
        if _is_placeholder_blue(colour) and _distance(colour, page.background) >= _MIN_CONTRAST:
            if solidity >= 0.7 and not _holds_text(page, box):
                page.found.append(Shape("image", box, fill=colour, radius=_corner_radius(mask)))
            continue
        if solidity < 0.88 or _distance(colour, _surround_colour(page, box)) < _MIN_CONTRAST:
            continue
        thin, long = min(box.w, box.h), max(box.w, box.h)
        if thin <= 7 and long >= 6 * thin:
            page.found.append(Shape("divider", box, border=colour, border_width=thin))
        else:
            page.found.append(Shape("fill", box, fill=colour, radius=_corner_radius(mask)))
    _find_panels(page, labels, pieces)


def _find_panels(page: _Page, labels: NDArray[np.int32], pieces: dict[Colour, list[int]]) -> None:
    """Areas of one colour that rules and borders cut into pieces: one fill each.

    A white column of bordered boxes on a grey page is white pieces each surrounded by white,
    which ``_find_fills`` cannot tell from the page; joined across lines up to
    ``_PANEL_BRIDGE_PX`` wide, they are one panel that differs from what is around it.
    """
    kernel = np.ones((_PANEL_BRIDGE_PX + 2, _PANEL_BRIDGE_PX + 2), np.uint8)
    for colour, members in sorted(pieces.items()):
        if len(members) < 2:
            continue
        joined = u8(cv2.morphologyEx(np.isin(labels, members).astype(np.uint8), cv2.MORPH_CLOSE, kernel))
        count, parts, stats = _components(joined, 4)
        for j in range(1, count):
            box = _stats_box(stats, j)
            if box.area < _PANEL_MIN_SHARE * page.width * page.height or box.w < 0.2 * page.width:
                continue
            mask = (parts[box.y : box.bottom, box.x : box.right] == j).astype(np.uint8)
            if _filled_share(mask) < 0.9 or _distance(colour, _surround_colour(page, box)) < _MIN_CONTRAST:
                continue
            page.found.append(Shape("fill", box, fill=colour, radius=_corner_radius(mask)))


def _is_placeholder_blue(colour: Colour) -> bool:
    """The saturated blue that benchmark pages put in place of every image (rick.jpg)."""
    r, g, b = colour
    return b >= 180 and r <= 70 and g <= 70


def _holds_text(page: _Page, box: Box) -> bool:
    """Whether a line of text lies mostly inside ``box`` (a line around all of it is OCR misreading
    the shape itself)."""
    return any(box.intersection(t) > 0.5 * t.area and t.area < 0.8 * box.area for t in page.text_boxes)
