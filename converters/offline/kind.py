"""What kind of design an image is (``DesignKind``), guessed cheaply before the expensive read.

``guess_kind`` looks at the top of the image (``_ROWS``) and takes three measures, each a few
tens of milliseconds:

- straight colour edges 80 px or longer between areas of one exact colour (the shapes code's
  test of a digital image, ``converters.offline.shapes.page``): every screenshot and digital
  wireframe has many; pen on paper has none, and a photo's JPEG blocks or clipped white paper
  give only a few short ones;
- typed text: letter-sized marks that share their exact bottom row and height with a
  neighbour (letters on one baseline of one font), which handwriting almost never does;
- colour: paper and pen are grey or one ink; a page is often in colour.

An image with few straight edges, no typed text and little colour is a photo or scan of paper
(``sketch``). Otherwise a grey image with crossed-out boxes (long diagonal strokes), scribbled
lines or hand-lettered (untyped) text is a digital ``wireframe``; anything else is a
``screenshot``. Measured on the development data in ``benchmarks/kind_bench.py`` (see
``benchmarks/README.md``); its confusion table is why each threshold is where it is.

Limits: a photo of a screen, or a screenshot that is one large grey photo with no text, reads as
a sketch; a digital wireframe with typed labels and no crossed boxes or scribbles reads as a
screenshot (harmless: both take the same pixel path).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from converters.intake.kinds import DesignKind
from converters.offline.shapes.page import colour_mode, rgb_of, same_as_next, straight_edge_pixels, u8

U8 = NDArray[np.uint8]

_ROWS: Final = 1600
"""Only the top this many px are measured: the first screens show the kind, and it bounds the cost."""
_MIN_SIDE: Final = 32
"""Images with a shorter side (px) are too small to tell apart: they are read as screenshots."""
_EDGE_LENGTH: Final = 80
"""Shortest straight edge (px) that counts: JPEG blocks (8 px) and paper lighting do not run so far."""
_DIGITAL_EDGES: Final = 8.0
"""Straight-edge px per 10,000 px from which an image is digital (photos of paper: at most 4.9;
screenshots: 10 and up but for a few text-only pages, which typed text catches)."""
_INK_CONTRAST: Final = 40
"""Largest per-channel difference (0-255) from the background that is still background, not a mark."""
_GLYPH_HEIGHT: Final = (6, 40)
"""Heights (px) of a letter-sized mark: body text to large headings at CSS px."""
_GLYPH_SPACING: Final = 3
"""A letter's neighbour on its baseline lies within this many of its heights (a word, a line)."""
_TYPED_TEXT: Final = 3.0
"""Baseline-sharing letters per 100,000 px from which the image holds typed text (photos of
handwriting: at most 0.7; text-only screenshots: 8 and up)."""
_COLOUR_CHROMA: Final = 40
"""Spread between a pixel's channels (0-255) from which it is coloured, not grey or pale ink."""
_COLOURFUL: Final = 0.1
"""Share of coloured pixels from which an image is a page, not pen on paper (photos: at most 0.04)."""
_GREY: Final = 0.002
"""Share of coloured pixels up to which an image is grey, as a wireframe is (the nine: 0.000)."""
_STROKE_KERNEL: Final = 9
"""Marks thinner than this (px) are strokes: lines, outlines, letters, not fills."""
_DIAGONAL_LENGTH: Final = 50
"""Shortest diagonal stroke (px) that counts: the cross of a crossed-out image box, not a letter."""
_DIAGONAL_ANGLES: Final = (15.0, 75.0)
"""Degrees from the horizontal between which a segment is diagonal, not a layout's row or column."""
_LINE_GAP: Final = 3
"""Px of break a straight segment may jump (anti-aliasing and sketchy strokes break lines)."""
_HOUGH_VOTES: Final = 60
"""Stroke px a straight segment must gather to be found (a dashed or faint line gathers fewer)."""
_CROSSES: Final = 5
"""Diagonal strokes from which a grey image holds crossed-out boxes (screenshots: 2 at most but one)."""
_SCRIBBLE_LENGTH: Final = 40
"""Shortest long side (px) of a thin stroke that counts as a scribbled line, not a letter."""
_THIN: Final = 6
"""Largest stroke area per px of length of a thin stroke (a line up to 6 px thick, not a blob)."""
_SCRIBBLES: Final = 0.25
"""Long thin strokes per 100,000 px from which a grey image holds scribbled lines (grey
screenshots: at most 0.19; wireframes with scribbles: 0.25 and up)."""
_LETTERED: Final = 5.0
"""Letter-sized marks per 100,000 px from which a grey image holds lettering at all."""
_UNTYPED_SHARE: Final = 0.4
"""Share of letters on shared baselines below which lettering is hand-drawn (typed text: 0.7 and up)."""


@dataclass(frozen=True)
class KindMeasures:
    """What ``guess_kind`` measured on the top of an image (see the module docstring)."""

    straight_edges: float
    """Px on straight colour edges of ``_EDGE_LENGTH`` or longer, per 10,000 px."""
    letters: float
    """Letter-sized marks per 100,000 px."""
    typed_letters: float
    """Of those, letters sharing their exact baseline and height with a neighbour, per 100,000 px."""
    colourful: float
    """Share of coloured pixels (0-1)."""
    crosses: int = 0
    """Long diagonal strokes (measured on grey digital images only)."""
    scribbles: float = 0.0
    """Long thin strokes per 100,000 px (measured on grey digital images only)."""


@dataclass(frozen=True)
class KindGuess:
    """The guessed ``kind``, the ``reason`` in plain words (it completes "it looks like…" free
    sentences in notes: no capital, no full stop) and the ``measures`` it rests on."""

    kind: DesignKind
    reason: str
    measures: KindMeasures


def guess_kind(image: Image.Image) -> KindGuess:
    """The kind of ``image`` (any mode, at CSS px) and why; deterministic, never raises on an
    image Pillow can convert (a tiny or blank one is a screenshot)."""
    if min(image.size) < _MIN_SIDE:
        return KindGuess("screenshot", "the image is too small to tell, so it is read as a page", _NONE)
    rgb = _top_rgb(image)
    measures = _measure(rgb)
    typed = measures.typed_letters >= _TYPED_TEXT
    if not typed and measures.colourful < _COLOURFUL and measures.straight_edges < _DIGITAL_EDGES:
        return KindGuess(
            "sketch", "it looks like paper, with no ruler-straight edges or typed text", measures
        )
    if measures.colourful <= _GREY:
        measures = _with_strokes(rgb, measures)
        if measures.crosses >= _CROSSES:
            return KindGuess("wireframe", "it is a grey drawing with crossed-out picture boxes", measures)
        if measures.scribbles >= _SCRIBBLES and not typed:  # a page's underlines and rules are no scribbles
            return KindGuess("wireframe", "it is a grey drawing with scribbled lines for text", measures)
        if measures.letters >= _LETTERED and measures.typed_letters < _UNTYPED_SHARE * measures.letters:
            return KindGuess("wireframe", "it is a grey drawing with hand-lettered text", measures)
    if typed:
        return KindGuess("screenshot", "it holds typed text", measures)
    if measures.colourful >= _COLOURFUL:
        return KindGuess("screenshot", "it is in colour, as pages are and pen on paper is not", measures)
    return KindGuess("screenshot", "it has the ruler-straight edges of a digital page", measures)


_NONE: Final = KindMeasures(0.0, 0.0, 0.0, 0.0)


def _top_rgb(image: Image.Image) -> U8:
    """The top ``_ROWS`` px of ``image`` as RGB, transparency composited on white."""
    return np.ascontiguousarray(rgb_of(image.crop((0, 0, image.width, min(image.height, _ROWS)))))


def _measure(rgb: U8) -> KindMeasures:
    area = float(rgb.shape[0] * rgb.shape[1])
    right, below = same_as_next(rgb)
    edges = straight_edge_pixels(right, below, _EDGE_LENGTH)
    chroma = cv2.subtract(_channel_max(rgb), u8(cv2.min(cv2.min(rgb[..., 0], rgb[..., 1]), rgb[..., 2])))
    letters, typed = _letters(rgb)
    return KindMeasures(
        straight_edges=edges / area * 1e4,
        letters=letters / area * 1e5,
        typed_letters=typed / area * 1e5,
        colourful=float((chroma > _COLOUR_CHROMA).mean()),
    )


def _channel_max(rgb: U8) -> U8:
    """Each pixel's largest channel (OpenCV's per-pixel max: numpy's over the last axis is slow)."""
    return u8(cv2.max(cv2.max(rgb[..., 0], rgb[..., 1]), rgb[..., 2]))


def _background(rgb: U8) -> U8:
    """The most common exact colour, from a sample of every third pixel each way."""
    return np.array(colour_mode(rgb[::3, ::3])[0], np.uint8)


def _letters(rgb: U8) -> tuple[int, int]:
    """Letter-sized marks against the background, and how many of them share their exact bottom
    row and height with a neighbour on that row (typed letters on a baseline)."""
    difference = u8(cv2.absdiff(rgb, np.ascontiguousarray(np.broadcast_to(_background(rgb), rgb.shape))))
    ink = (_channel_max(difference) > _INK_CONTRAST).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h = (stats[1:, i] for i in range(4))
    low, high = _GLYPH_HEIGHT
    letter = (h >= low) & (h <= high) & (w >= 2) & (w <= 1.5 * h)
    x, bottom, h = x[letter], (y + h)[letter], h[letter]
    if len(x) < 2:
        return len(x), 0
    order = np.lexsort((x, h, bottom))
    x, bottom, h = x[order], bottom[order], h[order]
    near = (bottom[1:] == bottom[:-1]) & (h[1:] == h[:-1]) & (x[1:] - x[:-1] <= _GLYPH_SPACING * h[1:])
    paired = np.zeros(len(x), bool)
    paired[1:] |= near
    paired[:-1] |= near
    return len(x), int(paired.sum())


def _with_strokes(rgb: U8, measures: KindMeasures) -> KindMeasures:
    """``measures`` with the crossed boxes' diagonals and the scribbles counted."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    kernel = np.ones((_STROKE_KERNEL, _STROKE_KERNEL), np.uint8)
    dark = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, kernel)
    light = cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, kernel)
    strokes = (np.maximum(dark, light) > _INK_CONTRAST).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    length = np.maximum(stats[1:, 2], stats[1:, 3])
    thin_long = (length >= _SCRIBBLE_LENGTH) & (stats[1:, 4] <= _THIN * length)
    segments = cv2.HoughLinesP(
        strokes, 1, np.pi / 180, _HOUGH_VOTES, minLineLength=_DIAGONAL_LENGTH, maxLineGap=_LINE_GAP
    )
    crosses = 0
    low, high = _DIAGONAL_ANGLES
    if segments is not None:
        for x1, y1, x2, y2 in np.asarray(segments).reshape(-1, 4):
            angle = abs(float(np.degrees(np.arctan2(y2 - y1, x2 - x1)))) % 90
            crosses += int(low < angle < high)
    area = float(rgb.shape[0] * rgb.shape[1])
    return replace(measures, crosses=crosses, scribbles=int(thin_long.sum()) / area * 1e5)
