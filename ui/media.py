"""Bytes the app page loads by URL (the original beside a preview), served by Streamlit itself."""

from __future__ import annotations

import base64

from streamlit import runtime


def media_url(data: bytes, mimetype: str, *, key: str) -> str:
    """A URL of this app that serves ``data`` to this session, as ``st.image`` serves pictures.

    Streamlit's media file manager keeps the file while the session lives; ``key`` names the place
    it is shown, so a new picture there replaces the old one instead of piling up. A URL, not the
    bytes, goes into the component's data: that data is sent again on every rerun (four times a
    second while a conversion streams), a picture of several megabytes would go with it. Outside
    a running app (no runtime: bare mode) the bytes go inline as a data URL.
    """
    if not runtime.exists():
        return inline_url(data, mimetype)
    return runtime.get_instance().media_file_mgr.add(data, mimetype, f"handoff-media-{key}")


def inline_url(data: bytes, mimetype: str) -> str:
    """``data`` as a ``data:`` URL: it travels with the page that holds it."""
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"
