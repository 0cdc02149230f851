"""Outlined shapes from the ink: holes and rings.

Holes enclosed by thin ink give outlined boxes, checkboxes and radios; frame-shaped ink gives
crossed boxes (images), ticked checkboxes and, on paper, outlines with gaps.

Limits: OCR line boxes that swallow a control keep it from being found, except on paper at the
line's start or when square; on paper, letters OCR missed may come out as checkboxes and radios
when their counters look like one.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from converters.offline.model import Box, Colour, Shape, ShapeKind
from converters.offline.shapes.measure import (
    _between,
    _corner_radius,
    _distance,
    _expanded,
    _inside_colour,
    _median_colour,
    _ring_widths,
    _stats_box,
    _surround_colour,
)
from converters.offline.shapes.page import _MIN_CONTRAST, U8, _components, _Page, u8


def _find_holes(page: _Page) -> None:
    """Areas enclosed by thin ink: outlined boxes, and (when small and alone) checkboxes, radios."""
    ink = page.outline_ink
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return
    _, labels, stats = page.ink_parts
    limit = 16 if page.photo else 12
    small, large = _control_sizes(page)
    for found, links in zip(contours, hierarchy[0], strict=True):
        contour = np.asarray(found, np.int32)
        x, y, w, h = (int(v) for v in cv2.boundingRect(contour))
        if links[3] < 0 or w < 8 or h < 8 or not _rectangular_hole(contour, w, h, page.photo):
            continue
        inner = Box(x + 1, y + 1, w - 2, h - 2)
        mask = np.zeros((h, w), np.uint8)
        cv2.drawContours(mask, [contour - np.array([x, y], np.int32)], -1, 1, thickness=-1)
        inner_radius = _corner_radius(mask)
        square = float(mask.mean()) >= 0.85 and inner_radius <= 0.25 * min(w, h)
        if _in_text_not_leading(page, inner, large, square=square):
            continue
        sides = _hole_ring_widths(ink, mask, x, y, limit)
        if min(sides) == 0 or max(sides) >= limit:
            continue  # a gap in the ring, or a hole in a mass of ink rather than an outline
        if page.photo:
            sides = (int(np.median(sides)),) * 4
        top, right, bottom, left = sides
        outer = Box(inner.x - left, inner.y - top, inner.w + left + right, inner.h + top + bottom)
        if outer.x <= 0 and outer.y <= 0 and outer.right >= page.width and outer.bottom >= page.height:
            continue
        thickness = int(np.median(sides))
        border = _ring_colour(page, inner, max(sides))
        inside = _inside_colour(page, inner)
        outside = _surround_colour(page, outer)
        if not page.photo and thickness <= 1 and _between(border, inside, outside):
            continue  # the anti-aliased edge of a fill, which _find_fills reports
        radius = inner_radius + thickness if inner_radius else 0
        control = _expanded(inner, thickness)  # neighbours touching its ring do not widen a control
        side, other = max(control.w, control.h), min(control.w, control.h)
        if small <= other and side <= large and side <= 1.35 * other:
            outer = control
            label = labels[min(page.height - 1, outer.y + thickness // 2), inner.x + inner.w // 2]
            alone = _expanded(outer, max(3, int(0.6 * side))).contains(_stats_box(stats, int(label)))
            if not alone and thickness > max(3, 0.3 * min(inner.w, inner.h)):
                continue  # a letter's counter inside a word, not a control
            round_ = radius >= 0.35 * other or float(mask.mean()) < 0.8  # a circle fills 79% of its box
            kind: ShapeKind = "radio" if round_ else "checkbox"
            page.found.append(Shape(kind, outer, border=border, border_width=thickness, radius=radius))
        elif other >= 10:
            fill = inside if _distance(inside, outside) >= _MIN_CONTRAST else None
            page.found.append(
                Shape("box", outer, fill=fill, border=border, border_width=thickness, radius=radius)
            )


def _rectangular_hole(contour: NDArray[np.int32], w: int, h: int, drawn: bool) -> bool:
    """Whether a hole is box- or circle-shaped; a drawn one may be dented by what touches it."""
    area = cv2.contourArea(contour)
    if not drawn:
        return bool(area >= 0.72 * (w - 1) * (h - 1))
    hull = cv2.contourArea(cv2.convexHull(contour))
    return bool(hull >= 0.75 * (w - 1) * (h - 1) and area >= 0.55 * (w - 1) * (h - 1))


def _find_rings(page: _Page) -> None:
    """Ink components shaped like a frame: crossed boxes (images) and outlines with gaps.

    On paper, gaps up to about 10 px where strokes should meet are closed first.
    """
    if page.photo:
        ellipse = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11))
        joined = u8(cv2.morphologyEx(page.ink, cv2.MORPH_CLOSE, ellipse))
        count, labels, stats = _components(joined, 8)
    else:
        count, labels, stats = page.ink_parts
    bare = page.outline_ink & (1 - page.text)
    small, large = _control_sizes(page)
    for i in range(1, count):
        box = _stats_box(stats, i)
        control = small <= min(box.w, box.h) and max(box.w, box.h) <= min(large, 1.35 * min(box.w, box.h))
        if (min(box.w, box.h) < 16 and not control) or _in_text_not_leading(page, box, large, square=control):
            continue
        crop = (slice(box.y, box.bottom), slice(box.x, box.right))
        mask = labels[crop] == i
        band = max(2, round((0.1 if page.photo else 0.06) * min(box.w, box.h)))
        if min(_side_cover(mask, band)) < 0.8:
            continue
        own = mask & (page.ink[crop] > 0)
        border = _median_colour(page.rgb[crop][own]) if own.any() else _median_colour(page.rgb[crop][mask])
        if not page.photo and own.sum() <= 1.5 * (box.w + box.h) * 2:  # an outline about 1 px thin
            inside = _inside_colour(page, _expanded(box, -3))
            if _between(border, inside, _surround_colour(page, box)):
                continue  # the anti-aliased edge of a fill
        if _has_cross(bare[crop]):
            width = max(1, round(float(own.sum()) / (2 * (box.w + box.h)) / 2))
            page.found.append(Shape("image", box, border=border, border_width=width))
            page.crossed += 1
            continue
        if control:  # a checkbox, ticked or not: its own strokes still frame it
            inside = own[band:-band, band:-band]
            if min(_side_cover(own, band)) >= 0.7 and inside.size and inside.mean() < 0.5:
                page.found.append(Shape("checkbox", box, border=border, border_width=max(1, band // 2)))
            continue
        core = (mask & (page.text[crop] == 0))[2 * band : -2 * band, 2 * band : -2 * band]
        if core.size and core.mean() < 0.15:
            sides = _ring_widths(page.ink, box, max(2, band * 2), outward=False)
            page.found.append(Shape("box", box, border=border, border_width=max(1, int(np.median(sides)))))


def _hole_ring_widths(ink: U8, hole: U8, x: int, y: int, limit: int) -> tuple[int, int, int, int]:
    """Median thickness (top, right, bottom, left) of the ink around a hole, measured outward from
    the hole's own edge on 15 lines across each side, so a wobbly drawn outline measures true.

    ``hole`` is the filled hole contour (its edge pixels are the outline's innermost ink) with its
    top-left at (``x``, ``y``); runs are capped at ``limit``.
    """
    height, width = ink.shape
    h, w = hole.shape
    result = []
    for axis in range(4):  # top, right, bottom, left
        across = w if axis in (0, 2) else h
        runs = []
        for at in (np.linspace(0.2, 0.8, 15) * (across - 1)).astype(int):
            line = hole[:, at] if axis in (0, 2) else hole[at, :]
            inside = np.flatnonzero(line)
            if not len(inside):
                runs.append(0)
                continue
            start = int(inside[0] if axis in (0, 3) else inside[-1])
            step = -1 if axis in (0, 3) else 1
            offsets = start + step * np.arange(limit)
            if axis in (0, 2):
                ys, xs = y + offsets, np.full(limit, x + at)
            else:
                ys, xs = np.full(limit, y + at), x + offsets
            valid = (ys >= 0) & (ys < height) & (xs >= 0) & (xs < width)
            hit = np.zeros(limit, bool)
            hit[valid] = ink[ys[valid], xs[valid]] > 0
            runs.append(limit if hit.all() else int(np.argmin(hit)))
        result.append(int(np.median(runs)))
    return result[0], result[1], result[2], result[3]


def _ring_colour(page: _Page, inner: Box, thickness: int) -> Colour:
    """Median colour of the ink in the strips just outside ``inner`` (its outline, even a round one)."""
    t = thickness + 1
    strips = (
        (slice(inner.y - t, inner.y), slice(inner.x, inner.right)),
        (slice(inner.bottom, inner.bottom + t), slice(inner.x, inner.right)),
        (slice(inner.y, inner.bottom), slice(inner.x - t, inner.x)),
        (slice(inner.y, inner.bottom), slice(inner.right, inner.right + t)),
    )
    picks = []
    for rows, cols in strips:
        rows = slice(max(0, rows.start), min(page.height, rows.stop))
        cols = slice(max(0, cols.start), min(page.width, cols.stop))
        picks.append(page.rgb[rows, cols][page.ink[rows, cols] > 0])
    return _median_colour(np.concatenate(picks))


def _side_cover(mask: NDArray[np.bool_], band: int) -> tuple[float, float, float, float]:
    """Share of columns / rows holding ink within ``band`` px of each side (top, right, bottom, left)."""
    return (
        float(mask[:band].any(axis=0).mean()),
        float(mask[:, -band:].any(axis=1).mean()),
        float(mask[-band:].any(axis=0).mean()),
        float(mask[:, :band].any(axis=1).mean()),
    )


def _has_cross(ink: U8) -> bool:
    """Whether ink runs along both diagonals of the crop and little else is inside (an X through
    a box: an image). Each diagonal may end up to a fifth of the height away from its corner, as
    drawn Xs do."""
    h, w = ink.shape
    if min(h, w) < 16:
        return False
    reach = min(8, max(2, round(0.05 * min(h, w))))
    near = u8(cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))))
    t = np.linspace(0.12, 0.88, 31)
    xs = (t * (w - 1)).astype(int)
    best = [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0)]  # per diagonal: coverage, row at x = 0, row at x = w - 1
    for a in (0.0, 0.1, 0.2):
        for b in (0.0, 0.1, 0.2):
            ys = (a + t * (1 - a - b)) * (h - 1)
            ends = (a * (h - 1), (1 - b) * (h - 1))
            for which, rows, (first, last) in (
                (0, ys, ends),
                (1, h - 1 - ys, (h - 1 - ends[0], h - 1 - ends[1])),
            ):
                score = float(near[rows.astype(int), xs].mean())
                if score > best[which][0]:
                    best[which] = (score, first, last)
    if min(best[0][0], best[1][0]) < 0.85:
        return False
    # Ink off both diagonals: an X box holds little else; a panel of content does.
    lines = np.zeros_like(ink)
    for _, first, last in best:
        cv2.line(lines, (0, round(first)), (w - 1, round(last)), 1, thickness=4 * reach + 1)
    band = max(2, round(0.08 * min(h, w)))
    inner = (slice(band, h - band), slice(band, w - band))
    on = int(((ink[inner] > 0) & (lines[inner] > 0)).sum())
    stray = int(((ink[inner] > 0) & (lines[inner] == 0)).sum())
    return stray < 0.5 * on


def _control_sizes(page: _Page) -> tuple[int, int]:
    """Smallest and largest side (px) of a checkbox or radio: CSS sizes in a screenshot; on paper,
    up to 5% of the sheet's longer side."""
    if page.photo:
        return 10, max(60, round(0.05 * max(page.width, page.height)))
    return 8, 36


def _in_text_not_leading(page: _Page, box: Box, control: int, square: bool = False) -> bool:
    """Whether ``box`` lies in a line of text (and is narrower than it: a box around the whole line is
    a button or an input holding it), unless it is a control OCR took in with its label:
    on paper, a control-sized hole at the line's start, or a square one anywhere (a line of
    options reads as one line). In a screenshot a hole in a line is a letter's counter ("O")."""
    sized = page.photo and max(box.w, box.h) <= control
    for t in page.text_boxes:
        inside = t.contains(box, 2) or (max(box.w, box.h) < 16 and t.intersection(box) > 0)
        inside = inside and box.w < 0.6 * t.w  # not a box around the whole line (a button's label)
        if inside and not (sized and (square or box.x - t.x <= 1.5 * box.w)):
            return True
    return False
