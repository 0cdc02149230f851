"""Lines of text in an image, read by rapidocr (PP-OCR models on onnxruntime, CPU, one thread).

The models are the ones packaged in the rapidocr wheel (its default configuration); nothing is
downloaded. One engine per ``max_side`` is made lazily, the first time it is needed, and every
call goes through one lock: the engine is not known to be thread-safe, and Streamlit serves each
browser session from its own thread.

For callers that schedule the work themselves (``converters.offline.text`` cuts a page into
regions with ink and recognises the lines it keeps), the two stages are also offered apart:
``detect_quads`` (the detector alone, at the image's own scale) and ``recognise`` (the
recogniser alone, on line crops, batched, optionally condensed and spread over worker threads).
They share one pair of models per onnxruntime thread count, made lazily like the engines above;
their calls need no lock (onnxruntime sessions are thread-safe, and rapidocr's detector and
recogniser keep no state between calls).

Both stages take a ``Cancellation`` (``converters.cancel``): they check it before each detector
run and each recogniser batch, and a run in progress when it is cancelled is terminated by
onnxruntime (``converters.ocr.interrupt``), where it would otherwise finish (a detector run on a
large page takes seconds). Either way they raise ``Cancelled``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import cv2
import numpy as np
from PIL import Image

from converters.cancel import Cancellation, Cancelled, check
from converters.errors import OcrError
from converters.ocr.interrupt import interruptible, make_interruptible

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

REC_HEIGHT: Final = 48
"""Height (px) of the recogniser's input, fixed by the packaged model: ``recognise`` scales each
crop to it."""
DET_STRIDE: Final = 32
"""The detector's input sides must be multiples of this (px)."""
_MIN_REC_WIDTH: Final = 48
"""Narrowest recogniser input (px); narrower crops are padded to it, as a one-letter crop needs a
few output columns."""

_STAGE_PARAMS: Final[dict[str, Any]] = {
    **_ENGINE_PARAMS,
    # The detector gets its input at the scale the caller chose (no scaling other than rounding
    # to the stride, which ``detect_quads`` avoids by padding), whatever its size.
    "Det.limit_type": "max",
    "Det.limit_side_len": 1_000_000,
    # ``recognise`` makes its own batches, one recogniser call each; rapidocr must not split them
    # nor pad every crop to 320 px (its default minimum width, which wastes 2-3x on short words).
    "Rec.rec_batch_num": 1_000_000,
    "Rec.rec_img_shape": [3, REC_HEIGHT, _MIN_REC_WIDTH],
}

_LOCK = threading.Lock()
_ENGINES: dict[int, RapidOCR] = {}  # by max_side, which rapidocr only takes per engine
_STAGES: dict[int, tuple[Any, Any]] = {}  # (detector, recogniser) by onnxruntime thread count

ProgressHandler = Callable[[int, int], None]
"""Called with (units done, units in all) as work advances; may be called from worker threads."""


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
        raise _ocr_error(exc, width, height) from exc
    lines = reading_order(_lines(result, width, height))
    logger.debug(
        "OCR read %d lines from a %d x %d image in %.0f ms",
        len(lines),
        width,
        height,
        (time.perf_counter() - started) * 1000,
    )
    return lines


def detect_quads(image: np.ndarray, *, threads: int = 1, cancel: Cancellation | None = None) -> np.ndarray:
    """Quadrilaterals around the lines of text the detector finds in ``image`` (H x W x 3, uint8, RGB).

    The detector works at the image's own scale (unlike ``read_lines``, which scales to
    ``max_side``): the caller chooses the scale, and pays for it, about 0.45 s of one core per
    million pixels. The image is padded (its edge pixels repeated) to multiples of
    ``DET_STRIDE``, never resized. Returns a float array of shape (n, 4, 2): four (x, y) corners
    per line, in pixels of ``image``, clamped to it; (0, 4, 2) when there is no text or the image
    is smaller than 4 px. ``threads``: onnxruntime's intra-op threads. Raises ``OcrError`` when
    rapidocr or onnxruntime fails, ``Cancelled`` when ``cancel`` is (before or during the run).
    """
    check(cancel)
    height, width = image.shape[:2]
    if min(height, width) < 4:
        return np.zeros((0, 4, 2))
    padded = cv2.copyMakeBorder(
        np.ascontiguousarray(image[:, :, ::-1]),  # rapidocr's models take OpenCV's BGR order
        0,
        -height % DET_STRIDE,
        0,
        -width % DET_STRIDE,
        cv2.BORDER_REPLICATE,
    )
    detector, _ = _stages(threads)
    try:
        with interruptible(cancel):
            result = detector(padded)
    except Exception as exc:  # see read_lines
        if cancel is not None and cancel.cancelled:
            raise Cancelled from exc  # onnxruntime's "terminate flag" failure
        raise _ocr_error(exc, width, height) from exc
    if result.boxes is None:
        return np.zeros((0, 4, 2))
    quads = np.asarray(result.boxes, dtype=np.float64).reshape(-1, 4, 2)
    return np.clip(quads, 0, (width, height))


def recognise(
    crops: Sequence[np.ndarray],
    *,
    squeeze: float = 1.0,
    px_per_glyph: float = 0,
    batch: int = 1,
    workers: int = 1,
    threads: int = 1,
    cancel: Cancellation | None = None,
    on_progress: ProgressHandler | None = None,
) -> tuple[tuple[str, float], ...]:
    """The text and confidence (0..1) the recogniser reads in each crop (H x W x 3, uint8, RGB).

    Each crop should hold one line of text, as a detector box cuts it. It is scaled to
    ``REC_HEIGHT`` px high and its width to the same scale times ``squeeze`` (the model's cost
    grows with that width: about 0.085 s of one core per 1,000 px; on web pages, text condensed
    to 0.65 of its width reads as well), but never below ``px_per_glyph`` px per glyph (runs of
    inked columns; 0: no floor): the model emits one character column per 8 px, and dense text
    condensed below ~2 columns a glyph loses letters, doubled ones first ("looking" -> "loking").
    Crops are sorted by that width and run in batches of ``batch``
    (each padded to its widest crop; on web pages, batches of 1 take ~25% less time than of 6,
    rapidocr's default), spread over ``workers`` threads; the batches and so the results do not
    depend on ``workers``. Identical crops are read once. ``threads``:
    onnxruntime's intra-op threads per run. Text is stripped; unreadable crops give ``("", 0.0)``.
    ``on_progress`` gets (0, distinct crops) first, then (distinct crops read, distinct crops)
    after each batch. Raises
    ``OcrError`` when rapidocr or onnxruntime fails, ``Cancelled`` when ``cancel`` is (checked
    before each batch; a batch in progress is terminated).
    """
    if not 0 < squeeze <= 1 or px_per_glyph < 0 or batch < 1 or workers < 1:
        raise ValueError(
            "need 0 < squeeze <= 1, px_per_glyph >= 0, batch >= 1, workers >= 1, not "
            f"{squeeze}, {px_per_glyph}, {batch}, {workers}"
        )
    if not crops:
        return ()
    scaled: list[np.ndarray] = []
    index_of: dict[bytes, int] = {}  # scaled crop (shape and pixels) -> its index in `scaled`
    slots = []
    for crop in crops:
        line = _scale_for_recogniser(crop, squeeze, px_per_glyph)
        key = line.tobytes() + bytes(str(line.shape), "ascii")
        if key not in index_of:
            index_of[key] = len(scaled)
            scaled.append(line)
        slots.append(index_of[key])
    order = sorted(range(len(scaled)), key=lambda i: (scaled[i].shape[1], i))
    batches = [order[start : start + batch] for start in range(0, len(order), batch)]
    _, recogniser = _stages(threads)
    from rapidocr.ch_ppocr_rec import TextRecInput  # loaded with the models, by _stages

    progress_lock = threading.Lock()
    done = 0
    if on_progress is not None:
        on_progress(0, len(scaled))

    def run(members: list[int]) -> list[tuple[str, float]]:
        nonlocal done
        check(cancel)
        try:
            with interruptible(cancel):
                output = recogniser(TextRecInput(img=[scaled[i] for i in members]))
        except Exception as exc:
            if cancel is not None and cancel.cancelled:
                raise Cancelled from exc
            raise
        if on_progress is not None:
            with progress_lock:
                done += len(members)
                on_progress(done, len(scaled))
        return [
            (str(text).strip(), float(score)) for text, score in zip(output.txts, output.scores, strict=True)
        ]

    try:
        if workers == 1 or len(batches) == 1:
            results = [run(members) for members in batches]
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="handoff-ocr") as pool:
                results = list(pool.map(run, batches))
    except Cancelled:
        raise
    except Exception as exc:  # see read_lines
        raise _ocr_error(exc, *crops[0].shape[1::-1]) from exc
    read: list[tuple[str, float]] = [("", 0.0)] * len(scaled)
    for members, texts in zip(batches, results, strict=True):
        for i, (text, score) in zip(members, texts, strict=True):
            read[i] = (text, score) if text else ("", 0.0)
    return tuple(read[slot] for slot in slots)


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


def _stages(threads: int) -> tuple[Any, Any]:
    """The detector and recogniser for ``threads`` intra-op threads, made on first use."""
    with _LOCK:
        stages = _STAGES.get(threads)
        if stages is None:
            from rapidocr import RapidOCR

            params = {**_STAGE_PARAMS, "EngineConfig.onnxruntime.intra_op_num_threads": threads}
            engine: Any = RapidOCR(params=params)
            # rapidocr offers its stages only through its pipeline (which scales, pads and crops
            # as read_lines needs, not as detect_quads/recognise do); its loaders are the one way
            # to get them configured as the pipeline would.
            stages = (engine._load_det_model(), engine._load_rec_model())
            for stage in stages:
                make_interruptible(stage)
            _STAGES[threads] = stages
        return stages


def _scale_for_recogniser(crop: np.ndarray, squeeze: float, px_per_glyph: float = 0) -> np.ndarray:
    """``crop`` (RGB) as the recogniser takes it: BGR, ``REC_HEIGHT`` px high, width x ``squeeze``,
    but at least ``px_per_glyph`` px per glyph (see ``_glyph_count``)."""
    height, width = crop.shape[:2]
    scale = REC_HEIGHT / max(height, 1)
    if squeeze < 1 and px_per_glyph > 0:
        squeeze = min(1.0, max(squeeze, px_per_glyph * _glyph_count(crop) / (width * scale)))
    new_width = max(1, round(width * scale * squeeze))
    shrinking = new_width * REC_HEIGHT < width * height
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    scaled = cv2.resize(np.ascontiguousarray(crop), (new_width, REC_HEIGHT), interpolation=interpolation)
    return np.ascontiguousarray(scaled[:, :, ::-1])


def _glyph_count(crop: np.ndarray) -> int:
    """Runs of inked columns in ``crop``: about its number of glyphs (touching ones count as one).

    Ink: pixels differing from the median of the crop's outermost rows and columns by more than
    48 in some channel.
    """
    pixels = crop.astype(np.int16)
    border = np.concatenate((pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]))
    inked = (np.abs(pixels - np.median(border, axis=0)).max(axis=2) > 48).any(axis=0)
    return int(np.count_nonzero(inked[1:] & ~inked[:-1]) + inked[0])


def _ocr_error(exc: Exception, width: int, height: int) -> OcrError:
    logger.info("rapidocr failed on a %d x %d image: %r", width, height, exc)
    return OcrError(
        f"The text of the image could not be read ({_reason(exc)}). Try again, or with a "
        "smaller image; if it keeps failing, reinstall the OCR packages: "
        "`pip install --force-reinstall rapidocr onnxruntime`."
    )


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
