"""A read-only view of one shared conversion: what a read-only link (``?s=<token>``) opens.

Anyone with the link sees that one conversion: its preview beside the design, its saved scores,
its code (to read and download) and how it was made. Nothing here changes anything or leads
elsewhere: no edit, delete, convert, change or scoring run, and ``app.py`` gives a visitor who has
not signed in no other page. A token that names nothing (never made, revoked, or its conversion
deleted) gets one message that does not say which. Tokens: ``converters.store.shares``.
"""

from __future__ import annotations

import streamlit as st

from converters import HandoffError
from converters.errors import NotFoundError
from converters.export import safe_stem
from converters.store import StoredConversion
from converters.store.shares import SHARE_PARAM, UNKNOWN_LINK
from ui import session
from ui.code_view import show_code
from ui.library_store import library_or_error
from ui.preview_pane import Original
from ui.result_details import show_details
from ui.results import download_buttons, ready_downloads, side_by_side
from ui.safe_text import md_text
from ui.score_rows import show_saved_scores
from ui.stored_frames import stored_originals
from ui.times import local_time


def shared_token() -> str:
    """The read-only link's token in the page's address, or ``""``."""
    return str(st.query_params.get(SHARE_PARAM, "")).strip()


def shared_page() -> None:
    """The page a read-only link opens (``st.Page``: no arguments)."""
    settings = session.settings(gated=False)
    store = library_or_error(settings)
    if isinstance(store, HandoffError):
        st.error(md_text(store), icon=":material/error:")
        return
    try:
        stored = store.shared(shared_token())
    except NotFoundError:
        st.title("Link not available")
        st.warning(UNKNOWN_LINK, icon=":material/link_off:")
        return
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
        return
    original, missing, frames = stored_originals(store, stored)
    show_shared(stored, original, missing, frames)


def show_shared(
    stored: StoredConversion, original: Original | None, missing: str, frames: tuple[Original, ...] = ()
) -> None:
    """The conversion, read-only: preview beside its design (or its frames, each at its width,
    with their width buttons), scores, code, details, downloads."""
    item, conversion = stored.item, stored.conversion
    st.title(md_text(item.title or item.design_name or "Shared conversion"))
    meta = [local_time(item.created), item.engine, conversion.model, item.target.label]
    st.caption(
        ":material/visibility: A read-only view shared with a link · "
        + " · ".join(md_text(part) for part in meta)
    )
    if not item.complete or item.error:
        st.warning(
            md_text(item.error or "This conversion was cut short: the code is partial."),
            icon=":material/warning:",
        )
    key = f"shared-{item.id}"
    preview_tab, scores_tab, code_tab, details_tab = st.tabs(
        ["Preview", "Fidelity", "Code", "Details"], key="shared-tabs", on_change="rerun"
    )
    with preview_tab:
        side_by_side(conversion, original, key=key, missing=missing, frames=frames)
    with scores_tab:
        if item.fidelity:
            show_saved_scores(item.fidelity)
        else:
            st.info("This result has not been scored yet.", icon=":material/info:")
    with code_tab:
        show_code(conversion)
    with details_tab:
        show_details(conversion)
    # The ready files only: compiling Tailwind CSS runs a browser on the server, not a visitor's to ask.
    download_buttons(ready_downloads(conversion, safe_stem(item.title or item.design_name)), key=key)
