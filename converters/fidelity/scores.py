"""Design2Code's block-level scores: Block-Match, Text, Position and Color (Si et al., 2024).

``score_blocks`` compares the text blocks of a reference page with those of a candidate page by
the rules of the original implementation (``visual_score.py`` of NoviScl/Design2Code, checked
against its scores on ``../shared/eval/conformance``; see ``converters/evaluation/conformance.py``):

1. Texts are compared in lower case (the original lowercases every block), by
   ``difflib.SequenceMatcher(None, a, b).ratio()`` (computed by cydifflib: the same algorithm,
   autojunk included, compiled; matching was nine tenths of the scoring time with difflib).
2. Blocks of one side with exactly the same box are one block (texts joined by a space, colour
   the running mean).
3. Merging: repeatedly, for the candidate's blocks and then the reference's, every two
   consecutive blocks are tried as one; a merge is kept when the assignment's costs improve by
   more than ``MERGE_GAIN`` under the original's measure (``_gain``: the mean of the costs that
   changed, and only when the best new cost beats the best old one). Kept merges are applied best
   first, skipping any that touch a block already merged in that round; it stops when a round
   merges nothing on either side. A merged block's text is the two joined by a space, its box
   their union, its colour the integer mean of the two.
4. The final pairing is ``scipy.optimize.linear_sum_assignment`` on the negative similarities,
   each similarity over 0.5 strengthened by ``CONTEXT_BONUS`` times the two best of its eight
   neighbours (consecutive blocks matching consecutive blocks); pairs under ``MIN_SIMILARITY``
   are dropped.

Scores, each in 0..1, over the merged blocks, boxes as fractions of their page's width and height:

- ``block``: the area of matched blocks (both sides) over the area of all blocks (both sides).
- ``text``: mean similarity of the matches.
- ``position``: mean of ``1 - max(|dx|, |dy|)`` of the matched boxes' centres.
- ``color``: mean of ``max(0, 1 - CIEDE2000 / 100)`` of the matched texts' colours (sRGB to
  CIELAB under D65, as the original's colormath does, here via scikit-image).

Empty cases: without any match (no candidate blocks, no reference blocks, or nothing similar
enough) all four scores are 0, as in Design2Code. Boxes of zero area make the Block-Match ratio
0/0; it is then 1.0 if something matched and nothing is missing or extra, else 0.

What the blocks are (painted text only, colours from the rendered pixels) is the renderer's part:
``converters/render/text_probe.py``. Deviations from the original here: none in the rules; a
similarity is computed once per pair of texts and reused (the original recomputes it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import cydifflib
import numpy as np
from scipy.optimize import linear_sum_assignment
from skimage.color import deltaE_ciede2000, rgb2lab

from converters.render.types import TextBlock

MIN_SIMILARITY: Final = 0.5
"""Pairs whose text similarity is below this are not matches (Design2Code's threshold)."""

MERGE_GAIN: Final = 0.05
"""Least improvement of the assignment's costs for a merge to be kept (the original's)."""
CONTEXT_BONUS: Final = 0.1
"""Weight of the neighbours' similarities in the final pairing (the original's ``consecutive_bonus``)."""
_CONTEXT_WINDOW: Final = 1
"""Neighbours within this many rows and columns count (the original's ``window_size``)."""

Group = tuple[int, ...]
"""Indices of the input blocks on one side that became one block (same box, or merged)."""


@dataclass(frozen=True)
class Match:
    """One matched pair: reference block(s), candidate block(s), and their per-pair scores (0..1).

    ``reference`` and ``candidate`` hold indices into the input sequences; more than one index
    means blocks were merged on that side.
    """

    reference: Group
    candidate: Group
    similarity: float
    position: float
    color: float


@dataclass(frozen=True)
class BlockScores:
    """Design2Code's four block scores (0..1) and how they came about.

    ``missing``: reference block indices in no match; ``extra``: candidate block indices in none.
    """

    block: float
    text: float
    position: float
    color: float
    matches: tuple[Match, ...]
    missing: tuple[int, ...]
    extra: tuple[int, ...]


def text_similarity(a: str, b: str) -> float:
    """Character similarity of two texts, 0..1 (``SequenceMatcher.ratio``, as in Design2Code)."""
    return float(cydifflib.SequenceMatcher(None, a, b).ratio())


@dataclass(frozen=True)
class _Block:
    """A block while matching: lower-cased text, box as page fractions (x, y, w, h), colour."""

    text: str
    box: tuple[float, float, float, float]
    color: tuple[float, float, float]
    members: Group

    @property
    def area(self) -> float:
        return self.box[2] * self.box[3]

    @property
    def centre(self) -> tuple[float, float]:
        return self.box[0] + self.box[2] / 2, self.box[1] + self.box[3] / 2


def score_blocks(
    reference: Sequence[TextBlock],
    ref_size: tuple[int, int],
    candidate: Sequence[TextBlock],
    cand_size: tuple[int, int],
    *,
    similarities: TextSimilarities | None = None,
) -> BlockScores:
    """Score ``candidate`` blocks against ``reference`` blocks; sizes are (width, height) in CSS px.

    ``similarities``: texts compared before (see ``TextSimilarities``); the scores are the same
    with or without. Raises ``ValueError`` if a page size is not positive (a caller's mistake, not a user's).
    """
    for name, (width, height) in (("ref_size", ref_size), ("cand_size", cand_size)):
        if width <= 0 or height <= 0:
            raise ValueError(f"{name} must be positive, got {width}x{height}")
    missing_all = tuple(range(len(reference)))
    extra_all = tuple(range(len(candidate)))
    if not reference or not candidate:
        return BlockScores(0.0, 0.0, 0.0, 0.0, (), missing_all, extra_all)
    similarity = similarities if similarities is not None else TextSimilarities()
    cands, refs = _merge_consecutive(
        _merge_same_box(_blocks(candidate, cand_size)),
        _merge_same_box(_blocks(reference, ref_size)),
        similarity,
    )
    cost = -similarity.matrix(cands, refs)
    rows, cols = linear_sum_assignment(_with_context(cost))
    kept = [(int(i), int(j), -float(cost[i, j])) for i, j in zip(rows, cols, strict=True)]
    kept = [(i, j, sim) for i, j, sim in kept if sim >= MIN_SIMILARITY]
    if not kept:
        return BlockScores(0.0, 0.0, 0.0, 0.0, (), missing_all, extra_all)

    colors = _color_scores([refs[j].color for _, j, _ in kept], [cands[i].color for i, _, _ in kept])
    matches = tuple(
        Match(
            reference=refs[j].members,
            candidate=cands[i].members,
            similarity=sim,
            position=_position_score(refs[j].centre, cands[i].centre),
            color=color,
        )
        for (i, j, sim), color in zip(kept, colors, strict=True)
    )
    matched_cands = {i for i, _, _ in kept}
    matched_refs = {j for _, j, _ in kept}
    matched_area = sum(cands[i].area for i in matched_cands) + sum(refs[j].area for j in matched_refs)
    unmatched_area = sum(b.area for i, b in enumerate(cands) if i not in matched_cands) + sum(
        b.area for j, b in enumerate(refs) if j not in matched_refs
    )
    in_matches = {k for m in matches for k in m.reference}
    missing = tuple(k for k in missing_all if k not in in_matches)
    in_matches = {k for m in matches for k in m.candidate}
    extra = tuple(k for k in extra_all if k not in in_matches)
    total = matched_area + unmatched_area
    # Only zero-area boxes make total 0; then only "everything matched" is known to be perfect.
    block = matched_area / total if total > 0 else float(not missing and not extra)
    return BlockScores(
        block=block,
        text=_mean([m.similarity for m in matches]),
        position=_mean([m.position for m in matches]),
        color=_mean([m.color for m in matches]),
        matches=matches,
        missing=missing,
        extra=extra,
    )


def _blocks(blocks: Sequence[TextBlock], size: tuple[int, int]) -> list[_Block]:
    width, height = size
    return [
        _Block(
            text=b.text.lower(),
            box=(b.x / width, b.y / height, max(0.0, b.width) / width, max(0.0, b.height) / height),
            color=(float(b.color[0]), float(b.color[1]), float(b.color[2])),
            members=(k,),
        )
        for k, b in enumerate(blocks)
    ]


def _merge_same_box(blocks: list[_Block]) -> list[_Block]:
    """Step 2: blocks with the very same box become one, where the first of them was."""
    merged: dict[tuple[float, float, float, float], _Block] = {}
    for block in blocks:
        seen = merged.get(block.box)
        if seen is None:
            merged[block.box] = block
            continue
        color = tuple((a + b) / 2 for a, b in zip(seen.color, block.color, strict=True))
        merged[block.box] = _Block(
            f"{seen.text} {block.text}",
            seen.box,
            (color[0], color[1], color[2]),
            seen.members + block.members,
        )
    return list(merged.values())


def _joined(a: _Block, b: _Block) -> _Block:
    """Two blocks as one: texts joined, union box, the integer mean of the colours."""
    left, top = min(a.box[0], b.box[0]), min(a.box[1], b.box[1])
    right = max(a.box[0] + a.box[2], b.box[0] + b.box[2])
    bottom = max(a.box[1] + a.box[3], b.box[1] + b.box[3])
    r, g, bl = ((x + y) // 2 for x, y in zip(a.color, b.color, strict=True))
    return _Block(
        f"{a.text} {b.text}", (left, top, right - left, bottom - top), (r, g, bl), a.members + b.members
    )


class TextSimilarities:
    """``text_similarity`` of pairs of texts (the candidate's first), each pair computed once.

    ``score_blocks`` makes one per call; a caller that scores several candidates against the same
    reference (a check-and-revise loop) can pass one along: the pairs of texts that the candidates
    share are then not compared again. At most ``MAX_PAIRS`` are kept (past that it starts again),
    about 15 MB. Not thread-safe.

    One ``SequenceMatcher`` is kept per second text (always a reference block's, or two of them
    joined) and given each first text in turn: its analysis of the second text (``b2j``, the
    autojunk set) depends on that text alone, so it is made once, not once per pair.
    """

    MAX_PAIRS: Final = 50_000

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], float] = {}
        self._matchers: dict[str, cydifflib.SequenceMatcher] = {}

    def __call__(self, a: str, b: str) -> float:
        key = (a, b)
        value = self._cache.get(key)
        if value is None:
            if len(self._cache) >= self.MAX_PAIRS:
                self._cache.clear()
                self._matchers.clear()
            matcher = self._matchers.get(b)
            if matcher is None:
                matcher = self._matchers[b] = cydifflib.SequenceMatcher(None, "", b)
            matcher.set_seq1(a)
            value = self._cache[key] = float(matcher.ratio())
        return value

    def __len__(self) -> int:
        """The pairs of texts kept."""
        return len(self._cache)

    def matrix(self, cands: Sequence[_Block], refs: Sequence[_Block]) -> np.ndarray:
        """Candidate blocks as rows, reference blocks as columns."""
        return np.array([[self(c.text, r.text) for r in refs] for c in cands], dtype=np.float64).reshape(
            len(cands), len(refs)
        )


def _assigned_costs(cost: np.ndarray) -> list[float]:
    rows, cols = linear_sum_assignment(cost)
    return [float(v) for v in cost[rows, cols]]


def _merge_consecutive(
    cands: list[_Block], refs: list[_Block], similarity: TextSimilarities
) -> tuple[list[_Block], list[_Block]]:
    """Step 3: merge consecutive blocks on either side while that improves the assignment.

    As in the original, the candidate's blocks are always the rows and always the first text
    compared: with ties the pairs chosen (so the costs compared) depend on the orientation, and
    ``SequenceMatcher.ratio`` is not symmetric. The similarity matrix is carried from pass to
    pass: a kept merge's row (or column) is the line its proposal was measured with.
    """
    sims = similarity.matrix(cands, refs)
    while True:
        changed = False
        for axis in (0, 1):  # the candidate's blocks (rows) first, then the reference's (columns)
            own = cands if axis == 0 else refs
            if len(own) < 2:
                continue
            current = _assigned_costs(-sims)
            proposals: list[tuple[int, float]] = []
            lines: dict[int, np.ndarray] = {}
            for i in range(len(own) - 1):
                joined = _joined(own[i], own[i + 1]).text
                if axis == 0:
                    line = np.array([[similarity(joined, r.text) for r in refs]], dtype=np.float64)
                else:
                    line = np.array([[similarity(c.text, joined)] for c in cands], dtype=np.float64)
                trial = np.concatenate(
                    [sims.take(range(i), axis), line, sims.take(range(i + 2, len(own)), axis)], axis
                )
                gain = _gain(current, _assigned_costs(-trial))
                if gain > MERGE_GAIN:
                    proposals.append((i, gain))
                    lines[i] = line
            if not proposals:
                continue
            changed = True
            merged, sims = _apply(own, proposals, sims, lines, axis)
            if axis == 0:
                cands = merged
            else:
                refs = merged
        if not changed:
            return cands, refs


def _gain(before: list[float], after: list[float]) -> float:
    """How much better ``after``'s assignment costs are, by the original's ``difference_of_means``:
    costs both lists hold (counted with repeats) are set aside; then the mean of the rest of
    ``before`` minus that of ``after``, and an improvement counts only if ``after``'s best new cost
    beats ``before``'s best old one."""
    old, new = Counter(before), Counter(after)
    for value in set(old) & set(new):
        common = min(old[value], new[value])
        old[value] -= common
        new[value] -= common
    old_rest, new_rest = list(old.elements()), list(new.elements())
    old_mean = sum(old_rest) / len(old_rest) if old_rest else 0.0
    new_mean = sum(new_rest) / len(new_rest) if new_rest else 0.0
    if old_mean - new_mean > 0:
        return old_mean - new_mean if old_rest and new_rest and min(old_rest) > min(new_rest) else 0.0
    return old_mean - new_mean


def _apply(
    blocks: list[_Block],
    proposals: list[tuple[int, float]],
    sims: np.ndarray,
    lines: dict[int, np.ndarray],
    axis: int,
) -> tuple[list[_Block], np.ndarray]:
    """Merge each proposed (i, i + 1), best gain first (ties in index order), skipping a proposal
    that touches a block merged before it in this round. Returns the blocks and the similarity
    matrix with their rows (``axis`` 0) or columns (1): a merged pair's is its proposal's line."""
    merged = list(blocks)
    dropped: set[int] = set()
    touched: set[int] = set()
    for i, _ in sorted(proposals, key=lambda p: -p[1]):
        if {i, i + 1} & touched:
            continue
        merged[i] = _joined(merged[i], merged[i + 1])
        dropped.add(i + 1)
        touched.update((i, i + 1))
    kept = [k for k in range(len(merged)) if k not in dropped]
    parts = [lines[k] if k + 1 in dropped else sims.take([k], axis) for k in kept]
    return [merged[k] for k in kept], np.concatenate(parts, axis)


def _with_context(cost: np.ndarray) -> np.ndarray:
    """Step 4's costs: each one under -0.5 plus ``CONTEXT_BONUS`` times the two lowest of its
    neighbours (within ``_CONTEXT_WINDOW``; the cell itself left out once)."""
    adjusted = cost.copy()
    w = _CONTEXT_WINDOW
    for i, j in zip(*np.nonzero(cost < -0.5), strict=True):
        nearby = np.sort(cost[max(0, i - w) : i + w + 1, max(0, j - w) : j + w + 1], axis=None)
        nearby = np.delete(nearby, np.flatnonzero(nearby == cost[i, j])[0])
        adjusted[i, j] += CONTEXT_BONUS * float(nearby[: 2 * w].sum())
    return adjusted


def _color_scores(
    ref_colors: list[tuple[float, float, float]], cand_colors: list[tuple[float, float, float]]
) -> list[float]:
    """``max(0, 1 - CIEDE2000 / 100)`` for each pair of sRGB (0-255) colours."""
    if not ref_colors:
        return []
    ref_lab = rgb2lab(np.array(ref_colors, dtype=np.float64) / 255.0)
    cand_lab = rgb2lab(np.array(cand_colors, dtype=np.float64) / 255.0)
    # scikit-image ships py.typed but leaves deltaE_ciede2000 unannotated.
    delta = np.asarray(deltaE_ciede2000(ref_lab, cand_lab), dtype=np.float64)  # type: ignore[no-untyped-call]
    return [max(0.0, 1.0 - float(d) / 100.0) for d in delta]


def _position_score(ref_centre: tuple[float, float], cand_centre: tuple[float, float]) -> float:
    distance = max(abs(ref_centre[0] - cand_centre[0]), abs(ref_centre[1] - cand_centre[1]))
    return max(0.0, 1.0 - distance)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)
