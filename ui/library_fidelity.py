"""The Library's Fidelity tab: the Convert page's (``ui.fidelity_tab``), for a stored result.

The library keeps a result's scores, not what they were measured on. So when the tab is opened
the result is scored again on the process's scoring service (a result converted in this process
is in its cache already) to draw the overlay and the details, and the saved numbers are shown
with their explanations meanwhile. A result never scored (saved from the command line) is scored
the same way. The new scores and a thumbnail of the rendering are saved, so that the design's card
shows what the tab shows.
"""

from __future__ import annotations

import io

import streamlit as st
from PIL import Image

from converters import HandoffError, load_design
from converters.fidelity.report import design_css_width, guess_css_width
from converters.intake import IntakeLimits, SourceFormat
from converters.render import MAX_WIDTH, MIN_WIDTH
from converters.store import Store, StoredConversion, StoredDesign
from ui import fidelity_tab, score_rows
from ui.safe_text import md_text


def scoring_key(conversion_id: str) -> str:
    """The key of a stored result's scoring job, overlay and widgets in ``ui.fidelity_tab``."""
    return f"library-{conversion_id}"


def library_fidelity(store: Store, stored: StoredConversion) -> None:
    """The tab's content; call it only while the tab is open (scoring takes a few seconds)."""
    item = stored.item
    try:
        facts = store.design(item.design_key) if item.design_key else None
    except HandoffError as exc:
        st.warning(f"The design cannot be read, so this result is not scored: {md_text(exc)}")
        facts = None
    if facts is None:
        if item.fidelity:
            score_rows.show_saved_scores(item.fidelity)
        else:
            st.info(
                "This result was saved without its design, so there is nothing to score it against.",
                icon=":material/info:",
            )
        return
    key = scoring_key(item.id)
    job = fidelity_tab.start_stored_scoring(
        key,
        stored.conversion,
        facts.sha256,
        lambda: _scoring_design(store, facts),
        library_id=item.id,  # saved: the card then shows what the tab shows
    )
    fidelity_tab.score_badge(key, job)  # polls the job and reruns the page when it is done
    if not job.future.done() and item.fidelity:
        score_rows.show_saved_scores(item.fidelity)
        st.caption(
            ":material/progress_activity: The scores saved with this result. Rendering it again "
            "to show where the text went…"
        )
        return
    fidelity_tab.show_fidelity(key, job)
    future = job.future
    failed = future.done() and (future.cancelled() or future.exception() is not None)
    if failed and item.fidelity:
        st.caption("The scores saved with this result, from an earlier scoring:")
        score_rows.show_saved_scores(item.fidelity)


def _scoring_design(store: Store, facts: StoredDesign) -> tuple[Image.Image, int]:
    """The design's image and the CSS width a result is scored at (``design_css_width``).

    A vector design's width is read from its upload when the library kept it; without it, its
    image is taken to be drawn at intake's default scale (2 px per CSS px).
    """
    if SourceFormat(facts.source_format).is_vector:
        original = store.design_original(facts.key)
        if original is not None:
            try:
                design = load_design(original[0], original[1], page=facts.page)
            except HandoffError:
                pass  # limits changed since it was saved: fall back to the stored image
            else:
                return design.image_view(), design_css_width(design)
    with Image.open(io.BytesIO(store.design_png(facts.key))) as opened:
        image = opened.convert("RGB")
    return image, stored_css_width(facts)


def stored_css_width(facts: StoredDesign) -> int:
    """A stored design's width in CSS px, from its image alone: a vector design's image is taken
    to be drawn at intake's default scale (2 px per CSS px), a raster's is guessed."""
    if SourceFormat(facts.source_format).is_vector:
        css_width = round(facts.width / IntakeLimits().vector_scale)
    else:
        css_width = guess_css_width(facts.width)
    return min(MAX_WIDTH, max(MIN_WIDTH, css_width))
