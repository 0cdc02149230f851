"""Detect, text part: the lines of text in a design, with their boxes, colours and stroke widths.

The OCR models are rapidocr's (``converters.ocr.reader``), scheduled here for speed and for
small text on tall pages:

1. Regions with ink: recursive XY cuts of the image at blank bands (no pixel differs from its
   neighbours by more than ``INK_STEP``) of at least ``TextSettings.region_gap`` px. Blank
   margins and gaps (about 40% of the pixels of a Design2Code page) are never looked at.
2. Detection in each region at the image's own scale (small images are enlarged, huge ones
   reduced, see ``TextSettings``): no page is shrunk to 2,000 px as rapidocr's default does, so
   12 px text on a 3,000 px page stays readable.
3. Lines split at wide gaps: the detector joins items on one row that stand far apart (a nav bar,
   a label and its value); a line is cut wherever its ink leaves a gap wider than
   ``split_gap`` x its height, and each part is recognised and returned on its own.
4. Recognition of the line crops from the full-resolution image, condensed in width by
   ``squeeze`` (the recogniser's cost is proportional to that width) down to a floor of
   ``px_per_glyph``, one crop per run (padded batches cost more than they save).
5. Per line: text colour and background sampled from the pixels (``converters.ocr``), and the
   mean stroke width of the glyphs (for the font weight).
6. Characters of a script the page is not written in are doubted (``converters.offline.scripts``):
   a "+" read as "十" on a Latin page is a "+" again; a lone one is left out.

Deterministic: the same image and settings give the same lines in the same order (reading
order: rows top to bottom, left to right within a row).

Limits: the detector is not purely local (its squeeze-and-excitation blocks pool over the whole
input), so a region read alone can lose a line that the whole page shows, or the other way
round: a dark heading on a dark band, alone, was missed on one of the 60 development pages.
Over those pages, words found are the same as with whole-page detection (recall 0.964 vs 0.963)
for about half the detection time. Text is read left to right, upright; words of large text
further apart than ``region_gap`` and 1.5 line heights are separate lines.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, Literal

import cv2
import numpy as np
from PIL import Image
from skimage.morphology import skeletonize

from converters.cancel import Cancellation, check
from converters.ocr import background_colour, text_colour
from converters.ocr.reader import detect_quads, recognise
from converters.offline.model import Box, Colour, TextLine
from converters.offline.scripts import doubt_foreign

logger = logging.getLogger(__name__)

INK_STEP: Final = 12
"""Grey-level step (0-255) between neighbouring pixels above which a pixel has ink: text edges
are far above it, JPEG noise and gentle gradients below."""
MIN_SCORE: Final = 0.5
"""Recogniser confidence under which a line is dropped (rapidocr's own default)."""
SPLIT_INK_DELTA: Final = 48
"""Largest channel difference (0-255) from the line's background above which a pixel counts as
ink when looking for gaps inside a line."""
_REGION_MARGIN: Final = 16
"""Blank pixels kept around each region given to the detector (half the smallest region gap, so
regions never overlap): its boxes reach a few px beyond the glyphs."""
_MIN_REGION_SIDE: Final = 4
"""Regions thinner than this (px, e.g. rules and borders) hold no text and are skipped."""


TextPhase = Literal["detect", "recognise"]
TextProgress = Callable[[TextPhase, int, int], None]
"""Called with the phase and (units done, units in all): regions searched for lines (``detect``),
then distinct line crops read (``recognise``). May be called from worker threads."""


@dataclass(frozen=True)
class TextSettings:
    """How ``read_text`` trades time for recall.

    ``region_gap``: blank px that separate two regions (line gaps inside a paragraph are smaller,
    so paragraphs stay whole). ``enlarge_to``: images whose longer side is shorter are enlarged
    for detection to that side, at most 2x (small screenshots have small text).
    ``max_detect_pixels``: when the regions hold more pixels than this, detection runs on them
    scaled down to fit (with a warning): at 0.45 s per million pixels, a bound on its time.
    ``split_gap``: a gap wider than this many line heights splits a line. ``squeeze``,
    ``px_per_glyph``, ``batch``, ``workers``, ``threads``: see ``converters.ocr.reader.recognise``;
    ``workers`` threads also share the detection of regions.
    """

    region_gap: int = 32
    enlarge_to: int = 1024
    max_detect_pixels: int = 6_000_000
    split_gap: float = 1.5
    squeeze: float = 0.65
    px_per_glyph: float = 16
    batch: int = 1
    workers: int = 1
    threads: int = 1


@dataclass(frozen=True)
class TextResult:
    """The lines of an image in reading order, the seconds it took, and what was skipped."""

    lines: tuple[TextLine, ...]
    seconds: float
    warnings: tuple[str, ...] = ()


def read_text(
    image: Image.Image,
    *,
    settings: TextSettings | None = None,
    cancel: Cancellation | None = None,
    on_progress: TextProgress | None = None,
) -> TextResult:
    """The lines of text in ``image`` (any mode; converted to RGB, alpha dropped).

    Boxes are in pixels of ``image`` (ints, clamped to it); ``colour`` is the text colour and
    ``background`` the colour around the box, both sampled; ``stroke`` is the mean stroke width
    of the glyphs in px (see ``stroke_width``); ``score`` the recogniser's confidence. Boxes read
    with a confidence under ``MIN_SCORE`` are dropped (those that gave some text are counted in a
    warning; most that give none are icons or pictures), and so are lines of one character from a
    script foreign to the page (``doubt_foreign``, which also puts back the symbols such characters
    stand for). An image without text gives no lines.
    ``on_progress`` follows the work (see ``TextProgress``). Raises ``OcrError`` when rapidocr or
    onnxruntime fails, ``Cancelled`` soon after ``cancel`` is cancelled (it is checked before
    each region and batch, and a model run in progress is terminated).
    """
    started = time.perf_counter()
    settings = settings or TextSettings()
    rgb_image = image if image.mode == "RGB" else image.convert("RGB")
    pixels = np.asarray(rgb_image)
    warnings: list[str] = []
    regions = ink_regions(pixels, settings.region_gap)
    scale = _detection_scale(pixels.shape[:2], regions, settings)
    if scale < 1:
        warnings.append(
            f"The image is large: text was looked for at {scale:.0%} of its size, so very small "
            "text may be missing."
        )
    if on_progress is not None:
        on_progress("detect", 0, len(regions))
    boxes = _detect(pixels, regions, scale, settings, cancel, on_progress)
    detected = time.perf_counter()
    parts = [
        part
        for box in boxes
        for part in split_at_gaps(pixels, box, settings.split_gap, _background(rgb_image, box))
    ]
    read = recognise(
        [pixels[box.y : box.bottom, box.x : box.right] for box in parts],
        squeeze=settings.squeeze,
        px_per_glyph=settings.px_per_glyph,
        batch=settings.batch,
        workers=settings.workers,
        threads=settings.threads,
        cancel=cancel,
        on_progress=None if on_progress is None else lambda done, all_: on_progress("recognise", done, all_),
    )
    recognised = time.perf_counter()
    lines = []
    unreadable = 0
    for box, (text, score) in zip(parts, read, strict=True):
        check(cancel)  # stroke widths: ~1-5 ms a line, 100+ lines on a long page
        if score < MIN_SCORE:
            if text:  # no text at all: an icon or a picture, not a line left out
                unreadable += 1
            continue
        colour = text_colour(rgb_image, (box.x, box.y, box.w, box.h))
        background = _background(rgb_image, box)
        stroke = stroke_width(pixels[box.y : box.bottom, box.x : box.right], colour, background)
        lines.append(TextLine(text, box, colour, background, score=round(score, 4), stroke=stroke))
    doubted = doubt_foreign(lines)
    lines, unreadable = list(doubted.lines), unreadable + doubted.dropped
    if unreadable:
        warnings.append(f"{unreadable} line(s) of text could not be read with confidence and were left out.")
    seconds = time.perf_counter() - started
    logger.debug(
        "OCR of a %d x %d image: %d regions (%.0f%% of its area) at scale %.2f, %d boxes, %d parts, "
        "%d lines; detection %.0f ms, recognition %.0f ms, in all %.0f ms",
        *rgb_image.size,
        len(regions),
        100 * sum(region.area for region in regions) / max(1, pixels.shape[0] * pixels.shape[1]),
        scale,
        len(boxes),
        len(parts),
        len(lines),
        1000 * (detected - started),
        1000 * (recognised - detected),
        1000 * seconds,
    )
    return TextResult(tuple(reading_order(lines)), seconds, tuple(warnings))


def ink_regions(pixels: np.ndarray, gap: int) -> list[Box]:
    """Tight boxes around the ink of ``pixels`` (H x W x 3), cut apart at blank bands >= ``gap`` px.

    Recursive XY cuts: a region is cut at every blank band of rows at least ``gap`` px high,
    else at every blank band of columns at least ``gap`` px wide and 1.5x as wide as its tallest
    run of inked rows (so that the words of a large heading stay together), until neither is
    left. Regions thinner than 4 px are dropped. Top to bottom, then left to right.
    """
    grey = cv2.cvtColor(np.ascontiguousarray(pixels), cv2.COLOR_RGB2GRAY).astype(np.int16)
    ink: np.ndarray = np.zeros(grey.shape, dtype=bool)
    ink[:-1] |= np.abs(np.diff(grey, axis=0)) > INK_STEP
    ink[:, :-1] |= np.abs(np.diff(grey, axis=1)) > INK_STEP
    regions: list[Box] = []
    pending = [Box(0, 0, ink.shape[1], ink.shape[0])]
    while pending:
        region = pending.pop()
        mask = ink[region.y : region.bottom, region.x : region.right]
        rows = _runs(np.asarray(mask.any(axis=1)), gap)
        if not rows:
            continue
        if len(rows) > 1:
            pending.extend(Box(region.x, region.y + a, region.w, b - a) for a, b in reversed(rows))
            continue
        top, bottom = rows[0]
        band = mask[top:bottom]
        # Words of large text stand further apart than `gap`: columns are cut only at gaps wider
        # than 1.5x the tallest run of inked rows (one line, or lines touching), as lines are.
        tallest = max(b - a for a, b in _runs(np.asarray(band.any(axis=1)), 1))
        columns = _runs(np.asarray(band.any(axis=0)), max(gap, math.ceil(1.5 * tallest)))
        if len(columns) > 1:
            pending.extend(
                Box(region.x + a, region.y + top, b - a, bottom - top) for a, b in reversed(columns)
            )
            continue
        left, right = columns[0]
        tight = Box(region.x + left, region.y + top, right - left, bottom - top)
        if min(tight.w, tight.h) >= _MIN_REGION_SIDE:
            regions.append(tight)
    return regions


def split_at_gaps(pixels: np.ndarray, box: Box, split_gap: float, background: Colour) -> list[Box]:
    """``box`` cut at every column gap in its ink wider than ``split_gap`` x the ink's height.

    Ink: pixels of ``pixels`` (H x W x 3) differing from ``background`` by more than
    ``SPLIT_INK_DELTA`` in some channel; its height (top of the highest to bottom of the lowest
    inked row, about the font size) is the line height, as the detector's box adds a margin
    that varies. Word spaces are a third of it, items of a nav bar or a label and its value
    further apart than 1.5x. Each part keeps the box's top and height and is the extent of its
    ink plus the margin the box had on that side (at most half the gap).
    """
    crop = pixels[box.y : box.bottom, box.x : box.right].astype(np.int16)
    inked = np.abs(crop - np.array(background)).max(axis=2) > SPLIT_INK_DELTA
    rows = np.flatnonzero(inked.any(axis=1))
    if rows.size == 0:
        return [box]
    runs = _runs(np.asarray(inked.any(axis=0)), max(1, math.ceil(split_gap * (rows[-1] - rows[0] + 1))))
    if len(runs) < 2:
        return [box]
    left_margin, right_margin = runs[0][0], box.w - runs[-1][1]
    parts = []
    for index, (start, end) in enumerate(runs):
        before = left_margin if index == 0 else min(left_margin, (start - runs[index - 1][1]) // 2)
        after = right_margin if index == len(runs) - 1 else min(right_margin, (runs[index + 1][0] - end) // 2)
        parts.append(Box(box.x + start - before, box.y, end - start + before + after, box.h))
    return parts


def stroke_width(crop: np.ndarray, colour: Colour, background: Colour) -> float:
    """Mean stroke width (px) of the glyphs in ``crop`` (H x W x 3), drawn in ``colour`` on ``background``.

    Each pixel's ink coverage is its position between the two colours (0..1, so anti-aliased
    edges count in part); the width is the total coverage divided by the length of the ink's
    skeleton (pixels with coverage >= 0.5, thinned to one pixel): area / length of the strokes.
    0.0 when the colours are alike or there is no ink. DejaVu Sans at 14-48 px: regular about
    0.1x the font size, bold 1.5-1.8x as thick.
    """
    axis = np.array(colour, dtype=np.float32) - np.array(background, dtype=np.float32)
    norm = float(axis @ axis)
    if norm < 1 or crop.size == 0:
        return 0.0
    coverage = np.clip((crop.astype(np.float32) - np.array(background, dtype=np.float32)) @ axis / norm, 0, 1)
    skeleton = int(np.count_nonzero(skeletonize(coverage >= 0.5)))  # type: ignore[no-untyped-call]
    return round(float(coverage.sum()) / skeleton, 2) if skeleton else 0.0


def reading_order(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` top to bottom, each row left to right: ``converters.ocr.reading_order``'s rule.

    A row starts at the highest line not yet placed (by centre); a later line joins it when its
    centre is within half a line height (of the smaller line) of the row's first line.
    """
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: (item.box.cy, item.box.x, item.box.w, item.text)):
        if rows:
            first = rows[-1][0]
            if abs(line.box.cy - first.box.cy) <= min(line.box.h, first.box.h) / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda item: (item.box.x, item.box.y))]


def _background(image: Image.Image, box: Box) -> Colour:
    return background_colour(image, (box.x, box.y, box.w, box.h))


def _detection_scale(shape: tuple[int, ...], regions: list[Box], settings: TextSettings) -> float:
    """Scale for detection: enlarge small images (at most 2x), shrink when over the pixel budget."""
    height, width = shape[:2]
    scale = min(2.0, max(1.0, settings.enlarge_to / max(height, width, 1)))
    area = sum((r.w + 2 * _REGION_MARGIN) * (r.h + 2 * _REGION_MARGIN) for r in regions) * scale**2
    if area > settings.max_detect_pixels:
        scale *= math.sqrt(settings.max_detect_pixels / area)
    return scale


def _detect(
    pixels: np.ndarray,
    regions: list[Box],
    scale: float,
    settings: TextSettings,
    cancel: Cancellation | None = None,
    on_progress: TextProgress | None = None,
) -> list[Box]:
    """Axis-aligned boxes (image px) of the lines the detector finds in ``regions``, in order."""
    height, width = pixels.shape[:2]
    progress_lock = threading.Lock()
    searched = 0

    def detect_in(region: Box) -> list[Box]:
        nonlocal searched
        left, top = max(0, region.x - _REGION_MARGIN), max(0, region.y - _REGION_MARGIN)
        right = min(width, region.right + _REGION_MARGIN)
        bottom = min(height, region.bottom + _REGION_MARGIN)
        crop = pixels[top:bottom, left:right]
        if scale != 1:
            size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
            crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        found = []
        for quad in detect_quads(crop, threads=settings.threads, cancel=cancel):
            x0, y0 = np.floor(quad.min(axis=0) / scale).astype(int)
            x1, y1 = np.ceil(quad.max(axis=0) / scale).astype(int)
            x0, y0 = max(left, left + x0), max(top, top + y0)
            x1, y1 = min(right, left + x1), min(bottom, top + y1)
            if x1 - x0 >= 2 and y1 - y0 >= 2:
                found.append(Box(int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
        if on_progress is not None:
            with progress_lock:
                searched += 1
                on_progress("detect", searched, len(regions))
        return found

    if settings.workers == 1 or len(regions) < 2:
        found = [detect_in(region) for region in regions]
    else:
        with ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="handoff-ocr") as pool:
            found = list(pool.map(detect_in, regions))
    return [box for boxes in found for box in boxes]


def _runs(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of True in ``profile``; runs fewer than ``gap`` False values apart are one."""
    indices = np.flatnonzero(profile)
    if indices.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(indices) > gap)
    starts = np.concatenate(([indices[0]], indices[breaks + 1]))
    ends = np.concatenate((indices[breaks], [indices[-1]])) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]
