"""Lines of text in an image, read by rapidocr (PP-OCR models on onnxruntime, CPU, one thread).

The models are the ones packaged in the rapidocr wheel (its default configuration); nothing is
downloaded. One engine per ``max_side`` is made lazily, the first time it is needed, and every
call goes through one lock: the engine is not known to be thread-safe, and Streamlit serves each
browser session from its own thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from PIL import Image

from converters.errors import OcrError

if TYPE_CHECKING:
    from rapidocr import RapidOCR

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIDE: Final = 2000
"""Longest side (px) rapidocr works at; larger images are scaled down to it first (its default)."""

_MIN_SIDE_PX: Final = 17
"""Shortest side (px, at the scale rapidocr works at) of an image worth reading. Below it no
legible line fits, rapidocr's rounding to multiples of 32 px fails (16 px rounds to 0), and its
upscaling of short sides to 30 px plus padding to an aspect ratio of 8 blows up the detector's
input for long thin strips (a 2000 x 1 image would become 60000 x 15000 px)."""

_ENGINE_PARAMS: Final[dict[str, Any]] = {
    # rapidocr logs to its own stderr handler, bypassing ours; "warning" would print a line for
    # every image without text, which is a normal result here.
    "Global.log_level": "error",
    "Global.use_cls": False,  # no 180° text in designs; the classifier only costs time
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}

_LOCK = threading.Lock()
_ENGINES: dict[int, RapidOCR] = {}  # by max_side, which rapidocr only takes per engine


@dataclass(frozen=True)
class OcrLine:
    """One line of text found in an image.

    The box is the axis-aligned bounding box of the detector's quadrilateral, in pixels of the
    image given, clamped to it; it includes the detector's margin around the glyphs (a few px).
    ``score`` is the recogniser's confidence (0..1); lines under 0.5 are dropped by rapidocr.
    """

    text: str
    x: float
    y: float
    width: float
    height: float
    score: float


def read_lines(image: Image.Image, *, max_side: int = DEFAULT_MAX_SIDE) -> tuple[OcrLine, ...]:
    """The lines of text in ``image``, in reading order (see ``reading_order``).

    ``max_side`` (px, at least 32): an image with a longer side is scaled down to it before
    detection, so small text on a tall page gets smaller still (a 1280 x 3300 page is read at
    about 768 x 2000). An image without text, or too small to hold a legible line (shortest side
    under 17 px at that scale), gives ``()``. Other modes than RGB are converted with Pillow
    (alpha dropped, not composited). Raises ``OcrError`` when rapidocr or onnxruntime fails.
    """
    if max_side < 32:
        raise ValueError(f"max_side must be at least 32 px, not {max_side}")
    width, height = image.size
    scale = min(1.0, max_side / max(width, height, 1))
    if int(min(width, height) * scale) < _MIN_SIDE_PX:
        return ()
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    # rapidocr takes a NumPy array as OpenCV's BGR order (it converts only PIL images from RGB).
    bgr = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
    started = time.perf_counter()
    try:
        with _LOCK:
            result = _engine(max_side)(bgr)
    except Exception as exc:  # rapidocr and onnxruntime raise many unrelated exception types
        logger.info("rapidocr failed on a %d x %d image: %r", width, height, exc)
        raise OcrError(
            f"The text of the image could not be read ({_reason(exc)}). Try again, or with a "
            "smaller image; if it keeps failing, reinstall the OCR packages: "
            "`pip install --force-reinstall rapidocr onnxruntime`."
        ) from exc
    lines = reading_order(_lines(result, width, height))
    logger.debug(
        "OCR read %d lines from a %d x %d image in %.0f ms",
        len(lines),
        width,
        height,
        (time.perf_counter() - started) * 1000,
    )
    return lines


def reading_order(lines: Iterable[OcrLine]) -> tuple[OcrLine, ...]:
    """``lines`` top to bottom; lines on one row left to right.

    A row starts at the line with the highest vertical centre not yet placed; a later line joins
    it when its centre is within half a line height (of the smaller of the two lines) of that
    first line's centre. Comparing with the row's first line, not the last one added, keeps a
    staircase of lines from chaining into one row.
    """
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda item: (_centre_y(item), item.x)):
        if rows:
            first = rows[-1][0]
            if abs(_centre_y(line) - _centre_y(first)) <= min(line.height, first.height) / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    return tuple(line for row in rows for line in sorted(row, key=lambda item: item.x))


def _engine(max_side: int) -> RapidOCR:
    """The engine for ``max_side``, made on first use; call with ``_LOCK`` held."""
    engine = _ENGINES.get(max_side)
    if engine is None:
        # Imported here: importing rapidocr loads OpenCV, omegaconf and shapely (about 1 s).
        from rapidocr import RapidOCR

        engine = RapidOCR(params={**_ENGINE_PARAMS, "Global.max_side_len": max_side})
        _ENGINES[max_side] = engine
    return engine


def _lines(result: Any, width: int, height: int) -> list[OcrLine]:
    """OcrLines from a rapidocr result; an empty result has ``None`` for boxes and texts."""
    boxes, texts, scores = (getattr(result, name, None) for name in ("boxes", "txts", "scores"))
    if boxes is None or texts is None or scores is None:
        return []
    lines = []
    for quad, text, score in zip(boxes, texts, scores, strict=True):
        points = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
        left, top = np.clip(points.min(axis=0), 0, (width, height))
        right, bottom = np.clip(points.max(axis=0), 0, (width, height))
        if text.strip() and right > left and bottom > top:
            lines.append(
                OcrLine(
                    text=text.strip(),
                    x=float(left),
                    y=float(top),
                    width=float(right - left),
                    height=float(bottom - top),
                    score=float(score),
                )
            )
    return lines


def _centre_y(line: OcrLine) -> float:
    return line.y + line.height / 2


def _reason(exc: Exception) -> str:
    # onnxruntime errors reach us as rapidocr's ONNXRuntimeError holding a whole traceback; its
    # last line is the error itself.
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = f"{type(exc).__name__}: {lines[-1]}" if lines else type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."
