"""PDF pages: pick a page, report the count, refuse what cannot or should not be read."""

from __future__ import annotations

import io

import cairosvg
import pypdf
import pytest
from PIL import Image

from converters import (
    CorruptFileError,
    EncryptedDocumentError,
    IntakeLimits,
    LimitExceededError,
    PageNotFoundError,
    SourceFormat,
    load_design,
)
from tests.builders import BUTTON, HEADER, MOCK_SVG_BODY, mock_ui, pdf, svg


def _three_pages() -> bytes:
    colours = [(220, 38, 38), (37, 99, 235), (22, 163, 74)]
    return pdf([Image.new("RGB", (300, 200), colour) for colour in colours])


def test_a_cairo_printed_pdf_renders_at_twice_its_css_size() -> None:
    # cairo prints CSS px at 96 per inch (320 x 200 px = 240 x 150 pt): the design is 320 px wide.
    data = cairosvg.svg2pdf(bytestring=svg(MOCK_SVG_BODY))
    design = load_design(data, "frame.pdf")
    assert design.source_format is SourceFormat.PDF
    assert (design.page, design.page_count, design.scale) == (1, 1, 2.0)
    assert (design.width, design.height) == (640, 400)
    assert design.css_size == (320, 200)
    image = design.image()
    assert image.getpixel((10, 10)) == HEADER
    assert image.getpixel((66, 326)) == BUTTON
    assert image.getpixel((630, 390)) == (255, 255, 255)


@pytest.mark.parametrize(("page", "colour"), [(1, (220, 38, 38)), (2, (37, 99, 235)), (3, (22, 163, 74))])
def test_page_is_chosen_and_counted(page: int, colour: tuple[int, int, int]) -> None:
    design = load_design(_three_pages(), "deck.pdf", page=page)
    assert (design.page, design.page_count) == (page, 3)
    pixel = design.image().getpixel((100, 100))
    assert all(abs(a - b) <= 3 for a, b in zip(pixel, colour, strict=True))  # JPEG inside the PDF
    assert f"Page {page} of 3." in design.notes


@pytest.mark.parametrize("page", [0, 4, 99])
def test_page_out_of_range(page: int) -> None:
    with pytest.raises(
        PageNotFoundError, match=rf"has 3 pages; there is no page {page}\. Choose a page from 1 to 3"
    ):
        load_design(_three_pages(), "deck.pdf", page=page)


def test_zero_page_pdf() -> None:
    buffer = io.BytesIO()
    pypdf.PdfWriter().write(buffer)
    with pytest.raises(CorruptFileError, match="has no pages"):
        load_design(buffer.getvalue(), "empty.pdf")


def test_encrypted_pdf_asks_for_the_protection_to_be_removed() -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(_three_pages()))
    writer.encrypt(user_password="letmein", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(EncryptedDocumentError, match="protected by a password. Remove the protection"):
        load_design(buffer.getvalue(), "locked.pdf")


def test_owner_only_protection_still_opens() -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(_three_pages()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert load_design(buffer.getvalue(), "restricted.pdf").page_count == 3


def test_page_count_limit() -> None:
    with pytest.raises(LimitExceededError, match="has 3 pages; the limit is 2"):
        load_design(_three_pages(), "deck.pdf", limits=IntakeLimits(max_pdf_pages=2))


def test_huge_page_is_refused() -> None:
    data = cairosvg.svg2pdf(bytestring=svg("<rect width='10' height='10'/>", width="40000", height="100"))
    with pytest.raises(LimitExceededError, match="limit is 20,000 pt per side"):
        load_design(data, "banner.pdf")


def test_truncated_pdf() -> None:
    data = pdf([mock_ui()])
    with pytest.raises(CorruptFileError, match="not a readable PDF|could not be drawn"):
        load_design(data[: len(data) // 3], "cut.pdf")
