"""The upload and the normalised design with its facts (or the reason it was refused)."""

from __future__ import annotations

import streamlit as st

from converters import DesignImage, IntakeError, Settings, load_design
from converters.intake import ACCEPTED, EXTENSIONS
from ui import session
from ui.safe_text import md_text


def file_size(size: int) -> str:
    """Bytes as the uploader shows them: 60 B, 1.9 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def upload_design(settings: Settings) -> DesignImage | None:
    """The uploader; returns the normalised design, or ``None`` (nothing yet, or refused)."""
    upload = st.file_uploader(
        "Design file",
        type=list(EXTENSIONS),
        key="upload",
        on_change=_forget_if_removed,
        help=f"{ACCEPTED}. Up to {settings.limits.max_bytes // (1024 * 1024):d} MB and "
        f"{settings.limits.max_pixels / 1e6:.0f} megapixels. PDFs: pick the page below.",
    )
    kept = session.kept_design()
    if upload is None and kept is not None:
        # Streamlit empties the uploader when the user visits another page; the design stays.
        st.caption(
            f":material/history: Still working on {md_text(kept.source_name)}. Upload a file to replace it."
        )
        return kept
    if upload is None:
        st.info(
            f"Upload a design to begin: a screenshot, mockup, Figma export or a photo of a sketch "
            f"({ACCEPTED}). Nothing leaves this machine unless you choose a cloud engine.",
            icon=":material/info:",
        )
        return None
    page_key = f"page-{upload.file_id}"
    page = int(st.session_state.get(page_key, 1))
    cache_key = (upload.file_id, page)
    cached = st.session_state.get(session.INTAKE)
    if cached is None or cached[0] != cache_key:
        with st.spinner("Reading the design…"):
            try:
                result: DesignImage | IntakeError = load_design(
                    upload.getvalue(), upload.name, page=page, limits=settings.limits
                )
            except IntakeError as exc:
                result = exc
        st.session_state[session.INTAKE] = (cache_key, result)
        if isinstance(result, DesignImage):
            session.keep_original(result.sha256, upload.getvalue())
    else:
        result = cached[1]
    if isinstance(result, IntakeError):
        st.error(md_text(result), icon=":material/error:")
        return None
    if result.page_count > 1:
        st.number_input("Page", min_value=1, max_value=result.page_count, step=1, key=page_key)
    return result


def _forget_if_removed() -> None:
    """The user removed the file (not a page switch, which fires no callback): forget it."""
    if st.session_state.get("upload") is None:
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
