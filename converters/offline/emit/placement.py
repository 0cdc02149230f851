"""Where a child sits in its flex parent, and how wide it is: the geometry half of the plan.

Across (the parent's width) everything is a percentage of the parent's content width with 2
decimals, so at the design's width it resolves to the design's px; down, spacing is px. Children
are ``sized`` (a share of the parent: boxes, images, fields), ``text`` or ``content`` (as wide as
their text: the design's measure becomes a ``max-width`` in px when the text wraps), or ``fixed``
(icons, avatars: px). Between the design's width and ``markup.NARROW_PX`` a one-line text in a
row does not shrink below its words (the row's boxes and spaces give way); on narrower viewports
rows holding boxes stack, and boxes of some size take the full width.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from converters.offline.emit.leaves import TEXT_KINDS, line_count, line_height_px, sizing, text_width
from converters.offline.emit.markup import Decl, percent, px
from converters.offline.model import Box, Kind, Node

CONTAINER_KINDS: Final = frozenset({Kind.CARD, Kind.NAV, Kind.HEADER, Kind.FOOTER, Kind.SECTION})
CENTRE_TOLERANCE_PX: Final = 3
SAME_SIZE_PX: Final = 3
"""Siblings of one kind whose sizes differ by at most this much are given the same size."""
_MAX_SIZES: Final = 16
"""Distinct sizes of one kind compared against (bounds the work on long lists)."""
NARROW_FULL_PX: Final = 160
"""Boxes at least this wide (design px) take the full width on narrow viewports."""
CONTENT_ROW_MAX_OFFSET_PX: Final = 48
"""A row of links or buttons with an item further than this from the one before (a nav with its
last links pushed right) is a share of its parent, not as wide as its content: see ``sizing_of``."""


@dataclass(frozen=True)
class Parent:
    """What a child's placement depends on: its parent node, the parent's content box (left ``x``,
    top ``y``, ``width``, px), whether the parent (a row) stacks on narrow viewports, and whether it
    is as wide as its content (``sizing_of``: then it has no width for percentages to resolve
    against; the browser sizes it with them as 0, then resolves them against that: items wrap)."""

    node: Node
    x: float
    y: float
    width: float
    stacks: bool
    content_sized: bool


def content_box(node: Node) -> Parent:
    """``node`` as the parent of its children."""
    top, right, _, left = node.padding
    width = max(1, node.box.w - left - right)
    stacks = node.direction == "row" and node.wrap_gap is None and narrow_stacks(node)
    return Parent(node, node.box.x + left, node.box.y + top, width, stacks, sizing_of(node) == "content")


def placement(parent: Parent, node: Node, index: int, offset: int) -> list[Decl]:
    """Where ``node`` sits in ``parent``: margins and width, in % across and px down, and how
    that changes on narrow viewports (boxes of some size take the full width there)."""
    if parent.node.direction == "column":
        return _in_column(parent, node, offset)
    return _in_row(parent, node, index, offset)


def _in_column(parent: Parent, node: Node, offset: int) -> list[Decl]:
    box, width, owner = node.box, parent.width, parent.node
    kind = sizing_of(node)
    left = box.x - parent.x
    decls: list[Decl] = []
    spacing = max(offset, -owner.gap)
    if spacing:
        decls.append(("", "margin-top", px(spacing)))
    full = box.w >= width - 1
    if kind == "sized":
        decls.append(("", "width", "100%" if full else percent(box.w, width)))
        if not full and box.w >= NARROW_FULL_PX:
            decls.append(("narrow", "width", "100%"))
        elif not full and node.element is not None and node.element.keeps_box:
            # A small drawn widget keeps its drawn px: a share of a phone's width would squeeze
            # its words (a label drawn 100 px wide on a 1200 px sheet).
            decls.append(("narrow", "width", px(box.w)))
    elif kind == "text" and _wraps(node):
        # A measure in px: the same at the design's width, and it never squeezes text when narrower.
        decls.append(("", "max-width", px(min(width - max(0, left), box.w + _slack(node)))))
    if full:
        return decls
    centred = abs(box.cx - (parent.x + width / 2)) <= CENTRE_TOLERANCE_PX
    flush_right = abs(box.right - (parent.x + width)) <= CENTRE_TOLERANCE_PX
    if centred and left > CENTRE_TOLERANCE_PX:
        decls.append(("", "align-self", "center"))
    elif flush_right and left > CENTRE_TOLERANCE_PX and kind != "sized":
        decls.append(("", "align-self", "flex-end"))
    elif left > 1:
        decls.append(("", "margin-left", percent(left, width)))
        if kind == "sized" and box.w >= NARROW_FULL_PX:
            decls.append(("narrow", "margin-left", "0"))
    return decls


def _in_row(parent: Parent, node: Node, index: int, offset: int) -> list[Decl]:
    box, width, owner = node.box, parent.width, parent.node
    kind = sizing_of(node)
    stacks = parent.stacks

    def across(value: float) -> str:  # px in a row as wide as its content (see ``Parent``)
        return px(value) if parent.content_sized else percent(value, width)

    decls: list[Decl] = []
    if offset and (owner.justify != "between" or index == 0):
        pushed = _pushed_to_end(parent, index)
        decls.append(("", "margin-left", "auto" if pushed else across(offset)))
        if stacks:
            decls.append(("narrow", "margin-left", "0"))
    if kind == "content" and node.element is not None and node.element.kind not in TEXT_KINDS:
        decls.append(("", "flex-shrink", "0"))  # a button's label does not break; the row gives way
    elif kind == "text" and not _wraps(node) and not parent.content_sized:
        # A one-line text keeps its words whole in a row narrower than the design: the boxes and
        # spaces of the row give way (a nav's "BLOG" broke a letter a line at 1024 px), and past
        # the row's width it wraps between its words. On narrow viewports it shrinks as before.
        decls += [("", "flex-shrink", "0"), ("", "max-width", "100%"), ("narrow", "flex-shrink", "1")]
    if kind == "sized" and owner.wrap_gap is not None:
        # A row that wraps by design: items keep their size and move to the next line.
        decls += [("", "width", px(box.w)), ("", "max-width", "100%")]
    elif kind == "sized":
        # min-width 0: a share of the row, never pushed wider by what is inside.
        decls += [("", "width", across(box.w)), ("", "min-width", "0")]
        if stacks:
            decls.append(("narrow", "width", "100%" if box.w >= NARROW_FULL_PX else px(box.w)))
    elif kind == "text" and _wraps(node):
        # Slack, but no more than the row has left: a wider measure would wrap the text below.
        measure = max(box.w, min(parent.x + width - box.x, box.w + _slack(node)))
        if parent.content_sized:  # a px width would hold the row that wide when narrower
            decls.append(("", "max-width", px(measure)))
        else:
            decls.append(("", "width", percent(measure, width)))
        if stacks:
            decls.append(("narrow", "width", "100%"))
    drop = box.y - parent.y
    if owner.align == "start" and drop > 1 and owner.wrap_gap is None:
        decls.append(("", "margin-top", px(drop)))
        if stacks:
            decls.append(("narrow", "margin-top", "0"))
    if stacks and node.element is not None and node.element.kind is Kind.DIVIDER and box.h > box.w:
        decls.append(("narrow", "display", "none"))  # a vertical rule between items that now stack
    return decls


def _pushed_to_end(parent: Parent, index: int) -> bool:
    """Whether the row's children from ``index`` on sit packed together at its far end, pushed
    there by a wide space (a nav's "Log in"): ``margin-left: auto`` keeps them there whatever the
    widths of the texts before them, where a fixed space would wrap them when those are wider."""
    return pushed_to_end(parent.node, parent.x + parent.width, index)


def pushed_to_end(row: Node, content_right: float, index: int) -> bool:
    """``_pushed_to_end`` for the children of ``row``, whose content box ends at ``content_right``."""
    offsets = child_offsets(row)
    if index == 0 or offsets[index] + row.gap <= CONTENT_ROW_MAX_OFFSET_PX:
        return False
    packed = all(offset + row.gap <= CONTENT_ROW_MAX_OFFSET_PX for offset in offsets[index + 1 :])
    return packed and abs(row.children[-1].box.right - content_right) <= CENTRE_TOLERANCE_PX


def gap_folded(node: Node) -> Node:
    """``node`` laid out with its gap as the spaces before its children when it is a row with
    children pushed to its end: their ``margin-left: auto`` takes the whole space before them
    (the gap too), which the slack of the texts before them may need; a gap would come on top."""
    if node.direction != "row" or not node.gap or len(node.children) < 2:
        return node
    right = node.box.x + node.box.w - node.padding[1]
    if not any(pushed_to_end(node, right, index) for index in range(1, len(node.children))):
        return node
    offsets = child_offsets(node)
    return replace(node, gap=0, offsets=(0, *(offset + node.gap for offset in offsets[1:])))


def narrow_stacks(node: Node) -> bool:
    return len(node.children) >= 2 and any(sizing_of(child) == "sized" for child in node.children)


def sizing_of(node: Node) -> str:
    """``leaves.sizing`` for leaves; containers are ``sized``, except a row of text-sized items
    that is a control (a button with an icon) or has no box of its own (a group of links or
    buttons) with its items close together, which is ``content``."""
    element = node.element
    if node.children:
        boxed = element is not None and (
            element.style.background is not None or element.style.border is not None
        )
        control = element is not None and element.kind in (Kind.BUTTON, Kind.LINK, Kind.LABEL)
        leaves_only = all(not child.children and child.element is not None for child in node.children)
        close = all(node.gap + offset <= CONTENT_ROW_MAX_OFFSET_PX for offset in child_offsets(node)[1:])
        if node.direction == "row" and (control or not boxed) and leaves_only and close:
            kinds = {sizing(child.element) for child in node.children if child.element is not None}
            if "sized" not in kinds:
                return "content"
        return "sized"
    if element is None or element.kind in CONTAINER_KINDS:
        return "sized"
    return sizing(element)


def _wraps(node: Node) -> bool:
    return node.element is not None and line_count(node.element) > 1


def _slack(node: Node) -> float:
    """Room (px) beyond the design's text width, so slightly wider glyphs do not add a line."""
    assert node.element is not None
    return max(node.box.w - text_width(node.element), 0) + 0.5 * line_height_px(node.element.style)


def harmonise(nodes: tuple[Node, ...] | list[Node]) -> list[Node]:
    """``nodes`` with each one sized like the first earlier node of the same kind and nearly the
    same size, so repeated items (cards in a row) come out with identical styles."""
    seen: dict[tuple[object, bool], list[Box]] = {}
    result: list[Node] = []
    for node in nodes:
        key = (node.element.kind if node.element else node.direction, bool(node.children))
        sizes = seen.setdefault(key, [])
        match = next((box for box in sizes[:_MAX_SIZES] if _near(box, node.box)), None)
        if match is None:
            sizes.append(node.box)
            result.append(node)
        else:
            result.append(replace(node, box=Box(node.box.x, node.box.y, match.w, match.h)))
    return result


def _near(a: Box, b: Box) -> bool:
    return abs(a.w - b.w) <= SAME_SIZE_PX and abs(a.h - b.h) <= SAME_SIZE_PX


def child_offsets(node: Node) -> list[int]:
    offsets = list(node.offsets[: len(node.children)])
    return offsets + [0] * (len(node.children) - len(offsets))


def content_height(node: Node) -> float:
    """Roughly how tall ``node`` comes out from its content alone (px)."""
    if not node.children:
        element = node.element
        if element is None or element.keeps_box:
            return node.box.h
        if element.kind in TEXT_KINDS and element.style.background is None and element.style.border is None:
            return line_count(element) * line_height_px(element.style)
        return node.box.h
    top, _, bottom, _ = node.padding
    heights = [content_height(child) for child in node.children]
    if node.direction == "row":
        return top + bottom + max(heights)
    spacing = node.gap * (len(heights) - 1) + sum(max(o, -node.gap) for o in child_offsets(node))
    return top + bottom + sum(heights) + spacing
