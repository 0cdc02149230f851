"""The frames of a stored conversion (issue 16) back from the library: as pictures beside its
preview (the Library and a read-only link), as designs to score again, and as this session's
frames when the conversion is reopened (``ui.restore``), so that the result shows and changes as
it did before it was saved. The store keeps each frame's width and design
(``converters.store.frame_rows``)."""

from __future__ import annotations

import streamlit as st

from converters import HandoffError, IntakeError, Settings
from converters.conversion import Frame
from converters.intake import IntakeLimits
from converters.store import Store, StoredConversion
from ui import fidelity_tab, score_rows, session
from ui.frames_fidelity import show_frames_fidelity, start_frames_scoring
from ui.frames_panel import width_key
from ui.library_fidelity import scoring_key, stored_css_width
from ui.preview_pane import Original
from ui.safe_text import md_text

LIBRARY_ID_PREFIX = "library-"
"""The id (``UploadedDesign.id``, naming its widgets) of a frame brought back: ``library-<design key>``."""


def frame_originals(store: Store, stored: StoredConversion) -> tuple[Original, ...]:
    """Each frame's stored picture at its width, narrowest first (empty for one design). Raises
    ``HandoffError`` when a frame's design cannot be read."""
    return tuple(
        Original(store.design_png(frame.design_key), "image/png", frame.width) for frame in stored.frames
    )


def stored_originals(
    store: Store, stored: StoredConversion
) -> tuple[Original | None, str, tuple[Original, ...]]:
    """What a stored result is shown beside: its design (the widest frame, at that frame's
    width), or why it cannot be; and its frames, narrowest first (empty for one design)."""
    item = stored.item
    if not item.design_key:
        return None, "The design of this result is not in the library.", ()
    try:
        frames = frame_originals(store, stored)
        if frames:
            return frames[-1], "", frames
        png, facts = store.design_png(item.design_key), store.design(item.design_key)
    except HandoffError as exc:
        return None, f"The design cannot be shown: {exc}", ()
    return Original(png, "image/png", stored_css_width(facts)), "", ()


def frame_designs(store: Store, stored: StoredConversion, limits: IntakeLimits) -> tuple[Frame, ...]:
    """The frames as designs to score or convert again (read from their uploads when kept), narrowest
    first. Raises ``HandoffError`` (or ``IntakeError``) when one cannot be read."""
    return tuple(Frame(store.design_image(frame.design_key, limits), frame.width) for frame in stored.frames)


def library_frames_fidelity(store: Store, stored: StoredConversion) -> None:
    """The Library's Fidelity tab for a frames result: scored again at each frame's width, as the
    Convert page scores a fresh one (the saved mean shows meanwhile); call it only while open."""
    item = stored.item
    try:
        frames = frame_designs(store, stored, session.settings().limits)
    except (HandoffError, IntakeError) as exc:
        st.warning(f"The frames cannot be read, so this result is not scored again: {md_text(exc)}")
        frames = ()
    key = scoring_key(item.id)
    job = start_frames_scoring(key, stored.conversion, frames or None, library_id=item.id)
    if job is None:
        if item.fidelity:
            score_rows.show_saved_scores(item.fidelity)
        return
    fidelity_tab.score_badge(key, job)  # polls the job and reruns the page when it is done
    if not job.future.done() and item.fidelity:
        score_rows.show_saved_scores(item.fidelity)
        st.caption(
            ":material/progress_activity: The mean scores saved with this result. Rendering each frame…"
        )
        return
    show_frames_fidelity(key, job)


def frame_refs(stored: StoredConversion) -> tuple[session.FrameRef, ...]:
    """The frames as a session's history entry keeps them (``session.frames_of`` finds their designs)."""
    return tuple(session.FrameRef(frame.sha256, frame.page, frame.width) for frame in stored.frames)


def restore_frames(store: Store, stored: StoredConversion, settings: Settings) -> bool:
    """The stored frames as the designs this session works on, with their widths, as if just
    uploaded (and their uploads, for the library when the result is changed); whether they
    could all be read (if not, nothing changes: the result shows without them)."""
    try:
        frames = frame_designs(store, stored, settings.limits)
        uploads = [store.design_original(frame.design_key) for frame in stored.frames]
    except (HandoffError, IntakeError):
        return False
    items = tuple(
        session.UploadedDesign(f"{LIBRARY_ID_PREFIX}{kept.design_key}", frame.design)
        for kept, frame in zip(stored.frames, frames, strict=True)
    )
    widths: dict[str, int] = st.session_state.setdefault(session.FRAME_WIDTHS, {})
    for item, frame in zip(items, frames, strict=True):
        widths[item.id] = frame.width
        st.session_state.pop(width_key(item.id), None)  # its box shows the stored width
    st.session_state[session.INTAKE] = (("library", stored.item.id), session.Uploads(items))
    for place, (frame, upload) in enumerate(zip(frames, uploads, strict=True)):
        if upload is not None:
            session.keep_original(frame.design.sha256, upload[0], more=place > 0)
    return True
