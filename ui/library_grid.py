"""The library's grid: one card per conversion (original and result side by side), and pages."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Final

import streamlit as st
from PIL import Image

from converters import HandoffError
from converters.store import LibraryItem, LibraryPage, Store
from ui.library_view import when
from ui.safe_text import md_text

PAGE_SIZE: Final = 24
COLUMNS: Final = 3
THUMBNAIL_WIDTH_PX: Final = 100  # two side by side in a card of a 3-column grid
FIDELITY: Final = ("block", "text", "position", "color", "visual")


def _placeholder_png() -> bytes:
    """A light grey 3:2 tile standing in for a picture not taken yet."""
    buffer = io.BytesIO()
    Image.new("RGB", (150, 100), (241, 245, 249)).save(buffer, format="PNG")
    return buffer.getvalue()


_NO_PICTURE: Final = _placeholder_png()


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
    st.caption(f"{first:d}-{last:d} of {results.total:d} {md_text(noun)}, newest first")
    with st.container(key="library-grid"):
        for start in range(0, len(results.items), COLUMNS):
            row = results.items[start : start + COLUMNS]
            for column, item in zip(st.columns(COLUMNS, gap="medium"), row, strict=False):
                with column:
                    _card(store, item)
    _pager(results)


def _card(store: Store, item: LibraryItem) -> None:
    # Few elements per card (one picture element, one text block, one button): with 24 cards,
    # each element costs the browser time before the grid paints.
    with st.container(border=True, key=f"card-{item.id}"):
        pictures, captions_md = [], []
        for load, caption in (
            (lambda: store.design_thumbnail(item.design_key), "Original"),
            (lambda: store.result_thumbnail(item.id), "Result"),
        ):
            png = _thumbnail(load)
            pictures.append(png if png else _NO_PICTURE)
            captions_md.append(caption if png else f"{caption}: not scored yet")
        st.image(pictures, caption=captions_md, width=THUMBNAIL_WIDTH_PX)
        state = "" if item.complete else " · partial"
        lines_md = [
            f"**{md_text(item.title or item.design_name)}**",
            f":gray[{md_text(f'{when(item.created)} · {item.target.label} · {item.engine}{state}')}]",
        ]
        if item.fidelity and all(name in item.fidelity for name in FIDELITY):
            mean = sum(item.fidelity[name] for name in FIDELITY) / len(FIDELITY)
            lines_md.append(f":gray[Fidelity {100 * mean:.0f}%]")
        if item.tags:
            lines_md.append(" ".join(f":blue-badge[{md_text(tag)}]" for tag in item.tags[:4]))
        st.markdown("  \n".join(lines_md))
        if st.button("Open", key=f"open-{item.id}", icon=":material/open_in_full:", width="stretch"):
            st.session_state["library_open"] = item.id
            st.rerun()


def _thumbnail(load: Callable[[], bytes | None]) -> bytes | None:
    try:
        return load()
    except HandoffError:  # deleted meanwhile, or unreadable: the card still shows
        return None


def _pager(results: LibraryPage) -> None:
    pages = max(1, math.ceil(results.total / results.limit))
    if pages == 1:
        return
    page = results.offset // results.limit
    back, label, forward = st.columns([1, 2, 1], vertical_alignment="center")
    if back.button("Newer", icon=":material/chevron_left:", disabled=page == 0, key="library-newer"):
        st.session_state["library-page"] = page - 1
        st.rerun()
    label.markdown(
        f"<div style='text-align:center'>Page {page + 1:d} of {pages:d}</div>", unsafe_allow_html=True
    )
    if forward.button(
        "Older", icon=":material/chevron_right:", disabled=page >= pages - 1, key="library-older"
    ):
        st.session_state["library-page"] = page + 1
        st.rerun()
