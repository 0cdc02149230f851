"""The upload and the normalised design with its facts (or the reason it was refused)."""

from __future__ import annotations

from typing import Final, cast

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from converters import DesignImage, IntakeError, Settings, load_design
from converters.errors import FramesError
from converters.intake import ACCEPTED, EXTENSIONS
from converters.intake.frames import MAX_FRAMES, check_frame_count
from ui import session
from ui.safe_text import md_text
from ui.session import UploadedDesign

MAX_FILES: Final = 2 * MAX_FRAMES
"""Files read from one upload: enough to show which of too many frames to leave out; more is a
folder dropped by mistake, each file seconds to read."""


def file_size(size: int) -> str:
    """Bytes as the uploader shows them: 60 B, 1.9 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def upload_designs(settings: Settings) -> tuple[UploadedDesign, ...]:
    """The uploader; returns the normalised designs: none (nothing yet, or refused), one, or
    several (files uploaded together, or a document's pages taken as frames: ``ui.frames_panel``)."""
    files = list(
        st.file_uploader(
            "Design file",
            type=list(EXTENSIONS),
            accept_multiple_files=True,
            key=session.UPLOAD,
            on_change=_forget_if_removed,
            help=f"{ACCEPTED}. Up to {settings.limits.max_bytes // (1024 * 1024):d} MB and "
            f"{settings.limits.max_pixels / 1e6:.0f} megapixels. PDFs: pick the page below. Several "
            f"files (up to {MAX_FRAMES:d}): the frames of one screen at different widths, for one "
            "responsive result.",
        )
        or []
    )
    if not files:
        return _kept()
    if len(files) > 1:
        return _several(files, settings)
    upload = files[0]
    page_key = f"page-{upload.file_id}"
    as_frames_key = f"pages-as-frames-{upload.file_id}"
    page = int(st.session_state.get(page_key, 1))
    if st.session_state.get(as_frames_key) and _pages_as_frames_allowed(upload.file_id):
        return _pages(upload, settings, as_frames_key)
    result = _read(upload, page, settings, ("file", upload.file_id, page))
    if isinstance(result, IntakeError):
        st.error(md_text(result), icon=":material/error:")
        return ()
    if result.page_count > 1:
        st.number_input("Page", min_value=1, max_value=result.page_count, step=1, key=page_key)
        _pages_toggle(result.page_count, as_frames_key)
    return (UploadedDesign("single", result),)


def _kept() -> tuple[UploadedDesign, ...]:
    """No file in the uploader: the designs kept from before (Streamlit empties the uploader
    when the user visits another page; the designs stay), or an invitation to upload."""
    kept = st.session_state.get(session.INTAKE)
    if kept is not None and isinstance(kept[1], session.Uploads) and kept[1].designs:
        designs = kept[1].designs
        names = ", ".join(item.design.source_name for item in designs)
        st.caption(f":material/history: Still working on {md_text(names)}. Upload files to replace them.")
        return designs
    design = session.kept_design()
    if design is not None:
        st.caption(
            f":material/history: Still working on {md_text(design.source_name)}. Upload a file to replace it."
        )
        return (UploadedDesign("single", design),)
    st.info(
        f"Upload a design to begin: a screenshot, mockup, Figma export or a photo of a sketch "
        f"({ACCEPTED}). Nothing leaves this machine unless you choose a cloud engine. Two to "
        f"{MAX_FRAMES:d} files of one screen at different widths (desktop, tablet, phone) make one "
        "responsive result.",
        icon=":material/info:",
    )
    return ()


def _read(
    upload: UploadedFile, page: int, settings: Settings, cache_key: tuple[object, ...]
) -> DesignImage | IntakeError:
    """One file (one page of it) read once; kept as the session's one design, or why it was refused."""
    cached = st.session_state.get(session.INTAKE)
    if cached is not None and cached[0] == cache_key:
        return cast(DesignImage | IntakeError, cached[1])
    with st.spinner("Reading the design…"):
        result = _load(upload, page, settings)
    st.session_state[session.INTAKE] = (cache_key, result)
    if isinstance(result, DesignImage):
        session.keep_original(result.sha256, upload.getvalue())
    return result


def _several(files: list[UploadedFile], settings: Settings) -> tuple[UploadedDesign, ...]:
    """Several files: each read once (page 1 of a document), refused ones said next to the
    uploader; kept together as the session's designs."""
    if len(files) > MAX_FILES:
        st.warning(
            f"{len(files):d} files were given; the first {MAX_FILES:d} are read. Remove some: one "
            f"conversion takes at most {MAX_FRAMES:d} frames of a screen.",
            icon=":material/warning:",
        )
        files = files[:MAX_FILES]
    cache_key = ("files", tuple(upload.file_id for upload in files))
    return _together(cache_key, [(upload, upload.file_id, 1) for upload in files], settings)


def _pages(upload: UploadedFile, settings: Settings, as_frames_key: str) -> tuple[UploadedDesign, ...]:
    """A document's pages as the frames of one screen, each read once."""
    count = _page_counts().get(upload.file_id, 0)
    _pages_toggle(count, as_frames_key)
    cache_key = ("pages", upload.file_id)
    return _together(
        cache_key, [(upload, f"{upload.file_id}-p{page}", page) for page in range(1, count + 1)], settings
    )


def _together(
    cache_key: tuple[object, ...], parts: list[tuple[UploadedFile, str, int]], settings: Settings
) -> tuple[UploadedDesign, ...]:
    """Designs uploaded together (files, or pages of one file): those read before are kept, the
    others read now; the refused ones are said, the rest returned in upload order."""
    cached = st.session_state.get(session.INTAKE)
    if cached is not None and cached[0] == cache_key and isinstance(cached[1], session.Uploads):
        uploads = cached[1]
    else:
        known = (
            {item.id: item for item in cached[1].designs}
            if cached and isinstance(cached[1], session.Uploads)
            else {}
        )
        items: list[session.UploadedDesign | tuple[str, IntakeError]] = []
        with st.spinner("Reading the designs…"):
            for upload, item_id, page in parts:
                if item_id in known:
                    design = known[item_id].design
                else:
                    result = _load(upload, page, settings)
                    if isinstance(result, IntakeError):
                        items.append((upload.name, result))
                        continue
                    design = result
                # The first one kept replaces the originals of the designs before.
                session.keep_original(
                    design.sha256,
                    upload.getvalue(),
                    more=any(isinstance(item, UploadedDesign) for item in items),
                )
                items.append(UploadedDesign(item_id, design))
        uploads = session.Uploads(tuple(items))
        st.session_state[session.INTAKE] = (cache_key, uploads)
        st.session_state.pop(session.FRAMES_NOTICE, None)  # about other frames
    for name, error in uploads.refused:
        st.error(f"{md_text(name)} was left out: {md_text(error)}", icon=":material/error:")
    if uploads.refused and len(uploads.designs) == 1:
        try:  # what is left is one design: said, and converted on its own
            check_frame_count([uploads.designs[0].design.source_name])
        except FramesError as exc:
            st.error(md_text(exc), icon=":material/error:")
    return uploads.designs


def _load(upload: UploadedFile, page: int, settings: Settings) -> DesignImage | IntakeError:
    try:
        design = load_design(upload.getvalue(), upload.name, page=page, limits=settings.limits)
    except IntakeError as exc:
        return exc
    _page_counts()[upload.file_id] = design.page_count
    return design


def _page_counts() -> dict[str, int]:
    """Uploaded file id -> its page count, as read (a document's pages are read as frames only
    once its page count is known)."""
    counts: dict[str, int] = st.session_state.setdefault(session.PAGE_COUNTS, {})
    return counts


def _pages_as_frames_allowed(file_id: str) -> bool:
    count = _page_counts().get(file_id, 0)
    return 2 <= count <= MAX_FRAMES


def _pages_toggle(page_count: int, key: str) -> None:
    """For a document of several pages: take its pages as the frames of one screen (at most
    ``MAX_FRAMES``: more is said, and the page picker stays)."""
    st.toggle(
        "Its pages are the frames of one screen",
        key=key,
        help="Each page is the screen drawn at another width (desktop, tablet, phone): one responsive "
        "result that looks like each page at its width.",
    )
    if st.session_state.get(key) and page_count > MAX_FRAMES:
        try:
            check_frame_count([f"page {number:d}" for number in range(1, page_count + 1)])
        except FramesError as exc:
            st.error(md_text(exc), icon=":material/error:")


def _forget_if_removed() -> None:
    """The user removed the files (not a page switch, which fires no callback): forget them."""
    if not st.session_state.get(session.UPLOAD):
        st.session_state.pop(session.INTAKE, None)


def design_facts(design: DesignImage) -> None:
    """Size, format, file, token estimate, intake notes and the PNG download."""
    width, height = design.css_size or (design.width, design.height)  # a vector's own CSS size
    st.metric("Size", f"{width:,} × {height:,} px")
    pages = f" · page {design.page:d} of {design.page_count:d}" if design.page_count > 1 else ""
    st.markdown(
        f"**Format** {md_text(design.source_format.label + pages)}  \n"
        f"**File** {md_text(design.source_name)} ({md_text(file_size(design.source_bytes))})  \n"
        + (f"**Rendered at** {design.scale:g}×  \n" if design.source_format.is_vector else "")
    )
    model_w, model_h = design.model_size
    st.metric(
        "Image tokens for a vision model",
        f"≈ {design.model_tokens:,}",
        help=f"Estimate for the copy sent to Kimi K2.5 ({model_w:,} × {model_h:,} px; "
        "one token per 28 × 28 px).",
    )
    for note in design.notes:
        st.caption(f":material/info: {md_text(note)}")
    st.download_button(
        "Download normalised PNG",
        data=lambda: design.png,  # encoded when clicked: a photo's PNG takes about a second
        file_name=f"{design.source_name.rsplit('.', 1)[0] or 'design'}-normalised.png",
        mime="image/png",
        icon=":material/download:",
    )


def design_picture(design: DesignImage, caption_md: str = "Normalised design") -> None:
    # Tall pages scroll inside a frame; the frame is created inside the caller's column.
    with st.container(height=720 if design.height > design.width else "content", border=True):
        st.image(design.display_copy.data, caption=caption_md, width="stretch")
