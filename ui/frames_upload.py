"""The uploader of the frames of one screen (issue 16): several images, or a document whose pages
are the frames, read into designs for ``ui.frames_panel``.

Every page of every file is a frame (an image has one page), read once and kept while its file
stays in the uploader. A file that cannot be read is said next to the uploader and left out; what
is left is listed, and one frame alone converts on its own, with the reason said.
"""

from __future__ import annotations

from typing import Final

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from converters import IntakeError, Settings
from converters.errors import FramesError
from converters.intake import ACCEPTED, EXTENSIONS
from converters.intake.frames import MAX_FRAMES, check_frame_count
from ui import session
from ui.design_panel import forget_if_removed, kept_uploads, read_upload
from ui.safe_text import md_text
from ui.session import UploadedDesign, Uploads

MAX_PARTS: Final = 2 * MAX_FRAMES
"""Frames read from one upload (files, or their pages): enough to see which of too many to leave
out, or to convert each on its own; more is a folder or a deck dropped by mistake, each frame
seconds to read."""


def upload_frames(settings: Settings) -> tuple[UploadedDesign, ...]:
    """The frames uploader; returns the designs read, in upload order (a document's pages in
    their order), or those kept from before when it is empty."""
    files: list[UploadedFile] = list(
        st.file_uploader(
            "Frames of one screen",
            type=list(EXTENSIONS),
            accept_multiple_files=True,
            key=session.FRAMES_UPLOAD,
            on_change=forget_if_removed,
            args=(session.FRAMES_UPLOAD,),
            help=f"Two to {MAX_FRAMES:d} images of the same screen drawn at different widths (desktop, "
            f"tablet, phone), or a PDF whose pages are those frames. {ACCEPTED}. Up to "
            f"{settings.limits.max_bytes // (1024 * 1024):d} MB and "
            f"{settings.limits.max_pixels / 1e6:.0f} megapixels each.",
        )
        or []
    )
    if not files:
        return kept_uploads(
            f"Upload two to {MAX_FRAMES:d} frames of one screen (its desktop, tablet and phone "
            "drawings), or a PDF whose pages are those frames: one responsive result looks like each "
            "at its width."
        )
    uploads = _read_frames(files, settings)
    if uploads.cut:
        st.warning(
            f"Only the first {MAX_PARTS:d} frames are read; one conversion takes at most {MAX_FRAMES:d}. "
            "Remove the files you do not need.",
            icon=":material/warning:",
        )
    for name, error in uploads.refused:
        st.error(f"{md_text(name)} was left out: {md_text(error)}", icon=":material/error:")
    if len(uploads.designs) == 1:
        try:  # one frame: said, and it converts on its own
            check_frame_count([uploads.designs[0].design.source_name])
        except FramesError as exc:
            st.error(md_text(exc), icon=":material/error:")
    return uploads.designs


def _read_frames(files: list[UploadedFile], settings: Settings) -> Uploads:
    """Each page of each file, read once: those read before (same file, same page) are kept."""
    cache_key = ("frames", tuple(upload.file_id for upload in files))
    cached = st.session_state.get(session.INTAKE)
    if cached is not None and cached[0] == cache_key and isinstance(cached[1], Uploads):
        return cached[1]
    known = (
        {item.id: item.design for item in cached[1].designs}
        if cached and isinstance(cached[1], Uploads)
        else {}
    )
    items: list[UploadedDesign | tuple[str, IntakeError]] = []
    cut = False
    with st.spinner("Reading the frames…"):
        for upload in files:
            page, pages = 1, 1
            while page <= pages and not cut:
                if len(items) >= MAX_PARTS:
                    cut = True
                    break
                item_id = f"{upload.file_id}-p{page:d}"
                result = known.get(item_id) or read_upload(upload, page, settings)
                if isinstance(result, IntakeError):
                    items.append((upload.name, result))
                    break
                pages = result.page_count
                # The first design kept replaces the originals of the designs before.
                kept_any = any(isinstance(item, UploadedDesign) for item in items)
                session.keep_original(result.sha256, upload.getvalue(), more=kept_any)
                items.append(UploadedDesign(item_id, result))
                page += 1
    uploads = Uploads(tuple(items), cut=cut)
    st.session_state[session.INTAKE] = (cache_key, uploads)
    st.session_state.pop(session.FRAMES_NOTICE, None)  # it was about other frames
    return uploads
