"""Colour and geometry measurements the detection steps share.

Colour distances and medians, the colour just around or inside a box, whether a colour is the
anti-aliased blend of two others, corner radii, how much of its box a mask fills, the thickness of
an outline, and the connected parts of a mask. Sizes are in px of the analysed image.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from converters.offline.model import Box, Colour
from converters.offline.shapes.page import _MIN_CONTRAST, U8, WHITE, _Page


def _blobs(mask: U8) -> list[tuple[Box, NDArray[np.int32]]]:
    """Outer outlines of the mask's connected parts with their boxes, top to bottom (cheaper than
    labelling when only a few parts matter)."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = [(Box(*(int(v) for v in cv2.boundingRect(c))), np.asarray(c, np.int32)) for c in contours]
    found.sort(key=lambda item: (item[0].y, item[0].x, item[0].w, item[0].h))
    return found


def _blob_mask(box: Box, outline: NDArray[np.int32]) -> NDArray[np.bool_]:
    """The area inside ``outline`` (holes included), in ``box``'s coordinates."""
    mask = np.zeros((box.h, box.w), np.uint8)
    cv2.drawContours(mask, [outline - np.array([box.x, box.y], np.int32)], -1, 1, thickness=-1)
    return mask > 0


def _expanded(box: Box, by: int) -> Box:
    return Box(box.x - by, box.y - by, box.w + 2 * by, box.h + 2 * by)


def _stats_box(stats: NDArray[np.int32], i: int) -> Box:
    return Box(int(stats[i, 0]), int(stats[i, 1]), int(stats[i, 2]), int(stats[i, 3]))


def _distance(a: Colour, b: Colour) -> float:
    return float(np.sqrt(sum((int(p) - int(q)) ** 2 for p, q in zip(a, b, strict=True))))


def _median_colour(pixels: NDArray[np.uint8]) -> Colour:
    flat = pixels.reshape(-1, 3)
    if len(flat) == 0:
        return WHITE
    if len(flat) > 4000:
        flat = flat[:: len(flat) // 4000]
    m = np.median(flat, axis=0)
    return int(m[0]), int(m[1]), int(m[2])


def _region_colour(rgb: U8, labels: NDArray[np.int32], stats: NDArray[np.int32], i: int) -> Colour:
    b = _stats_box(stats, i)
    step = max(1, int(np.sqrt(b.area / 4000)))
    crop = (slice(b.y, b.bottom, step), slice(b.x, b.right, step))
    return _median_colour(rgb[crop][labels[crop] == i])


def _filled_share(mask: U8) -> float:
    """Share of the mask's bounding box covered by the mask with its holes filled."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 1, thickness=-1)
    return float(filled.mean()) if filled.size else 0.0


def _corner_radius(mask: U8 | NDArray[np.bool_]) -> int:
    """Corner radius (px) from how far each corner's first set pixel lies along the diagonal."""
    h, w = mask.shape
    reach = min(h, w) // 2
    if reach < 2:
        return 0
    steps = np.arange(reach)
    gaps = []
    for ys, xs in (
        (steps, steps),
        (steps, w - 1 - steps),
        (h - 1 - steps, steps),
        (h - 1 - steps, w - 1 - steps),
    ):
        hit = np.asarray(mask[ys, xs]) > 0
        gaps.append(int(np.argmax(hit)) if hit.any() else reach)
    gap = sorted(gaps)[1]  # the second smallest: one corner may hold content, one may be cut
    return min(reach, round(gap / (1 - 1 / np.sqrt(2)))) if gap else 0


def _surround_colour(page: _Page, box: Box) -> Colour:
    """The colour just outside ``box`` (flat pixels 3-6 px away), else the page background."""
    picks = []
    for d in (3, 6):
        top, bottom, left, right = box.y - d, box.bottom - 1 + d, box.x - d, box.right - 1 + d
        xs = np.arange(max(0, box.x), min(page.width, box.right))
        ys = np.arange(max(0, box.y), min(page.height, box.bottom))
        for row in (top, bottom):
            if 0 <= row < page.height:
                picks.append(page.rgb[row, xs][page.flat[row, xs] > 0])
        for col in (left, right):
            if 0 <= col < page.width:
                picks.append(page.rgb[ys, col][page.flat[ys, col] > 0])
    pixels = np.concatenate(picks) if picks else np.zeros((0, 3), np.uint8)
    return _median_colour(pixels) if len(pixels) >= 4 else page.background


def _inside_colour(page: _Page, inner: Box) -> Colour:
    crop = (slice(inner.y, inner.bottom), slice(inner.x, inner.right))
    keep = (page.flat[crop] > 0) & (page.text[crop] == 0)
    return _median_colour(page.rgb[crop][keep]) if keep.any() else _median_colour(page.rgb[crop])


def _between(edge: Colour, a: Colour, b: Colour) -> bool:
    """Whether ``edge`` is a blend of ``a`` and ``b`` (anti-aliasing), not a colour of its own."""
    va, vb, ve = (np.asarray(c, np.float64) for c in (a, b, edge))
    span = vb - va
    length = float(span @ span)
    if length < _MIN_CONTRAST**2:
        return _distance(edge, a) < _MIN_CONTRAST
    t = float(np.clip((ve - va) @ span / length, 0, 1))
    return float(np.linalg.norm(va + t * span - ve)) < 12


def _is_edge(page: _Page, box: Box, colour: Colour) -> bool:
    """Whether a thin line is only the blended boundary between two differently coloured areas."""
    if box.w >= box.h:
        before = _surround_colour(page, Box(box.x, box.y, box.w, 0))
        after = _surround_colour(page, Box(box.x, box.bottom, box.w, 0))
    else:
        before = _surround_colour(page, Box(box.x, box.y, 0, box.h))
        after = _surround_colour(page, Box(box.right, box.y, 0, box.h))
    return _distance(before, after) >= _MIN_CONTRAST and _between(colour, before, after)


def _ring_widths(
    ink: U8, box: Box, limit: int, depth: int = 0, outward: bool = True
) -> tuple[int, int, int, int]:
    """Thickness (px) of the first ink met on each side of ``box`` (top, right, bottom, left).

    Walks 15 lines across the middle of each side: ``outward`` from ``depth`` px inside the box
    (a hole's outline, wobbly when drawn by hand), or inward from the box's edge (a frame). Each
    side gives the median over its lines; a line meeting no ink counts 0, a run is capped at
    ``limit``.
    """
    height, width = ink.shape
    steps = depth + 4 + limit
    k = np.arange(steps)[:, None]
    across_x = box.x + (np.linspace(0.2, 0.8, 15) * box.w).astype(int)
    across_y = box.y + (np.linspace(0.2, 0.8, 15) * box.h).astype(int)
    if outward:
        lines = (
            (box.y + depth - k, across_x),
            (across_y, box.right - 1 - depth + k),
            (box.bottom - 1 - depth + k, across_x),
            (across_y, box.x + depth - k),
        )
    else:
        lines = (
            (box.y + k, across_x),
            (across_y, box.right - 1 - k),
            (box.bottom - 1 - k, across_x),
            (across_y, box.x + k),
        )
    result = []
    for ys, xs in lines:
        ys, xs = np.broadcast_to(ys, (steps, 15)), np.broadcast_to(xs, (steps, 15))
        valid = (ys >= 0) & (ys < height) & (xs >= 0) & (xs < width)
        hit = np.zeros((steps, 15), bool)
        hit[valid] = ink[ys[valid], xs[valid]] > 0
        runs = []
        for column in hit.T:
            first = int(np.argmax(column))
            if not column[first] or first > depth + 4:
                runs.append(0)
                continue
            rest = column[first:]
            runs.append(min(limit, int(np.argmin(rest)) if not rest.all() else len(rest)))
        result.append(int(np.median(runs)))
    return result[0], result[1], result[2], result[3]
