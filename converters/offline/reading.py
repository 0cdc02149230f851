"""What the offline engine reads of a design, before it writes any code: the text lines with their
roles, boxes and colours, the regions (header, nav, sections, cards, images, footer) and the page.

The engine lays the reading out as code (``converters.offline.engine``); a model engine gets it
as facts to ground its own answer in (``converters.engines.grounding``). Both read a design the
same way: ``converters.offline.routing.read_design_of``, which reads pixels with ``read_design``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PIL import Image

from converters.cancel import Cancellation
from converters.intake import DesignImage
from converters.intake.design import RASTER_2X_ABOVE
from converters.intake.kinds import DesignKind
from converters.offline.classify import classify
from converters.offline.detect import DetectPhase, detect
from converters.offline.emit import emit
from converters.offline.layout import build_tree
from converters.offline.model import Box, Colour, Detection, Element, Kind, Node, TextLine
from converters.targets import Target

MAX_CSS_WIDTH: Final = RASTER_2X_ABOVE
"""Designs wider than this (px) are read as 2x screenshots (the rule of ``DesignImage.css_width``)."""
REGION_KINDS: Final = (Kind.HEADER, Kind.NAV, Kind.SECTION, Kind.CARD, Kind.IMAGE, Kind.FOOTER)
"""Elements that outline the page for a model: landmarks, cards and pictures (text comes as lines)."""
READ_FROM_FILE: Final = (
    "Read from the file's text and shapes: exact words, fonts, sizes and colours (no OCR)."
)
"""The note of a design read from its vector file (``read_design_of``)."""
READ_BY_OCR: Final = (
    "No live text in the file (outlined text, or a scanned page): its picture was read by OCR, "
    "so words, sizes and colours are estimates."
)
"""The note of a vector design whose file holds no text to read."""


@dataclass(frozen=True)
class ReadLine:
    """One line of text as read: its words, what the engine took it for (heading, button, link…),
    its box in CSS px and its colour."""

    text: str
    role: Kind
    box: Box
    colour: Colour


@dataclass(frozen=True)
class Region:
    """A region of the page: what it is, its box in CSS px and its fill (``None``: none seen)."""

    kind: Kind
    box: Box
    fill: Colour | None


@dataclass(frozen=True)
class DesignRead:
    """The offline engine's reading of one design (CSS px): ``lines`` and ``regions`` in reading
    order; ``tree`` and ``title`` are what the engine lays out as code. ``exact``: read from the
    design's own data (a Figma frame's nodes), not from its pixels, so nothing in it is a guess;
    then ``font_family`` is the font most of its text is set in (texts in others say theirs)."""

    width: int
    height: int
    background: Colour
    lines: tuple[ReadLine, ...]
    regions: tuple[Region, ...]
    detection: Detection
    tree: Node
    title: str
    from_file: bool = False
    """Whether the reading comes from the design's own data (a vector file's text and shapes, a
    Figma frame's nodes), not its pixels: its texts, sizes and colours are exact."""
    notes: tuple[str, ...] = ()
    """How the design was read (``READ_FROM_FILE``, ``READ_BY_OCR``, ``FIGMA_NOTE``, and for a read
    of its pixels, as what kind: ``converters.offline.routing.kind_note``)."""
    font_family: str = ""
    """The font most text is set in, when the source names it (a Figma frame); "" otherwise."""
    kind: DesignKind | None = None
    """The kind the pixels were read as (``converters.offline.routing``); ``None`` when read from
    the design's own data (a vector file's text, a Figma frame)."""


def css_image(image: Image.Image) -> Image.Image:
    """``image`` at CSS px: a design wider than ``MAX_CSS_WIDTH`` is halved (a 2x screenshot)."""
    if image.width > MAX_CSS_WIDTH:
        return image.resize((image.width // 2, max(1, image.height // 2)), Image.Resampling.LANCZOS)
    return image


def design_css_image(design: DesignImage) -> Image.Image:
    """The design's picture at CSS px: a vector design at the size its file declares
    (``DesignImage.css_size``, whatever it was rendered at), a raster by ``css_image``."""
    size = design.css_size
    image = design.image_view()
    if size is None:
        return css_image(image)
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def read_design(
    image: Image.Image,
    *,
    cancel: Cancellation | None = None,
    on_progress: Callable[[DetectPhase, int, int], None] | None = None,
    before_layout: Callable[[], None] | None = None,
    sketchy: bool | None = None,
) -> DesignRead:
    """Read ``image`` (already at CSS px: ``css_image``) from its pixels. ``cancel``,
    ``on_progress`` and ``sketchy`` go to the detection (see ``detect``); ``before_layout`` is
    called once the pixels are read. Raises ``Cancelled`` when stopped, ``OcrError`` when the OCR
    fails. A whole design is read by ``converters.offline.routing.read_design_of``, which picks
    the way its kind suits."""
    detection = detect(image, cancel=cancel, on_progress=on_progress, sketchy=sketchy)
    return read_detection(detection, before_layout)


def read_detection(detection: Detection, before_layout: Callable[[], None] | None) -> DesignRead:
    """Classify and lay out what ``detection`` holds (``before_layout`` is called first)."""
    if before_layout is not None:
        before_layout()
    classified = classify(detection)
    tree = build_tree(classified.elements, detection.width, detection.height)
    return DesignRead(
        width=detection.width,
        height=detection.height,
        background=detection.background,
        lines=_lines(classified.elements, detection.lines),
        regions=tuple(
            Region(element.kind, element.box, element.style.background)
            for element in classified.elements
            if element.kind in REGION_KINDS
        ),
        detection=detection,
        tree=tree,
        title=_title(classified.elements),
    )


def write_code(read: DesignRead, target: Target, source_name: str) -> str:
    """The offline engine's code for ``read`` in ``target``, titled by its first heading (else the
    design's file name)."""
    title = page_title(read, source_name)
    return emit(read.tree, target, title=title, page_background=read.background, font_family=read.font_family)


def page_title(read: DesignRead, source_name: str) -> str:
    """The page's title: its first heading's text, else the design's file name."""
    return read.title or source_name.rsplit(".", 1)[0] or "Design"


def _lines(elements: tuple[Element, ...], read: tuple[TextLine, ...]) -> tuple[ReadLine, ...]:
    """Every line of text in reading order, each with the role of the element that holds it (a
    line no element took, say an unread caption, is plain text)."""
    role: dict[int, Kind] = {}
    order: list[TextLine] = []
    for element in elements:
        for line in element.lines:
            if id(line) not in role:
                role[id(line)] = element.kind
                order.append(line)
    order += [line for line in read if id(line) not in role]
    return tuple(
        ReadLine(line.text, role.get(id(line), Kind.PARAGRAPH), line.box, line.colour)
        for line in order
        if line.text.strip()
    )


def _title(elements: tuple[Element, ...]) -> str:
    """The page title: the first top-level heading's text."""
    for element in elements:
        if element.kind is Kind.HEADING and element.level <= 2:
            return element.text.replace("\n", " ")[:60]
    return ""
