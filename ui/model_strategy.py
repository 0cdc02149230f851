"""How a model engine is asked (the Convert page's options): how much of the offline engine's
reading of the design goes with the image (``Grounding``), and whether its code goes as a draft.

The choice is kept for the session, and changes asked of a result are sent the same way, so that
their first messages are the conversion's (``converters.engines.messages``).
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from converters import DesignImage, Settings
from converters.conversion import Converter, Grounding
from converters.revise import design_scorer
from converters.settings import MAX_REVISE_ROUNDS
from converters.strategies import MAX_VARIANTS, STRATEGY_LABELS, asked_converter
from ui import fidelity_tab, session
from ui.safe_text import md_text

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
REVISE_HELP: Final = (
    "After the model answers, Handoff renders its code, scores it against the design and sends "
    "it what is off (missing or extra text, blocks out of place, colours, overflow at 375 px) "
    "for one more answer, kept only if it scores better. Each round is one more model turn and "
    "a few seconds of rendering."
)
AGENT_HELP: Final = (
    "Instead of follow-up turns, the model gets a check_render tool: it sends its code, Handoff "
    "renders and scores it and answers with what is off, and the model decides when it is done "
    "(as many checks as the rounds above, one at least). For endpoints with tool calls (Kimi K2.5)."
)
VARIANTS_HELP: Final = (
    "Convert in several ways at once and rank them by fidelity: "
    + ", ".join(STRATEGY_LABELS.values())
    + " (the first N). The best is shown first; choose any to make it current. Each variant is "
    "a model conversion of its own: N times the tokens and cost."
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


def chosen_rounds(settings: Settings) -> int:
    """Rounds of check and revise the session chose (the settings' default until changed)."""
    value = st.session_state.get(session.REVISE)
    return value if isinstance(value, int) and 0 <= value <= MAX_REVISE_ROUNDS else settings.revise_rounds


def chosen_variants() -> int:
    """Variants the session chose (1 until changed)."""
    value = st.session_state.get(session.VARIANTS)
    return value if isinstance(value, int) and 1 <= value <= MAX_VARIANTS else 1


def with_checks(engine: Converter, design: DesignImage, settings: Settings, rounds: int) -> Converter:
    """``engine`` as the session asks it (``converters.strategies.asked_converter``): ``rounds``
    of check and revise (or as many agent checks), or ranked variants, scored by the app's
    fidelity service."""
    variants = chosen_variants()
    agent = bool(st.session_state.get(session.AGENT, False))
    if rounds < 1 and variants < 2 and not agent:
        return engine
    return asked_converter(
        engine,
        design_scorer(fidelity_tab.fidelity_service(), design),
        rounds=rounds,
        variants=variants,
        agent=agent,
        max_cost_usd=settings.max_cost_usd,
        picture=settings.revise_picture,
    )


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
    rounds = chosen_rounds(settings)
    cap = f" Cost cap ${settings.max_cost_usd:.2f} (HANDOFF_MAX_COST_USD)." if settings.max_cost_usd else ""
    st.segmented_control(
        "Check and revise",
        list(range(MAX_REVISE_ROUNDS + 1)),
        format_func=lambda n: "Off" if n == 0 else f"{n} round{'s' if n != 1 else ''}",
        default=rounds,
        key=session.REVISE,
        required=True,
        help=md_text(REVISE_HELP + cap),
    )
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        st.segmented_control(
            "Variants",
            list(range(1, MAX_VARIANTS + 1)),
            format_func=lambda n: "One" if n == 1 else f"{n}, ranked",
            default=chosen_variants(),
            key=session.VARIANTS,
            required=True,
            help=md_text(VARIANTS_HELP),
        )
    with right:
        st.checkbox(
            "Let the model check its own render (agent)",
            key=session.AGENT,
            help=md_text(AGENT_HELP),
            disabled=chosen_variants() > 1,
        )
    return Grounding(picked or grounding.value), bool(st.session_state.get(session.DRAFT, False))
