"""PDF pages through pypdfium2: one page rendered on white, page count and limits checked."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Final

import pypdfium2 as pdfium
from PIL import Image

from converters.errors import (
    CorruptFileError,
    EncryptedDocumentError,
    LimitExceededError,
    PageNotFoundError,
)
from converters.intake.limits import IntakeLimits
from converters.intake.pdf_facts import read_pdf_facts
from converters.intake.raster import check_pixels
from converters.intake.vector import VectorFacts

logger = logging.getLogger(__name__)

# PDFium is not thread-safe, and Streamlit serves each browser session from its own thread.
_PDFIUM_LOCK = threading.Lock()
_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
_FPDF_ERR_PASSWORD = 4
PRINTED_AT_96_DPI: Final = ("Skia/PDF", "cairo")
"""Producers of PDFs printed from CSS px at 96 px per inch (Chromium, Chrome, Edge and Penpot's
exporter use Skia; Firefox and Inkscape use cairo): one CSS px is 0.75 pt. Other producers
(Figma, Sketch) export one point per px."""
CSS_PX_PER_PRINTED_POINT: Final = 96 / 72


@dataclass(frozen=True)
class RenderedPage:
    image: Image.Image
    page_count: int
    scale: float
    """Pixels per CSS px (a point, or 4/3 of one for a browser's print: ``PRINTED_AT_96_DPI``)."""
    notes: tuple[str, ...]
    facts: VectorFacts | None = None


def render_pdf_page(data: bytes, page: int, name: str, limits: IntakeLimits) -> RenderedPage:
    """Render page ``page`` (1-based) of a PDF at ``limits.vector_scale`` pixels per CSS px, and
    read its text layer and shapes (``facts``; ``None`` with a note when they cannot be read)."""
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            # PDFium's error codes are process-global state, so the bytes are checked as well.
            if getattr(exc, "err_code", None) == _FPDF_ERR_PASSWORD or b"/Encrypt" in data:
                raise EncryptedDocumentError(
                    f"{name} is protected by a password. Remove the protection (print it to a "
                    "new PDF, or export the design again without a password) and upload that."
                ) from exc
            if _EMPTY_PAGE_TREE.search(data):
                # PDFium refuses a document whose page tree is empty, with no useful error code.
                raise CorruptFileError(
                    f"{name} has no pages that can be read. Export the design again."
                ) from exc
            raise CorruptFileError(
                f"{name} is not a readable PDF ({_reason(exc)}). Export it again."
            ) from exc
        try:
            return _render(document, page, name, limits)
        finally:
            document.close()


def _render(document: pdfium.PdfDocument, page: int, name: str, limits: IntakeLimits) -> RenderedPage:
    count = len(document)
    if count == 0:
        raise CorruptFileError(f"{name} has no pages. Export the design again.")
    if count > limits.max_pdf_pages:
        raise LimitExceededError(
            f"{name} has {count} pages; the limit is {limits.max_pdf_pages}. "
            "Export only the screens you want to convert."
        )
    if not 1 <= page <= count:
        raise PageNotFoundError(
            f"{name} has {count} page{'s' if count != 1 else ''}; there is no page {page}. "
            f"Choose a page from 1 to {count}."
        )
    px_per_pt = _css_px_per_point(document)
    facts: VectorFacts | None = None
    fact_notes: list[str] = []
    try:
        pdf_page = document[page - 1]
        try:
            points_w, points_h = pdf_page.get_size()
            width, height = points_w * px_per_pt, points_h * px_per_pt
            if not (width > 0 and height > 0):
                raise CorruptFileError(f"Page {page} of {name} has no area; export it again.")
            if max(width, height) > limits.max_vector_side:
                raise LimitExceededError(
                    f"Page {page} of {name} is {width:,.0f} × {height:,.0f} pt; the limit is "
                    f"{limits.max_vector_side:,} pt per side. Export the frame at its own size."
                )
            scale, out_w, out_h = limits.vector_fit(width, height)
            check_pixels(out_w, out_h, name, limits)
            bitmap = pdf_page.render(
                scale=scale * px_per_pt, fill_color=(255, 255, 255, 255), may_draw_forms=True
            )
            try:
                image = bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
            facts = _facts(pdf_page, px_per_pt, fact_notes)
        finally:
            pdf_page.close()
    except (CorruptFileError, LimitExceededError):
        raise
    except Exception as exc:
        logger.info("pdfium failed on %s page %d: %s", name, page, exc)
        raise CorruptFileError(
            f"Page {page} of {name} could not be drawn ({_reason(exc)}). Export it again."
        ) from exc
    notes = [f"Page {page} of {count}."] if count > 1 else []
    if scale < limits.vector_scale:
        notes.append(
            f"Rendered at {scale:.2g}× instead of {limits.vector_scale:g}× to stay within the pixel limit."
        )
    notes.extend(fact_notes)
    return RenderedPage(image=image, page_count=count, scale=scale, notes=tuple(notes), facts=facts)


def _css_px_per_point(document: pdfium.PdfDocument) -> float:
    """CSS px per point: 4/3 for a page a browser printed (``PRINTED_AT_96_DPI``), else 1."""
    try:
        producer = str(document.get_metadata_dict().get("Producer", ""))
    except pdfium.PdfiumError:
        return 1.0
    return CSS_PX_PER_PRINTED_POINT if producer.startswith(PRINTED_AT_96_DPI) else 1.0


def _facts(pdf_page: pdfium.PdfPage, px_per_pt: float, notes: list[str]) -> VectorFacts | None:
    """The page's text and shapes; ``None`` (and a note) for a rotated page or one PDFium cannot
    read them from, whose picture is read instead."""
    if pdf_page.get_rotation() % 360:
        notes.append("The page is rotated: its text is read from the picture, not the file.")
        return None
    try:
        return read_pdf_facts(pdf_page, px_per_pt)
    except (pdfium.PdfiumError, ValueError, OverflowError, MemoryError) as exc:
        logger.info("pdf facts failed: %s", exc)
        notes.append("The page's text layer could not be read: its text is read from the picture.")
        return None


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."
