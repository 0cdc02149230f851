"""The Fidelity tab's overlay: where the design's text went in the result (matched, missing and
extra text boxes on both pictures, or the two blended)."""

from __future__ import annotations

from typing import Final, Literal

import streamlit as st

from converters.fidelity.overlay import LEGEND, Overlay, draw_overlay
from converters.fidelity.service import ScoredConversion
from ui.safe_text import md_text

OVERLAYS_KEPT: Final = 4  # drawn overlays kept per session (a few hundred KB each)
OVERLAY_HEIGHT: Final = 640  # px; taller pages scroll inside their frame
_DRAWN: Final = "fidelity_overlays"
"""Session key: result key -> (the scoring it was drawn for, the overlay)."""


def show_overlay(entry_id: str, scored: ScoredConversion) -> None:
    """The overlay of one scoring, with its counts and legend; ``entry_id`` keys its toggle and picture."""
    blocks = scored.report.blocks
    st.markdown("#### Where the text went")
    counts = f"{len(blocks.matches):d} matched, {len(blocks.missing):d} missing, {len(blocks.extra):d} extra"
    with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
        st.markdown(
            f"**{md_text(counts)}** &nbsp; {_legend_html_md()}", unsafe_allow_html=True, width="content"
        )
        blend = st.toggle(
            "Blend the two",
            key=f"fidelity-blend-{entry_id}",
            help="The result laid over the original at 50% opacity, with the boxes of both.",
        )
    overlay = _drawn_overlay(entry_id, scored)
    reference, candidate = scored.reference, scored.report.candidate
    # Pages taller than wide scroll inside a frame; others are shown whole.
    tall = max(reference.height / reference.width, candidate.height / candidate.width) > 1.0
    height: int | Literal["content"] = OVERLAY_HEIGHT if tall else "content"
    if blend:
        with st.container(height=height, border=True):
            st.image(
                overlay.blend,
                caption="The result over the original, 50% each",
                width="stretch",
                output_format="PNG",
            )
        return
    original, result = st.columns(2, gap="medium")
    with original:
        st.caption("Your design: matched and missing text")
        with st.container(height=height, border=True):
            st.image(overlay.original, width="stretch", output_format="PNG")
    with result:
        st.caption(f"The result, {candidate.width:d} px wide: matched and extra text")
        with st.container(height=height, border=True):
            st.image(overlay.result, width="stretch", output_format="PNG")


def _drawn_overlay(entry_id: str, scored: ScoredConversion) -> Overlay:
    """The overlay of this result, drawn once per session and result (Pillow takes a moment)."""
    drawn: dict[str, tuple[ScoredConversion, Overlay]] = st.session_state.setdefault(_DRAWN, {})
    kept = drawn.get(entry_id)
    if kept is not None and kept[0] is scored:
        return kept[1]
    overlay = draw_overlay(scored.reference, scored.report)
    drawn[entry_id] = (scored, overlay)
    while len(drawn) > OVERLAYS_KEPT:
        drawn.pop(next(iter(drawn)))
    return overlay


def _legend_html_md() -> str:
    """The legend's swatches: HTML this module writes from ``LEGEND``'s colours and names."""
    swatches = []
    for name, (r, g, b) in LEGEND.items():
        fill = "transparent" if name == "matched" else f"rgba({r},{g},{b},0.35)"
        swatch = (
            f'<span style="display:inline-block;width:0.9em;height:0.9em;vertical-align:-0.1em;'
            f'border:2px solid rgb({r},{g},{b});background:{fill};margin:0 0.3em 0 0.8em"></span>'
        )
        swatches.append(f'<span style="white-space:nowrap">{swatch}{name}</span>')
    return "".join(swatches)


def forget_overlay(entry_id: str) -> None:
    st.session_state.setdefault(_DRAWN, {}).pop(entry_id, None)
