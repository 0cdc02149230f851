"""A conversion opened from a ``?c=<id>`` link: read-only, in any browser session."""

from __future__ import annotations

import streamlit as st

from converters import HandoffError
from converters.errors import NotFoundError
from ui import session
from ui.library_store import library_or_error
from ui.library_view import show_conversion
from ui.safe_text import md_text

settings = session.settings()
conversion_id = str(st.query_params.get("c", "")).strip()
store = library_or_error(settings)
if isinstance(store, HandoffError):
    st.error(md_text(store), icon=":material/error:")
    st.stop()
try:
    stored = store.get(conversion_id)
except NotFoundError:
    st.title("Conversion not found")
    st.warning(
        f"No conversion in this library has the id {md_text(conversion_id)}. It may have been deleted, "
        "or the link was cut when it was copied.",
        icon=":material/link_off:",
    )
    st.page_link("pages/library.py", label="Browse the library", icon=":material/photo_library:")
    st.stop()
except HandoffError as exc:
    st.error(md_text(exc), icon=":material/error:")
    st.stop()
st.caption(":material/visibility: Shared conversion · read-only")
other = show_conversion(store, stored, editable=False)
if other is not None:
    st.query_params["c"] = other
    st.rerun()
