"""Detect: everything the later stages need from the pixels, in one ``Detection``.

OCR (``converters.offline.text``) reads the text lines first; computer vision
(``converters.offline.shapes``) then finds boxes, fills, dividers, images, controls and wireframe
text bars, told where the text is so glyphs are not taken for shapes; lines on a fill their
colours were not measured against are measured again on it (``converters.offline.behind``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from PIL import Image

from converters.cancel import Cancellation
from converters.offline.behind import measure_on_fills
from converters.offline.model import Detection
from converters.offline.shapes import detect_shapes
from converters.offline.text import read_text

DetectPhase = Literal["detect", "recognise", "shapes"]
DetectProgress = Callable[[DetectPhase, int, int], None]
"""Called with the phase and (units done, units in all; 0, 0 when not counted): text regions
searched for lines (``detect``), line crops read (``recognise``), then ``shapes`` as it begins."""


def detect(
    image: Image.Image,
    *,
    cancel: Cancellation | None = None,
    on_progress: DetectProgress | None = None,
    sketchy: bool | None = None,
) -> Detection:
    """Text lines, shapes and the page colour of ``image`` (RGB), in its pixels; ``sketchy``
    forces the shapes' wireframe reading on or off (``detect_shapes``; ``None``: found out).

    Raises ``Cancelled`` soon after ``cancel`` is cancelled (see ``read_text`` and
    ``detect_shapes``); ``on_progress`` follows the work (see ``DetectProgress``).
    """
    text = read_text(image, cancel=cancel, on_progress=on_progress)
    started = time.perf_counter()
    if on_progress is not None:
        on_progress("shapes", 0, 0)
    shapes = detect_shapes(image, [line.box for line in text.lines], cancel=cancel, sketchy=sketchy)
    return Detection(
        width=image.width,
        height=image.height,
        background=shapes.background,
        lines=measure_on_fills(image, text.lines, shapes.shapes),
        shapes=shapes.shapes,
        warnings=(*text.warnings, *shapes.warnings),
        ocr_s=text.seconds,
        vision_s=time.perf_counter() - started,
    )
