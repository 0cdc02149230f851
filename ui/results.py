"""A finished conversion: preview beside the original, fidelity, code, details, downloads, history."""

from __future__ import annotations

from typing import Final

import streamlit as st

from converters import DesignImage, HandoffError
from converters.conversion import Conversion, Frame
from converters.export import (
    Download,
    compile_with_own_renderer,
    downloads,
    project_zip,
    safe_stem,
    static_tailwind_html,
)
from converters.fidelity.report import design_css_width
from converters.intake.frames import MIN_FRAME_WIDTH
from converters.store import LibraryItem
from converters.targets import Target
from ui import fidelity_tab, session, versions
from ui.code_view import show_code
from ui.frames_fidelity import show_frames_fidelity, start_frames_scoring
from ui.library_store import library_or_error, share_link
from ui.preview_pane import Original, PickedElement, preview_pane
from ui.refine import change_box, thread_md
from ui.restore import record_stored, show_in_address
from ui.result_details import show_details
from ui.safe_text import md_text, plain_text
from ui.theme_panel import theme_panel
from ui.variants_strip import variants_strip

DEVICE_WIDTHS: Final = {"Desktop": 1280, "Tablet": 768, "Phone": 375}
DEFAULT_DEVICE_WIDTH: Final = DEVICE_WIDTHS["Desktop"]
"""The width a result is shown at when its original is not at hand to say its own."""
WIDTH_RANGE: Final = (MIN_FRAME_WIDTH, 1920)
"""The preview's free width slider, CSS px: from the narrowest phones in use (the narrowest frame
and render) to a full-HD desktop window, the widest most pages are checked at."""
PANE_HEIGHT = 640


def history_picker() -> session.HistoryEntry | None:
    """This session's results, newest first; the chosen one is shown below."""
    entries = session.history()
    if not entries:
        return None
    current = session.selected()
    ids = [entry.id for entry in entries]
    titles = {entry.id: entry.title for entry in entries}
    chosen = st.selectbox(
        "Result",
        ids,
        index=ids.index(current.id) if current else 0,
        format_func=lambda entry_id: plain_text(titles[entry_id]),  # holds the uploaded file's name
        help="Every conversion of this browser session stays here until you close the tab.",
        label_visibility="collapsed",
    )
    st.session_state["selected_result"] = chosen
    return next(entry for entry in entries if entry.id == chosen)


def result_workspace(designs: tuple[DesignImage, ...]) -> None:
    """The chosen result of this session under a one-line header (which result, its score, where
    it is kept), then its tabs: nothing above the preview that a designer must scroll past.
    ``designs``: those uploaded now; a result's original is among them, or it is no longer at hand."""
    picker, badge, saved = st.columns([5, 2, 5], vertical_alignment="center")
    with picker:
        entry = history_picker()
    if entry is None:
        change_box(None, designs[0] if len(designs) == 1 else None)  # why the last change was not made
        return
    show_in_address(entry.stored_id)
    conversion = entry.conversion
    design = session.design_of(entry)
    frames = session.frames_of(entry)
    scoring = None
    if conversion is not None:
        if entry.frames:
            scoring = start_frames_scoring(entry.id, conversion, frames, library_id=entry.stored_id)
        else:
            scoring = fidelity_tab.start_scoring(entry.id, conversion, design, library_id=entry.stored_id)
        with badge:
            fidelity_tab.score_badge(entry.id, scoring)
    with saved:
        _library_status(entry)
    thread_line_md = thread_md(entry, session.settings())
    # Always one element here, empty or not: a line that comes and goes (a library read that
    # failed once) would move the tabs below it, and Streamlit would reopen them on Preview.
    with st.container():
        if thread_line_md:
            st.caption(thread_line_md)
    variants_strip(entry)
    picked = show_result(entry, design, safe_stem(entry.design_name), scoring, frames)
    change_box(entry, design, picked)


def show_result(
    entry: session.HistoryEntry,
    design: DesignImage | None,
    stem: str,
    scoring: fidelity_tab.ScoringJob | None,
    frames: tuple[Frame, ...] | None = None,
) -> PickedElement | None:
    """The result's tabs and downloads; returns the element the user selected in its preview.
    ``frames``: the frames it was made from, when they are still uploaded."""
    conversion = entry.conversion
    if entry.stopped and conversion is None:
        st.info(md_text(entry.stopped), icon=":material/stop_circle:")
    elif entry.error:
        (st.warning if conversion else st.error)(md_text(entry.error), icon=":material/error:")
    if conversion is None:
        return None
    result_warnings(conversion)
    # Switching tabs reruns the page, so that the Versions tab reads the library only once opened.
    preview_tab, scores_tab, code_tab, theme_tab, versions_tab, details_tab = st.tabs(
        ["Preview", "Fidelity", "Code", "Theme", "Versions", "Details"], key="result-tabs", on_change="rerun"
    )
    uploaded = design is not None and design.sha256 == conversion.design_sha256
    original = design_original(design) if uploaded and design is not None else None
    if frames:
        original = frame_original(frames[-1])
    with preview_tab:
        picked = side_by_side(
            conversion,
            original,
            key=entry.id,
            missing="The frames of this result are no longer uploaded."
            if entry.frames
            else "The original of this result is no longer uploaded.",
            selectable=True,
            frames=tuple(frame_original(frame) for frame in frames or ()),
        )
    with scores_tab:
        if entry.frames:
            show_frames_fidelity(entry.id, scoring)
        else:
            fidelity_tab.show_fidelity(entry.id, scoring)
    with code_tab:
        show_code(conversion)
    with theme_tab:
        if theme_tab.open:
            theme_panel(conversion, key=entry.id)
    with versions_tab:
        if versions_tab.open:
            versions.versions_tab(
                entry.stored_id,
                key=entry.id,
                width=original.css_width if original is not None else DEFAULT_DEVICE_WIDTH,
                make_current=make_current,
            )
    with details_tab:
        show_details(conversion)
    result_downloads(conversion, stem, key=entry.id)
    return picked


def make_current(item: LibraryItem) -> None:
    """Show a version of this session's result (from the library) as the current result: the
    next change starts from it. Nothing is overwritten: the versions stay as they were."""
    known = session.stored_entry(item.id)
    if known is None:
        store = library_or_error(session.settings())
        try:
            if isinstance(store, HandoffError):
                raise store
            known = record_stored(store.get(item.id))
        except HandoffError as exc:
            st.error(md_text(exc), icon=":material/error:")
            return
    st.session_state["selected_result"] = known.id
    st.rerun()


def ready_downloads(conversion: Conversion, stem: str) -> list[Download]:
    """What a result offers at once: its code files and, but for HTML + Tailwind (whose CSS is
    compiled on request, in a browser: ``result_downloads``), the project zip."""
    files = downloads(conversion, stem)
    if conversion.target is not Target.HTML_TAILWIND:
        try:
            archive = project_zip(conversion, stem)
        except HandoffError as exc:  # partial code with no component yet: the files above still work
            st.caption(f":material/info: No project zip: {md_text(exc)}")
        else:
            label = f"Download {stem}-project.zip"
            files.append(Download(f"{stem}-project.zip", archive, "application/zip", label))
    return files


def result_downloads(conversion: Conversion, stem: str, *, key: str) -> None:
    """Every download of a result, named ``stem``; ``key`` tells this result's buttons from others'.

    HTML + Tailwind also offers the page with its CSS compiled in and a project, built when asked:
    the compile runs the Tailwind runtime in a headless browser (about a second) and is kept for
    the session.
    """
    files = ready_downloads(conversion, stem)
    if conversion.target is not Target.HTML_TAILWIND:
        download_buttons(files, key=key)
        return
    built: dict[str, tuple[Download, ...]] = st.session_state.setdefault(session.TAILWIND_BUILDS, {})
    ready = built.get(key)
    if ready is not None:
        download_buttons([*files, *ready], key=key)
        return
    download_buttons(files, key=key)
    if st.button(
        "Compile the CSS for download",
        icon=":material/build:",
        key=f"build-{key}",
        help="Turns the Tailwind classes the page uses into its own CSS, so it needs no CDN.",
    ):
        with st.spinner("Compiling the Tailwind CSS…"):
            try:
                built[key] = compiled_tailwind_downloads(conversion, stem)
            except HandoffError as exc:
                st.error(md_text(exc), icon=":material/error:")
                return
        st.rerun()


def compiled_tailwind_downloads(conversion: Conversion, stem: str) -> tuple[Download, ...]:
    """An HTML + Tailwind page with its CSS compiled in, and as a project. Raises ``ExportError``."""
    compiled: dict[str, str] = {}

    def compile_once(page: str) -> str:  # the page and the project share one compile
        if page not in compiled:
            compiled[page] = compile_with_own_renderer(page)
        return compiled[page]

    single = static_tailwind_html(conversion.code, compile_once).encode("utf-8")
    project = project_zip(conversion, stem, tailwind_css=compile_once)
    # Named apart from the page as generated (``<stem>.html``, offered beside it): two
    # different files of one name would overwrite each other in a downloads folder.
    return (
        Download(f"{stem}-with-css.html", single, "text/html", f"Download {stem}-with-css.html"),
        Download(f"{stem}-project.zip", project, "application/zip", f"Download {stem}-project.zip"),
    )


def download_buttons(files: list[Download], *, key: str) -> None:
    """A button per file, side by side; ``key`` tells this result's buttons from others'."""
    for column, item in zip(st.columns(max(3, len(files))), files, strict=False):
        with column:
            st.download_button(
                md_text(item.label),
                item.data,
                file_name=item.name,
                mime=item.mime,
                icon=":material/download:",
                key=f"download-{key}-{item.name}-{item.label}",
            )


def side_by_side(
    conversion: Conversion,
    original: Original | None,
    *,
    key: str,
    missing: str,
    selectable: bool = False,
    frames: tuple[Original, ...] = (),
) -> PickedElement | None:
    """The original (or ``missing``, why it is not there) beside the generated page, which opens
    at the original's width; device widths, any width on a slider, zoom, full size and aligned
    scrolling are the pane's own (no rerun); ``key`` tells this result's widgets from others'.
    ``selectable``: the user can point at an element of the page (returned) for the next change.
    ``frames``: the frames of one screen it was made from, narrowest first (``original`` is the
    widest): the pane shows the one the chosen width falls in."""
    width = original.css_width if original is not None else DEFAULT_DEVICE_WIDTH
    return preview_pane(
        conversion.code,
        conversion.target,
        width=width,
        height=PANE_HEIGHT,
        key=f"preview-{key}",
        original=original,
        missing=missing,
        devices=device_widths(width, tuple(frame.css_width for frame in frames)),
        width_range=WIDTH_RANGE,
        frames=frames,
        selectable=selectable,
    )


def device_widths(design_width: int, frame_widths: tuple[int, ...] = ()) -> list[tuple[str, int]]:
    """The widths a result can be looked at: the frames' (narrowest first), or the design's own
    (unless it is one of the usual devices), then the usual desktop, tablet and phone widths
    not already among them."""
    if frame_widths:
        own = [(f"Frame {width:d}", width) for width in frame_widths]
    elif design_width in DEVICE_WIDTHS.values():
        own = []
    else:
        own = [("Design", design_width)]
    taken = {width for _, width in own}
    return [*own, *((name, width) for name, width in DEVICE_WIDTHS.items() if width not in taken)]


def design_original(design: DesignImage) -> Original:
    """The design as the preview shows it beside the result: its display copy, measured in CSS px
    as the result is scored (``design_css_width``)."""
    copy = design.display_copy
    return Original(copy.data, copy.mime, design_css_width(design))


def frame_original(frame: Frame) -> Original:
    """A frame as the preview shows it beside the result: its display copy, at the frame's width."""
    copy = frame.design.display_copy
    return Original(copy.data, copy.mime, frame.width)


def _library_status(entry: session.HistoryEntry) -> None:
    if entry.stored_id is not None:
        # Both are Handoff's own: a hex id, and this app's origin as the browser reached it.
        link_md = share_link(entry.stored_id)
        st.markdown(
            f":material/bookmark_added: Saved to the library as {md_text(entry.stored_id)} · "
            f"[link to share]({link_md})",
            help=f"Send this link to a developer: {md_text(link_md)}",
        )
    elif entry.store_error is not None:
        st.warning(
            f"Not saved to the library: {md_text(entry.store_error)} This result stays here and downloadable "
            "until you close the tab.",
            icon=":material/cloud_off:",
        )


WARNINGS_SHOWN: Final = 2
"""Warnings shown one by one above a result; more fold into one expander, so that a result with
many does not push its preview out of the window."""


def result_warnings(conversion: Conversion) -> None:
    """How the design was read (a vector file's text, or OCR) and what changed the result (lines
    left out, imports replaced), next to it, not in a tab."""
    for note in conversion.notes:  # the engine's own sentences, shown as text all the same
        st.caption(f":material/info: {md_text(note)}")
    warnings = conversion.warnings  # they quote the model's code (an import's name, say)
    if len(warnings) <= WARNINGS_SHOWN:
        for warning in warnings:
            st.warning(md_text(warning), icon=":material/warning:")
        return
    with st.expander(f"{len(warnings):d} warnings about this result", icon=":material/warning:"):
        for warning in warnings:
            st.warning(md_text(warning), icon=":material/warning:")
