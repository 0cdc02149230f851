"""Visual score: how alike two page screenshots look once their text is masked out.

Design2Code's fifth score is CLIP similarity of the screenshots with text inpainted. CLIP weights
cannot be had offline, so Handoff reports a pixel-level stand-in under its own name: on each
page, the text boxes of both pages are filled with the colour around them (text drawn as pixels,
such as a pasted screenshot, is masked like real text; the score is about backgrounds,
bars, cards, borders and images, which the block scores ignore), both pages are scaled to a
common width, the shorter one is padded with white to the taller one's height (content that is
missing, or pushed down the page, loses; extra white space at the end does not), and the
structural similarity (SSIM, scikit-image) of their grey
levels is the score, clipped to 0..1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw
from skimage.metrics import structural_similarity

from converters.render.pixels import rgb_pixels
from converters.render.types import TextBlock

COMPARE_WIDTH = 320  # px; enough for layout and colour areas, small enough to be fast


def visual_score(
    reference_png: bytes,
    reference_blocks: Sequence[TextBlock],
    candidate_png: bytes,
    candidate_blocks: Sequence[TextBlock],
) -> float:
    """SSIM of the two screenshots with their text masked, at a common size (0..1).

    Each screenshot is masked where either page has text (the other page's boxes scaled to this
    one's width), so text drawn as pixels (a screenshot pasted as an image) is not held against
    a page whose own text is masked. Blocks are in the units of their screenshot's pixels.
    """
    reference_pixels, candidate_pixels = rgb_pixels(reference_png), rgb_pixels(candidate_png)
    to_reference = reference_pixels.shape[1] / candidate_pixels.shape[1]
    reference = _prepared(reference_pixels, [*reference_blocks, *_scaled(candidate_blocks, to_reference)])
    candidate = _prepared(candidate_pixels, [*candidate_blocks, *_scaled(reference_blocks, 1 / to_reference)])
    height = max(reference.shape[0], candidate.shape[0])
    a, b = _pad(reference, height), _pad(candidate, height)
    score = structural_similarity(a, b, data_range=255.0)  # type: ignore[no-untyped-call]  # untyped lib
    return float(min(1.0, max(0.0, score)))


def _scaled(blocks: Sequence[TextBlock], factor: float) -> list[TextBlock]:
    return [
        replace(b, x=b.x * factor, y=b.y * factor, width=b.width * factor, height=b.height * factor)
        for b in blocks
    ]


def _prepared(pixels: np.ndarray, blocks: Sequence[TextBlock]) -> np.ndarray:
    image = Image.fromarray(pixels)  # a copy: ``pixels`` stay as they were, for the masks' frames
    _mask_text(image, pixels, blocks)
    scale = COMPARE_WIDTH / image.width
    size = (COMPARE_WIDTH, max(7, round(image.height * scale)))  # SSIM needs 7 x 7 windows
    grey = image.resize(size, Image.Resampling.BILINEAR).convert("L")
    return np.asarray(grey, dtype=np.float64)


def _mask_text(image: Image.Image, pixels: np.ndarray, blocks: Sequence[TextBlock]) -> None:
    """Fill each text box of ``image`` with the median colour of a thin frame just outside it, in
    ``pixels`` (the image before any box was filled)."""
    draw = ImageDraw.Draw(image)
    for block in blocks:
        left, top = max(0, int(block.x) - 2), max(0, int(block.y) - 2)
        right = min(image.width, int(block.x + block.width) + 2)
        bottom = min(image.height, int(block.y + block.height) + 2)
        if right <= left or bottom <= top:
            continue
        region = pixels[top:bottom, left:right].reshape(-1, 3)
        frame = np.concatenate(
            [
                pixels[top, left:right],
                pixels[bottom - 1, left:right],
                pixels[top:bottom, left],
                pixels[top:bottom, right - 1],
            ]
        )
        colour = np.median(frame if len(frame) else region, axis=0)
        draw.rectangle((left, top, right - 1, bottom - 1), fill=tuple(int(c) for c in colour))


def _pad(grey: np.ndarray, height: int) -> np.ndarray:
    if grey.shape[0] == height:
        return grey
    padded = np.full((height, grey.shape[1]), 255.0)
    padded[: grey.shape[0]] = grey
    return padded
