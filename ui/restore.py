"""The Convert page's address names its result (``?c=<id>``), so a reload or a link comes back to it.

Streamlit forgets a browser session when its tab reloads. The result a session shows is kept in
the library, though, so the page puts its id in the address; a session that opens with an id it
does not hold loads that conversion and its design back from the library as if they had just been
made here: the design in the setup, the result in the workspace, scored again in the background.
"""

from __future__ import annotations

import streamlit as st

from converters import HandoffError, IntakeError, Settings, load_design
from converters.errors import NotFoundError
from converters.store import Store, StoredConversion
from ui import session
from ui.library_store import library_or_error
from ui.safe_text import md_text
from ui.stored_frames import frame_refs, restore_frames

LINK_PARAM = "c"
"""The query parameter that names a stored conversion (``?c=<id>``)."""


def linked_id() -> str:
    """The conversion id in the page's address, or ``""``."""
    return str(st.query_params.get(LINK_PARAM, "")).strip()


def follow_link(settings: Settings) -> None:
    """Bring the conversion the address names into this session, once; say so if it cannot be.

    An id already in this session's history is just selected. One that is not is loaded from the
    library with its design; a wrong id or a library that cannot be read gets a message and a way
    on, and the page stays usable (the parameter is dropped, so a reload does not repeat it).
    """
    wanted = linked_id()
    if not wanted or st.session_state.get(session.FOLLOWED_LINK) == wanted:
        return
    st.session_state[session.FOLLOWED_LINK] = wanted
    known = session.stored_entry(wanted)
    if known is not None:
        st.session_state["selected_result"] = known.id
        return
    store = library_or_error(settings)
    if isinstance(store, HandoffError):
        st.error(md_text(store), icon=":material/error:")
        return
    try:
        stored = store.get(wanted)
    except NotFoundError:
        st.title("Conversion not found")
        st.warning(
            f"No conversion in this library has the id {md_text(wanted)}. It may have been deleted, "
            "or the link was cut when it was copied.",
            icon=":material/link_off:",
        )
        st.page_link("pages/library.py", label="Browse the library", icon=":material/photo_library:")
        return
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
        return
    bring_back(store, stored, settings)


def bring_back(store: Store, stored: StoredConversion, settings: Settings) -> session.HistoryEntry:
    """A stored conversion as this session's current result, with its design (or its frames,
    with their widths) as the current design, as if both had just been made here."""
    if not stored.frames or not restore_frames(store, stored, settings):
        _restore_design(store, stored, settings)
    entry = record_stored(stored)
    st.session_state[session.FOLD_SETUP] = True
    return entry


def record_stored(stored: StoredConversion) -> session.HistoryEntry:
    """A stored conversion as this session's newest result, selected (its design left as it is;
    a frames result knows its frames, shown while their designs are this session's)."""
    item = stored.item
    return session.record(
        item.design_name or item.title,
        item.target.label,
        stored.conversion,
        item.error or None,
        stored_id=item.id,
        frames=frame_refs(stored),
    )


def show_in_address(stored_id: str | None) -> None:
    """Put the shown result's library id in the address (or take it out: a result not saved)."""
    if stored_id is None:
        if LINK_PARAM in st.query_params:
            del st.query_params[LINK_PARAM]
        return
    if linked_id() != stored_id:
        st.query_params[LINK_PARAM] = stored_id
    st.session_state[session.FOLLOWED_LINK] = stored_id


def _restore_design(store: Store, stored: StoredConversion, settings: Settings) -> None:
    """The conversion's design as the setup's current design, from the file that was uploaded
    (or, saved without it, from its normalised PNG). A design that cannot be read is left out:
    the result still shows, without its original beside it."""
    key = stored.item.design_key
    if not key:
        return
    try:
        facts = store.design(key)
        original = store.design_original(key)
        data, name = original if original is not None else (store.design_png(key), facts.source_name)
        design = load_design(data, name, page=facts.page if original else 1, limits=settings.limits)
    except (HandoffError, IntakeError):
        return
    st.session_state[session.INTAKE] = (("library", key), design)
    session.keep_original(design.sha256, data)
