"""Convert page: upload a design (or import a Figma frame), choose target and engine, watch it
convert, take the code.

Before the first conversion the page is the setup: the upload, the design and the options. Once a
conversion starts, the setup folds into a one-line bar (it opens again with a click) so that the
live view, and then the result beside the original, are what the window shows.
"""

from __future__ import annotations

import streamlit as st

from converters import DesignImage, HandoffError, Target
from converters.conversion import ConversionRequest, Grounding
from converters.engines import create_engine, engine_infos
from converters.jobs import ConversionJob
from ui import session
from ui.design_panel import design_facts, design_picture, upload_design
from ui.engine_choice import choose_engine, current_offer, show_unavailable_engines
from ui.figma_import import figma_design
from ui.live import live_view, stages_view
from ui.model_strategy import chosen_rounds, strategy_controls, with_checks
from ui.restore import follow_link
from ui.results import result_workspace
from ui.safe_text import md_text

settings = session.settings()
follow_link(settings)  # ?c=<id>: a reload or a link comes back to that result
running = session.job()
working = running is not None or bool(session.history())
infos = {info.name: info for info in engine_infos()}
offer = current_offer(settings)
labels, ready = offer.labels, offer.ready

if not working:
    st.title("Convert a design")


def preferred_engine() -> str | None:
    """The engine the menu shows: the one picked here, else the one in use (``ui.engine_choice``)."""
    picked = st.session_state.get("engine")
    return str(picked) if picked in ready else offer.in_use


def setup_summary(design: DesignImage | None) -> str:
    """The folded setup's label: what will be converted, to what, by which engine."""
    if design is None:
        return "Upload a design"
    target = Target(st.session_state.get("target") or Target.REACT_TAILWIND.value)
    engine = preferred_engine()
    parts = [
        design.source_name,
        "{:,} × {:,} px".format(*(design.css_size or (design.width, design.height))),
        target.label,
        labels[engine] if engine is not None else "no engine can run yet",
    ]
    return " · ".join(parts)


if st.session_state.pop(session.FOLD_SETUP, False):
    st.session_state[session.SETUP_OPEN] = False  # before the expander exists in this run
known = session.kept_design()
# Working: the setup folded into one line with the Convert button beside it.
setup_area, button_area = st.columns([6, 1]) if working else (st.container(), st.container())
with (
    setup_area,
    st.expander(
        # A file name is the user's own text: the label is Markdown.
        md_text(setup_summary(known)) if working else "Design and options",
        expanded=not working,
        key=session.SETUP_OPEN,
        on_change="rerun",
        icon=":material/tune:",
    ),
):
    source = st.segmented_control(
        "Design from",
        ["file", "figma"],
        format_func=lambda value: {"file": "A file", "figma": "A Figma link"}[value],
        default="file",
        key=session.DESIGN_SOURCE,
        required=True,
    )
    design = figma_design(settings) if source == "figma" else upload_design(settings)
    if design is not None:
        facts, picture = st.columns([2, 5], gap="large")
        with facts:
            design_facts(design)
        with picture:
            design_picture(design)
    target = Target(
        st.segmented_control(
            "Target",
            [t.value for t in Target],
            format_func=lambda v: Target(v).label,
            default=Target.REACT_TAILWIND.value,
            key="target",
            required=True,
        )
    )
    preferred = preferred_engine()
    if preferred is not None:
        engine_name = st.selectbox(
            "Engine",
            ready,
            index=ready.index(preferred),
            format_func=lambda name: labels[name],
            key="engine",
            # Kept as the session's choice: the menu's own state is dropped on another page.
            on_change=lambda: choose_engine(st.session_state["engine"]),
        )
        show_unavailable_engines(offer)
    else:
        engine_name = None
        needs = "; ".join(f"{labels[name]}: {missing}" for name, missing in offer.not_offered.items())
        st.warning(f"No engine can run yet. {md_text(needs)}", icon=":material/key_off:")
        st.page_link("pages/settings.py", label="Open Settings", icon=":material/settings:")
    grounding, draft = Grounding.OFF, False
    if engine_name is not None and not infos[engine_name].local:
        grounding, draft = strategy_controls(settings)
    instructions = st.text_area(
        "Instructions (optional)",
        key="instructions",
        height=80,
        placeholder="e.g. use a dark theme, make the navigation sticky",
    )
    if engine_name is not None and instructions.strip() and not infos[engine_name].follows_instructions:
        st.caption(
            f":material/info: {md_text(labels[engine_name])} does not follow written instructions: its "
            "layout comes from the design alone. A model engine (Kimi K2.5, or an OpenAI-compatible "
            "endpoint: Settings) reads them."
        )

with button_area:
    start = st.button(
        "Convert",
        type="primary",
        icon=":material/auto_awesome:",
        disabled=design is None or engine_name is None or running is not None,
        width="stretch" if working else "content",
    )

if start and design is not None and engine_name is not None and running is None:
    try:
        engine = create_engine(engine_name, settings, session.overrides(engine_name))
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
    else:
        request = ConversionRequest(
            design=design, target=target, instructions=instructions, grounding=grounding, draft=draft
        )
        if not infos[engine_name].local:
            engine = with_checks(engine, design, settings, chosen_rounds(settings))
        session.set_job(ConversionJob(engine, request).start())
        st.session_state["job_meta"] = (design.source_name, target.value)
        st.session_state[session.FOLD_SETUP] = True  # the live view, then the result, take the window
        st.rerun()  # redraw the controls with Convert disabled while the job runs

if running is not None:
    name, target_value = st.session_state.get("job_meta", ("design", target.value))
    running_info = infos.get(running.engine.name)
    view = live_view if running_info is None or running_info.streams else stages_view
    view(Target(target_value), name)
else:
    result_workspace(design)
