"""A photo of a hand-drawn sketch -> the offline engine's reading of it (``DesignRead``).

detect widgets (a ``Detector``: the learned one, or any callable giving labelled boxes) -> tidy
them onto the drawing's grid (``grid``) -> read their handwriting (``handwriting``) -> one
``Element`` each, a real control with plain styling, text read or placeholder, sized by the
drawing's type scale (``typeset``) -> the shared ``build_tree`` and, via ``write_code``, the
shared emit. Every element keeps its drawn box (``Element.keeps_box``), so the page puts each
widget where the drawing has it, at its drawn size, at the drawing's width.

What each class becomes: Button -> ``<button>`` with its text; TextBox -> ``<input>`` with a
placeholder (``<textarea>`` when drawn tall); ComboBox -> ``<select>`` with its text as the first
option; CheckBox / RadioButton -> the control with its caption in its ``<label>``, radios of one
group sharing a ``name``; Image -> an image placeholder with alt text; Heading -> ``h1``-``h6``
by size (the largest is ``h1``); Paragraph -> ``<p>``; Label -> text; Link -> ``<a href="#">``.
The page is white whatever the paper's colour: the result is a clean version of the drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Final

from PIL import Image

from converters.cancel import Cancellation, check
from converters.intake.kinds import SKETCH_CLASSES
from converters.offline.layout import build_tree
from converters.offline.model import Box, Colour, Detection, Element, Kind, Shape, ShapeKind, Style, TextLine
from converters.offline.reading import DesignRead, ReadLine, Region
from converters.offline.sketch.detector import SketchBox
from converters.offline.sketch.grid import radio_groups, tidy
from converters.offline.sketch.handwriting import read_handwriting, text_area
from converters.offline.sketch.typeset import (
    LABEL_MAX_CHARS,
    Placeholders,
    TypeScale,
    chars_per_line,
    fit_scale,
    line_px,
)
from converters.offline.text_blocks import MAX_HEADING_LEVEL

SKETCH_NOTE: Final = (
    "Each drawn widget became a real control; handwriting was read where legible, "
    "other text is placeholder text."
)
"""The note of a design read by ``read_sketch``."""
KINDS: Final[dict[str, Kind]] = {
    "Button": Kind.BUTTON,
    "TextBox": Kind.TEXT_INPUT,
    "CheckBox": Kind.CHECKBOX,
    "RadioButton": Kind.RADIO,
    "ComboBox": Kind.SELECT,
    "Image": Kind.IMAGE,
    "Heading": Kind.HEADING,
    "Paragraph": Kind.PARAGRAPH,
    "Label": Kind.LABEL,
    "Link": Kind.LINK,
}
"""The element kind of each sketch class."""
SHAPES: Final[dict[str, ShapeKind]] = {
    "Button": "box",
    "TextBox": "box",
    "ComboBox": "box",
    "CheckBox": "checkbox",
    "RadioButton": "radio",
    "Image": "image",
}
"""The shape each drawn widget is in the reading's ``Detection`` (a text widget's handwriting is a
``text_bar``, a wireframe's stand-in for text), so the engine's words about what was found hold."""
ONE_LINE_CLASSES: Final = frozenset(
    {"Label", "Link", "Button", "TextBox", "ComboBox", "CheckBox", "RadioButton"}
)
"""Widgets drawn one line tall: their heights set the drawing's body size and field height."""
TEXTAREA_SHARE: Final = 1.8
"""A text box at least this many times as tall as the drawing's typical one-line widget is a
multi-line text area."""
PARAGRAPH_FILL: Final = 0.8
"""Share of a paragraph box's lines its placeholder fills: it reads as a full paragraph, and the
last words wrapping early still leave it inside its box."""
HEADING_STEP_SHARE: Final = 0.15
"""Headings drawn within this share of each other's height are of one level (a hand's jitter)."""
PAGE: Final[Colour] = (255, 255, 255)
TEXT: Final[Colour] = (17, 24, 39)
LINK: Final[Colour] = (29, 78, 216)
EDGE: Final[Colour] = (156, 163, 175)
BUTTON_FILL: Final[Colour] = (243, 244, 246)
"""A plain page: near-black text on white, blue links, grey edges, light grey buttons (all meet
AA contrast)."""
CONTROL_RADIUS_PX: Final = 6
INPUT_PLACEHOLDER: Final = "Type here"
TEXTAREA_PLACEHOLDER: Final = "Write here"
SELECT_PLACEHOLDER: Final = "Choose an option"
IMAGE_ALT: Final = "Image"
"""Texts of controls whose handwriting did not read (an image's alt text says what it stands for)."""


Detector = Callable[[Image.Image], Sequence[SketchBox]]
"""Finds the widgets drawn on a sketch (``detect_widgets``, or a stand-in): boxes in px of the
image given, labels from ``SKETCH_CLASSES`` (others are ignored)."""


@dataclass(frozen=True)
class _Drawn:
    """One tidied widget as the builder reads it: ``text`` read (``""``: not legible)."""

    widget: SketchBox
    text: str
    group: str


def read_sketch(image: Image.Image, detector: Detector, *, cancel: Cancellation | None = None) -> DesignRead:
    """Read ``image`` (a photo of a sketch, already at CSS px: ``css_image``) with ``detector``.

    Raises ``OcrError`` when the OCR models fail and ``Cancelled`` soon after ``cancel`` is
    cancelled (checked between stages and before each OCR run); what ``detector`` raises passes
    through.
    """
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    check(cancel)
    found = [widget for widget in detector(rgb) if widget.label in SKETCH_CLASSES]
    check(cancel)
    widgets = tidy(found, rgb.width, rgb.height)
    read = read_handwriting(rgb, widgets, cancel=cancel)
    groups = radio_groups(widgets)
    drawn = [_Drawn(w, read.get(i, ""), groups.get(i, "")) for i, w in enumerate(widgets)]
    elements = _elements(drawn)
    check(cancel)
    tree = build_tree(elements, rgb.width, rgb.height)
    legible = [(d, e) for d, e in zip(drawn, elements, strict=True) if d.text]
    lines = tuple(TextLine(d.text, text_area(d.widget), e.style.colour or TEXT, PAGE) for d, e in legible)
    return DesignRead(
        width=rgb.width,
        height=rgb.height,
        background=PAGE,
        lines=tuple(ReadLine(d.text, e.kind, e.box, e.style.colour or TEXT) for d, e in legible),
        regions=tuple(Region(e.kind, e.box, None) for e in elements if e.kind is Kind.IMAGE),
        detection=Detection(
            rgb.width,
            rgb.height,
            PAGE,
            lines,
            tuple(Shape(SHAPES.get(w.label, "text_bar"), w.box) for w in widgets),
        ),
        tree=tree,
        title=next((e.text for d, e in legible if e.kind is Kind.HEADING and e.level <= 2), "")[:60],
        notes=(SKETCH_NOTE,),
    )


def _elements(drawn: Sequence[_Drawn]) -> list[Element]:
    """One element per widget, in order, with text, size and style."""
    one_line = [d.widget.box.h for d in drawn if d.widget.label in ONE_LINE_CLASSES]
    scale = fit_scale(one_line)
    typical = median(one_line) if one_line else 0
    words = Placeholders()
    levels = _heading_levels([d.widget.box for d in drawn if d.widget.label == "Heading"])
    return [_element(d, scale, words, typical, levels.get(d.widget.box.h, 0)) for d in drawn]


def _element(drawn: _Drawn, scale: TypeScale, words: Placeholders, typical: float, level: int) -> Element:
    label, box, text = drawn.widget.label, drawn.widget.box, drawn.text
    kind = KINDS[label]
    if kind is Kind.IMAGE:
        return Element(kind, box, text=IMAGE_ALT, keeps_box=True)
    if kind is Kind.TEXT_INPUT and typical and box.h >= TEXTAREA_SHARE * typical:
        kind = Kind.TEXTAREA
    area = text_area(drawn.widget)
    if kind is Kind.PARAGRAPH:
        size = scale.fitted(box, text or "", largest=scale.body)
        if not text:
            room = max(1, int(box.h / line_px(size)))
            text = words.sentences(round(room * chars_per_line(box.w, size) * PARAGRAPH_FILL))
            size = scale.fitted(box, text, largest=scale.body)
    else:
        # A heading at most its level's step (h1 the top one), other text at most the body size.
        top = max(scale.body, scale.steps[max(0, len(scale.steps) - level)]) if level else scale.body
        size = scale.fitted(area, "", lines=1, largest=top)
        text = text or _placeholder(kind, chars_per_line(area.w, size), words)
        lines = 1 if kind is not Kind.TEXTAREA else None
        size = scale.fitted(area, text, lines=lines, largest=size, bold=kind is Kind.HEADING)
    return Element(
        kind,
        box,
        text=text,
        style=_style(kind, size),
        level=level,
        keeps_box=True,
        group=drawn.group,
    )


def _placeholder(kind: Kind, chars: int, words: Placeholders) -> str:
    """Text of the role and drawn length of a widget whose handwriting did not read."""
    if kind is Kind.HEADING:
        return words.title(2, 3, chars)
    if kind is Kind.BUTTON:
        return words.title(1, 2, chars)
    if kind is Kind.LINK:
        return words.title(1, 3, chars)
    if kind in (Kind.LABEL, Kind.CHECKBOX, Kind.RADIO):
        return words.title(1, 6, min(LABEL_MAX_CHARS, chars))
    return {Kind.TEXTAREA: TEXTAREA_PLACEHOLDER, Kind.SELECT: SELECT_PLACEHOLDER}.get(kind, INPUT_PLACEHOLDER)


def _style(kind: Kind, size: int) -> Style:
    lead = line_px(size)
    if kind is Kind.BUTTON:
        return Style(
            font_size=size,
            line_height=lead,
            colour=TEXT,
            background=BUTTON_FILL,
            border=EDGE,
            border_width=1,
            radius=CONTROL_RADIUS_PX,
        )
    if kind in (Kind.TEXT_INPUT, Kind.TEXTAREA, Kind.SELECT):
        return Style(font_size=size, line_height=lead, border=EDGE, border_width=1, radius=CONTROL_RADIUS_PX)
    colour = LINK if kind is Kind.LINK else TEXT
    return Style(
        font_size=size, line_height=lead, colour=colour, font_weight=700 if kind is Kind.HEADING else None
    )


def _heading_levels(boxes: Sequence[Box]) -> dict[int, int]:
    """Heading box height -> level: the tallest drawn heading is ``h1``, each clearly shorter
    height (by ``HEADING_STEP_SHARE``) one level down, to ``h6``."""
    levels: dict[int, int] = {}
    level, previous = 0, 0
    for height in sorted({box.h for box in boxes}, reverse=True):
        if not level or height < previous * (1 - HEADING_STEP_SHARE):
            level, previous = min(MAX_HEADING_LEVEL, level + 1), height
        levels[height] = level
    return levels
