"""Bytes the app page shows beside a preview (the original), sent with the page that holds them."""

from __future__ import annotations

import base64
import functools
import io
from typing import Final

from PIL import Image


def inline_url(data: bytes, mimetype: str) -> str:
    """``data`` as a ``data:`` URL: it travels with the page that holds it."""
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"


VARIANT_PICTURE_WIDTH: Final = 480
"""Width (px) of a variant's picture in the strip: four side by side on a laptop screen, sharp
at twice the size they are shown."""


def render_thumbnail(png: bytes) -> bytes | None:
    """The first screen of a rendered page (its top, 4:3 of its width), scaled to
    ``VARIANT_PICTURE_WIDTH``: what tells variants apart at a glance. ``None`` if unreadable."""
    try:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            top = image.convert("RGB").crop((0, 0, image.width, min(image.height, image.width * 3 // 4)))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if top.width > VARIANT_PICTURE_WIDTH:
        height = max(1, round(top.height * VARIANT_PICTURE_WIDTH / top.width))
        top = top.resize((VARIANT_PICTURE_WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    top.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


LIVE_PICTURE_MAX_WIDTH: Final = 1460
"""px: ``st.image`` scales anything wider than twice its 730 px content width down, and re-encodes
anything not in the format it sends, on every draw; the live view draws the design each second."""
LIVE_PICTURE_FORMAT: Final = "JPEG"
LIVE_PICTURE_QUALITY: Final = 90  # what st.image itself would encode with
LIVE_PICTURES_KEPT: Final = 16
"""Pictures of designs being converted now: one per converting session is plenty."""


@functools.lru_cache(maxsize=LIVE_PICTURES_KEPT)
def live_picture(data: bytes) -> bytes:
    """The picture ``data`` (a design's display copy) as ``st.image`` sends it, made once: a
    ``LIVE_PICTURE_FORMAT`` at most ``LIVE_PICTURE_MAX_WIDTH`` wide, which it passes on as is."""
    with Image.open(io.BytesIO(data)) as image:
        picture = image.convert("RGB")
    if picture.width > LIVE_PICTURE_MAX_WIDTH:
        height = max(1, round(picture.height * LIVE_PICTURE_MAX_WIDTH / picture.width))
        picture = picture.resize((LIVE_PICTURE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, format=LIVE_PICTURE_FORMAT, quality=LIVE_PICTURE_QUALITY)
    return buffer.getvalue()
