"""The Library's links to one version: the app's own link (``?c=<id>``, for whoever may use the
app) and its read-only link (``?s=<token>``, for anyone), made, copied and revoked here."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from converters import HandoffError
from converters.store import LibraryItem, Store
from ui import session
from ui.access import visitor
from ui.library_store import read_only_link, share_link
from ui.safe_text import md_text


def share_controls(store: Store, item: LibraryItem) -> None:
    """Both links of ``item``, each with a copy button (``st.code``'s own); make or revoke the
    read-only one."""
    signed_in = visitor(session.settings()).sign_in
    who_md = "signed-in members of the team" if signed_in else "anyone who can reach this app"
    st.caption(
        f":material/link: Link to this conversion: it opens on the Convert page, for {who_md} "
        "(copy it with the button at its right):"
    )
    st.code(share_link(item.id), language=None, wrap_lines=True)
    try:
        token = store.share_token(item.id)
    except HandoffError as exc:
        st.warning(f"The read-only link cannot be read: {md_text(exc)}", icon=":material/warning:")
        return
    if token is None:
        if st.button(
            "Create a read-only link",
            icon=":material/add_link:",
            key=f"share-{item.id}",
            help="A link anyone can open to see this version, without signing in, and nothing else.",
        ):
            _act(lambda: store.share(item.id), "Read-only link created.")
        return
    st.caption(
        ":material/visibility: Read-only link: anyone who has it sees this version (preview, code, "
        "scores) and nothing else of the app, until it is revoked:"
    )
    st.code(read_only_link(token), language=None, wrap_lines=True)
    if st.button("Revoke the read-only link", icon=":material/link_off:", key=f"revoke-{item.id}"):
        _act(lambda: store.revoke_share(item.id), "Link revoked: it no longer opens anything.")


def _act(action: Callable[[], object], done_md: str) -> None:
    try:
        action()
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
        return
    st.toast(done_md, icon=":material/check:")
    st.rerun()
