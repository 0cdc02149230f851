"""Layout tree -> render plan (``Page``): flex containers, semantic tags and where each child sits.

Geometry rules (so the page matches the design at its own width and still reflows narrower):
the page is ``max-width: <design width>px; margin: 0 auto``; horizontal sizes and offsets are
percentages of the parent's content width (at the design width they resolve to the design's px);
vertical spacing is px (``gap``, ``margin-top``, ``padding``); a side padding wider than the narrow
gutter shrinks with its container below the design width (``clamp``: never more than the design's
px, never less than the gutter), so no width between the breakpoints squeezes the content beside
it (a hero's 803 px left padding set its text one syllable a line at 1024 px); nothing holding
text gets a fixed height (``min-height`` for boxes with a background); rows share their width out
in % and never add up to more than 100%, so only rows of text-sized items wrap, and rows of boxes
stack below ``NARROW_PX``. No element is positioned absolutely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from converters.offline.emit.fonts import SANS_STACK, font_stack
from converters.offline.emit.leaves import (
    FIELD_KINDS,
    TOGGLE_KINDS,
    flowing_text,
    leaf_tag,
    paint_decls,
    role_of,
)
from converters.offline.emit.markup import DESKTOP_PX, Decl, Tag, percent, px, sorted_decls
from converters.offline.emit.placement import (
    Parent,
    child_offsets,
    content_box,
    content_height,
    gap_folded,
    harmonise,
    narrow_stacks,
    placement,
    sizing_of,
)
from converters.offline.model import Box, Colour, Element, Kind, Node
from converters.palette import hex_colour
from converters.tokens import Theme

FONT_STACK: Final = SANS_STACK
"""Text heights in the design are measured against DejaVu-like metrics."""
EMPTY_MESSAGE: Final = "No content was detected in the design."
CONTAINER_TAGS: Final = {
    Kind.CARD: "article",
    Kind.NAV: "nav",
    Kind.HEADER: "header",
    Kind.FOOTER: "footer",
    Kind.SECTION: "section",
    Kind.BUTTON: "button",
    Kind.LINK: "a",
}
_WRAP_SLACK: Final = 0.03
"""A row of text-sized items wraps only when at least this share of its width was free in the design."""
_NARROW_GUTTER_PX: Final = 16
"""Side padding of containers (and the page) on narrow viewports, when the design's is wider."""
_JUSTIFY: Final = {"start": "flex-start", "center": "center", "end": "flex-end", "between": "space-between"}
_ALIGN: Final = {"start": "flex-start", "center": "center", "end": "flex-end", "stretch": "stretch"}


@dataclass(frozen=True)
class Page:
    """The plan of a whole page: ``body`` declarations and the page ``root`` (a ``div``); ``theme``:
    the design tokens its declarations reference (``emit.tokens.tokenise``), ``None`` before."""

    title: str
    body: tuple[Decl, ...]
    root: Tag
    theme: Theme | None = None


def plan_page(tree: Node, *, title: str, page_background: Colour, font_family: str = "") -> Page:
    """The render plan of ``tree`` (its root box is the whole page); ``font_family``: the design's
    own text font (from an exact source), set on the page in front of fallbacks of its kind
    (``fonts.font_stack``; ``FONT_STACK`` without one)."""
    body = sorted_decls(
        [
            ("", "margin", "0"),
            ("", "background", hex_colour(page_background)),
            ("", "font-family", font_stack(font_family)),
            ("", "overflow-wrap", "anywhere"),
        ]
    )
    planner = _Planner()
    root = planner.page(tree)
    if tree.box.w >= DESKTOP_PX:
        root = _as_tablet(root)
    return Page(title, body, root)


def _as_tablet(tag: Tag) -> Tag:
    """``tag`` with its narrow-viewport rules moved up to tablet widths (desktop designs)."""
    decls = tuple(
        ("tablet" if variant == "narrow" else variant, prop, value) for variant, prop, value in tag.decls
    )
    content = tuple(part if isinstance(part, str) else _as_tablet(part) for part in tag.content)
    return replace(tag, decls=decls, content=content)


class _Siblings:
    """The children of one container, as given, harmonised (``placement.harmonise``), and their
    label pairs: label index -> control index (``labels``) and back (``controls``)."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        self.sized = harmonise(nodes)
        self.labels = _label_pairs(nodes)
        self.controls = {control: label for label, control in self.labels.items()}


class _Planner:
    """One pass over the tree; holds the ids given to labelled controls so they stay unique."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._pairs: dict[tuple[Box, Box], str] = {}

    def page(self, root: Node) -> Tag:
        width = max(1, root.box.w)
        _, right, _, left = root.padding
        decls: list[Decl] = [
            ("", "display", "flex"),
            ("", "flex-direction", "column"),
            ("", "max-width", px(width)),
            ("", "margin", "0 auto"),
        ]
        if any(root.padding):
            decls.append(("", "padding", _padding(root.padding, width)))  # of the body: the viewport
            if max(right, left) > _NARROW_GUTTER_PX:
                decls.append(("narrow", "padding-inline", px(_NARROW_GUTTER_PX)))
        if not root.children:
            message = Tag(
                "p",
                "empty",
                (("", "padding", "48px 24px"), ("", "text-align", "center")),
                content=(EMPTY_MESSAGE,),
            )
            main = Tag("main", "content", (("", "display", "block"),), content=(message,))
            return Tag("div", "page", sorted_decls(decls), content=(main,))
        children = list(root.children)
        offsets = child_offsets(root)
        if root.direction == "column":
            if root.gap:
                decls.append(("", "gap", px(root.gap)))
            lead = _count_while(children, (Kind.HEADER, Kind.NAV))
            tail = _count_while(children[lead:][::-1], (Kind.FOOTER,))
        else:
            lead = tail = 0
        middle = children[lead : len(children) - tail]
        parent = content_box(root)
        siblings = _Siblings(children)
        parts: list[Tag] = [self.child(parent, siblings, i, offsets[i]) for i in range(lead)]
        if middle:
            parts.append(self._main(root, middle, offsets[lead : lead + len(middle)], parent))
        parts += [
            self.child(parent, siblings, i, offsets[i]) for i in range(len(children) - tail, len(children))
        ]
        return Tag("div", "page", sorted_decls(decls), content=tuple(parts))

    def _main(self, root: Node, middle: list[Node], offsets: list[int], parent: Parent) -> Tag:
        """``<main>`` around the middle children; the margin they all keep on either side becomes
        its padding (in %), so they lay out against its content box."""
        inset_left = max(0, min(child.box.x for child in middle) - parent.x)
        inset_right = max(0, min(parent.x + parent.width - child.box.right for child in middle))
        if inset_left + inset_right >= parent.width / 2:
            inset_left = inset_right = 0
        around = Box.enclosing([child.box for child in middle])
        inner_width = round(parent.width - inset_left - inset_right)
        main = Node(
            box=Box(round(parent.x + inset_left), around.y, inner_width, around.h),
            direction=root.direction,
            children=tuple(middle),
            gap=root.gap,
            justify=root.justify,
            align=root.align,
            offsets=(0, *offsets[1:]),
            wrap_gap=root.wrap_gap,
        )
        tag = self.container(main, "main", "content", (), parent.width)
        extra: list[Decl] = [("", "width", "100%")]
        if inset_left or inset_right:
            left, right = percent(inset_left, parent.width), percent(inset_right, parent.width)
            extra.append(("", "padding", f"0 {left}" if left == right else f"0 {right} 0 {left}"))
            extra.append(("narrow", "padding-inline", px(_NARROW_GUTTER_PX)))
        if root.direction == "column" and offsets[0]:
            extra.append(("", "margin-top", px(offsets[0])))
        return replace(tag, decls=sorted_decls([*tag.decls, *extra]))

    # --- containers --------------------------------------------------------------------------

    def node(self, node: Node, across: float) -> Tag | None:
        """The tag of ``node`` with its own declarations (placement comes from the parent, whose
        content box is ``across`` px wide in the design)."""
        element = node.element
        if not node.children:
            if element is None:
                return None
            return leaf_tag(element)
        if element is None:
            return self.container(node, "div", "row" if node.direction == "row" else "stack", (), across)
        name = CONTAINER_TAGS.get(element.kind, "div")
        if element.kind is Kind.CARD and not _has_heading(node):
            name = "div"
        attrs: tuple[tuple[str, str], ...] = ()
        if name == "button":
            attrs = (("type", "button"),)
        elif name == "a":
            attrs = (("href", "#"),)
        return self.container(node, name, role_of(element.kind), attrs, across)

    def container(
        self, node: Node, name: str, role: str, attrs: tuple[tuple[str, str], ...], across: float
    ) -> Tag:
        """``node`` as a flex container; ``across``: the width (design px) of the box its
        percentages resolve against, its parent's content box."""
        node = gap_folded(node)
        parent = content_box(node)
        siblings = _Siblings(list(node.children))
        offsets = child_offsets(node)
        parts = [self.child(parent, siblings, i, offsets[i]) for i in range(len(node.children))]
        decls: list[Decl] = [("", "display", "flex")]
        if node.direction == "column":
            decls += [("", "flex-direction", "column"), ("", "align-items", "flex-start")]
            if node.gap:
                decls.append(("", "gap", px(node.gap)))
        else:
            decls += self._row_decls(node, parent.width)
        if node.justify != "start" and node.direction == "row":
            decls.append(("", "justify-content", _JUSTIFY[node.justify]))
        if any(node.padding):
            decls.append(("", "padding", _padding(node.padding, across)))
            if max(node.padding[1], node.padding[3]) > _NARROW_GUTTER_PX:
                decls.append(("narrow", "padding-inline", px(_NARROW_GUTTER_PX)))
        element = node.element
        if element is not None:
            decls += paint_decls(element.style, radius_cap=node.box.h)
            if element.style.colour is not None:
                decls.append(("", "color", hex_colour(element.style.colour)))
        if self._needs_min_height(node):
            decls.append(("", "min-height", px(node.box.h)))
        return Tag(name, role, sorted_decls(decls), attrs, tuple(part for part in parts if part is not None))

    def _row_decls(self, node: Node, width: float) -> list[Decl]:
        decls: list[Decl] = [("", "align-items", _ALIGN[node.align])]
        if node.wrap_gap is not None:  # wraps by design: its lines as the design spaces them
            decls += [("", "flex-wrap", "wrap"), ("", "row-gap", px(node.wrap_gap))]
            if node.gap and node.justify != "between":
                decls.append(("", "column-gap", percent(node.gap, width)))
            return decls
        if sizing_of(node) == "content":
            # Sized by its items: a % gap would resolve against a width that depends on it.
            between_lines = max(4, min(16, node.gap or 8))
            if node.gap == between_lines:
                decls.append(("", "gap", px(node.gap)))
            else:
                decls.append(("", "row-gap", px(between_lines)))
                if node.gap:
                    decls.append(("", "column-gap", px(node.gap)))
            return [*decls, ("", "flex-wrap", "wrap")]
        if node.gap and node.justify != "between":
            decls.append(("", "column-gap", percent(node.gap, width)))
        if narrow_stacks(node):
            gap = node.gap if 8 <= node.gap <= 48 else 16
            decls += [
                ("narrow", "flex-direction", "column"),
                ("narrow", "align-items", "flex-start"),
                ("narrow", "row-gap", px(gap)),
            ]
        elif len(node.children) >= 2:
            used = sum(child.box.w for child in node.children) + node.gap * (len(node.children) - 1)
            if width - used >= _WRAP_SLACK * width:
                decls += [("", "flex-wrap", "wrap"), ("", "row-gap", px(max(4, min(16, node.gap or 8))))]
        return decls

    def _needs_min_height(self, node: Node) -> bool:
        element = node.element
        boxed = element is not None and (
            element.style.background is not None or element.style.border is not None
        )
        return boxed or node.box.h - content_height(node) > 8

    # --- children ----------------------------------------------------------------------------

    def child(self, parent: Parent, siblings: _Siblings, index: int, offset: int) -> Tag:
        node = siblings.sized[index]
        tag = self._labelled(siblings, index) or self.node(node, parent.width)
        if tag is None:
            tag = Tag("div", "spacer", (("", "height", px(node.box.h)),))
        design_name = node.element.component if node.element is not None else ""
        decls = sorted_decls([*tag.decls, *placement(parent, node, index, offset)])
        return replace(tag, decls=decls, design_name=design_name or tag.design_name)

    def _labelled(self, siblings: _Siblings, index: int) -> Tag | None:
        """A label and the control it names get ``for``/``id``; ``None`` when this is neither."""
        element = siblings.nodes[index].element
        if element is None:
            return None
        if index in siblings.labels:
            control = siblings.nodes[siblings.labels[index]].element
            assert control is not None
            return leaf_tag(element, label_for=self._id_for(element, control))
        if index in siblings.controls:
            label = siblings.nodes[siblings.controls[index]].element
            assert label is not None
            return leaf_tag(element, control_id=self._id_for(label, element), label=flowing_text(label))
        return None

    def _id_for(self, label: Element, control: Element) -> str:
        """The id joining ``label`` and ``control``: the same for both sides, unique on the page."""
        key = (label.box, control.box)
        if key in self._pairs:
            return self._pairs[key]
        stem = re.sub(r"[^a-z0-9]+", "-", flowing_text(label).lower()).strip("-")[:24].strip("-") or "field"
        ident, number = stem, 1
        while ident in self._ids:
            number += 1
            ident = f"{stem}-{number}"
        self._ids.add(ident)
        self._pairs[key] = ident
        return ident


def _padding(padding: tuple[int, int, int, int], across: float) -> str:
    """``padding`` (top, right, bottom, left; design px) as a CSS value: px down, and across a side
    wider than the narrow gutter as ``clamp(gutter, its share of across, its px)``."""
    top, right, bottom, left = (
        _side(side, across) if index % 2 else px(side) for index, side in enumerate(padding)
    )
    if top == right == bottom == left:
        return top
    if top == bottom and right == left:
        return f"{top} {right}"
    return f"{top} {right} {bottom} {left}"


def _side(side: float, across: float) -> str:
    """A side padding of ``side`` px in a box whose percentages resolve against ``across`` px:
    the design's px at the design width (and wider), the same share of a narrower container,
    never less than the narrow gutter (a side padding that fits anyway stays px)."""
    if side <= _NARROW_GUTTER_PX or across <= side:
        return px(side)
    return f"clamp({px(_NARROW_GUTTER_PX)},{percent(side, across)},{px(side)})"


def _count_while(nodes: list[Node], kinds: tuple[Kind, ...]) -> int:
    count = 0
    for node in nodes:
        if node.element is None or node.element.kind not in kinds:
            break
        count += 1
    return count


def _has_heading(node: Node) -> bool:
    if node.element is not None and node.element.kind is Kind.HEADING:
        return True
    return any(_has_heading(child) for child in node.children)


def _label_pairs(siblings: list[Node]) -> dict[int, int]:
    """Label index -> index of the control it names: a field right after the label, or a checkbox
    or radio without text of its own right before or after it. Each control gets one label."""
    pairs: dict[int, int] = {}
    paired: set[int] = set()

    def labelable(index: int, *, toggle_only: bool) -> bool:
        if not 0 <= index < len(siblings) or index in paired or siblings[index].children:
            return False
        element = siblings[index].element
        if element is None:
            return False
        bare_toggle = element.kind in TOGGLE_KINDS and not element.text.strip()
        return bare_toggle or (not toggle_only and element.kind in FIELD_KINDS)

    for index, node in enumerate(siblings):
        element = node.element
        if element is None or node.children or element.kind is not Kind.LABEL or not element.text.strip():
            continue
        for control in (index - 1, index + 1):
            if labelable(control, toggle_only=control < index):
                pairs[index] = control
                paired.add(control)
                break
    return pairs
