"""The learned widget detector for photos of hand-drawn UI sketches (onnxruntime, CPU).

``detect_widgets(image)`` finds the widgets of ``SKETCH_CLASSES`` drawn on a photo and returns
them as ``SketchBox``es in px of the image given, most confident first.

The model (``model/sketch.onnx``, trained by ``make train-sketch``, see ``model/MODEL_CARD.md``)
is a small fully convolutional net. Its input is the photo as an "ink map": grayscale, divided
by an estimate of the paper's brightness (so uneven light and shadows fall away), inverted so
ink is high and paper 0, scaled to ``INPUT_LONG_SIDE`` px on its long side and padded to a
multiple of ``INPUT_MULTIPLE``. It outputs, every ``OUTPUT_STRIDE`` px, the probability of
background and of each class at the centre of a widget, and the distances from that point to
the widget's four edges. Decoding keeps the points whose best class is a widget class with
probability of at least ``SCORE_THRESHOLD``, groups each class's points whose boxes overlap
(greedy NMS), and averages the boxes of a group weighted by probability ("box voting").

The session is created once per process, on first use, under a lock; the model file's sha256
is checked against ``MODEL_SHA256`` first, so a missing or damaged file is a clear
``EngineError``, never a crash inside onnxruntime. Only numpy, OpenCV, Pillow and onnxruntime.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import cv2
import numpy as np
import onnxruntime as ort  # type: ignore[import-untyped]  # no type hints shipped
from PIL import Image

from converters.errors import EngineError
from converters.intake.kinds import SKETCH_CLASSES
from converters.offline.model import Box

MODEL_PATH: Final = Path(__file__).resolve().parent / "model" / "sketch.onnx"
"""The committed model (trained by ``make train-sketch``; data and figures in MODEL_CARD.md)."""

MODEL_SHA256: Final = "41c02cff832b9ec67913c6b1c79409c0b04dbad7e97d898c43e3816a0e015048"
"""sha256 of MODEL_PATH: update it (and the model card) whenever the model is retrained."""

INPUT_LONG_SIDE: Final = 384
"""Long side of the model's input (px): widgets of the data stay >= 10 px, inference stays fast."""

INPUT_MULTIPLE: Final = 32
"""The net halves its input five times, so its input's sides are padded to a multiple of 32."""

OUTPUT_STRIDE: Final = 4
"""Input px per output cell: the class map and box distances are at a quarter of the input."""

PAPER_KERNEL: Final = 15
"""Closing kernel (input px) that wipes out pen strokes to estimate the paper's brightness."""

INK_PERCENTILE: Final = 99.5
"""The ink map is scaled so this percentile is 1: pencil and pen look alike to the model."""

MIN_INK_SCALE: Final = 0.1
"""Least value of that percentile used for scaling, so a blank page's noise is not blown up."""

SCORE_THRESHOLD: Final = 0.35
"""Least class probability of a centre point (tuned on the training photos, not the report set)."""

NMS_IOU: Final = 0.3
"""Boxes of one class overlapping more than this are one widget (0.3 beat 0.45 on held-out photos)."""

CROSS_CLASS_IOU: Final = 0.75
"""Boxes of two classes overlapping more than this are one widget read two ways: keep the surer."""

MIN_SUPPORT: Final = 2
"""Least centre points behind a widget: a lone point is usually a stray mark."""

MAX_INPUT_PIXELS: Final = 80_000_000
"""Largest image accepted (px): intake caps designs below this; it bounds the resize's memory."""

ONNX_THREADS: Final = 1
"""onnxruntime threads: one is faster on the shared, busy cores this runs on (see DESIGN.md)."""


@dataclass(frozen=True)
class SketchBox:
    """One widget found on a sketch: its class, box (px of the image given) and probability."""

    label: str
    box: Box
    score: float


def ink_map(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Grayscale uint8 photo -> (padded float32 ink map of the model's input size, scale used).

    ``scale`` is input px per photo px. The map is 0 on paper and about 1 on ink.
    """
    h, w = gray.shape
    scale = INPUT_LONG_SIDE / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    small = cv2.resize(gray, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    small = small.astype(np.float32) + 1.0
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (PAPER_KERNEL, PAPER_KERNEL))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), PAPER_KERNEL / 3)
    ink = np.clip(1.0 - small / np.maximum(paper, 1.0), 0.0, 1.0)
    top = max(float(np.percentile(ink, INK_PERCENTILE)), MIN_INK_SCALE)
    ink = np.clip(ink / top, 0.0, 1.0)
    ph = -(-nh // INPUT_MULTIPLE) * INPUT_MULTIPLE
    pw = -(-nw // INPUT_MULTIPLE) * INPUT_MULTIPLE
    out = np.zeros((ph, pw), np.float32)
    out[:nh, :nw] = ink
    return out, scale


def grayscale(image: Image.Image) -> np.ndarray:
    """Any Pillow image as grayscale uint8: transparency on white paper, 16-bit and float scaled."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image, np.float64)
        top = float(values.max()) if values.size else 0.0
        return np.asarray(np.clip(values * (255.0 / top if top > 255 else 1.0), 0, 255), np.uint8)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    return np.asarray(image.convert("L"), np.uint8)


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    x0 = np.maximum(box[0], boxes[:, 0])
    y0 = np.maximum(box[1], boxes[:, 1])
    x1 = np.minimum(box[2], boxes[:, 2])
    y1 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return np.asarray(inter / np.maximum(area + areas - inter, 1e-6))


def _vote(boxes: np.ndarray, scores: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Greedy NMS where each kept box is the score-weighted mean of the boxes it suppresses."""
    order = np.argsort(-scores)
    boxes, scores = boxes[order], scores[order]
    alive = np.ones(len(boxes), bool)
    kept: list[tuple[np.ndarray, float]] = []
    for i in range(len(boxes)):
        if not alive[i]:
            continue
        group = alive & (_iou(boxes[i], boxes) > NMS_IOU)
        group[i] = True
        alive &= ~group
        if group.sum() < MIN_SUPPORT:
            continue
        weights = scores[group]
        kept.append((np.average(boxes[group], axis=0, weights=weights), float(weights.mean())))
    return kept


def decode(prob: np.ndarray, ltrb: np.ndarray) -> list[tuple[str, np.ndarray, float]]:
    """Model outputs (classes x H x W probabilities, 4 x H x W edge distances in input px) ->
    (label, box x0 y0 x1 y1 in input px, score), most confident first."""
    best = prob.argmax(axis=0)
    ys, xs = np.mgrid[0 : prob.shape[1], 0 : prob.shape[2]]
    cx = (xs + 0.5) * OUTPUT_STRIDE
    cy = (ys + 0.5) * OUTPUT_STRIDE
    found: list[tuple[str, np.ndarray, float]] = []
    for index, label in enumerate(SKETCH_CLASSES, start=1):
        mask = (best == index) & (prob[index] >= SCORE_THRESHOLD)
        if not mask.any():
            continue
        d = ltrb[:, mask]
        boxes = np.stack([cx[mask] - d[0], cy[mask] - d[1], cx[mask] + d[2], cy[mask] + d[3]], axis=1)
        found.extend((label, box, score) for box, score in _vote(boxes, prob[index][mask]))
    found.sort(key=lambda item: -item[2])
    kept: list[tuple[str, np.ndarray, float]] = []
    for item in found:
        if all(_iou(item[1], other[1][None])[0] <= CROSS_CLASS_IOU for other in kept):
            kept.append(item)
    return kept


class SketchDetector:
    """An onnxruntime session of one model file; ``detect`` is safe to call from many threads."""

    def __init__(self, path: Path, expected_sha256: str | None) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise EngineError(
                f"The sketch detector's model is missing ({path.name}): reinstall Handoff or run "
                "`make train-sketch` to build it."
            ) from error
        if expected_sha256 is not None and hashlib.sha256(data).hexdigest() != expected_sha256:
            raise EngineError(
                f"The sketch detector's model ({path.name}) is damaged or not the expected version "
                "(checksum mismatch): reinstall Handoff, or update MODEL_SHA256 after retraining."
            )
        options = ort.SessionOptions()
        options.intra_op_num_threads = ONNX_THREADS
        options.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own unexported exception types
            raise EngineError(
                f"The sketch detector's model ({path.name}) cannot be loaded: reinstall Handoff."
            ) from error

    def detect(self, image: Image.Image) -> tuple[SketchBox, ...]:
        if image.width * image.height > MAX_INPUT_PIXELS:
            raise EngineError(
                f"The sketch photo is too large to read ({image.width} x {image.height} px): "
                "scale it down and try again."
            )
        ink, scale = ink_map(grayscale(image))
        prob, ltrb = self._session.run(None, {"ink": ink[None, None]})
        boxes: list[SketchBox] = []
        for label, (x0, y0, x1, y1), score in decode(prob[0], ltrb[0]):
            left = int(np.clip(round(x0 / scale), 0, image.width - 1))
            top = int(np.clip(round(y0 / scale), 0, image.height - 1))
            right = int(np.clip(round(x1 / scale), left + 1, image.width))
            bottom = int(np.clip(round(y1 / scale), top + 1, image.height))
            boxes.append(SketchBox(label, Box(left, top, right - left, bottom - top), round(score, 4)))
        return tuple(boxes)


_lock = threading.Lock()
_detector: SketchDetector | None = None


def default_detector() -> SketchDetector:
    """The process's detector of the committed model, created on first use."""
    global _detector
    with _lock:
        if _detector is None:
            _detector = SketchDetector(MODEL_PATH, MODEL_SHA256)
        return _detector


def detect_widgets(image: Image.Image) -> tuple[SketchBox, ...]:
    """The widgets drawn on a sketch photo, most confident first, boxes in px of ``image``.

    Raises ``EngineError`` if the committed model is missing or damaged, or the image is
    larger than ``MAX_INPUT_PIXELS``.
    """
    return default_detector().detect(image)
