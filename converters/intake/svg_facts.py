"""An SVG's live text and painted shapes, as ``VectorFacts`` in CSS px.

Reads the tree defusedxml already parsed (``converters.intake.svg``: no entities, no external
references, no network), walking it once with each element's transform (the viewBox's, groups'
and its own), its inherited presentation attributes, ``style`` attribute and simple ``<style>``
rules. Text: each ``<text>``, and each ``<tspan>`` placed with its own ``x``/``y``, starts a run;
its box is measured with DejaVu Sans (the face fontconfig gives sans-serif here, as cairosvg draws
it). Text under a rotating or skewing transform is skipped and counted. ``<use>`` of an element
in the same file is followed (a ``<symbol>`` fitted to the ``<use>``'s box), as cairosvg draws it:
Sketch and Illustrator exports repeat their symbols and icons that way. References to other files,
to a missing id or around a cycle are not (a note counts them); neither are ``<defs>`` themselves,
masks, patterns or ``<foreignObject>``. Every walk is bounded: ``MAX_ELEMENTS`` elements (each
``<use>``'s copy counts again), ``MAX_DEPTH`` levels, ``MAX_TEXT_CHARS`` characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element

from PIL import ImageFont

from converters.intake import svg_style as css
from converters.intake.svg_shapes import fraction, local_name, on_page, paint, shape_of
from converters.intake.vector import Rect, TextRun, VectorFacts, VectorShape

MAX_ELEMENTS: Final = 20_000
"""Elements walked: a design frame has hundreds to a few thousand."""
MAX_DEPTH: Final = 64
"""Nesting followed: exporters nest a dozen groups at most."""
MAX_TEXT_CHARS: Final = 100_000
"""Characters of text read: a long landing page has ten thousand."""
DEFAULT_FONT_SIZE: Final = 16.0
"""CSS px, a browser's and cairosvg's default."""
_SKIPPED: Final = frozenset(
    {
        "defs", "symbol", "clipPath", "mask", "pattern", "marker", "linearGradient",
        "radialGradient", "style", "script", "title", "desc", "metadata", "foreignObject", "filter",
    }
)  # fmt: skip
_FONT_DIRS: Final = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_MEASURE_SIZE: Final = 100
"""Size (px) text is measured at; widths scale linearly."""
MAX_USE_DEPTH: Final = 8
"""``<use>`` within what a ``<use>`` repeats, followed this deep: a symbol holding an icon is two."""
XLINK_HREF: Final = "{http://www.w3.org/1999/xlink}href"
MAX_TSPAN_DEPTH: Final = 4
"""``<tspan>`` inside ``<tspan>`` followed this deep (exporters nest one level)."""


@dataclass
class _Walk:
    sheet: css.StyleSheet
    ids: dict[str, Element]
    texts: list[TextRun] = field(default_factory=list)
    shapes: list[VectorShape] = field(default_factory=list)
    elements: int = 0
    chars: int = 0
    rotated: int = 0
    uses: int = 0  # <use> references not followed
    inside: list[str] = field(default_factory=list)  # ids of the elements being walked now
    use_depth: int = 0  # <use> within what a <use> repeats
    too_deep: int = 0


def read_svg_facts(root: Element, width: float, height: float) -> VectorFacts:
    """The texts and shapes of the SVG ``root``, whose declared size is ``width`` x ``height`` CSS px."""
    ids: dict[str, Element] = {}
    sheets: list[str] = []
    for count, element in enumerate(root.iter()):
        if count >= MAX_ELEMENTS:
            break
        if element.get("id"):
            ids[element.get("id", "")] = element
        if local_name(element.tag) == "style" and element.text:
            sheets.append(element.text)
    walk = _Walk(css.StyleSheet(sheets), ids)
    _visit(walk, root, _root_matrix(root, width, height), {}, 1.0, 0)
    notes = []
    if walk.rotated:
        notes.append(
            f"Skipped {walk.rotated:,} rotated or skewed text(s): only level text is read from the file."
        )
    if walk.uses:
        notes.append(
            f"Did not follow {walk.uses:,} <use> reference(s) (to another file, a missing id or "
            "around a loop): what they repeat is seen in the picture only."
        )
    if walk.elements >= MAX_ELEMENTS:
        notes.append(f"Read only the first {MAX_ELEMENTS:,} elements of the SVG.")
    if walk.too_deep:
        notes.append(f"Skipped {walk.too_deep:,} element(s) nested more than {MAX_DEPTH} levels deep.")
    shapes = tuple(s for s in (on_page(shape, width, height) for shape in walk.shapes) if s is not None)
    return VectorFacts("svg", width, height, tuple(walk.texts), shapes, tuple(notes))


def _root_matrix(root: Element, width: float, height: float) -> css.Matrix:
    """The viewBox of ``root`` (an ``<svg>`` or ``<symbol>``) fitted into ``width`` x ``height``
    CSS px (``preserveAspectRatio``: ``none`` or the default centred fit)."""
    box = css.numbers(root.get("viewBox"), 4)
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        return css.IDENTITY
    sx, sy = width / box[2], height / box[3]
    if (root.get("preserveAspectRatio") or "").strip().startswith("none"):
        return (sx, 0.0, 0.0, sy, -box[0] * sx, -box[1] * sy)
    scale = min(sx, sy)
    dx = (width - box[2] * scale) / 2 - box[0] * scale
    dy = (height - box[3] * scale) / 2 - box[1] * scale
    return (scale, 0.0, 0.0, scale, dx, dy)


def _visit(
    walk: _Walk, element: Element, matrix: css.Matrix, parent: dict[str, str], opacity: float, depth: int
) -> None:
    if walk.elements >= MAX_ELEMENTS:
        return
    walk.elements += 1
    tag = local_name(element.tag)
    if tag in _SKIPPED:
        return
    if depth > MAX_DEPTH:
        walk.too_deep += 1
        return
    style = _style(walk, element, tag, parent)
    if style.get("display") == "none":
        return
    own = css.transform(element.get("transform"))
    if own is None:
        return
    matrix = css.multiply(own, matrix) if own != css.IDENTITY else matrix
    opacity *= fraction(style.get("opacity"))
    if tag == "use":
        _use(walk, element, matrix, style, opacity, depth)
        return
    if tag == "text":
        _text(walk, element, matrix, style, opacity)
        return
    if style.get("visibility") not in ("hidden", "collapse"):
        shape = shape_of(walk.ids, element, tag, matrix, style, opacity)
        if shape is not None:
            walk.shapes.append(shape)
    if tag in ("svg", "g", "a", "switch") or depth == 0:
        walk.inside.append(element.get("id") or "")
        for child in element:
            _visit(walk, child, matrix, style, opacity, depth + 1)
        walk.inside.pop()


def _use(
    walk: _Walk, element: Element, matrix: css.Matrix, style: dict[str, str], opacity: float, depth: int
) -> None:
    """What ``<use>`` repeats, at its ``x``/``y`` and inheriting its style (SVG 2, 5.6)."""
    href = (element.get("href") or element.get(XLINK_HREF) or "").strip()
    name = href[1:] if href.startswith("#") else ""
    target = walk.ids.get(name)
    if target is None or name in walk.inside or walk.use_depth >= MAX_USE_DEPTH:
        walk.uses += 1  # another file's, a missing id, a loop (the target holds this <use>), too deep
        return
    x, y = (css.length(element.get(axis)) or 0.0 for axis in ("x", "y"))
    placed = css.multiply((1.0, 0.0, 0.0, 1.0, x, y), matrix)
    walk.use_depth += 1
    walk.inside.append(name)
    try:
        if local_name(target.tag) == "symbol":
            fitted = css.multiply(_symbol_matrix(target, element), placed)
            for child in target:
                _visit(walk, child, fitted, _style(walk, target, "symbol", style), opacity, depth + 1)
        else:
            _visit(walk, target, placed, style, opacity, depth + 1)
    finally:
        walk.inside.pop()
        walk.use_depth -= 1


def _symbol_matrix(symbol: Element, use: Element) -> css.Matrix:
    """A ``<symbol>``'s viewBox fitted into the ``<use>``'s ``width`` x ``height`` (both needed)."""
    width, height = css.length(use.get("width")), css.length(use.get("height"))
    if not width or not height:
        return css.IDENTITY
    return _root_matrix(symbol, width, height)


def _style(walk: _Walk, element: Element, tag: str, parent: dict[str, str]) -> dict[str, str]:
    own = {name: value for name, value in element.attrib.items() if name in css.STYLED}
    classes = set((element.get("class") or "").split())
    own.update(walk.sheet.matching(tag, classes, element.get("id")))
    own.update(css.declarations(element.get("style") or ""))
    return css.resolved(own, parent)


@dataclass
class _Pen:
    x: float
    y: float


@dataclass(frozen=True)
class _Piece:
    """Text of a ``<text>`` or ``<tspan>`` with its style, and the move its element makes first:
    absolute ``x``/``y`` (a new chunk) and relative ``dx``/``dy``."""

    style: dict[str, str]
    text: str
    size: float
    colour: tuple[int, int, int] | None
    x: float | None = None
    y: float | None = None
    dx: float = 0.0
    dy: float = 0.0


def _text(walk: _Walk, element: Element, matrix: css.Matrix, style: dict[str, str], opacity: float) -> None:
    if not css.is_axis_aligned(matrix) or abs(matrix[0] - matrix[3]) > 1e-6 * max(1.0, abs(matrix[0])):
        walk.rotated += 1
        return
    pen = _Pen(0.0, 0.0)
    chunk: list[tuple[TextRun, float]] = []  # runs of one anchored chunk, with their widths
    anchor = style.get("text-anchor", "start")
    size = css.length(style.get("font-size"), DEFAULT_FONT_SIZE) or DEFAULT_FONT_SIZE
    scale = matrix[0]
    for piece in _pieces(walk, element, style, size, opacity, depth=0):
        if piece.x is not None or piece.y is not None:
            _anchor(walk, chunk, anchor)
            chunk = []
            anchor = piece.style.get("text-anchor", anchor)
        pen = _Pen(
            (piece.x if piece.x is not None else pen.x) + piece.dx,
            (piece.y if piece.y is not None else pen.y) + piece.dy,
        )
        if piece.colour is None or not piece.text:
            continue
        weight = css.font_weight(piece.style.get("font-weight"), 400)
        advance = _width(piece.text, piece.size, weight >= 600)
        ascent, descent = _metrics(piece.size, weight >= 600)
        x0, y0 = css.apply(matrix, pen.x, pen.y - ascent)
        box = Rect.spanning([x0, x0 + advance * scale], [y0, y0 + (ascent + descent) * scale])
        if box is not None:
            run = TextRun(
                text=piece.text,
                box=box,
                font_family=css.first_family(piece.style.get("font-family")),
                font_size=round(piece.size * scale, 2),
                font_weight=weight,
                colour=piece.colour,
                italic=piece.style.get("font-style", "").strip() in ("italic", "oblique"),
            )
            chunk.append((run, advance * scale))
        pen.x += advance
    _anchor(walk, chunk, anchor)


def _pieces(
    walk: _Walk, element: Element, style: dict[str, str], size: float, opacity: float, depth: int
) -> list[_Piece]:
    """The text of ``element`` and its ``<tspan>``s in order (whitespace collapsed as SVG does),
    the first piece of each carrying the element's own position."""
    colour = paint(walk.ids, style.get("fill", "black"), opacity * fraction(style.get("fill-opacity")))

    def first(name: str) -> float | None:
        values = css.numbers(element.get(name), 1)
        return values[0] if values else None

    def relative(name: str) -> float:
        values = (element.get(name) or "").replace(",", " ").split()
        return (css.length(values[0], size) or 0.0) if values else 0.0

    def words(text: str | None) -> str:
        collapsed = " ".join((text or "").split())
        walk.chars += len(collapsed)
        return collapsed if walk.chars <= MAX_TEXT_CHARS else ""

    pieces = [
        _Piece(
            style, words(element.text), size, colour, first("x"), first("y"), relative("dx"), relative("dy")
        )
    ]
    for child in element:
        if local_name(child.tag) == "tspan" and depth < MAX_TSPAN_DEPTH:
            child_style = _style(walk, child, "tspan", style)
            if child_style.get("display") != "none":
                child_size = css.length(child_style.get("font-size"), size) or size
                pieces.extend(_pieces(walk, child, child_style, child_size, opacity, depth + 1))
        if child.tail and child.tail.strip():
            pieces.append(_Piece(style, words(child.tail), size, colour))
    return pieces


def _anchor(walk: _Walk, chunk: list[tuple[TextRun, float]], anchor: str) -> None:
    """Shift a chunk's runs by its ``text-anchor`` and keep them (merging same-style neighbours)."""
    if not chunk:
        return
    total = sum(width for _, width in chunk)
    shift = {"middle": -total / 2, "end": -total}.get(anchor.strip(), 0.0)
    for run, _ in chunk:
        box = Rect(run.box.x + shift, run.box.y, run.box.w, run.box.h)
        walk.texts.append(
            TextRun(run.text, box, run.font_family, run.font_size, run.font_weight, run.colour, run.italic)
        )


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), _MEASURE_SIZE)
    return None


def _width(text: str, size: float, bold: bool) -> float:
    font = _font(bold)
    if font is None:
        return 0.55 * size * len(text)  # an average glyph of a sans-serif face
    return float(font.getlength(text)) * size / _MEASURE_SIZE


def _metrics(size: float, bold: bool) -> tuple[float, float]:
    """Ascent and descent (px) of the face at ``size``."""
    font = _font(bold)
    if font is None:
        return 0.93 * size, 0.24 * size  # DejaVu Sans' own
    ascent, descent = font.getmetrics()
    return ascent * size / _MEASURE_SIZE, descent * size / _MEASURE_SIZE
