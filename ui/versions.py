"""The Versions tab of a result: every version of its design with the change that made it, what
the thread cost, making an earlier version current again, and a comparison of two versions (the
highlighted diff of their code and their two previews side by side).

Nothing is overwritten: making a version current shows it (and the next change starts from it);
every version stays in the library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import streamlit as st

from converters import HandoffError
from converters.conversion import Conversion
from converters.fidelity.vocabulary import combined_score, has_fidelity
from converters.store import LibraryItem, Store
from converters.versions import ThreadUsage, code_diff, thread_usage
from ui import session
from ui.library_store import library_or_error
from ui.preview_pane import preview_pane
from ui.safe_text import md_text, plain_text

COMPARE_PANE_HEIGHT: Final = 480
"""px: two previews side by side are half as wide as the result's, so less tall too."""
DIFF_MAX_CHARS: Final = 100_000
"""Longest diff shown highlighted (as ``code_view.CODE_VIEW_MAX_CHARS``, for the same reason)."""
CONVERSIONS_KEPT: Final = 24
"""Versions' code kept per session for the tab (they never change once saved)."""


def versions_tab(
    stored_id: str | None,
    *,
    key: str,
    width: int,
    make_current: Callable[[LibraryItem], None],
) -> None:
    """The versions of the result stored as ``stored_id``; ``make_current`` shows another one.
    ``width`` is the CSS px the compared previews are laid out at (the design's)."""
    if stored_id is None:
        st.caption(":material/info: This result is not in the library, so it has no versions to go back to.")
        return
    store = library_or_error(session.settings())
    if isinstance(store, HandoffError):
        st.error(md_text(store), icon=":material/error:")
        return
    try:
        versions = store.design_versions(stored_id)
        conversions = {item.id: version_conversion(store, item.id) for item in versions}
    except HandoffError as exc:
        st.error(f"The versions cannot be read: {md_text(exc)}", icon=":material/error:")
        return
    numbers = {item.id: number for number, item in enumerate(versions, start=1)}
    _version_table(versions, conversions, numbers, stored_id)
    st.caption(md_text(usage_line(thread_usage(conversions.values()), len(versions))))
    if len(versions) < 2:
        st.caption(":material/info: Ask for a change below: each answer becomes a version here.")
        return
    _make_current(versions, numbers, stored_id, key=key, make_current=make_current)
    _compare(versions, conversions, numbers, stored_id, key=key, width=width)


def usage_line(usage: ThreadUsage, versions: int) -> str:
    """ "4 versions · 3 model turns · 14,200 tokens in (2,000 cached), 9,100 out · $0.0312"."""
    parts = [f"{versions:d} version{'s' if versions != 1 else ''}"]
    if usage.turns == 0:
        parts.append("no model turns: made on this machine, free")
        return " · ".join(parts)
    parts.append(f"{usage.turns:d} model turn{'s' if usage.turns != 1 else ''}")
    parts.append(
        f"{usage.input_tokens:,} tokens in ({usage.cached_tokens:,} cached), {usage.output_tokens:,} out"
    )
    if usage.cost_usd is None:
        parts.append("cost unknown (no price for the model)")
    else:
        floor = f" + {usage.unpriced:d} turn(s) without a price" if usage.unpriced else ""
        parts.append(f"${usage.cost_usd:.4f}{floor} in all")
    return " · ".join(parts)


def version_conversion(store: Store, conversion_id: str) -> Conversion:
    """A stored version's conversion, kept for the session (a saved version never changes)."""
    kept: dict[str, Conversion] = st.session_state.setdefault(session.VERSION_CODE, {})
    if conversion_id not in kept:
        kept[conversion_id] = store.get(conversion_id).conversion
        while len(kept) > CONVERSIONS_KEPT:
            kept.pop(next(iter(kept)))
    return kept[conversion_id]


def _version_table(
    versions: tuple[LibraryItem, ...],
    conversions: dict[str, Conversion],
    numbers: dict[str, int],
    shown: str,
) -> None:
    rows: dict[str, list[str]] = {
        "Version": [],
        "Change asked": [],
        "From": [],
        "Engine": [],
        "Tokens in / out": [],
        "Cost": [],
        "Fidelity": [],
    }
    for item in versions:
        conversion = conversions[item.id]
        state = " · shown" if item.id == shown else ""
        state += "" if item.complete else " · partial"
        rows["Version"].append(f"v{numbers[item.id]:d}{state}")
        rows["Change asked"].append(item.instruction or "(converted from the design)")
        rows["From"].append(f"v{numbers[item.parent_id]:d}" if item.parent_id in numbers else "")
        rows["Engine"].append(f"{item.engine} · {item.model}" if item.model else item.engine)
        usage = conversion.usage
        rows["Tokens in / out"].append(f"{usage.input_tokens:,} / {usage.output_tokens:,}" if usage else "—")
        cost = usage.cost_usd if usage is not None else None
        rows["Cost"].append(f"${cost:.4f}" if cost is not None else ("free" if usage is None else "unknown"))
        rows["Fidelity"].append(_fidelity(item))
    # A data frame's cells are plain text: the instructions and model names are not ours.
    st.dataframe(rows, hide_index=True, width="stretch")


def _fidelity(item: LibraryItem) -> str:
    scores = item.fidelity or {}
    if not has_fidelity(scores):
        return "not scored"
    return f"{round(combined_score(scores) * 100):d}%"


def _label(item: LibraryItem, numbers: dict[str, int]) -> str:
    change = item.instruction or "converted from the design"
    change = change if len(change) <= 60 else change[:59] + "…"
    state = "" if item.complete else " · partial"
    return f"v{numbers[item.id]:d} · {change}{state}"


def _make_current(
    versions: tuple[LibraryItem, ...],
    numbers: dict[str, int],
    shown: str,
    *,
    key: str,
    make_current: Callable[[LibraryItem], None],
) -> None:
    others = [item for item in versions if item.id != shown]
    by_id = {item.id: item for item in versions}
    pick, go = st.columns([4, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(
        "Go back to a version",
        [item.id for item in others],
        index=len(others) - 1,
        format_func=lambda version_id: plain_text(_label(by_id[version_id], numbers)),
        key=f"versions-current-{key}",
        help="It becomes the result shown, and the next change starts from it. Nothing is deleted.",
    )
    if go.button("Make current", icon=":material/restore:", key=f"versions-go-{key}", width="stretch"):
        make_current(by_id[chosen])


def _compare(
    versions: tuple[LibraryItem, ...],
    conversions: dict[str, Conversion],
    numbers: dict[str, int],
    shown: str,
    *,
    key: str,
    width: int,
) -> None:
    st.markdown("##### Compare two versions")
    ids = [item.id for item in versions]
    by_id = {item.id: item for item in versions}
    now = by_id[shown]
    before = now.parent_id if now.parent_id in by_id else ids[max(0, ids.index(shown) - 1)]
    if before == shown:
        before = ids[1] if ids[0] == shown else ids[0]
    left, right = st.columns(2)
    old_id = left.selectbox(
        "From",
        ids,
        index=ids.index(before),
        format_func=lambda version_id: plain_text(_label(by_id[version_id], numbers)),
        key=f"versions-from-{key}",
    )
    new_id = right.selectbox(
        "To",
        ids,
        index=ids.index(shown),
        format_func=lambda version_id: plain_text(_label(by_id[version_id], numbers)),
        key=f"versions-to-{key}",
    )
    old, new = conversions[old_id], conversions[new_id]
    diff = code_diff(old.code, new.code, old_name=f"v{numbers[old_id]:d}", new_name=f"v{numbers[new_id]:d}")
    if diff.same:
        st.caption(":material/info: The two versions have the same code.")
    else:
        st.caption(
            f"{diff.added:,} line(s) added, {diff.removed:,} removed, "
            f"from v{numbers[old_id]:d} to v{numbers[new_id]:d}."
        )
        text = diff.text
        if len(text) > DIFF_MAX_CHARS:
            text = text[: text.rfind("\n", 0, DIFF_MAX_CHARS)]
            st.caption(":material/info: The diff is long: its start is shown.")
        with st.container(height=360, key=f"versions-diff-{key}"):
            st.code(text, language="diff")
    for side, (column, version_id) in enumerate(zip(st.columns(2), (old_id, new_id), strict=True)):
        conversion = conversions[version_id]
        with column:
            st.caption(md_text(f"v{numbers[version_id]:d}"))
            preview_pane(
                conversion.code,
                conversion.target,
                width=width,
                height=COMPARE_PANE_HEIGHT,
                key=f"versions-preview-{key}-{side:d}",
            )
