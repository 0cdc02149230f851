"""Pen strokes for synthetic sketches: jittered lines, boxes, circles, handwriting-like words.

Everything draws into a float32 ink mask (0 = paper, 1 = full ink) with OpenCV, in pixels of the
page being drawn; ``synth`` composes the mask onto paper. Randomness comes only from the
``numpy.random.Generator`` passed in, so a seed reproduces a page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype")
"""Locally installed fonts (Debian's fonts-dejavu-core at least); nothing is downloaded."""

_WORD_TEXT = (
    "name email phone city state country address password submit cancel next back ok search "
    "login sign up register first last zip code card number date year month price total cart "
    "product item title news blog about contact home help more options choose select range "
    "comedy action drama high low medium yes no agree terms remember me send reset save edit "
    "delete view details profile settings account welcome our team job position review rate "
    "headline message subject comment description user tipo nombre fecha enviar aceptar "
)
WORDS = tuple(_WORD_TEXT.split())
"""Words a synthetic sketch writes (English and Spanish, as in the data)."""


@dataclass
class Pen:
    """How one drawer draws: stroke width (px), shakiness (px), overshoot at corners (px)."""

    width: int
    shake: float
    overshoot: float


def random_pen(rng: np.random.Generator, scale: float) -> Pen:
    return Pen(
        width=max(1, round(rng.uniform(1.0, 2.6) * scale)),
        shake=rng.uniform(0.3, 1.6) * scale,
        overshoot=rng.uniform(0.0, 6.0) * scale,
    )


def stroke(mask: np.ndarray, points: np.ndarray, pen: Pen, rng: np.random.Generator) -> None:
    """Draw a polyline through ``points`` (N x 2) with a wobble and a varying pressure."""
    if len(points) < 2:
        return
    seg = np.linalg.norm(np.diff(points, axis=0), axis=1)
    total = float(seg.sum())
    steps = max(8, int(total / 6))
    t = np.concatenate([[0], np.cumsum(seg)]) / max(total, 1e-6)
    u = np.linspace(0, 1, steps)
    xs = np.interp(u, t, points[:, 0])
    ys = np.interp(u, t, points[:, 1])
    # Low-frequency wobble perpendicular-ish: a smoothed random walk.
    wob = rng.normal(0, pen.shake, (steps, 2))
    kernel = np.ones(5) / 5
    wob = np.stack([np.convolve(wob[:, i], kernel, mode="same") for i in range(2)], axis=1) * 2
    pts = np.stack([xs, ys], axis=1) + wob
    ink = rng.uniform(0.6, 1.0)
    cv2.polylines(mask, [np.round(pts * 4).astype(np.int32)], False, ink, pen.width, cv2.LINE_AA, shift=2)


def line(
    mask: np.ndarray, p0: tuple[float, float], p1: tuple[float, float], pen: Pen, rng: np.random.Generator
) -> None:
    a, b = np.array(p0, float), np.array(p1, float)
    d = b - a
    n = np.linalg.norm(d) + 1e-6
    a = a - d / n * rng.uniform(-0.5, 1) * pen.overshoot
    b = b + d / n * rng.uniform(-0.5, 1) * pen.overshoot
    mid = (a + b) / 2 + rng.normal(0, pen.shake * 1.5, 2)
    stroke(mask, np.stack([a, mid, b]), pen, rng)


def rect(
    mask: np.ndarray,
    box: tuple[float, float, float, float],
    pen: Pen,
    rng: np.random.Generator,
    rounded: bool = False,
) -> None:
    """A hand-drawn rectangle (x0, y0, x1, y1): four strokes, or one closed loop with soft corners."""
    x0, y0, x1, y1 = box
    if rounded or rng.random() < 0.3:
        r = min(x1 - x0, y1 - y0) * rng.uniform(0.05, 0.3)
        pts = []
        for cx, cy, a0 in (
            (x1 - r, y0 + r, -90),
            (x1 - r, y1 - r, 0),
            (x0 + r, y1 - r, 90),
            (x0 + r, y0 + r, 180),
        ):
            for a in np.linspace(a0, a0 + 90, 5):
                pts.append((cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a))))
        pts.append(pts[0])
        stroke(mask, np.array(pts), pen, rng)
        return
    line(mask, (x0, y0), (x1, y0), pen, rng)
    line(mask, (x1, y0), (x1, y1), pen, rng)
    line(mask, (x1, y1), (x0, y1), pen, rng)
    line(mask, (x0, y1), (x0, y0), pen, rng)


def ellipse(
    mask: np.ndarray, cx: float, cy: float, rx: float, ry: float, pen: Pen, rng: np.random.Generator
) -> None:
    start = rng.uniform(0, 2 * math.pi)
    a = np.linspace(start, start + 2 * math.pi * rng.uniform(1.0, 1.15), 24)
    r = 1 + rng.normal(0, 0.05, len(a)).cumsum() * 0.3
    pts = np.stack([cx + rx * r * np.cos(a), cy + ry * r * np.sin(a)], axis=1)
    stroke(mask, pts, pen, rng)


def fill_blob(mask: np.ndarray, cx: float, cy: float, r: float, rng: np.random.Generator) -> None:
    cv2.circle(mask, (round(cx), round(cy)), max(1, round(r)), float(rng.uniform(0.6, 1.0)), -1, cv2.LINE_AA)


def tick(
    mask: np.ndarray, box: tuple[float, float, float, float], pen: Pen, rng: np.random.Generator
) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if rng.random() < 0.5:
        stroke(
            mask,
            np.array(
                [(x0 + 0.15 * w, y0 + 0.5 * h), (x0 + 0.4 * w, y1 - 0.1 * h), (x1 + 0.1 * w, y0 - 0.2 * h)]
            ),
            pen,
            rng,
        )
    else:
        line(mask, (x0 + 0.15 * w, y0 + 0.15 * h), (x1 - 0.15 * w, y1 - 0.15 * h), pen, rng)
        line(mask, (x1 - 0.15 * w, y0 + 0.15 * h), (x0 + 0.15 * w, y1 - 0.15 * h), pen, rng)


@cache
def _fonts() -> tuple[Path, ...]:
    return tuple(sorted(p for p in FONT_DIR.rglob("*.ttf") if "Math" not in p.name))


def word_text(rng: np.random.Generator, words: int) -> str:
    text = " ".join(str(rng.choice(WORDS)) for _ in range(words))
    mode = rng.random()
    return text.upper() if mode < 0.25 else text.capitalize() if mode < 0.7 else text


def text(
    mask: np.ndarray, x: float, y: float, height: float, words: int, pen: Pen, rng: np.random.Generator
) -> tuple[float, float, float, float]:
    """Write ``words`` words with x-height ~ ``height`` starting at (x, y top); returns the ink box."""
    if rng.random() < 0.55:
        return _font_text(mask, x, y, height, word_text(rng, words), rng)
    return _scribble_text(mask, x, y, height, words, pen, rng)


def _font_text(
    mask: np.ndarray, x: float, y: float, height: float, value: str, rng: np.random.Generator
) -> tuple[float, float, float, float]:
    fonts = _fonts()
    font = ImageFont.truetype(str(fonts[int(rng.integers(len(fonts)))]), max(6, round(height * 1.3)))
    left, top, right, bottom = font.getbbox(value)
    w, h = right - left + 8, bottom - top + 8
    tile = Image.new("L", (w, h), 0)
    ImageDraw.Draw(tile).text((4 - left, 4 - top), value, fill=255, font=font)
    arr = np.asarray(tile, np.float32) / 255
    # A hand's slant and uneven scale: a random shear and stretch, then a thin-or-bold pen.
    shear = rng.uniform(-0.25, 0.25)
    sx = rng.uniform(0.85, 1.3)
    m = np.array([[sx, shear, 0], [0, 1, 0]], np.float32)
    out_w = int(w * sx + abs(shear) * h) + 2
    arr = cv2.warpAffine(arr, m, (out_w, h))
    arr = _pen_weight(arr, rng)
    _paste(mask, arr, x, y)
    ys, xs = np.nonzero(arr > 0.3)
    if len(xs) == 0:
        return (x, y, x + 1, y + 1)
    return (x + xs.min(), y + ys.min(), x + xs.max(), y + ys.max())


def _pen_weight(arr: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    k = int(rng.integers(0, 3))
    if k == 1:
        arr = cv2.dilate(arr, np.ones((2, 2), np.uint8))
    elif k == 2:
        arr = cv2.erode(arr, np.ones((2, 2), np.uint8)) if arr.shape[0] > 24 else arr
    return arr * float(rng.uniform(0.6, 1.0))


def _paste(mask: np.ndarray, arr: np.ndarray, x: float, y: float) -> None:
    xi, yi = round(x), round(y)
    h, w = arr.shape
    H, W = mask.shape
    x0, y0, x1, y1 = max(0, xi), max(0, yi), min(W, xi + w), min(H, yi + h)
    if x1 <= x0 or y1 <= y0:
        return
    region = mask[y0:y1, x0:x1]
    np.maximum(region, arr[y0 - yi : y1 - yi, x0 - xi : x1 - xi], out=region)


def _scribble_text(
    mask: np.ndarray, x: float, y: float, height: float, words: int, pen: Pen, rng: np.random.Generator
) -> tuple[float, float, float, float]:
    """Cursive-looking scribbles: per word a loopy polyline with ascenders and descenders."""
    cx = x
    base = y + height
    top = bottom = base
    for _ in range(words):
        letters = int(rng.integers(2, 9))
        n = letters * 6
        t = np.linspace(0, letters * 2 * math.pi, n)
        step = height * rng.uniform(0.45, 0.75)
        xs = cx + t / (2 * math.pi) * step + np.sin(t) * step * 0.35
        amp = np.ones(n) * height * 0.5
        for i in rng.integers(0, n, size=max(1, letters // 3)):
            amp[max(0, i - 2) : i + 3] *= rng.choice([1.9, -1.0 + 0.0]) if rng.random() < 0.7 else 1.6
        ys = base - height * 0.5 - np.cos(t) * amp
        stroke(mask, np.stack([xs, ys], axis=1), pen, rng)
        top, bottom = min(top, float(ys.min())), max(bottom, float(ys.max()))
        cx = float(xs.max()) + height * rng.uniform(0.6, 1.2)
    return (x, top, cx - height * 0.6, bottom)
