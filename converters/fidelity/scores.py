"""Design2Code's block-level scores: Block-Match, Text, Position and Color (Si et al., 2024).

``score_blocks`` compares the text blocks of a reference page with those of a candidate page:

1. Text similarity of two blocks is ``difflib.SequenceMatcher(None, a, b).ratio()`` (0..1).
2. Blocks are paired one-to-one by ``scipy.optimize.linear_sum_assignment`` on the negative
   similarity matrix (the assignment of largest total similarity).
3. Granularity fix (merging): a block left unpaired, or paired under ``MIN_SIMILARITY``, is joined
   with an adjacent block on its own side (previous or next in the order given) when the joined
   text is more similar to that neighbour's partner than the neighbour alone. Proposals of both
   sides are applied greedily by gain (ties: reference side first, then lower index), never two
   touching the same group in one round, and the assignment is recomputed. Groups only grow, so
   this stops after at most ``len(reference) + len(candidate)`` rounds. A group's text is its
   members' texts joined by one space; its box is the union of theirs; its colour the mean of its
   members' colours weighted by text length.
4. Pairs under ``MIN_SIMILARITY`` (0.5) are dropped; the rest are the matches.

Scores, each in 0..1:

- ``block``: matched area / (matched area + unmatched area), over both pages; a block's area is
  its box area divided by its page's area, and a group's area is the sum of its members' areas.
- ``text``: mean similarity of the matches.
- ``position``: mean of ``1 - max(|dx|, |dy|)`` of the matched groups' box centres, x divided by
  the page width and y by the page height of each side (floored at 0 for boxes off the page).
- ``color``: mean of ``max(0, 1 - CIEDE2000 / 100)`` of the matched groups' text colours, via
  ``skimage.color.rgb2lab`` and ``skimage.color.deltaE_ciede2000``.

Empty cases: without any match (no candidate blocks, no reference blocks, or nothing similar
enough) all four scores are 0, as in Design2Code, which scores a candidate without blocks 0. So a
reference without text blocks scores 0 even against an empty candidate: these metrics cannot judge
such a page, and callers should rely on the visual score there. Boxes of zero area make the
Block-Match ratio 0/0; it is then 1.0 if something matched and nothing is missing or extra, else 0.

Deviations from the paper and its code:

- Merging is the simplified rule of step 3 (Design2Code tries merging every consecutive pair on
  each side and keeps a merge when it lowers the total assignment cost; it also adds a bonus for
  consecutive matches). Ours only merges a poorly matched block into a matched neighbour.
- Adjacency is the order of the input sequence (document order for DOM blocks), not a reading
  order recomputed from the boxes.
- No filtering of repeated text and no pre-merging of blocks that share one box.
- A merged group's area is the sum of its members' areas (Design2Code: its union box's), so
  merging never changes the page's total area; its position still uses the union box.
- Text, Position and Color are plain means over the matches, not weighted by area.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy.optimize import linear_sum_assignment
from skimage.color import deltaE_ciede2000, rgb2lab

from converters.render.types import TextBlock

MIN_SIMILARITY: Final = 0.5
"""Pairs whose text similarity is below this are not matches (Design2Code's threshold)."""

Group = tuple[int, ...]
"""Indices of consecutive blocks on one side, treated as one block once merged."""


@dataclass(frozen=True)
class Match:
    """One matched pair: reference block(s), candidate block(s), and their per-pair scores (0..1).

    ``reference`` and ``candidate`` hold indices into the input sequences; more than one index
    means consecutive blocks were merged on that side.
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
    return difflib.SequenceMatcher(None, a, b).ratio()


def score_blocks(
    reference: Sequence[TextBlock],
    ref_size: tuple[int, int],
    candidate: Sequence[TextBlock],
    cand_size: tuple[int, int],
) -> BlockScores:
    """Score ``candidate`` blocks against ``reference`` blocks; sizes are (width, height) in CSS px.

    Raises ``ValueError`` if a page size is not positive (a caller's mistake, not a user's).
    """
    for name, (width, height) in (("ref_size", ref_size), ("cand_size", cand_size)):
        if width <= 0 or height <= 0:
            raise ValueError(f"{name} must be positive, got {width}x{height}")
    ref_groups, cand_groups, pairs = _match_groups(reference, candidate)
    kept = [(ref_groups[r], cand_groups[c], sim) for r, c, sim in pairs if sim >= MIN_SIMILARITY]
    colors = _color_scores(
        [_group_color(reference, r) for r, _, _ in kept],
        [_group_color(candidate, c) for _, c, _ in kept],
    )
    matches = tuple(
        Match(
            reference=r,
            candidate=c,
            similarity=sim,
            position=_position_score(
                _group_centre(reference, r, ref_size), _group_centre(candidate, c, cand_size)
            ),
            color=color,
        )
        for (r, c, sim), color in zip(kept, colors, strict=True)
    )
    matched_ref = {i for m in matches for i in m.reference}
    matched_cand = {i for m in matches for i in m.candidate}
    missing = tuple(i for i in range(len(reference)) if i not in matched_ref)
    extra = tuple(i for i in range(len(candidate)) if i not in matched_cand)
    if not matches:
        return BlockScores(0.0, 0.0, 0.0, 0.0, (), missing, extra)

    matched_area = sum(_area(reference[i], ref_size) for i in matched_ref) + sum(
        _area(candidate[i], cand_size) for i in matched_cand
    )
    unmatched_area = sum(_area(reference[i], ref_size) for i in missing) + sum(
        _area(candidate[i], cand_size) for i in extra
    )
    total = matched_area + unmatched_area
    all_matched = not missing and not extra
    # Only zero-area boxes make total 0; then only "everything matched" is known to be perfect.
    block = matched_area / total if total > 0 else float(all_matched)
    return BlockScores(
        block=block,
        text=_mean([m.similarity for m in matches]),
        position=_mean([m.position for m in matches]),
        color=_mean([m.color for m in matches]),
        matches=matches,
        missing=missing,
        extra=extra,
    )


def _match_groups(
    reference: Sequence[TextBlock], candidate: Sequence[TextBlock]
) -> tuple[list[Group], list[Group], list[tuple[int, int, float]]]:
    """Merge and assign (steps 2-3): final groups of each side and the assigned group pairs."""
    ref_groups: list[Group] = [(i,) for i in range(len(reference))]
    cand_groups: list[Group] = [(i,) for i in range(len(candidate))]
    cache: dict[tuple[Group, Group], float] = {}

    def similarity(ref_group: Group, cand_group: Group) -> float:
        key = (ref_group, cand_group)
        if key not in cache:
            cache[key] = text_similarity(
                _group_text(reference, ref_group), _group_text(candidate, cand_group)
            )
        return cache[key]

    for _ in range(len(reference) + len(candidate)):
        pairs = _assign(ref_groups, cand_groups, similarity)
        ref_partner = {r: (cand_groups[c], sim) for r, c, sim in pairs}
        cand_partner = {c: (ref_groups[r], sim) for r, c, sim in pairs}
        ref_merges = _merge_proposals(ref_groups, ref_partner, similarity)
        cand_merges = _merge_proposals(cand_groups, cand_partner, lambda g, p: similarity(p, g))
        if not ref_merges and not cand_merges:
            return ref_groups, cand_groups, pairs
        ref_groups = _apply_merges(ref_groups, ref_merges)
        cand_groups = _apply_merges(cand_groups, cand_merges)
    return ref_groups, cand_groups, _assign(ref_groups, cand_groups, similarity)


def _assign(
    ref_groups: list[Group], cand_groups: list[Group], similarity: Callable[[Group, Group], float]
) -> list[tuple[int, int, float]]:
    """Assignment of largest total similarity: (ref group index, cand group index, similarity)."""
    if not ref_groups or not cand_groups:
        return []
    sims = np.array([[similarity(r, c) for c in cand_groups] for r in ref_groups], dtype=np.float64)
    rows, cols = linear_sum_assignment(-sims)
    return [(int(r), int(c), float(sims[r, c])) for r, c in zip(rows, cols, strict=True)]


def _merge_proposals(
    groups: list[Group],
    partner_of: dict[int, tuple[Group, float]],
    similarity: Callable[[Group, Group], float],
) -> list[tuple[float, int]]:
    """Merges worth doing on one side, as (gain, index of the left group of the adjacent pair).

    ``partner_of`` maps a group index to its assigned partner group and similarity;
    ``similarity(own_side_group, partner_group)``.
    """
    proposals: dict[int, float] = {}
    for g in range(len(groups)):
        own = partner_of.get(g)
        if own is not None and own[1] >= MIN_SIMILARITY:
            continue
        for n in (g - 1, g + 1):
            neighbour = partner_of.get(n)
            if neighbour is None:  # also covers n out of range
                continue
            partner, current = neighbour
            left = min(g, n)
            gain = similarity(groups[left] + groups[left + 1], partner) - current
            if gain > 1e-12 and gain > proposals.get(left, 0.0):
                proposals[left] = gain
    return [(gain, left) for left, gain in proposals.items()]


def _apply_merges(groups: list[Group], proposals: list[tuple[float, int]]) -> list[Group]:
    """Apply proposals greedily by gain (ties: lower index), skipping ones touching a merged group."""
    chosen: set[int] = set()
    for _, left in sorted(proposals, key=lambda p: (-p[0], p[1])):
        if not {left - 1, left, left + 1} & chosen:
            chosen.add(left)
    merged: list[Group] = []
    skip_next = False
    for g, group in enumerate(groups):
        if skip_next:
            skip_next = False
            continue
        if g in chosen:
            merged.append(group + groups[g + 1])
            skip_next = True
        else:
            merged.append(group)
    return merged


def _group_text(blocks: Sequence[TextBlock], group: Group) -> str:
    return " ".join(blocks[i].text for i in group)


def _group_centre(blocks: Sequence[TextBlock], group: Group, size: tuple[int, int]) -> tuple[float, float]:
    """Centre of the union box of ``group``, as fractions of the page width and height."""
    left = min(blocks[i].x for i in group)
    top = min(blocks[i].y for i in group)
    right = max(blocks[i].x + blocks[i].width for i in group)
    bottom = max(blocks[i].y + blocks[i].height for i in group)
    return (left + right) / 2 / size[0], (top + bottom) / 2 / size[1]


def _group_color(blocks: Sequence[TextBlock], group: Group) -> tuple[float, float, float]:
    """Mean sRGB (0-255) of the group's blocks, weighted by text length (at least 1 each)."""
    weights = np.array([max(1, len(blocks[i].text)) for i in group], dtype=np.float64)
    colors = np.array([blocks[i].color for i in group], dtype=np.float64)
    r, g, b = (weights @ colors) / weights.sum()
    return float(r), float(g), float(b)


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


def _area(block: TextBlock, size: tuple[int, int]) -> float:
    """Box area as a fraction of the page area (negative sizes count as 0)."""
    return max(0.0, block.width) * max(0.0, block.height) / (size[0] * size[1])


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)
