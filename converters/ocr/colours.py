"""Colours of text and of what is behind it, sampled from an image inside a text box.

Boxes are ``(x, y, width, height)`` in pixels of the image, as ``OcrLine`` gives them; a box is
taken as the whole pixels it touches, clamped to the image. Colours are sRGB, 0-255. Images in
other modes than RGB are converted with Pillow (alpha dropped, not composited).

Limits: one colour per box, so a line mixing colours (a link inside a sentence) gets the colour
of the pixels most unlike the background, whichever those are; text over a photograph or a
gradient gets a background that is the median of a mixed frame; a box whose frame holds other
text or a border gets a background pulled toward it.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from PIL import Image

Box = tuple[float, float, float, float]
"""``(x, y, width, height)`` in pixels of the image."""
Colour = tuple[int, int, int]

FRAME_PX: Final = 2
"""Width of the frame just outside a box whose median colour is the background."""
MIN_DELTA_E: Final = 10.0
"""CIE76 distance from the background under which a pixel is background (compression noise,
faint anti-aliasing); readable text is far above it (black on white is 100)."""
TOP_SHARE: Final = 0.2
"""Share of the differing pixels, the most different, whose median is the text colour: the cores
of the glyphs, not their anti-aliased edges."""
MAX_SAMPLES: Final = 4096
"""Most pixels of a box looked at; larger boxes are sampled on a regular grid, for speed (a
line of text still gives hundreds of glyph pixels)."""

_CHANNEL_OFFSETS: Final = np.array([0, 256, 512], dtype=np.intp)
_BLACK: Final = (0, 0, 0)
_WHITE: Final = (255, 255, 255)

# sRGB (D65) to CIE Lab, as skimage.color.rgb2lab computes it; done here in float32 with a lookup
# table for the gamma because rgb2lab (float64) is 2-3x slower, and a page has many boxes.
_LINEAR: Final = np.array(
    [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in np.arange(256) / 255],
    dtype=np.float32,
)
_RGB_TO_XYZ: Final = np.array(
    [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]],
    dtype=np.float32,
)
_WHITE_POINT: Final = np.array([0.95047, 1.0, 1.08883], dtype=np.float32)
_TO_NORMALISED_XYZ: Final = (_RGB_TO_XYZ / _WHITE_POINT[:, None]).T


def background_colour(image: Image.Image, box: Box) -> Colour:
    """Median colour of the ``FRAME_PX`` frame just outside ``box`` (the part inside the image).

    When the box covers the whole image there is no frame, and the box's own outermost
    ``FRAME_PX`` pixels are used. Raises ``ValueError`` if the box has no pixel in the image.
    """
    return _median(_sample(image, box)[1])


def text_colour(image: Image.Image, box: Box) -> Colour:
    """Colour of the text inside ``box``, against its ``background_colour``.

    Among the pixels of the box further than ``MIN_DELTA_E`` (CIE76, in Lab) from the background,
    the median of the ``TOP_SHARE`` furthest. If no pixel is that far, the box holds no visible
    text, and black or white, whichever is further from the background, is returned. Raises
    ``ValueError`` if the box has no pixel in the image.
    """
    inside, frame = _sample(image, box)
    return _glyph_colour(inside, np.array(_median(frame), dtype=np.uint8))


def text_colour_on(image: Image.Image, box: Box, background: Colour) -> Colour:
    """Colour of the text inside ``box`` drawn on ``background``, a colour known to be behind it
    (a button's fill the box overhangs, whose frame is the page's colour, not the fill's): as
    ``text_colour``, against ``background`` instead of the frame's median. Raises ``ValueError``
    if the box has no pixel in the image."""
    inside, _ = _sample(image, box)
    return _glyph_colour(inside, np.array(background, dtype=np.uint8))


def _glyph_colour(inside: np.ndarray, background: np.ndarray) -> Colour:
    """The median of the ``TOP_SHARE`` of ``inside``'s pixels (n, 3) furthest from ``background``
    among those further than ``MIN_DELTA_E``; black or white when none is (see ``text_colour``)."""
    squared = np.square(_lab(inside) - _lab(background[None])).sum(axis=1)  # order as CIE76
    differing = squared > MIN_DELTA_E**2
    if not differing.any():
        return _contrasting(background)
    candidates = squared[differing]
    rank = int((1 - TOP_SHARE) * (candidates.size - 1))
    cut = np.partition(candidates, rank)[rank]
    return _median(inside[differing & (squared >= cut)])


def _sample(image: Image.Image, box: Box) -> tuple[np.ndarray, np.ndarray]:
    """The box's pixels (sampled down to ``MAX_SAMPLES``) and its frame's, each as (n, 3) uint8."""
    x, y, width, height = box
    left, top = max(0, math.floor(x)), max(0, math.floor(y))
    right, bottom = min(image.width, math.ceil(x + width)), min(image.height, math.ceil(y + height))
    if right <= left or bottom <= top:
        raise ValueError(f"box {box} has no pixel in the {image.width} x {image.height} image")
    outer = (
        max(0, left - FRAME_PX),
        max(0, top - FRAME_PX),
        min(image.width, right + FRAME_PX),
        min(image.height, bottom + FRAME_PX),
    )
    region = image.crop(outer)  # only the box and its frame are converted to an array
    pixels = np.asarray(region if region.mode == "RGB" else region.convert("RGB"))
    inner = (top - outer[1], bottom - outer[1], left - outer[0], right - outer[0])  # in the region
    inside = pixels[inner[0] : inner[1], inner[2] : inner[3]]
    step = math.ceil(math.sqrt(inside.shape[0] * inside.shape[1] / MAX_SAMPLES))
    return inside[::step, ::step].reshape(-1, 3), _ring(pixels, *inner)


def _ring(pixels: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    """Pixels of ``pixels`` outside rows ``top:bottom`` x columns ``left:right``, as (n, 3).

    When there are none (the box is the whole image), the box's outermost ``FRAME_PX`` pixels.
    """
    if top == left == 0 and bottom == pixels.shape[0] and right == pixels.shape[1]:
        height, width = pixels.shape[:2]
        depth = min(FRAME_PX, height // 2, width // 2)
        if depth == 0:  # too thin to have an inside: all of it is border
            return pixels.reshape(-1, 3)
        return _ring(pixels, depth, height - depth, depth, width - depth)
    parts = (
        pixels[:top],
        pixels[bottom:],
        pixels[top:bottom, :left],
        pixels[top:bottom, right:],
    )
    return np.concatenate([part.reshape(-1, 3) for part in parts])


def _lab(pixels: np.ndarray) -> np.ndarray:
    """CIE Lab (D65) of (n, 3) uint8 sRGB pixels, as float32 (n, 3)."""
    xyz = _LINEAR[pixels] @ _TO_NORMALISED_XYZ
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def _median(pixels: np.ndarray) -> Colour:
    """Per-channel median of (n, 3) uint8 pixels, rounded; from histograms (faster than sorting)."""
    counts = np.bincount((pixels + _CHANNEL_OFFSETS).ravel(), minlength=768).reshape(3, 256)
    below = np.cumsum(counts, axis=1)
    size = pixels.shape[0]
    # The k-th smallest value (from 0) is the number of bins whose running count is <= k.
    low = (below <= (size - 1) // 2).sum(axis=1)
    high = (below <= size // 2).sum(axis=1)
    red, green, blue = (round(float(value)) for value in (low + high) / 2)
    return red, green, blue


def _contrasting(background: np.ndarray) -> Colour:
    """Black or white, whichever is further from ``background`` in Lab."""
    candidates = np.array([_BLACK, _WHITE], dtype=np.uint8)
    distance = np.linalg.norm(_lab(candidates) - _lab(background[None]), axis=1)
    black, white = distance
    return _WHITE if white > black else _BLACK
