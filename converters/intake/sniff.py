"""Tell what a file is from its first bytes, never from its name."""

from __future__ import annotations

import re
from enum import StrEnum

from converters.errors import UnsupportedFormatError
from converters.intake.names import display_name


class SourceFormat(StrEnum):
    """The formats ``load_design`` reads. Values are the short names shown to users."""

    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"
    GIF = "gif"
    BMP = "bmp"
    TIFF = "tiff"
    AVIF = "avif"
    SVG = "svg"
    PDF = "pdf"

    @property
    def label(self) -> str:
        return self.value.upper()

    @property
    def is_vector(self) -> bool:
        return self in (SourceFormat.SVG, SourceFormat.PDF)


ACCEPTED = "PNG, JPEG, WebP, GIF, BMP, TIFF, AVIF, SVG or PDF"
EXTENSIONS = ("png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "avif", "svg", "svgz", "pdf")

_SVG_ROOT = re.compile(rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>[]*(?:\[.*?\])?\s*>)*<svg[\s>/]", re.S)
_EXPORT_HINT = f"Export the design as {ACCEPTED} and upload that file."


def sniff_format(data: bytes, filename: str) -> SourceFormat:
    """Return the format of ``data``; raise ``UnsupportedFormatError`` saying what it is instead."""
    head = data[:64]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return SourceFormat.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return SourceFormat.JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return SourceFormat.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return SourceFormat.WEBP
    if head.startswith(b"BM"):
        return SourceFormat.BMP
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return SourceFormat.TIFF
    brands = _iso_brands(head)
    if brands & {b"avif", b"avis"}:
        return SourceFormat.AVIF
    if b"%PDF-" in data[:1024]:
        return SourceFormat.PDF
    if head.startswith(b"\x1f\x8b") and filename.lower().endswith(".svgz"):
        return SourceFormat.SVG
    if _SVG_ROOT.match(data.removeprefix(b"\xef\xbb\xbf")[:8192]):
        return SourceFormat.SVG
    raise UnsupportedFormatError(f"{display_name(filename)} {_describe(data, brands)}. {_EXPORT_HINT}")


def _iso_brands(head: bytes) -> set[bytes]:
    """Major and compatible brands of an ISO-BMFF ``ftyp`` box (AVIF, HEIC, MP4)."""
    if head[4:8] != b"ftyp":
        return set()
    size = int.from_bytes(head[:4], "big")
    box = head[8 : min(size, len(head))]
    return {box[i : i + 4] for i in range(0, len(box), 4) if i != 4}  # skip the minor version


def _describe(data: bytes, brands: set[bytes]) -> str:
    if not data:
        return "is empty (0 bytes): the upload or the export did not complete"
    if brands & {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}:
        return "is a HEIC/HEIF photo, which Handoff does not read; save it as JPEG first"
    if data.startswith(b"8BPS"):
        return "is a Photoshop document, not an exported image"
    if data.startswith(b"PK\x03\x04"):
        return "is a ZIP archive (a .fig, .sketch or .xd file is one); export frames from it"
    if brands:
        return "is a video or other ISO media file, not an image"
    text = data[:4096]
    lowered = text.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered:
        return "is an HTML page, not an image; take a screenshot of it"
    if b"<svg" in lowered:
        return "is not a readable SVG (the <svg> element must come first, after any XML prolog)"
    if _looks_like_text(text):
        return "holds plain text, not an image"
    return "is not an image or document Handoff recognises (its content matches no known format)"


def _looks_like_text(sample: bytes) -> bool:
    decoded = sample.decode("utf-8", "replace")  # the sample may end inside a character
    printable = sum((ch.isprintable() and ch != "\ufffd") or ch in "\r\n\t" for ch in decoded)
    return printable >= 0.95 * max(1, len(decoded))
