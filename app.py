"""Handoff's Streamlit entry point: settings once per process, then the page navigation."""

from __future__ import annotations

import logging

import streamlit as st

from converters import HandoffError, Settings

st.set_page_config(page_title="Handoff", page_icon=":material/design_services:", layout="wide")


@st.cache_resource(show_spinner=False)
def process_settings() -> Settings:
    """Read the environment once per server process (the Settings object is immutable)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return Settings.from_env()


try:
    st.session_state.setdefault("settings", process_settings())
except HandoffError as exc:
    st.error(f"Handoff cannot start: {exc}")
    st.stop()

navigation = st.navigation(
    [
        st.Page("pages/convert.py", title="Convert", icon=":material/upload_file:", default=True),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
    ]
)
navigation.run()
