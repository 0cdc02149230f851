"""Classify: turn what detect found (text lines, shapes) into typed elements.

Rules, in order (each consumes what it uses, so nothing is emitted twice):

1. Shapes that hold one row of text or none and are control-sized become controls
   (``converters.offline.controls``): a filled or outlined box with its text centred is a button;
   an outlined box with text at its left (a placeholder) or empty, 20-70 px tall and at least
   three times as wide, is a text input; a taller empty outlined box is a textarea, up to 80 px as
   it is, taller under or beside a label (``converters.offline.textarea``: an empty card has
   none). A box with an X, a solid placeholder or a photo is an image (text over an image makes
   the image a section with that colour behind the text).
   Checkbox and radio shapes take the text just right of them as their caption.
2. Shapes holding more become containers: full-width ones at the top are the header, at the
   bottom the footer, other full-width ones sections, the rest cards. Thin fills are dividers.
3. Text lines become text blocks (``converters.offline.text_blocks``): consecutive lines of the
   same size, colour and alignment, close together, are one block. A block is a heading when its
   size stands out from the page's body size (or it is short and bold and a little larger), with
   levels by size rank; a short line in a link colour is a link; other short single lines are
   labels; the rest paragraphs.
4. Wireframe text bars (squiggles, grey bars) become the same kinds, with neutral placeholder
   text of about their length (``converters.offline.text_bars``): a thick or lone-and-first bar is
   a heading, stacked bars a paragraph, a short bar a label.
5. In the header, a row of two or more short texts becomes a nav of links; a nav without a header
   and a copyright line without a footer get one around them.

Geometry is in the detection's pixels (the engine scales designs to CSS px first).
"""

from __future__ import annotations

import colorsys
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from converters.offline.controls import CONTROL_MAX_HEIGHT, control, toggle
from converters.offline.model import Box, Detection, Element, Kind, Shape, Style
from converters.offline.text_bars import text_bars
from converters.offline.text_blocks import body_size, group_lines, heading_levels, line_size, text_element
from converters.offline.textarea import labelled_textarea

TEXT_KINDS: Final = frozenset({Kind.HEADING, Kind.PARAGRAPH, Kind.LABEL, Kind.LINK})
_COPYRIGHT: Final = re.compile(r"©|\(c\)\s*\d{4}|copyright|all rights reserved", re.IGNORECASE)
FULL_WIDTH_SHARE: Final = 0.9
"""Share of the page's width from which a box is full-width (a band: header, section, footer)."""
EDGE_SHARE: Final = 0.02
"""Share of the page's height within which a band touches the page's top or bottom."""
EDGE_SLACK: Final = 4
"""Px added to that, for small pages and a detector's one-pixel frame."""
HEADER_MAX_SHARE: Final = 0.35
"""Largest share of the page's height a header takes: a taller top band is a hero section."""
FOOTER_MAX_SHARE: Final = 0.5
"""Largest share of the page's height a footer takes: a taller bottom band is a section."""
IMAGE_MIN_SIDE: Final = 40
"""Shortest side (px) of a solid fill that stands for a picture: smaller ones are swatches, badges."""
IMAGE_MIN_ASPECT: Final = 0.2
"""Narrowest width per height of a placeholder picture: thinner fills are bars or rules."""
IMAGE_MAX_ASPECT: Final = 5
"""Widest width per height of a placeholder picture: flatter fills are bands or bars."""
IMAGE_MIN_SATURATION: Final = 0.45
"""Least HLS saturation of a placeholder picture's fill: greyer fills are card backgrounds."""
IMAGE_MIN_LIGHTNESS: Final = 0.15
"""Least HLS lightness of a placeholder picture's fill: darker fills are dark bands."""
IMAGE_MAX_LIGHTNESS: Final = 0.85
"""Most HLS lightness of a placeholder picture's fill: paler fills are tinted panels."""
NAV_BAND_HEIGHT: Final = 120
"""Height (px) of the top band searched for a nav on a page without a header."""
NAV_BAND_SLACK: Final = 2
"""Px a nav item may stick out of its band (a header drawn tight around its links)."""
NAV_ITEM_CHARS: Final = 24
"""Longest nav item (characters): longer text in the header is a tagline, not a link."""
NAV_ROW_SHARE: Final = 0.6
"""Nav items' centres are within this share of an item's height of one another (one row)."""
NAV_MIN_ITEMS: Final = 3
"""Short texts in a row of the top band from which the row is a nav."""
NAV_MIN_ITEMS_IN_HEADER: Final = 2
"""The same in a detected header, where a row of two is already a nav."""
BRAND_GAP_RATIO: Final = 3
"""Times the widest gap between the other items the brand's gap is, when it stands apart."""
COPYRIGHT_MIN_TOP: Final = 0.6
"""Share of the page's height below which a copyright line starts a footer (one above is prose)."""


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
    sizes = {id(line): line_size(line) for line in lines}
    body = body_size(lines, sizes)
    elements: list[Element] = []
    used: set[int] = set()  # ids of lines consumed by controls and captions
    containers: list[Shape] = []

    for shape in shapes:
        inside = [line for line in lines if id(line) not in used and shape.box.holds_centre(line.box)]
        made = control(shape, inside, sizes, page)
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
            element, caption = toggle(shape, [line for line in lines if id(line) not in used], sizes)
            if caption is not None:
                used.add(id(caption))
            elements.append(element)

    container_boxes = [shape.box for shape in containers]
    free = [line for line in lines if id(line) not in used]
    innermost = {id(line): _smallest_container(line.box, container_boxes) for line in free}
    blocks = group_lines(free, sizes, innermost)
    levels = heading_levels(blocks, body)
    for block in blocks:
        elements.append(text_element(block, body, levels, detection.background))

    elements.extend(text_bars([s for s in detection.shapes if s.kind == "text_bar"], body))

    for shape in containers:
        holds = any(shape.box.holds_centre(e.box) and e.box.area < shape.box.area for e in elements)
        if not holds and _placeholder_fill(shape, page):
            elements.append(Element(Kind.IMAGE, shape.box, text="Image", style=Style(background=shape.fill)))
        else:
            elements.append(_container(shape, page))

    elements = _landmarks(_navs(elements, page), page)
    elements.sort(key=lambda e: (e.box.y, e.box.x, -e.box.area))
    return Classified(tuple(elements), body, detection.warnings)


# --- containers -----------------------------------------------------------------------------


def _placeholder_fill(shape: Shape, page: Box) -> bool:
    """An empty, saturated, picture-sized block stands for an image (mockups' solid placeholders)."""
    box, fill = shape.box, shape.fill
    if (
        fill is None
        or box.w >= FULL_WIDTH_SHARE * page.w
        or min(box.w, box.h) < IMAGE_MIN_SIDE
        or not IMAGE_MIN_ASPECT <= box.w / box.h <= IMAGE_MAX_ASPECT
    ):
        return False
    _, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in fill))
    return saturation > IMAGE_MIN_SATURATION and IMAGE_MIN_LIGHTNESS < lightness < IMAGE_MAX_LIGHTNESS


def _container(shape: Shape, page: Box) -> Element:
    style = Style(
        background=shape.fill, border=shape.border, border_width=shape.border_width, radius=shape.radius
    )
    return Element(band_kind(shape.box, page, top_level=True), shape.box, style=style)


def band_kind(box: Box, page: Box, *, top_level: bool) -> Kind:
    """A painted box's kind by where it is: a full-width band at the page's top or bottom is its
    header or footer (only ``top_level``: a band inside another region is a section), another
    band a section, anything narrower a card. Figma frames are judged by it too."""
    wide = box.w >= FULL_WIDTH_SHARE * page.w
    if not wide:
        return Kind.CARD
    if top_level and box.y <= EDGE_SHARE * page.h + EDGE_SLACK and box.h < HEADER_MAX_SHARE * page.h:
        return Kind.HEADER
    if (
        top_level
        and box.bottom >= page.bottom - EDGE_SHARE * page.h - EDGE_SLACK
        and box.h < FOOTER_MAX_SHARE * page.h
    ):
        return Kind.FOOTER
    return Kind.SECTION


# --- navigation -----------------------------------------------------------------------------


def _navs(elements: list[Element], page: Box) -> list[Element]:
    """In the header (or the top band of a page without one), a row of short texts is a nav."""
    headers = [e for e in elements if e.kind is Kind.HEADER]
    band = headers[0].box if headers else Box(0, 0, page.w, min(page.h, NAV_BAND_HEIGHT))
    items = [
        e
        for e in elements
        if e.kind in (Kind.LINK, Kind.LABEL)
        and band.contains(e.box, slack=NAV_BAND_SLACK)
        and len(e.text) <= NAV_ITEM_CHARS
    ]
    rows: dict[int, list[Element]] = {}
    for item in items:
        key = next(
            (k for k in rows if abs(k - item.box.cy) <= item.box.h * NAV_ROW_SHARE), round(item.box.cy)
        )
        rows.setdefault(key, []).append(item)
    best = max(rows.values(), key=len, default=[])
    if len(best) < NAV_MIN_ITEMS and not (headers and len(best) >= NAV_MIN_ITEMS_IN_HEADER):
        return elements
    best.sort(key=lambda e: e.box.x)
    # The brand is the leftmost item when it stands apart from the rest: keep it out of the nav
    # (only when a nav's worth of items is left after it).
    if len(best) >= NAV_MIN_ITEMS_IN_HEADER + 1 and best[1].box.x - best[0].box.right > BRAND_GAP_RATIO * max(
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
        if bottom <= HEADER_MAX_SHARE * page.h and not any(_straddles(e.box, band) for e in elements):
            added.append(Element(Kind.HEADER, band))
    if Kind.FOOTER not in kinds:
        notices = [
            e
            for e in elements
            if e.kind in TEXT_KINDS and _COPYRIGHT.search(e.text) and e.box.y >= COPYRIGHT_MIN_TOP * page.h
        ]
        if notices:
            first = min(notices, key=lambda e: e.box.y).box
            above = [e.box.bottom for e in elements if e.box.bottom <= first.y]
            top = (max(above) + first.y) // 2 if above else first.y
            band = Box(0, top, page.w, page.h - top)
            if band.h <= FOOTER_MAX_SHARE * page.h and not any(_straddles(e.box, band) for e in elements):
                added.append(Element(Kind.FOOTER, band))
    return elements + added


def _straddles(box: Box, band: Box) -> bool:
    """Whether ``box`` lies partly in ``band`` and partly out of it (a region would cut it)."""
    inside = min(box.bottom, band.bottom) - max(box.y, band.y)
    return 0 < inside < box.h


# --- helpers --------------------------------------------------------------------------------


def _smallest_container(box: Box, containers: Sequence[Box]) -> int | None:
    best: int | None = None
    for index, outer in enumerate(containers):
        if outer.holds_centre(box) and (best is None or outer.area < containers[best].area):
            best = index
    return best
