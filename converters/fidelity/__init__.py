"""Fidelity scores: how closely a candidate page reproduces a reference page.

``score_blocks`` compares the text blocks of two renderings (Design2Code's Block-Match, Text,
Position and Color); see ``converters.fidelity.scores`` for the definitions and the deviations
from the paper.
"""

from __future__ import annotations

from converters.fidelity.scores import BlockScores, Match, score_blocks

__all__ = ["BlockScores", "Match", "score_blocks"]
