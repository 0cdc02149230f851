"""Raster formats through Pillow: header checks, first frame, orientation, colour, alpha.

Handoff's pixel limit is checked right after ``Image.open`` has read the header and before any
pixel is decoded. Pillow's global ``MAX_IMAGE_PIXELS`` guard is left at its default (a warning
above ~89 MP, an error above ~179 MP) because the limit here is configurable per call; when
Pillow's guard fires first, it is reported as the same ``LimitExceededError``.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageCms, ImageOps

from converters.errors import CorruptFileError, LimitExceededError
from converters.intake.limits import IntakeLimits
from converters.intake.sniff import SourceFormat

logger = logging.getLogger(__name__)

# Pillow's format names, so Image.open tries only the plugin the content was sniffed as.
_PILLOW_FORMATS = {
    SourceFormat.PNG: ("PNG",),
    SourceFormat.JPEG: ("JPEG", "MPO"),
    SourceFormat.WEBP: ("WEBP",),
    SourceFormat.GIF: ("GIF",),
    SourceFormat.BMP: ("BMP",),
    SourceFormat.TIFF: ("TIFF",),
    SourceFormat.AVIF: ("AVIF",),
}
_TRANSPARENT_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_SRGB = ImageCms.createProfile("sRGB")
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Decoded:
    """An RGB image plus what was done to get it."""

    image: Image.Image
    notes: tuple[str, ...]


def decode_raster(data: bytes, fmt: SourceFormat, name: str, limits: IntakeLimits) -> Decoded:
    """Decode ``data`` (already sniffed as ``fmt``) into one RGB image.

    The pixel limit is checked from the header, before any pixel is decoded. Any failure of
    the decoder becomes ``CorruptFileError``: on untrusted bytes Pillow raises many types.
    """
    notes: list[str] = []
    try:
        image: Image.Image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS[fmt])
        check_pixels(image.width, image.height, name, limits)
        frames = getattr(image, "n_frames", 1) if getattr(image, "is_animated", False) else 1
        if frames > 1:
            kind = "TIFF has" if fmt is SourceFormat.TIFF else f"Animated {fmt.label} with"
            noun = "pages" if fmt is SourceFormat.TIFF else "frames"
            notes.append(f"{kind} {frames} {noun}: converted the first.")
            image.seek(0)
        image.load()
        orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
        if orientation in range(2, 9):
            image = ImageOps.exif_transpose(image)
            notes.append("Rotated upright as its EXIF orientation asks.")
        image = _to_rgb(image, notes)
    except (LimitExceededError, CorruptFileError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard fires inside Image.open, before check_pixels could run: only for
        # sizes far above Handoff's limit, so the answer is the same, in Handoff's words.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f" {int(found.group(1)) / 1e6:,.0f} megapixels" if found else " more pixels than that"
        raise LimitExceededError(
            f"{name} declares{size}; the limit is {limits.max_pixels / 1e6:.0f} megapixels. {_SMALLER_HINT}"
        ) from exc
    except Exception as exc:
        logger.info("decoding %s failed: %s: %s", fmt.value, type(exc).__name__, exc)
        raise CorruptFileError(_corrupt_message(name, fmt, exc)) from exc
    return Decoded(image=image, notes=tuple(notes))


_SMALLER_HINT = "Export it at a smaller size or crop it to the screen you want to convert."


def check_pixels(width: int, height: int, name: str, limits: IntakeLimits) -> None:
    """Refuse sizes outside ``limits`` before any decoding or rendering happens."""
    if width * height > limits.max_pixels:
        raise LimitExceededError(
            f"{name} is {width:,} × {height:,} px ({width * height / 1e6:.1f} megapixels); "
            f"the limit is {limits.max_pixels / 1e6:.0f} megapixels. {_SMALLER_HINT}"
        )
    if min(width, height) < limits.min_side:
        raise LimitExceededError(
            f"{name} is only {width} × {height} px, too small to hold a design "
            f"(each side needs at least {limits.min_side} px). Upload the full screen or frame."
        )


def _corrupt_message(name: str, fmt: SourceFormat, exc: Exception) -> str:
    detail = str(exc).lower()
    if "truncated" in detail or isinstance(exc, EOFError) or "broken data stream" in detail:
        return (
            f"{name} is an incomplete {fmt.label} file: it ends before the image does. "
            "The upload or export was probably cut off; export it again."
        )
    return (
        f"{name} looks like a {fmt.label} file but cannot be decoded: it is damaged or uses a "
        f"variant Handoff does not read. Open it in an image editor and export it again as PNG."
    )


def _to_rgb(image: Image.Image, notes: list[str]) -> Image.Image:
    """Any Pillow mode to 8-bit RGB: deep images scaled, alpha composited on white, sRGB."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        image = _deep_to_l(image)
        notes.append("Reduced 16-bit (or deeper) grey levels to 8 bits.")
    has_alpha = image.mode in _TRANSPARENT_MODES or "transparency" in image.info
    if has_alpha:
        image = _flatten_on_white(image.convert("RGBA"), notes)
    if icc and image.mode in ("RGB", "CMYK"):
        image = _to_srgb(image, icc, notes)
    return image if image.mode == "RGB" else image.convert("RGB")


def _deep_to_l(image: Image.Image) -> Image.Image:
    """16-bit and float grey to 8 bits by scaling, not clipping (Pillow's convert clips)."""
    values = np.asarray(image).astype(np.float32)
    # Float images are 0..1 or 0..255 by convention; integer ones come from 16-bit sources.
    top = 65535.0
    if image.mode == "F":
        top = 1.0 if float(values.max(initial=0.0)) <= 1.0 else 255.0
    scaled = np.clip(values * (255.0 / top), 0, 255).round().astype(np.uint8)
    return Image.fromarray(scaled)


def _flatten_on_white(rgba: Image.Image, notes: list[str]) -> Image.Image:
    alpha = rgba.getchannel("A")
    if alpha.getextrema() == (255, 255):
        return rgba.convert("RGB")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=alpha)
    notes.append("Placed the transparent parts on a white background.")
    return flat


def _to_srgb(image: Image.Image, icc: bytes, notes: list[str]) -> Image.Image:
    """Convert from an embedded colour profile to sRGB, so sampled hex codes are web colours."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = ImageCms.getProfileDescription(profile).strip()
        if image.mode == "RGB" and "srgb" in description.lower():
            return image  # already sRGB: converting would only cost time
        converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        notes.append("Ignored an embedded colour profile that could not be read; colours may shift.")
        logger.info("colour profile ignored: %s", exc)
        return image
    assert converted is not None  # inPlace=False always returns an image
    notes.append(f"Converted colours from the embedded profile “{description}” to sRGB.")
    return converted
