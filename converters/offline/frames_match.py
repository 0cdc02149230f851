"""Which element of one frame of a screen is which element of another frame (issue 16).

A designer's desktop and mobile frames show the same words, controls and pictures at other sizes
and places. The elements of two frames' layout trees are matched one to one:

1. by text first: two texts match when they read alike (``MIN_TEXT_SIMILARITY``) and are of
   about the same length (``MAX_LENGTH_RATIO``): a paragraph one frame wraps into two boxes
   matches neither half, so each frame keeps its own and the other hides it, rather than one
   frame showing a text twice;
2. then the rest (images, icons, fields, bare controls) by kind, shape and place in reading order.

Among equals (a repeated "Learn more"), the copy at the nearer place in reading order wins:
the assignment is optimal over the whole page (``scipy.optimize.linear_sum_assignment``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

import cydifflib
import numpy as np
from scipy.optimize import linear_sum_assignment

from converters.offline.model import Element, Kind, Node

Path = tuple[int, ...]
"""Where a node sits in its tree: the index of each child taken from the root down."""

MIN_TEXT_SIMILARITY: Final = 0.8
"""Two texts are the same text from this ``SequenceMatcher`` ratio: OCR reads the same words at
two sizes with a few characters apart; different texts of a page rarely come this close."""
MAX_LENGTH_RATIO: Final = 1.34
"""Texts whose lengths differ more are not the same text, even when one holds the other (a
paragraph split in two in one frame): each frame then keeps its own."""
ORDER_WEIGHT: Final = 0.3
"""Cost of a match per unit of difference in reading-order place (0-1), beside 1 - similarity:
enough to send repeated texts to their own places, too little to outweigh a better reading."""
KIND_COST: Final = 0.15
"""Added to a text match between elements read as different kinds: a hero's "Contact Us" button
is the other frame's button with those words rather than the nav link with the same words."""
MAX_SHAPE_COST: Final = 0.45
"""Elements without text match at most at this cost: their difference in place in reading order
plus the log of the ratio of their aspect ratios, halved (an image reshaped from 16:9 to 4:3);
for dividers, whose aspect a narrower frame changes, the difference of their widths as shares of
their frames when less (a rule across the content). A box's share would pair a small card with
a full-page overlay."""
_NO_MATCH: Final = 1e6


@dataclass(frozen=True)
class Leaf:
    """An element of a layout tree with where it sits: its ``path`` and its ``rank``, its place
    in reading order from 0 (first) to 1 (last)."""

    path: Path
    element: Element
    rank: float
    share: float = 1.0
    """Its width as a share of its frame's."""

    @property
    def words(self) -> str:
        return " ".join(self.element.text.split()).lower()


def leaves_of(tree: Node) -> list[Leaf]:
    """The elements at the leaves of ``tree``, in tree order (which is reading order)."""
    found = list(_leaves(tree, ()))
    last = max(1, len(found) - 1)
    width = max(1, tree.box.w)
    return [
        Leaf(path, element, index / last, element.box.w / width)
        for index, (path, element) in enumerate(found)
    ]


def _leaves(node: Node, path: Path) -> Iterator[tuple[Path, Element]]:
    if not node.children:
        if node.element is not None:
            yield path, node.element
        return
    for index, child in enumerate(node.children):
        yield from _leaves(child, (*path, index))


def match_leaves(ours: Sequence[Leaf], theirs: Sequence[Leaf]) -> dict[Path, Leaf]:
    """Our leaves' paths -> the leaf of theirs that is the same element (see the module)."""
    matched: dict[Path, Leaf] = {}
    texts = [leaf for leaf in ours if leaf.words], [leaf for leaf in theirs if leaf.words]
    for a, b in _assigned(*texts, _text_cost):
        matched[a.path] = b
    bare = [leaf for leaf in ours if not leaf.words], [leaf for leaf in theirs if not leaf.words]
    for a, b in _assigned(*bare, _shape_cost):
        matched[a.path] = b
    return matched


def _assigned(
    ours: Sequence[Leaf], theirs: Sequence[Leaf], cost_of: Callable[[Leaf, Leaf], float]
) -> Iterator[tuple[Leaf, Leaf]]:
    if not ours or not theirs:
        return
    cost = np.array([[cost_of(a, b) for b in theirs] for a in ours])
    rows, columns = linear_sum_assignment(cost)
    for row, column in zip(rows, columns, strict=True):
        if cost[row, column] < _NO_MATCH:
            yield ours[row], theirs[column]


def _text_cost(a: Leaf, b: Leaf) -> float:
    short, long = sorted((len(a.words), len(b.words)))
    if long > short * MAX_LENGTH_RATIO + 2:  # + 2: short texts ("Go" / "Go!") may differ by a mark
        return _NO_MATCH
    similarity = 1.0 if a.words == b.words else cydifflib.SequenceMatcher(None, a.words, b.words).ratio()
    if similarity < MIN_TEXT_SIMILARITY:
        return _NO_MATCH
    kind = KIND_COST if a.element.kind is not b.element.kind else 0.0
    return 1 - similarity + ORDER_WEIGHT * abs(a.rank - b.rank) + kind


def _shape_cost(a: Leaf, b: Leaf) -> float:
    if a.element.kind is not b.element.kind:
        return _NO_MATCH
    shape = abs(math.log(_aspect(a.element) / _aspect(b.element))) / 2
    if a.element.kind is Kind.DIVIDER:  # a rule across the content: its aspect follows the width
        shape = min(shape, abs(a.share - b.share))
    cost = abs(a.rank - b.rank) + shape
    return cost if cost <= MAX_SHAPE_COST else _NO_MATCH


def _aspect(element: Element) -> float:
    return max(1, element.box.w) / max(1, element.box.h)
