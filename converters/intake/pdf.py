"""PDF pages through pypdfium2: one page rendered on white, page count and limits checked."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from converters.errors import (
    CorruptFileError,
    EncryptedDocumentError,
    LimitExceededError,
    PageNotFoundError,
)
from converters.intake.limits import IntakeLimits
from converters.intake.raster import check_pixels

logger = logging.getLogger(__name__)

# PDFium is not thread-safe, and Streamlit serves each browser session from its own thread.
_PDFIUM_LOCK = threading.Lock()
_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
_FPDF_ERR_PASSWORD = 4


@dataclass(frozen=True)
class RenderedPage:
    image: Image.Image
    page_count: int
    scale: float
    notes: tuple[str, ...]


def render_pdf_page(data: bytes, page: int, name: str, limits: IntakeLimits) -> RenderedPage:
    """Render page ``page`` (1-based) of a PDF at ``limits.vector_scale`` pixels per point."""
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
    try:
        pdf_page = document[page - 1]
        try:
            width, height = pdf_page.get_size()
            if not (width > 0 and height > 0):
                raise CorruptFileError(f"Page {page} of {name} has no area; export it again.")
            if max(width, height) > limits.max_vector_side:
                raise LimitExceededError(
                    f"Page {page} of {name} is {width:,.0f} × {height:,.0f} pt; the limit is "
                    f"{limits.max_vector_side:,} pt per side. Export the frame at its own size."
                )
            scale, out_w, out_h = limits.vector_fit(width, height)
            check_pixels(out_w, out_h, name, limits)
            bitmap = pdf_page.render(scale=scale, fill_color=(255, 255, 255, 255), may_draw_forms=True)
            try:
                image = bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
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
    return RenderedPage(image=image, page_count=count, scale=scale, notes=tuple(notes))


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."
