"""The running conversion: status, elapsed time, Stop, then reasoning, growing code and a live
preview (model engines) or the stages with their times beside the design (the
offline engine, which writes its code only at the end).

A fragment that reruns four times a second (once a second for an engine that shows stages, not
code) reads the job's snapshot; the rest of the page is not rerun, and a rerun of the page (any
widget) does not touch the job, which lives in the session.
A stopped job is recorded as stopped, not failed: with the code it had, if any.
"""

from __future__ import annotations

import time
from typing import Final

import streamlit as st

from converters.conversion import Conversion, ConversionRequest
from converters.errors import FramesError
from converters.fidelity.report import design_css_width
from converters.jobs import STOP_GRACE_S, JobSnapshot, StageTime
from converters.preview.partial import close_partial_jsx
from converters.strategies import Variant, VariantsConverter
from converters.targets import Target
from ui import session
from ui.access import author
from ui.code_view import code_language
from ui.conversion_queue import drop_queue
from ui.library_store import save_result
from ui.media import LIVE_PICTURE_FORMAT, live_picture, render_thumbnail
from ui.preview_pane import preview_pane
from ui.refine import change_parent, change_recorded
from ui.results import PANE_HEIGHT, WIDTH_RANGE, device_widths
from ui.safe_text import md_text

PREVIEW_EVERY_S: Final = 1.0  # the live preview redraws at most about this often ...
PREVIEW_CHARS_PER_S: Final = 50_000
"""... and, for long code, once per this many characters a second: each redraw sends the whole code
to the browser (three times over, for React) and renders it again; at 150,000 characters, every 3 s."""
LIVE_PREVIEW_MAX_CHARS: Final = 150_000
"""Past this much code the live preview keeps its last picture until the result: the preview frame
renders on the app tab's own thread in Chromium, and a page this long (a 32k-token reply is about
120,000 characters) takes over a second to draw each time."""
LIVE_CODE_TAIL_CHARS: Final = 12_000
"""The live code view shows the end of the code, about 300 lines: highlighting all of a huge reply
four times a second froze the tab. The whole code is shown with the result."""
TICK_S: Final = 0.25
STAGES_TICK_S: Final = 1.0
"""An engine that writes its code only at the end (offline) shows its stages with their seconds:
once a second is enough, and every redraw of every converting session costs the one server
process; at four a second, ten offline sessions kept a new visitor's page from loading."""


@st.fragment(run_every=TICK_S)
def live_view(target: Target, design_name: str) -> None:
    """The running job of a streaming engine: its code and preview as they grow."""
    _live(target, design_name, stages=False)


@st.fragment(run_every=STAGES_TICK_S)
def stages_view(target: Target, design_name: str) -> None:
    """The running job of an engine that reports stages: the stages beside the design."""
    _live(target, design_name, stages=True)


def _live(target: Target, design_name: str, *, stages: bool) -> None:
    job = session.job()
    if job is None:
        return
    snap = job.snapshot()
    if snap.stopping:
        # Stop's callback ran just before this run: the job ends within STOP_GRACE_S. Wait for it
        # here, so that the result replaces the live view in this run, not a tick or two later.
        job.wait(STOP_GRACE_S + STAGES_TICK_S)
        snap = job.snapshot()
    if snap.done:
        error = str(snap.error) if snap.error else None
        if snap.stopped:
            drop_queue()  # Stop stops the designs waiting to be converted separately too
            if snap.result is not None:
                error = snap.status  # shown beside the partial code it kept: "Stopped by you after …"
        if isinstance(snap.error, FramesError) and job.request.frames:
            # The engine found the frames cannot make one result: said next to the uploader too.
            st.session_state[session.FRAMES_NOTICE] = str(snap.error)
            st.session_state[session.OPEN_SETUP] = True
        ranked = job.engine.ranked if isinstance(job.engine, VariantsConverter) else []
        if ranked and snap.result is not None and error is None:
            record_variants(ranked, snap.result, job.request, design_name, target)
            session.set_job(None)
            st.session_state.pop("live_preview", None)
            st.rerun()
        stored_id, store_error = None, None
        if snap.result is not None:  # a cut or stopped result too: it is flagged as partial
            design = job.request.design
            saved = save_result(
                session.settings(),
                snap.result,
                design,
                original=session.original(design.sha256),
                error=error or "",
                author=author(session.settings()),
                parent_id=change_parent(),
                frames=job.request.frames,
                originals=frame_originals(job.request),
            )
            stored_id, store_error = (saved, None) if isinstance(saved, str) else (None, str(saved))
        entry = session.record(
            design_name,
            target.label,
            snap.result,
            error,
            stored_id=stored_id,
            store_error=store_error,
            stopped=snap.status if snap.stopped else None,
            design_page=job.request.design.page,
            frames=frame_refs(job.request),
        )
        change_recorded(entry)
        session.set_job(None)
        st.session_state.pop("live_preview", None)
        st.rerun()  # the whole page: show the result, enable the Convert button
    status, stop = st.columns([6, 1], vertical_alignment="center")
    # The status can quote an endpoint (its errors, its retries): untrusted.
    status.markdown(f"**{md_text(snap.status)}** · {snap.elapsed_s:.0f} s")
    # A callback: it runs before the fragment does, so that run can already wait for the end.
    stop.button("Stop", icon=":material/stop_circle:", disabled=snap.stopping, key="stop", on_click=job.stop)
    if not snap.code and (stages or snap.stages):
        stages_beside_design(snap)
        return
    if snap.reasoning_chars:
        st.caption(
            f":material/psychology: Thinking: {snap.reasoning_chars:,} characters · "
            f"…{md_text(snap.reasoning_tail[-160:])}"
        )
    # The design is not shown beside the live preview: with it (a media-file URL redrawn four times a
    # second), the live view failed to show in full e2e runs. The result shows the two side by side.
    code_column, preview_column = st.columns(2, gap="medium")
    with code_column, st.container(height=PANE_HEIGHT, border=True):
        tail, hidden_lines = code_tail(snap.code)
        if hidden_lines:
            st.caption(f"… {hidden_lines:,} earlier lines (the whole code comes with the result)")
        st.code(tail or "Waiting for code…", language=code_language(target))
    shown_code, shown_at, shown_revision = st.session_state.get("live_preview", ("", 0.0, -1))
    now = time.monotonic()
    every = max(PREVIEW_EVERY_S, len(snap.code) / PREVIEW_CHARS_PER_S)
    too_long = len(snap.code) > LIVE_PREVIEW_MAX_CHARS
    # Half a tick of slack, so a refresh due "now" does not wait for the next tick.
    if snap.revision != shown_revision and now - shown_at >= every - TICK_S / 2 and not too_long:
        renderable = close_partial_jsx(snap.code) if target is Target.REACT_TAILWIND else snap.code
        shown_code, shown_at, shown_revision = renderable, now, snap.revision
        st.session_state["live_preview"] = (shown_code, shown_at, shown_revision)
    with preview_column:
        if too_long:
            st.caption(
                ":material/pause_circle: The code is too long to redraw while it streams; the result "
                "will show it whole."
            )
        frame_widths = tuple(frame.width for frame in job.request.frames)
        width = frame_widths[-1] if frame_widths else design_css_width(job.request.design)
        preview_pane(
            shown_code or None,
            target,
            width=width,
            height=PANE_HEIGHT,
            key="live-preview",
            live=True,
            devices=device_widths(width, frame_widths),
            width_range=WIDTH_RANGE,
        )


def frame_refs(request: ConversionRequest) -> tuple[session.FrameRef, ...]:
    """The frames a result was made from, as its history entry keeps them (empty: one design)."""
    return tuple(session.FrameRef.of(frame) for frame in request.frames)


def frame_originals(request: ConversionRequest) -> dict[str, bytes]:
    """The uploads of the frames' designs this session still holds, by sha256, for the library."""
    kept = ((frame.design.sha256, session.original(frame.design.sha256)) for frame in request.frames)
    return {sha256: data for sha256, data in kept if data is not None}


def record_variants(
    ranked: list[Variant], best: Conversion, request: ConversionRequest, design_name: str, target: Target
) -> None:
    """Keep every variant of a ranked run in the library and the session (the best saved last, so
    that it is the design's latest), give each the strip of all of them, and show the best."""
    design = request.design
    entries: dict[int, str] = {}
    for place in reversed(range(len(ranked))):
        variant = ranked[place]
        conversion = best if place == 0 else variant.conversion
        if conversion is None:
            continue
        saved = save_result(
            session.settings(),
            conversion,
            design,
            original=session.original(design.sha256),
            error=variant.error,
            author=author(session.settings()),
            frames=request.frames,
            originals=frame_originals(request),
        )
        stored_id, store_error = (saved, None) if isinstance(saved, str) else (None, str(saved))
        entry = session.record(
            design_name,
            target.label,
            conversion,
            variant.error or None,
            stored_id=stored_id,
            store_error=store_error,
            variant=variant.label,
            design_page=design.page,
            frames=frame_refs(request),
        )
        entries[place] = entry.id
    cards = tuple(
        session.VariantCard(
            strategy=variant.label,
            score=variant.score,
            picture=render_thumbnail(variant.scored.report.candidate.png) if variant.scored else None,
            entry_id=entries.get(place),
            error=variant.error,
        )
        for place, variant in enumerate(ranked)
    )
    session.link_variants(cards)
    if 0 in entries:
        st.session_state["selected_result"] = entries[0]


def stages_beside_design(snap: JobSnapshot) -> None:
    """An engine that reports stages and has no code yet: its stages so far, with their times
    (or, before the first, its status: waiting in line for a reader), beside the design it reads."""
    job = session.job()
    stages_column, design_column = st.columns(2, gap="medium")
    with stages_column, st.container(height=PANE_HEIGHT, border=True):
        if snap.stages:
            st.markdown(stages_md(snap.stages))
        else:
            st.markdown(f":material/hourglass_top: {md_text(snap.status)}")
    with design_column, st.container(height=PANE_HEIGHT, border=True):
        if job is not None:
            design = job.request.design.display_copy
            st.image(
                live_picture(design.data),
                caption="The design being read",
                width="stretch",
                output_format=LIVE_PICTURE_FORMAT,
            )


def stages_md(stages: tuple[StageTime, ...]) -> str:
    """The stages as Markdown lines: done ones ticked, the current one with its count, with
    seconds; then how many are still to come."""
    lines = [_stage_md(stage) for stage in stages]
    last = stages[-1]
    if last.count > last.index:
        lines.append(f":material/radio_button_unchecked: {last.count - last.index:d} more to come")
    return "  \n".join(lines)


def _stage_md(stage: StageTime) -> str:
    icon_md = ":material/check_circle:" if stage.finished else ":material/progress_activity:"
    count_md = ""
    if stage.total:
        done_md = f"{stage.total:,}" if stage.finished else f"{stage.done:,} of {stage.total:,}"
        count_md = f" · {done_md} {md_text(stage.unit)}"
    return f"{icon_md} **{md_text(stage.name)}**{count_md} · {stage.seconds:.1f} s"


def code_tail(code: str, limit: int = LIVE_CODE_TAIL_CHARS) -> tuple[str, int]:
    """The last ``limit`` characters of ``code`` or fewer, from a line start, and how many lines
    come before them (0 when the code is shown whole)."""
    if len(code) <= limit:
        return code, 0
    start = code.find("\n", len(code) - limit) + 1 or len(code) - limit
    return code[start:], code.count("\n", 0, start)
