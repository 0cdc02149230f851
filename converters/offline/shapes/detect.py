"""``detect_shapes``, the entry point: prepare the page, run the detection steps in order, map back.

The steps share one ``_Page``: fills (digital images only), holes, rings, drawn boxes, lines and
marks, then photo-like areas (screenshots only); ``_deduplicated`` keeps one shape per thing, and
the boxes are scaled back to the input image's pixels.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image

from converters.cancel import Cancellation, check
from converters.offline.model import Box, Colour, Shape
from converters.offline.shapes.dedupe import _deduplicated
from converters.offline.shapes.drawn import _find_drawn_boxes
from converters.offline.shapes.fills import _find_fills
from converters.offline.shapes.marks import _find_lines_and_marks, _find_photos
from converters.offline.shapes.outlines import _find_holes, _find_rings
from converters.offline.shapes.page import (
    _MAX_PIXELS,
    _MIN_SIDE,
    WHITE,
    _mean_colour,
    _Page,
    _prepare,
    _uniform,
    rgb_of,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShapesResult:
    """What ``detect_shapes`` found: the page ``background`` colour, the ``shapes`` sorted by
    (y, x, kind), and ``warnings`` about what could not be analysed."""

    background: Colour
    shapes: tuple[Shape, ...]
    warnings: tuple[str, ...] = ()


def detect_shapes(
    image: Image.Image,
    text_boxes: Sequence[Box] = (),
    *,
    cancel: Cancellation | None = None,
    sketchy: bool | None = None,
) -> ShapesResult:
    """Shapes in ``image`` (any mode; transparency is composited on white) and its background.

    ``text_boxes`` are OCR line boxes in pixels of ``image``. Result boxes are in pixels of
    ``image`` too, whatever scale the analysis ran at. Deterministic; never raises on odd input
    (a tiny, uniform or unreadable image gives no shapes and a warning). Colours: ``fill`` is a
    region's colour (for ``text_bar`` and ``icon``: the ink's), ``border`` an outline's or a
    divider's colour, ``border_width`` its thickness (for ``text_bar``: the stroke's), ``radius``
    the outer corner radius, all in px of ``image``. ``sketchy`` forces the wireframe reading on
    (text bars from short lines and scribbles) or off (a page's photo-like areas are images);
    ``None`` decides it from what is found (see ``converters.offline.shapes``). A photographed
    sketch's background is reported as white: the paper's sampled colour is lighting, not design.
    Raises ``Cancelled`` when ``cancel`` is cancelled (checked between the steps, each well under
    a second).
    """
    width, height = image.size
    if width < _MIN_SIDE or height < _MIN_SIDE:
        colour = _mean_colour(image) if width and height else WHITE
        return ShapesResult(colour, (), (f"image is {width} x {height} px: too small to hold shapes",))
    warnings: list[str] = []
    try:
        scale = min(1.0, float(np.sqrt(_MAX_PIXELS / (width * height))))
        rgb = rgb_of(image, scale)
        if _uniform(rgb):
            colour = (int(rgb[0, 0, 0]), int(rgb[0, 0, 1]), int(rgb[0, 0, 2]))
            return ShapesResult(colour, (), ("the image is one flat colour: no shapes",))
        check(cancel)
        page = _prepare(rgb, scale, [b for b in text_boxes if b.w > 0 and b.h > 0])
        if page.scale < 1 and not page.photo:
            warnings.append(f"image analysed at {page.scale:.0%} of its size: thin lines may be missed")
        page.forced_sketchy = sketchy
        shapes = _detect(page, cancel)
    except (cv2.error, ValueError, OSError, MemoryError) as exc:  # odd input must not stop a conversion
        logger.warning("shape detection failed on a %d x %d image: %s", width, height, exc)
        return ShapesResult(_mean_colour(image), (), ("shape detection failed; no shapes found",))
    shapes = [_to_input(s, page.scale, width, height) for s in shapes]
    shapes.sort(key=lambda s: (s.box.y, s.box.x, s.kind, s.box.w, s.box.h))
    return ShapesResult(page.background, tuple(shapes), tuple(warnings))


def _detect(page: _Page, cancel: Cancellation | None = None) -> list[Shape]:
    if not page.photo:
        _find_fills(page)
    check(cancel)
    _find_holes(page)
    check(cancel)
    _find_rings(page)
    check(cancel)
    _find_drawn_boxes(page, crossed_only=not page.photo)
    check(cancel)
    page.sketchy = (page.photo or page.crossed > 0) if page.forced_sketchy is None else page.forced_sketchy
    _find_lines_and_marks(page)
    check(cancel)
    if not page.photo and not page.sketchy:
        _find_photos(page)
        check(cancel)
    return _deduplicated(page.found)


def _to_input(shape: Shape, scale: float, width: int, height: int) -> Shape:
    if scale == 1:
        return shape
    b = shape.box
    x, y = min(width - 1, round(b.x / scale)), min(height - 1, round(b.y / scale))
    w = max(1, min(width - x, round(b.right / scale) - x))
    h = max(1, min(height - y, round(b.bottom / scale) - y))

    def grow(v: int) -> int:
        return max(1, round(v / scale)) if v else 0

    return replace(
        shape, box=Box(x, y, w, h), border_width=grow(shape.border_width), radius=grow(shape.radius)
    )
