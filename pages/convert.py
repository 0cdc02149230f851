"""Convert page: upload a design, see it normalised with its facts, or see why it was refused."""

from __future__ import annotations

import streamlit as st

from converters import DesignImage, IntakeError, Settings, load_design
from converters.intake import ACCEPTED, EXTENSIONS

settings: Settings = st.session_state["settings"]


def _file_size(size: int) -> str:
    """Bytes as the uploader shows them: 60 B, 1.9 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


st.title("Convert a design")
st.caption(f"Drop a screenshot, mockup, Figma export or a photo of a sketch: {ACCEPTED}.")

upload = st.file_uploader(
    "Design file",
    type=list(EXTENSIONS),
    key="upload",
    help=f"Up to {settings.limits.max_bytes // (1024 * 1024)} MB and "
    f"{settings.limits.max_pixels / 1e6:.0f} megapixels. PDFs: pick the page below.",
)
if upload is None:
    st.info("Upload a design to begin. Nothing leaves this machine.", icon=":material/info:")
    st.stop()

page_key = f"page-{upload.file_id}"
page = int(st.session_state.get(page_key, 1))
cache_key = (upload.file_id, page)
cached = st.session_state.get("intake")
if cached is None or cached[0] != cache_key:
    with st.spinner("Reading the design…"):
        try:
            result: DesignImage | IntakeError = load_design(
                upload.getvalue(), upload.name, page=page, limits=settings.limits
            )
        except IntakeError as exc:
            result = exc
    st.session_state["intake"] = (cache_key, result)  # only the latest upload is kept
else:
    result = cached[1]

if isinstance(result, IntakeError):
    st.error(str(result), icon=":material/error:")
    st.stop()

design = result
if design.page_count > 1:
    st.number_input("Page", min_value=1, max_value=design.page_count, step=1, key=page_key)

facts, picture = st.columns([2, 5], gap="large")
with facts:
    st.subheader("Design")
    st.metric("Size", f"{design.width:,} × {design.height:,} px")
    fmt = design.source_format.label
    pages = f" · page {design.page} of {design.page_count}" if design.page_count > 1 else ""
    st.markdown(
        f"**Format** {fmt}{pages}  \n"
        f"**File** {design.source_name} ({_file_size(design.source_bytes)})  \n"
        + (f"**Rendered at** {design.scale:g}×  \n" if design.source_format.is_vector else "")
    )
    model_w, model_h = design.model_size
    st.metric(
        "Image tokens for a vision model",
        f"≈ {design.model_tokens:,}",
        help="Estimate for the copy sent to Kimi K2.5 "
        f"({model_w:,} × {model_h:,} px; one token per 28 × 28 px).",
    )
    for note in design.notes:
        st.caption(f":material/info: {note}")
    st.download_button(
        "Download normalised PNG",
        data=lambda: design.png,  # encoded when clicked: a photo's PNG takes about a second
        file_name=f"{design.source_name.rsplit('.', 1)[0] or 'design'}-normalised.png",
        mime="image/png",
        icon=":material/download:",
    )
# Tall pages scroll inside a frame so the facts stay in view; others show whole. The frame
# is created after entering the column (``with`` evaluates left to right), so it sits inside it.
with picture, st.container(height=720 if design.height > design.width else "content", border=True):
    st.image(design.display_copy.data, caption="Normalised design", width="stretch")
