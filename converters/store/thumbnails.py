"""Small PNG previews for the library grid: at most 320 × 240 px, never enlarged."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from converters.errors import StoreError

THUMBNAIL_SIZE = (320, 240)
# A result screenshot is at most a few thousand pixels a side; anything far bigger is refused
# before it is decoded.
MAX_SOURCE_PIXELS = 60_000_000


def thumbnail_of(image: Image.Image) -> bytes:
    """``image`` scaled down (aspect kept) to fit 320 × 240, as PNG bytes; RGB or RGBA kept."""
    width, height = image.size
    scale = min(1.0, THUMBNAIL_SIZE[0] / width, THUMBNAIL_SIZE[1] / height)
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def thumbnail_of_bytes(data: bytes) -> bytes:
    """``thumbnail_of`` an encoded image (a PNG screenshot); ``StoreError`` if it is not one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_SOURCE_PIXELS:
                    raise StoreError(
                        f"The result screenshot is {image.width} × {image.height} px, too large "
                        "for a thumbnail."
                    )
                image.load()
                return thumbnail_of(image)
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise StoreError(f"The result thumbnail is not an image Pillow can read ({exc}).") from exc
