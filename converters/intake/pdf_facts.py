"""A PDF page's text layer and painted shapes, as ``VectorFacts`` in CSS px.

Text comes from PDFium's text page, character by character (``FPDFText_*`` through
``pypdfium2.raw``: the helpers give no font, size or colour): characters on one line in one style
make a run; a run's box is the union of the characters' loose boxes (the font's ascent to
descent, as a browser's text boxes are). Weight comes from the font's name ("Inter-SemiBold"),
which every exporter keeps; PDFium's own weight is the font descriptor's and often wrong.
Rotated characters are skipped (and counted in the notes); icon-font glyphs become icons, and
ballot boxes or radio circles set as characters the controls they picture. Shapes come from the
page's objects, form XObjects included (their matrices composed): filled or stroked paths with
their colours, stroke widths and corner radii, and images. Must be called with the PDFium lock
held.
"""

from __future__ import annotations

import ctypes
import math
import statistics
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from converters.intake.pdf_shadows import Cover, object_key, text_over_shadows
from converters.intake.vector import (
    IDENTITY,
    Colour,
    Matrix,
    Rect,
    ShapeKind,
    TextRun,
    VectorFacts,
    VectorShape,
    apply,
    multiply,
    weight_from_name,
)

MAX_CHARS: Final = 100_000
"""Characters read from one page: a design has a few thousand; beyond this it is a document."""
MAX_OBJECTS: Final = 20_000
"""Page objects looked at (forms included): a design's page has hundreds."""
MAX_FORM_DEPTH: Final = 8
"""Nesting of form XObjects followed: exporters nest two or three."""
RUN_GAP_EM: Final = 0.9
"""A horizontal gap wider than this (em) between two characters of a line starts a new run
(columns, table cells); a space is about 0.3 em."""
WORD_GAP_EM: Final = 0.14
"""A gap between two characters wider than the run's usual gap by this much (em) is a space:
a space is 0.25-0.32 em wide, less a glyph's overhang ("of similar": 0.17 em); the usual gap
takes letter spacing out ("TEAM" spaced 1.5 px: 0.12 em between its letters)."""
SHADOW_EM: Final = 0.25
"""The same character drawn again within this (em) across and down is its shadow, not text."""
SHADOW_LOOKBACK: Final = 8
"""Earlier copies of a character looked at for its shadow: a run drawn twice repeats a word."""
LINE_SHIFT: Final = 0.5
"""A character whose middle is this share of the run's height above or below the run's middle
starts a new line (superscripts stay within it)."""
ROTATED: Final = 0.01
"""Radians of slant beyond which a character counts as rotated."""
CONTROL_GLYPHS: Final[Mapping[str, ShapeKind]] = MappingProxyType(
    {"☐": "rect", "☑": "rect", "☒": "rect", "⚪": "ellipse", "⚫": "ellipse", "◉": "ellipse"}
)
"""Characters that picture a form control (a page draws its checkboxes and radios with them,
say as a label's ``::before``): the control, not text."""
_FONT_NAME_BYTES: Final = 256
_BREAK_HYPHEN: Final = 0x02
"""What PDFium gives for a hyphen at the end of a line (its "soft hyphen" mark)."""
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
_ToCss = Callable[[float, float], tuple[float, float]]
"""Page space (points, y up) to CSS px (y down)."""
_FILL_NONE = 0


@dataclass
class _Run:
    chars: list[str]
    left: float
    top: float
    right: float
    bottom: float
    style: tuple[str, float, int, Colour, bool]
    gaps: list[float] = field(default_factory=list)
    """Before each character but the first, the gap from the one before, in em."""


def read_pdf_facts(page: pdfium.PdfPage, px_per_pt: float) -> VectorFacts:
    """The texts and shapes of ``page``, with ``px_per_pt`` CSS px per point."""
    left, bottom, right, top = page.get_bbox()
    width, height = (right - left) * px_per_pt, (top - bottom) * px_per_pt

    def to_css(x: float, y: float) -> tuple[float, float]:
        return (x - left) * px_per_pt, (top - y) * px_per_pt

    notes: list[str] = []
    textpage = page.get_textpage()
    try:
        covers = text_over_shadows(page.raw, textpage.raw, MAX_OBJECTS)
        texts, icons, rotated = _texts(textpage, to_css, px_per_pt, covers)
    finally:
        textpage.close()
    if rotated:
        notes.append(f"Skipped {rotated:,} rotated character(s): only horizontal text is read from the file.")
    shapes, capped = _shapes(page, to_css, px_per_pt, width, height)
    if capped:
        notes.append(f"Read only the first {MAX_OBJECTS:,} objects of the page.")
    # Icon-font glyphs paint over what is behind them: after the page's shapes.
    return VectorFacts("pdf", width, height, tuple(texts), (*shapes, *icons), tuple(notes))


@dataclass(frozen=True)
class _Glyph:
    char: str
    left: float
    top: float
    right: float
    bottom: float
    style: tuple[str, float, int, Colour, bool]


def _texts(
    textpage: pdfium.PdfTextPage, to_css: _ToCss, px_per_pt: float, covers: dict[int, Cover]
) -> tuple[list[TextRun], list[VectorShape], int]:
    """The page's text runs, its icon-font glyphs as shapes, and how many rotated characters
    were skipped; ``covers``: text painted over a shadow the text page read instead."""
    every, rotated = _glyphs(textpage, to_css, px_per_pt, covers)
    glyphs = [glyph for glyph in every if not _icon_glyph(glyph.char) and glyph.char not in CONTROL_GLYPHS]
    icons = [  # as outlines: a glyph's strokes miss most of its box, where a fill is checked
        VectorShape("path", Rect(g.left, g.top, g.right - g.left, g.bottom - g.top), stroke=g.style[3])
        for g in every
        if _icon_glyph(g.char) and g.right > g.left and g.bottom > g.top
    ]
    icons += [
        _control(g) for g in every if g.char in CONTROL_GLYPHS and g.right > g.left and g.bottom > g.top
    ]
    runs: list[_Run] = []
    current: _Run | None = None
    for glyph in _without_shadows(glyphs):
        size = glyph.style[1]
        gap = glyph.left - current.right if current is not None else 0.0
        if (
            current is None
            or glyph.style != current.style
            or gap > RUN_GAP_EM * size
            or gap < -size  # the line went back: another column or a new line without a break
            or abs((glyph.top + glyph.bottom) / 2 - (current.top + current.bottom) / 2)
            > LINE_SHIFT * (current.bottom - current.top)
        ):
            current = _Run([], glyph.left, glyph.top, glyph.right, glyph.bottom, glyph.style)
            runs.append(current)
        else:
            current.gaps.append(gap / size if size > 0 else 0.0)
        current.chars.append(glyph.char)
        current.left, current.top = min(current.left, glyph.left), min(current.top, glyph.top)
        current.right, current.bottom = max(current.right, glyph.right), max(current.bottom, glyph.bottom)
    return [_text_run(run) for run in runs if "".join(run.chars).strip()], icons, rotated


def _control(glyph: _Glyph) -> VectorShape:
    """A ballot box or a radio's circle drawn as a character, as the outlined square or circle
    it depicts: a square of the glyph's width, level with its middle."""
    side = min(glyph.right - glyph.left, glyph.bottom - glyph.top)
    top = (glyph.top + glyph.bottom - side) / 2
    box = Rect(glyph.left, top, side, side)
    return VectorShape(CONTROL_GLYPHS[glyph.char], box, stroke=glyph.style[3], stroke_width=1.0)


def _icon_glyph(char: str) -> bool:
    """Whether ``char`` is in a Private Use Area, where icon fonts (Font Awesome, icomoon) put
    their pictures: a picture of an icon, not text."""
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def _glyphs(
    textpage: pdfium.PdfTextPage, to_css: _ToCss, px_per_pt: float, covers: dict[int, Cover]
) -> tuple[list[_Glyph], int]:
    """The page's drawn characters in drawing order (no generated spaces or breaks), and how
    many rotated ones were skipped; a shadow's character with the text over it (``covers``) is
    read as that text, in its colour and place."""
    raw = textpage.raw
    count = min(pdfium_c.FPDFText_CountChars(raw), MAX_CHARS)
    glyphs: list[_Glyph] = []
    rotated = 0
    name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    flags = ctypes.c_int()
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    channels = [ctypes.c_uint() for _ in range(4)]
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        char = chr(code) if 0 < code < 0x110000 else ""
        if code == _BREAK_HYPHEN:  # a hyphen a line broke at ("North-" / "West")
            char = "-"
        if pdfium_c.FPDFText_IsGenerated(raw, index) or not char.strip():
            # Spaces and line breaks come from the geometry: PDFium's own guesses split
            # letter-spaced words, and break lines between glyphs a browser placed one by one.
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
        if abs(angle) > ROTATED and not _upright(angle):
            rotated += 1
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        cover = covers.get(object_key(pdfium_c.FPDFText_GetTextObject(raw, index))) if covers else None
        dx, dy = (cover.dx, cover.dy) if cover is not None else (0.0, 0.0)
        x0, y0 = to_css(box.left + dx, box.top + dy)
        x1, y1 = to_css(box.right + dx, box.bottom + dy)
        pdfium_c.FPDFText_GetFontInfo(raw, index, name, _FONT_NAME_BYTES, flags)
        font = name.value.decode("latin-1", "replace").split("+", 1)[-1]
        # The font size is in text space: the character's matrix scales it to the page.
        pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        size = round(pdfium_c.FPDFText_GetFontSize(raw, index) * scale * px_per_pt, 2)
        pdfium_c.FPDFText_GetFillColor(raw, index, *channels)
        colour = (channels[0].value, channels[1].value, channels[2].value)
        if cover is not None:
            colour = cover.colour
        italic = "italic" in font.lower() or "oblique" in font.lower()
        glyphs.append(
            _Glyph(char, x0, y0, x1, y1, (font, size, weight_from_name(font) or 400, colour, italic))
        )
    return glyphs, rotated


def _without_shadows(glyphs: list[_Glyph]) -> list[_Glyph]:
    """The glyphs without their shadows' copies: a text shadow is the same character drawn again
    a little down and right (a browser interleaves them glyph by glyph, or draws the run twice);
    the copy further up and left is the text."""
    kept: list[_Glyph] = []
    recent: dict[tuple[str, float], list[int]] = {}  # (char, size) -> its latest places in kept
    for glyph in glyphs:
        size = glyph.style[1]
        places = recent.setdefault((glyph.char, size), [])
        twin = next((place for place in reversed(places) if _shadowed(kept[place], glyph, size)), None)
        if twin is not None:
            if glyph.left + glyph.top < kept[twin].left + kept[twin].top:
                kept[twin] = glyph
            continue
        places.append(len(kept))
        del places[:-SHADOW_LOOKBACK]
        kept.append(glyph)
    return kept


def _shadowed(one: _Glyph, other: _Glyph, size: float) -> bool:
    """Whether two glyphs of the same character are a text and its shadow: close, apart, and in
    two colours."""
    near = SHADOW_EM * size
    return (
        one.style[3] != other.style[3]  # a shadow has its own colour: "ll" in one colour is two letters
        and abs(one.left - other.left) <= near
        and abs(one.top - other.top) <= near
        and (one.left, one.top) != (other.left, other.top)
    )


def _upright(angle: float) -> bool:
    """Whether ``angle`` (radians) is a whole turn: PDFium reports 2*pi for some upright text."""
    return abs(angle - 2 * math.pi) <= ROTATED


def _text_run(run: _Run) -> TextRun:
    font, size, weight, colour, italic = run.style
    family = font.split("-", 1)[0].split(",", 1)[0]
    usual = statistics.median(run.gaps) if run.gaps else 0.0
    text = run.chars[0] + "".join(
        (" " if gap - usual >= WORD_GAP_EM else "") + char
        for char, gap in zip(run.chars[1:], run.gaps, strict=True)
    )
    return TextRun(
        text=text,
        box=Rect(run.left, run.top, run.right - run.left, run.bottom - run.top),
        font_family=family,
        font_size=size,
        font_weight=weight,
        colour=colour,
        italic=italic,
    )


# --- shapes --------------------------------------------------------------------------------


def _shapes(
    page: pdfium.PdfPage, to_css: _ToCss, px_per_pt: float, width: float, height: float
) -> tuple[list[VectorShape], bool]:
    shapes: list[VectorShape] = []
    seen = 0
    for obj, matrix in _objects(page.raw):
        seen += 1
        if seen > MAX_OBJECTS:
            return shapes, True
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (_PATH, _IMAGE):
            continue
        corners = _bounds(obj, matrix)
        if corners is None:
            continue
        xs, ys = zip(*(to_css(x, y) for x, y in corners), strict=True)
        box = Rect.spanning(list(xs), list(ys))
        clipped = box.clipped(width, height) if box is not None else None
        if clipped is None:
            continue
        if kind == _IMAGE:
            shapes.append(VectorShape("image", clipped))
            continue
        shape = _path(obj, clipped, matrix, to_css, px_per_pt)
        if shape is not None:
            shapes.append(shape)
    return shapes, False


def _objects(page: ctypes.c_void_p) -> Iterator[tuple[ctypes.c_void_p, Matrix]]:
    """Every object of the page with the matrix from its parent form's space to page space."""
    stack: list[tuple[ctypes.c_void_p, int, int, Matrix, bool]] = [
        (page, 0, pdfium_c.FPDFPage_CountObjects(page), IDENTITY, True)
    ]
    while stack:
        parent, index, count, matrix, is_page = stack.pop()
        if index >= count:
            continue
        stack.append((parent, index + 1, count, matrix, is_page))
        obj = (pdfium_c.FPDFPage_GetObject if is_page else pdfium_c.FPDFFormObj_GetObject)(parent, index)
        if not obj:
            continue
        if pdfium_c.FPDFPageObj_GetType(obj) == _FORM:
            if len(stack) <= MAX_FORM_DEPTH:
                own = pdfium_c.FS_MATRIX()
                if pdfium_c.FPDFPageObj_GetMatrix(obj, own):
                    inner = multiply((own.a, own.b, own.c, own.d, own.e, own.f), matrix)
                    stack.append((obj, 0, pdfium_c.FPDFFormObj_CountObjects(obj), inner, False))
            continue
        yield obj, matrix


def _bounds(obj: ctypes.c_void_p, matrix: Matrix) -> list[tuple[float, float]] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    corners = [
        (left.value, bottom.value),
        (right.value, bottom.value),
        (right.value, top.value),
        (left.value, top.value),
    ]
    return [apply(matrix, x, y) for x, y in corners]


def _path(
    obj: ctypes.c_void_p, box: Rect, matrix: Matrix, to_css: _ToCss, px_per_pt: float
) -> VectorShape | None:
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroked):
        return None
    fill = _colour(pdfium_c.FPDFPageObj_GetFillColor, obj) if fill_mode.value != _FILL_NONE else None
    stroke = _colour(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if stroked.value else None
    if fill is None and stroke is None:
        return None  # a clipping or invisible path
    width = 0.0
    if stroke is not None:
        value = ctypes.c_float()
        if pdfium_c.FPDFPageObj_GetStrokeWidth(obj, value):
            scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) or 1.0
            width = round(value.value * scale * px_per_pt, 2)
    kind, radius = _outline(obj, box, matrix, to_css)
    return VectorShape(kind, box, fill, stroke, width, radius)


def _colour(getter: object, obj: ctypes.c_void_p) -> Colour | None:
    """The colour, blended onto white by its alpha; ``None`` when unset or fully transparent."""
    channels = [ctypes.c_uint() for _ in range(4)]
    if not getter(obj, *channels):  # type: ignore[operator]
        return None
    r, g, b, a = (channel.value for channel in channels)
    if a == 0:
        return None
    if a == 255:
        return r, g, b
    alpha = a / 255
    return tuple(round(v * alpha + 255 * (1 - alpha)) for v in (r, g, b))  # type: ignore[return-value]


_LINE, _BEZIER = 0, 1
EDGE_SLACK: Final = 0.75
"""CSS px within which a path's point lies on its box's edge (a corner's control points lie
a few px inside it)."""
MAX_SEGMENTS: Final = 400
"""Path segments looked at for a shape's outline: a rounded rectangle has 9 to 17."""


def _outline(obj: ctypes.c_void_p, box: Rect, matrix: Matrix, to_css: _ToCss) -> tuple[ShapeKind, float]:
    """What the path outlines: a rectangle (with its corner radius), an ellipse or another path."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 0 or count > MAX_SEGMENTS:
        return "path", 0.0
    own = pdfium_c.FS_MATRIX()
    path_matrix = matrix
    if pdfium_c.FPDFPageObj_GetMatrix(obj, own):
        path_matrix = multiply((own.a, own.b, own.c, own.d, own.e, own.f), matrix)
    points: list[tuple[float, float]] = []
    straight: list[tuple[float, float]] = []  # the ends of lines, and moves: not a corner's inside
    curves = lines = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        curves += kind == _BEZIER
        lines += kind == _LINE
        if pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            points.append(to_css(*apply(path_matrix, x.value, y.value)))
            if kind == _LINE and len(points) > 1:
                straight.append(points[-2])  # a line starts where the segment before it ended
            if kind != _BEZIER:
                straight.append(points[-1])
    if not points:
        return "path", 0.0

    def on_edges(found: list[tuple[float, float]]) -> bool:
        return all(
            min(abs(px - box.x), abs(px - box.right), abs(py - box.y), abs(py - box.bottom)) <= EDGE_SLACK
            for px, py in found
        )

    if curves == 0 and lines <= 5 and on_edges(points):
        return "rect", 0.0
    if curves >= 4 and lines == 0 and (count <= 14 or abs(box.w - box.h) <= 1):
        return "ellipse", min(box.w, box.h) / 2  # Skia draws a circle's quarters in many pieces
    if curves >= 4 and lines >= 2 and on_edges(straight):
        # A rounded rectangle: its sides are lines on the box's edges, its corners curves (one
        # each, or many small ones as Skia draws them); a side starts where its corner ends.
        top = [px for px, py in straight if abs(py - box.y) <= EDGE_SLACK]
        radius = (min(top) - box.x) if top else 0.0
        return "rect", round(max(0.0, min(radius, min(box.w, box.h) / 2)), 2)
    return "path", 0.0
