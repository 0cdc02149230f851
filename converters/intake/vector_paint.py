"""Shapes read from a vector file, checked against its picture: only what is seen is kept.

A file can paint what never shows: shapes under a mask, in a fully transparent group, clipped
away or covered by later ones (a browser's PDF holds a page-sized black rectangle under a soft
mask, say). The picture is what the user sees, so a filled shape whose colour is seen at too few
points of a 3 x 3 grid inside it is dropped. Texts are kept as read: their colours are exact.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

import numpy as np
from PIL import Image

from converters.intake.vector import VectorFacts, VectorShape

GRID: Final = (0.2, 0.5, 0.8)
"""Where a shape is sampled, as fractions of its width and height (away from its edges)."""
SEEN_DISTANCE: Final = 40.0
"""RGB distance within which a sampled pixel shows a shape's fill (antialiasing, JPEG images in
PDFs and colour blending stay within it; another colour of a design rarely does)."""
MIN_SEEN: Final = 2
"""Grid points that must show the fill: text or an icon may cover a few of the nine."""


def painted(facts: VectorFacts, image: Image.Image, scale: float) -> VectorFacts:
    """``facts`` with only the filled shapes that show in ``image`` (``scale`` pixels per CSS
    px); stroked-only shapes, lines and images are kept as read."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int32)
    height, width = pixels.shape[:2]
    kept: list[VectorShape] = []
    for shape in facts.shapes:
        if shape.fill is None or shape.kind in ("image", "line"):
            kept.append(shape)
            continue
        seen = 0
        for fx in GRID:
            for fy in GRID:
                x = min(width - 1, max(0, int((shape.box.x + fx * shape.box.w) * scale)))
                y = min(height - 1, max(0, int((shape.box.y + fy * shape.box.h) * scale)))
                difference = pixels[y, x] - np.asarray(shape.fill, dtype=np.int32)
                seen += float(np.sqrt(np.sum(difference * difference))) <= SEEN_DISTANCE
        if seen >= MIN_SEEN:
            kept.append(shape)
        elif shape.stroke is not None:
            kept.append(replace(shape, fill=None))  # its outline may still show
    return replace(facts, shapes=tuple(kept))
