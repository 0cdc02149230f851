"""How close a result is to its design: the score badge above the result and the Fidelity tab.

Scoring runs in the background on the process's one ``FidelityService`` (one Chromium, one job at
a time, results cached by design and code). This module only submits jobs, remembers this
session's job per result (so a failed job is shown, not silently retried on every rerun), polls
the running one from a fragment, and draws what comes back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass, field
from typing import Final

import streamlit as st
from PIL import Image

from converters import DesignImage, HandoffError
from converters.conversion import Conversion
from converters.fidelity.report import design_blocks, design_css_width
from converters.fidelity.service import FidelityService, ScoredConversion, ScoredFrames
from converters.fidelity.vocabulary import (
    FIDELITY_SCORES,
    combined_score,
)
from converters.render import TextBlock
from ui import session
from ui.a11y_section import show_a11y
from ui.fidelity_overlay import forget_overlay, show_overlay
from ui.library_store import record_scores_when_done
from ui.safe_text import md_text
from ui.score_rows import score_colour, show_fidelity_scores, show_quality_scores

logger = logging.getLogger(__name__)

POLL_S: Final = 1.0
STORED_JOBS_KEPT: Final = 8  # scoring jobs of library results kept per session (see start_stored_scoring)
BADGE_HELP: Final = (
    f"The mean of the five fidelity scores ({', '.join(score.label for score in FIDELITY_SCORES)}), "
    "measured against the uploaded design. Details and an overlay in the Fidelity tab."
)
FRAMES_BADGE_HELP: Final = (
    f"The mean of the five fidelity scores ({', '.join(score.label for score in FIDELITY_SCORES)}) over "
    "the frames: the result is rendered at each frame's width and measured against that frame. Each "
    "frame's scores in the Fidelity tab."
)
NO_TEXT: Final = (
    "No text was found in the design, so the text scores cannot judge it; see Visual and code quality."
)


@dataclass(frozen=True)
class ScoringJob:
    """This session's scoring of one result: the service's future and when it was asked for (a
    result made from frames is scored at each frame's width: ``ui.frames_fidelity``)."""

    future: Future[ScoredConversion] | Future[ScoredFrames]
    started: float = field(default_factory=time.monotonic)


Scored = ScoredConversion | ScoredFrames


# No atexit hook: Python shuts thread pools down before atexit handlers run, so ``close`` cannot
# reach the renderer's thread then; the Playwright driver ends with the process and takes its
# Chromium with it (checked).
@st.cache_resource(show_spinner=False, on_release=FidelityService.close)
def fidelity_service() -> FidelityService:
    """The process's scoring service; its Chromium starts with the first job."""
    return FidelityService()


def start_scoring(
    entry_id: str, conversion: Conversion, design: DesignImage | None, *, library_id: str | None = None
) -> ScoringJob | None:
    """This session's scoring job of a result, submitted now if its design is still uploaded.

    ``None`` when the result was never scored and its design is gone. A finished job (scores or
    error) is kept for the session: scores stay visible after the design is replaced. With
    ``library_id``, the scores and a thumbnail of the rendering are saved in the library too.
    """
    jobs = session_jobs()
    job = jobs.get(entry_id)
    if job is not None:
        return job
    if design is None or design.sha256 != conversion.design_sha256:
        return None
    # css_width: a vector design's image is larger than the design
    job = jobs[entry_id] = _submit(
        reading_key(design),
        design.image_view(),
        design_css_width(design),
        conversion,
        library_id,
        blocks=design_blocks(design),  # a vector file's own text, instead of OCR
    )
    return job


def reading_key(design: DesignImage) -> str:
    """What the scoring service keeps a design's reading under: its sha256, with the page for a
    page of a document (the pages of one file share its sha256)."""
    return design.sha256 if design.page_count == 1 else f"{design.sha256}-{design.page:d}"


def session_jobs() -> dict[str, ScoringJob]:
    """This session's scoring jobs of its results, by history entry (of those still in it)."""
    jobs: dict[str, ScoringJob] = st.session_state.setdefault("fidelity_jobs", {})
    for gone in set(jobs) - {entry.id for entry in session.history()}:
        del jobs[gone]  # results that dropped off the history
    return jobs


def start_stored_scoring(
    entry_id: str,
    conversion: Conversion,
    design_sha256: str,
    design: Callable[[], tuple[Image.Image, int]],
    *,
    library_id: str | None = None,
) -> ScoringJob:
    """This session's scoring job of a result read back from the library rather than uploaded
    in this session (the Library page, a shared link), submitted now unless it has one.

    ``design`` gives the design's image and its CSS width (as ``design_css_width`` does); it is
    called only to submit. Jobs are kept as ``start_scoring`` keeps them (a failed one is shown
    until "Try again"), for the ``STORED_JOBS_KEPT`` results opened last. With ``library_id``,
    the scores and a thumbnail of the rendering are saved in the library when it is done.
    """
    jobs: dict[str, ScoringJob] = st.session_state.setdefault("fidelity_stored_jobs", {})
    job = jobs.pop(entry_id, None)
    if job is None:
        image, css_width = design()
        job = _submit(design_sha256, image, css_width, conversion, library_id)
    jobs[entry_id] = job  # the newest last
    while len(jobs) > STORED_JOBS_KEPT:
        jobs.pop(next(iter(jobs)))
    return job


def _submit(
    design_sha256: str,
    image: Image.Image,
    css_width: int,
    conversion: Conversion,
    library_id: str | None,
    *,
    blocks: tuple[TextBlock, ...] | None = None,
) -> ScoringJob:
    # With its accessibility report: the result view shows it beside the scores.
    future = fidelity_service().submit(
        design_sha256,
        image,
        conversion.code,
        conversion.target,
        css_width=css_width,
        a11y=True,
        blocks=blocks,
    )
    future.add_done_callback(log_failure)
    if library_id is not None:
        record_scores_when_done(session.settings(), library_id, future)
    return ScoringJob(future)


def forget_scoring(entry_id: str) -> None:
    """Drop this session's job of a result (a failed one is submitted again on the next run)."""
    st.session_state.setdefault("fidelity_jobs", {}).pop(entry_id, None)
    st.session_state.setdefault("fidelity_stored_jobs", {}).pop(entry_id, None)
    forget_overlay(entry_id)
    st.session_state.setdefault("a11y_overlays", {}).pop(entry_id, None)


def score_badge(entry_id: str, job: ScoringJob | None) -> None:
    """The compact badge: "Fidelity NN%", or "Scoring…" (polled until the job is done)."""
    with st.container(key=f"fidelity-badge-{entry_id}"):  # a fixed slot: the tabs below keep their place
        if job is None:
            return
        if not job.future.done():
            _scoring_badge(entry_id)
            return
        scored, error = _outcome(job.future)
        if scored is None:
            st.badge(
                "Fidelity not scored",
                icon=":material/error:",
                color="gray",
                help=f"Scoring failed: {md_text(error)}",
            )
            return
        percent = round(combined_score(headline_scores(scored)) * 100)
        frames = scored.frames if isinstance(scored, ScoredFrames) else (scored,)
        no_text = all(frame.reference.kind == "image" and not frame.reference.blocks for frame in frames)
        st.badge(
            f"Fidelity {percent:d}%",
            icon=":material/target:",
            color=score_colour(percent),
            help=(FRAMES_BADGE_HELP if len(frames) > 1 else BADGE_HELP) + (f" {NO_TEXT}" if no_text else ""),
        )


@st.fragment(run_every=POLL_S)
def _scoring_badge(entry_id: str) -> None:
    job: ScoringJob | None = st.session_state.get("fidelity_jobs", {}).get(entry_id)
    job = job or st.session_state.get("fidelity_stored_jobs", {}).get(entry_id)
    if job is None or job.future.done():
        st.rerun()  # the whole page: badge and Fidelity tab show the outcome
    elapsed = time.monotonic() - job.started
    st.badge(
        f"Scoring… {elapsed:.0f} s",
        icon=":material/progress_activity:",
        color="gray",
        help="Rendering the result in a browser and reading the text of both pages.",
    )


def show_fidelity(entry_id: str, job: ScoringJob | None) -> None:
    """The Fidelity tab: scores side by side, then the overlay; or why there is nothing to show."""
    scored = finished_scoring(entry_id, job)
    if isinstance(scored, ScoredConversion):
        show_scored(entry_id, scored)


def finished_scoring(entry_id: str, job: ScoringJob | None, *, gone: str = "original") -> Scored | None:
    """The job's result once it is done; until then (or when it failed, or there is none) what
    the tab says instead. ``gone``: what is no longer uploaded when there is no job ("original",
    "frames")."""
    if job is None:
        st.info(
            f"The {md_text(gone)} of this result {'are' if gone.endswith('s') else 'is'} no longer "
            f"uploaded, so it cannot be scored. Upload the same {md_text(gone)} again to see its fidelity.",
            icon=":material/info:",
        )
        return None
    if not job.future.done():
        st.markdown(
            ":material/progress_activity: **Scoring this result against your design…** "
            "It is rendered in a browser and the text of both pages is read; the first result "
            "takes longer while the browser and the text reader start."
        )
        return None
    scored, error = _outcome(job.future)
    if scored is None:
        st.error(f"This result could not be scored. {md_text(error)}", icon=":material/error:")
        if st.button("Try again", icon=":material/refresh:", key=f"fidelity-retry-{entry_id}"):
            forget_scoring(entry_id)
            st.rerun()
        return None
    return scored


def show_scored(entry_id: str, scored: ScoredConversion) -> None:
    """One scoring's scores side by side, then the overlay and the accessibility checks;
    ``entry_id`` tells its widgets and pictures from others'."""
    report = scored.report
    candidate = report.candidate
    if candidate.status in ("error", "timeout"):
        what = "reported an error" if candidate.status == "error" else "did not finish rendering in time"
        # The message is the generated code's own error text: untrusted.
        detail_md = f": {md_text(candidate.message)}" if candidate.message else ""
        st.warning(
            f"The result {md_text(what)} in the scoring browser{detail_md}. The scores judge what was drawn.",
            icon=":material/warning:",
        )
    if scored.reference.kind == "image" and not scored.reference.blocks:
        st.info(NO_TEXT, icon=":material/info:")
    fidelity, quality = st.columns(2, gap="large")
    with fidelity:
        show_fidelity_scores(scored.report.scores())
    with quality:
        show_quality_scores(report.quality, scored.reference.kind)
    st.divider()
    show_overlay(entry_id, scored)
    if report.candidate.a11y is not None:
        st.divider()
        show_a11y(entry_id, scored)


def headline_scores(scored: Scored) -> dict[str, float | bool | None]:
    """The scores a result is summed up by: its report's, or the mean over its frames."""
    return scored.scores() if isinstance(scored, ScoredFrames) else scored.report.scores()


# --- small helpers --------------------------------------------------------------------------------


def _outcome(future: Future[ScoredConversion] | Future[ScoredFrames]) -> tuple[Scored | None, str]:
    """The finished job's result, or ``None`` and a message for the user."""
    try:
        return future.result(timeout=0), ""
    except CancelledError:
        return None, "Scoring was cancelled because the app is restarting its scoring service."
    except HandoffError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 -- logged by log_failure; the page stays usable
        return None, f"Scoring failed unexpectedly ({type(exc).__name__}); the details are in the app's log."


def log_failure(future: Future[ScoredConversion] | Future[ScoredFrames]) -> None:
    if future.cancelled():
        return
    exc = future.exception()
    if isinstance(exc, HandoffError):
        logger.warning("Fidelity scoring failed: %s", exc)
    elif exc is not None:
        logger.error("Fidelity scoring failed unexpectedly", exc_info=exc)
