"""A PDF's text layer and shapes are read from the file (``DesignImage.vector``), in CSS px."""

from __future__ import annotations

import ctypes
import io

import cairosvg
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from converters import load_design
from converters.intake.pdf_facts import _Glyph, _without_shadows
from converters.intake.vector import TextRun, VectorFacts
from tests.builders import pdf

FONT = b'font-family="DejaVu Sans"'
PRINTED = b"""<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
  <rect width="800" height="600" fill="#f3f4f6"/>
  <rect x="200" y="110" width="400" height="300" rx="12" fill="#ffffff"/>
  <text x="240" y="180" font-size="28" font-weight="bold" fill="#111827">Sign in</text>
  <text x="240" y="220" font-size="14" fill="#6b7280">Welcome back, friend</text>
  <text x="240" y="260" font-size="14" letter-spacing="2" fill="#6b7280">SPACED OUT</text>
</svg>""".replace(b"<text ", b"<text " + FONT + b" ")


def _texts(facts: VectorFacts | None) -> dict[str, TextRun]:
    assert facts is not None
    return {run.text: run for run in facts.texts}


def test_a_printed_pdf_gives_exact_texts_at_its_css_size() -> None:
    # cairo prints at 96 CSS px per inch, as browsers do: 800 px is 600 pt.
    design = load_design(cairosvg.svg2pdf(bytestring=PRINTED), "login.pdf")
    assert design.css_size == (800, 600)
    facts = design.vector
    assert facts is not None and facts.source == "pdf" and facts.has_text
    texts = _texts(facts)
    assert {"Sign in", "Welcome back, friend", "SPACED OUT"} <= set(texts)
    heading = texts["Sign in"]
    assert heading.font_size == 28.0 and heading.font_weight == 700 and heading.colour == (17, 24, 39)
    assert abs(heading.box.x - 240) <= 3 and heading.box.y < 180 < heading.box.bottom
    body = texts["Welcome back, friend"]
    assert (body.font_size, body.font_weight, body.colour) == (14.0, 400, (107, 114, 128))


def test_a_printed_pdf_gives_its_shapes_with_radius() -> None:
    facts = load_design(cairosvg.svg2pdf(bytestring=PRINTED), "login.pdf").vector
    assert facts is not None
    card = next(shape for shape in facts.shapes if shape.fill == (255, 255, 255))
    assert card.kind == "rect" and abs(card.radius - 12) <= 1
    assert [round(v) for v in (card.box.x, card.box.y, card.box.w, card.box.h)] == [200, 110, 400, 300]


def _made_pdf(*, rotated: bool = False) -> bytes:
    """A 400 x 300 pt page written with PDFium: a bold red title, a blue rectangle (1 pt = 1 px)."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(400, 300)
    font = pdfium_c.FPDFText_LoadStandardFont(document.raw, b"Helvetica-Bold")
    title = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, 20.0)
    text = ctypes.create_string_buffer("Quarterly report\0".encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(title, ctypes.cast(text, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_SetFillColor(title, 200, 0, 0, 255)
    if rotated:
        pdfium_c.FPDFPageObj_Transform(title, 0, 1, -1, 0, 100, 100)
    else:
        pdfium_c.FPDFPageObj_Transform(title, 1, 0, 0, 1, 40, 250)
    pdfium_c.FPDFPage_InsertObject(page.raw, title)
    box = pdfium_c.FPDFPageObj_CreateNewRect(40, 40, 120, 50)
    pdfium_c.FPDFPageObj_SetFillColor(box, 37, 99, 235, 255)
    pdfium_c.FPDFPath_SetDrawMode(box, pdfium_c.FPDF_FILLMODE_ALTERNATE, 0)
    pdfium_c.FPDFPage_InsertObject(page.raw, box)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_design_tools_pdf_is_one_point_per_px() -> None:
    design = load_design(_made_pdf(), "report.pdf")
    assert design.css_size == (400, 300)
    facts = design.vector
    title = _texts(facts)["Quarterly report"]
    assert (title.font_size, title.font_weight, title.colour) == (20.0, 700, (200, 0, 0))
    assert abs(title.box.x - 40) <= 2 and title.box.y < 50 < title.box.bottom  # baseline 300 - 250
    assert facts is not None
    (box,) = facts.shapes
    assert (box.kind, box.fill) == ("rect", (37, 99, 235))
    assert [round(v) for v in (box.box.x, box.box.y, box.box.w, box.box.h)] == [40, 210, 120, 50]


def test_rotated_text_is_skipped_and_said() -> None:
    facts = load_design(_made_pdf(rotated=True), "turned.pdf").vector
    assert facts is not None and not facts.has_text
    assert any("rotated" in note for note in facts.notes)


def test_a_scanned_page_has_no_text_layer() -> None:
    facts = load_design(pdf([Image.new("RGB", (300, 200), (240, 240, 240))]), "scan.pdf").vector
    assert facts is not None and not facts.has_text
    assert [shape.kind for shape in facts.shapes] == ["image"]


def test_a_text_shadow_drawn_glyph_by_glyph_is_not_read_as_text() -> None:
    grey, white = (
        ("DejaVuSans", 16.0, 400, (112, 112, 112), False),
        ("DejaVuSans", 16.0, 400, (255, 255, 255), False),
    )
    # As Chromium prints ``text-shadow: #fff 1px 1px``: each glyph, then its shadow 1 px down and right.
    glyphs = [
        _Glyph("o", 10, 10, 19, 29, grey), _Glyph("o", 11, 11, 20, 30, white),
        _Glyph("f", 19, 10, 25, 29, grey), _Glyph("f", 20, 11, 26, 30, white),
        _Glyph("f", 24, 10, 30, 29, grey), _Glyph("f", 25, 11, 31, 30, white),
    ]  # fmt: skip
    kept = _without_shadows(glyphs)
    assert [(glyph.char, glyph.style[3]) for glyph in kept] == [
        ("o", grey[3]),
        ("f", grey[3]),
        ("f", grey[3]),
    ]


def test_double_letters_in_a_narrow_face_are_not_taken_for_a_shadow() -> None:
    ink = ("DejaVuSansCondensed", 16.0, 400, (51, 51, 51), False)
    glyphs = [_Glyph("l", 10, 10, 13, 29, ink), _Glyph("l", 13.5, 10, 16.5, 29, ink)]  # "ll", 0.22 em apart
    assert len(_without_shadows(glyphs)) == 2


def test_an_icon_fonts_glyph_is_an_icon_not_text() -> None:
    page = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">
      <text x="20" y="50" font-family="DejaVu Sans" font-size="16" fill="#333333">About \ue902</text>
    </svg>""".encode()
    facts = load_design(cairosvg.svg2pdf(bytestring=page), "nav.pdf").vector
    assert facts is not None
    assert [run.text for run in facts.texts] == ["About"]  # the icon's code point is no word
    (icon,) = [shape for shape in facts.shapes if shape.stroke == (51, 51, 51)]
    assert icon.kind == "path" and icon.box.x > 60


def test_a_ballot_box_and_a_radio_circle_set_as_characters_are_controls_not_text() -> None:
    page = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">
      <text x="20" y="40" font-family="DejaVu Sans" font-size="16" fill="#36454e">\u2610 Yes</text>
      <text x="20" y="80" font-family="DejaVu Sans" font-size="16" fill="#36454e">\u26aa No</text>
    </svg>""".encode()
    facts = load_design(cairosvg.svg2pdf(bytestring=page), "form.pdf").vector
    assert facts is not None
    assert [run.text for run in facts.texts] == ["Yes", "No"]
    controls = [shape for shape in facts.shapes if shape.stroke == (54, 69, 78)]
    assert [shape.kind for shape in controls] == ["rect", "ellipse"]
    assert all(abs(shape.box.w - shape.box.h) < 0.01 and shape.box.x < 40 for shape in controls)


def test_text_painted_over_its_shadow_glyph_by_glyph_is_read_in_its_own_colour_and_place() -> None:
    # As Chromium prints ``text-shadow: #fff 1px 1px``: the shadow's glyphs, then the text's over
    # them; PDFium's text page keeps only the shadow's characters.
    shadow = "".join(
        f'<text x="{20 + 11 * i + 0.75}" y="40.75" fill="#ffffff">{c}</text>' for i, c in enumerate("Upon")
    )
    text = "".join(f'<text x="{20 + 11 * i}" y="40" fill="#707070">{c}</text>' for i, c in enumerate("Upon"))
    page = f"""<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100"
      font-family="DejaVu Sans" font-size="16"><rect width="400" height="100" fill="#f0f0f0"/>
      {shadow}{text}</svg>""".encode()
    data = cairosvg.svg2pdf(bytestring=page)
    assert pdfium.PdfDocument(data)[0].get_textpage().get_text_range() == "Upon"  # one copy left
    facts = load_design(data, "shadow.pdf").vector
    assert facts is not None
    (run,) = facts.texts
    assert (run.text, run.colour) == ("Upon", (112, 112, 112))
    assert abs(run.box.x - 20) < 0.2  # the text's place, not its shadow's 0.75 px right
