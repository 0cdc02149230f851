"""Small vector nodes (icons) as SVG documents drawn from their Figma geometry.

The REST API gives a vector's outline as ``fillGeometry``/``strokeGeometry`` (SVG path data in
the node's own coordinates) when the file is fetched with ``geometry=paths``; without it an
ellipse or a rectangle is still drawn from its box, and any other shape has no drawing (the
emit's icon placeholder stands in). Path data is checked against SVG's path grammar, so nothing
but a path reaches the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final
from xml.sax.saxutils import quoteattr

from converters.offline.figma.paint import Json, mapping, number, rgba, sequence, visible_paints
from converters.offline.model import Box
from converters.palette import hex_colour

VECTOR_TYPES: Final = frozenset({"VECTOR", "BOOLEAN_OPERATION", "ELLIPSE", "STAR", "LINE", "REGULAR_POLYGON"})
"""Node types that are drawings, not boxes or text."""
MAX_ICON_PX: Final = 48
"""Vectors (and groups of only vectors) no larger than this on either side are icons."""
_PATH: Final = re.compile(r"[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\- ]{1,20000}")
"""SVG path data: commands and numbers only, of a size an icon has."""


def is_drawing(node: Json) -> bool:
    """Whether ``node`` and everything under it that shows is a vector drawing."""
    kind = node.get("type")
    if kind in VECTOR_TYPES:
        return True
    if kind not in ("GROUP", "FRAME", "INSTANCE", "COMPONENT"):
        return False
    kids = [mapping(k) for k in sequence(node.get("children")) if mapping(k).get("visible") is not False]
    return bool(kids) and all(is_drawing(k) for k in kids)


def icon_svg(node: Json, box: Box, origin: tuple[float, float]) -> str:
    """An SVG document of ``node`` (a drawing ``box`` px in size whose top left is at ``origin``
    in absolute coordinates), or ``""`` when none of it can be drawn."""
    shapes = list(_shapes(node, origin))
    if not shapes:
        return ""
    w, h = max(1, box.w), max(1, box.h)
    body = "".join(shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">{body}</svg>'
    )


def _shapes(node: Json, origin: tuple[float, float]) -> Iterator[str]:
    if node.get("visible") is False:
        return
    kind = node.get("type")
    if kind not in VECTOR_TYPES or (kind == "BOOLEAN_OPERATION" and node.get("fillGeometry") is None):
        for child in sequence(node.get("children")):
            yield from _shapes(mapping(child), origin)
        if kind != "BOOLEAN_OPERATION":
            return
    bounds = mapping(node.get("absoluteBoundingBox"))
    x = number(bounds.get("x")) - origin[0]
    y = number(bounds.get("y")) - origin[1]
    w, h = number(bounds.get("width")), number(bounds.get("height"))
    fill = _colour(node.get("fills"))
    stroke = _colour(node.get("strokes"))
    weight = number(node.get("strokeWeight"), 1.0)
    move = f' transform="translate({_n(x)} {_n(y)})"' if x or y else ""
    drawn = False
    for geometry, paint in (("fillGeometry", fill), ("strokeGeometry", stroke)):
        for item in sequence(node.get(geometry)):
            path = mapping(item).get("path")
            if paint and isinstance(path, str) and _PATH.fullmatch(path):
                rule = ' fill-rule="evenodd"' if mapping(item).get("windingRule") == "EVENODD" else ""
                yield f"<path{move} d={quoteattr(path)} fill={quoteattr(paint)}{rule}/>"
                drawn = True
    if drawn:
        return
    paint_attrs = f" fill={quoteattr(fill or 'none')}"
    if stroke:
        paint_attrs += f" stroke={quoteattr(stroke)} stroke-width={quoteattr(_n(weight))}"
    if kind == "ELLIPSE":
        centre = f'cx="{_n(x + w / 2)}" cy="{_n(y + h / 2)}"'
        yield f'<ellipse {centre} rx="{_n(w / 2)}" ry="{_n(h / 2)}"{paint_attrs}/>'
    elif kind == "LINE" and stroke:
        yield f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + w)}" y2="{_n(y + h)}"{paint_attrs}/>'


def _colour(paints: object) -> str:
    for paint in reversed(visible_paints(paints)):
        if paint.get("type") == "SOLID":
            colour, alpha = rgba(paint.get("color"), number(paint.get("opacity"), 1.0))
            return (
                hex_colour(colour)
                if alpha >= 0.99
                else f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha:.2f})"
            )
    return ""


def _n(value: float) -> str:
    return f"{round(value, 2):g}"
