"""The offline engine reads a vector design at its CSS size, from its file's text and shapes."""

from __future__ import annotations

import re

import cairosvg
from PIL import Image

from converters import load_design
from converters.conversion import ConversionRequest
from converters.intake.vector import Rect, TextRun, VectorFacts, VectorShape
from converters.offline.classify import classify
from converters.offline.engine import OfflineEngine
from converters.offline.from_file import detection_from_facts
from converters.offline.reading import READ_BY_OCR, READ_FROM_FILE
from converters.targets import Target
from tests.builders import encode, mock_ui, svg
from tests.unit.test_intake_vector_svg import LOGIN


def _convert(data: bytes, name: str, target: Target) -> tuple[str, tuple[str, ...]]:
    conversion = OfflineEngine().convert(ConversionRequest(load_design(data, name), target))
    return conversion.code, conversion.notes


def test_an_800_px_svg_gives_code_for_an_800_px_page_with_its_exact_type() -> None:
    code, notes = _convert(LOGIN, "login.svg", Target.HTML_CSS)  # rendered at 1600 x 1200 px
    assert notes == (READ_FROM_FILE,)
    assert "max-width: 800px" in code and "1600px" not in code
    sizes = {int(size) for size in re.findall(r"(?:--text-[a-z0-9]+|font-size): (\d+)px", code)}
    assert {28, 14, 16} <= sizes  # the file's sizes, not ones measured from pixels
    assert max(sizes) == 28
    assert "Sign in" in code and "Continue" in code and "Email" in code


def test_the_react_target_says_the_same_width() -> None:
    code, _ = _convert(LOGIN, "login.svg", Target.REACT_TAILWIND)
    assert "max-w-[800px]" in code and "max-w-[1600px]" not in code


def test_an_svg_without_live_text_is_read_by_ocr_and_says_so() -> None:
    outlined = svg(
        '<rect x="20" y="20" width="120" height="40" fill="#2563eb"/>'
        '<path d="M30 30h20v20h-20z" fill="#fff"/>'
    )
    code, notes = _convert(outlined, "outlined.svg", Target.HTML_CSS)
    assert notes[0] == READ_BY_OCR and len(notes) == 2  # then as what kind its picture was read
    assert "max-width: 320px" in code  # its CSS size, though rendered at 640 px


def test_a_raster_designs_only_note_says_as_what_kind_it_was_read() -> None:
    _, notes = _convert(encode(mock_ui(), "PNG"), "mock.png", Target.HTML_CSS)
    assert len(notes) == 1 and notes[0].startswith("Read as a screenshot or mockup")


def _facts(shapes: tuple[VectorShape, ...], texts: tuple[TextRun, ...]) -> VectorFacts:
    return VectorFacts("pdf", 400, 300, texts, shapes)


def test_the_detection_takes_the_files_facts() -> None:
    link = TextRun("Read more", Rect(20, 200, 70, 16), "Inter", 14.0, 600, (37, 99, 235))
    facts = _facts(
        (
            VectorShape("rect", Rect(0, 0, 400, 300), fill=(250, 250, 250)),  # the page
            VectorShape("rect", Rect(20, 20, 200, 100), fill=(255, 255, 255)),
            VectorShape("rect", Rect(20, 20, 200, 100), stroke=(200, 200, 200), stroke_width=1.0),
            VectorShape("rect", Rect(20, 215, 70, 1.5), fill=(37, 99, 235)),  # the link's underline
            VectorShape("rect", Rect(300, 20, 80, 80), fill=(250, 250, 250)),  # unseen: page colour
        ),
        (link,),
    )
    detection = detection_from_facts(facts, Image.new("RGB", (400, 300), (250, 250, 250)))
    assert (detection.width, detection.height, detection.background) == (400, 300, (250, 250, 250))
    (card,) = detection.shapes  # one bordered box; no underline, no invisible square, no page
    assert (card.kind, card.fill, card.border, card.border_width) == (
        "box",
        (255, 255, 255),
        (200, 200, 200),
        1,
    )
    (line,) = detection.lines
    assert (line.text, line.size, line.weight, line.colour, line.background) == (
        "Read more", 14.0, 600, (37, 99, 235), (250, 250, 250),
    )  # fmt: skip


def test_a_picture_stands_as_its_mean_colour_and_as_a_band_under_text() -> None:
    image = Image.new("RGB", (400, 300), (255, 255, 255))
    image.paste((200, 40, 40), (0, 0, 400, 100))
    image.paste((40, 40, 200), (0, 150, 100, 250))
    title = TextRun("Welcome", Rect(20, 30, 120, 30), "Inter", 28.0, 700, (255, 255, 255))
    facts = _facts(
        (VectorShape("image", Rect(0, 0, 400, 100)), VectorShape("image", Rect(0, 150, 100, 100))),
        (title,),
    )
    band, picture = detection_from_facts(facts, image).shapes
    assert (band.kind, band.fill) == ("fill", (200, 40, 40))  # text over it: a band of its colour
    assert (picture.kind, picture.fill) == ("image", (40, 40, 200))


def test_a_dotted_border_printed_dot_by_dot_is_one_divider_and_list_bullets_stay_apart() -> None:
    dots = tuple(VectorShape("rect", Rect(20 + 2 * i, 150, 1, 1), fill=(200, 200, 200)) for i in range(100))
    bullets = tuple(VectorShape("rect", Rect(30, 200 + 17 * i, 4, 4), fill=(90, 90, 90)) for i in range(3))
    facts = _facts((*dots, *bullets), ())
    detection = detection_from_facts(facts, Image.new("RGB", (400, 300), (255, 255, 255)))
    dividers = [shape for shape in detection.shapes if shape.kind == "divider"]
    assert [(d.box.x, d.box.y, d.box.w, d.box.h) for d in dividers] == [(20, 150, 199, 1)]
    assert len(detection.shapes) == 1 + len(bullets)


INK = (51, 51, 51)
LINK = (190, 105, 0)


def _line_run(text: str, x: float, y: float, w: float, colour: tuple[int, int, int] = INK) -> TextRun:
    return TextRun(text, Rect(x, y, w, 16), "DejaVuSans", 14.0, 400, colour)


def test_a_disc_before_each_line_makes_the_lines_list_items_and_separate_elements() -> None:
    items = ("NASA funding to Randerson and Giglio", "Moore Foundation funding to Morton", "Vici grant")
    texts = tuple(_line_run(text, 48, 100 + 20 * i, 260) for i, text in enumerate(items))
    discs = tuple(VectorShape("ellipse", Rect(33, 106 + 20 * i, 4, 4), fill=INK, radius=2) for i in range(3))
    detection = detection_from_facts(_facts(discs, texts), Image.new("RGB", (400, 300), (255, 255, 255)))
    assert [line.item for line in detection.lines] == [True, True, True]
    texts_read = [element.text for element in classify(detection).elements if element.lines]
    assert texts_read == list(items)


def test_without_markers_the_same_lines_read_as_one_paragraph() -> None:
    texts = tuple(_line_run(text, 48, 100 + 20 * i, 260) for i, text in enumerate(("one line", "two")))
    detection = detection_from_facts(_facts((), texts), Image.new("RGB", (400, 300), (255, 255, 255)))
    assert [line.item for line in detection.lines] == [False, False]


def test_a_bullet_character_before_a_line_marks_it_as_an_item() -> None:
    texts = (
        _line_run("•", 20, 100, 6, colour=LINK),
        _line_run("Domain Registration", 40, 100, 160),
        _line_run("Domain Consultancy and Strategy", 40, 120, 250),
    )
    detection = detection_from_facts(_facts((), texts), Image.new("RGB", (400, 300), (255, 255, 255)))
    items = {line.text: line.item for line in detection.lines}
    assert items["Domain Registration"] and not items["Domain Consultancy and Strategy"]


def test_a_link_in_its_own_colour_joins_its_line_but_a_badge_on_its_own_fill_does_not() -> None:
    texts = (
        _line_run("Please visit", 20, 100, 80),
        _line_run("our site", 104, 100, 55, colour=LINK),
        _line_run("Pricing", 20, 200, 50),
        _line_run("NEW", 74, 200, 30, colour=(255, 255, 255)),
    )
    badge = VectorShape("rect", Rect(72, 198, 34, 20), fill=(220, 38, 38), radius=4)
    detection = detection_from_facts(_facts((badge,), texts), Image.new("RGB", (400, 300), (255, 255, 255)))
    lines = {line.text: line for line in detection.lines}
    assert set(lines) == {"Please visit our site", "Pricing", "NEW"}
    assert [(span.text, span.colour) for span in lines["Please visit our site"].spans] == [
        ("Please visit ", INK),
        ("our site", LINK),
    ]


def test_a_pdf_whose_checkbox_and_radio_are_characters_gives_a_checkbox_and_a_radio() -> None:
    page = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">
      <text x="20" y="40" font-family="DejaVu Sans" font-size="16" fill="#36454e">\u2610 Yes</text>
      <text x="20" y="80" font-family="DejaVu Sans" font-size="16" fill="#36454e">\u26aa No</text>
    </svg>""".encode()
    code, _ = _convert(cairosvg.svg2pdf(bytestring=page), "form.pdf", Target.HTML_CSS)
    assert 'type="checkbox"> Yes' in code and 'type="radio"> No' in code
    assert "\u2610" not in code and "\u26aa" not in code
