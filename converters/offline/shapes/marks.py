"""The ink no outline explains: dividers, text bars and icons; and photo-like areas.

An image counts as a wireframe ("sketchy") when it is a photograph or holds a crossed box or
squiggles; only then do short straight lines and unread handwriting become text bars. In a
screenshot, areas that look like a photograph are images.

Limits: a soft shadow may give a divider; letters OCR missed come out as icons; photo-like areas
are found on 8 px blocks, so their edges are approximate.
"""

from __future__ import annotations

from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray

from converters.offline.model import Box, Colour, Shape
from converters.offline.shapes.measure import (
    _blob_mask,
    _blobs,
    _distance,
    _expanded,
    _is_edge,
    _median_colour,
    _stats_box,
    _surround_colour,
)
from converters.offline.shapes.page import U8, _components, _Page, u8

_MIN_INK_CONTRAST: Final = 40.0
"""Smallest RGB distance from its surroundings at which a wireframe's stroke stands for text."""


def _find_lines_and_marks(page: _Page) -> None:
    """The ink no outline explains: dividers, text bars (wireframes) and icons."""
    for shape in page.found:
        _mark_used(page, shape)
    residual = page.ink & (1 - page.text) & (1 - page.used)
    joined = residual
    if page.photo:  # drawn lines fade in and out: join pieces along the line
        joined = u8(cv2.morphologyEx(residual, cv2.MORPH_CLOSE, np.ones((1, 15), np.uint8)))
        joined |= u8(cv2.morphologyEx(residual, cv2.MORPH_CLOSE, np.ones((15, 1), np.uint8)))
    squiggles = 0
    lines: list[tuple[Box, int, Colour]] = []
    for box, outline in _blobs(joined):
        length, across = max(box.w, box.h), min(box.w, box.h)
        if length < 24 or length < 4 * across:
            continue
        crop = (slice(box.y, box.bottom), slice(box.x, box.right))
        mask = _blob_mask(box, outline) & (residual[crop] > 0)
        if page.photo and _along_border(box, page):
            residual[crop][mask] = 0
            continue  # the paper's edge or what lies beyond it
        area = int(mask.sum())
        thickness = max(1.0, area / length)
        straight = across <= (thickness + 3 if not page.photo else 2 * thickness + 3 + 0.03 * length)
        colour = _median_colour(page.rgb[crop][mask])
        if straight and not (not page.photo and _is_edge(page, box, colour)):
            lines.append((box, round(thickness), colour))
            residual[crop][mask] = 0
        elif box.w > box.h and box.h <= 60 and area < 0.45 * box.area and thickness <= 8:
            squiggles += 1
    if page.forced_sketchy is None:
        page.sketchy = page.sketchy or squiggles >= 2
    extent = _ink_extent(page)
    for box, thickness, colour in lines:
        container = _container_width(page, box, extent)
        if page.sketchy and box.w > box.h and box.w < 0.4 * container:
            if _distance(colour, _surround_colour(page, box)) >= _MIN_INK_CONTRAST:  # not a soft shadow
                page.found.append(Shape("text_bar", box, fill=colour, border_width=thickness))
        else:
            page.found.append(Shape("divider", box, border=colour, border_width=thickness))
    _find_marks(page, residual)


def _find_marks(page: _Page, residual: U8) -> None:
    """Groups of leftover ink: unread text rows (text bars in wireframes) and compact icons."""
    reach = 15 if page.photo else 7
    grouped = u8(cv2.morphologyEx(residual, cv2.MORPH_CLOSE, np.ones((3, reach), np.uint8)))
    icon_min, icon_max = (12, 70) if page.photo else (8, 64)
    for box, outline in _blobs(grouped):
        if box.area < 30:
            continue
        mask = _blob_mask(box, outline) & (residual[box.y : box.bottom, box.x : box.right] > 0)
        if not mask.any():
            continue
        if page.sketchy and box.w >= 2.5 * box.h and box.w >= 20 and box.h <= (60 if page.photo else 48):
            colour = _median_colour(page.rgb[box.y : box.bottom, box.x : box.right][mask])
            if _distance(colour, _surround_colour(page, box)) >= _MIN_INK_CONTRAST:
                page.found.append(Shape("text_bar", box, fill=colour, border_width=_stroke(mask)))
        elif (
            icon_min <= min(box.w, box.h)
            and max(box.w, box.h) <= icon_max
            and max(box.w, box.h) <= 2.5 * min(box.w, box.h)
        ):
            colour = _median_colour(page.rgb[box.y : box.bottom, box.x : box.right][mask])
            page.found.append(Shape("icon", box, fill=colour))


def _find_photos(page: _Page) -> None:
    """Photo-like areas: 8 px blocks with almost no flat pixel and a wide spread of brightness."""
    cell = 8
    rows, cols = page.height // cell, page.width // cell
    if rows < 6 or cols < 6:
        return
    area = (slice(0, rows * cell), slice(0, cols * cell))
    grey = cv2.cvtColor(page.rgb, cv2.COLOR_RGB2GRAY)[area].astype(np.float32)
    busy = cv2.resize(page.ink[area].astype(np.float32), (cols, rows), interpolation=cv2.INTER_AREA)
    texty = cv2.resize(page.text[area].astype(np.float32), (cols, rows), interpolation=cv2.INTER_AREA)
    mean = cv2.resize(grey, (cols, rows), interpolation=cv2.INTER_AREA)
    square = cv2.resize(grey * grey, (cols, rows), interpolation=cv2.INTER_AREA)
    spread = np.sqrt(np.maximum(square - mean * mean, 0))
    blocks = ((busy >= 0.9) & (spread >= 12) & (texty < 0.3)).astype(np.uint8)
    blocks = u8(cv2.morphologyEx(blocks, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)))
    count, _, stats = _components(blocks, 8)
    for i in range(1, count):
        b = _stats_box(stats, i)
        if b.w >= 6 and b.h >= 6 and stats[i, cv2.CC_STAT_AREA] >= 0.6 * b.area:
            page.found.append(Shape("image", Box(b.x * cell, b.y * cell, b.w * cell, b.h * cell)))


def _along_border(box: Box, page: _Page) -> bool:
    """Whether a line runs along an edge of the image (in a photo: the paper's edge)."""
    if box.w >= box.h:
        return box.y <= 3 or box.bottom >= page.height - 3
    return box.x <= 3 or box.right >= page.width - 3


def _mark_used(page: _Page, shape: Shape) -> None:
    """Ink a found shape explains: an outline's ring, or all of an image or a control."""
    b = _expanded(shape.box, 1)
    region = page.used[max(0, b.y) : b.bottom, max(0, b.x) : b.right]
    if shape.kind in ("image", "radio", "checkbox"):
        region[:] = 1
    elif shape.kind == "box":
        region[:] = 1
        t = max(shape.border_width, 1) + 3
        page.used[max(0, b.y + t) : max(0, b.bottom - t), max(0, b.x + t) : max(0, b.right - t)] = 0


def _ink_extent(page: _Page) -> int:
    """Width (px) of the inked part of the page: what a divider in a wireframe spans."""
    columns = np.flatnonzero(page.ink.any(axis=0))
    return int(columns[-1] - columns[0] + 1) if len(columns) else page.width


def _container_width(page: _Page, line: Box, extent: int) -> int:
    holders = [s.box.w for s in page.found if s.kind in ("box", "fill") and s.box.contains(line, 2)]
    return min(holders) if holders else extent


def _stroke(mask: NDArray[np.bool_]) -> int:
    """Stroke thickness (px) of a thin shape: twice its area over its perimeter."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return max(1, round(2 * float(mask.sum()) / perimeter)) if perimeter else 1
