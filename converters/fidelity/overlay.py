"""Pictures of what differs: the original and the result with their text blocks outlined.

Matched blocks are outlined green on both sides, reference blocks with no counterpart (missing
from the result) are filled red on the original, candidate blocks with no counterpart (extra in
the result) are filled orange on the result; every box has a thin white rim so it shows on any
background. The two pictures are drawn to the same width so they can sit side by side; ``blend``
lays the result over the original at half opacity.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageDraw

from converters.fidelity.report import FidelityReport, Reference
from converters.render import TextBlock

MATCHED: Final = (22, 163, 74)
MISSING: Final = (220, 38, 38)
EXTRA: Final = (234, 88, 12)
LEGEND: Final = {"matched": MATCHED, "missing": MISSING, "extra": EXTRA}
"""The overlay's colours (sRGB), by what they mark."""
HALO: Final = 2
"""Width (px) of the white rim drawn just outside each box's 2 px outline."""


@dataclass(frozen=True)
class Overlay:
    """PNG bytes of the annotated original and result (same width) and of the blend."""

    original: bytes
    result: bytes
    blend: bytes


def draw_overlay(reference: Reference, report: FidelityReport, *, width: int = 800) -> Overlay:
    """Annotate both pages at ``width`` px (the height follows each page's aspect ratio)."""
    matches = report.blocks.matches
    original = _annotated(
        reference.png,
        reference.blocks,
        (reference.width, reference.height),
        matched=(i for m in matches for i in m.reference),
        unmatched=report.blocks.missing,
        colour=MISSING,
        width=width,
    )
    candidate = report.candidate
    result = _annotated(
        candidate.png,
        candidate.blocks,
        (candidate.width, candidate.height),
        matched=(i for m in matches for i in m.candidate),
        unmatched=report.blocks.extra,
        colour=EXTRA,
        width=width,
    )
    height = max(original.height, result.height)
    base = Image.new("RGB", (width, height), "white")
    base.paste(original, (0, 0))
    top = Image.new("RGB", (width, height), "white")
    top.paste(result, (0, 0))
    blend = Image.blend(base, top, 0.5)
    return Overlay(_png(original), _png(result), _png(blend))


def _annotated(
    png: bytes,
    blocks: Sequence[TextBlock],
    size: tuple[int, int],
    *,
    matched: Iterable[int],
    unmatched: Iterable[int],
    colour: tuple[int, int, int],
    width: int,
) -> Image.Image:
    with Image.open(io.BytesIO(png)) as opened:
        image = opened.convert("RGB")
    scale = width / image.width
    image = image.resize((width, max(1, round(image.height * scale))), Image.Resampling.LANCZOS)
    # Blocks are in page units (CSS px or image px); the screenshot may differ from that size.
    unit = width / size[0]
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    unmatched, matched = list(unmatched), list(matched)
    # A white rim outside every box first, so an outline stays visible on a background of its own
    # colour (a green outline on a green button); drawn before any box so no rim covers a line.
    for index in (*unmatched, *matched):
        draw.rectangle(_box(blocks[index], unit, margin=HALO), outline=(255, 255, 255, 255), width=HALO)
    for index in unmatched:
        draw.rectangle(_box(blocks[index], unit), fill=(*colour, 90), outline=(*colour, 255), width=2)
    for index in matched:
        draw.rectangle(_box(blocks[index], unit), outline=(*MATCHED, 255), width=2)
    image.paste(layer, (0, 0), layer)
    return image


def _box(block: TextBlock, unit: float, *, margin: int = 0) -> tuple[float, float, float, float]:
    """The block's box at ``unit`` px per page unit, 1 px outside the text, plus ``margin`` px."""
    grow = 1 + margin
    return (
        block.x * unit - grow,
        block.y * unit - grow,
        (block.x + block.width) * unit + grow,
        (block.y + block.height) * unit + grow,
    )


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()
