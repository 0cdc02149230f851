"""The upload and the normalised design with its facts (or the reason it was refused)."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from converters import DesignImage, IntakeError, Settings, load_design
from converters.intake import ACCEPTED, EXTENSIONS
from ui import session
from ui.safe_text import md_text
from ui.session import UploadedDesign


def file_size(size: int) -> str:
    """Bytes as the uploader shows them: 60 B, 1.9 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def upload_designs(settings: Settings) -> tuple[UploadedDesign, ...]:
    """The uploader of one design; returns it normalised, or nothing (nothing yet, or refused).
    With none uploaded, the designs kept from before (``kept_uploads``): one, or several frames."""
    upload = st.file_uploader(
        "Design file",
        type=list(EXTENSIONS),
        key=session.UPLOAD,
        on_change=forget_if_removed,
        args=(session.UPLOAD,),
        help=f"{ACCEPTED}. Up to {settings.limits.max_bytes // (1024 * 1024):d} MB and "
        f"{settings.limits.max_pixels / 1e6:.0f} megapixels. PDFs: pick the page below.",
    )
    if upload is None:
        return kept_uploads(
            f"Upload a design to begin: a screenshot, mockup, Figma export or a photo of a sketch "
            f"({ACCEPTED}). Nothing leaves this machine unless you choose a cloud engine. The same "
            "screen at several widths? Choose “Frames of one screen” above."
        )
    page_key = f"page-{upload.file_id}"
    page = int(st.session_state.get(page_key, 1))
    cache_key = (upload.file_id, page)
    cached = st.session_state.get(session.INTAKE)
    if cached is None or cached[0] != cache_key:
        with st.spinner("Reading the design…"):
            result = read_upload(upload, page, settings)
        st.session_state[session.INTAKE] = (cache_key, result)
        if isinstance(result, DesignImage):
            session.keep_original(result.sha256, upload.getvalue())
    else:
        result = cached[1]
    if isinstance(result, IntakeError):
        st.error(md_text(result), icon=":material/error:")
        return ()
    if result.page_count > 1:
        st.number_input("Page", min_value=1, max_value=result.page_count, step=1, key=page_key)
    return (UploadedDesign("single", result),)


def kept_uploads(invitation_md: str) -> tuple[UploadedDesign, ...]:
    """No file in the uploader: the designs kept from before (Streamlit empties the uploader
    when the user visits another page; the designs stay), or ``invitation_md`` (Markdown of
    ours) to upload."""
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
    st.info(invitation_md, icon=":material/info:")
    return ()


def read_upload(upload: UploadedFile, page: int, settings: Settings) -> DesignImage | IntakeError:
    """One page of an uploaded file, normalised, or why it was refused."""
    try:
        return load_design(upload.getvalue(), upload.name, page=page, limits=settings.limits)
    except IntakeError as exc:
        return exc


def forget_if_removed(key: str) -> None:
    """The user removed the file(s) of the uploader ``key`` (not a page switch, which fires no
    callback): forget them."""
    if not st.session_state.get(key):
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
