"""Hand-drawn boxes from their four drawn sides, corner gaps and all.

A top and a bottom stroke of similar extent, and a stroke near each end running from about the
top to about the bottom, make a box (a crossed one is an image). In a digital image only crossed
boxes are taken this way.

Limits: hand-drawn boxes whose sides are broken into several strokes, or whose top and bottom run
on into neighbours, may be missed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from converters.offline.model import Box, Shape, ShapeKind
from converters.offline.shapes.measure import _blobs, _median_colour, _ring_widths
from converters.offline.shapes.outlines import _control_sizes, _has_cross
from converters.offline.shapes.page import U8, _Page, u8


@dataclass(frozen=True)
class _Segment:
    """A straight stretch of drawn ink: ``start``..``end`` along it, ``at`` across it (px)."""

    start: int
    end: int
    at: int

    @property
    def length(self) -> int:
        return self.end - self.start


def _segments(ink: U8, horizontal: bool, length: int, drawn: bool) -> list[_Segment]:
    """Straight stretches of ink at least ``length`` px long. Drawn ones may slant a little, and
    pieces on one line are joined across gaps up to 24 px (pens fade); exact ones are not."""
    kernel = np.ones((1, length) if horizontal else (length, 1), np.uint8)
    if drawn:
        ink = u8(cv2.dilate(ink, np.ones((3, 1) if horizontal else (1, 3), np.uint8)))
    found = []
    for b, _ in _blobs(u8(cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel))):
        if horizontal and b.h <= max(12, b.w // 6):
            found.append(_Segment(b.x, b.right, b.y + b.h // 2))
        elif not horizontal and b.w <= max(12, b.h // 6):
            found.append(_Segment(b.y, b.bottom, b.x + b.w // 2))
    found.sort(key=lambda g: (g.at, g.start))
    drift, gap = (8, 24) if drawn else (1, 3)
    joined: list[_Segment] = []
    for g in found:
        near = next(
            (
                j
                for j in joined
                if abs(j.at - g.at) <= drift and max(j.start, g.start) - min(j.end, g.end) <= gap
            ),
            None,
        )
        if near is None:
            joined.append(g)
        else:
            joined[joined.index(near)] = _Segment(
                min(near.start, g.start), max(near.end, g.end), (near.at + g.at) // 2
            )
    return joined


def _find_drawn_boxes(page: _Page, crossed_only: bool) -> None:
    """Hand-drawn rectangles from their sides: a top and a bottom stroke of similar extent, and a
    stroke near each end running from about the top to about the bottom. Gaps at the corners
    and faint stretches do not matter here; for each top stroke the nearest bottom one wins."""
    # Text boxes are not cut out: OCR's boxes on handwriting often take in the strokes around it.
    rows = _segments(page.ink, True, 20, page.photo)
    columns = _segments(page.ink, False, 16, page.photo)
    bare = page.outline_ink & (1 - page.text)
    starts, ends, ats = (
        np.array([getattr(r, k) for r in rows], np.int32).reshape(-1) for k in ("start", "end", "at")
    )
    for top in rows:
        # Where both run: a stroke may run on into a neighbour's, drawn in line with it.
        x0s, x1s = np.maximum(starts, top.start), np.minimum(ends, top.end)
        shortest = np.minimum(ends - starts, top.length)
        fits = (ats - top.at >= 14) & (x1s - x0s >= np.maximum(20, 0.6 * shortest))
        for j in np.flatnonzero(fits):
            bottom, x0, x1 = rows[j], int(x0s[j]), int(x1s[j])
            height = bottom.at - top.at
            slack = max(10, round(0.06 * max(x1 - x0, height)))
            at_left = _side_stroke(columns, x0, top.at, bottom.at, slack, crossed_only, (x0, x1 - 20))
            at_right = _side_stroke(columns, x1, top.at, bottom.at, slack, crossed_only, (x0 + 20, x1))
            if at_left is None or at_right is None:
                continue
            x0, x1 = max(0, at_left - 2), min(page.width, at_right + 3)  # the sides, not the overshoot
            y0, y1 = max(0, top.at - 2), min(page.height, bottom.at + 3)
            box = Box(x0, y0, x1 - x0, y1 - y0)
            crop = (slice(box.y, box.bottom), slice(box.x, box.right))
            strokes = page.ink[crop] > 0
            border = _median_colour(page.rgb[crop][strokes]) if strokes.any() else None
            thickness = max(1, round(_stroke_width(page.ink, box)))
            crossed = _has_cross(bare[crop])
            if crossed_only and not crossed:
                continue
            kind: ShapeKind = "image" if crossed else "box"
            if (
                not crossed
                and max(box.w, box.h) <= _control_sizes(page)[1]
                and max(box.w, box.h) <= 1.35 * min(box.w, box.h)
            ):
                kind = "checkbox"
            page.found.append(Shape(kind, box, border=border, border_width=thickness))
            page.crossed += crossed
            break


def _side_stroke(
    columns: list[_Segment], x: int, top: int, bottom: int, slack: int, exact: bool, within: tuple[int, int]
) -> int | None:
    """Where a vertical stroke runs from about ``top`` to about ``bottom`` (not past them when
    drawn: a card's side is no side of the sections inside it; ``exact`` ones may run on): the
    one nearest ``x`` within ``slack``, else the one nearest ``x`` inside ``within`` (a top or
    bottom stroke drawn in line with a neighbour's runs on past its own corner)."""
    reach = max(5, round(0.2 * (bottom - top)))
    fitting = [
        c.at
        for c in columns
        if c.start <= top + reach
        and c.end >= bottom - reach
        and (exact or (c.start >= top - reach and c.end <= bottom + reach))
    ]
    near = [at for at in fitting if abs(at - x) <= slack]
    if not near:
        near = [at for at in fitting if within[0] <= at <= within[1]]
    return min(near, key=lambda at: (abs(at - x), at)) if near else None


def _stroke_width(ink: U8, box: Box) -> float:
    runs = _ring_widths(ink, box, 12, outward=False)
    nonzero = [r for r in runs if r]
    return float(np.median(nonzero)) if nonzero else 1.0
