"""An SVG element's painted shape, as a ``VectorShape`` in CSS px (``converters.intake.svg_facts``
walks the tree; this reads one element): its outline's extent, fill and stroke colours (a gradient
by its first stop), stroke width and corner radius.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from converters.intake import svg_style as css
from converters.intake.vector import Rect, VectorShape


def fraction(value: str | None) -> float:
    if not value:
        return 1.0
    try:
        number = float(value.strip().rstrip("%")) / (100 if value.strip().endswith("%") else 1)
    except ValueError:
        return 1.0
    return max(0.0, min(1.0, number))


def shape_of(
    ids: dict[str, Element],
    element: Element,
    tag: str,
    matrix: css.Matrix,
    style: dict[str, str],
    opacity: float,
) -> VectorShape | None:
    """The filled or stroked shape ``element`` paints, in CSS px (``matrix``), or ``None``."""
    xs, ys, radius = _geometry(element, tag)
    if not xs:
        return None
    points = [css.apply(matrix, x, y) for x, y in zip(xs, ys, strict=True)]
    box = Rect.spanning([p[0] for p in points], [p[1] for p in points])
    if box is None:
        return None
    scale = abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5
    if tag == "image":
        return VectorShape("image", box)
    fill = paint(ids, style.get("fill", "black"), opacity * fraction(style.get("fill-opacity")))
    stroke = paint(ids, style.get("stroke"), opacity * fraction(style.get("stroke-opacity")))
    if tag in ("line", "polyline"):
        fill = None if tag == "line" else fill
    width = (css.length(style.get("stroke-width")) or 1.0) * scale if stroke is not None else 0.0
    if fill is None and stroke is None:
        return None
    aligned = css.is_axis_aligned(matrix)
    kind = {"rect": "rect", "circle": "ellipse", "ellipse": "ellipse", "line": "line"}.get(tag, "path")
    if kind == "rect" and not aligned:
        kind = "path"
    return VectorShape(kind, box, fill, stroke, round(width, 2), round(radius * scale, 2))  # type: ignore[arg-type]


def _geometry(element: Element, tag: str) -> tuple[list[float], list[float], float]:
    """Points spanning the element's outline (its own units) and its corner radius."""

    def number(name: str, default: float = 0.0) -> float:
        return css.length(element.get(name)) if css.length(element.get(name)) is not None else default  # type: ignore[return-value]

    if tag in ("rect", "image"):
        x, y, w, h = number("x"), number("y"), number("width"), number("height")
        if w <= 0 or h <= 0:
            return [], [], 0.0
        rx = css.length(element.get("rx"))
        ry = css.length(element.get("ry"))
        radius = min(rx if rx is not None else (ry or 0.0), w / 2, h / 2)
        return [x, x + w], [y, y + h], max(0.0, radius)
    if tag in ("circle", "ellipse"):
        cx, cy = number("cx"), number("cy")
        rx = number("r") if tag == "circle" else number("rx")
        ry = number("r") if tag == "circle" else number("ry")
        if rx <= 0 or ry <= 0:
            return [], [], 0.0
        return [cx - rx, cx + rx], [cy - ry, cy + ry], min(rx, ry)
    if tag == "line":
        return [number("x1"), number("x2")], [number("y1"), number("y2")], 0.0
    if tag in ("polyline", "polygon"):
        values = css.numbers(element.get("points"))
        return values[0::2][: len(values) // 2], values[1::2][: len(values) // 2], 0.0
    if tag == "path":
        xs, ys = css.path_points(element.get("d"))
        return xs, ys, 0.0
    return [], [], 0.0


def paint(ids: dict[str, Element], value: str | None, opacity: float) -> tuple[int, int, int] | None:
    """A fill or stroke colour; a gradient (``url(#id)``) is taken by its first stop."""
    if value and value.strip().startswith("url("):
        target = ids.get(value.strip()[4:].split(")", 1)[0].strip("'\" #"))
        stops = [child for child in target if local_name(child.tag) == "stop"] if target is not None else []
        if not stops:
            return None
        stop = stops[0]
        declared = css.declarations(stop.get("style") or "")
        return css.colour(declared.get("stop-color") or stop.get("stop-color") or "black", opacity)
    return css.colour(value, opacity)


def on_page(shape: VectorShape, width: float, height: float) -> VectorShape | None:
    box = shape.box.clipped(width, height) if shape.box.w > 0 or shape.box.h > 0 else None
    if box is None and shape.kind == "line":  # a level or upright line has no area: keep its extent
        inside = 0 <= shape.box.x <= width and 0 <= shape.box.y <= height
        return shape if inside else None
    return (
        None
        if box is None
        else VectorShape(shape.kind, box, shape.fill, shape.stroke, shape.stroke_width, shape.radius)
    )


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
