"""Convert page: upload a design, choose target and engine, watch it convert, take the code."""

from __future__ import annotations

import streamlit as st

from converters import HandoffError, Target
from converters.engines import ConversionRequest, create_engine, engine_infos, engine_status
from converters.export import safe_stem
from converters.jobs import ConversionJob
from ui import session
from ui.design_panel import design_facts, design_picture, upload_design
from ui.live import live_view
from ui.results import history_picker, show_result
from ui.safe_text import md_text

settings = session.settings()
st.title("Convert a design")

design = upload_design(settings)
if design is not None:
    facts, picture = st.columns([2, 5], gap="large")
    with facts:
        design_facts(design)
    with picture:
        design_picture(design)

running = session.job()
labels = {info.name: info.label for info in engine_infos()}
status = {name: engine_status(settings, session.overrides(name))[name] for name in labels}
ready = [name for name, missing in status.items() if missing is None]

with st.container(border=True):
    st.subheader("Convert")
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
    if ready:
        preferred = st.session_state.get("engine_choice") or settings.engine
        engine_name = st.selectbox(
            "Engine",
            ready,
            index=ready.index(preferred) if preferred in ready else 0,
            format_func=lambda name: labels[name],
            key="engine",
        )
    else:
        engine_name = None
        needs = "; ".join(f"{labels[name]}: {missing}" for name, missing in status.items())
        st.warning(f"No engine can run yet. {md_text(needs)}", icon=":material/key_off:")
        st.page_link("pages/settings.py", label="Open Settings", icon=":material/settings:")
    instructions = st.text_area(
        "Instructions (optional)",
        key="instructions",
        height=80,
        placeholder="e.g. use a dark theme, make the navigation sticky",
    )
    start = st.button(
        "Convert",
        type="primary",
        icon=":material/auto_awesome:",
        disabled=design is None or engine_name is None or running is not None,
    )

if start and design is not None and engine_name is not None and running is None:
    try:
        engine = create_engine(engine_name, settings, session.overrides(engine_name))
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
    else:
        request = ConversionRequest(design=design, target=target, instructions=instructions)
        session.set_job(ConversionJob(engine, request).start())
        st.session_state["job_meta"] = (design.source_name, target.value)
        st.rerun()  # redraw the controls with Convert disabled while the job runs

if running is not None:
    name, target_value = st.session_state.get("job_meta", ("design", target.value))
    live_view(Target(target_value), name)
else:
    entry = history_picker()
    if entry is not None:
        show_result(entry, design, safe_stem(entry.design_name))
