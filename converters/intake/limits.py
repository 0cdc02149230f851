"""Limits that keep intake fast and bounded, and the policy for the model-facing copy."""

from __future__ import annotations

import math
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class IntakeLimits:
    """What ``load_design`` accepts. Every limit appears in the error that enforces it.

    max_bytes: size of the uploaded file.
    max_pixels: decoded pixels (width x height), checked from the header before decoding, and
        the budget a vector page (SVG/PDF) is rendered into.
    max_vector_side: largest side, in CSS px (SVG) or points (PDF), of a vector page at 1x.
        Bigger declared sizes are nonsense (or an attack) rather than a design.
    max_pdf_pages: PDFs with more pages are refused: they are documents, not designs.
    min_side: images with a smaller side hold no design to convert.
    vector_scale: pixels per CSS px / point when rendering SVG and PDF (2 = a "@2x" export),
        lowered automatically to stay within ``max_pixels``.
    """

    max_bytes: int = 25 * MB
    max_pixels: int = 40_000_000
    max_vector_side: int = 20_000
    max_pdf_pages: int = 100
    min_side: int = 16
    vector_scale: float = 2.0

    def vector_fit(self, width: float, height: float) -> tuple[float, int, int]:
        """Scale and pixel size for rendering a ``width`` x ``height`` vector page.

        ``vector_scale`` unless that exceeds ``max_pixels``; then the largest scale that fits
        (a hair under, so no renderer's rounding can step over the limit).
        """
        scale = min(self.vector_scale, 0.999 * math.sqrt(self.max_pixels / (width * height)))
        return scale, max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


@dataclass(frozen=True)
class ModelImagePolicy:
    """How the copy of a design sent to a vision model is sized, and what it costs in tokens.

    The defaults follow Kimi K2.5's published image processor (MoonViT): 14 px patches,
    2 x 2 patches merged into one token, at most 16,384 patches per image and 512 patches on a
    side. An image within those bounds reaches the model unscaled, so the copy is downscaled
    (aspect ratio kept, never upscaled) until both hold:

    - longest side <= ``max_side`` (512 x 14 = 7,168 px);
    - width x height <= ``max_pixels`` (16,384 x 14 x 14 = 3,211,264 px).

    The token estimate is one token per ``token_cell`` x ``token_cell`` px cell (28 px: a 2 x 2
    group of 14 px patches), rounded up on each side: 1280 x 800 gives 46 x 29 = 1,334 tokens.
    Other endpoints tokenise differently; the figure is an estimate for planning and cost.
    """

    max_side: int = 7_168
    max_pixels: int = 3_211_264
    token_cell: int = 28

    def fit(self, width: int, height: int) -> tuple[int, int]:
        """Size of the model copy of a ``width`` x ``height`` image."""
        scale = min(
            1.0,
            self.max_side / max(width, height),
            math.sqrt(self.max_pixels / (width * height)),
        )
        if scale >= 1.0:
            return width, height
        # Floor so both limits hold after rounding; never collapse a side to zero.
        return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))

    def estimate_tokens(self, width: int, height: int) -> int:
        """Estimated image tokens for an image of exactly this size (no further scaling)."""
        return math.ceil(width / self.token_cell) * math.ceil(height / self.token_cell)
