"""A Figma frame's node tree -> the offline engine's layout tree (``Node``s of ``Element``s).

- Auto-layout frames (``layoutMode`` HORIZONTAL/VERTICAL) are flex rows and columns: the gap
  and offsets from the children's spaces along the main axis (``itemSpacing`` when they are
  even), ``padding*`` as padding, ``primaryAxisAlignItems`` as justify and
  ``counterAxisAlignItems`` as align. Sizing modes (FIXED/HUG/FILL, ``layoutGrow``,
  ``layoutAlign`` STRETCH) come through the children's exact boxes: the emit writes a filled
  child's width as its share of the row, a hugging text as wide as its text. A wrapping frame
  (``layoutWrap`` WRAP) is a wrapping row: its items keep their widths, its lines stand
  ``counterAxisSpacing`` apart.
- Frames without auto-layout, and auto-layout frames holding absolutely positioned children,
  go through the engine's layout inference (``layout.arrange``) on the children's exact boxes;
  their groups are dissolved into them and a plain rectangle behind siblings holds them.
- Leaves: ``TEXT`` (exact characters, type style, mixed-style runs), images (image fills, as
  placeholders of their size), icons (drawings up to ``vectors.MAX_ICON_PX``, as SVG), dividers
  (lines, thin rectangles), buttons and inputs (a small frame with one text: ``_control``).
- Skipped, with a note: hidden nodes silently, nodes of unknown types, nodes without a box;
  nodes wholly outside a clipping frame around them (however deep) silently. Nothing here raises on a
  malformed node.

Coordinates are px from the frame's top left (its ``absoluteBoundingBox``), rounded.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final, Literal

from converters.offline.classify import NAV_MIN_ITEMS, band_kind
from converters.offline.controls import CONTROL_MAX_PAGE_SHARE
from converters.offline.figma import kinds
from converters.offline.figma.nodes import (
    alt_text,
    common_box,
    descendants,
    frame_bounds,
    has_box,
    main_family,
    overlaps,
    short_text,
    text_lines,
    texts_of,
    visible_kids,
)
from converters.offline.figma.paint import (
    Json,
    box_style,
    has_image,
    mapping,
    number,
    painted,
    solid,
    spans,
    text_style,
)
from converters.offline.figma.vectors import MAX_ICON_PX, VECTOR_TYPES, icon_svg, is_drawing
from converters.offline.layout import CONTAINER_KINDS, arrange, spaced
from converters.offline.model import Box, Colour, Element, Kind, Node, Span, Style, TextLine
from converters.offline.text_blocks import HEADING_RATIO, SHORT_TEXT

FRAME_TYPES: Final = frozenset({"FRAME", "GROUP", "COMPONENT", "COMPONENT_SET", "INSTANCE", "SECTION"})
SHAPE_TYPES: Final = frozenset({"RECTANGLE"})
SILENT_TYPES: Final = frozenset({"SLICE", "STICKY", "CONNECTOR", "SHAPE_WITH_TEXT", "WIDGET", "EMBED"})
"""Node types that draw nothing on a page (export slices, FigJam notes): skipped without a note."""
DIVIDER_PX: Final = 4
"""A rectangle or line no thicker than this is a divider."""
MAX_NOTES: Final = 8
"""Notes about skipped nodes kept (the rest are counted): a broken file must not flood the result."""
_JUSTIFY: Final[dict[str, Literal["start", "center", "end", "between"]]] = {
    "CENTER": "center",
    "MAX": "end",
    "SPACE_BETWEEN": "between",
}
_ALIGN: Final[dict[str, Literal["start", "center", "end", "stretch"]]] = {"CENTER": "center", "MAX": "end"}


class Reader:
    """One pass over a frame's nodes; holds what the pass learns (body size, notes, texts)."""

    def __init__(self, document: Json, components: Mapping[str, Any]) -> None:
        self.document = document
        self.components = components
        self.notes: list[str] = []
        self.skipped = 0
        if not has_box(document):
            self.note("The frame has no absoluteBoundingBox: its size is taken from what it holds.")
        frame = frame_bounds(document) or (0.0, 0.0, 1.0, 1.0)
        self.origin = frame[:2]
        self.page = Box(0, 0, max(1, round(frame[2])), max(1, round(frame[3])))
        self.background: Colour = solid(document.get("fills"), (255, 255, 255)) or (255, 255, 255)
        self.lines: list[TextLine] = []
        self.clip: Box | None = None
        """What the clipping frames around the node being read leave visible (``None``: all)."""
        sizes = [
            (round(number(mapping(t.get("style")).get("fontSize"), 16.0)), len(str(t.get("characters", ""))))
            for t in texts_of(document)
        ]
        self.body = kinds.body_size(sizes)
        self.font_family = main_family(texts_of(document))
        headings = [size for size, _ in sizes if size >= HEADING_RATIO * self.body]
        self.levels = kinds.heading_levels(headings or [self.body + 1])

    # --- the page ------------------------------------------------------------------------------

    def root(self) -> Node:
        """The page: the frame's children laid out in a node as wide as the frame."""
        kids = self._children(self.document, self.page, self.background, top=True, link=False)
        return self._layout(self.document, self.page, kids, None)

    def note(self, text: str) -> None:
        self.skipped += 1
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)

    # --- nodes ---------------------------------------------------------------------------------

    def box(self, node: Json) -> Box | None:
        if not has_box(node):
            return None
        bounds = mapping(node.get("absoluteBoundingBox"))
        x = round(number(bounds.get("x")) - self.origin[0])
        y = round(number(bounds.get("y")) - self.origin[1])
        return Box(
            x, y, max(0, round(number(bounds.get("width")))), max(0, round(number(bounds.get("height"))))
        )

    def convert(self, node: Json, behind: Colour, *, top: bool, link: bool) -> Node | None:
        """The layout node of ``node`` (``None``: skipped), painted over ``behind``."""
        kind = node.get("type")
        name = str(node.get("name", ""))
        if kind in SILENT_TYPES:
            return None
        if (
            kind not in FRAME_TYPES
            and kind not in SHAPE_TYPES
            and kind not in VECTOR_TYPES
            and kind != "TEXT"
        ):
            self.note(f"Skipped {name!r}: Figma node type {kind!r} is not read.")
            return None
        box = self.box(node)
        if box is None:
            self.note(f"Skipped {name!r} ({kind}): it has no absoluteBoundingBox.")
            return None
        if self.clip is not None and box.w > 0 and box.h > 0 and not overlaps(box, self.clip):
            return None  # wholly outside a clipping frame around it (an off-canvas menu): not shown
        if kind == "TEXT":
            return self._text(node, box, behind, link=link)
        if kind == "LINE" or (
            kind in SHAPE_TYPES and min(box.w, box.h) <= DIVIDER_PX and max(box.w, box.h) > 0
        ):
            return self._divider(node, box, behind)
        if box.w <= 0 or box.h <= 0:
            # A frame of no size still shows what overflows it (a wrapper of a fixed overlay).
            return self._overflowing(node, behind) if kind in FRAME_TYPES else None
        style = box_style(node, behind)
        if has_image(node.get("fills")) and not visible_kids(node):
            image = Element(Kind.IMAGE, box, text=alt_text(node), style=replace(style, background=None))
            return Node(box, element=image)
        if is_drawing(node):
            return self._drawing(node, box, style)
        if kind in SHAPE_TYPES:
            element = Element(Kind.CARD, box, style=style, component=self._component(node))
            return Node(box, element=element)
        return self._frame(node, box, style, behind, top=top, link=link)

    def _text(self, node: Json, box: Box, behind: Colour, *, link: bool) -> Node | None:
        text = node.get("characters")
        if not isinstance(text, str) or not text.strip():
            return None
        style = self._own_family(text_style(node, behind))
        hyperlink = isinstance(mapping(node.get("style")).get("hyperlink"), Mapping)
        kind = kinds.text_kind(text, style, self.body, name=str(node.get("name", "")), link=link or hyperlink)
        lines = text_lines(text, box, style, behind)
        self.lines.extend(lines)
        level = self.levels.get(style.font_size or self.body, 2) if kind is Kind.HEADING else 0
        # Line breaks typed in the text are kept (as one run when it has one style).
        runs = spans(node, style, behind) or ((Span(text),) if "\n" in text.strip() else ())
        element = Element(kind, box, text=text, style=style, level=level, lines=lines, spans=runs)
        return Node(box, element=element)

    def _divider(self, node: Json, box: Box, behind: Colour) -> Node:
        style = box_style(node, behind)
        colour = style.border or style.background  # none: the emit's default rule colour
        weight = max(1, round(number(node.get("strokeWeight"), 1.0))) if node.get("type") == "LINE" else 0
        thin = Box(box.x, box.y, max(1, box.w), max(1, box.h, weight))
        return Node(
            thin, element=Element(Kind.DIVIDER, thin, style=Style(border=colour, border_width=weight))
        )

    def _drawing(self, node: Json, box: Box, style: Style) -> Node:
        if max(box.w, box.h) > MAX_ICON_PX:
            fill = style.background
            return Node(
                box, element=Element(Kind.IMAGE, box, text=alt_text(node), style=Style(background=fill))
            )
        bounds = mapping(node.get("absoluteBoundingBox"))
        svg = icon_svg(node, box, (number(bounds.get("x")), number(bounds.get("y"))))
        colour = style.background or next(
            (s for s in (solid(d.get("fills"), self.background) for d in _drawings(node)) if s), None
        )
        return Node(box, element=Element(Kind.ICON, box, style=Style(colour=colour), svg=svg))

    def _frame(self, node: Json, box: Box, style: Style, behind: Colour, *, top: bool, link: bool) -> Node:
        name = str(node.get("name", ""))
        inner = style.background or behind
        control = self._control(node, box, style, inner)
        if control is not None:
            return Node(box, element=control)
        kind = kinds.named_kind(name)
        if kind is None and painted(style):
            kind = band_kind(box, self.page, top_level=top)
        nav = kind is Kind.NAV or (kind is None and self._link_row(node))
        if nav:
            kind = Kind.NAV
        kids = self._children(node, box, inner, top=False, link=link or nav)
        if kind is Kind.SECTION and not painted(style) and not kids:
            kind = None
        element = Element(kind, box, style=style, component=self._component(node)) if kind else None
        if element is None and (painted(style) or style.opacity < 1):
            element = Element(Kind.CARD, box, style=style, component=self._component(node))
        if not kids:
            return Node(box, element=element)
        if element is None and len(kids) == 1:
            return kids[0][1]  # a bare wrapper: its one child stands for it (its box is exact)
        return self._layout(node, box, kids, element)

    def _overflowing(self, node: Json, behind: Colour) -> Node | None:
        """What a frame of no size shows: its children (unless it clips them), laid out in
        their own box."""
        if node.get("clipsContent") is True:
            return None
        kids = [
            (child, made)
            for child in visible_kids(node)
            if (made := self.convert(child, behind, top=False, link=False))
        ]
        if not kids:
            return None
        if len(kids) == 1:
            return kids[0][1]
        return self._layout(node, Box.enclosing([made.box for _, made in kids]), kids, None)

    def _control(self, node: Json, box: Box, style: Style, inner: Colour) -> Element | None:
        """A button or a text input: a control-sized frame whose only text is one short line."""
        name = str(node.get("name", ""))
        named_control = kinds.BUTTON_NAME.search(name) or kinds.INPUT_NAME.search(name)
        if not kinds.control_sized(box) or (
            box.w > CONTROL_MAX_PAGE_SHARE * self.page.w and not named_control
        ):
            return None
        if kinds.named_kind(name) in (Kind.HEADER, Kind.FOOTER, Kind.NAV, Kind.SECTION, Kind.CARD):
            return None
        texts = list(texts_of(node))
        others = [
            k for k in descendants(node) if k.get("type") not in FRAME_TYPES | {"TEXT"} and not is_drawing(k)
        ]
        if len(texts) > 1 or others:
            return None
        text_node = texts[0] if texts else None
        text = str(text_node.get("characters", "")) if text_node else ""
        if len(" ".join(text.split())) > SHORT_TEXT or "\n" in text.strip():
            return None
        text_box = self.box(text_node) if text_node else None
        if text_box is not None and not overlaps(text_box, box):
            return None  # its text lies outside it (clipped away, or a stray layer)
        type_style = self._own_family(text_style(text_node, inner)) if text_node else Style()
        lines = text_lines(text, text_box, type_style, inner) if text_node and text_box else ()
        own = replace(
            type_style,
            background=style.background,
            border=style.border,
            border_width=style.border_width,
            radius=style.radius,
            radii=style.radii,
            shadow=style.shadow,
            gradient=style.gradient,
            border_widths=style.border_widths,
            opacity=style.opacity,
        )
        centred = text_box is not None and abs(text_box.cx - box.cx) <= max(6.0, 0.12 * box.w)
        align: Literal["left", "center"]
        if kinds.INPUT_NAME.search(name) or kinds.is_input_shape(box, style, text_box):
            kind, align = Kind.TEXT_INPUT, "left"
        elif text and (kinds.BUTTON_NAME.search(name) or (painted(style) and centred)):
            kind, align = Kind.BUTTON, "center"
        else:
            return None
        self.lines.extend(lines)
        own = replace(own, align=align)
        return Element(kind, box, text=text, style=own, lines=lines, component=self._component(node))

    def _link_row(self, node: Json) -> bool:
        """A row of two or more short texts (or link-like frames around one) is a nav."""
        if node.get("layoutMode") != "HORIZONTAL":
            return False
        kids = visible_kids(node)
        short = all(short_text(kid) for kid in kids)
        named = kinds.named_kind(str(node.get("name", ""))) is Kind.NAV
        return short and (len(kids) >= NAV_MIN_ITEMS or (named and len(kids) >= 2))

    def _own_family(self, style: Style) -> Style:
        """``style`` without its font family when it is the page's (set once, on the page)."""
        return replace(style, font_family="") if style.font_family == self.font_family else style

    def _component(self, node: Json) -> str:
        if node.get("type") != "INSTANCE":
            return ""
        meta = mapping(self.components.get(str(node.get("componentId", ""))))
        return str(meta.get("name") or node.get("name") or "")

    # --- layout --------------------------------------------------------------------------------

    def _children(
        self, node: Json, box: Box, behind: Colour, *, top: bool, link: bool
    ) -> list[tuple[Json, Node]]:
        outer = self.clip
        if node.get("clipsContent") is True:
            self.clip = box if outer is None else common_box(outer, box)
        made: list[tuple[Json, Node]] = []
        for child in visible_kids(node):
            converted = self.convert(child, behind, top=top, link=link)
            if converted is not None:
                made.append((child, converted))
        self.clip = outer
        return made

    def _layout(self, node: Json, box: Box, kids: list[tuple[Json, Node]], element: Element | None) -> Node:
        mode = node.get("layoutMode")
        loose = any(child.get("layoutPositioning") == "ABSOLUTE" for child, _ in kids)
        if mode in ("HORIZONTAL", "VERTICAL") and not loose:
            return _flex(node, box, [n for _, n in kids], element, row=mode == "HORIZONTAL")
        flat = [n for child, n in kids for n in _dissolved(child, n)]
        return arrange(_nested(flat), box, element)


def _flex(node: Json, box: Box, kids: list[Node], element: Element | None, *, row: bool) -> Node:
    pad = tuple(
        max(0, round(number(node.get(f"padding{side}")))) for side in ("Top", "Right", "Bottom", "Left")
    )
    if row:
        spaces = [max(0, b.box.x - a.box.right) for a, b in itertools.pairwise(kids)]
    else:
        spaces = [max(0, b.box.y - a.box.bottom) for a, b in itertools.pairwise(kids)]
    item_spacing = max(0, round(number(node.get("itemSpacing"))))
    spread = node.get("primaryAxisAlignItems") == "SPACE_BETWEEN"  # the spaces are the justify's
    wraps = row and node.get("layoutWrap") == "WRAP"
    if spread or wraps or all(space == item_spacing for space in spaces):
        gap, offsets = item_spacing, (0,) * len(kids)
    else:
        gap, offsets = spaced(spaces)
    top, right, bottom, left = pad
    if kids:  # a column's content may sit lower than its padding (justified to the middle or end)
        union = Box.enclosing([k.box for k in kids])
        top = max(top, union.y - box.y) if not row else top
        left = (
            max(left, union.x - box.x) if row and node.get("primaryAxisAlignItems") in (None, "MIN") else left
        )
    return Node(
        box,
        direction="row" if row else "column",
        children=tuple(kids),
        element=element,
        gap=gap,
        padding=(top, right, bottom, left),
        justify=_JUSTIFY.get(str(node.get("primaryAxisAlignItems")), "start"),
        align=_ALIGN.get(str(node.get("counterAxisAlignItems")), "start"),
        offsets=offsets,
        wrap_gap=max(0, round(number(node.get("counterAxisSpacing"), item_spacing))) if wraps else None,
    )


def _dissolved(child: Json, node: Node) -> list[Node]:
    """A group without paint of its own lends its children to its parent's inference."""
    if child.get("type") == "GROUP" and node.element is None and node.children:
        return list(_leaves_and_boxes(node))
    return [node]


def _leaves_and_boxes(node: Node) -> list[Node]:
    if node.element is None and node.children:
        return [n for child in node.children for n in _leaves_and_boxes(child)]
    return [node]


def _nested(nodes: list[Node]) -> list[Node]:
    """A bare painted box (a rectangle) holding siblings becomes their container."""
    remaining = sorted(nodes, key=lambda n: (-n.box.area, n.box.y, n.box.x))
    result: list[Node] = []
    while remaining:
        node = remaining.pop(0)
        element = node.element
        if element is not None and not node.children and element.kind in CONTAINER_KINDS:
            inside = [other for other in remaining if node.box.contains(other.box, slack=2)]
            if inside:
                remaining = [other for other in remaining if all(other is not i for i in inside)]
                node = arrange(_nested(inside), node.box, element)
        result.append(node)
    return sorted(result, key=lambda n: (n.box.y, n.box.x))


def _drawings(node: Json) -> list[Json]:
    return [node, *descendants(node)]
