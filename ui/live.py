"""The running conversion: status, elapsed time, reasoning, growing code and a live preview.

A fragment that reruns twice a second reads the job's snapshot; the rest of the page is not
rerun, and a rerun of the page (any widget) does not touch the job, which lives in the session.
"""

from __future__ import annotations

import time

import streamlit as st

from converters.preview.partial import close_partial_jsx
from converters.targets import Target
from ui import session
from ui.library_store import save_result
from ui.preview_pane import preview_pane
from ui.results import PANE_HEIGHT, code_language
from ui.safe_text import md_text

PREVIEW_EVERY_S = 1.0  # the live preview redraws at most about this often
TICK_S = 0.25


@st.fragment(run_every=TICK_S)
def live_view(target: Target, design_name: str) -> None:
    job = session.job()
    if job is None:
        return
    snap = job.snapshot()
    if snap.done:
        error = str(snap.error) if snap.error else None
        stored_id, store_error = None, None
        if snap.result is not None:  # a cut or stopped result too: it is flagged as partial
            design = job.request.design
            saved = save_result(
                session.settings(),
                snap.result,
                design,
                original=session.original(design.sha256),
                error=error or "",
            )
            stored_id, store_error = (saved, None) if isinstance(saved, str) else (None, str(saved))
        session.record(
            design_name, target.label, snap.result, error, stored_id=stored_id, store_error=store_error
        )
        session.set_job(None)
        st.session_state.pop("live_preview", None)
        st.rerun()  # the whole page: show the result, enable the Convert button
    status, stop = st.columns([6, 1], vertical_alignment="center")
    # The status can quote an endpoint (its errors, its retries): untrusted.
    status.markdown(f"**{md_text(snap.status)}** · {snap.elapsed_s:.0f} s")
    if stop.button("Stop", icon=":material/stop_circle:", disabled=snap.stopping, key="stop"):
        job.stop()
    if snap.reasoning_chars:
        st.caption(
            f":material/psychology: Thinking: {snap.reasoning_chars:,} characters · "
            f"…{md_text(snap.reasoning_tail[-160:])}"
        )
    code_column, preview_column = st.columns(2, gap="medium")
    with code_column, st.container(height=PANE_HEIGHT, border=True):
        st.code(snap.code or "Waiting for code…", language=code_language(target))
    shown_code, shown_at, shown_revision = st.session_state.get("live_preview", ("", 0.0, -1))
    now = time.monotonic()
    # Half a tick of slack, so a refresh due "now" does not wait for the next tick.
    if snap.revision != shown_revision and now - shown_at >= PREVIEW_EVERY_S - TICK_S / 2:
        renderable = close_partial_jsx(snap.code) if target is Target.REACT_TAILWIND else snap.code
        shown_code, shown_at, shown_revision = renderable, now, snap.revision
        st.session_state["live_preview"] = (shown_code, shown_at, shown_revision)
    with preview_column:
        preview_pane(
            shown_code or None, target, width=1280, height=PANE_HEIGHT, key="live-preview", live=True
        )
