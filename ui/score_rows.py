"""The scores as the Fidelity tab writes them: a row per score with its one-line explanation,
the fidelity and code-quality columns, and the colours and marks they are written in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

import streamlit as st

from converters.fidelity.quality import QualityScores, reflow_problems
from converters.fidelity.vocabulary import (
    A11Y,
    ABSOLUTE_SHARE,
    FIDELITY_SCORES,
    REFLOW,
    SEMANTICS,
    TREE_BLEU,
    Score,
)
from converters.render import ReflowCheck
from ui.safe_text import md_text

SEMANTIC_CHECKS: Final = {
    "landmarks": "landmarks",
    "headings": "heading order",
    "controls": "form controls",
    "images": "images",
}
"""Names of the ``Semantics`` checks as the tab lists them."""
REFLOW_MD: Final = {True: ":green[**passes**]", False: ":red[**fails**]", None: "**not checked**"}
"""How the reflow outcome is written (passed, failed, not run)."""
GOOD: Final = 85  # badge and score colours: green from here (percent) ...
FAIR: Final = 65  # ... orange from here, red below


def show_fidelity_scores(scores: Mapping[str, float | bool | None]) -> None:
    st.markdown("#### Fidelity")
    st.caption("How close the rendered result is to your design, 0-100% (higher is better).")
    for score in FIDELITY_SCORES:
        percent = round(float(scores.get(score.key) or 0.0) * 100)
        score_row(score, f":{score_colour(percent)}[**{percent:d}%**]")


def show_quality_scores(quality: QualityScores, reference_kind: Literal["html", "image"]) -> None:
    _quality_heading()
    score_row(ABSOLUTE_SHARE, f"**{quality.absolute_share * 100:.0f}%** of elements")
    score_row(REFLOW, REFLOW_MD[quality.reflow])
    if quality.reflow_checks:
        st.markdown("  \n".join(_reflow_line_md(check) for check in quality.reflow_checks))
    semantics = quality.semantics.score
    score_row(SEMANTICS, "**n/a**" if semantics is None else f"**{semantics * 100:.0f}%** of checks")
    st.markdown(
        " · ".join(
            f"{_mark_md(passed)} {SEMANTIC_CHECKS[name]}" for name, passed in quality.semantics.checks.items()
        ),
        help="✓ passed, ✗ failed, n.a.: does not apply to this page (e.g. no form controls in the design).",
    )
    if quality.tree_bleu is not None:
        tree_bleu_md = f"**{quality.tree_bleu * 100:.0f}%**"
    elif reference_kind == "image":
        tree_bleu_md = "**n/a**: needs a reference page"
    else:
        tree_bleu_md = "**n/a**: the reference page has no nested elements"
    score_row(TREE_BLEU, tree_bleu_md)


def show_saved_scores(scores: Mapping[str, float]) -> None:
    """Scores saved with a result (the library keeps the numbers, not what they were measured
    on), laid out and explained as the tab does; without the per-width reflow and per-check
    semantics details, which only a scoring has."""
    fidelity, quality = st.columns(2, gap="large")
    with fidelity:
        show_fidelity_scores(scores)
    with quality:
        _quality_heading()
        # In the live tab's order (semantics before TreeBLEU), each with its value's wording.
        rows = {
            ABSOLUTE_SHARE: "**{:.0f}%** of elements",
            REFLOW: "",
            SEMANTICS: "**{:.0f}%** of checks",
            TREE_BLEU: "**{:.0f}%**",
        }
        for score, value_md in rows.items():
            if score.key not in scores:
                continue
            if score is REFLOW:
                value_md = REFLOW_MD[scores[score.key] >= 1]
            else:
                value_md = value_md.format(scores[score.key] * 100)
            score_row(score, value_md)
    if A11Y.key in scores:
        st.markdown("#### Accessibility")
        score_row(A11Y, f"**{scores[A11Y.key] * 100:.0f}%** of checks")


def _quality_heading() -> None:
    st.markdown("#### Code quality")
    st.caption("How the code behind the picture is built, judged on the rendered page.")


def score_row(score: Score, value_md: str) -> None:
    """One score: its label and value on a line, its one-line explanation below; ``value_md`` is
    Markdown the app's code wrote, the label and explanation plain text of ours."""
    st.markdown(f"{md_text(score.label)} · {value_md}  \n:small[:gray[{md_text(score.explanation)}]]")


def _reflow_line_md(check: ReflowCheck) -> str:
    problems = reflow_problems(check)
    if not problems:
        return f"{_mark_md(True)} {check.width:d} px: fits"
    return f"{_mark_md(False)} {check.width:d} px: " + ", ".join(problems)


def score_colour(percent: int) -> Literal["green", "orange", "red"]:
    return "green" if percent >= GOOD else "orange" if percent >= FAIR else "red"


def _mark_md(passed: bool | None) -> str:
    return {True: ":green[✓]", False: ":red[✗]", None: ":gray[n.a.]"}[passed]
