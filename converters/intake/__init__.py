"""Design intake: uploaded bytes in, one normalised ``DesignImage`` out, or an ``IntakeError``.

Formats are recognised by content (the file name only appears in messages): PNG, JPEG, WebP,
GIF (first frame), BMP, TIFF (first page), AVIF, SVG/SVGZ (cairosvg, safe mode) and PDF
(pypdfium2, one page). Every limit in ``IntakeLimits`` is checked before the expensive step
it protects, and every failure, whatever raised it underneath, reaches the caller as an
``IntakeError`` whose message says what is wrong and what to do.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import PurePath

from converters.errors import LimitExceededError, PageNotFoundError
from converters.intake.design import DesignImage
from converters.intake.figma_frame import FigmaFrame
from converters.intake.figma_png import FrameChunkError, frame_in
from converters.intake.limits import MB, IntakeLimits, ModelImagePolicy
from converters.intake.names import base_name, display_name
from converters.intake.pdf import render_pdf_page
from converters.intake.raster import decode_raster
from converters.intake.sniff import ACCEPTED, EXTENSIONS, SourceFormat, sniff_format
from converters.intake.svg import render_svg
from converters.intake.vector import VectorFacts
from converters.intake.vector_paint import painted

__all__ = [
    "ACCEPTED",
    "EXTENSIONS",
    "DesignImage",
    "FigmaFrame",
    "IntakeLimits",
    "ModelImagePolicy",
    "SourceFormat",
    "VectorFacts",
    "load_design",
]

logger = logging.getLogger(__name__)


def load_design(
    data: bytes,
    filename: str,
    *,
    page: int = 1,
    limits: IntakeLimits | None = None,
    model_policy: ModelImagePolicy | None = None,
) -> DesignImage:
    """Normalise an uploaded design into an RGB ``DesignImage``.

    ``page`` (1-based) picks the page of a PDF; other formats accept only page 1.
    Raises ``IntakeError`` (or a subclass) with a message meant for the user.
    """
    limits = limits or IntakeLimits()
    name = display_name(filename)
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"{name} is {len(data) / MB:.1f} MB; the limit is {limits.max_bytes / MB:.0f} MB. "
            "Export it at a smaller size, or as JPEG or WebP instead of PNG."
        )
    fmt = sniff_format(data, filename)
    notes: list[str] = []
    if _extension_disagrees(filename, fmt):
        notes.append(
            f"The file is named “{base_name(filename)}” but holds {fmt.label}; read it as {fmt.label}."
        )
    page_count, scale = 1, 1.0
    vector: VectorFacts | None = None
    if fmt is SourceFormat.PDF:
        rendered = render_pdf_page(data, page, name, limits)
        image, page_count, scale = rendered.image, rendered.page_count, rendered.scale
        vector = rendered.facts
        notes.extend(rendered.notes)
    elif page != 1:
        raise PageNotFoundError(f"{name} is a {fmt.label} image with one page; there is no page {page}.")
    elif fmt is SourceFormat.SVG:
        svg = render_svg(data, name, limits)
        image, scale, vector = svg.image, svg.scale, svg.facts
        notes.extend(svg.notes)
    else:
        decoded = decode_raster(data, fmt, name, limits)
        image = decoded.image
        notes.extend(decoded.notes)
    figma = _figma_frame(data, name, notes) if fmt is SourceFormat.PNG else None
    design = DesignImage(
        _image=image,
        source_name=base_name(filename) or "upload",
        source_format=fmt,
        source_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=image.width,
        height=image.height,
        page=page,
        page_count=page_count,
        scale=scale,
        notes=tuple(notes),
        model_policy=model_policy or ModelImagePolicy(),
        vector=painted(vector, image, scale) if vector is not None else None,
        figma=figma,
    )
    logger.info(
        "loaded %s: %s %dx%d page %d/%d", name, fmt.value, design.width, design.height, page, page_count
    )
    return design


def _figma_frame(data: bytes, name: str, notes: list[str]) -> FigmaFrame | None:
    """The Figma frame a PNG carries (a design imported from Figma, saved and opened again)."""
    try:
        return frame_in(data)
    except FrameChunkError as exc:
        notes.append(f"{name} carries Figma layers, but {exc}: it is read from its pixels instead.")
        return None


_EXTENSION_FORMATS = {
    "png": SourceFormat.PNG, "jpg": SourceFormat.JPEG, "jpeg": SourceFormat.JPEG,
    "webp": SourceFormat.WEBP, "gif": SourceFormat.GIF, "bmp": SourceFormat.BMP,
    "tif": SourceFormat.TIFF, "tiff": SourceFormat.TIFF, "avif": SourceFormat.AVIF,
    "svg": SourceFormat.SVG, "svgz": SourceFormat.SVG, "pdf": SourceFormat.PDF,
}  # fmt: skip


def _extension_disagrees(filename: str, fmt: SourceFormat) -> bool:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    expected = _EXTENSION_FORMATS.get(suffix)
    return expected is not None and expected is not fmt
