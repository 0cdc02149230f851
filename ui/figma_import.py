"""The Convert page's Figma import: a frame's link and a token in, the frame's picture as the design.

The token is the session's (a password field, kept only in this browser session's state) or the
server's ``FIGMA_TOKEN``, shown as "set in the environment", never its value. The import runs in
the page's run (a few seconds: Figma renders the picture); a failure is shown as its message and
the page stays as it was.
"""

from __future__ import annotations

import streamlit as st

from converters import DesignImage, HandoffError, Settings
from converters.figma import design_file, import_figma_frame
from converters.settings import Secret
from ui import session
from ui.safe_text import md_text

LINK_PLACEHOLDER = "https://www.figma.com/design/…/…?node-id=1-2"


def figma_design(settings: Settings) -> DesignImage | None:
    """The link and token form; returns the design imported from Figma this session, if any."""
    from_env = settings.figma_token is not None
    with st.form("figma-import", border=False, enter_to_submit=True):
        st.text_input(
            "Figma link",
            key=session.FIGMA_LINK,
            placeholder=LINK_PLACEHOLDER,
            help="In Figma, select the frame (one screen or component), then Copy link to selection.",
        )
        st.text_input(
            "Figma access token",
            key=session.FIGMA_TOKEN,
            type="password",
            placeholder="Set in the environment (FIGMA_TOKEN)" if from_env else "figd_…",
            help="A personal access token with the File content scope (Figma: Settings > Security > "
            "Personal access tokens). Used for this browser session only: never saved, logged or exported."
            + (" Leave empty to use the one set in the environment." if from_env else ""),
        )
        submitted = st.form_submit_button("Import from Figma", icon=":material/download:")
    if from_env:
        st.caption(":material/key: A Figma token is set in the environment (FIGMA_TOKEN).")
    if submitted:
        _import(settings)
    notice = st.session_state.get(session.FIGMA_NOTICE)
    if notice:
        st.error(md_text(notice), icon=":material/error:")
    design = session.kept_design()
    if design is None or design.figma is None:
        if not notice:
            st.info(
                "Paste the link of a Figma frame and a personal access token: Handoff reads the frame's "
                "picture (and its layers, for the engines that use them) through Figma's API.",
                icon=":material/info:",
            )
        return None
    return design


def _import(settings: Settings) -> None:
    link = str(st.session_state.get(session.FIGMA_LINK) or "")
    typed = str(st.session_state.get(session.FIGMA_TOKEN) or "").strip()
    status = st.empty()
    with st.spinner("Importing the frame from Figma…"):
        try:
            design = import_figma_frame(
                link,
                Secret(typed) if typed else None,
                settings,
                on_status=lambda text: status.caption(md_text(text)),
            )
        except HandoffError as exc:
            st.session_state[session.FIGMA_NOTICE] = str(exc)
            return
        finally:
            status.empty()
    st.session_state.pop(session.FIGMA_NOTICE, None)
    frame = design.figma
    assert frame is not None  # import_figma_frame always attaches it
    st.session_state[session.INTAKE] = (("figma", frame.file_key, frame.node_id, frame.version), design)
    # The library keeps this file (the picture with the frame's nodes inside): reopened, the
    # design converts from its nodes again.
    session.keep_original(design.sha256, design_file(design))
