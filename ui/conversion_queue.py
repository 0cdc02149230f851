"""Starting conversions from the Convert page: one design, the frames of one screen, or several
designs converted separately, one after another.

A session runs one conversion at a time (``session.job``). Designs converted separately wait in
the session's queue: the first starts at once, and each time the page runs with no job running
(the live view reruns it when a job ends) the next one starts. Stopping a conversion drops the
ones still waiting (``drop_queue``): Stop means stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from converters import DesignImage, HandoffError, Settings, Target
from converters.conversion import ConversionRequest, Frame, Grounding
from converters.engines import create_engine, engine_infos
from converters.intake.kinds import DesignKind
from converters.jobs import ConversionJob
from ui import session
from ui.model_strategy import with_checks
from ui.safe_text import md_text


@dataclass(frozen=True)
class PlannedConversion:
    """One conversion to start: its design (the widest frame, with ``frames``), the frames of a
    screen (empty: the design alone), and the options chosen when Convert was pressed."""

    design: DesignImage
    target: Target
    engine_name: str
    instructions: str = ""
    grounding: Grounding = Grounding.OFF
    draft: bool = False
    rounds: int = 0
    frames: tuple[Frame, ...] = ()
    kind: DesignKind | None = None


def start_conversions(planned: Sequence[PlannedConversion], settings: Settings) -> bool:
    """Start the first of ``planned`` and queue the rest; ``False`` (with the error shown) when
    the first could not start, and then none is queued."""
    if not planned:
        return False
    if not _start(planned[0], settings):
        return False
    st.session_state[session.QUEUE] = list(planned[1:])
    return True


def start_next_queued(settings: Settings) -> bool:
    """With no job running, start the next queued conversion; ``True`` if one started."""
    queue: list[PlannedConversion] = st.session_state.get(session.QUEUE) or []
    if not queue or session.job() is not None:
        return False
    following = queue.pop(0)
    if not _start(following, settings):
        drop_queue()
        return False
    return True


def queued() -> int:
    """How many conversions wait for the running one."""
    return len(st.session_state.get(session.QUEUE) or [])


def drop_queue() -> None:
    st.session_state.pop(session.QUEUE, None)


def _start(planned: PlannedConversion, settings: Settings) -> bool:
    try:
        engine = create_engine(planned.engine_name, settings, session.overrides(planned.engine_name))
    except HandoffError as exc:
        st.error(md_text(exc), icon=":material/error:")
        return False
    request = ConversionRequest(
        design=planned.design,
        target=planned.target,
        instructions=planned.instructions,
        grounding=planned.grounding,
        draft=planned.draft,
        frames=planned.frames,
        kind=planned.kind,
    )
    info = next((info for info in engine_infos() if info.name == planned.engine_name), None)
    if info is not None and not info.local:
        engine = with_checks(engine, planned.design, settings, planned.rounds)
    session.set_job(ConversionJob(engine, request).start())
    st.session_state["job_meta"] = (planned.design.source_name, planned.target.value)
    st.session_state[session.FOLD_SETUP] = True  # the live view, then the result, take the window
    st.session_state.pop(session.FRAMES_NOTICE, None)  # a new try: its own outcome is shown
    return True
