"""Several designs uploaded together: the frames of one screen at different widths (issue 16), or
designs to convert one after another.

Each frame is shown narrowest first with its width in CSS px, read from its image
(``DesignImage.css_width``: a 2x export halved) into a number the user can correct (kept within
the widths a frame may have, with a message when it is changed), and a button that swaps two
neighbours' widths, and so their order. A toggle converts each design on its own instead.

What cannot go together (one frame, more than ``MAX_FRAMES``, a width out of range, two frames of
one width, or frames an engine found not to be one screen) is said here, next to the uploader,
and only holds back the one responsive result: nothing uploaded is dropped, and each design can
still be converted on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import streamlit as st

from converters import DesignImage
from converters.conversion import Frame, screen_frames
from converters.errors import FramesError
from converters.intake.frames import MAX_FRAME_WIDTH, MIN_FRAME_WIDTH, frame_order
from ui import session
from ui.safe_text import md_text
from ui.session import UploadedDesign

PICTURE_HEIGHT: Final = 260
"""px: each frame's picture is shown in a box this tall (a phone frame scrolls in it), so that the
width inputs below the pictures line up."""


@dataclass(frozen=True)
class FramesChoice:
    """What the user chose for several designs: ``frames``, narrowest first, when they make the
    frames of one screen (else empty), or ``separately``: each design converted on its own."""

    designs: tuple[DesignImage, ...]
    frames: tuple[Frame, ...]
    separately: bool

    @property
    def ready(self) -> bool:
        """Whether Convert can start: each on its own, or the frames go together."""
        return self.separately or bool(self.frames)

    @property
    def design(self) -> DesignImage | None:
        """The design a frames conversion converts (its widest frame), when they go together."""
        return self.frames[-1].design if self.frames and not self.separately else None


def frames_panel(uploaded: Sequence[UploadedDesign]) -> FramesChoice:
    """The frames with their widths, what keeps them from going together, and the choice."""
    widths = [frame_width(item) for item in uploaded]
    separately = bool(st.session_state.get(session.SEPARATELY, False))
    frames, problem = _frames(uploaded, widths)
    notice = st.session_state.get(session.FRAMES_NOTICE)
    if not separately and isinstance(notice, str):
        st.error(
            f"These frames were not converted into one result: {md_text(notice)} You can convert each "
            "on its own instead (below).",
            icon=":material/error:",
        )
    elif not separately and problem:
        st.error(md_text(problem), icon=":material/error:")
    st.markdown(f"**{len(uploaded):d} designs: frames of one screen, narrowest first**")
    st.caption(
        "Each frame's width in CSS px is read from its image (a 2x export counts half its pixels). "
        "Correct a width if it is wrong; the narrowest frame is the mobile layout."
    )
    order = sorted(range(len(uploaded)), key=lambda index: widths[index])
    for column, place in zip(st.columns(len(order), gap="small"), range(len(order)), strict=True):
        with column:
            _frame_column(
                uploaded[order[place]], uploaded[order[place + 1]] if place + 1 < len(order) else None
            )
    st.toggle(
        "Convert each design on its own",
        key=session.SEPARATELY,
        help="One result per design, one after another, each saved to the library: as if each had been "
        "uploaded alone.",
    )
    separately = bool(st.session_state.get(session.SEPARATELY, False))
    return FramesChoice(tuple(item.design for item in uploaded), frames, separately)


def width_key(item_id: str) -> str:
    """The key of a frame's width box (its state; the width itself is kept in ``FRAME_WIDTHS``)."""
    return f"frame-width-{item_id}"


def frame_width(item: UploadedDesign) -> int:
    """The frame's width in CSS px: as the user corrected it, else read from its image (brought
    into the range a frame may have, with a notice when it had to be)."""
    widths: dict[str, int] = st.session_state.setdefault(session.FRAME_WIDTHS, {})
    if item.id not in widths:
        read = item.design.css_width
        widths[item.id] = _within_range(item.id, read, f"{item.design.source_name} is {read:d} CSS px wide")
    return widths[item.id]


def _frames(uploaded: Sequence[UploadedDesign], widths: list[int]) -> tuple[tuple[Frame, ...], str]:
    """The frames narrowest first, or none and why they cannot go together."""
    labels = [_label(item.design) for item in uploaded]
    try:
        frame_order(widths, labels)  # named by page too: a document's pages share a file name
        return screen_frames([item.design for item in uploaded], widths), ""
    except FramesError as exc:
        return (), str(exc)


def _frame_column(item: UploadedDesign, following: UploadedDesign | None) -> None:
    design = item.design
    with st.container(height=PICTURE_HEIGHT, border=True):
        st.image(design.display_copy.data, width="stretch")
    st.caption(f"{md_text(_label(design))} · {design.width:,} × {design.height:,} px")
    key = width_key(item.id)
    widths: dict[str, int] = st.session_state.setdefault(session.FRAME_WIDTHS, {})
    if key not in st.session_state:  # first shown, or shown again after a visit to another page
        st.session_state[key] = widths[item.id]
    st.number_input(
        "Width (CSS px)",
        min_value=1,
        step=1,
        key=key,
        on_change=_typed,
        args=(item.id, key),
        help=f"The width this frame shows the screen at, {MIN_FRAME_WIDTH:d} to {MAX_FRAME_WIDTH:d} CSS px: "
        "its image's width, or half of it for a 2x export.",
    )
    notice = st.session_state.get(session.FRAME_WIDTH_NOTICES, {}).get(item.id)
    if notice:
        st.caption(f":material/info: {md_text(notice)}")
    if following is not None:
        st.button(
            "Swap with the next",
            icon=":material/swap_horiz:",
            key=f"frame-swap-{item.id}-{following.id}",
            on_click=_swap,
            args=(item.id, following.id),
            help="Exchanges the two frames' widths, and so their order: this one becomes the wider.",
        )


def _typed(item_id: str, key: str) -> None:
    """The user typed a width: kept within the range a frame may have, with a message if it was not."""
    typed = int(st.session_state[key])
    width = _within_range(item_id, typed, f"{typed:d} px")
    st.session_state[key] = width
    st.session_state.setdefault(session.FRAME_WIDTHS, {})[item_id] = width
    st.session_state.pop(session.FRAMES_NOTICE, None)  # the frames changed


def _swap(first: str, second: str) -> None:
    widths: dict[str, int] = st.session_state.setdefault(session.FRAME_WIDTHS, {})
    widths[first], widths[second] = widths[second], widths[first]
    for item_id in (first, second):
        st.session_state[width_key(item_id)] = widths[item_id]
    st.session_state.pop(session.FRAMES_NOTICE, None)


def _within_range(item_id: str, width: int, said: str) -> int:
    """``width`` brought into ``MIN_FRAME_WIDTH``..``MAX_FRAME_WIDTH``; the frame's notice says so
    when it was changed (``said`` names what was out of range), and is cleared when it was not."""
    notices: dict[str, str] = st.session_state.setdefault(session.FRAME_WIDTH_NOTICES, {})
    kept = min(MAX_FRAME_WIDTH, max(MIN_FRAME_WIDTH, width))
    if kept == width:
        notices.pop(item_id, None)
    else:
        notices[item_id] = (
            f"{said}; a frame is {MIN_FRAME_WIDTH:d} to {MAX_FRAME_WIDTH:d} CSS px wide, so it is taken "
            f"as {kept:d} px. Correct it if the screen is drawn at another width."
        )
    return kept


def _label(design: DesignImage) -> str:
    page = f" (page {design.page:d})" if design.page_count > 1 else ""
    return design.source_name + page
