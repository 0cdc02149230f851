"""An SVG's live text and painted shapes, as ``VectorFacts`` in CSS px.

Reads the tree defusedxml already parsed (``converters.intake.svg``: no entities, no external
references, no network), walking it once with each element's transform (the viewBox's, groups'
and its own), its inherited presentation attributes, ``style`` attribute and simple ``<style>``
rules. Text: each ``<text>``, and each ``<tspan>`` placed with its own ``x``/``y``, starts a run;
its box is measured with DejaVu Sans (the face fontconfig gives sans-serif here, as cairosvg draws
it). Text under a rotating or skewing transform is skipped and counted. ``<use>`` is not followed
(a note says so), nor are ``<defs>``, masks, patterns or ``<foreignObject>``. Every walk is bounded:
``MAX_ELEMENTS`` elements, ``MAX_DEPTH`` levels, ``MAX_TEXT_CHARS`` characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element

from PIL import ImageFont

from converters.intake import svg_style as css
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
    uses: int = 0
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
        if _local(element.tag) == "style" and element.text:
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
            f"Did not follow {walk.uses:,} <use> reference(s): what they repeat is seen in the picture only."
        )
    if walk.elements >= MAX_ELEMENTS:
        notes.append(f"Read only the first {MAX_ELEMENTS:,} elements of the SVG.")
    if walk.too_deep:
        notes.append(f"Skipped {walk.too_deep:,} element(s) nested more than {MAX_DEPTH} levels deep.")
    shapes = tuple(s for s in (_on_page(shape, width, height) for shape in walk.shapes) if s is not None)
    return VectorFacts("svg", width, height, tuple(walk.texts), shapes, tuple(notes))


def _root_matrix(root: Element, width: float, height: float) -> css.Matrix:
    """The viewBox to CSS px map (``preserveAspectRatio``: ``none`` or the default centred fit)."""
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
    tag = _local(element.tag)
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
    opacity *= _fraction(style.get("opacity"))
    if tag == "use":
        walk.uses += 1
        return
    if tag == "text":
        _text(walk, element, matrix, style, opacity)
        return
    if style.get("visibility") not in ("hidden", "collapse"):
        shape = _shape(walk, element, tag, matrix, style, opacity)
        if shape is not None:
            walk.shapes.append(shape)
    if tag in ("svg", "g", "a", "switch") or depth == 0:
        for child in element:
            _visit(walk, child, matrix, style, opacity, depth + 1)


def _style(walk: _Walk, element: Element, tag: str, parent: dict[str, str]) -> dict[str, str]:
    own = {name: value for name, value in element.attrib.items() if name in css.STYLED}
    classes = set((element.get("class") or "").split())
    own.update(walk.sheet.matching(tag, classes, element.get("id")))
    own.update(css.declarations(element.get("style") or ""))
    return css.resolved(own, parent)


def _fraction(value: str | None) -> float:
    if not value:
        return 1.0
    try:
        number = float(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
    except ValueError:
        return 1.0
    return max(0.0, min(1.0, number))


# --- shapes --------------------------------------------------------------------------------


def _shape(
    walk: _Walk, element: Element, tag: str, matrix: css.Matrix, style: dict[str, str], opacity: float
) -> VectorShape | None:
    xs, ys, radius = _geometry(element, tag)
    if not xs:
        return None
    points = [css.apply(matrix, x, y) for x, y in zip(xs, ys, strict=True)]
    box = Rect.spanning([p[0] for p in points], [p[1] for p in points])
    if box is None:
        return None
    scale = abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5
    if tag == "image":
        return VectorShape("image", box)
    fill = _paint(walk, style.get("fill", "black"), opacity * _fraction(style.get("fill-opacity")))
    stroke = _paint(walk, style.get("stroke"), opacity * _fraction(style.get("stroke-opacity")))
    if tag in ("line", "polyline"):
        fill = None if tag == "line" else fill
    width = (css.length(style.get("stroke-width")) or 1.0) * scale if stroke is not None else 0.0
    if fill is None and stroke is None:
        return None
    aligned = css.is_axis_aligned(matrix)
    kind = {"rect": "rect", "circle": "ellipse", "ellipse": "ellipse", "line": "line"}.get(tag, "path")
    if kind == "rect" and not aligned:
        kind = "path"
    return VectorShape(kind, box, fill, stroke, round(width, 2), round(radius * scale, 2))  # type: ignore[arg-type]


def _geometry(element: Element, tag: str) -> tuple[list[float], list[float], float]:
    """Points spanning the element's outline (its own units) and its corner radius."""

    def number(name: str, default: float = 0.0) -> float:
        return css.length(element.get(name)) if css.length(element.get(name)) is not None else default  # type: ignore[return-value]

    if tag in ("rect", "image"):
        x, y, w, h = number("x"), number("y"), number("width"), number("height")
        if w <= 0 or h <= 0:
            return [], [], 0.0
        rx = css.length(element.get("rx"))
        ry = css.length(element.get("ry"))
        radius = min(rx if rx is not None else (ry or 0.0), w / 2, h / 2)
        return [x, x + w], [y, y + h], max(0.0, radius)
    if tag in ("circle", "ellipse"):
        cx, cy = number("cx"), number("cy")
        rx = number("r") if tag == "circle" else number("rx")
        ry = number("r") if tag == "circle" else number("ry")
        if rx <= 0 or ry <= 0:
            return [], [], 0.0
        return [cx - rx, cx + rx], [cy - ry, cy + ry], min(rx, ry)
    if tag == "line":
        return [number("x1"), number("x2")], [number("y1"), number("y2")], 0.0
    if tag in ("polyline", "polygon"):
        values = css.numbers(element.get("points"))
        return values[0::2][: len(values) // 2], values[1::2][: len(values) // 2], 0.0
    if tag == "path":
        xs, ys = css.path_points(element.get("d"))
        return xs, ys, 0.0
    return [], [], 0.0


def _paint(walk: _Walk, value: str | None, opacity: float) -> tuple[int, int, int] | None:
    """A fill or stroke colour; a gradient (``url(#id)``) is taken by its first stop."""
    if value and value.strip().startswith("url("):
        target = walk.ids.get(value.strip()[4:].split(")", 1)[0].strip("'\" #"))
        stops = [child for child in target if _local(child.tag) == "stop"] if target is not None else []
        if not stops:
            return None
        stop = stops[0]
        declared = css.declarations(stop.get("style") or "")
        return css.colour(declared.get("stop-color") or stop.get("stop-color") or "black", opacity)
    return css.colour(value, opacity)


def _on_page(shape: VectorShape, width: float, height: float) -> VectorShape | None:
    box = shape.box.clipped(width, height) if shape.box.w > 0 or shape.box.h > 0 else None
    if box is None and shape.kind == "line":  # a level or upright line has no area: keep its extent
        inside = 0 <= shape.box.x <= width and 0 <= shape.box.y <= height
        return shape if inside else None
    return (
        None
        if box is None
        else VectorShape(shape.kind, box, shape.fill, shape.stroke, shape.stroke_width, shape.radius)
    )


# --- text ----------------------------------------------------------------------------------


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
    colour = _paint(walk, style.get("fill", "black"), opacity * _fraction(style.get("fill-opacity")))

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
        if _local(child.tag) == "tspan" and depth < MAX_TSPAN_DEPTH:
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


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
