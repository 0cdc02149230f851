"""The sketch build path (``converters.offline.sketch``): detected widgets -> real controls on the
drawing's grid, in every target. Sketches are drawn here with Pillow (pen strokes on off-white
paper) and their widgets given as hand-made ``SketchBox`` lists: no dataset file, no model."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.cancel import Cancellation, Cancelled
from converters.extract import validate_code
from converters.offline.model import Box, Element
from converters.offline.reading import DesignRead, write_code
from converters.offline.sketch import build
from converters.offline.sketch.build import SKETCH_NOTE, read_sketch
from converters.offline.sketch.detector import SketchBox
from converters.offline.sketch.grid import radio_groups, tidy
from converters.offline.sketch.typeset import LABEL_MAX_CHARS, Placeholders, fit_scale
from converters.targets import Target
from tests.unit.test_offline_emit import TagBalance, parse

PAPER = (246, 243, 236)
INK = (40, 52, 120)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def draw_sketch(
    widgets: list[SketchBox], size: tuple[int, int], words: dict[int, str] | None = None
) -> Image.Image:
    """A photo-like sketch: pen outlines of each widget as a hand draws it (a crossed image, a
    square or circle before a caption, wavy lines for a paragraph), ``words`` written in print."""
    image = Image.new("RGB", size, PAPER)
    pen = ImageDraw.Draw(image)
    for index, widget in enumerate(widgets):
        b = widget.box
        if widget.label in ("Button", "TextBox", "ComboBox", "Image"):
            pen.rectangle((b.x, b.y, b.right, b.bottom), outline=INK, width=3)
        if widget.label == "Image":
            pen.line((b.x, b.y, b.right, b.bottom), fill=INK, width=2)
            pen.line((b.x, b.bottom, b.right, b.y), fill=INK, width=2)
        if widget.label == "ComboBox":
            pen.polygon(
                [(b.right - 30, b.y + 15), (b.right - 10, b.y + 15), (b.right - 20, b.y + 30)], fill=INK
            )
        if widget.label == "CheckBox":
            pen.rectangle((b.x + 4, b.y + 8, b.x + b.h - 8, b.bottom - 8), outline=INK, width=3)
        if widget.label == "RadioButton":
            pen.ellipse((b.x + 4, b.y + 8, b.x + b.h - 8, b.bottom - 8), outline=INK, width=3)
        if widget.label == "Paragraph":
            for y in range(b.y + 12, b.bottom - 6, 22):
                pen.line(
                    [(x, y + (4 if (x // 20) % 2 else 0)) for x in range(b.x, b.right, 20)], fill=INK, width=2
                )
        if words and index in words:
            font = ImageFont.truetype(str(FONT), 32)
            pen.text((b.x + 20, b.y + 12), words[index], fill=INK, font=font)
    return image


def detector_of(widgets: list[SketchBox]) -> build.Detector:
    def detect(image: Image.Image) -> tuple[SketchBox, ...]:
        return tuple(widgets)

    return detect


def widget(label: str, x: int, y: int, w: int, h: int) -> SketchBox:
    return SketchBox(label, Box(x, y, w, h), 1.0)


def form_widgets() -> list[SketchBox]:
    """A sign-up form: every sketch class once or more, radios in a group, a tall text box."""
    return [
        widget("Heading", 60, 40, 520, 80),
        widget("Image", 700, 40, 400, 300),
        widget("Heading", 60, 150, 300, 50),
        widget("Label", 60, 230, 200, 50),
        widget("TextBox", 60, 290, 500, 60),
        widget("ComboBox", 60, 380, 500, 60),
        widget("CheckBox", 60, 470, 300, 50),
        widget("RadioButton", 60, 540, 260, 50),
        widget("RadioButton", 60, 600, 260, 50),
        widget("Paragraph", 700, 380, 400, 160),
        widget("TextBox", 700, 570, 400, 180),
        widget("Button", 60, 690, 240, 70),
        widget("Link", 360, 700, 160, 40),
    ]


def page_widgets() -> list[SketchBox]:
    """A landing page: a heading row, three image cards side by side, a lone radio, a footer link."""
    cards = [
        box
        for x in (40, 420, 800)
        for box in (
            widget("Image", x, 160, 340, 200),
            widget("Label", x, 380, 220, 44),
            widget("Paragraph", x, 440, 340, 120),
            widget("Button", x, 580, 180, 60),
        )
    ]
    return [
        widget("Heading", 40, 30, 700, 90),
        widget("Link", 1000, 50, 140, 40),
        *cards,
        widget("RadioButton", 40, 700, 300, 50),
        widget("Link", 40, 800, 200, 40),
    ]


def read_of(
    widgets: list[SketchBox], size: tuple[int, int], monkeypatch: pytest.MonkeyPatch | None = None
) -> DesignRead:
    """``read_sketch`` of the drawn sketch; with ``monkeypatch``, the OCR reads nothing (so the
    result does not depend on the OCR models: placeholders everywhere)."""
    if monkeypatch is not None:
        monkeypatch.setattr(build, "read_handwriting", lambda image, widgets, cancel=None: {})
    return read_sketch(draw_sketch(widgets, size), detector_of(widgets))


@pytest.fixture(scope="module")
def form_read() -> DesignRead:
    return read_sketch(draw_sketch(form_widgets(), (1200, 800)), detector_of(form_widgets()))


@pytest.fixture(scope="module")
def form_html(form_read: DesignRead) -> TagBalance:
    return parse(write_code(form_read, Target.HTML_CSS, "form.jpg"))


def attrs_of(page: TagBalance, tag: str) -> list[dict[str, str | None]]:
    return [attrs for name, attrs in page.attrs if name == tag]


def test_every_class_becomes_its_real_control(form_html: TagBalance) -> None:
    inputs = attrs_of(form_html, "input")
    assert sorted(a.get("type") or "" for a in inputs) == ["checkbox", "radio", "radio", "text"]
    assert next(a for a in inputs if a.get("type") == "text").get("placeholder")
    assert form_html.tags["textarea"] == 1  # the tall text box
    assert form_html.tags["select"] == 1 and form_html.tags["option"] == 1
    assert form_html.tags["button"] == 1 and form_html.tags["p"] == 1
    assert [a["href"] for a in attrs_of(form_html, "a")] == ["#"]
    assert [a["alt"] for a in attrs_of(form_html, "img")] == ["Image"]


def test_a_checkbox_and_a_radio_carry_their_caption_in_their_label(form_read: DesignRead) -> None:
    code = write_code(form_read, Target.HTML_CSS, "form.jpg")
    captions = re.findall(
        r'<label [^>]*>\s*<input [^>]*type="(checkbox|radio)"[^>]*>\s*([^<]+?)\s*</label>', code
    )
    assert [kind for kind, _ in captions] == ["checkbox", "radio", "radio"]
    assert all(caption for _, caption in captions)


def test_radios_stacked_together_share_a_name_and_a_lone_one_has_none(form_html: TagBalance) -> None:
    radios = [a for a in attrs_of(form_html, "input") if a.get("type") == "radio"]
    assert [a.get("name") for a in radios] == ["choice-1", "choice-1"]
    apart = [widget("RadioButton", 40, 40, 200, 40), widget("RadioButton", 40, 400, 200, 40)]
    assert radio_groups(apart) == {}


def test_headings_are_ranked_by_size_the_largest_h1(form_html: TagBalance) -> None:
    assert form_html.tags["h1"] == 1 and form_html.tags["h2"] == 1
    small_first = [widget("Heading", 40, 20, 200, 40), widget("Heading", 40, 100, 600, 90)]
    read = read_sketch(draw_sketch(small_first, (800, 300)), detector_of(small_first))
    levels = sorted((e.box.y, e.level) for e in _leaves(read))
    assert [level for _, level in levels] == [2, 1]


def test_unread_handwriting_gives_placeholders_of_the_role_and_length(form_read: DesignRead) -> None:
    assert form_read.lines == ()  # nothing legible was drawn: nothing is claimed as read
    texts = {e.kind.value: e.text for e in _leaves(form_read)}
    assert 2 <= len(texts["heading"].split()) <= 3
    assert 1 <= len(texts["button"].split()) <= 2
    assert texts["paragraph"].endswith(".") and len(texts["paragraph"]) > 40
    assert 0 < len(texts["label"]) <= LABEL_MAX_CHARS
    assert form_read.title == ""  # a placeholder heading does not name the page
    assert form_read.notes == (SKETCH_NOTE,)
    shapes = [shape.kind for shape in form_read.detection.shapes]  # what was found, for the engine's words
    assert len(shapes) == len(form_widgets()) and shapes.count("radio") == 2 and "image" in shapes


def test_legible_handwriting_is_read_into_its_widget() -> None:
    widgets = [widget("Button", 40, 40, 320, 70), widget("Label", 40, 160, 400, 60)]
    image = draw_sketch(widgets, (600, 300), words={0: "Submit", 1: "First name"})
    read = read_sketch(image, detector_of(widgets))
    texts = {e.kind.value: e.text for e in _leaves(read)}
    assert texts == {"button": "Submit", "label": "First name"}
    assert [line.text for line in read.lines] == ["Submit", "First name"]


def test_widgets_land_at_their_drawn_places_and_sizes(form_read: DesignRead) -> None:
    """Every widget keeps its drawn box, each edge within the grid's snap (12 px at 1200 px); a
    one-line text may reach further right, into the room the layout gives it."""
    leaves = _leaves(form_read)
    assert len(leaves) == len(form_widgets())
    for element in leaves:
        twin = min(form_widgets(), key=lambda w: abs(w.box.y - element.box.y) + abs(w.box.x - element.box.x))
        for edge in ("x", "y", "bottom"):
            assert abs(getattr(twin.box, edge) - getattr(element.box, edge)) <= 12, (twin, element)
        assert -12 <= element.box.right - twin.box.right <= 12 + twin.box.w * 0.1 + 4
        assert element.keeps_box


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.value)
def test_every_target_gives_valid_code(
    form_read: DesignRead, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = write_code(form_read, target, "form.jpg")
    assert validate_code(code, target) == (code, ())
    assert ("choice-1" in code) and ("textarea" in code) and ("<select" in code)
    cards = write_code(read_of(page_widgets(), (1200, 900), monkeypatch), target, "page.jpg")
    assert validate_code(cards, target) == (cards, ())


def test_tidy_pulls_overlaps_apart_and_drops_doubles() -> None:
    widgets = [
        widget("Label", 40, 40, 300, 60),
        widget("Paragraph", 40, 90, 300, 100),  # overlaps the label by 10 px
        widget("Heading", 400, 40, 300, 80),
        widget("Heading", 410, 50, 280, 60),  # the same heading boxed twice
    ]
    tidied = tidy(widgets, 800, 300)
    assert len(tidied) == 3
    for a, b in itertools.combinations(tidied, 2):
        assert a.box.intersection(b.box) == 0


def test_tidy_trims_columns_whose_edges_reach_past_each_other() -> None:
    """A two-column form drawn zig-zag: no straight gap, so the layout would stack every box in
    reading order; trimmed, the columns part at one line."""
    widgets = [
        widget("TextBox", 100, 100, 520, 60),
        widget("TextBox", 600, 140, 500, 60),
        widget("Button", 100, 220, 530, 60),
        widget("Button", 610, 250, 480, 60),
    ]
    tidied = tidy(widgets, 1200, 400)
    left = max(w.box.right for w in tidied if w.box.x < 500)
    right = min(w.box.x for w in tidied if w.box.x >= 500)
    assert left <= right
    assert all(
        abs(a.box.w - b.box.w) <= 0.25 * b.box.w
        for a, b in zip(_by_place(tidied), _by_place(widgets), strict=True)
    )


def test_type_scale_follows_the_drawing_not_the_handwriting() -> None:
    small, large = fit_scale([30, 32, 34]), fit_scale([60, 62, 64])
    assert small.body < large.body
    heading = Box(0, 0, 900, 90)
    assert large.fitted(heading, "Short") > large.fitted(heading, "A much longer heading that needs room" * 2)
    words = Placeholders()
    assert len(words.words(1, 2, 3)) <= 3  # a small box gets a short word, not the next long one


def test_unknown_labels_are_ignored_and_cancel_stops_it() -> None:
    widgets = [widget("Button", 40, 40, 200, 60), widget("Spinner", 40, 140, 200, 60)]
    read = read_sketch(draw_sketch(widgets[:1], (400, 240)), detector_of(widgets))
    assert [e.kind.value for e in _leaves(read)] == ["button"]
    stop = Cancellation()
    stop.cancel()
    with pytest.raises(Cancelled):
        read_sketch(draw_sketch(widgets[:1], (400, 240)), detector_of(widgets), cancel=stop)


def _leaves(read: DesignRead) -> list[Element]:
    found = []
    stack = [read.tree]
    while stack:
        node = stack.pop()
        if node.element is not None and not node.children:
            found.append(node.element)
        stack.extend(node.children)
    return found


def _by_place(widgets: list[SketchBox] | tuple[SketchBox, ...]) -> list[SketchBox]:
    return sorted(widgets, key=lambda w: (w.box.y, w.box.x))
