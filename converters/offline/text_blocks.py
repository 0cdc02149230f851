"""Classify's text rules: lines' sizes, the page's body size, lines grouped into blocks, and each
block's kind.

Consecutive lines of about the same size, the same weight and colour, in the same container, close
together and aligned left or centred, are one block. A block is a heading when its size stands out
from the page's body size by ``HEADING_RATIO`` (or it is short and bold and ``BOLD_HEADING_RATIO``
larger), with levels by size rank; a short single line in a link colour is a link; other short
single lines are labels; the rest paragraphs.

Geometry in the detection's pixels, sizes in px.
"""

from __future__ import annotations

import colorsys
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from converters.offline.model import Box, Colour, Element, Kind, Style, TextLine
from converters.offline.paragraphs import (
    colour_counts,
    colour_spans,
    ends_paragraph,
    is_exact,
    paragraph_colour,
)
from converters.offline.style import font_size, is_bold
from converters.palette import rgb_distance

HEADING_RATIO: Final = 1.3
"""A text block this much larger than the body text is a heading."""
SHORT_TEXT: Final = 40
"""Characters up to which a single line is a label, a link or a nav item rather than a paragraph."""
BOLD_WEIGHT: Final = 600
"""A stated font weight from which text reads as bold (semibold and up)."""
DEFAULT_BODY_SIZE: Final = 16
"""Body size (px) of a page without text: the browsers' default."""
RECENT_BLOCKS: Final = 6
"""Latest blocks a line may continue: side-by-side columns interleave their lines in reading order."""
MIN_SIZE_RATIO: Final = 0.8
"""Smallest size ratio of a line to its block's (measured sizes of one paragraph vary this much)."""
MAX_SIZE_RATIO: Final = 1.25
"""Largest size ratio of a line to its block's: a larger line starts a new block."""
MAX_LINE_OVERLAP: Final = 0.3
"""Share of the previous line's height a line may overlap it by (tight leading, OCR boxes)."""
MAX_LINE_GAP: Final = 0.9
"""Share of the previous line's height a line may sit below it: a wider gap starts a new block."""
SAME_COLOUR_DISTANCE: Final = 60
"""Largest RGB distance between two lines' nearest colours for them to be one block's."""
LEFT_SLACK: Final = 6
"""Px a wrapped line may start off its block's left edge and still be aligned with it."""
LEFT_SLACK_PER_SIZE: Final = 0.6
"""The same slack per px of font size, for larger text (about half a glyph)."""
CENTRE_SLACK: Final = 8
"""Px a centred line's centre may sit off its block's and still be centred with it."""
CENTRE_SLACK_PER_SIZE: Final = 0.8
"""The same slack per px of font size, for larger text (about a glyph)."""
MAX_HEADING_LEVEL: Final = 6
"""HTML's last heading level: smaller headings all become h6."""
HEADING_MAX_LINES: Final = 3
"""Most lines a heading wraps to: a longer block is a paragraph, however large."""
HEADING_MAX_CHARS: Final = 120
"""Longest heading (characters): longer text is a paragraph set large (a lead, a quote)."""
BOLD_HEADING_RATIO: Final = 1.12
"""A bold block this much larger than the body text is a heading when short."""
BOLD_HEADING_CHARS: Final = 80
"""Longest bold, slightly larger block that is a heading (characters): longer is bold body text."""
LEFT_ALIGN_SLACK: Final = 4
"""Px a block's line starts may spread and still be left-aligned."""
CENTRE_ALIGN_SLACK: Final = 6
"""Px a block's line centres may spread and still be centred."""
LINK_MIN_SATURATION: Final = 0.45
"""Least HLS saturation of a link's colour: greyer text is body text."""
LINK_MIN_LIGHTNESS: Final = 0.2
"""Least HLS lightness of a link's colour: darker blue reads as navy body text."""
LINK_MAX_LIGHTNESS: Final = 0.75
"""Most HLS lightness of a link's colour: paler text is a tint, not a link."""
LINK_MIN_HUE: Final = 0.55
"""Least HLS hue (0-1) of a link's colour: cyan-blue."""
LINK_MAX_HUE: Final = 0.8
"""Most HLS hue (0-1) of a link's colour: violet; purples and pinks past it are accents."""
LINK_MIN_CONTRAST: Final = 80
"""Least RGB distance of a link's colour from the page's background: a link stands out from it."""


@dataclass
class Block:
    """Text lines being grouped into one text element."""

    lines: list[TextLine]
    size: int
    bold: bool
    container: int | None
    sizes: list[int] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return Box.enclosing([line.box for line in self.lines])

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def line_size(line: TextLine) -> tuple[int, bool]:
    """The font size (px) ``line`` is set in and whether it is bold: stated, else measured."""
    if line.size > 0:  # stated by the design's file: exact
        return max(1, round(line.size)), line.weight >= BOLD_WEIGHT
    regular = font_size(line, bold=False)
    bold = is_bold(line, regular)
    return (font_size(line, bold=True) if bold else regular), bold


def body_size(lines: Sequence[TextLine], sizes: dict[int, tuple[int, bool]]) -> int:
    """The size most characters are set in (the weighted median), ``DEFAULT_BODY_SIZE`` without text."""
    weighted = sorted((sizes[id(line)][0], len(line.text)) for line in lines)
    total = sum(w for _, w in weighted)
    if not total:
        return DEFAULT_BODY_SIZE
    running = 0
    for size, weight in weighted:
        running += weight
        if running * 2 >= total:
            return size
    return weighted[-1][0]


def group_lines(
    lines: Sequence[TextLine], sizes: dict[int, tuple[int, bool]], containers: dict[int, int | None]
) -> list[Block]:
    """``lines`` grouped into blocks in reading order; ``containers``: each line's innermost
    container (an index, by the line's ``id``), which a block never crosses."""
    blocks: list[Block] = []
    for line in sorted(lines, key=lambda item: (item.box.y, item.box.x)):
        size, bold = sizes[id(line)]
        container = containers[id(line)]
        target = None
        for block in reversed(blocks[-RECENT_BLOCKS:]):
            if _continues(block, line, size, bold, container):
                target = block
                break
        if target is None:
            blocks.append(Block([line], size, bold, container, [size]))
        else:
            target.lines.append(line)
            target.sizes.append(size)
            target.size = int(statistics.median(target.sizes))
    return blocks


def _continues(block: Block, line: TextLine, size: int, bold: bool, container: int | None) -> bool:
    last = block.lines[-1]
    if container != block.container or bold != block.bold:
        return False
    if not MIN_SIZE_RATIO <= size / max(1, block.size) <= MAX_SIZE_RATIO:
        return False
    gap = line.box.y - last.box.bottom
    if gap < -MAX_LINE_OVERLAP * last.box.h or gap > MAX_LINE_GAP * last.box.h:
        return False
    colours, before = (colour_counts(item) for item in (line, last))
    if min(rgb_distance(a, b) for a, _ in colours for b, _ in before) > SAME_COLOUR_DISTANCE:
        return False
    left = abs(line.box.x - block.box.x) <= max(LEFT_SLACK, LEFT_SLACK_PER_SIZE * size)
    centred = (
        abs(line.box.cx - block.box.cx) <= max(CENTRE_SLACK, CENTRE_SLACK_PER_SIZE * size)
        and abs(line.box.x - block.box.x) > 0
    )
    # A wrapped line does not end far right of its block (that would be a new column).
    if not ((left or centred) and line.box.x < block.box.right):
        return False
    return not (is_exact(line) and all(map(is_exact, block.lines)) and ends_paragraph(block.lines, line))


def heading_levels(blocks: Sequence[Block], body: int) -> dict[int, int]:
    """Heading level by size: the largest heading size is h1, the next h2, ... (at most h6)."""
    heading_sizes = sorted({b.size for b in blocks if _is_heading(b, body)}, reverse=True)
    return {size: min(MAX_HEADING_LEVEL, rank + 1) for rank, size in enumerate(heading_sizes)}


def _is_heading(block: Block, body: int) -> bool:
    chars = len(" ".join(line.text for line in block.lines))
    return len(block.lines) <= HEADING_MAX_LINES and heading_sized(block.size, block.bold, chars, body)


def heading_sized(size: int, bold: bool, chars: int, body: int) -> bool:
    """Whether a text of ``chars`` characters set at ``size`` (``bold``) is a heading on a page
    whose body text is ``body``: clearly larger, or bold, a little larger and short."""
    if chars > HEADING_MAX_CHARS:
        return False
    if size >= HEADING_RATIO * body:
        return True
    return bold and size >= BOLD_HEADING_RATIO * body and chars <= BOLD_HEADING_CHARS


def text_element(block: Block, body: int, levels: dict[int, int], background: Colour) -> Element:
    """The heading, link, label or paragraph ``block`` is, on a page of ``background``."""
    box = block.box
    colour = paragraph_colour(block.lines) or _dominant_colour(block.lines)
    pitch = _pitch(block.lines)
    style = Style(
        font_size=block.size,
        line_height=pitch,
        font_weight=_weight(block),
        colour=colour,
        align=_alignment(block),
    )
    text = block.text
    flat = " ".join(line.text for line in block.lines)
    spans = colour_spans(block.lines, colour)
    if _is_heading(block, body):
        return Element(
            Kind.HEADING,
            box,
            text=text,
            style=style,
            level=levels.get(block.size, 2),
            lines=tuple(block.lines),
            spans=spans,
        )
    if len(block.lines) == 1 and len(flat) <= SHORT_TEXT:
        kind = Kind.LINK if _link_colour(colour, background) else Kind.LABEL
        return Element(kind, box, text=text, style=style, lines=tuple(block.lines), spans=spans)
    return Element(Kind.PARAGRAPH, box, text=text, style=style, lines=tuple(block.lines), spans=spans)


def _weight(block: Block) -> int:
    """The weight the file states for the block's first line, else 700 or 400 as read."""
    stated = block.lines[0].weight
    if stated:
        return stated
    return 700 if block.bold else 400


def _pitch(lines: Sequence[TextLine]) -> int:
    """Line height (px): the distance between line tops, or the single line's box height."""
    if len(lines) < 2:
        return max(1, lines[0].box.h)
    steps = [b.box.y - a.box.y for a, b in itertools.pairwise(lines) if b.box.y > a.box.y]
    return max(1, round(statistics.median(steps))) if steps else max(1, lines[0].box.h)


def _alignment(block: Block) -> Literal["left", "center"] | None:
    if len(block.lines) < 2:
        return None
    lefts = [line.box.x for line in block.lines]
    centres = [line.box.cx for line in block.lines]
    if max(lefts) - min(lefts) <= LEFT_ALIGN_SLACK:
        return "left"
    if max(centres) - min(centres) <= CENTRE_ALIGN_SLACK:
        return "center"
    return None


def _dominant_colour(lines: Sequence[TextLine]) -> Colour:
    weights: dict[Colour, int] = {}
    for line in lines:
        weights[line.colour] = weights.get(line.colour, 0) + len(line.text)
    return max(sorted(weights), key=lambda c: weights[c])


def _link_colour(colour: Colour, background: Colour) -> bool:
    """Saturated blue to violet text reads as a link."""
    r, g, b = (c / 255 for c in colour)
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    return (
        saturation > LINK_MIN_SATURATION
        and LINK_MIN_LIGHTNESS < lightness < LINK_MAX_LIGHTNESS
        and LINK_MIN_HUE <= hue <= LINK_MAX_HUE
        and rgb_distance(colour, background) > LINK_MIN_CONTRAST
    )
