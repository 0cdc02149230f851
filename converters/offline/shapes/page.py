"""The image as the detection steps see it: a ``_Page`` of pixels and masks, and shared thresholds.

``_prepare`` tells the two kinds of input apart, by perfectly straight colour edges (every
screenshot and digital wireframe has some, pen on paper has none) and by how much of the image is
one exact colour, and builds the masks:

- digital images (screenshots, mockups, clean wireframes): pixels are *flat* (inside a 5 x 5
  window of one colour, give or take ``_TOLERANCE``) or *ink* (everything thinner, plus strokes
  up to 8 px that stand out from the page: text, outlines, lines, icons, anti-aliasing).
- photographs of paper, whitened scans included: the paper's uneven lighting is divided out and
  dark strokes (hysteresis-thresholded) are the ink; nothing is flat.

Limits: a digital image without any straight edge of 80 px (tiny content only) is read as a
photograph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from converters.offline.model import Box, Colour, Shape

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
    forced_sketchy: bool | None = None
    """``sketchy`` as the caller named it (``detect_shapes``); ``None``: decided from the findings."""
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


def rgb_of(image: Image.Image, scale: float = 1.0) -> U8:
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


def colour_mode(pixels: U8) -> tuple[Colour, int]:
    """The most common exact colour of ``pixels`` (any shape, RGB last) and how many have it."""
    flat = pixels.reshape(-1, 3).astype(np.int32)
    values, counts = np.unique((flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2], return_counts=True)
    top = int(np.argmax(counts))
    mode = int(values[top])
    return ((mode >> 16) & 255, (mode >> 8) & 255, mode & 255), int(counts[top])


def u8(array: object) -> U8:
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
        small = rgb_of(image, min(1.0, 64 / max(image.width, image.height, 1)))
    except (ValueError, OSError, MemoryError):
        return WHITE
    mean = np.rint(small.reshape(-1, 3).astype(np.float64).mean(axis=0)) if small.size else np.full(3, 255.0)
    return int(mean[0]), int(mean[1]), int(mean[2])


def _prepare(rgb: U8, scale: float, text_boxes: list[Box]) -> _Page:
    """Masks and measures for ``rgb``, the image scaled by ``scale``; photographs are scaled
    further to ``_PHOTO_SIDE``."""
    height, width = rgb.shape[:2]
    step = max(1, int(np.sqrt(height * width / 250_000)))
    sample = rgb[::step, ::step]
    background, count = colour_mode(sample)
    frame = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    edge, edge_count = colour_mode(frame)
    if edge_count >= 0.5 * len(frame):  # a page's margins show its background best
        background = edge
    lit = count < _PHOTO_MODE_SHARE * sample.shape[0] * sample.shape[1]
    right, below = same_as_next(rgb)
    photo = lit or not _has_straight_edges(right, below)
    if photo:
        if lit:
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
    closed = ink if not photo else u8(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8)))
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
    length = int(min(80, max(20, 0.2 * min(right.shape))))  # shorter in a small image
    return straight_edge_pixels(right, below, length) >= min(400, 0.0015 * right.size)


def straight_edge_pixels(right: U8, below: U8, length: int) -> int:
    """How many pixels lie on perfectly straight colour edges at least ``length`` px long,
    horizontal or vertical, between areas uniform along the edge, 8 px or more inside the
    image; ``right`` and ``below`` are ``same_as_next``'s."""
    horizontal = (1 - below) & right
    horizontal[:-1] &= right[1:]
    vertical = (1 - right) & below
    vertical[:, :-1] &= below[:, 1:]
    inside = (slice(8, -8), slice(8, -8))
    count = int(cv2.erode(horizontal, np.ones((1, length), np.uint8), borderValue=0)[inside].sum())
    count += int(cv2.erode(vertical, np.ones((length, 1), np.uint8), borderValue=0)[inside].sum())
    return count


def _components(mask: U8, connectivity: int) -> tuple[int, NDArray[np.int32], NDArray[np.int32]]:
    """Connected components: count, label image, stats (OpenCV's layout; label 0 is the rest)."""
    algorithm = cv2.CCL_SPAGHETTI if connectivity == 8 else cv2.CCL_SAUF  # the fastest serial ones here
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        mask, connectivity, cv2.CV_32S, algorithm
    )
    return int(count), np.asarray(labels, np.int32), np.asarray(stats, np.int32)


def _scaled(box: Box, scale: float) -> Box:
    if scale == 1:
        return box
    x, y = int(box.x * scale), int(box.y * scale)
    return Box(
        x, y, max(1, int(np.ceil(box.right * scale)) - x), max(1, int(np.ceil(box.bottom * scale)) - y)
    )


def same_as_next(rgb: U8) -> tuple[U8, U8]:
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
    thick = u8(cv2.morphologyEx(marked | text, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8)))
    thin: U8 = marked & (1 - thick)
    return thin


def _flat(right: U8, below: U8) -> U8:
    """1 where a pixel lies in some 5 x 5 window of one colour, from ``same_as_next``'s edges.

    Working on edges between neighbours keeps the border between two flat areas flat and makes
    a 1 px line exactly 1 px of ink.
    """
    # A window with top-left (y, x) is uniform when its 5 x 4 right-edges and 4 x 5 down-edges are.
    uniform = u8(cv2.erode(right, np.ones((5, 4), np.uint8), anchor=(0, 0)))
    uniform &= u8(cv2.erode(below, np.ones((4, 5), np.uint8), anchor=(0, 0)))
    return u8(cv2.dilate(uniform, np.ones((5, 5), np.uint8), anchor=(4, 4)))


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
