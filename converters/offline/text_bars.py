"""Classify's wireframe rule: text bars (squiggles, grey bars) become text with neutral words.

Bars stacked at one left edge, close together and drawn with the same stroke, are one group. A
group of one or two bars drawn ``THICK_STROKE_RATIO`` thicker than the page's typical stroke is a
heading, a lone bar narrower than ``LABEL_MAX_WIDTH`` a label, the rest paragraphs; each gets
placeholder words of about its bars' length.

Geometry in the detection's pixels, sizes in px.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from converters.offline.model import Box, Element, Kind, Shape, Style
from converters.offline.style import text_width

_LOREM: Final = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat duis aute irure dolor in reprehenderit in "
    "voluptate velit esse cillum dolore eu fugiat nulla pariatur"
)
LOREM: Final = tuple(_LOREM.split(" "))
"""The placeholder words of the offline engine, in order (wireframe text bars, unread sketches)."""
WIREFRAME_WORDS: Final = 28
"""How many of them a wireframe's text bars cycle through (to "ullamco"), as they always have."""
PLACEHOLDER_WORDS: Final = (LOREM[0].capitalize(), *LOREM[1:WIREFRAME_WORDS])
RECENT_GROUPS: Final = 4
"""Latest groups a bar may join: side-by-side columns of bars interleave in reading order."""
ALIGN_SLACK: Final = 12
"""Px a bar may start off the one above it and still be its next line (hand-drawn starts wander)."""
ALIGN_SLACK_SHARE: Final = 0.05
"""The same slack as a share of the bar above's width, for long bars."""
MAX_GAP_RATIO: Final = 2.5
"""Bar heights a bar may sit below the one above it and still be the same text's next line."""
MIN_BAR_HEIGHT: Final = 8
"""Height (px) the gap rule assumes at least, so that thin pen strokes still stack."""
STROKE_SLACK: Final = 1
"""Px two bars' strokes may differ by and still be one text's (one pen, one weight)."""
THICK_STROKE_RATIO: Final = 1.6
"""A bar drawn this many times the typical stroke stands for a heading."""
HEADING_MAX_BARS: Final = 2
"""Most bars a heading's group has: more stacked thick bars are a paragraph."""
HEADING_MIN_SIZE: Final = 22
"""Smallest font size (px) of a bar's heading, so that it reads as one on a small-text page."""
HEADING_SIZE_RATIO: Final = 1.6
"""A bar's heading is set this much larger than the body text."""
LABEL_MAX_WIDTH: Final = 240
"""Widest lone bar (px) that is a label: a wider one is a one-line paragraph."""
LINE_HEIGHT_RATIO: Final = 1.3
"""Least line height of a paragraph of bars, per px of its font size (a usual leading)."""
MIN_FONT_SIZE: Final = 8
"""Smallest size (px) placeholder words are shrunk to for a short bar: smaller is unreadable."""
INK: Final = (33, 33, 33)
"""Colour of a bar's text when the bar has none: near-black, as a pen's."""


def text_bars(bars: Sequence[Shape], body: int) -> list[Element]:
    """Headings, labels and paragraphs of placeholder words for the wireframe's ``bars``, on a page
    whose body text is ``body`` px."""
    if not bars:
        return []
    ordered = sorted(bars, key=lambda s: (s.box.y, s.box.x))
    strokes = sorted(s.border_width for s in ordered)
    typical = strokes[len(strokes) // 2] or 1
    groups: list[list[Shape]] = []
    for bar in ordered:
        group = next(
            (
                g
                for g in reversed(groups[-RECENT_GROUPS:])
                if abs(bar.box.x - g[-1].box.x) <= max(ALIGN_SLACK, ALIGN_SLACK_SHARE * g[-1].box.w)
                and 0 <= bar.box.y - g[-1].box.bottom <= MAX_GAP_RATIO * max(g[-1].box.h, MIN_BAR_HEIGHT)
                and abs(bar.border_width - g[-1].border_width) <= STROKE_SLACK
            ),
            None,
        )
        if group is None:
            groups.append([bar])
        else:
            group.append(bar)
    elements = []
    for group in groups:
        box = Box.enclosing([bar.box for bar in group])
        thick = group[0].border_width >= THICK_STROKE_RATIO * typical
        colour = group[0].border or INK
        if thick and len(group) <= HEADING_MAX_BARS:
            size = max(HEADING_MIN_SIZE, round(HEADING_SIZE_RATIO * body))
            text, size = _placeholder(box.w, size, first="Heading", bold=True)
            style = Style(font_size=size, font_weight=700, colour=colour)
            elements.append(Element(Kind.HEADING, box, text=text, style=style, level=2))
        elif len(group) == 1 and box.w < LABEL_MAX_WIDTH:
            text, size = _placeholder(box.w, body, first="Label")
            elements.append(Element(Kind.LABEL, box, text=text, style=Style(font_size=size, colour=colour)))
        else:
            fitted = [_placeholder(bar.box.w, body) for bar in group]
            size = min(size for _, size in fitted)
            pitch = (
                max(round(box.h / len(group)), round(LINE_HEIGHT_RATIO * size)) if len(group) > 1 else None
            )
            style = Style(font_size=size, line_height=pitch, colour=colour)
            elements.append(Element(Kind.PARAGRAPH, box, text="\n".join(t for t, _ in fitted), style=style))
    return elements


def _placeholder(width: int, size: int, first: str = "", bold: bool = False) -> tuple[str, int]:
    """Neutral words about ``width`` px long, and the size (at most ``size``) at which they fit."""
    words = [first] if first else [PLACEHOLDER_WORDS[0]]
    index = 0 if first else 1
    while True:
        candidate = [*words, PLACEHOLDER_WORDS[index % len(PLACEHOLDER_WORDS)]]
        if text_width(" ".join(candidate), size, bold) > width:
            break
        words = candidate
        index += 1
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    natural = text_width(text, size, bold)
    if natural > width:  # even one word is too wide for the bar: set it smaller
        size = max(MIN_FONT_SIZE, int(size * width / natural))
    return text, size
