"""The Accessibility section of the Fidelity tab: the share of checks passed, each check, and the
findings drawn on the rendered result (a numbered box each) beside the list that names them.

The report comes with the scoring (``Renderer.render_code(..., a11y=True)`` through the app's
``FidelityService``); everything in a finding but its numbers is the page's own text: shown
through ``md_text``.
"""

from __future__ import annotations

from typing import Final, Literal

import streamlit as st

from converters.a11y import CHECKS, CHECKS_BY_KEY, A11yReport, CheckResult, Finding
from converters.a11y.overlay import draw_a11y_overlay, numbered
from converters.fidelity.service import ScoredConversion
from converters.fidelity.vocabulary import A11Y
from ui.safe_text import md_text
from ui.score_rows import score_row

OVERLAYS_KEPT: Final = 4  # drawn overlays kept per session (a few hundred KB each)
OVERLAY_HEIGHT: Final = 640  # px; taller pages scroll inside their frame
LISTED: Final = 60
"""Findings listed under the picture; the rest are counted (a page can have hundreds)."""


def show_a11y(entry_id: str, scored: ScoredConversion) -> None:
    """The section, for a scoring that checked accessibility (nothing otherwise)."""
    candidate = scored.report.candidate
    report = candidate.a11y
    if report is None:
        return
    st.markdown("#### Accessibility")
    st.caption(
        "What an accessibility review would flag in the rendered result: WCAG 2.2 AA contrast, "
        "names and labels, heading order, landmarks and keyboard focus, checked in the browser "
        "with axe-core and a Tab walk."
    )
    if report.error:
        st.warning(
            f"The accessibility checks could not run on this result: {md_text(report.error)}",
            icon=":material/warning:",
        )
        return
    share = report.share
    share_md = "**n/a**" if share is None else f"**{share * 100:.0f}%** of checks"
    score_row(A11Y, share_md)
    st.markdown(
        "  \n".join(_check_line_md(report.check(check.key), check.label) for check in CHECKS),
        help="✓ passed, ✗ failed, n.a.: nothing on the page for this check (no image, no control). "
        "Undecided: text over an image or a gradient, whose contrast needs a person to judge.",
    )
    if not report.findings:
        return
    picture, listing = st.columns([3, 2], gap="medium")
    with picture:
        st.caption(f"The result, {candidate.width:d} px wide: every finding numbered")
        tall = candidate.height > candidate.width
        height: int | Literal["content"] = OVERLAY_HEIGHT if tall else "content"
        with st.container(height=height, border=True, key=f"a11y-overlay-{entry_id}"):
            st.image(_drawn(entry_id, scored, report), width="stretch", output_format="PNG")
    with listing, st.container(height=OVERLAY_HEIGHT, border=False):
        st.markdown(
            "  \n".join(
                _finding_md(number, finding) for number, finding in numbered(report.findings)[:LISTED]
            )
        )
        if len(report.findings) > LISTED:
            st.caption(f"… and {len(report.findings) - LISTED:d} more.")


def _check_line_md(result: CheckResult, label: str) -> str:
    mark_md = {True: ":green[✓]", False: ":red[✗]", None: ":gray[n.a.]"}[result.outcome]
    counts = []
    if result.failed:
        judged = result.passed + result.failed
        counts.append(f"{result.failed:d} of {judged:d} element{'s' if judged != 1 else ''} fail")
    elif result.passed:
        counts.append(f"{result.passed:d} element{'s pass' if result.passed != 1 else ' passes'}")
    if result.unsure:
        counts.append(f"{result.unsure:d} undecided")
    counts_md = f": {md_text(', '.join(counts))}" if counts else ""
    return f"{mark_md} {md_text(label)}{counts_md}"


def _finding_md(number: int, finding: Finding) -> str:
    """One finding: its number on the picture, the check, the element and what is wrong."""
    label = CHECKS_BY_KEY[finding.check].label
    where = "the whole page" if finding.box is None else finding.element
    detail = finding.message
    if finding.contrast is not None:
        c = finding.contrast
        detail = f"contrast {c.ratio:.2f}:1, needs {c.expected:g}:1 ({c.foreground} on {c.background})"
    return (
        f"**{number:d}.** {md_text(label)}: {md_text(where)}  \n"
        f":small[:gray[{md_text(finding.selector)} · {md_text(detail)}]]"
    )


def _drawn(entry_id: str, scored: ScoredConversion, report: A11yReport) -> bytes:
    """The overlay of this result, drawn once per session and result."""
    drawn: dict[str, tuple[ScoredConversion, bytes]] = st.session_state.setdefault("a11y_overlays", {})
    kept = drawn.get(entry_id)
    if kept is not None and kept[0] is scored:
        return kept[1]
    candidate = scored.report.candidate
    picture = draw_a11y_overlay(candidate.png, candidate.width, report.findings)
    drawn[entry_id] = (scored, picture)
    while len(drawn) > OVERLAYS_KEPT:
        drawn.pop(next(iter(drawn)))
    return picture
