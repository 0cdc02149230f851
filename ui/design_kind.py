"""The Convert page's "Design kind" choice: let the offline engine tell what a design is, or say.

The offline engine reads a photo of a hand-drawn sketch, a digital wireframe and a screenshot
each its own way, and guesses which one it has (``converters.offline.kind``); the result's note
says what it read the design as. When the guess is wrong, the user names the kind here; the
choice is the session's (``session.DESIGN_KIND``) and goes into each request it starts. Model
engines read any kind alike, so the choice is offered only with a local engine.
"""

from __future__ import annotations

import streamlit as st

from converters.intake.kinds import DESIGN_KINDS, KIND_LABELS, DesignKind
from ui import session

OPTIONS = (session.AUTOMATIC_KIND, *DESIGN_KINDS)
"""What the menu offers: automatic first (the default), then every kind in their usual order."""


def kind_choice() -> DesignKind | None:
    """Draw the choice; the kind chosen, ``None`` for automatic."""
    chosen = st.selectbox(
        "Design kind",
        OPTIONS,
        format_func=_label,
        key=session.DESIGN_KIND,
        help="What the design is: a photo of a sketch drawn on paper, a wireframe drawn in a tool, "
        "or a screenshot or mockup of a real page. Automatic lets Handoff tell; the result says "
        "what it read the design as.",
    )
    return chosen_kind(chosen)


def chosen_kind(value: object) -> DesignKind | None:
    """The kind a stored choice names; ``None`` for automatic or anything else."""
    return next((kind for kind in DESIGN_KINDS if kind == value), None)


def _label(value: str) -> str:
    kind = chosen_kind(value)
    return KIND_LABELS[kind] if kind is not None else "Automatic"
