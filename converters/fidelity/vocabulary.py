"""The one list of scores: each score's key, its names for people, its explanation, and the
combined score that sums a candidate up.

Every place that names a score reads it here: ``FidelityReport.scores()``, the evaluation
harness's results, ``summary.json`` and ``summary.md``, the conformance check, the scores the
library keeps with a result, the Fidelity tab, the badge, the Library's cards and the Versions tab.
A new score is added here first; a second list elsewhere is a bug waiting for it.

- ``FIDELITY_SCORES``: how close the rendered candidate is to the design (Design2Code's four
  block scores, ``BLOCK_SCORES``, then the masked-text pixel score), each 0..1, higher is better.
  Definitions: ``converters.fidelity.scores`` and ``converters.fidelity.visual``.
- ``QUALITY_SCORES``: how the code behind the picture is built (``converters.fidelity.quality``);
  ``absolute_share`` is better lower, ``reflow`` is a pass/fail, ``tree_bleu`` and ``semantics``
  may be ``None`` (not applicable).
- ``A11Y``: the share of accessibility checks passed (``converters.a11y.report.A11yReport.share``;
  the checks themselves are listed in ``converters.a11y.vocabulary``); ``None`` when the page was
  not checked (check-and-revise scores without it).
- ``SCORE_KEYS``: all of them, in the order of ``FidelityReport.scores()`` and ``summary.json``.
- ``combined_score``: the one number (the badge's "Fidelity NN%").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal


@dataclass(frozen=True)
class Score:
    """One score's names and meaning.

    ``key``: its name in ``FidelityReport.scores()``, ``summary.json`` and the item results of
    ``handoff eval``, and the library's stored scores (these are kept on disk: never rename one).
    ``label``: its name for people (the Fidelity tab). ``column``: its title in ``summary.md``'s
    tables (shorter for some code-quality scores; runs and the README print these).
    ``explanation``: one line, shown next to the score. ``kind``: a ``fraction`` 0..1, or a
    ``pass_fail`` (a bool; over a run, the share of items that passed). ``higher_is_better``:
    ``False`` for a share of something unwanted.
    """

    key: str
    label: str
    column: str
    explanation: str
    kind: Literal["fraction", "pass_fail"] = "fraction"
    higher_is_better: bool = True


BLOCK: Final = Score(
    "block",
    "Block",
    "Block",
    "Share of the text area (both pages) that found its counterpart; low: missing or extra text.",
)
TEXT: Final = Score("text", "Text", "Text", "How alike the matched texts are, character by character.")
POSITION: Final = Score(
    "position",
    "Position",
    "Position",
    "How close matched text sits to where it is in the original, relative to the page size.",
)
COLOR: Final = Score("color", "Color", "Color", "How close matched text colours are (CIEDE2000).")
VISUAL: Final = Score(
    "visual",
    "Visual",
    "Visual",
    "Pixel similarity (SSIM) of the two pages with text masked: backgrounds, bars, cards, images.",
)

ABSOLUTE_SHARE: Final = Score(
    "absolute_share",
    "Absolute positioning",
    "abs. share",
    "Share of visible elements placed with position: absolute or fixed; lower is better "
    "(real layouts use flex and grid).",
    higher_is_better=False,
)
REFLOW: Final = Score(
    "reflow",
    "Reflow",
    "reflow",
    "Whether the page still fits at narrower widths: no sideways scrolling, no overlapping, clipped or "
    "squeezed text.",
    kind="pass_fail",
)
TREE_BLEU: Final = Score(
    "tree_bleu",
    "TreeBLEU",
    "TreeBLEU",
    "TreeBLEU: share of the reference page's element-and-children patterns that the "
    "candidate's code repeats; higher is closer in structure.",
)
SEMANTICS: Final = Score(
    "semantics",
    "Semantics",
    "semantics",
    "Share of applicable checks passed: landmarks (main plus header, nav or footer), heading "
    "order, real form controls and real image elements.",
)

A11Y: Final = Score(
    "a11y",
    "Accessibility",
    "a11y",
    "Share of the accessibility checks that apply to the page and pass: text contrast, alt text, "
    "form labels, button and link names, heading order, landmarks, keyboard focus.",
)

BLOCK_SCORES: Final = (BLOCK, TEXT, POSITION, COLOR)
"""Design2Code's block-level scores; their keys are the fields of ``BlockScores``."""
FIDELITY_SCORES: Final = (*BLOCK_SCORES, VISUAL)
"""The five fidelity scores, in the order they are shown and stored; ``combined_score`` averages them."""
QUALITY_SCORES: Final = (ABSOLUTE_SHARE, REFLOW, TREE_BLEU, SEMANTICS)
"""The code-quality scores, in the order of ``summary.json`` (the Fidelity tab lists semantics
before TreeBLEU, with each one's details)."""
ALL_SCORES: Final = (*FIDELITY_SCORES, *QUALITY_SCORES, A11Y)

BLOCK_KEYS: Final = tuple(score.key for score in BLOCK_SCORES)
FIDELITY_KEYS: Final = tuple(score.key for score in FIDELITY_SCORES)
SCORE_KEYS: Final = tuple(score.key for score in ALL_SCORES)
"""Every score's key, in the order of ``FidelityReport.scores()`` and ``summary.json``'s ``means``."""
SCORES: Final[Mapping[str, Score]] = MappingProxyType({score.key: score for score in ALL_SCORES})
"""Every score by its key."""


def combined_score(scores: Mapping[str, float | None]) -> float:
    """The one number that sums up how close a candidate is to its design (0..1): the mean of the
    five ``FIDELITY_SCORES`` (Block, Text, Position, Color, Visual), equally weighted.

    A score that is missing from ``scores`` or ``None`` counts as 0, so a candidate can only lose
    by not being scored on something. The code-quality scores do not enter it. It is the badge's
    "Fidelity NN%" and the figure on the Library's cards and in the Versions tab, and it is meant
    to rank variants of a conversion and decide whether a revision is kept (issue 13): a change to
    this definition changes those decisions, and old figures stop being comparable with new ones.
    """
    return sum(float(scores.get(key) or 0.0) for key in FIDELITY_KEYS) / len(FIDELITY_KEYS)


def has_fidelity(scores: Mapping[str, float | None]) -> bool:
    """Whether every one of the five fidelity scores is in ``scores`` (a result's saved scores may
    predate a score, or miss some): without them, ``combined_score`` would understate it."""
    return all(scores.get(key) is not None for key in FIDELITY_KEYS)
