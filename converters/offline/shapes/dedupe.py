"""One shape per thing, when several detection steps found the same one (see ``_deduplicated``)."""

from __future__ import annotations

from dataclasses import replace

from converters.offline.model import Box, Shape


def _deduplicated(shapes: list[Shape]) -> list[Shape]:
    """One shape per thing. Images come first and absorb what they cover (the fill and outline of
    their own rectangle, its X, overlapping images); an outline absorbs the fill of the same
    rectangle; a line along the edge of a fill or box is its edge or shadow, not a divider."""
    kept: list[Shape] = []
    for shape in sorted(shapes, key=_priority):
        images = [k for k in kept if k.kind == "image"]
        if shape.kind == "image" and any(_overlap(shape.box, k.box) > 0.5 for k in images):
            continue
        if shape.kind != "image" and any(_inside(shape.box, k.box) for k in images):
            twin = next((k for k in images if _same_place(replace(shape, kind="image"), k)), None)
            if twin is not None and shape.kind == "box" and twin.border is None:
                kept[kept.index(twin)] = replace(twin, border=shape.border, border_width=shape.border_width)
            continue
        if shape.kind in ("divider", "text_bar") and any(
            _along_edge(shape.box, k) for k in kept if k.kind in ("box", "fill", "image")
        ):
            continue
        twin = next((k for k in kept if _same_place(k, shape)), None)
        if twin is None:
            kept.append(shape)
        elif twin.kind == "box" and shape.kind == "fill" and twin.fill is None:
            kept[kept.index(twin)] = replace(twin, fill=shape.fill)
    return kept


def _overlap(a: Box, b: Box) -> float:
    """Shared area over the smaller box's area."""
    return a.intersection(b) / max(1, min(a.area, b.area))


def _along_edge(line: Box, shape: Shape) -> bool:
    """Whether a line runs along most of an edge of ``shape``, within its border's reach."""
    box, near = shape.box, max(4, 2 * shape.border_width + 2)
    if line.w >= line.h:
        close = min(abs(line.cy - box.y), abs(line.cy - box.bottom)) <= near
        return close and min(line.right, box.right) - max(line.x, box.x) >= 0.6 * min(box.w, line.w)
    close = min(abs(line.cx - box.x), abs(line.cx - box.right)) <= near
    return close and min(line.bottom, box.bottom) - max(line.y, box.y) >= 0.6 * min(box.h, line.h)


def _priority(shape: Shape) -> tuple[int, int, int, int]:
    """Which of two shapes in one place wins: images first (the tightest of overlapping ones),
    then controls, outlines, fills, lines and marks; then top to bottom."""
    order = ("image", "radio", "checkbox", "box", "fill", "divider", "text_bar", "icon")
    area = shape.box.area if shape.kind == "image" else 0
    return order.index(shape.kind), area, shape.box.y, shape.box.x


def _same_place(a: Shape, b: Shape) -> bool:
    slack = max(3, 2 * max(a.border_width, b.border_width) + 2)
    groups = ({"box", "fill", "image"}, {"radio", "checkbox"}, {"divider"}, {"text_bar"}, {"icon"})
    if not any(a.kind in g and b.kind in g for g in groups):
        return False
    return a.box.contains(b.box, slack) and b.box.contains(a.box, slack)


def _inside(inner: Box, outer: Box) -> bool:
    return outer.contains(inner, 3) and inner != outer
