"""Handwriting inside a sketch's widgets, read by the OCR where it is legible.

Each text-bearing widget is read alone: its crop (the inside of a drawn border; for a checkbox or
radio, the caption right of its drawn box) goes to the text detector (``detect_quads``), and
the lines it finds to the recogniser (``recognise``), all crops in one call. A widget's reading
is kept only when every line of it is read with a confidence of at least ``LEGIBLE_SCORE`` and
holds letters or digits of the Latin script; otherwise the caller writes placeholder text.
Reading widget by widget costs less than reading the whole photo (most of a sketch is blank
paper and drawn boxes) and keeps a caption from running into its neighbour.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import numpy as np
from PIL import Image

from converters.cancel import Cancellation, check
from converters.ocr.reader import detect_quads, recognise
from converters.offline.model import Box
from converters.offline.sketch.detector import SketchBox

LEGIBLE_SCORE: Final = 0.8
"""Least recogniser confidence of a line kept as read: on the training photos, handwriting read
above it was mostly the written words ("Find out More", "Palo Alto"), below it mostly garbled
("Gepres Deiery", "Mobihty Sowtious")."""
TEXT_CLASSES: Final = frozenset(
    {"Heading", "Paragraph", "Label", "Link", "Button", "CheckBox", "RadioButton", "TextBox", "ComboBox"}
)
"""Widgets whose handwriting is read (an image's is not)."""
BORDERED: Final = frozenset({"Button", "TextBox", "ComboBox"})
"""Widgets drawn as a box around their text: their crop leaves the border out."""
BORDER_INSET: Final = 0.12
"""Share of a bordered widget's height cut from each side of its crop (the drawn stroke and
the hand's wobble)."""
TOGGLE_SQUARE: Final = 1.0
"""A checkbox or radio's drawn box is about this many widget heights wide, left of its caption."""
MIN_LINE_PX: Final = 8
"""Detector boxes shorter than this (px) are dots and stray strokes, not lines of text."""
MIN_CROP_PX: Final = 12
"""Crops smaller than this (px) on a side hold no legible word."""
_LATIN: Final = re.compile(r"^[\sA-Za-z0-9À-ɏ.,:;!?'\"&@#$%€£()/+\-*]+$")
"""Characters of a Latin-script reading; anything else (a "十" read for a "+") is doubted."""
_WORD: Final = re.compile(r"[A-Za-z0-9]")


def read_handwriting(
    image: Image.Image, widgets: Sequence[SketchBox], *, cancel: Cancellation | None = None
) -> dict[int, str]:
    """Index (in ``widgets``) -> the text legible in that widget, for widgets of ``TEXT_CLASSES``
    whose handwriting reads (see the module docstring); others are left out. Raises
    ``OcrError`` when the OCR models fail, ``Cancelled`` when ``cancel`` is."""
    pixels = np.asarray(image.convert("RGB") if image.mode != "RGB" else image)
    owners: list[int] = []
    crops: list[np.ndarray] = []
    lines: dict[int, list[Box]] = {}
    for index, widget in enumerate(widgets):
        if widget.label not in TEXT_CLASSES:
            continue
        area = text_area(widget)
        if min(area.w, area.h) < MIN_CROP_PX:
            continue
        check(cancel)
        crop = np.ascontiguousarray(pixels[area.y : area.bottom, area.x : area.right])
        found = _line_boxes(detect_quads(crop, cancel=cancel))
        lines[index] = found
        for box in found:
            owners.append(index)
            crops.append(np.ascontiguousarray(crop[box.y : box.bottom, box.x : box.right]))
    read = recognise(crops, cancel=cancel) if crops else ()
    texts: dict[int, list[str]] = {}
    doubted: set[int] = set()
    for owner, (text, score) in zip(owners, read, strict=True):
        if score < LEGIBLE_SCORE or not _latin(text):
            doubted.add(owner)
        else:
            texts.setdefault(owner, []).append(text)
    return {
        index: " ".join(" ".join(parts).split())
        for index, parts in texts.items()
        if index not in doubted and len(parts) == len(lines[index])
    }


def text_area(widget: SketchBox) -> Box:
    """Where a widget's handwriting is: inside a drawn border, right of a toggle's box."""
    box = widget.box
    if widget.label in BORDERED:
        inset = round(box.h * BORDER_INSET)
        return Box(box.x + inset, box.y + inset, max(0, box.w - 2 * inset), max(0, box.h - 2 * inset))
    if widget.label in ("CheckBox", "RadioButton"):
        square = min(round(box.h * TOGGLE_SQUARE), box.w // 2)
        return Box(box.x + square, box.y, box.w - square, box.h)
    return box


def _line_boxes(quads: np.ndarray) -> list[Box]:
    """The detector's quadrilaterals as boxes, tall enough to be text, in reading order (rows top
    to bottom, a row's boxes left to right)."""
    boxes = []
    for quad in quads:
        x0, y0 = np.floor(quad.min(axis=0)).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
        if y1 - y0 >= MIN_LINE_PX and x1 > x0:
            boxes.append(Box(int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.cy, b.x)):
        if rows and abs(box.cy - rows[-1][0].cy) <= min(box.h, rows[-1][0].h) / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [box for row in rows for box in sorted(row, key=lambda b: b.x)]


def _latin(text: str) -> bool:
    return bool(_LATIN.match(text)) and bool(_WORD.search(text))
