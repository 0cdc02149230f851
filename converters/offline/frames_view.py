"""The widest frame's layout tree as a narrower frame of the same screen lays it out (issue 16).

One responsive page keeps one structure: the widest frame's tree (its rows and columns). For
each narrower frame, ``frame_view`` builds that structure again with the narrower frame's
geometry: each element matched in it (``frames_match``) takes its box, type and paint there; each
container re-lays its children out as they stand there (a row whose items stand one above
another becomes a column; items the frame shows in another order come in that order); elements
the narrower frame does not show are left out; elements only it shows are added next to the
element they follow in its reading order; a container whose children the frame interleaves with
other content is lifted out of, its children laid out among its siblings (``_Builder.lift``).
``FrameView.keys`` says, per container, which of the widest tree's children each child of the
view is, so the emitter can join the two plans.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from converters.offline.frames_match import Leaf, Path, leaves_of, match_leaves
from converters.offline.layout import CONTAINER_KINDS, row_align, spaced
from converters.offline.model import Box, Direction, Element, Kind, Node

Key = int | str | tuple[int, "Key"]
"""A child of a view's container: the index of the widest tree's child it is, (a ``str``) an
element only this frame shows, or (``(index, key)``) a child of the widest tree's child at
``index`` lifted into this container (``_Builder.lift``), ``key`` being its key there."""
OVERLAP_PX: Final = 2
"""Boxes overlapping by this much still stand apart (anti-aliased edges, OCR padding), as the
layout's own cuts allow (``layout.CUT_TOLERANCE``)."""
MIN_REGION_SHARE: Final = 0.5
"""A container of the narrower frame is the same region (a card, the header) when it holds at
least this share (Jaccard) of the matched elements the wider one holds."""
MAX_LIFTS: Final = 3
"""How many levels of containers a view may lift its children out of where the frame interleaves
them with other content: a desktop sidebar's list of facts sits about three levels down (the
column, its section, its stack)."""
UNLIFTED_KINDS: Final = frozenset({Kind.HEADER, Kind.NAV, Kind.FOOTER})
"""Containers whose children stay inside them: the page's bars, which the planner puts around
``<main>``, not in it."""
VIEW_PAD_PX: Final = 16
"""Padding a view's container keeps at most around its content when the narrower frame has no
box of its own for it: mobile frames keep about a 16 px gutter."""


@dataclass(frozen=True)
class FrameView:
    """The widest tree laid out as one narrower frame shows it: ``tree`` (children of each
    container in this frame's order) and ``keys`` (per path of a container in the widest tree,
    the keys of its view's children in order; a container the frame does not show is absent)."""

    width: int
    tree: Node
    keys: dict[Path, tuple[Key, ...]]
    shown: int
    """How many of the widest tree's elements this frame shows (matched)."""
    extra: int
    """How many elements only this frame shows."""
    fewer: int
    """How many elements the frame with fewer has (this one or the widest)."""

    @property
    def shared(self) -> float:
        """The share of the elements of the frame with fewer that both show (0-1)."""
        return self.shown / max(1, self.fewer)


def frame_view(widest: Node, frame: Node, width: int, height: int) -> FrameView:
    """``widest`` (the widest frame's tree) laid out as ``frame`` (a narrower frame's own tree,
    ``width`` x ``height`` CSS px) shows it."""
    ours, theirs = leaves_of(widest), leaves_of(frame)
    matched = match_leaves(ours, theirs)
    used = {leaf.path for leaf in matched.values()}
    extras = _anchored_extras(theirs, used, {leaf.path: path for path, leaf in matched.items()})
    regions = _regions(frame)
    builder = _Builder(matched, extras, regions, [leaf.element.box for leaf in theirs])
    tree = builder.build(widest, (), Box(0, 0, width, height)) or Node(Box(0, 0, width, height))
    extra = sum(len(items) for items in extras.values())
    return FrameView(width, tree, builder.keys, len(matched), extra, min(len(ours), len(theirs)))


def container_paths(tree: Node) -> frozenset[Path]:
    """The paths of ``tree``'s containers (nodes with children)."""
    found: set[Path] = set()

    def walk(node: Node, path: Path) -> None:
        if node.children:
            found.add(path)
            for index, child in enumerate(node.children):
                walk(child, (*path, index))

    walk(tree, ())
    return frozenset(found)


def _anchored_extras(
    theirs: Sequence[Leaf], used: set[Path], ours_of: dict[Path, Path]
) -> dict[tuple[Path, int], list[tuple[str, Leaf]]]:
    """Elements only this frame shows, by where they go in the widest tree: (container path,
    index of the child they follow, -1 for the first), in this frame's reading order."""
    extras: dict[tuple[Path, int], list[tuple[str, Leaf]]] = {}
    anchor: tuple[Path, int] | None = None
    pending: list[tuple[str, Leaf]] = []
    for number, leaf in enumerate(theirs):
        if leaf.path in used:
            path = ours_of[leaf.path]
            anchor = (path[:-1], path[-1])
            if pending:  # extras before the first matched element go before it
                extras.setdefault((path[:-1], -1), []).extend(pending)
                pending = []
            continue
        item = (f"+{number}", leaf)
        if anchor is None:
            pending.append(item)
        else:
            extras.setdefault(anchor, []).append(item)
    if pending:
        extras.setdefault(((), -1), []).extend(pending)
    return extras


def _regions(frame: Node) -> list[tuple[Node, frozenset[Path]]]:
    """The frame's containers that are elements (header, cards, ...) with their leaves' paths."""
    found: list[tuple[Node, frozenset[Path]]] = []

    def walk(node: Node, path: Path) -> frozenset[Path]:
        if not node.children:
            return frozenset({path}) if node.element is not None else frozenset()
        inside = frozenset().union(*(walk(child, (*path, i)) for i, child in enumerate(node.children)))
        if node.element is not None and node.element.kind in CONTAINER_KINDS:
            found.append((node, inside))
        return inside

    walk(frame, ())
    return found


class _Builder:
    def __init__(
        self,
        matched: dict[Path, Leaf],
        extras: dict[tuple[Path, int], list[tuple[str, Leaf]]],
        regions: list[tuple[Node, frozenset[Path]]],
        boxes: list[Box],
    ) -> None:
        self.matched = matched
        self.extras = extras
        self.regions = regions
        self.boxes = boxes
        """Every leaf box of the frame: what may stand between two children there."""
        self.keys: dict[Path, tuple[Key, ...]] = {}
        self.drawn: set[Path] = set()
        """Containers whose box in the view is one the frame draws itself (never lifted out of)."""

    def build(self, node: Node, path: Path, page: Box | None = None) -> Node | None:
        """The view of ``node`` at ``path`` (``page``: the root's region), ``None`` if the frame
        shows none of it."""
        if not node.children:
            leaf = self.matched.get(path)
            if leaf is None or node.element is None:
                return None
            theirs = leaf.element
            style = theirs.style
            if theirs.kind is not node.element.kind:
                # Read as another kind there (a button as a label: its fill not seen), so only
                # its type size is that frame's; its paint stays the wider frame's.
                ours = node.element.style
                style = replace(ours, font_size=style.font_size, line_height=style.line_height)
            element = replace(node.element, box=theirs.box, style=style, lines=theirs.lines)
            return Node(theirs.box, element=element)
        kids: list[tuple[Key, Node]] = [
            (key, Node(leaf.element.box, element=leaf.element))
            for key, leaf in self.extras.get((path, -1), [])
        ]
        for index, child in enumerate(node.children):
            view = self.build(child, (*path, index))
            if view is not None:
                kids.append((index, view))
            kids += [
                (key, Node(leaf.element.box, element=leaf.element))
                for key, leaf in self.extras.get((path, index), [])
            ]
        if not kids:
            return None
        kids = self.lift(path, kids)
        direction = _direction([kid.box for _, kid in kids], node.direction)
        kids.sort(
            key=(lambda kv: (kv[1].box.y, kv[1].box.x))
            if direction == "column"
            else (lambda kv: (kv[1].box.x, kv[1].box.y))
        )
        self.keys[path] = tuple(key for key, _ in kids)
        children = [kid for _, kid in kids]
        union = Box.enclosing([kid.box for kid in children])
        own, region, drawn = self._region(node, path, union, page)
        if drawn:
            self.drawn.add(path)
        spaces = _free_spaces(children, direction, union, self.boxes)
        return _laid_out(
            children,
            direction,
            spaces,
            region,
            union,
            own,
            node.justify if direction == node.direction else "start",
            fitted=not drawn,
        )

    def lift(self, path: Path, kids: list[tuple[Key, Node]]) -> list[tuple[Key, Node]]:
        """``kids`` with the children of each container the frame interleaves with its siblings
        put in its place (``(index, key)`` keys), up to ``MAX_LIFTS`` levels down. A narrower
        frame often orders across the widest tree's containers: the sidebar's name and price
        first, the main column's text, then the sidebar's facts; the cards of a grid one by one
        where the desktop's rows hold all the images, then all the titles. No spacing within the
        containers can show that; with the containers left out of the layout at that frame's
        widths (``display: contents``), their children take that frame's order among the rest."""
        for _ in range(MAX_LIFTS):
            leaves = [_leaf_boxes(kid) for _, kid in kids]
            lifted: list[tuple[Key, Node]] = []
            for number, (key, kid) in enumerate(kids):
                home, own = key_home(path, key)
                inner = (*home, own) if isinstance(own, int) else None  # None: a frame's extra
                others = [box for other, boxes in enumerate(leaves) if other != number for box in boxes]
                if (
                    inner is not None
                    and kid.children
                    and inner not in self.drawn
                    and (kid.element is None or kid.element.kind not in UNLIFTED_KINDS)
                    and _interleaved(leaves[number], others)
                ):
                    lifted += [
                        (_nested(key, sub), child)
                        for sub, child in zip(self.keys[inner], kid.children, strict=True)
                    ]
                else:
                    lifted.append((key, kid))
            if len(lifted) == len(kids):
                return kids
            kids = lifted
        return kids

    def _region(
        self, node: Node, path: Path, union: Box, page: Box | None
    ) -> tuple[Element | None, Box, bool]:
        """The view container's element and box: the page, the frame's own region holding the
        same elements, or the children's box with a modest padding; and whether the box is one
        the frame draws (its own region), which the view keeps whole."""
        if page is not None:
            return node.element, page, False
        element = node.element
        if element is not None:
            ours = {leaf.path for p, leaf in self.matched.items() if p[: len(path)] == path}
            best, best_share = None, MIN_REGION_SHARE
            for region, inside in self.regions:
                share = len(ours & inside) / max(1, len(ours | inside))
                if share >= best_share and region.element is not None:
                    best, best_share = region, share
            if best is not None and best.element is not None and best.box.contains(union, slack=OVERLAP_PX):
                return replace(element, box=best.box, style=best.element.style), best.box, True
            pad = [min(VIEW_PAD_PX, side) for side in node.padding]
            top, right, bottom, left = pad
            box = Box(
                max(0, union.x - left), max(0, union.y - top), union.w + left + right, union.h + top + bottom
            )
            return replace(element, box=box), box, False
        return None, union, False


def _direction(boxes: list[Box], wider: Direction) -> Direction:
    """How children with these boxes stand: one above another (column) or side by side (row);
    the wider frame's direction when either reading holds, a column when neither does."""
    stacked = _apart(boxes, vertical=True)
    side_by_side = _apart(boxes, vertical=False)
    if stacked and side_by_side:
        return wider
    if side_by_side:
        return "row"
    return "column"


def _apart(boxes: list[Box], *, vertical: bool) -> bool:
    spans = sorted((b.y, b.bottom) if vertical else (b.x, b.right) for b in boxes)
    return all(start > end - OVERLAP_PX for (_, end), (start, _) in itertools.pairwise(spans))


def _free_spaces(children: list[Node], direction: Direction, union: Box, boxes: list[Box]) -> list[int]:
    """The space after each child but the last: up to the next one, or up to the first element
    that is neither's when the frame puts one between them. A narrower frame often interleaves
    what the widest tree keeps in separate containers (the sidebar's facts after the main
    column's text); the whole distance between two children there would open a gap as tall as
    the content that is not theirs."""
    column = direction == "column"

    def lead(box: Box) -> int:
        return box.y if column else box.x

    def trail(box: Box) -> int:
        return box.bottom if column else box.right

    def beside(box: Box) -> bool:  # shares the container's span across the direction
        return (
            box.x < union.right and union.x < box.right
            if column
            else box.y < union.bottom and union.y < box.bottom
        )

    inside = [set(_leaf_boxes(child)) for child in children]
    spaces = []
    for (a, b), (in_a, in_b) in zip(itertools.pairwise(children), itertools.pairwise(inside), strict=True):
        start, end = trail(a.box), lead(b.box)
        between = [
            lead(o)
            for o in boxes
            if start - OVERLAP_PX <= lead(o) < end and beside(o) and o not in in_a and o not in in_b
        ]
        spaces.append(max(0, min(between, default=end) - start))
    return spaces


def _interleaved(own: list[Box], others: list[Box]) -> bool:
    """Whether one of ``others`` stands between two of ``own`` in the frame: below the one and
    above the other, and not beside them (a second column)."""
    span = Box.enclosing(own)
    tops = sorted(own, key=lambda box: box.y)
    gaps = [(a.bottom, b.y) for a, b in itertools.pairwise(tops) if b.y - a.bottom > OVERLAP_PX]
    return any(
        start <= box.y and box.bottom <= end and box.x < span.right and span.x < box.right
        for start, end in gaps
        for box in others
    )


def key_home(path: Path, key: Key) -> tuple[Path, int | str]:
    """The widest tree's container that the child ``key`` of the container at ``path`` belongs
    to, and its own key there (a lifted key names a child of a child)."""
    while isinstance(key, tuple):
        path, key = (*path, key[0]), key[1]
    return path, key


def _nested(key: Key, sub: Key) -> Key:
    """The key of ``sub``, a child of the child ``key``, lifted next to it."""
    if isinstance(key, tuple):
        return (key[0], _nested(key[1], sub))
    assert isinstance(key, int)  # only the widest tree's containers have children
    return (key, sub)


def _leaf_boxes(node: Node) -> list[Box]:
    return [leaf.element.box for leaf in leaves_of(node)]


def _laid_out(
    children: list[Node],
    direction: Direction,
    spaces: list[int],
    region: Box,
    union: Box,
    element: Element | None,
    justify: Literal["start", "center", "end", "between"],
    *,
    fitted: bool,
) -> Node:
    """The container of ``children``; ``fitted``: a column's box no taller than they need."""
    gap, offsets = spaced(spaces)
    padding = (
        max(0, union.y - region.y),
        max(0, region.right - union.right),
        max(0, region.bottom - union.bottom),
        max(0, union.x - region.x),
    )
    if direction == "column" and fitted:
        # Spread out by content that is not theirs, the children's box is taller than they are:
        # the container takes what they need, else it would keep the room as a min-height. Even
        # a painted one: a desktop overlay's backdrop would grey the mobile page's content.
        needed = padding[0] + padding[2] + sum(child.box.h for child in children) + sum(spaces)
        region = replace(region, h=min(region.h, needed))
    align: Literal["start", "center", "end", "stretch"] = "start"
    if direction == "row":
        align = row_align([child.box for child in children])
    return Node(
        region,
        direction=direction,
        children=tuple(children),
        element=element,
        gap=gap,
        padding=padding,
        justify=justify,
        align=align,
        offsets=offsets,
    )
