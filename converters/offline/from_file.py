"""Detect, for a vector file with live text: the ``Detection`` built from what the file says.

The texts and shapes an SVG or PDF holds (``VectorFacts``, CSS px) become the same ``TextLine``s
and ``Shape``s OCR and computer vision would have found, with exact words, colours and boxes and
the exact font size and weight (``TextLine.size``/``weight``), so classify, layout and emit run
unchanged. What pixel detection would not see is left out the same way: the page's own background,
shapes painted in the colour behind them, a text's underline. A fill and an outline drawn as two
shapes over one box (as browsers print a bordered box) become one bordered box. A line with a list
marker before it (a disc, a square, a bullet character) is marked as an item
(``TextLine.item``), so the paragraph rules start a new one there.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from PIL import Image

from converters.intake.vector import Colour, Rect, TextRun, VectorFacts, VectorShape
from converters.offline.model import Box, Detection, Shape, ShapeKind, Span, TextLine
from converters.offline.shapes.page import colour_mode
from converters.offline.vector_lines import joined_lines
from converters.palette import rgb_distance

PAGE_SHARE: Final = 0.98
"""A fill this close to the page's size on both sides is the page's background."""
THIN: Final = 4
"""A shape at most this thick (px) and three times as long is a divider."""
ICON_MAX: Final = 32
"""A path no larger than this (px) on both sides is an icon."""
CONTROL_MIN, CONTROL_MAX = 10, 24
"""Sides (px) of an outlined square or circle read as a checkbox or radio button."""
SAME_BOX: Final = 2.5
"""Edges this close (px) make a fill and an outline one bordered box."""
UNDERLINE_BELOW: Final = 0.35
"""An underline lies within this share of the font size below a text's box."""
DASH_MAX: Final = 12
"""Longest piece (px) of a dotted or dashed line: dots are the line's width, dashes a few times it."""
DASH_GAP: Final = 6
"""Widest gap (px) between the dots or dashes of one line: a dot's width or two."""
EDGE: Final = 0.5
"""px by which the pieces of one dotted line may stand out of line (their boxes are exact)."""
INVISIBLE: Final = 6.0
"""RGB distance below which a fill does not stand out from what is behind it."""
MARKER_EM: Final = 0.6
"""Largest side (em of the text after it) of a list marker: a disc or square is 0.3-0.4 em."""
MARKER_GAP_EM: Final = 2.0
"""Widest space (em) between a list marker and its item's text: an outside marker stands about
half an em before it, a bullet set in a column of its own an em or two."""
BULLETS: Final = frozenset("•◦‣⁃∙●○■□▪▫◆◇►▸")
"""Characters that mark a list item when a line is nothing else or starts with one."""


def detection_from_facts(facts: VectorFacts, image: Image.Image) -> Detection:
    """The ``Detection`` of a design whose ``facts`` were read from its file; ``image`` (the
    design at CSS px) gives the page colour when no shape paints it."""
    width, height = max(1, round(facts.width)), max(1, round(facts.height))
    background = _page_background(facts, image)
    shapes: list[tuple[VectorShape, Colour]] = []  # each with the colour behind it
    for shape in _merged(facts.shapes):
        behind = _behind(shape.box, shapes, background)
        if (
            shape.fill is not None
            and shape.box.w >= PAGE_SHARE * facts.width
            and shape.box.h >= PAGE_SHARE * facts.height
        ):
            background = shape.fill
            shapes.clear()  # everything before it is covered
            continue
        if _invisible(shape, behind) or _underline(shape, facts.texts):
            continue
        shapes.append((shape, behind))
    read = [
        line
        for line in joined_lines(facts.texts, lambda run: _ground(run.box, shapes))
        if line.run.text.strip() and line.run.box.w > 0 and line.run.box.h > 0
    ]
    markers = _markers([line.run for line in read], shapes)
    lines = tuple(
        TextLine(
            text=line.run.text,
            box=_box(line.run.box),
            colour=line.run.colour,
            background=_behind(line.run.box, shapes, background),
            size=line.run.font_size,
            weight=line.run.font_weight,
            spans=tuple(Span(part.text, colour=part.colour) for part in line.parts),
            item=_item(line.run, markers),
        )
        for line in read
    )
    return Detection(
        width=width,
        height=height,
        background=background,
        lines=lines,
        shapes=tuple(_shape(shape, image, facts.texts) for shape, _ in shapes),
        warnings=facts.notes,
    )


def _page_background(facts: VectorFacts, image: Image.Image) -> Colour:
    """The colour most of the picture's edge shows (the canvas behind the first shape)."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    return colour_mode(np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]]))[0]


def _merged(shapes: tuple[VectorShape, ...]) -> list[VectorShape]:
    """Shapes in paint order, an outline drawn right after a fill of the same box joined to it,
    and the dots or dashes of a dotted or dashed line (a browser prints each) joined into it."""
    merged: list[VectorShape] = []
    for shape in shapes:
        last = merged[-1] if merged else None
        if last is not None and _dash_after(last, shape):
            box = Rect(last.box.x, last.box.y, shape.box.right - last.box.x, shape.box.bottom - last.box.y)
            merged[-1] = VectorShape("rect", box, last.fill)
            continue
        if (
            last is not None
            and last.stroke is None
            and shape.fill is None
            and shape.stroke is not None
            and _same_box(last.box, shape.box)
        ):
            merged[-1] = VectorShape(
                last.kind,
                last.box,
                last.fill,
                shape.stroke,
                shape.stroke_width,
                max(last.radius, shape.radius),
            )
            continue
        if shape.stroke is not None and shape.stroke == shape.fill:
            shape = VectorShape(shape.kind, shape.box, shape.fill, None, 0.0, shape.radius)
        merged.append(shape)
    return merged


def _dash_after(line: VectorShape, dash: VectorShape) -> bool:
    """Whether ``dash`` continues the dotted or dashed ``line`` (dots or dashes so far): a fill
    of its colour and thickness, at most ``DASH_GAP`` px further along its axis."""
    if dash.stroke is not None or line.stroke is not None or dash.fill is None or dash.fill != line.fill:
        return False
    a, b = line.box, dash.box
    if max(b.w, b.h) > DASH_MAX or min(b.w, b.h) > THIN:
        return False
    piece = max(a.w, a.h) <= DASH_MAX  # the line so far is one dot: it may run either way
    along_x = abs(a.y - b.y) <= EDGE and abs(a.h - b.h) <= EDGE and 0 <= b.x - a.right <= DASH_GAP
    along_y = abs(a.x - b.x) <= EDGE and abs(a.w - b.w) <= EDGE and 0 <= b.y - a.bottom <= DASH_GAP
    return (along_x and (piece or a.w > a.h)) or (along_y and (piece or a.h > a.w))


def _same_box(a: Rect, b: Rect) -> bool:
    return (
        abs(a.x - b.x) <= SAME_BOX
        and abs(a.y - b.y) <= SAME_BOX
        and abs(a.right - b.right) <= SAME_BOX
        and abs(a.bottom - b.bottom) <= SAME_BOX
    )


def _behind(box: Rect, shapes: list[tuple[VectorShape, Colour]], background: Colour) -> Colour:
    """The fill of the last shape painted before that holds ``box``'s centre, else the page's."""
    for shape, _ in reversed(shapes):
        if (
            _centre_in(box, shape.box)
            and shape.fill is not None
            and shape.kind in ("rect", "ellipse", "path")
        ):
            return shape.fill
    return background


def _markers(runs: list[TextRun], shapes: list[tuple[VectorShape, Colour]]) -> list[Rect]:
    """What may mark a list item: discs and squares no larger than a marker of the page's largest
    type (``MARKER_EM``), and lines of bullets alone (a glyph's box is its line's height: its
    character says what it is)."""
    largest = MARKER_EM * max((run.font_size for run in runs), default=0.0)
    small = [
        shape.box
        for shape, _ in shapes
        if shape.kind in ("ellipse", "rect") and max(shape.box.w, shape.box.h) <= largest
    ]
    bullets = [run.box for run in runs if set(run.text.replace(" ", "")) <= BULLETS]
    return small + [Rect(box.right, box.y + box.h / 2, 0.0, 0.0) for box in bullets]  # its edge


def _item(run: TextRun, markers: list[Rect]) -> bool:
    """Whether a list marker stands before ``run``: it starts with a bullet, or a marker no
    larger than ``MARKER_EM`` lies left of it within ``MARKER_GAP_EM``, its middle within the
    line's height."""
    if run.text.strip()[:1] in BULLETS:
        return True
    em = run.font_size or 1.0
    return any(
        max(box.w, box.h) <= MARKER_EM * em
        and 0 <= run.box.x - box.right <= MARKER_GAP_EM * em
        and run.box.y <= box.y + box.h / 2 <= run.box.bottom
        for box in markers
    )


def _ground(box: Rect, shapes: list[tuple[VectorShape, Colour]]) -> int:
    """Which shape ``box`` is painted on: the index of the last one painted that holds its
    centre, -1 for the page (a badge's text is on its fill, the words beside it are not)."""
    for index in range(len(shapes) - 1, -1, -1):
        if _centre_in(box, shapes[index][0].box):
            return index
    return -1


def _invisible(shape: VectorShape, behind: Colour) -> bool:
    """A fill in the colour behind it, with no outline: pixels would show nothing there."""
    if shape.kind == "image" or shape.stroke is not None:
        return False
    return shape.fill is None or rgb_distance(shape.fill, behind) <= INVISIBLE


def _underline(shape: VectorShape, texts: tuple[TextRun, ...]) -> bool:
    """A thin fill in a text's colour just under it: the text's decoration, not a divider."""
    if shape.fill is None or shape.box.h > THIN:
        return False
    for run in texts:
        if (
            run.colour == shape.fill
            and run.box.x - 1 <= shape.box.x
            and shape.box.right <= run.box.right + 1
            and run.box.bottom - UNDERLINE_BELOW * run.font_size
            <= shape.box.y
            <= run.box.bottom + UNDERLINE_BELOW * run.font_size
        ):
            return True
    return False


def _centre_in(inner: Rect, outer: Rect) -> bool:
    cx, cy = inner.x + inner.w / 2, inner.y + inner.h / 2
    return outer.x <= cx <= outer.right and outer.y <= cy <= outer.bottom


def _mean_colour(image: Image.Image, box: Box) -> Colour | None:
    """The mean colour of ``box`` in the design's picture (``None`` when it lies outside)."""
    crop = image.crop((box.x, box.y, min(image.width, box.right), min(image.height, box.bottom)))
    if crop.width <= 0 or crop.height <= 0:
        return None
    pixels = np.asarray(crop.convert("RGB"), dtype=np.float64).reshape(-1, 3)
    red, green, blue = (round(float(value)) for value in pixels.mean(axis=0))
    return red, green, blue


def _box(rect: Rect) -> Box:
    x, y = round(rect.x), round(rect.y)
    return Box(x, y, max(1, round(rect.right) - x), max(1, round(rect.bottom) - y))


def _shape(shape: VectorShape, image: Image.Image, texts: tuple[TextRun, ...]) -> Shape:
    box = _box(shape.box)
    border_width = max(1, round(shape.stroke_width)) if shape.stroke is not None else 0
    radius = round(shape.radius)
    if shape.kind == "image":  # its mean colour stands in for it, as pixel detection gives it
        colour = _mean_colour(image, box)
        if any(_centre_in(run.box, shape.box) for run in texts):
            return Shape("fill", box, fill=colour)  # text over a picture: a band of its colour
        return Shape("image", box, fill=colour)
    thin, long = min(box.w, box.h), max(box.w, box.h)
    if shape.kind == "line" or (thin <= THIN and long >= 3 * thin):
        return Shape("divider", box, fill=shape.fill or shape.stroke)
    kind: ShapeKind = "box" if shape.stroke is not None else "fill"
    square = CONTROL_MIN <= box.w <= CONTROL_MAX and abs(box.w - box.h) <= 2
    if square and shape.stroke is not None and shape.kind == "ellipse":
        kind = "radio"
    elif square and shape.stroke is not None and shape.kind == "rect" and radius <= box.w // 4:
        kind = "checkbox"
    elif shape.kind == "path" and long <= ICON_MAX:
        kind = "icon"
    return Shape(kind, box, fill=shape.fill, border=shape.stroke, border_width=border_width, radius=radius)
