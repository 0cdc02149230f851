"""The live preview pane: a Streamlit v2 component that swaps sandboxed frames without flicker."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from converters.preview import preview_document
from converters.targets import Target

_HERE = Path(__file__).resolve().parent
STATIC_VENDOR = "/app/static/vendor"  # Streamlit serves ./static at /app/static

_component = st.components.v2.component(
    "handoff_preview",
    js=(_HERE / "preview_pane.js").read_text(encoding="utf-8"),
    css=(_HERE / "preview_pane.css").read_text(encoding="utf-8"),
)


def preview_pane(
    code: str | None, target: Target, *, width: int, height: int, key: str, live: bool = False
) -> None:
    """Show ``code`` rendered at ``width`` CSS px, scaled to fit, in a pane ``height`` px tall."""
    document = preview_document(code, target, runtime_base(), live=live) if code else None
    _component(data={"doc": document, "width": width, "height": height, "live": live}, key=key)


def runtime_base() -> str:
    """Absolute URL of the vendored runtime on this app, as the browser reaches it.

    The preview frame has an opaque origin, so its script URLs must be absolute; the browser's
    own view of the app URL (``st.context.url``) is right behind proxies too.
    """
    parts = urlsplit(st.context.url or "")
    origin = (
        f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None
    )
    return (origin or "http://127.0.0.1:8501") + STATIC_VENDOR
