"""Shapes in a design image, by computer vision: the non-text half of the offline engine's detect stage.

``detect_shapes`` finds fills, outlined boxes, dividers, images, checkboxes, radios, icons and a
wireframe's text bars (see ``Shape``), plus the page background. OCR is separate: its line boxes
come in as ``text_boxes``, so glyphs are not taken for icons or bars, while a fill or box around
text (a button, a card, a bar with a title) is kept.

Two kinds of input, told apart by perfectly straight colour edges (every screenshot and digital
wireframe has some, pen on paper has none) and by how much of the image is one exact colour:

- digital images (screenshots, mockups, clean wireframes): pixels are *flat* (inside a 5 x 5
  window of one colour, give or take ``_TOLERANCE``) or *ink* (everything thinner, plus strokes
  up to 8 px that stand out from the page: text, outlines, lines, icons, anti-aliasing). Flat
  regions give fills and solid placeholder images; holes enclosed by ink give outlined boxes,
  checkboxes and radios; frame-shaped ink gives crossed boxes (images); the rest of the ink gives
  dividers, icons and, in wireframes, text bars.
- photographs of paper, whitened scans included: the paper's uneven lighting is divided out and
  dark strokes (hysteresis-thresholded) are the ink; boxes also come from their four drawn
  sides, corner gaps and all; nothing is a fill.

An image counts as a wireframe ("sketchy") when it is a photograph or holds a crossed box or
squiggles; only then do short straight lines and unread handwriting become text bars.

Limits: gradients, textures and shadows are not fills (a soft shadow may give a divider);
outlines 9 px or thicker are fills, if anything; a digital image without any straight edge of
80 px (tiny content only) is read as a photograph; OCR line boxes that swallow a control keep
it from being found, except on paper at the line's start or when square; letters OCR missed
come out as icons, or (on paper) as checkboxes and radios when their counters look like one;
hand-drawn boxes whose sides are broken into several strokes, or whose top and bottom run on
into neighbours, may be missed; photo-like areas are found on 8 px blocks, so their edges are
approximate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from converters.offline.model import Box, Colour, Shape, ShapeKind

logger = logging.getLogger(__name__)

U8 = NDArray[np.uint8]
WHITE: Final[Colour] = (255, 255, 255)

_MIN_SIDE: Final = 8
"""Images with a shorter side (px) hold no shape worth reporting."""
_MAX_PIXELS: Final = 4_700_000
"""Digital images above this many pixels are analysed scaled down (a 1280 x 3300 page is not)."""
_PHOTO_SIDE: Final = 1280
"""Photographs are analysed with their longer side at most this many px (strokes stay 2-6 px)."""
_PHOTO_MODE_SHARE: Final = 0.15
"""An image whose most common exact colour covers less than this share is a photograph."""
_TOLERANCE: Final = 3
"""Largest per-channel difference (0-255) between neighbours that still counts as one colour."""
_MIN_CONTRAST: Final = 9.0
"""Smallest RGB distance at which a fill counts as visible against its surroundings."""
_PANEL_PIECE_AREA: Final = 2_000
"""Area (px) of a flat piece that may be part of a larger panel (see ``_find_panels``)."""
_PANEL_BRIDGE_PX: Final = 3
_PANEL_MIN_SHARE: Final = 0.05
"""Smallest panel, as a share of the page's area: smaller pieces are cards, found one by one."""
_MIN_INK_CONTRAST: Final = 40.0
"""Smallest RGB distance from its surroundings at which a wireframe's stroke stands for text."""


@dataclass(frozen=True)
class ShapesResult:
    """What ``detect_shapes`` found: the page ``background`` colour, the ``shapes`` sorted by
    (y, x, kind), and ``warnings`` about what could not be analysed."""

    background: Colour
    shapes: tuple[Shape, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class _Page:
    """The image as analysed (scaled by ``scale``) and what the detection steps share."""

    rgb: U8
    scale: float
    photo: bool
    ink: U8
    flat: U8
    text: U8
    text_boxes: list[Box]
    background: Colour
    sketchy: bool = False
    crossed: int = 0
    found: list[Shape] = field(default_factory=list)
    used: U8 = field(default_factory=lambda: np.zeros((0, 0), np.uint8))
    regions: U8 = field(default_factory=lambda: np.zeros((0, 0), np.uint8))
    outline_ink: U8 = field(default_factory=lambda: np.zeros((0, 0), np.uint8))
    ink_parts: tuple[int, NDArray[np.int32], NDArray[np.int32]] = (
        0,
        np.zeros((0, 0), np.int32),
        np.zeros((0, 5), np.int32),
    )

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])


def detect_shapes(image: Image.Image, text_boxes: Sequence[Box] = ()) -> ShapesResult:
    """Shapes in ``image`` (any mode; transparency is composited on white) and its background.

    ``text_boxes`` are OCR line boxes in pixels of ``image``. Result boxes are in pixels of
    ``image`` too, whatever scale the analysis ran at. Deterministic; never raises on odd input
    (a tiny, uniform or unreadable image gives no shapes and a warning). Colours: ``fill`` is a
    region's colour (for ``text_bar`` and ``icon``: the ink's), ``border`` an outline's or a
    divider's colour, ``border_width`` its thickness (for ``text_bar``: the stroke's), ``radius``
    the outer corner radius, all in px of ``image``. A photographed sketch's background is
    reported as white: the paper's sampled colour is lighting, not design.
    """
    width, height = image.size
    if width < _MIN_SIDE or height < _MIN_SIDE:
        colour = _mean_colour(image) if width and height else WHITE
        return ShapesResult(colour, (), (f"image is {width} x {height} px: too small to hold shapes",))
    warnings: list[str] = []
    try:
        scale = min(1.0, float(np.sqrt(_MAX_PIXELS / (width * height))))
        rgb = _rgb(image, scale)
        if _uniform(rgb):
            colour = (int(rgb[0, 0, 0]), int(rgb[0, 0, 1]), int(rgb[0, 0, 2]))
            return ShapesResult(colour, (), ("the image is one flat colour: no shapes",))
        page = _prepare(rgb, scale, [b for b in text_boxes if b.w > 0 and b.h > 0])
        if page.scale < 1 and not page.photo:
            warnings.append(f"image analysed at {page.scale:.0%} of its size: thin lines may be missed")
        shapes = _detect(page)
    except (cv2.error, ValueError, OSError, MemoryError) as exc:  # odd input must not stop a conversion
        logger.warning("shape detection failed on a %d x %d image: %s", width, height, exc)
        return ShapesResult(_mean_colour(image), (), ("shape detection failed; no shapes found",))
    shapes = [_to_input(s, page.scale, width, height) for s in shapes]
    shapes.sort(key=lambda s: (s.box.y, s.box.x, s.kind, s.box.w, s.box.h))
    return ShapesResult(page.background, tuple(shapes), tuple(warnings))


# --- preparation -----------------------------------------------------------------------------


def _rgb(image: Image.Image, scale: float = 1.0) -> U8:
    """The image as RGB pixels, transparency composited on white, scaled by ``scale`` (by Pillow,
    before the pixels are copied out: a huge image is never held in full)."""
    if scale < 1:
        size = (max(_MIN_SIDE, round(image.width * scale)), max(_MIN_SIDE, round(image.height * scale)))
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if image.mode in ("PA", "P") else "RGB")
        image = image.resize(size, Image.Resampling.BOX)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (*WHITE, 255)), rgba)
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def _u8(array: object) -> U8:
    """An OpenCV result (typed ``MatLike`` by its stubs) as the uint8 array it is; no copy."""
    return np.asarray(array, dtype=np.uint8)


def _uniform(rgb: U8) -> bool:
    """Whether every pixel is within ``_TOLERANCE`` of the first (a sample rules most images out)."""
    for pixels in (rgb[::7, ::7], rgb):
        diff = cv2.absdiff(pixels, np.full_like(pixels, rgb[0, 0]))
        if int(diff.max()) > _TOLERANCE:
            return False
    return True


def _mean_colour(image: Image.Image) -> Colour:
    """The image's average colour, from a thumbnail; white when even that cannot be had."""
    try:
        small = _rgb(image, min(1.0, 64 / max(image.width, image.height, 1)))
    except (ValueError, OSError, MemoryError):
        return WHITE
    mean = np.rint(small.reshape(-1, 3).astype(np.float64).mean(axis=0)) if small.size else np.full(3, 255.0)
    return int(mean[0]), int(mean[1]), int(mean[2])


def _prepare(rgb: U8, scale: float, text_boxes: list[Box]) -> _Page:
    """Masks and measures for ``rgb``, the image scaled by ``scale``; photographs are scaled
    further to ``_PHOTO_SIDE``."""
    height, width = rgb.shape[:2]
    step = max(1, int(np.sqrt(height * width / 250_000)))
    sample = rgb[::step, ::step].reshape(-1, 3).astype(np.int32)
    values, counts = np.unique((sample[:, 0] << 16) | (sample[:, 1] << 8) | sample[:, 2], return_counts=True)
    mode = int(values[np.argmax(counts)])
    frame = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]).astype(np.int32)
    edge_values, edge_counts = np.unique(
        (frame[:, 0] << 16) | (frame[:, 1] << 8) | frame[:, 2], return_counts=True
    )
    if edge_counts.max() >= 0.5 * len(frame):  # a page's margins show its background best
        mode = int(edge_values[np.argmax(edge_counts)])
    background = ((mode >> 16) & 255, (mode >> 8) & 255, mode & 255)
    right, below = _same_as_next(rgb)
    photo = bool(counts.max() < _PHOTO_MODE_SHARE * len(sample)) or not _has_straight_edges(right, below)
    if photo:
        if counts.max() < _PHOTO_MODE_SHARE * len(sample):
            background = WHITE  # the paper's sampled colour is lighting, not design
        if max(rgb.shape[:2]) > _PHOTO_SIDE:
            scale *= _PHOTO_SIDE / max(rgb.shape[:2])
            rgb = _resized(rgb, _PHOTO_SIDE / max(rgb.shape[:2]))
    text = np.zeros(rgb.shape[:2], np.uint8)
    scaled = [_scaled(box, scale) for box in text_boxes]
    for b in scaled:
        text[max(0, b.y - 1) : b.bottom + 1, max(0, b.x - 1) : b.right + 1] = 1
    ink = _photo_ink(rgb) if photo else (1 - _flat(right, below)) | _thin_strokes(rgb, background, text)
    page = _Page(rgb, scale, photo, ink, 1 - ink, text, scaled, background)
    if not photo:
        # Cut flat pixels where the colour changes, so one labelling separates regions by colour.
        page.regions = page.flat & right & below
    page.used = np.zeros_like(ink)
    closed = ink if not photo else _u8(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8)))
    page.outline_ink = closed
    page.ink_parts = _components(closed, 8)
    return page


def _resized(rgb: U8, scale: float) -> U8:
    height, width = rgb.shape[:2]
    size = (max(_MIN_SIDE, round(width * scale)), max(_MIN_SIDE, round(height * scale)))
    return np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))


def _has_straight_edges(right: U8, below: U8) -> bool:
    """Whether the image holds perfectly straight colour edges (80 px or longer, a fifth of a small
    image's side; between areas uniform along the edge; away from the image's border, where a
    photo shows the paper's edge): every screenshot and digital wireframe does, pen on paper
    does not."""
    horizontal = (1 - below) & right
    horizontal[:-1] &= right[1:]
    vertical = (1 - right) & below
    vertical[:, :-1] &= below[:, 1:]
    inside = (slice(8, -8), slice(8, -8))
    length = int(min(80, max(20, 0.2 * min(right.shape))))  # shorter in a small image
    count = int(cv2.erode(horizontal, np.ones((1, length), np.uint8), borderValue=0)[inside].sum())
    count += int(cv2.erode(vertical, np.ones((length, 1), np.uint8), borderValue=0)[inside].sum())
    return count >= min(400, 0.0015 * right.size)


def _components(mask: U8, connectivity: int) -> tuple[int, NDArray[np.int32], NDArray[np.int32]]:
    """Connected components: count, label image, stats (OpenCV's layout; label 0 is the rest)."""
    algorithm = cv2.CCL_SPAGHETTI if connectivity == 8 else cv2.CCL_SAUF  # the fastest serial ones here
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        mask, connectivity, cv2.CV_32S, algorithm
    )
    return int(count), np.asarray(labels, np.int32), np.asarray(stats, np.int32)


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


def _scaled(box: Box, scale: float) -> Box:
    if scale == 1:
        return box
    x, y = int(box.x * scale), int(box.y * scale)
    return Box(
        x, y, max(1, int(np.ceil(box.right * scale)) - x), max(1, int(np.ceil(box.bottom * scale)) - y)
    )


def _same_as_next(rgb: U8) -> tuple[U8, U8]:
    """1 where the right / lower neighbour has the same colour (each channel within ``_TOLERANCE``)."""
    height, width = rgb.shape[:2]
    right = np.ones((height, width), np.uint8)
    below = np.ones((height, width), np.uint8)
    for out, diff in (
        (right[:, :-1], cv2.absdiff(rgb[:, 1:], rgb[:, :-1])),
        (below[:-1], cv2.absdiff(rgb[1:], rgb[:-1])),
    ):
        out[...] = np.maximum(np.maximum(diff[..., 0], diff[..., 1]), diff[..., 2]) <= _TOLERANCE
    return right, below


def _thin_strokes(rgb: U8, background: Colour, text: U8) -> U8:
    """Strokes up to 8 px thick that stand out from the background: flat inside when 5 px or
    thicker (a marker line, a heavy outline), yet ink, not fills. Text boxes count as part of
    what surrounds them, so a light button cut into strips by its dark label stays a fill."""
    diff = cv2.absdiff(rgb, np.full_like(rgb, background))
    marked = (np.maximum(np.maximum(diff[..., 0], diff[..., 1]), diff[..., 2]) > 40).astype(np.uint8)
    thick = _u8(cv2.morphologyEx(marked | text, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8)))
    thin: U8 = marked & (1 - thick)
    return thin


def _flat(right: U8, below: U8) -> U8:
    """1 where a pixel lies in some 5 x 5 window of one colour, from ``_same_as_next``'s edges.

    Working on edges between neighbours keeps the border between two flat areas flat and makes
    a 1 px line exactly 1 px of ink.
    """
    # A window with top-left (y, x) is uniform when its 5 x 4 right-edges and 4 x 5 down-edges are.
    uniform = _u8(cv2.erode(right, np.ones((5, 4), np.uint8), anchor=(0, 0)))
    uniform &= _u8(cv2.erode(below, np.ones((4, 5), np.uint8), anchor=(0, 0)))
    return _u8(cv2.dilate(uniform, np.ones((5, 5), np.uint8), anchor=(4, 4)))


def _photo_ink(rgb: U8) -> U8:
    """Strokes on paper: the darkest channel divided by the paper's estimated brightness."""
    darkest = rgb.min(axis=2)
    if np.median(darkest) < 100:  # light strokes on dark paper (a board, a dark theme): invert
        darkest = 255 - rgb.max(axis=2)
    height, width = darkest.shape
    small = cv2.resize(darkest, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9)))
    paper = cv2.resize(cv2.GaussianBlur(paper, (0, 0), 4), (width, height), interpolation=cv2.INTER_LINEAR)
    ratio = darkest.astype(np.float32) / np.maximum(paper.astype(np.float32), 1.0)
    noise = float(np.median(np.abs(ratio - 1.0)))
    # Hysteresis: faint pixels count when they touch clearly dark ones or form a long enough trace.
    faint = (ratio < 1.0 - float(np.clip(8 * noise, 0.06, 0.2))).astype(np.uint8)
    dark = ratio < 1.0 - float(np.clip(12 * noise, 0.15, 0.3))
    faint = cv2.medianBlur(faint, 3) | dark.astype(np.uint8)
    _, labels, stats = _components(faint, 8)
    keep = stats[:, cv2.CC_STAT_AREA] >= 40
    keep[np.unique(labels[dark])] = True
    keep &= stats[:, cv2.CC_STAT_AREA] >= 12
    keep[0] = False
    result: U8 = keep[labels].astype(np.uint8)
    return result


# --- detection -------------------------------------------------------------------------------


def _detect(page: _Page) -> list[Shape]:
    if not page.photo:
        _find_fills(page)
    _find_holes(page)
    _find_rings(page)
    _find_drawn_boxes(page, crossed_only=not page.photo)
    page.sketchy = page.photo or page.crossed > 0
    _find_lines_and_marks(page)
    if not page.photo and not page.sketchy:
        _find_photos(page)
    return _deduplicated(page.found)


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
        joined = _u8(cv2.morphologyEx(np.isin(labels, members).astype(np.uint8), cv2.MORPH_CLOSE, kernel))
        count, parts, stats = _components(joined, 4)
        for j in range(1, count):
            box = _stats_box(stats, j)
            if box.area < _PANEL_MIN_SHARE * page.width * page.height or box.w < 0.2 * page.width:
                continue
            mask = (parts[box.y : box.bottom, box.x : box.right] == j).astype(np.uint8)
            if _filled_share(mask) < 0.9 or _distance(colour, _surround_colour(page, box)) < _MIN_CONTRAST:
                continue
            page.found.append(Shape("fill", box, fill=colour, radius=_corner_radius(mask)))


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
        joined = _u8(cv2.morphologyEx(page.ink, cv2.MORPH_CLOSE, ellipse))
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
        ink = _u8(cv2.dilate(ink, np.ones((3, 1) if horizontal else (1, 3), np.uint8)))
    found = []
    for b, _ in _blobs(_u8(cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel))):
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


def _find_lines_and_marks(page: _Page) -> None:
    """The ink no outline explains: dividers, text bars (wireframes) and icons."""
    for shape in page.found:
        _mark_used(page, shape)
    residual = page.ink & (1 - page.text) & (1 - page.used)
    joined = residual
    if page.photo:  # drawn lines fade in and out: join pieces along the line
        joined = _u8(cv2.morphologyEx(residual, cv2.MORPH_CLOSE, np.ones((1, 15), np.uint8)))
        joined |= _u8(cv2.morphologyEx(residual, cv2.MORPH_CLOSE, np.ones((15, 1), np.uint8)))
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
    grouped = _u8(cv2.morphologyEx(residual, cv2.MORPH_CLOSE, np.ones((3, reach), np.uint8)))
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
    blocks = _u8(cv2.morphologyEx(blocks, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)))
    count, _, stats = _components(blocks, 8)
    for i in range(1, count):
        b = _stats_box(stats, i)
        if b.w >= 6 and b.h >= 6 and stats[i, cv2.CC_STAT_AREA] >= 0.6 * b.area:
            page.found.append(Shape("image", Box(b.x * cell, b.y * cell, b.w * cell, b.h * cell)))


def _deduplicated(shapes: list[Shape]) -> list[Shape]:
    """One shape per thing. Images come first and absorb what they cover (the fill and outline of
    their own rectangle, its X, overlapping images); an outline absorbs the fill of the same
    rectangle; a line along the edge of a fill or box is its edge or shadow, not a divider."""
    kept: list[Shape] = []
    for shape in sorted(shapes, key=_priority):
        images = [k for k in kept if k.kind == "image"]
        if shape.kind == "image" and any(_overlap(shape.box, k.box) > 0.5 for k in images):
            continue
        if shape.kind != "image" and any(_inside(shape.box, k.box) for k in images):
            twin = next((k for k in images if _same_place(replace(shape, kind="image"), k)), None)
            if twin is not None and shape.kind == "box" and twin.border is None:
                kept[kept.index(twin)] = replace(twin, border=shape.border, border_width=shape.border_width)
            continue
        if shape.kind in ("divider", "text_bar") and any(
            _along_edge(shape.box, k) for k in kept if k.kind in ("box", "fill", "image")
        ):
            continue
        twin = next((k for k in kept if _same_place(k, shape)), None)
        if twin is None:
            kept.append(shape)
        elif twin.kind == "box" and shape.kind == "fill" and twin.fill is None:
            kept[kept.index(twin)] = replace(twin, fill=shape.fill)
    return kept


def _overlap(a: Box, b: Box) -> float:
    """Shared area over the smaller box's area."""
    return a.intersection(b) / max(1, min(a.area, b.area))


def _along_edge(line: Box, shape: Shape) -> bool:
    """Whether a line runs along most of an edge of ``shape``, within its border's reach."""
    box, near = shape.box, max(4, 2 * shape.border_width + 2)
    if line.w >= line.h:
        close = min(abs(line.cy - box.y), abs(line.cy - box.bottom)) <= near
        return close and min(line.right, box.right) - max(line.x, box.x) >= 0.6 * min(box.w, line.w)
    close = min(abs(line.cx - box.x), abs(line.cx - box.right)) <= near
    return close and min(line.bottom, box.bottom) - max(line.y, box.y) >= 0.6 * min(box.h, line.h)


# --- measurements ----------------------------------------------------------------------------


def _priority(shape: Shape) -> tuple[int, int, int, int]:
    """Which of two shapes in one place wins: images first (the tightest of overlapping ones),
    then controls, outlines, fills, lines and marks; then top to bottom."""
    order = ("image", "radio", "checkbox", "box", "fill", "divider", "text_bar", "icon")
    area = shape.box.area if shape.kind == "image" else 0
    return order.index(shape.kind), area, shape.box.y, shape.box.x


def _same_place(a: Shape, b: Shape) -> bool:
    slack = max(3, 2 * max(a.border_width, b.border_width) + 2)
    groups = ({"box", "fill", "image"}, {"radio", "checkbox"}, {"divider"}, {"text_bar"}, {"icon"})
    if not any(a.kind in g and b.kind in g for g in groups):
        return False
    return a.box.contains(b.box, slack) and b.box.contains(a.box, slack)


def _inside(inner: Box, outer: Box) -> bool:
    return outer.contains(inner, 3) and inner != outer


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


def _is_placeholder_blue(colour: Colour) -> bool:
    """The saturated blue that benchmark pages put in place of every image (rick.jpg)."""
    r, g, b = colour
    return b >= 180 and r <= 70 and g <= 70


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
    near = _u8(cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))))
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


def _along_border(box: Box, page: _Page) -> bool:
    """Whether a line runs along an edge of the image (in a photo: the paper's edge)."""
    if box.w >= box.h:
        return box.y <= 3 or box.bottom >= page.height - 3
    return box.x <= 3 or box.right >= page.width - 3


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


def _holds_text(page: _Page, box: Box) -> bool:
    """Whether a line of text lies mostly inside ``box`` (a line around all of it is OCR misreading
    the shape itself)."""
    return any(box.intersection(t) > 0.5 * t.area and t.area < 0.8 * box.area for t in page.text_boxes)


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


__all__ = ["ShapesResult", "detect_shapes"]
