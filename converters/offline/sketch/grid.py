"""The drawing's grid: hand-drawn widget boxes tidied into a layout the flex emit can reproduce.

A hand never draws two boxes quite level, and a detector's boxes overlap their neighbours by a
few px (or are found twice). The layout stage (``converters.offline.layout``) cuts the page into
rows and columns at the gaps between boxes; boxes that overlap are stacked in reading order and
lose their place. So, before layout:

1. boxes are clipped to the image, and specks dropped (``MIN_SIDE_PX``);
2. a box lying mostly inside another (``NESTED_SHARE``) is one widget drawn or found twice: the
   inner one is dropped, unless the outer one holds several, which then stand for it;
3. edges that are nearly level (lefts, rights, tops, bottoms within ``snap_px``) are set level:
   columns and rows of the drawing line up exactly;
4. boxes still overlapping are pulled apart at the middle of their overlap, along the axis where
   they overlap less;
5. where a group of boxes has no gap to cut at all (a two-column form whose columns' edges
   reach past each other by a few px, rows zig-zagging), the boxes crossing the cheapest cut
   line are trimmed to it (at most ``MAX_TRIM_SHARE`` of one), as the layout cuts (``build_tree``);
   so every widget keeps its place rather than being stacked in reading order.

``radio_groups`` names the groups of radio buttons (radios stacked together or side by side).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace
from statistics import median
from typing import Final

from converters.offline.layout import cut_runs
from converters.offline.model import Box
from converters.offline.sketch.detector import SketchBox

MIN_SIDE_PX: Final = 4
"""Boxes thinner than this (px) are specks, not widgets."""
NESTED_SHARE: Final = 0.6
"""Share of a box's area inside another above which the two are one widget drawn or found twice
(a label written inside a text box, a heading boxed twice); side-by-side neighbours overlap far less."""
SNAP_SHARE: Final = 0.01
"""Edges closer than this share of the drawing's width are meant to be level (about 12 px on a
1200 px photo: a hand's jitter along a ruled line)."""
MIN_SNAP_PX: Final = 4
"""Edges closer than this are level whatever the drawing's width."""
SEPARATION_ROUNDS: Final = 8
"""Passes of pulling overlapping boxes apart (each pass settles most pairs; chains need more)."""
MAX_TRIM_SHARE: Final = 0.25
"""Most of a box's length a cut may trim: a box keeps at least three quarters of its drawn size."""
_END: Final = 2**31
"""A value past every edge, closing the last run."""
RADIO_ROW_SHARE: Final = 2.0
"""Radios belong to one group when the space between them is at most this many radio heights."""


def tidy(widgets: Sequence[SketchBox], width: int, height: int) -> tuple[SketchBox, ...]:
    """``widgets`` on the drawing's grid (steps 1-4 of the module docstring), in reading order."""
    page = Box(0, 0, width, height)
    clipped = [replace(w, box=_clip(w.box, page)) for w in widgets]
    kept = [w for w in clipped if min(w.box.w, w.box.h) >= MIN_SIDE_PX]
    kept = _without_doubles(kept)
    snap = max(MIN_SNAP_PX, round(width * SNAP_SHARE))
    kept = _snapped(kept, snap)
    kept = _separated(kept)
    boxes = [w.box for w in kept]
    _untangle(boxes, list(range(len(boxes))))
    kept = [replace(w, box=box) for w, box in zip(kept, boxes, strict=True)]
    return tuple(sorted(kept, key=lambda w: (w.box.y, w.box.x)))


def radio_groups(widgets: Sequence[SketchBox]) -> dict[int, str]:
    """Index (in ``widgets``) -> group name of each radio button that has neighbours: radios
    stacked in a column (left edges level) or set in a row (tops level), each at most
    ``RADIO_ROW_SHARE`` heights from the next, share a ``name`` (``choice-1``, ``choice-2``, ...
    in reading order). A lone radio gets no group."""
    radios = sorted(
        (i for i, w in enumerate(widgets) if w.label == "RadioButton"),
        key=lambda i: (widgets[i].box.y, widgets[i].box.x),
    )
    parent = {i: i for i in radios}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in itertools.combinations(radios, 2):
        if _neighbours(widgets[a].box, widgets[b].box):
            parent[root(b)] = root(a)
    members: dict[int, list[int]] = {}
    for i in radios:
        members.setdefault(root(i), []).append(i)
    groups = sorted((m for m in members.values() if len(m) > 1), key=lambda m: min(m))
    names: dict[int, str] = {}
    for number, group in enumerate(groups, start=1):
        for i in group:
            names[i] = f"choice-{number}"
    return names


def _neighbours(a: Box, b: Box) -> bool:
    reach = RADIO_ROW_SHARE * max(a.h, b.h)
    level = max(MIN_SNAP_PX, min(a.h, b.h) / 2)
    stacked = abs(a.x - b.x) <= level and max(a.y, b.y) - min(a.bottom, b.bottom) <= reach
    in_row = abs(a.cy - b.cy) <= level and max(a.x, b.x) - min(a.right, b.right) <= reach * 2
    return stacked or in_row


def _clip(box: Box, page: Box) -> Box:
    x, y = max(box.x, page.x), max(box.y, page.y)
    right, bottom = min(box.right, page.right), min(box.bottom, page.bottom)
    return Box(x, y, max(0, right - x), max(0, bottom - y))


def _inside_share(inner: Box, outer: Box) -> float:
    return inner.intersection(outer) / inner.area if inner.area else 0.0


def _without_doubles(widgets: list[SketchBox]) -> list[SketchBox]:
    """Step 2: of two boxes one inside the other, the inner one goes, unless the outer one holds
    several boxes (a band drawn around a row of labels): then the outer one goes."""
    dropped: set[int] = set()
    by_area = sorted(range(len(widgets)), key=lambda i: -widgets[i].box.area)
    for outer in by_area:
        if outer in dropped:
            continue
        inner = [
            i
            for i in range(len(widgets))
            if i != outer
            and i not in dropped
            and widgets[i].box.area <= widgets[outer].box.area
            and _inside_share(widgets[i].box, widgets[outer].box) >= NESTED_SHARE
        ]
        if len(inner) > 1:
            dropped.add(outer)
        else:
            dropped.update(inner)
    return [w for i, w in enumerate(widgets) if i not in dropped]


def _levels(values: Sequence[int], snap: int) -> dict[int, int]:
    """Each value -> the median of its run of values (sorted, each within ``snap`` of the one
    before and of the run's first)."""
    result: dict[int, int] = {}
    run: list[int] = []
    for value in [*sorted(set(values)), _END]:
        if run and (value - run[-1] > snap or value - run[0] > 2 * snap):
            level = round(median(run))
            result.update(dict.fromkeys(run, level))
            run = []
        run.append(value)
    return result


def _snapped(widgets: list[SketchBox], snap: int) -> list[SketchBox]:
    """Step 3: lefts, rights, tops and bottoms set level where they nearly are."""
    edges: list[tuple[Callable[[Box], int], Callable[[Box, int], Box]]] = [
        (lambda b: b.x, lambda b, v: Box(v, b.y, b.right - v, b.h)),
        (lambda b: b.right, lambda b, v: Box(b.x, b.y, v - b.x, b.h)),
        (lambda b: b.y, lambda b, v: Box(b.x, v, b.w, b.bottom - v)),
        (lambda b: b.bottom, lambda b, v: Box(b.x, b.y, b.w, v - b.y)),
    ]
    for get, set_ in edges:
        level = _levels([get(w.box) for w in widgets], snap)
        moved = [set_(w.box, level[get(w.box)]) for w in widgets]
        widgets = [
            replace(w, box=box) if min(box.w, box.h) >= MIN_SIDE_PX else w
            for w, box in zip(widgets, moved, strict=True)
        ]
    return widgets


def _separated(widgets: list[SketchBox]) -> list[SketchBox]:
    """Step 4: overlapping boxes pulled apart at the middle of their overlap."""
    boxes = [w.box for w in widgets]
    for _ in range(SEPARATION_ROUNDS):
        moved = False
        for a, b in itertools.combinations(range(len(boxes)), 2):
            if boxes[a].intersection(boxes[b]) == 0:
                continue
            boxes[a], boxes[b] = _apart(boxes[a], boxes[b])
            moved = True
        if not moved:
            break
    return [replace(w, box=box) for w, box in zip(widgets, boxes, strict=True)]


def _apart(a: Box, b: Box) -> tuple[Box, Box]:
    """``a`` and ``b`` no longer overlapping: each gives up half of the overlap, along the axis
    where the overlap is smaller relative to the boxes (above/below, else side by side)."""
    over_x = min(a.right, b.right) - max(a.x, b.x)
    over_y = min(a.bottom, b.bottom) - max(a.y, b.y)
    if over_y / min(a.h, b.h) <= over_x / min(a.w, b.w):
        upper, lower = (a, b) if a.cy <= b.cy else (b, a)
        cut = (max(upper.y, lower.y) + min(upper.bottom, lower.bottom)) // 2
        upper = Box(upper.x, upper.y, upper.w, max(1, cut - upper.y))
        lower = Box(lower.x, cut, lower.w, max(1, lower.bottom - cut))
        return (upper, lower) if a.cy <= b.cy else (lower, upper)
    first, second = (a, b) if a.cx <= b.cx else (b, a)
    cut = (max(first.x, second.x) + min(first.right, second.right)) // 2
    first = Box(first.x, first.y, max(1, cut - first.x), first.h)
    second = Box(cut, second.y, max(1, second.right - cut), second.h)
    return (first, second) if a.cx <= b.cx else (second, first)


def _groups(boxes: list[Box], members: list[int], vertical: bool) -> list[list[int]]:
    """``members`` cut into groups at gaps along y (``vertical``) or x, as the layout cuts."""
    runs = cut_runs([_edges(boxes[i], vertical) for i in members])
    return [[members[k] for k in run] for run in runs]


def _untangle(boxes: list[Box], members: list[int]) -> None:
    """Step 5, in place: cut ``members`` as the layout will, trimming where no gap is left."""
    if len(members) < 2:
        return
    for vertical in (True, False):
        groups = _groups(boxes, members, vertical)
        if len(groups) > 1:
            for group in groups:
                _untangle(boxes, group)
            return
    best: tuple[float, bool, int] | None = None
    for vertical in (True, False):
        for line in {edge for i in members for edge in _edges(boxes[i], vertical)}:
            cost = _trim_cost(boxes, members, vertical, line)
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, vertical, line)
    if best is None:
        return  # tangled beyond trimming: the layout stacks them in reading order
    _, vertical, line = best
    for i in members:
        boxes[i] = _trimmed(boxes[i], vertical, line)
    _untangle(boxes, members)


def _edges(box: Box, vertical: bool) -> tuple[int, int]:
    return (box.y, box.bottom) if vertical else (box.x, box.right)


def _trim_cost(boxes: list[Box], members: list[int], vertical: bool, line: int) -> float | None:
    """The largest share of a box a cut at ``line`` trims, or ``None`` when the cut leaves one
    side empty or trims a box by more than ``MAX_TRIM_SHARE``."""
    before = after = 0
    cost = 0.0
    for i in members:
        start, stop = _edges(boxes[i], vertical)
        if stop <= line:
            before += 1
        elif start >= line:
            after += 1
        else:
            cut = min(line - start, stop - line) / (stop - start)
            if cut > MAX_TRIM_SHARE:
                return None
            cost = max(cost, cut)
            before, after = (before + 1, after) if line - start >= stop - line else (before, after + 1)
    return cost if before and after else None


def _trimmed(box: Box, vertical: bool, line: int) -> Box:
    """``box`` cut back to ``line`` on its smaller side (unchanged when it does not cross it)."""
    start, stop = _edges(box, vertical)
    if not start < line < stop:
        return box
    start, stop = (start, line) if line - start >= stop - line else (line, stop)
    if vertical:
        return Box(box.x, start, box.w, stop - start)
    return Box(start, box.y, stop - start, box.h)
