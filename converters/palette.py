"""The dominant colours of a design as exact hex codes, for prompts that ask for exact colours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

SAMPLE_SIDE = 256  # colours are counted on a copy this size: fast, and big areas dominate anyway
MERGE_DISTANCE = 24  # RGB distance under which two colours count as one (anti-aliasing, JPEG noise)


def hex_colour(colour: tuple[int, int, int]) -> str:
    """``#rrggbb`` in lower case, each channel clamped to 0-255."""
    r, g, b = (max(0, min(255, int(c))) for c in colour)
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class Swatch:
    """One colour: ``hex`` like ``#4f46e5`` and its share of the image (0..1)."""

    hex: str
    share: float


def dominant_colours(image: Image.Image, limit: int = 8, min_share: float = 0.005) -> list[Swatch]:
    """The most common colours, most common first, each an exact pixel value of the image.

    Sampling uses nearest-neighbour resizing so every sampled colour really occurs in the image
    (an averaging filter would invent in-between colours). Near-identical colours are merged into
    the most frequent of them. Colours covering less than ``min_share`` are left out.
    """
    sample = image if image.mode == "RGB" else image.convert("RGB")
    if max(sample.size) > SAMPLE_SIDE:
        ratio = SAMPLE_SIDE / max(sample.size)
        size = (max(1, round(sample.width * ratio)), max(1, round(sample.height * ratio)))
        sample = sample.resize(size, Image.Resampling.NEAREST)
    total = sample.width * sample.height
    counts = sample.getcolors(maxcolors=total) or []
    groups: list[tuple[tuple[int, int, int], int]] = []
    for count, colour in sorted(counts, key=lambda item: -item[0]):
        assert isinstance(colour, tuple)  # an RGB image's colours are (r, g, b) tuples
        rgb = (int(colour[0]), int(colour[1]), int(colour[2]))
        for index, (representative, grouped) in enumerate(groups):
            if rgb_distance(rgb, representative) < MERGE_DISTANCE:
                groups[index] = (representative, grouped + count)
                break
        else:
            if len(groups) < 64:  # beyond this many the remaining colours are noise
                groups.append((rgb, count))
    swatches = [
        Swatch(hex=hex_colour(rgb), share=count / total)
        for rgb, count in sorted(groups, key=lambda item: -item[1])
        if count / total >= min_share
    ]
    return swatches[:limit]


def rgb_distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """Euclidean distance of two sRGB colours, 0-441 (Python ints: numpy bytes would wrap)."""
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


def contrast_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """WCAG 2 contrast ratio of two sRGB (0-255) colours, 1..21."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def luminance(rgb: Sequence[float]) -> float:
    """WCAG 2 relative luminance of an sRGB (0-255) colour."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
