"""Convert page: upload a design (or import a Figma frame; or the frames of one screen at several
widths), choose target and engine, watch it convert, take the code.

Before the first conversion the page is the setup: the upload, the design and the options. Once a
conversion starts, the setup folds into a one-line bar (it opens again with a click) so that the
live view, and then the result beside the original, are what the window shows.
"""

from __future__ import annotations

import streamlit as st

from converters import DesignImage, Target
from converters.conversion import Frame, Grounding
from converters.engines import engine_infos
from ui import session
from ui.conversion_queue import PlannedConversion, queued, start_conversions, start_next_queued
from ui.design_kind import kind_choice
from ui.design_panel import design_facts, design_picture, upload_designs
from ui.engine_choice import choose_engine, current_offer, show_unavailable_engines
from ui.figma_import import figma_design
from ui.frames_panel import FramesChoice, frames_panel
from ui.frames_upload import upload_frames
from ui.live import live_view, stages_view
from ui.model_strategy import chosen_rounds, strategy_controls
from ui.restore import follow_link
from ui.results import result_workspace
from ui.safe_text import md_text

settings = session.settings()
follow_link(settings)  # ?c=<id>: a reload or a link comes back to that result
start_next_queued(settings)  # designs converted separately: the next once the last is done
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


def setup_summary(designs: tuple[DesignImage, ...]) -> str:
    """The folded setup's label: what will be converted, to what, by which engine."""
    if not designs:
        return "Upload a design"
    target = Target(st.session_state.get("target") or Target.REACT_TAILWIND.value)
    engine = preferred_engine()
    design = designs[0]
    what = [design.source_name, "{:,} × {:,} px".format(*(design.css_size or (design.width, design.height)))]
    if len(designs) > 1:
        what = [" + ".join(other.source_name for other in designs), f"{len(designs):d} designs"]
    parts = [
        *what,
        target.label,
        labels[engine] if engine is not None else "no engine can run yet",
    ]
    return " · ".join(parts)


if st.session_state.pop(session.FOLD_SETUP, False):
    st.session_state[session.SETUP_OPEN] = False  # before the expander exists in this run
if st.session_state.pop(session.OPEN_SETUP, False):
    st.session_state[session.SETUP_OPEN] = True  # its message is for the user to see
known = session.kept_designs()
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
        ["file", "frames", "figma"],
        format_func=lambda value: {
            "file": "A file",
            "frames": "Frames of one screen",
            "figma": "A Figma link",
        }[value],
        default="file",
        key=session.DESIGN_SOURCE,
        required=True,
        help="Frames of one screen: the same screen drawn at two to four widths (desktop, tablet, phone), "
        "as images or as the pages of a PDF, for one responsive result.",
    )
    uploaded: tuple[session.UploadedDesign, ...]
    if source == "figma":
        imported = figma_design(settings)
        uploaded = (session.UploadedDesign("figma", imported),) if imported is not None else ()
    elif source == "frames":
        uploaded = upload_frames(settings)
    else:
        uploaded = upload_designs(settings)
    design = uploaded[0].design if len(uploaded) == 1 else None
    several: FramesChoice | None = frames_panel(uploaded) if len(uploaded) > 1 else None
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
    kind = None
    if engine_name is not None and not infos[engine_name].local:
        grounding, draft = strategy_controls(settings)
    elif engine_name is not None:
        kind = kind_choice()

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
        disabled=(design is None and (several is None or not several.ready))
        or engine_name is None
        or running is not None,
        width="stretch" if working else "content",
    )


def planned_conversions(engine: str) -> list[PlannedConversion]:
    """What Convert starts: the one design, the frames as one result, or each design on its own."""
    rounds = chosen_rounds(settings)

    def planned(each: DesignImage, frames: tuple[Frame, ...] = ()) -> PlannedConversion:
        return PlannedConversion(each, target, engine, instructions, grounding, draft, rounds, frames, kind)

    if several is None:
        return [planned(design)] if design is not None else []
    if several.separately:
        return [planned(each) for each in several.designs]
    return [planned(several.design, several.frames)] if several.design is not None else []


if (
    start
    and engine_name is not None
    and running is None
    and start_conversions(planned_conversions(engine_name), settings)
):
    st.rerun()  # redraw the controls with Convert disabled while the job runs

if running is not None:
    name, target_value = st.session_state.get("job_meta", ("design", target.value))
    running_info = infos.get(running.engine.name)
    view = live_view if running_info is None or running_info.streams else stages_view
    waiting = queued()
    if waiting:
        st.caption(
            f":material/queue: {waiting:d} more design{'s' if waiting != 1 else ''} to convert after this."
        )
    view(Target(target_value), name)
else:
    result_workspace(session.kept_designs())
