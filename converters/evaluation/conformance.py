"""Agreement of our block scores with the original Design2Code implementation.

``../shared/eval/conformance/`` holds (reference, candidate) page pairs and, for each, the Block,
Text, Position and Color scores the original code gave (its README says how they were made). This
module scores the same pairs with Handoff's renderer and ``score_blocks``, the way a reference page
is scored in ``handoff eval``, and summarises how closely the two agree over the set: each side's
mean, the mean absolute difference and Pearson's r, per score.

The scorer knows nothing of these pairs: they are only read here, to compare.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from converters.evaluation.candidates import inline_assets
from converters.fidelity.scores import score_blocks
from converters.fidelity.vocabulary import BLOCK_KEYS
from converters.render import WIDTH, Renderer
from converters.targets import Target

SCORE_NAMES: Final = BLOCK_KEYS
"""The scores the fixtures hold: Design2Code's four block scores (``BlockScores`` field names)."""


@dataclass(frozen=True)
class Pair:
    """One fixture: the pages' paths and the original implementation's scores."""

    id: str
    kind: str
    reference: Path
    candidate: Path
    expected: dict[str, float]


@dataclass(frozen=True)
class PairResult:
    """Our scores of one pair beside the original's, and how long ours took (seconds)."""

    pair: Pair
    ours: dict[str, float]
    render_s: float
    score_s: float


@dataclass(frozen=True)
class Agreement:
    """How one score agrees over the set: both means, mean absolute difference, Pearson's r."""

    name: str
    ours_mean: float
    original_mean: float
    mean_abs_diff: float
    pearson_r: float


def load_pairs(folder: Path) -> tuple[Pair, ...]:
    """The pairs of ``folder/expected.jsonl`` (paths in it are relative to ``folder``).

    Raises ``ValueError`` naming the line for a line that is not a complete pair, and
    ``FileNotFoundError`` when ``expected.jsonl`` or a page it names is missing.
    """
    listing = folder / "expected.jsonl"
    pairs: list[Pair] = []
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            pair = Pair(
                id=str(raw["id"]),
                kind=str(raw["kind"]),
                reference=(folder / raw["reference"]).resolve(),
                candidate=(folder / raw["candidate"]).resolve(),
                expected={name: float(raw[name]) for name in SCORE_NAMES},
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{listing}:{number}: not a conformance pair ({error})") from error
        for page in (pair.reference, pair.candidate):
            if not page.is_file():
                raise FileNotFoundError(f"{listing}:{number}: no page at {page}")
        pairs.append(pair)
    return tuple(pairs)


def score_pair(renderer: Renderer, pair: Pair) -> PairResult:
    """Render both pages and score the candidate against the reference.

    The reference is rendered as a page file; the candidate as ``handoff eval`` renders a
    candidate file (through the preview runtime, with the dataset's images inlined).
    """
    started = time.perf_counter()
    reference = renderer.render_html_file(pair.reference)
    code = inline_assets(pair.candidate.read_text(encoding="utf-8"), pair.reference.parent)
    candidate = renderer.render_code(code, Target.HTML_CSS, width=WIDTH)
    rendered = time.perf_counter()
    scores = score_blocks(
        reference.blocks,
        (reference.width, reference.height),
        candidate.blocks,
        (candidate.width, candidate.height),
    )
    scored = time.perf_counter()
    ours = {name: float(getattr(scores, name)) for name in SCORE_NAMES}
    return PairResult(pair, ours, rendered - started, scored - rendered)


def agreement(results: Sequence[PairResult]) -> tuple[Agreement, ...]:
    """Per score: means, mean absolute difference and Pearson's r over ``results``.

    r is NaN when either side does not vary (it is undefined then).
    """
    rows = []
    for name in SCORE_NAMES:
        ours = np.array([r.ours[name] for r in results], dtype=np.float64)
        theirs = np.array([r.pair.expected[name] for r in results], dtype=np.float64)
        varies = len(results) > 1 and ours.std() > 0 and theirs.std() > 0
        r = float(np.corrcoef(ours, theirs)[0, 1]) if varies else math.nan
        rows.append(
            Agreement(name, float(ours.mean()), float(theirs.mean()), float(np.abs(ours - theirs).mean()), r)
        )
    return tuple(rows)


def table(rows: Iterable[Agreement]) -> str:
    """A Markdown table of ``agreement`` rows."""
    lines = [
        "| score | ours (mean) | original (mean) | mean abs. difference | Pearson r |",
        "|---|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {row.ours_mean:.3f} | {row.original_mean:.3f} | "
            f"{row.mean_abs_diff:.3f} | {row.pearson_r:.2f} |"
        )
    return "\n".join(lines)
