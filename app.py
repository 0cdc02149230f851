"""Handoff's Streamlit entry point: settings once per process, then the page navigation."""

from __future__ import annotations

import logging

import streamlit as st
from PIL import Image, ImageDraw

from converters import HandoffError, Settings
from converters.engines import register_builtin
from ui.access import sign_in_page, signed_in_bar, visitor
from ui.safe_text import md_text
from ui.share_view import shared_page, shared_token

APP_CSS = "[data-testid='stMainBlockContainer'] { padding-top: 3.5rem; }"


def _favicon() -> Image.Image:
    """Drawn here: a ``:material/...`` page icon makes the browser fetch it from Google's CDN."""
    icon = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle((2, 2, 61, 61), radius=14, fill=(79, 70, 229, 255))
    draw.rectangle((18, 16, 26, 48), fill="white")
    draw.rectangle((38, 16, 46, 48), fill="white")
    draw.rectangle((18, 28, 46, 36), fill="white")
    return icon


st.set_page_config(page_title="Handoff", page_icon=_favicon(), layout="wide")
# Streamlit's default 6rem above the first element would push the result below a 720 px window.
st.html(f"<style>{APP_CSS}</style>")


@st.cache_resource(show_spinner=False)
def process_settings() -> Settings:
    """Read the environment once per server process (the Settings object is immutable)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return Settings.from_env()


# Engines are plug-ins, registered where the process starts (each page looks them up); a rerun's
# call does nothing.
register_builtin()

try:
    st.session_state.setdefault("settings", process_settings())
except HandoffError as exc:
    st.error(f"Handoff cannot start: {md_text(exc)}")
    st.stop()

# Who may see what (``ui.access``): with sign-in on, a visitor who has not signed in gets one page
# and nothing else to navigate to: a read-only link's conversion (``?s=<token>``), or the sign-in.
who = visitor(st.session_state["settings"])
token = shared_token()
shared = st.Page(shared_page, title="Shared conversion", icon=":material/visibility:", default=True)
if not who.allowed:
    only = shared if token else st.Page(sign_in_page, title="Sign in", icon=":material/login:")
    st.navigation([only], position="hidden").run()
    st.stop()
# A ``?c=<id>`` address opens the Convert page on that stored conversion (``ui.restore``).
pages = [
    st.Page("pages/convert.py", title="Convert", icon=":material/upload_file:", default=not token),
    st.Page("pages/library.py", title="Library", icon=":material/photo_library:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]
if token:
    pages.insert(0, shared)
navigation = st.navigation(pages)
signed_in_bar(who)  # after st.navigation: the sidebar below the page links, on every run
navigation.run()
