"""The library's grid: one card per conversion (original and result side by side), and pages."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

import streamlit as st

from converters import HandoffError
from converters.store import LibraryItem, LibraryPage, Store
from ui.library_view import when

PAGE_SIZE: Final = 24
COLUMNS: Final = 3
THUMBNAIL_SLOT_PX: Final = 96


def library_grid(store: Store, results: LibraryPage) -> None:
    """The cards of one page of results, then the page switcher."""
    if results.total == 0:
        filtered = any(st.session_state.get("library-filters", ("", "", "")))
        st.info(
            "Nothing matches these filters."
            if filtered
            else "The library is empty. Every conversion made on the Convert page is saved here.",
            icon=":material/info:",
        )
        return
    first = results.offset + 1
    last = results.offset + len(results.items)
    noun = "conversion" if results.total == 1 else "conversions"
    st.caption(f"{first}-{last} of {results.total} {noun}, newest first")
    with st.container(key="library-grid"):
        for start in range(0, len(results.items), COLUMNS):
            row = results.items[start : start + COLUMNS]
            for column, item in zip(st.columns(COLUMNS, gap="medium"), row, strict=False):
                with column:
                    _card(store, item)
    _pager(results)


def _card(store: Store, item: LibraryItem) -> None:
    with st.container(border=True, key=f"card-{item.id}"):
        design, result = st.columns(2, gap="small")
        with design:
            _thumbnail(lambda: store.design_thumbnail(item.design_key), "Original")
        with result:
            _thumbnail(lambda: store.result_thumbnail(item.id), "Result")
        st.markdown(f"**{item.title or item.design_name}**")
        state = "" if item.complete else " · partial"
        st.caption(f"{when(item.created)} · {item.target.label} · {item.engine}{state}")
        if item.fidelity and "visual" in item.fidelity:
            scores = [item.fidelity[name] for name in ("block", "text", "position", "color", "visual")]
            st.caption(f"Fidelity {round(100 * sum(scores) / len(scores))}%")
        if item.tags:
            st.markdown(" ".join(f":blue-badge[{tag}]" for tag in item.tags[:4]))
        if st.button("Open", key=f"open-{item.id}", icon=":material/open_in_full:", width="stretch"):
            st.session_state["library_open"] = item.id
            st.rerun()


def _thumbnail(load: Callable[[], bytes | None], caption: str) -> None:
    try:
        png = load()
    except HandoffError:
        png = None
    if png:
        st.image(png, caption=caption, width="stretch")
    else:  # the result's picture is taken when the app scores it
        with st.container(height=THUMBNAIL_SLOT_PX, border=True, vertical_alignment="center"):
            st.caption(f"{caption}: no picture yet")


def _pager(results: LibraryPage) -> None:
    pages = max(1, math.ceil(results.total / results.limit))
    if pages == 1:
        return
    page = results.offset // results.limit
    back, label, forward = st.columns([1, 2, 1], vertical_alignment="center")
    if back.button("Newer", icon=":material/chevron_left:", disabled=page == 0, key="library-newer"):
        st.session_state["library-page"] = page - 1
        st.rerun()
    label.markdown(f"<div style='text-align:center'>Page {page + 1} of {pages}</div>", unsafe_allow_html=True)
    if forward.button(
        "Older", icon=":material/chevron_right:", disabled=page >= pages - 1, key="library-older"
    ):
        st.session_state["library-page"] = page + 1
        st.rerun()
