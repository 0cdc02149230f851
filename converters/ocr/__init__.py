"""Text read from an image: lines, their boxes and their colours, by OCR.

For a reference that is only an image (a design, a screenshot), ``text_blocks`` gives the text
blocks the Design2Code scores (``converters.fidelity``) need, as a rendering gives them for an
HTML page; later, the offline engine's detection stage will start from the same lines.

Limits:

- Granularity is the line, as the detector finds it, not the element: a paragraph of three
  lines is three blocks, and words far apart on one row may be one line or several. The block
  scores' merging step makes up for part of this against DOM blocks, not for all of it.
- Colours are sampled from the pixels (``text_colour``), not known: anti-aliasing, thin fonts,
  busy backgrounds and mixed colours on one line move them.
- The models are the PP-OCR ones packaged in the rapidocr wheel (PP-OCRv6 small in rapidocr
  3.10: detection, and recognition of Latin scripts, Chinese and Japanese); nothing is
  downloaded. Small text on tall pages suffers from the scaling down to ``max_side`` (see
  ``read_lines``). Without the orientation classifier, upside-down text is not read.
"""

from __future__ import annotations

from PIL import Image

from converters.ocr.colours import background_colour, text_colour, text_colour_on
from converters.ocr.reader import OcrLine, read_lines
from converters.render.types import TextBlock

__all__ = ["OcrLine", "background_colour", "read_lines", "text_blocks", "text_colour", "text_colour_on"]


def text_blocks(image: Image.Image) -> tuple[TextBlock, ...]:
    """One ``TextBlock`` per line ``read_lines`` finds in ``image``, in reading order.

    Boxes are in pixels of the image (CSS px for a screenshot at device scale 1); each colour is
    ``text_colour`` of the line's box. Raises ``OcrError`` when the OCR engine fails.
    """
    blocks = []
    for line in read_lines(image):
        box = (line.x, line.y, line.width, line.height)
        blocks.append(TextBlock(line.text, *box, color=text_colour(image, box)))
    return tuple(blocks)
