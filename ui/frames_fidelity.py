"""A result made from the frames of one screen, scored at each frame's width (issue 16).

The result is rendered at each frame's width and scored against that frame
(``FidelityService.submit_frames``, the same scoring ``handoff eval`` does for a frames item:
``converters.fidelity.frames``). The badge shows the mean over the frames; the Fidelity tab shows
each frame beside the render at its width with its scores, the mean, and then one frame's details
(overlay, code quality, accessibility at the widest) as for a single design.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from converters.conversion import Conversion, Frame
from converters.fidelity.report import design_blocks
from converters.fidelity.service import FrameDesign, ScoredFrames
from converters.fidelity.vocabulary import FIDELITY_SCORES, combined_score
from ui import fidelity_tab, session
from ui.fidelity_tab import ScoringJob
from ui.library_store import record_scores_when_done
from ui.safe_text import md_text

FRAME_PICTURE_HEIGHT: Final = 360
"""px: each frame and its render are shown side by side in boxes this tall (a long page scrolls
in its box), so that four frames still fit in a few screens."""
MEAN: Final = "Mean"
"""The column of the mean over the frames in the scores table."""


def start_frames_scoring(
    entry_id: str, conversion: Conversion, frames: tuple[Frame, ...] | None, *, library_id: str | None = None
) -> ScoringJob | None:
    """This session's scoring of a frames result at each frame's width, submitted now if its
    frames are still uploaded (``None`` when it was never scored and they are not). With
    ``library_id``, the mean scores and a picture of the widest render are saved in the library."""
    jobs = fidelity_tab.session_jobs()
    job = jobs.get(entry_id)
    if job is not None:
        return job
    if not frames or frames[-1].design.sha256 != conversion.design_sha256:
        return None
    future = fidelity_tab.fidelity_service().submit_frames(
        [
            FrameDesign(
                fidelity_tab.reading_key(frame.design),
                frame.design.image_view(),
                frame.width,
                design_blocks(frame.design),
            )
            for frame in frames
        ],
        conversion.code,
        conversion.target,
        a11y=True,
    )
    future.add_done_callback(fidelity_tab.log_failure)
    if library_id is not None:
        record_scores_when_done(session.settings(), library_id, future)
    job = jobs[entry_id] = ScoringJob(future)
    return job


def show_frames_fidelity(entry_id: str, job: ScoringJob | None) -> None:
    """The Fidelity tab of a frames result: each frame beside the render at its width with its
    scores, the mean, then one frame's details."""
    scored = fidelity_tab.finished_scoring(entry_id, job, gone="frames")
    if not isinstance(scored, ScoredFrames):
        return
    st.markdown("#### Each frame")
    st.caption(
        "The result rendered at each frame's width beside the frame, and how close it is to it "
        "(0-100%, higher is better). The badge above is the mean over the frames."
    )
    _scores_table(scored)
    for frame in scored.frames:  # a row each: a phone frame and a desktop one both readable
        width = frame.reference.css_width
        percent = round(combined_score(frame.report.scores()) * 100)
        st.markdown(f"**Frame · {width:d} px** · fidelity {percent:d}%")
        drawn, rendered = st.columns(2, gap="medium")
        with drawn, st.container(height=FRAME_PICTURE_HEIGHT, border=True):
            st.image(frame.reference.png, caption="The frame", width="stretch")
        with rendered, st.container(height=FRAME_PICTURE_HEIGHT, border=True):
            st.image(frame.report.candidate.png, caption=f"The result at {width:d} px", width="stretch")
    st.divider()
    widths = scored.widths
    chosen = st.segmented_control(
        "Details of the frame",
        widths,
        format_func=lambda width: f"{width:d} px",
        default=widths[-1],
        key=f"frames-detail-{entry_id}",
        required=True,
    )
    place = widths.index(chosen) if chosen in widths else len(widths) - 1
    fidelity_tab.show_scored(f"{entry_id}-{widths[place]:d}", scored.frames[place])


def _scores_table(scored: ScoredFrames) -> None:
    """The five fidelity scores (rows) at each frame's width and their mean (columns), in percent."""
    per_frame = [frame.report.scores() for frame in scored.frames]
    mean = scored.scores()
    # Cells are Markdown: our own labels, escaped all the same, and numbers.
    table_md: dict[str, list[str]] = {"Score": [md_text(score.label) for score in FIDELITY_SCORES]}
    for width, scores in zip(scored.widths, per_frame, strict=True):
        table_md[f"{width:d} px"] = [_percent(scores.get(score.key)) for score in FIDELITY_SCORES]
    table_md[MEAN] = [_percent(mean.get(score.key)) for score in FIDELITY_SCORES]
    st.table(table_md, hide_index=True)


def _percent(value: float | bool | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"
