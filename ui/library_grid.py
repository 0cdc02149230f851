"""The library's grid: one card per design (see ``converters.store.design_groups``), its
versions inside, and pages.

Every card has the same height: one picture of a fixed aspect ratio (original and result side
by side), four one-line texts cut with an ellipsis, one row of version buttons, one Open button.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable
from typing import Final

import streamlit as st
from PIL import Image, ImageDraw, ImageFont

from converters import HandoffError
from converters.fidelity.vocabulary import combined_score, has_fidelity
from converters.store import DesignCard, DesignPage, LibraryItem, Store
from ui.library_view import when
from ui.safe_text import md_text

PAGE_SIZE: Final = 24  # designs per page
COLUMNS: Final = 3
VERSIONS_SHOWN: Final = 5  # the newest versions as buttons on a card: one row at 1280 px
TILE: Final = (240, 180)  # px of each picture in a card's image (4:3, a screen's shape)
TILE_GAP: Final = 8  # px between the original and the result
TALLEST: Final = 1.5  # a picture taller than this (height / width) shows its top part only
TILE_BACKGROUND: Final = (241, 245, 249)
TILE_TEXT: Final = (100, 116, 139)
CARD_CSS: Final = (
    # One line per text, cut with an ellipsis: a long title or many tags never make a card taller.
    "div[class*='st-key-card-'] [data-testid='stMarkdownContainer'] p {"
    " white-space: nowrap; overflow: hidden; text-overflow: ellipsis; margin-bottom: 0.1rem; }"
)


def library_grid(store: Store, results: DesignPage) -> None:
    """The cards of one page of designs, then the page switcher."""
    if results.total == 0:
        filtered = any(st.session_state.get("library-filters", ("", "", "")))
        st.info(
            "Nothing matches these filters."
            if filtered
            else "The library is empty. Every conversion made on the Convert page is saved here.",
            icon=":material/info:",
        )
        return
    st.html(f"<style>{CARD_CSS}</style>")
    first = results.offset + 1
    last = results.offset + len(results.items)
    noun = "design" if results.total == 1 else "designs"
    st.caption(f"{first:d}-{last:d} of {results.total:d} {md_text(noun)}, newest first")
    with st.container(key="library-grid"):
        for start in range(0, len(results.items), COLUMNS):
            row = results.items[start : start + COLUMNS]
            for column, card in zip(st.columns(COLUMNS, gap="medium"), row, strict=False):
                with column:
                    _card(store, card)
    _pager(results)


def _card(store: Store, card: DesignCard) -> None:
    # Few elements per card: with 24 cards, each element costs the browser time before it paints.
    shown = card.shown
    number = card.number(shown.id)
    with st.container(border=True, key=f"card-{shown.id}"):
        original = _thumbnail(lambda: store.design_thumbnail(shown.design_key) if shown.design_key else None)
        result = _thumbnail(lambda: store.result_thumbnail(shown.id))
        caption_md = f"Original · result v{number:d}" if len(card.versions) > 1 else "Original · result"
        st.image(card_picture(original, result), caption=caption_md, width="stretch")
        st.markdown("\n\n".join(_card_lines_md(card, shown)))
        _version_buttons(card)
        if st.button("Open", key=f"open-{shown.id}", icon=":material/open_in_full:", width="stretch"):
            st.session_state["library_open"] = shown.id
            st.rerun()


def _card_lines_md(card: DesignCard, shown: LibraryItem) -> list[str]:
    """Title; versions and date; fidelity, target and engine; tags (or an empty line)."""
    count = len(card.versions)
    versions = "1 version" if count == 1 else f"{count:d} versions"
    state = " · partial" if not shown.complete else ""
    facts = f"{shown.target.label} · {shown.engine}{state}"
    scores = shown.fidelity or {}
    fidelity_md = "not scored"
    if has_fidelity(scores):
        fidelity_md = f"fidelity {100 * combined_score(scores):.0f}%"
    # An empty line keeps the height: "&nbsp;" (a bare no-break space would be stripped as white space).
    tags_md = " ".join(f":blue-badge[{md_text(tag)}]" for tag in shown.tags) or "&nbsp;"
    return [
        f"**{md_text(card.title)}**",
        f":gray[{md_text(f'{versions} · {when(card.versions[-1].created)}')}]",
        f":gray[{fidelity_md} · {md_text(facts)}]",  # the score first: narrow cards cut the end
        tags_md,
    ]


def _version_buttons(card: DesignCard) -> None:
    """The design's newest versions, one button each: a click opens that version."""
    newest = card.versions[-VERSIONS_SHOWN:]
    numbers = {item.id: card.number(item.id) for item in newest}
    key = f"design-versions-{card.key}"
    st.pills(
        "Versions",
        list(numbers),
        format_func=lambda conversion_id: f"v{numbers[conversion_id]:d}",
        key=key,
        on_change=_open_version,
        args=(key,),
        label_visibility="collapsed",
        wrap=False,
    )


def _open_version(key: str) -> None:
    chosen = st.session_state.get(key)
    st.session_state[key] = None  # nothing stays selected for the way back
    if chosen:
        st.session_state["library_open"] = chosen


def _thumbnail(load: Callable[[], bytes | None]) -> bytes | None:
    try:
        return load()
    except HandoffError:  # deleted meanwhile, or unreadable: the card still shows
        return None


@functools.lru_cache(maxsize=4 * PAGE_SIZE)
def card_picture(original: bytes | None, result: bytes | None) -> bytes:
    """The original and the result in two tiles of one fixed size, side by side, as PNG."""
    width, height = TILE
    canvas = Image.new("RGB", (2 * width + TILE_GAP, height), "white")
    for index, (png, missing) in enumerate(((original, "No original"), (result, "Not rendered yet"))):
        canvas.paste(_tile(png, missing), (index * (width + TILE_GAP), 0))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _tile(png: bytes | None, missing: str) -> Image.Image:
    """``png`` fitted into a tile (its top part if it is very tall), or ``missing`` written there."""
    tile = Image.new("RGB", TILE, TILE_BACKGROUND)
    picture = None
    if png is not None:
        try:
            with Image.open(io.BytesIO(png)) as opened:
                picture = opened.convert("RGB")
        except (OSError, ValueError):
            picture = None
    if picture is None:
        draw = ImageDraw.Draw(tile)
        font = ImageFont.load_default(size=15)
        draw.text((TILE[0] / 2, TILE[1] / 2), missing, fill=TILE_TEXT, font=font, anchor="mm")
        return tile
    if picture.height > TALLEST * picture.width:
        picture = picture.crop((0, 0, picture.width, round(TALLEST * picture.width)))
    picture.thumbnail(TILE, Image.Resampling.LANCZOS)  # shrinks only
    scale = min(TILE[0] / picture.width, TILE[1] / picture.height)
    if scale > 1:  # a small thumbnail: enlarge it to fill the tile, as the other one does
        size = (round(picture.width * scale), round(picture.height * scale))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    tile.paste(picture, ((TILE[0] - picture.width) // 2, (TILE[1] - picture.height) // 2))
    return tile


def _pager(results: DesignPage) -> None:
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
