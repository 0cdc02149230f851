"""Typography from pixels: font size, weight and line height of OCR'd text.

The font size is fitted to the text's *width*: the size at which DejaVu Sans (the family the
generated pages ask for first) sets the same string as wide as the design does. Width is what
decides line breaks, so a width-fitted size keeps every line of the design on one line of the
result, which a size guessed from the glyph height does not (OCR boxes are a few px taller or
shorter than the glyphs, a 20-40 % error on small text). The height estimate is the fallback for
short strings, where a few px of OCR padding would dominate the width, and a sanity bound.

Weight: a stroke thicker than ``BOLD_STROKE`` of the font size is bold (DejaVu Sans' stems are
about 0.09 em, DejaVu Sans Bold's about 0.15 em).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Final

from PIL import ImageFont

from converters.offline.model import TextLine

logger = logging.getLogger(__name__)

FONT_DIRS: Final = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
REFERENCE_SIZE: Final = 100
"""Size (px) the fonts are measured at; widths scale linearly with size."""
OCR_WIDTH_PADDING: Final = 1.01
"""OCR boxes are ~1 % wider than the DOM text they read (measured on DejaVu at 12-64 px)."""
HEIGHT_TO_SIZE: Final = 0.78
"""Font size per px of OCR line height, for when the width cannot be used."""
BOLD_STROKE: Final = 0.12
"""Stroke width (fraction of the font size) above which text is bold."""
MIN_SIZE: Final = 8
MAX_SIZE: Final = 160


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = folder / name
        if path.is_file():
            return ImageFont.truetype(str(path), REFERENCE_SIZE)
    logger.info("%s not found: font sizes come from text heights only", name)
    return None


def is_bold(line: TextLine, size: float) -> bool:
    """Whether the line's strokes are bold for its font ``size`` (False when unknown)."""
    return line.stroke > 0 and size > 0 and line.stroke / size > BOLD_STROKE


def font_size(line: TextLine, bold: bool) -> int:
    """The px size at which the line's text is as wide as in the design (see the module doc)."""
    by_height = line.box.h * HEIGHT_TO_SIZE
    font = _font(bold)
    text = line.text.strip()
    size = by_height
    if font is not None and len(text) >= 4:
        measured = font.getlength(text)
        if measured > 0:
            by_width = REFERENCE_SIZE * line.box.w / OCR_WIDTH_PADDING / measured
            # A width estimate far from the height one means the OCR box or text is off
            # (merged words, a clipped line): trust the height then.
            if 0.6 * by_height <= by_width <= 1.45 * by_height:
                size = by_width
    return int(min(MAX_SIZE, max(MIN_SIZE, round(size))))


def text_width(text: str, size: float, bold: bool) -> float:
    """Width (px) of ``text`` set in DejaVu Sans at ``size``; a rough 0.55 em per character without it."""
    font = _font(bold)
    if font is None:
        return 0.55 * size * len(text)
    return font.getlength(text) * size / REFERENCE_SIZE
