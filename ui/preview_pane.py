"""The live preview pane: a Streamlit v2 component that swaps sandboxed frames without flicker, and
compares them with the original (zoom, full size, aligned scrolling)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from converters.preview import COMPILE_OPTIONS, COMPILED_TOKEN, preview_document, runtime_files
from converters.preview.document import PICK_HTML_CHARS, PICK_TEXT_CHARS
from converters.targets import Target
from ui.media import inline_url

_HERE = Path(__file__).resolve().parent
STATIC_VENDOR = "/app/static/vendor"  # Streamlit serves ./static at /app/static

_component = st.components.v2.component(
    "handoff_preview",
    js=(_HERE / "preview_pane.js").read_text(encoding="utf-8"),
    css=(_HERE / "preview_pane.css").read_text(encoding="utf-8"),
)


@dataclass(frozen=True)
class Original:
    """The design beside a preview: its picture (PNG or JPEG bytes) and its width in CSS px,
    which the zoom and the aligned scrolling measure it by."""

    data: bytes
    mime: str
    css_width: int


@dataclass(frozen=True)
class PickedElement:
    """An element the user pointed at in a preview ("Select"): its tag, a CSS path to it, its text
    and its markup as the browser rendered it (cut to ``PICK_HTML_CHARS``; ``cut`` says so). All of
    it is the generated page's own report: untrusted text."""

    tag: str
    path: str
    text: str
    html: str
    cut: bool = False

    @classmethod
    def from_state(cls, value: object) -> PickedElement | None:
        """The pane's "selected" state, checked: ``None`` unless it is a well-formed selection."""
        if not isinstance(value, dict) or not isinstance(value.get("html"), str) or not value["html"]:
            return None
        fields = {name: value.get(name) for name in ("tag", "path", "text", "html")}
        if not all(isinstance(text, str) for text in fields.values()):
            return None
        limits = {"tag": 20, "path": 300, "text": PICK_TEXT_CHARS, "html": PICK_HTML_CHARS}
        return cls(
            **{name: str(text)[: limits[name]] for name, text in fields.items()},
            cut=value.get("cut") is True,
        )

    def state(self) -> dict[str, object]:
        return {"tag": self.tag, "path": self.path, "text": self.text, "html": self.html, "cut": self.cut}


def preview_pane(
    code: str | None,
    target: Target,
    *,
    width: int,
    height: int,
    key: str,
    live: bool = False,
    original: Original | None = None,
    missing: str = "",
    devices: Sequence[tuple[str, int]] = (),
    width_range: tuple[int, int] | None = None,
    frames: Sequence[Original] = (),
    selectable: bool = False,
) -> PickedElement | None:
    """Show ``code`` rendered at ``width`` CSS px, scaled to fit, in a pane ``height`` px tall.

    With ``original`` (or ``missing``: why there is none, shown as text in its place) the pane
    compares: the original on the left, scrolled with the generated page, under a toolbar with
    ``devices`` (name, CSS px), a slider for any width in ``width_range`` (least and most CSS px),
    zoom and full size (see ``preview_pane.js``). ``frames``: the frames of one screen, narrowest
    first; the one shown beside the page is the frame its width falls in (``original`` is the
    widest). ``selectable`` adds "Select": the element the user points at is returned (and kept
    under ``key`` until cleared).
    """
    base = runtime_base()
    data: dict[str, object] = {"doc": None, "width": width, "height": height, "live": live}
    kept = picked_element(key) if selectable else None
    if selectable:
        data["selectable"] = True
        data["picked"] = kept.state() if kept is not None else None
    if original is not None:
        # Inline: with a media-file URL, Streamlit mounted the result's pane twice and the result
        # showed ~1 s later (benchmarks/app_bench.py --timeline). The result's page is sent again
        # only when the user acts, so the bytes do not travel often; the live view, redrawn four
        # times a second, shows no original.
        if frames:  # the original is one of them: its picture is sent once
            data["frames"] = [
                {"src": inline_url(frame.data, frame.mime), "width": frame.css_width} for frame in frames
            ]
        source = "" if frames else inline_url(original.data, original.mime)
        data["original"] = {"src": source, "width": original.css_width}
    elif missing:
        data["missing"] = missing
    if devices:
        data["devices"] = [[name, px] for name, px in devices]
    if width_range is not None:
        data["range"] = list(width_range)
    if target is Target.REACT_TAILWIND:
        data["babel"] = f"{base}/{runtime_files()['babel']}"  # loaded in a worker while the model thinks
        data["options"] = COMPILE_OPTIONS
    if code:
        data["doc"] = preview_document(code, target, base, live=live)
        if target is Target.REACT_TAILWIND:
            # The pane compiles the JSX with Babel loaded once in a Web Worker of this (trusted)
            # page, off its main thread, and fills the template; the sandboxed frame then loads
            # React only, not 3 MB of Babel. ``doc`` stays the fallback: it compiles in the frame
            # and shows syntax errors.
            data["template"] = preview_document(code, target, base, live=live, precompiled=True)
            data["source"] = code
            data["token"] = COMPILED_TOKEN
    if not selectable:
        _component(data=data, key=key)
        return None
    result = _component(data=data, key=key, default={"selected": None}, on_selected_change=_no_rerun_needed)
    return PickedElement.from_state(getattr(result, "selected", None))


def picked_element(key: str) -> PickedElement | None:
    """The element selected in the pane ``key`` (from its last report), if any."""
    state = st.session_state.get(key)
    return PickedElement.from_state(state.get("selected") if isinstance(state, dict) else None)


def clear_picked(key: str) -> None:
    """Forget the pane's selection (before the pane is drawn in this run: from a callback)."""
    state = st.session_state.get(key)
    if isinstance(state, dict) and state.get("selected") is not None:
        state["selected"] = None


def _no_rerun_needed() -> None:
    """A selection reruns the app by itself; the change box reads it from the pane's state."""


def runtime_base() -> str:
    """Absolute URL of the vendored runtime on this app, as the browser reaches it.

    The preview frame has an opaque origin, so its script URLs must be absolute; the browser's
    own view of the app URL (``st.context.url``) is right behind proxies too.
    """
    return (app_origin() or "http://127.0.0.1:8501") + STATIC_VENDOR


def app_origin() -> str | None:
    """``scheme://host:port`` of the app as the browser reached it (``st.context.url``), if known."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None
