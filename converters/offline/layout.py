"""Layout: nest classified elements into a tree of rows and columns (recursive XY cuts).

1. Containment: each element belongs to the smallest container (header, nav, card, ...) whose
   box holds it; containers nest the same way.
2. Inside each container (and the page), its children are cut recursively: first into bands
   separated by horizontal gaps (a column), else into columns separated by vertical gaps (a row),
   until one element is left. Elements that overlap so that neither cut separates them are stacked
   in reading order (their overlap is lost; the flow never uses absolute positioning).
3. Spacing comes from the pixels: a container's padding is the distance from its edges to its
   content; its gap is the smallest distance between two of its children along the main axis,
   and each child's offset the space before it beyond that gap. Evenly spaced items (nav links,
   a row of cards) so have no space of their own and render alike, as a developer writes them
   (``gap`` on the parent, not a margin on every item but the first). Cross-axis positions stay
   in the children's boxes (renderers turn them into margins).

One-line text gets a little more width than its glyphs take (up to the next obstacle), so a
font that sets the same words a few percent wider does not wrap them onto a second line.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Final, Literal

from converters.offline.model import Box, Element, Kind, Node

CONTAINER_KINDS: Final = frozenset({Kind.HEADER, Kind.FOOTER, Kind.NAV, Kind.CARD, Kind.SECTION})
TEXT_KINDS: Final = frozenset({Kind.HEADING, Kind.PARAGRAPH, Kind.LABEL, Kind.LINK})
CUT_TOLERANCE: Final = 2
"""Boxes may overlap by this many px and still be cut apart (anti-aliased edges, OCR padding)."""
LOOSE_CUT_TOLERANCE: Final = 10
"""When no cut separates a group, boxes overlapping by up to this many px are cut apart anyway:
the cells of a drawn table or grid share their (hand-drawn, uneven) borders."""
TEXT_SLACK: Final = 0.1
"""Extra width given to one-line text, as a share of its width (plus 4 px)."""


def build_tree(elements: Sequence[Element], width: int, height: int) -> Node:
    """The page as a tree: a column root as wide as the design, holding everything."""
    page = Box(0, 0, width, height)
    ordered = sorted(elements, key=lambda e: (-e.box.area, e.box.y, e.box.x))
    containers = [e for e in ordered if e.kind in CONTAINER_KINDS]
    parents: dict[int, int | None] = {}
    for index, element in enumerate(ordered):
        parents[index] = _parent(index, element, ordered, containers)
    children: dict[int | None, list[int]] = {}
    for index, parent in parents.items():
        children.setdefault(parent, []).append(index)

    def node_of(index: int) -> Node:
        element = ordered[index]
        kids = [node_of(child) for child in children.get(index, [])]
        if element.kind in CONTAINER_KINDS:
            return _container(kids, element.box, element)
        return Node(element.box, element=element)

    top = [node_of(index) for index in children.get(None, [])]
    root = _container(top, page, None)
    return root


def arrange(children: Sequence[Node], region: Box, element: Element | None) -> Node:
    """``children``, laid out already with their exact boxes, cut into rows and columns inside
    ``region`` as ``build_tree`` cuts a container's children: the inference for a design whose
    nesting is known but not its flow (a design tool's frame without auto-layout)."""
    return _container(list(children), region, element)


def _parent(
    index: int, element: Element, ordered: Sequence[Element], containers: Sequence[Element]
) -> int | None:
    """Index (in ``ordered``) of the smallest container holding ``element``, other than itself."""
    best: int | None = None
    best_area = 0
    for other_index, other in enumerate(ordered):
        if other_index == index or other.kind not in CONTAINER_KINDS:
            continue
        if other.box.area <= element.box.area and not (
            other.box.area == element.box.area and other_index < index
        ):
            continue
        inside = other.box.contains(element.box, slack=3) or (
            element.kind not in CONTAINER_KINDS and other.box.holds_centre(element.box)
        )
        if inside and (best is None or other.box.area < best_area):
            best, best_area = other_index, other.box.area
    return best


def _container(children: list[Node], region: Box, element: Element | None) -> Node:
    if not children:
        return Node(region, element=element)
    content = _cut(children, region.right)
    # The cut widens one-line texts (``TEXT_SLACK``): the padding leaves them that room, or a
    # font a little wider than the design's breaks the text the slack was for.
    union = Box.enclosing([child.box for child in children]).union(content.box)
    padding = (
        max(0, union.y - region.y),
        max(0, region.right - union.right),
        max(0, region.bottom - union.bottom),
        max(0, union.x - region.x),
    )
    if content.element is None and content.children:
        # The cut's top group becomes this container itself.
        return replace(content, box=region, element=element, padding=padding)
    return Node(
        region, direction="column", children=(content,), element=element, padding=padding, offsets=(0,)
    )


def _cut(nodes: list[Node], right_limit: int) -> Node:
    if len(nodes) == 1:
        return _widened(nodes[0], right_limit)
    for tolerance in (CUT_TOLERANCE, LOOSE_CUT_TOLERANCE):
        bands = _split(nodes, vertical=True, tolerance=tolerance)
        if len(bands) > 1:
            return _column([_cut(band, right_limit) for band in bands])
        columns = _split(nodes, vertical=False, tolerance=tolerance)
        if len(columns) > 1:
            parts = []
            for index, column in enumerate(columns):
                following = columns[index + 1] if index + 1 < len(columns) else None
                limit = min(n.box.x for n in following) - 1 if following else right_limit
                parts.append(_cut(column, limit))
            return _row(parts)
    # Overlapping elements: stack them in reading order.
    return _column([_widened(n, right_limit) for n in sorted(nodes, key=lambda n: (n.box.y, n.box.x))])


def _split(nodes: list[Node], *, vertical: bool, tolerance: int = CUT_TOLERANCE) -> list[list[Node]]:
    """Groups of nodes separated by gaps along y (``vertical``) or x, or overlapping by at most
    ``tolerance`` px."""

    def span(node: Node) -> tuple[int, int]:
        box = node.box
        return (box.y, box.bottom) if vertical else (box.x, box.right)

    ordered = sorted(nodes, key=lambda n: (span(n), n.box.x, n.box.y))
    return [[ordered[i] for i in run] for run in cut_runs([span(n) for n in ordered], tolerance)]


def cut_runs(spans: Sequence[tuple[int, int]], tolerance: int = CUT_TOLERANCE) -> list[list[int]]:
    """The indices of ``spans`` ((start, stop) along one axis) in runs the layout cuts apart: a
    span starting past the run's end less ``tolerance`` starts a new run. By start, then stop;
    equal spans keep their order."""
    runs: list[list[int]] = []
    end = 0
    for index in sorted(range(len(spans)), key=lambda i: spans[i]):
        start, stop = spans[index]
        if runs and start <= end - tolerance:
            runs[-1].append(index)
            end = max(end, stop)
        else:
            runs.append([index])
            end = stop
    return runs


def spaced(spaces: Sequence[int]) -> tuple[int, tuple[int, ...]]:
    """(gap, offsets) of a container whose children stand ``spaces`` px apart (one per pair of
    neighbours): the gap is the smallest space, each child's offset what it has beyond it (the
    first child's is 0)."""
    gap = min(spaces, default=0)
    return gap, (0, *(space - gap for space in spaces))


def _column(children: list[Node]) -> Node:
    children = sorted(children, key=lambda n: (n.box.y, n.box.x))
    gap, offsets = spaced([max(0, b.box.y - a.box.bottom) for a, b in itertools.pairwise(children)])
    box = Box.enclosing([child.box for child in children])
    return Node(box, direction="column", children=tuple(children), gap=gap, offsets=offsets)


def _row(children: list[Node]) -> Node:
    children = sorted(children, key=lambda n: (n.box.x, n.box.y))
    gap, offsets = spaced([max(0, b.box.x - a.box.right) for a, b in itertools.pairwise(children)])
    box = Box.enclosing([child.box for child in children])
    align = row_align([child.box for child in children])
    return Node(box, direction="row", children=tuple(children), gap=gap, offsets=offsets, align=align)


def row_align(boxes: Sequence[Box]) -> Literal["start", "center", "end"]:
    """How the items of a row with these boxes line up: tops, centres or bottoms level (within
    3 px), else from the top."""
    tops = [box.y for box in boxes]
    centres = [box.cy for box in boxes]
    bottoms = [box.bottom for box in boxes]
    if max(tops) - min(tops) <= 3:
        return "start"
    if max(centres) - min(centres) <= 3:
        return "center"
    if max(bottoms) - min(bottoms) <= 3:
        return "end"
    return "start"


def _widened(node: Node, right_limit: int) -> Node:
    """One-line text gets ``TEXT_SLACK`` more width, up to ``right_limit``."""
    element = node.element
    if element is None or node.children or element.kind not in TEXT_KINDS or "\n" in element.text:
        return node
    box = node.box
    wanted = int(box.w * (1 + TEXT_SLACK)) + 4
    width = max(box.w, min(wanted, right_limit - box.x))
    if width == box.w:
        return node
    wider = Box(box.x, box.y, width, box.h)
    return replace(node, box=wider, element=replace(element, box=wider))
