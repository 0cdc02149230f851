"""Detect: everything the later stages need from the pixels, in one ``Detection``.

OCR (``converters.offline.text``) reads the text lines first; computer vision
(``converters.offline.shapes``) then finds boxes, fills, dividers, images, controls and wireframe
text bars, told where the text is so glyphs are not taken for shapes.
"""

from __future__ import annotations

import time

from PIL import Image

from converters.offline.model import Detection
from converters.offline.shapes import detect_shapes
from converters.offline.text import read_text


def detect(image: Image.Image) -> Detection:
    """Text lines, shapes and the page colour of ``image`` (RGB), in its pixels."""
    text = read_text(image)
    started = time.perf_counter()
    shapes = detect_shapes(image, [line.box for line in text.lines])
    return Detection(
        width=image.width,
        height=image.height,
        background=shapes.background,
        lines=text.lines,
        shapes=shapes.shapes,
        warnings=(*text.warnings, *shapes.warnings),
        ocr_s=text.seconds,
        vision_s=time.perf_counter() - started,
    )
