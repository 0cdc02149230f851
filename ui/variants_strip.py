"""The strip above a result that was one of several variants ranked together: each variant's
strategy, score and first screen, best first; choosing one makes it the current result (the next
change starts from it). Every variant is in the library already (``ui.live.record_variants``)."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.safe_text import md_text


def variants_strip(entry: session.HistoryEntry) -> None:
    """The strip of ``entry``'s run, if it had variants."""
    cards = entry.variants
    if not cards:
        return
    known = {item.id for item in session.history()}
    st.caption(
        f":material/leaderboard: {len(cards):d} variants of this design, best first by fidelity. "
        "Choose one to make it the current result; all are kept in the Library."
    )
    for place, (card, column) in enumerate(zip(cards, st.columns(len(cards)), strict=True), start=1):
        with column, st.container(border=True):
            score_md = f"{card.score:.0%}" if card.score is not None else "not scored"
            if card.entry_id is None:
                score_md = "failed"
            st.markdown(f"**{place:d}. {md_text(card.strategy)}** · {score_md}")
            if card.picture is not None:
                st.image(card.picture, width="stretch")
            if card.error:
                st.caption(md_text(card.error))
            if card.entry_id is None:
                continue
            if card.entry_id == entry.id:
                st.button("Current", key=f"variant-{entry.id}-{place}", disabled=True, width="stretch")
            elif st.button(
                "Use this",
                key=f"variant-{entry.id}-{place}",
                disabled=card.entry_id not in known,
                help=None
                if card.entry_id in known
                else "No longer in this session: open it from the Library.",
                width="stretch",
            ):
                st.session_state["selected_result"] = card.entry_id
                st.rerun()
