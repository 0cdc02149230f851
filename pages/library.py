"""Library page: every saved design with its versions, newest first, searchable; open a version to
see it and edit its design."""

from __future__ import annotations

import streamlit as st

from converters import HandoffError, Target
from converters.errors import NotFoundError
from ui import session
from ui.library_grid import PAGE_SIZE, library_grid
from ui.library_store import library_or_error
from ui.library_view import show_conversion
from ui.refine import follow_library_change
from ui.safe_text import md_text, plain_text

settings = session.settings()
follow_library_change()  # a change asked below has started: its live view is on Convert
store = library_or_error(settings)
st.title("Library")
if isinstance(store, HandoffError):
    st.error(md_text(store), icon=":material/error:")
    st.stop()

opened = st.session_state.get("library_open")
if opened is not None:
    if st.button("Back to the library", icon=":material/arrow_back:", key="library-back"):
        st.session_state.pop("library_open", None)
        st.rerun()
    try:
        stored = store.get(opened)
    except NotFoundError:
        st.warning("That conversion is no longer in the library (it was deleted).", icon=":material/info:")
        st.session_state.pop("library_open", None)
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
    else:
        other = show_conversion(store, stored)
        if other is not None:
            st.session_state["library_open"] = other
            st.rerun()
    st.stop()

search, target_column, engine_column = st.columns([3, 1, 1], vertical_alignment="bottom")
text = search.text_input(
    "Search", key="library-search", placeholder="Title, tag or author", icon=":material/search:"
)
target_value = target_column.selectbox(
    "Target",
    ["", *(t.value for t in Target)],
    format_func=lambda v: Target(v).label if v else "All targets",
    key="library-target",
)
try:
    engine_names = store.engines()
except HandoffError as exc:
    st.error(md_text(exc), icon=":material/error:")
    st.stop()
engine = engine_column.selectbox(
    "Engine",
    ["", *engine_names],
    format_func=lambda v: plain_text(v) if v else "All engines",
    key="library-engine",
)
filters = (text.strip(), target_value, engine)
if st.session_state.get("library-filters") != filters:  # new filters start at the first page
    st.session_state["library-filters"] = filters
    st.session_state["library-page"] = 0
page = int(st.session_state.get("library-page", 0))
try:
    results = store.search_designs(
        text.strip(),
        target=Target(target_value) if target_value else None,
        engine=engine or None,
        limit=PAGE_SIZE,
        offset=page * PAGE_SIZE,
    )
except HandoffError as exc:
    st.error(md_text(exc), icon=":material/error:")
    st.stop()
library_grid(store, results)
