"""Fidelity scores: how closely a candidate page reproduces a reference page.

``score_blocks`` compares the text blocks of two renderings (Design2Code's Block-Match, Text,
Position and Color); see ``converters.fidelity.scores`` for the definitions and the deviations
from the paper. ``visual_score`` compares the screenshots with text masked (a pixel-level
stand-in for the paper's CLIP score, which needs weights that cannot be had offline).
``converters.fidelity.vocabulary`` is the one list of the scores (keys, labels, explanations) and
holds ``combined_score``, the one number that sums a candidate up.
"""

from __future__ import annotations

from converters.fidelity.scores import BlockScores, Match, score_blocks
from converters.fidelity.visual import visual_score

__all__ = ["BlockScores", "Match", "score_blocks", "visual_score"]
