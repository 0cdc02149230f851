"""The offline engine's intermediate structures, shared by its stages.

detect -> ``Detection`` (OCR lines, shapes, page background) -> classify -> ``Element``s (each with a
``Kind`` and a ``Style``) -> layout -> a tree of ``Node``s (rows and columns with gaps, padding and
widths) -> render -> code for a target. All coordinates are pixels of the design image, integers,
origin at the top left; colours are sRGB triples 0-255.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

Colour = tuple[int, int, int]


@dataclass(frozen=True, order=True)
class Box:
    """An axis-aligned rectangle: left ``x``, top ``y``, width ``w``, height ``h`` (px, w and h >= 0)."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def area(self) -> int:
        return self.w * self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def union(self, other: Box) -> Box:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Box(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def intersection(self, other: Box) -> int:
        """Area shared with ``other`` (0 when apart)."""
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return w * h if w > 0 and h > 0 else 0

    def holds_centre(self, other: Box) -> bool:
        """Whether ``other``'s centre lies in this box (edges included): what it belongs to."""
        return self.x <= other.cx <= self.right and self.y <= other.cy <= self.bottom

    def contains(self, other: Box, slack: int = 0) -> bool:
        """Whether ``other`` lies inside this box, allowing ``slack`` px on each side."""
        return (
            other.x >= self.x - slack
            and other.y >= self.y - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )

    @staticmethod
    def enclosing(boxes: list[Box] | tuple[Box, ...]) -> Box:
        """The smallest box around ``boxes`` (which must not be empty)."""
        x = min(b.x for b in boxes)
        y = min(b.y for b in boxes)
        return Box(x, y, max(b.right for b in boxes) - x, max(b.bottom for b in boxes) - y)


@dataclass(frozen=True)
class TextLine:
    """One line of text: its text, box, text colour, the background behind it, and ``stroke``
    (mean stroke width in px, for the font weight; 0 when unknown), as OCR reads them, or exact
    (with ``size`` and ``weight``) from a vector file's text (``converters.offline.from_file``)."""

    text: str
    box: Box
    colour: Colour
    background: Colour
    score: float = 1.0
    stroke: float = 0.0
    size: float = 0.0
    """The exact font size (CSS px) when the design's file states it, else 0 (measured instead)."""
    weight: int = 0
    """The exact font weight (100-900) when the file states it, else 0 (``stroke`` decides)."""
    spans: tuple[Span, ...] = ()
    """From an exact source, a line that mixes colours (a link or a highlighted word inside a
    paragraph): its stretches in order, each with its colour set; ``()`` otherwise."""
    item: bool = False
    """From an exact source: a list marker (a bullet, a disc) stands before the line, so it
    starts an item of its own rather than continuing the text above it."""


ShapeKind = Literal["box", "fill", "divider", "image", "checkbox", "radio", "icon", "text_bar"]


@dataclass(frozen=True)
class Shape:
    """A graphic found by computer vision.

    ``box``: a rectangle outline (bordered, possibly filled); ``fill``: a solid region with no
    border (bars, bands, buttons without a border); ``divider``: a thin horizontal or vertical
    line; ``image``: a crossed box, a photo-like area or a solid placeholder; ``checkbox`` /
    ``radio``: a small square / circle; ``icon``: a small non-text glyph; ``text_bar``: a
    wireframe's stand-in for a line of text (a grey bar, a squiggle, or one of a stack of short
    parallel lines; ``border_width`` holds its stroke thickness). ``fill`` and ``border``
    are colours (``None`` when there is none), ``border_width`` and ``radius`` in px.
    """

    kind: ShapeKind
    box: Box
    fill: Colour | None = None
    border: Colour | None = None
    border_width: int = 0
    radius: int = 0


@dataclass(frozen=True)
class Detection:
    """Everything detect found in one image."""

    width: int
    height: int
    background: Colour
    lines: tuple[TextLine, ...]
    shapes: tuple[Shape, ...]
    warnings: tuple[str, ...] = ()
    ocr_s: float = 0.0
    vision_s: float = 0.0


class Kind(StrEnum):
    """What an element is, in the vocabulary the renderers map to tags."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LABEL = "label"
    LINK = "link"
    BUTTON = "button"
    TEXT_INPUT = "text_input"
    TEXTAREA = "textarea"
    CHECKBOX = "checkbox"
    RADIO = "radio"
    SELECT = "select"
    IMAGE = "image"
    ICON = "icon"
    CARD = "card"
    NAV = "nav"
    HEADER = "header"
    FOOTER = "footer"
    DIVIDER = "divider"
    SECTION = "section"


@dataclass(frozen=True)
class Style:
    """Visual facts of an element (``None``/0: not set, inherit or default).

    ``font_size`` and ``line_height`` in CSS px; ``font_weight`` 400 or 700 (any CSS weight from an
    exact source); ``align`` of the text within its box.

    The rest is only known from an exact source (a Figma frame's nodes); pixels leave it unset:
    ``font_family`` (a CSS family name), ``italic``, ``letter_spacing`` (px), ``transform`` and
    ``decoration`` (CSS ``text-transform``/``text-decoration`` keywords), ``shadow`` (a CSS
    ``box-shadow`` value), ``gradient`` (a CSS ``background-image``), ``opacity`` (0-1),
    ``radii`` (top-left, top-right, bottom-right, bottom-left px, when the corners differ) and
    ``border_widths`` (top, right, bottom, left px, when the sides differ).
    """

    font_size: int | None = None
    line_height: int | None = None
    font_weight: int | None = None
    colour: Colour | None = None
    background: Colour | None = None
    border: Colour | None = None
    border_width: int = 0
    radius: int = 0
    align: Literal["left", "center", "right"] | None = None
    font_family: str = ""
    italic: bool = False
    letter_spacing: float = 0.0
    transform: Literal["", "uppercase", "lowercase", "capitalize"] = ""
    decoration: Literal["", "underline", "line-through"] = ""
    shadow: str = ""
    gradient: str = ""
    opacity: float = 1.0
    radii: tuple[int, int, int, int] | None = None
    border_widths: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class Span:
    """A run of a text with a style of its own (mixed styles in one text): ``text`` and only the
    facts that differ from its element's style (``None``/""/False: the element's); ``font_family``
    from an exact source only."""

    text: str
    font_weight: int | None = None
    italic: bool = False
    colour: Colour | None = None
    font_size: int | None = None
    decoration: Literal["", "underline", "line-through"] = ""
    font_family: str = ""


@dataclass(frozen=True)
class Element:
    """A classified element: leaf (text, control, image) or container (card, nav, header, ...).

    ``level`` is the heading level (1-6) for headings, else 0; ``text`` holds the lines joined
    in reading order (one ``\\n`` between lines, for renderers that keep line breaks).

    From an exact source only: ``spans``, the text's runs when parts of it are styled apart (their
    texts joined are ``text``, a soft line break as a space); ``svg``, an icon's own drawing (an
    SVG document, drawn in place of the icon placeholder); ``component``, the name of the design
    component it is an instance of.

    From a sketch only (``converters.offline.sketch``): ``keeps_box``, laid out at its box's width
    (a share of its parent) and at least its height whatever its text, as a drawn widget is
    drawn at the size it is meant to have; ``group``, the ``name`` a radio button shares with
    the others of its group.
    """

    kind: Kind
    box: Box
    text: str = ""
    style: Style = field(default_factory=Style)
    children: tuple[Element, ...] = ()
    level: int = 0
    lines: tuple[TextLine, ...] = ()
    spans: tuple[Span, ...] = ()
    svg: str = ""
    component: str = ""
    keeps_box: bool = False
    group: str = ""


Direction = Literal["row", "column"]


@dataclass(frozen=True)
class Node:
    """A layout node: an element (leaf) or a flex container of ``children``.

    Containers lay children out in ``direction`` with ``gap`` px between them, ``padding``
    (top, right, bottom, left) px inside, ``justify``/``align`` as in flexbox. ``width`` is the
    node's width as laid out in the design (px); renderers turn it into a max-width or a
    fraction so the page still reflows. ``element`` is set for leaves and for containers that
    are an element themselves (a card, a nav bar: their box, background and tag).
    """

    box: Box
    direction: Direction = "column"
    children: tuple[Node, ...] = ()
    element: Element | None = None
    gap: int = 0
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)
    justify: Literal["start", "center", "end", "between"] = "start"
    align: Literal["start", "center", "end", "stretch"] = "start"
    offsets: tuple[int, ...] = field(default=())
    """Per child, the extra space before it (px) beyond ``gap`` (an uneven spacing kept)."""
    wrap_gap: int | None = None
    """For a row that wraps by design (an exact source's wrapping auto-layout), the space between
    its lines (px); ``None``: the row wraps or stacks by the renderer's own rules."""
