"""Training samples: real photos (augmented) and synthetic sketches, as ink maps with targets.

A sample is the detector's input (``converters.offline.sketch.detector.ink_map``, so training and
inference see the same pixels), shrunk by a random factor and placed at a random spot of a
``CANVAS`` x ``CANVAS`` canvas, with its targets at stride 4: a class index per cell (0
background, -1 ignored) and the four edge distances of the widget whose centre region holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from converters.fidelity.layout import load_boxes
from converters.intake.kinds import SKETCH_CLASSES
from converters.offline.sketch.detector import INPUT_LONG_SIDE, OUTPUT_STRIDE, ink_map
from training.sketch.photo import Box, random_perspective, warp_boxes

CANVAS = INPUT_LONG_SIDE
CENTRE = 0.25
"""A cell is a widget's positive if its centre is within this fraction of the box's size of its centre."""
IGNORE = 0.4
"""Cells out to this fraction (but not positive) are left out of the class loss: neither widget nor paper."""
STORE_LONG_SIDE = 640
"""Photos are kept in memory at this long side: room for augmentation, little memory."""


@dataclass
class Photo:
    name: str
    gray: np.ndarray
    boxes: list[tuple[int, Box]]  # class index (1-based), box in px of ``gray``


def class_index(label: str) -> int:
    """The model's class number of a widget label: 1 and up in ``SKETCH_CLASSES`` order (0: paper)."""
    return SKETCH_CLASSES.index(label) + 1


def boxes_path(photo: Path) -> Path:
    """The ``{id}.boxes.json`` beside a dataset's ``{id}.jpg``."""
    return photo.with_name(photo.name[: -len(".jpg")] + ".boxes.json")


def load_photos(folder: Path, names: list[str] | None = None) -> list[Photo]:
    """The photos of a sketch dataset folder (``*.jpg`` + ``*.boxes.json``), downscaled."""
    photos = []
    for path in sorted(folder.glob("*.jpg")):
        if names is not None and path.name not in names:
            continue
        gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        truth = load_boxes(boxes_path(path))
        k = STORE_LONG_SIDE / max(gray.shape)
        gray = cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
        h, w = gray.shape
        boxes = [
            (
                class_index(b.label),
                (b.left * w, b.top * h, (b.left + b.width) * w, (b.top + b.height) * h),
            )
            for b in truth
            if b.label in SKETCH_CLASSES
        ]
        photos.append(Photo(path.name, gray, boxes))
    return photos


def augment_real(photo: Photo, rng: np.random.Generator) -> tuple[np.ndarray, list[tuple[int, Box]]]:
    """A photometric and mildly geometric variant of a real photo."""
    img = photo.gray.astype(np.float32) / 255
    h, w = img.shape
    labels = [c for c, _ in photo.boxes]
    boxes = [b for _, b in photo.boxes]
    if rng.random() < 0.8:
        m = random_perspective(w, h, rng, rng.uniform(0, 0.025))
        img = cv2.warpPerspective(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
        boxes = warp_boxes(boxes, m)
    if rng.random() < 0.5:  # a random crop keeping every box whole
        x0 = min(b[0] for b in boxes) if boxes else w / 2
        y0 = min(b[1] for b in boxes) if boxes else h / 2
        x1 = max(b[2] for b in boxes) if boxes else w / 2
        y1 = max(b[3] for b in boxes) if boxes else h / 2
        cl = int(rng.uniform(0, max(0.0, x0)))
        ct = int(rng.uniform(0, max(0.0, y0)))
        cr = int(rng.uniform(min(w, x1 + 1), w + 1))
        cb = int(rng.uniform(min(h, y1 + 1), h + 1))
        if cr - cl > 32 and cb - ct > 32:
            img = img[ct:cb, cl:cr]
            boxes = [(b[0] - cl, b[1] - ct, b[2] - cl, b[3] - ct) for b in boxes]
            h, w = img.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx, gy = rng.normal(0, 0.2, 2)
    img = img * (1 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5))
    img = np.clip(img * rng.uniform(0.7, 1.2) + rng.uniform(-0.1, 0.1), 0, 1) ** rng.uniform(0.7, 1.4)
    if rng.random() < 0.3:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.2))
    img = img + rng.normal(0, rng.uniform(0, 0.03), img.shape)
    out = np.clip(img * 255, 0, 255).astype(np.uint8)
    return out, list(zip(labels, boxes, strict=True))


def encode(
    gray: np.ndarray, items: list[tuple[int, Box]], rng: np.random.Generator | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ink canvas 1 x C x C, class targets C/4 x C/4 int64, edge distances 4 x C/4 x C/4)."""
    ink, scale = ink_map(gray)
    h, w = gray.shape
    nh, nw = round(h * scale), round(w * scale)
    ink = ink[:nh, :nw]
    k = rng.uniform(0.7, 1.0) if rng is not None else 1.0
    if k < 1.0:
        ink = cv2.resize(ink, (max(1, round(nw * k)), max(1, round(nh * k))), interpolation=cv2.INTER_AREA)
    ih, iw = ink.shape
    ox = int(rng.integers(0, CANVAS - iw + 1)) if rng is not None else 0
    oy = int(rng.integers(0, CANVAS - ih + 1)) if rng is not None else 0
    canvas = np.zeros((CANVAS, CANVAS), np.float32)
    canvas[oy : oy + ih, ox : ox + iw] = ink
    f = scale * iw / max(nw, 1)
    g = CANVAS // OUTPUT_STRIDE
    cls = np.zeros((g, g), np.int64)
    reg = np.zeros((4, g, g), np.float32)
    centres = (np.arange(g) + 0.5) * OUTPUT_STRIDE
    placed = []
    for c, b in items:
        x0, y0, x1, y1 = b[0] * f + ox, b[1] * f + oy, b[2] * f + ox, b[3] * f + oy
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        placed.append((c, (x0, y0, x1, y1)))
    # Large boxes first, so a small widget inside a large one keeps its own centre cells.
    placed.sort(key=lambda it: -(it[1][2] - it[1][0]) * (it[1][3] - it[1][1]))
    for c, (x0, y0, x1, y1) in placed:
        cx, cy, bw, bh = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
        near_x = np.abs(centres - cx) <= max(IGNORE * bw, OUTPUT_STRIDE * 0.75)
        near_y = np.abs(centres - cy) <= max(IGNORE * bh, OUTPUT_STRIDE * 0.75)
        ring = np.outer(near_y, near_x) & (cls == 0)
        cls[ring] = -1
        in_x = np.abs(centres - cx) <= max(CENTRE * bw, OUTPUT_STRIDE * 0.75)
        in_y = np.abs(centres - cy) <= max(CENTRE * bh, OUTPUT_STRIDE * 0.75)
        pos = np.outer(in_y, in_x)
        cls[pos] = c
        gy, gx = np.nonzero(pos)
        reg[0, gy, gx] = centres[gx] - x0
        reg[1, gy, gx] = centres[gy] - y0
        reg[2, gy, gx] = x1 - centres[gx]
        reg[3, gy, gx] = y1 - centres[gy]
    return canvas[None], cls, reg
