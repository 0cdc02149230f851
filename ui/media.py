"""Bytes the app page shows beside a preview (the original), sent with the page that holds them."""

from __future__ import annotations

import base64


def inline_url(data: bytes, mimetype: str) -> str:
    """``data`` as a ``data:`` URL: it travels with the page that holds it."""
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"
