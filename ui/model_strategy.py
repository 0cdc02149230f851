"""How a model engine is asked (the Convert page's options): how much of the offline engine's
reading of the design goes with the image (``Grounding``), and whether its code goes as a draft.

The choice is kept for the session, and changes asked of a result are sent the same way, so that
their first messages are the conversion's (``converters.engines.messages``).
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from converters import Settings
from converters.conversion import Grounding
from ui import session

GROUNDING_LABELS: Final = {
    Grounding.LAYOUT: "Text and layout",
    Grounding.TEXT: "Text only",
    Grounding.OFF: "Off",
}
GROUNDING_HELP: Final = (
    "Handoff reads the design on this machine first (the offline engine's OCR and layout) and "
    "gives the model what it read: every text line with its place and colour, the colours and, "
    "with layout, the regions (header, navigation, sections, cards, images, footer). The model "
    "misreads and invents less; the image stays the truth. It adds a few seconds and at most "
    "about 2,500 tokens."
)
DRAFT_HELP: Final = (
    "The offline engine's code goes with the design as a draft to improve: the model keeps its "
    "measured text, colours and spacing and gives it real structure and components."
)


def chosen_strategy(settings: Settings) -> tuple[Grounding, bool]:
    """The session's choice: grounding (the settings' default until changed) and draft."""
    value = st.session_state.get(session.GROUNDING)
    grounding = Grounding(value) if value in {mode.value for mode in Grounding} else settings.grounding
    return grounding, bool(st.session_state.get(session.DRAFT, False))


def strategy_controls(settings: Settings) -> tuple[Grounding, bool]:
    """The options for a model engine; returns the choice."""
    grounding, _ = chosen_strategy(settings)
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        picked = st.segmented_control(
            "Ground the model in what Handoff reads",
            [mode.value for mode in GROUNDING_LABELS],
            format_func=lambda value: GROUNDING_LABELS[Grounding(value)],
            default=grounding.value,
            key=session.GROUNDING,
            required=True,
            help=GROUNDING_HELP,
        )
    with right:
        st.checkbox("Start from the offline engine's draft", key=session.DRAFT, help=DRAFT_HELP)
    return Grounding(picked or grounding.value), bool(st.session_state.get(session.DRAFT, False))
