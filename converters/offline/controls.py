"""Classify's control rules: which shapes are dividers, icons, images, buttons, inputs, textareas,
and which text captions a checkbox or radio.

A shape holding one row of text or none, no taller than ``CONTROL_MAX_HEIGHT`` and no wider than
``CONTROL_MAX_PAGE_SHARE`` of the page, is tried as a control: text centred in it makes a button,
text at its left (a placeholder) or none in an outlined box of an input's proportions makes a text
input, an empty outlined box taller than an input a textarea (taller ones than
``CONTROL_MAX_HEIGHT`` are ``converters.offline.textarea``'s). Checkbox and radio shapes take the
text just right of them, on their row, as their caption.

Geometry in the detection's pixels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from converters.offline.model import Box, Element, Kind, Shape, Style, TextLine
from converters.offline.text_blocks import SHORT_TEXT
from converters.offline.textarea import MIN_ASPECT as TEXTAREA_MIN_ASPECT

CONTROL_MAX_HEIGHT: Final = 80
"""Tallest box (px) that can still be a button or a one-line input."""
CONTROL_MAX_PAGE_SHARE: Final = 0.6
"""Share of the page's width beyond which a box with one text is a bar or a panel, not a control."""
DIVIDER_MAX_THICKNESS: Final = 4
"""Thickest fill (px, its smaller side) that is a divider rule rather than a block."""
BUTTON_CENTRE_SLACK: Final = 6.0
"""Px a button's text centre may sit off the box's centre in a small box (detection jitter)."""
BUTTON_CENTRE_SHARE: Final = 0.12
"""Share of the box's width its text centre may sit off centre in a wide box and still be a
button's label; farther off it is a field's placeholder."""
PLACEHOLDER_MAX_INDENT: Final = 0.25
"""Share of the box's width within which a placeholder starts (fields pad their text at the left)."""
INPUT_MIN_HEIGHT: Final = 20
"""Shortest text input (px): lower outlined boxes are tags, chips or underlines."""
INPUT_MAX_HEIGHT: Final = 70
"""Tallest empty one-line input (px): taller empty outlined boxes are textareas."""
INPUT_MIN_ASPECT: Final = 3
"""Width per height a text input has at least: squarer outlined boxes are buttons or cards."""
CAPTION_ROW_SHARE: Final = 0.6
"""A caption's centre is within this share of the taller of it and its box's height (one row)."""
CAPTION_OVERLAP: Final = 2
"""Px a caption may start left of its checkbox's right edge (the two boxes' jitter)."""
CAPTION_MAX_GAP: Final = 24
"""Widest gap (px) between a checkbox and its caption: farther text is a separate label."""
CAPTION_GAP_PER_WIDTH: Final = 2
"""Checkbox widths the caption gap may span for large boxes, when that is more than ``CAPTION_MAX_GAP``."""


def control(
    shape: Shape, inside: list[TextLine], sizes: dict[int, tuple[int, bool]], page: Box
) -> tuple[Element, list[TextLine]] | None:
    """The control ``shape`` is, with the lines it consumes, or ``None`` (a container, maybe).

    ``inside``: the unconsumed lines whose centre is in the shape; ``sizes``: each line's font size
    and boldness by ``id``.
    """
    box = shape.box
    if shape.kind == "divider" or (shape.kind == "fill" and min(box.w, box.h) <= DIVIDER_MAX_THICKNESS):
        return Element(Kind.DIVIDER, box, style=Style(background=shape.fill or shape.border)), []
    if shape.kind == "icon":
        return Element(Kind.ICON, box, style=Style(background=shape.fill, colour=shape.border)), []
    if shape.kind == "image":
        if inside:
            return None  # text over a picture: a section with the picture's colour behind the text
        return Element(Kind.IMAGE, box, text="Image", style=Style(background=shape.fill)), []
    if (
        shape.kind not in ("box", "fill")
        or box.h > CONTROL_MAX_HEIGHT
        or box.w > CONTROL_MAX_PAGE_SHARE * page.w
    ):
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
        centred = abs(union.cx - box.cx) <= max(BUTTON_CENTRE_SLACK, BUTTON_CENTRE_SHARE * box.w)
        if centred and len(text) <= SHORT_TEXT:
            return Element(Kind.BUTTON, box, text=text, style=style, lines=tuple(inside)), inside
        if (
            shape.border is not None
            and union.x - box.x < PLACEHOLDER_MAX_INDENT * box.w
            and box.h >= INPUT_MIN_HEIGHT
            and box.w >= INPUT_MIN_ASPECT * box.h
        ):
            return (
                Element(
                    Kind.TEXT_INPUT, box, text=text, style=replace(style, align="left"), lines=tuple(inside)
                ),
                inside,
            )
        return None
    if (
        shape.border is not None
        and INPUT_MIN_HEIGHT <= box.h <= INPUT_MAX_HEIGHT
        and box.w >= INPUT_MIN_ASPECT * box.h
    ):
        return Element(Kind.TEXT_INPUT, box, style=replace(style, align="left")), []
    if shape.border is not None and box.h > INPUT_MAX_HEIGHT and box.w >= TEXTAREA_MIN_ASPECT * box.h:
        return Element(Kind.TEXTAREA, box, style=replace(style, align="left")), []
    return None  # an empty fill (a swatch, a bar): a decorative container


def toggle(
    shape: Shape, lines: Sequence[TextLine], sizes: dict[int, tuple[int, bool]]
) -> tuple[Element, TextLine | None]:
    """The checkbox or radio ``shape`` is, with its caption among ``lines`` (the unconsumed ones)."""
    caption = _caption(shape.box, lines)
    kind = Kind.CHECKBOX if shape.kind == "checkbox" else Kind.RADIO
    box = shape.box if caption is None else shape.box.union(caption.box)
    text = caption.text if caption else ""
    style = Style(colour=caption.colour) if caption else Style()
    if caption is not None:
        style = replace(style, font_size=sizes[id(caption)][0])
    return Element(kind, box, text=text, style=style, lines=(caption,) if caption else ()), caption


def _caption(box: Box, lines: Sequence[TextLine]) -> TextLine | None:
    """The line starting just right of a checkbox/radio, on its row."""
    best: TextLine | None = None
    for line in lines:
        gap = line.box.x - box.right
        same_row = abs(line.box.cy - box.cy) <= max(box.h, line.box.h) * CAPTION_ROW_SHARE
        near = -CAPTION_OVERLAP <= gap <= max(CAPTION_MAX_GAP, CAPTION_GAP_PER_WIDTH * box.w)
        if same_row and near and (best is None or line.box.x < best.box.x):
            best = line
    return best


def _rows(lines: Iterable[TextLine]) -> list[list[TextLine]]:
    """``lines`` in rows: a line is on the previous one's row when their centres are closer than
    half the taller one's height."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: item.box.cy):
        if rows and abs(rows[-1][-1].box.cy - line.box.cy) <= 0.5 * max(line.box.h, rows[-1][-1].box.h):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows
