"""Bytes the app page shows beside a preview (the original), sent with the page that holds them."""

from __future__ import annotations

import base64
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
