"""Classify: turn what detect found (text lines, shapes) into typed elements.

Rules, in order (each consumes what it uses, so nothing is emitted twice):

1. Shapes that hold one row of text or none and are control-sized become controls: a filled or
   outlined box with its text centred is a button; an outlined box with text at its left (a
   placeholder) or empty, 20-70 px tall and at least three times as wide, is a text input; a
   taller empty outlined box is a textarea, up to 80 px as it is, taller under or beside a
   label (``converters.offline.textarea``: an empty card has none). A box with an X, a solid
   placeholder or a photo is an image (text over an image makes the image a section with that
   colour behind the text).
   Checkbox and radio shapes take the text just right of them as their caption.
2. Shapes holding more become containers: full-width ones at the top are the header, at the
   bottom the footer, other full-width ones sections, the rest cards. Thin fills are dividers.
3. Text lines become text blocks: consecutive lines of the same size, colour and alignment, close
   together, are one block. A block is a heading when its size stands out from the page's body
   size (or it is short and bold and a little larger), with levels by size rank; a short line
   in a link colour is a link; other short single lines are labels; the rest paragraphs.
4. Wireframe text bars (squiggles, grey bars) become the same kinds, with neutral placeholder
   text of about their length: a thick or lone-and-first bar is a heading, stacked bars a
   paragraph, a short bar a label.
5. In the header, a row of two or more short texts becomes a nav of links.

Geometry is in the detection's pixels (the engine scales designs to CSS px first).
"""

from __future__ import annotations

import colorsys
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from converters.offline.model import Box, Colour, Detection, Element, Kind, Shape, Style, TextLine
from converters.offline.paragraphs import (
    colour_counts,
    colour_spans,
    ends_paragraph,
    is_exact,
    paragraph_colour,
)
from converters.offline.style import font_size, is_bold, text_width
from converters.offline.textarea import labelled_textarea

CONTROL_MAX_HEIGHT: Final = 80
"""Tallest box (px) that can still be a button or a one-line input."""
HEADING_RATIO: Final = 1.3
"""A text block this much larger than the body text is a heading."""
SHORT_TEXT: Final = 40
"""Characters up to which a single line is a label, a link or a nav item rather than a paragraph."""
_LOREM: Final = (
    "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco"
)
PLACEHOLDER_WORDS: Final = tuple(_LOREM.split(" "))
TEXT_KINDS: Final = frozenset({Kind.HEADING, Kind.PARAGRAPH, Kind.LABEL, Kind.LINK})
BOLD_WEIGHT: Final = 600
"""A stated font weight from which text reads as bold (semibold and up)."""
_COPYRIGHT: Final = re.compile(r"©|\(c\)\s*\d{4}|copyright|all rights reserved", re.IGNORECASE)


@dataclass
class _Block:
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


@dataclass(frozen=True)
class Classified:
    """Elements in reading order (leaves and containers, flat: layout nests them) and warnings."""

    elements: tuple[Element, ...]
    body_size: int
    warnings: tuple[str, ...] = ()


def classify(detection: Detection) -> Classified:
    """Typed elements for everything ``detection`` holds (see the module docstring for the rules)."""
    page = Box(0, 0, detection.width, detection.height)
    lines = list(detection.lines)
    shapes = sorted(detection.shapes, key=lambda s: (s.box.area, s.box.y, s.box.x))
    sizes = {id(line): _line_size(line) for line in lines}
    body = _body_size(lines, sizes)
    elements: list[Element] = []
    used: set[int] = set()  # ids of lines consumed by controls and captions
    containers: list[Shape] = []

    for shape in shapes:
        inside = [line for line in lines if id(line) not in used and _centre_in(line.box, shape.box)]
        made = _control(shape, inside, sizes, page)
        if made is None and shape.box.h > CONTROL_MAX_HEIGHT:
            textarea = labelled_textarea(shape, inside, lines, detection.shapes)
            made = None if textarea is None else (textarea, [])
        if made is not None:
            element, consumed = made
            elements.append(element)
            used.update(id(line) for line in consumed)
        elif shape.kind in ("box", "fill"):
            containers.append(shape)

    for shape in shapes:
        if shape.kind in ("checkbox", "radio"):
            caption = _caption(shape.box, [line for line in lines if id(line) not in used])
            kind = Kind.CHECKBOX if shape.kind == "checkbox" else Kind.RADIO
            box = shape.box if caption is None else shape.box.union(caption.box)
            text = caption.text if caption else ""
            style = Style(colour=caption.colour) if caption else Style()
            if caption is not None:
                used.add(id(caption))
                style = replace(style, font_size=sizes[id(caption)][0])
            elements.append(Element(kind, box, text=text, style=style, lines=(caption,) if caption else ()))

    container_boxes = [shape.box for shape in containers]
    free = [line for line in lines if id(line) not in used]
    blocks = _group_lines(free, sizes, container_boxes)
    levels = _heading_levels(blocks, body)
    for block in blocks:
        elements.append(_text_element(block, body, levels, detection.background))

    elements.extend(_text_bars([s for s in detection.shapes if s.kind == "text_bar"], body))

    for shape in containers:
        holds = any(_centre_in(e.box, shape.box) and e.box.area < shape.box.area for e in elements)
        if not holds and _placeholder_fill(shape, page):
            elements.append(Element(Kind.IMAGE, shape.box, text="Image", style=Style(background=shape.fill)))
        else:
            elements.append(_container(shape, page))

    elements = _landmarks(_navs(elements, page), page)
    elements.sort(key=lambda e: (e.box.y, e.box.x, -e.box.area))
    return Classified(tuple(elements), body, detection.warnings)


# --- controls -------------------------------------------------------------------------------


def _control(
    shape: Shape, inside: list[TextLine], sizes: dict[int, tuple[int, bool]], page: Box
) -> tuple[Element, list[TextLine]] | None:
    box = shape.box
    if shape.kind == "divider" or (shape.kind == "fill" and min(box.w, box.h) <= 4):
        return Element(Kind.DIVIDER, box, style=Style(background=shape.fill or shape.border)), []
    if shape.kind == "icon":
        return Element(Kind.ICON, box, style=Style(background=shape.fill, colour=shape.border)), []
    if shape.kind == "image":
        if inside:
            return None  # text over a picture: a section with the picture's colour behind the text
        return Element(Kind.IMAGE, box, text="Image", style=Style(background=shape.fill)), []
    if shape.kind not in ("box", "fill") or box.h > CONTROL_MAX_HEIGHT or box.w > 0.6 * page.w:
        return None
    rows = _rows(inside)
    if len(rows) > 1:
        return None
    text = " ".join(line.text for line in inside)
    colour = inside[0].colour if inside else None
    size = sizes[id(inside[0])][0] if inside else None
    style = Style(
        font_size=size,
        font_weight=(inside[0].weight or None) if inside else None,  # stated by a vector file only
        colour=colour,
        background=shape.fill,
        border=shape.border,
        border_width=shape.border_width,
        radius=shape.radius,
        align="center",
    )
    if inside:
        union = Box.enclosing([line.box for line in inside])
        centred = abs(union.cx - box.cx) <= max(6.0, 0.12 * box.w)
        if centred and len(text) <= SHORT_TEXT:
            return Element(Kind.BUTTON, box, text=text, style=style, lines=tuple(inside)), inside
        if shape.border is not None and union.x - box.x < 0.25 * box.w and box.h >= 20 and box.w >= 3 * box.h:
            return (
                Element(
                    Kind.TEXT_INPUT, box, text=text, style=replace(style, align="left"), lines=tuple(inside)
                ),
                inside,
            )
        return None
    if shape.border is not None and 20 <= box.h <= 70 and box.w >= 3 * box.h:
        return Element(Kind.TEXT_INPUT, box, style=replace(style, align="left")), []
    if shape.border is not None and box.h > 70 and box.w >= 1.5 * box.h:
        return Element(Kind.TEXTAREA, box, style=replace(style, align="left")), []
    if shape.fill is not None and box.w <= 2.5 * box.h and box.h <= 48:
        return None  # a small swatch: keep as a decorative container
    return None


def _caption(box: Box, lines: Sequence[TextLine]) -> TextLine | None:
    """The line starting just right of a checkbox/radio, on its row."""
    best: TextLine | None = None
    for line in lines:
        gap = line.box.x - box.right
        same_row = abs(line.box.cy - box.cy) <= max(box.h, line.box.h) * 0.6
        if same_row and -2 <= gap <= max(24, 2 * box.w) and (best is None or line.box.x < best.box.x):
            best = line
    return best


def _placeholder_fill(shape: Shape, page: Box) -> bool:
    """An empty, saturated, picture-sized block stands for an image (mockups' solid placeholders)."""
    box, fill = shape.box, shape.fill
    if fill is None or box.w >= 0.9 * page.w or min(box.w, box.h) < 40 or not 0.2 <= box.w / box.h <= 5:
        return False
    _, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in fill))
    return saturation > 0.45 and 0.15 < lightness < 0.85


def _container(shape: Shape, page: Box) -> Element:
    box = shape.box
    wide = box.w >= 0.9 * page.w
    style = Style(
        background=shape.fill, border=shape.border, border_width=shape.border_width, radius=shape.radius
    )
    if wide and box.y <= 0.02 * page.h + 4 and box.h < 0.35 * page.h:
        return Element(Kind.HEADER, box, style=style)
    if wide and box.bottom >= page.bottom - 0.02 * page.h - 4 and box.h < 0.5 * page.h:
        return Element(Kind.FOOTER, box, style=style)
    if wide:
        return Element(Kind.SECTION, box, style=style)
    return Element(Kind.CARD, box, style=style)


# --- text ----------------------------------------------------------------------------------


def _line_size(line: TextLine) -> tuple[int, bool]:
    if line.size > 0:  # stated by the design's file: exact
        return max(1, round(line.size)), line.weight >= BOLD_WEIGHT
    regular = font_size(line, bold=False)
    bold = is_bold(line, regular)
    return (font_size(line, bold=True) if bold else regular), bold


def _body_size(lines: Sequence[TextLine], sizes: dict[int, tuple[int, bool]]) -> int:
    """The size most characters are set in (the weighted median), 16 without text."""
    weighted = sorted((sizes[id(line)][0], len(line.text)) for line in lines)
    total = sum(w for _, w in weighted)
    if not total:
        return 16
    running = 0
    for size, weight in weighted:
        running += weight
        if running * 2 >= total:
            return size
    return weighted[-1][0]


def _group_lines(
    lines: Sequence[TextLine], sizes: dict[int, tuple[int, bool]], containers: Sequence[Box]
) -> list[_Block]:
    blocks: list[_Block] = []
    for line in sorted(lines, key=lambda item: (item.box.y, item.box.x)):
        size, bold = sizes[id(line)]
        container = _smallest_container(line.box, containers)
        target = None
        for block in reversed(blocks[-6:]):
            if _continues(block, line, size, bold, container):
                target = block
                break
        if target is None:
            blocks.append(_Block([line], size, bold, container, [size]))
        else:
            target.lines.append(line)
            target.sizes.append(size)
            target.size = int(statistics.median(target.sizes))
    return blocks


def _continues(block: _Block, line: TextLine, size: int, bold: bool, container: int | None) -> bool:
    last = block.lines[-1]
    if container != block.container or bold != block.bold:
        return False
    if not 0.8 <= size / max(1, block.size) <= 1.25:
        return False
    gap = line.box.y - last.box.bottom
    if gap < -0.3 * last.box.h or gap > 0.9 * last.box.h:
        return False
    colours, before = (colour_counts(item) for item in (line, last))
    if min(_distance(a, b) for a, _ in colours for b, _ in before) > 60:
        return False
    left = abs(line.box.x - block.box.x) <= max(6, 0.6 * size)
    centred = abs(line.box.cx - block.box.cx) <= max(8, 0.8 * size) and abs(line.box.x - block.box.x) > 0
    # A wrapped line does not end far right of its block (that would be a new column).
    if not ((left or centred) and line.box.x < block.box.right):
        return False
    return not (is_exact(line) and all(map(is_exact, block.lines)) and ends_paragraph(block.lines, line))


def _heading_levels(blocks: Sequence[_Block], body: int) -> dict[int, int]:
    """Heading level by size: the largest heading size is h1, the next h2, ... (at most h6)."""
    heading_sizes = sorted({b.size for b in blocks if _is_heading(b, body)}, reverse=True)
    return {size: min(6, rank + 1) for rank, size in enumerate(heading_sizes)}


def _is_heading(block: _Block, body: int) -> bool:
    text = " ".join(line.text for line in block.lines)
    if len(block.lines) > 3 or len(text) > 120:
        return False
    if block.size >= HEADING_RATIO * body:
        return True
    return block.bold and block.size >= 1.12 * body and len(text) <= 80


def _text_element(block: _Block, body: int, levels: dict[int, int], background: Colour) -> Element:
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


def _weight(block: _Block) -> int:
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


def _alignment(block: _Block) -> Literal["left", "center"] | None:
    if len(block.lines) < 2:
        return None
    lefts = [line.box.x for line in block.lines]
    centres = [line.box.cx for line in block.lines]
    if max(lefts) - min(lefts) <= 4:
        return "left"
    if max(centres) - min(centres) <= 6:
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
        saturation > 0.45
        and 0.2 < lightness < 0.75
        and 0.55 <= hue <= 0.8
        and _distance(colour, background) > 80
    )


# --- wireframe text bars -------------------------------------------------------------------


def _text_bars(bars: Sequence[Shape], body: int) -> list[Element]:
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
                for g in reversed(groups[-4:])
                if abs(bar.box.x - g[-1].box.x) <= max(12, 0.05 * g[-1].box.w)
                and 0 <= bar.box.y - g[-1].box.bottom <= 2.5 * max(g[-1].box.h, 8)
                and abs(bar.border_width - g[-1].border_width) <= 1
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
        thick = group[0].border_width >= 1.6 * typical
        colour = group[0].border or (33, 33, 33)
        if thick and len(group) <= 2:
            text, size = _placeholder(box.w, max(22, round(1.6 * body)), first="Heading", bold=True)
            style = Style(font_size=size, font_weight=700, colour=colour)
            elements.append(Element(Kind.HEADING, box, text=text, style=style, level=2))
        elif len(group) == 1 and box.w < 240:
            text, size = _placeholder(box.w, body, first="Label")
            elements.append(Element(Kind.LABEL, box, text=text, style=Style(font_size=size, colour=colour)))
        else:
            fitted = [_placeholder(bar.box.w, body) for bar in group]
            size = min(size for _, size in fitted)
            pitch = max(round(box.h / len(group)), round(1.3 * size)) if len(group) > 1 else None
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
        size = max(8, int(size * width / natural))
    return text, size


# --- navigation -----------------------------------------------------------------------------


def _navs(elements: list[Element], page: Box) -> list[Element]:
    """In the header (or the top band of a page without one), a row of short texts is a nav."""
    headers = [e for e in elements if e.kind is Kind.HEADER]
    band = headers[0].box if headers else Box(0, 0, page.w, min(page.h, 120))
    items = [
        e
        for e in elements
        if e.kind in (Kind.LINK, Kind.LABEL) and band.contains(e.box, slack=2) and len(e.text) <= 24
    ]
    rows: dict[int, list[Element]] = {}
    for item in items:
        key = next((k for k in rows if abs(k - item.box.cy) <= item.box.h * 0.6), round(item.box.cy))
        rows.setdefault(key, []).append(item)
    best = max(rows.values(), key=len, default=[])
    if len(best) < 3 and not (headers and len(best) >= 2):
        return elements
    best.sort(key=lambda e: e.box.x)
    # The brand is the leftmost item when it stands apart from the rest: keep it out of the nav.
    if len(best) >= 3 and best[1].box.x - best[0].box.right > 3 * max(
        b.box.x - a.box.right for a, b in itertools.pairwise(best)
    ):
        best = best[1:]
    links = {id(e) for e in best}
    nav_box = Box.enclosing([e.box for e in best])
    result = [replace(e, kind=Kind.LINK) if id(e) in links else e for e in elements]
    result.append(Element(Kind.NAV, nav_box))
    return result


def _landmarks(elements: list[Element], page: Box) -> list[Element]:
    """A header around a nav that has none (a white top bar), and a footer around a copyright
    line at the bottom of a page without one: the page regions a screen reader jumps between.

    Each region reaches from the page edge to halfway into the gap that separates it from the
    rest, so nothing outside the band is taken in.
    """
    kinds = {e.kind for e in elements}
    added: list[Element] = []
    navs = [e for e in elements if e.kind is Kind.NAV]
    if Kind.HEADER not in kinds and navs:
        nav = navs[0].box
        below = [e.box.y for e in elements if e.box.y >= nav.bottom and e.kind is not Kind.NAV]
        bottom = (nav.bottom + min(below)) // 2 if below else nav.bottom + nav.y
        band = Box(0, 0, page.w, bottom)
        if bottom <= 0.35 * page.h and not any(_straddles(e.box, band) for e in elements):
            added.append(Element(Kind.HEADER, band))
    if Kind.FOOTER not in kinds:
        notices = [
            e
            for e in elements
            if e.kind in TEXT_KINDS and _COPYRIGHT.search(e.text) and e.box.y >= 0.6 * page.h
        ]
        if notices:
            first = min(notices, key=lambda e: e.box.y).box
            above = [e.box.bottom for e in elements if e.box.bottom <= first.y]
            top = (max(above) + first.y) // 2 if above else first.y
            band = Box(0, top, page.w, page.h - top)
            if band.h <= 0.5 * page.h and not any(_straddles(e.box, band) for e in elements):
                added.append(Element(Kind.FOOTER, band))
    return elements + added


def _straddles(box: Box, band: Box) -> bool:
    """Whether ``box`` lies partly in ``band`` and partly out of it (a region would cut it)."""
    inside = min(box.bottom, band.bottom) - max(box.y, band.y)
    return 0 < inside < box.h


# --- helpers --------------------------------------------------------------------------------


def _rows(lines: Iterable[TextLine]) -> list[list[TextLine]]:
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: item.box.cy):
        if rows and abs(rows[-1][-1].box.cy - line.box.cy) <= 0.5 * max(line.box.h, rows[-1][-1].box.h):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _centre_in(box: Box, outer: Box) -> bool:
    return outer.x <= box.cx <= outer.right and outer.y <= box.cy <= outer.bottom


def _smallest_container(box: Box, containers: Sequence[Box]) -> int | None:
    best: int | None = None
    for index, outer in enumerate(containers):
        if _centre_in(box, outer) and (best is None or outer.area < containers[best].area):
            best = index
    return best


def _distance(a: Colour, b: Colour) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)
