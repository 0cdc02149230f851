"""One stored conversion: its design's versions, preview beside the original, scores, code and
downloads.

The Library page's view of one version: its design can be renamed and tagged here, and the
version deleted. Everything shown comes from the store, so it works in any browser session, long
after the design was uploaded. What one design and its versions are:
``converters.store.design_groups``.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from converters import HandoffError
from converters.errors import NotFoundError
from converters.export import version_stem
from converters.store import LibraryItem, Store, StoredConversion
from ui import session
from ui.access import visitor
from ui.code_view import show_code
from ui.library_fidelity import library_fidelity
from ui.refine import library_change_box
from ui.result_details import show_details
from ui.results import DEFAULT_DEVICE_WIDTH, result_downloads, side_by_side
from ui.safe_text import md_text, plain_text
from ui.share_controls import share_controls
from ui.stored_frames import library_frames_fidelity, stored_originals
from ui.theme_panel import theme_panel
from ui.times import local_time
from ui.versions import versions_tab as versions_list


def when(moment: datetime) -> str:
    """A stored time as the viewer reads it: "3 Dec 2026, 06:39" in their browser's zone."""
    return local_time(moment)


def version_label(item: LibraryItem, number: int) -> str:
    state = "" if item.complete else " · partial"
    return f"v{number} · {when(item.created)} · {item.engine} · {item.target.label}{state}"


def show_conversion(store: Store, stored: StoredConversion) -> str | None:
    """Draw ``stored``; returns the id of another version of its design when the user picks one."""
    item, conversion = stored.item, stored.conversion
    versions = _design_versions(store, item)
    number = next((n for n, version in enumerate(versions, start=1) if version.id == item.id), 1)
    st.subheader(md_text(item.title or item.design_name))
    meta = [when(item.created), item.engine, conversion.model, item.target.label]
    if len(versions) > 1:
        meta.insert(0, f"version {number:d} of {len(versions):d}")
    if item.author:
        meta.append(f"by {item.author}")
    st.caption(" · ".join(md_text(part) for part in meta))
    if item.tags:
        st.markdown(" ".join(f":blue-badge[{md_text(tag)}]" for tag in item.tags))
    if not item.complete or item.error:
        st.warning(
            md_text(item.error or "This conversion was cut short: the code is partial."),
            icon=":material/warning:",
        )
    picked = _version_picker(versions, item)
    share_controls(store, item)
    # Switching tabs reruns the page, so that the Fidelity tab scores only once it is opened.
    preview_tab, scores_tab, code_tab, theme_tab, versions_tab, details_tab = st.tabs(
        ["Preview", "Fidelity", "Code", "Theme", "Versions", "Details"], key="library-tabs", on_change="rerun"
    )
    original, missing, frames = stored_originals(store, stored)
    with preview_tab:
        key = f"library-{item.id}"
        element = side_by_side(conversion, original, key=key, missing=missing, selectable=True, frames=frames)
    with scores_tab:
        if scores_tab.open:
            if stored.frames:
                library_frames_fidelity(store, stored)
            else:
                library_fidelity(store, stored)
    with code_tab:
        show_code(conversion)
    with theme_tab:
        if theme_tab.open:
            theme_panel(conversion, key=f"library-{item.id}")
    with versions_tab:
        if versions_tab.open:
            versions_list(
                item.id,
                key=f"library-{item.id}",
                width=original.css_width if original is not None else DEFAULT_DEVICE_WIDTH,
                make_current=_open_version,
            )
    with details_tab:
        show_details(conversion)
    # Named after the design's title and the version: no two versions' files share a name.
    stem = version_stem(item.title or item.design_name, number)
    result_downloads(conversion, stem, key=f"library-{item.id}")
    _edit_form(store, item, len(versions))
    if conversion.code.strip():
        library_change_box(item, element)
    return picked


def _open_version(version: LibraryItem) -> None:
    """The Library's "make current": that version is the one shown here, and the one a change
    asked here starts from."""
    st.session_state["library_open"] = version.id
    st.rerun()


def _design_versions(store: Store, item: LibraryItem) -> tuple[LibraryItem, ...]:
    try:
        return store.design_versions(item.id)
    except HandoffError as exc:
        st.warning(f"The versions cannot be listed: {md_text(exc)}", icon=":material/warning:")
        return (item,)


def _version_picker(versions: tuple[LibraryItem, ...], item: LibraryItem) -> str | None:
    if len(versions) < 2:
        return None
    ids = [version.id for version in versions]
    labels = {version.id: version_label(version, number) for number, version in enumerate(versions, start=1)}
    chosen = st.selectbox(
        f"Version ({len(versions):d} of this design)",
        ids,
        index=ids.index(item.id),
        format_func=lambda version_id: plain_text(labels[version_id]),
        key=f"versions-{item.id}",
    )
    return chosen if chosen != item.id else None


def _edit_form(store: Store, item: LibraryItem, versions: int) -> None:
    signed_in = visitor(session.settings()).sign_in
    with st.expander("Edit or delete", icon=":material/edit:"):
        with st.form(f"edit-{item.id}", border=False):
            if versions > 1:
                labels_md = "Title and tags" if signed_in else "Title, author and tags"
                st.caption(
                    f"{labels_md} belong to the design: saving changes all {versions:d} versions, and the "
                    "names of their downloads."
                )
            title = st.text_input("Title", item.title, max_chars=200)
            # With sign-in on, the author is who made each version (``ui.access``), not for editing.
            author = None if signed_in else st.text_input("Author", item.author, max_chars=100)
            tags = st.text_input("Tags (comma-separated)", ", ".join(item.tags), max_chars=400)
            if st.form_submit_button("Save changes", icon=":material/save:"):
                try:
                    store.update_design(item.id, title=title, author=author, tags=tags.split(","))
                except HandoffError as exc:
                    st.error(md_text(exc), icon=":material/error:")
                else:
                    st.toast("Saved.", icon=":material/check:")
                    st.rerun()
        st.divider()
        sure = st.checkbox(
            "Yes, delete this version for everyone",
            key=f"delete-sure-{item.id}",
            help="This cannot be undone.",
        )
        if st.button("Delete", icon=":material/delete:", disabled=not sure, key=f"delete-{item.id}"):
            try:
                store.delete(item.id)
            except NotFoundError:
                pass  # someone else deleted it first: the outcome is the same
            except HandoffError as exc:
                st.error(md_text(exc), icon=":material/error:")
                return
            st.session_state.pop("library_open", None)
            st.toast("Deleted.", icon=":material/delete:")
            st.rerun()
