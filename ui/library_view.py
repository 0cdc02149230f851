"""One stored conversion: its versions, preview beside the original, scores, code and downloads.

Shared by the Library page (where it can be renamed, tagged and deleted) and the read-only view
that a ``?c=<id>`` link opens. Everything shown comes from the store, so it works in any browser
session, long after the design was uploaded.
"""

from __future__ import annotations

import io
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from typing import Final

import streamlit as st
from PIL import Image

from converters import HandoffError
from converters.errors import NotFoundError
from converters.export import (
    Download,
    compile_with_own_renderer,
    project_zip,
    safe_stem,
    static_tailwind_html,
)
from converters.store import LibraryItem, Store, StoredConversion
from converters.targets import Target
from ui import fidelity_tab
from ui.fidelity_tab import FIDELITY_SCORES
from ui.library_store import save_scores, share_link
from ui.results import download_buttons, ready_downloads, show_code, show_details, side_by_side
from ui.safe_text import md_text, plain_text

SCORE_TIMEOUT_S: Final = 180  # the first scoring of a process also starts Chromium and the OCR models
QUALITY_LABELS: Final = {
    "absolute_share": "Absolute positioning",
    "reflow": "Reflows at 768 and 375 px",
    "tree_bleu": "TreeBLEU",
    "semantics": "Semantics",
}


def when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def version_label(item: LibraryItem, number: int) -> str:
    state = "" if item.complete else " · partial"
    return f"v{number} · {when(item.created)} · {item.engine} · {item.target.label}{state}"


def show_conversion(store: Store, stored: StoredConversion, *, editable: bool) -> str | None:
    """Draw ``stored``; returns the id of another version when the user picks one."""
    item, conversion = stored.item, stored.conversion
    st.subheader(md_text(item.title or item.design_name))
    meta = [when(item.created), item.engine, conversion.model, item.target.label]
    if item.author:
        meta.append(f"by {item.author}")
    st.caption(" · ".join(md_text(part) for part in meta))
    if item.tags:
        st.markdown(" ".join(f":blue-badge[{md_text(tag)}]" for tag in item.tags))
    if not item.complete or item.error:
        st.warning(
            md_text(item.error or "This conversion was cut short: the code is partial."),
            icon=":material/warning:",
        )
    picked = _versions(store, item)
    st.caption(
        ":material/link: Link to this conversion, read-only, for anyone who can reach this app "
        "(copy it with the button at its right):"
    )
    st.code(share_link(item.id), language=None, wrap_lines=True)
    preview_tab, scores_tab, code_tab, details_tab = st.tabs(["Preview", "Fidelity", "Code", "Details"])
    with preview_tab:
        try:
            original, missing = store.design_png(item.design_key), ""
        except HandoffError as exc:
            original, missing = None, f"The original cannot be shown: {exc}"
        side_by_side(conversion, original, key=f"library-{item.id}", missing=missing)
    with scores_tab:
        _scores(store, stored, editable=editable)
    with code_tab:
        show_code(conversion)
    with details_tab:
        show_details(conversion)
    _downloads(stored)
    if editable:
        _edit_form(store, item)
    return picked


def _versions(store: Store, item: LibraryItem) -> str | None:
    try:
        chain = store.versions(item.id)
    except HandoffError as exc:
        st.warning(f"The versions cannot be listed: {md_text(exc)}", icon=":material/warning:")
        return None
    if len(chain) < 2:
        return None
    ids = [version.id for version in chain]
    labels = {version.id: version_label(version, number) for number, version in enumerate(chain, start=1)}
    chosen = st.selectbox(
        f"Version ({len(chain):d} of this design)",
        ids,
        index=ids.index(item.id),
        format_func=lambda version_id: plain_text(labels[version_id]),
        key=f"versions-{item.id}",
    )
    return chosen if chosen != item.id else None


def _scores(store: Store, stored: StoredConversion, *, editable: bool) -> None:
    item = stored.item
    scores = item.fidelity
    if not scores:
        st.info(
            "This conversion has no scores yet: the app scores what it converts, against the "
            "design, once it is done (conversions from the command line are not scored).",
            icon=":material/info:",
        )
        if editable and st.button("Score it now", icon=":material/target:", key=f"library-score-{item.id}"):
            with st.spinner("Rendering the result and reading the design's text…"):
                try:
                    _score_now(store, stored)
                except (HandoffError, FutureTimeout) as exc:
                    reason = str(exc) or "it took too long."
                    st.error(f"It could not be scored: {md_text(reason)}", icon=":material/error:")
                    return
            st.rerun()
        return
    fidelity, quality = st.columns(2, gap="large")
    with fidelity:
        st.markdown("#### Fidelity")
        for name, label in FIDELITY_SCORES.items():
            if name in scores:
                st.metric(md_text(label), f"{scores[name] * 100:.0f}%")
    with quality:
        st.markdown("#### Code quality")
        for name, label in QUALITY_LABELS.items():
            if name not in scores:
                continue
            value = scores[name]
            shown = ("yes" if value >= 1 else "no") if name == "reflow" else f"{round(value * 100)}%"
            st.metric(md_text(label), md_text(shown))


def _score_now(store: Store, stored: StoredConversion) -> None:
    """Score ``stored`` against its design on the app's scoring service and save the outcome."""
    item, conversion = stored.item, stored.conversion
    with Image.open(io.BytesIO(store.design_png(item.design_key))) as opened:
        design = opened.convert("RGB")
    service = fidelity_tab.fidelity_service()  # looked up on its module: tests swap the service
    future = service.submit(item.design_key, design, conversion.code, conversion.target)
    save_scores(store, item.id, future.result(timeout=SCORE_TIMEOUT_S))


def _downloads(stored: StoredConversion) -> None:
    conversion, item = stored.conversion, stored.item
    stem = safe_stem(item.title or item.design_name)
    files = ready_downloads(conversion, stem)
    key = f"library-{item.id}"
    if conversion.target is not Target.HTML_TAILWIND:
        download_buttons(files, key=key)
        return
    # HTML + Tailwind: the page with its CSS compiled in (and as a project), built on request:
    # the compile runs the Tailwind runtime in a headless browser, about a second.
    built: dict[str, tuple[Download, ...]] = st.session_state.setdefault("library_tailwind", {})
    ready = built.get(item.id)
    if ready is not None:
        download_buttons([*files, *ready], key=key)
        return
    download_buttons(files, key=key)
    if st.button(
        "Compile the CSS for download",
        icon=":material/build:",
        key=f"library-build-{item.id}",
        help="Turns the Tailwind classes the page uses into its own CSS, so it needs no CDN.",
    ):
        with st.spinner("Compiling the Tailwind CSS…"):
            try:
                built[item.id] = _compiled(stored, stem)
            except HandoffError as exc:
                st.error(md_text(exc), icon=":material/error:")
                return
        st.rerun()


def _compiled(stored: StoredConversion, stem: str) -> tuple[Download, ...]:
    compiled: dict[str, str] = {}

    def compile_once(page: str) -> str:  # the page and the project share one compile
        if page not in compiled:
            compiled[page] = compile_with_own_renderer(page)
        return compiled[page]

    single = static_tailwind_html(stored.conversion.code, compile_once).encode("utf-8")
    project = project_zip(stored.conversion, stem, tailwind_css=compile_once)
    return (
        Download(f"{stem}.html", single, "text/html", "Download index.html with its CSS"),
        Download(f"{stem}-project.zip", project, "application/zip", "Download project (zip)"),
    )


def _edit_form(store: Store, item: LibraryItem) -> None:
    with st.expander("Edit or delete", icon=":material/edit:"):
        with st.form(f"edit-{item.id}", border=False):
            title = st.text_input("Title", item.title, max_chars=200)
            author = st.text_input("Author", item.author, max_chars=100)
            tags = st.text_input("Tags (comma-separated)", ", ".join(item.tags), max_chars=400)
            if st.form_submit_button("Save changes", icon=":material/save:"):
                try:
                    store.update(item.id, title=title, author=author, tags=tags.split(","))
                except HandoffError as exc:
                    st.error(md_text(exc), icon=":material/error:")
                else:
                    st.toast("Saved.", icon=":material/check:")
                    st.rerun()
        st.divider()
        sure = st.checkbox(
            "Yes, delete this version for everyone",
            key=f"delete-sure-{item.id}",
            help="This cannot be undone.",
        )
        if st.button("Delete", icon=":material/delete:", disabled=not sure, key=f"delete-{item.id}"):
            try:
                store.delete(item.id)
            except NotFoundError:
                pass  # someone else deleted it first: the outcome is the same
            except HandoffError as exc:
                st.error(md_text(exc), icon=":material/error:")
                return
            st.session_state.pop("library_open", None)
            st.toast("Deleted.", icon=":material/delete:")
            st.rerun()
