"""A Figma node's paint and type, as the REST API writes them, to the offline engine's ``Style``.

Figma's colours are RGBA floats 0-1; a paint's ``opacity`` multiplies the colour's alpha. A
translucent colour is flattened over what it lies on (the model's colours are opaque sRGB), a
node's own ``opacity`` is kept as CSS ``opacity``. Geometry is in px (CSS px: Figma's units).
Malformed values (a missing colour, a string where a number goes) read as absent, never raise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from converters.offline.model import Colour, Span, Style
from converters.palette import hex_colour

Json = Mapping[str, Any]

VISIBLE_ALPHA: Final = 0.02
"""A paint whose alpha is below this adds nothing visible (Figma's "0 %" fills)."""
_ALIGN: Final[dict[str, Literal["center", "right"]]] = {"CENTER": "center", "RIGHT": "right"}
_CASE: Final[dict[str, Literal["uppercase", "lowercase", "capitalize"]]] = {
    "UPPER": "uppercase",
    "LOWER": "lowercase",
    "TITLE": "capitalize",
}
_DECORATION: Final[dict[str, Literal["underline", "line-through"]]] = {
    "UNDERLINE": "underline",
    "STRIKETHROUGH": "line-through",
}


def number(value: object, default: float = 0.0) -> float:
    """``value`` as a finite float, else ``default`` (the API's numbers may be missing)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return float(value)


def mapping(value: object) -> Json:
    return value if isinstance(value, Mapping) else {}


def sequence(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def visible_paints(paints: object) -> list[Json]:
    """The paints of a ``fills``/``strokes`` list that show (``visible`` not false, some alpha)."""
    shown = []
    for paint in sequence(paints):
        paint = mapping(paint)
        if paint.get("visible") is False or number(paint.get("opacity"), 1.0) < VISIBLE_ALPHA:
            continue
        if paint.get("type") == "SOLID" and _alpha(paint) < VISIBLE_ALPHA:
            continue
        shown.append(paint)
    return shown


def _alpha(paint: Json) -> float:
    return number(mapping(paint.get("color")).get("a"), 1.0) * number(paint.get("opacity"), 1.0)


def rgba(colour: object, opacity: float = 1.0) -> tuple[Colour, float]:
    """A Figma colour as sRGB 0-255 and its alpha times ``opacity``."""
    colour = mapping(colour)
    rgb = tuple(max(0, min(255, round(number(colour.get(c)) * 255))) for c in "rgb")
    return (rgb[0], rgb[1], rgb[2]), number(colour.get("a"), 1.0) * opacity


def over(colour: Colour, alpha: float, behind: Colour) -> Colour:
    """``colour`` at ``alpha`` flattened over ``behind``."""
    a = max(0.0, min(1.0, alpha))
    mixed = (round(a * c + (1 - a) * b) for c, b in zip(colour, behind, strict=True))
    return next(mixed), next(mixed), next(mixed)


def solid(paints: object, behind: Colour) -> Colour | None:
    """The colour of the topmost solid (or gradient: its first stop) paint, flattened over the
    paints below it and ``behind``; ``None`` without one."""
    result: Colour | None = None
    for paint in visible_paints(paints):
        kind = paint.get("type")
        if kind == "SOLID":
            colour, alpha = rgba(paint.get("color"), number(paint.get("opacity"), 1.0))
        elif isinstance(kind, str) and kind.startswith("GRADIENT_"):
            stops = sequence(paint.get("gradientStops"))
            if not stops:
                continue
            colour, alpha = rgba(mapping(stops[0]).get("color"), number(paint.get("opacity"), 1.0))
        else:
            continue
        result = over(colour, alpha, result if result is not None else behind)
    return result


def has_image(paints: object) -> bool:
    return any(paint.get("type") == "IMAGE" for paint in visible_paints(paints))


def gradient(paints: object) -> str:
    """The topmost linear gradient paint as a CSS ``linear-gradient``, else ``""``."""
    for paint in reversed(visible_paints(paints)):
        if paint.get("type") != "GRADIENT_LINEAR":
            continue
        stops = [mapping(stop) for stop in sequence(paint.get("gradientStops"))]
        if len(stops) < 2:
            return ""
        handles = [mapping(h) for h in sequence(paint.get("gradientHandlePositions"))]
        angle = 180.0
        if len(handles) >= 2:
            dx = number(handles[1].get("x")) - number(handles[0].get("x"))
            dy = number(handles[1].get("y")) - number(handles[0].get("y"))
            if dx or dy:
                angle = (math.degrees(math.atan2(dx, -dy)) + 360) % 360
        parts = []
        for stop in stops:
            colour, alpha = rgba(stop.get("color"), number(paint.get("opacity"), 1.0))
            where = round(100 * number(stop.get("position")))
            parts.append(f"{_css_colour(colour, alpha)} {where}%")
        return f"linear-gradient({round(angle)}deg, {', '.join(parts)})"
    return ""


def _css_colour(colour: Colour, alpha: float) -> str:
    if alpha >= 1 - VISIBLE_ALPHA / 2:
        return hex_colour(colour)
    r, g, b = colour
    return f"rgba({r}, {g}, {b}, {round(alpha, 2):g})"


def shadow(effects: object) -> str:
    """Visible drop and inner shadows as a CSS ``box-shadow`` value (``""`` without any)."""
    parts = []
    for effect in sequence(effects):
        effect = mapping(effect)
        kind = effect.get("type")
        if effect.get("visible") is False or kind not in ("DROP_SHADOW", "INNER_SHADOW"):
            continue
        offset = mapping(effect.get("offset"))
        colour, alpha = rgba(effect.get("color"))
        lengths = (
            number(offset.get("x")),
            number(offset.get("y")),
            number(effect.get("radius")),
            number(effect.get("spread")),
        )
        text = " ".join(f"{round(v)}px" if round(v) else "0" for v in lengths)
        inset = "inset " if kind == "INNER_SHADOW" else ""
        parts.append(f"{inset}{text} {_css_colour(colour, alpha)}")
    return ", ".join(parts)


def box_style(node: Json, behind: Colour) -> Style:
    """Background, border, radii, shadow and opacity of a frame or shape ``node`` over ``behind``."""
    fills = node.get("fills")
    background = solid(fills, behind)
    stroke = solid(node.get("strokes"), background or behind)
    weight = round(number(node.get("strokeWeight"), 1.0))
    sides = mapping(node.get("individualStrokeWeights"))
    widths: tuple[int, int, int, int] | None = None
    if sides:
        widths = tuple(round(number(sides.get(k))) for k in ("top", "right", "bottom", "left"))  # type: ignore[assignment]
        weight = max(widths) if widths else weight
        if widths is not None and len(set(widths)) == 1:
            widths = None
    corners = [round(number(r)) for r in sequence(node.get("rectangleCornerRadii"))]
    radius = round(number(node.get("cornerRadius")))
    radii: tuple[int, int, int, int] | None = None
    if len(corners) == 4:
        if len(set(corners)) == 1:
            radius = corners[0]
        else:
            radii = (corners[0], corners[1], corners[2], corners[3])
    return Style(
        background=background,
        border=stroke if stroke is not None and weight > 0 else None,
        border_width=max(0, weight) if stroke is not None else 0,
        radius=max(0, radius),
        gradient=gradient(fills),
        shadow=shadow(node.get("effects")),
        opacity=max(0.0, min(1.0, number(node.get("opacity"), 1.0))),
        radii=radii,
        border_widths=widths if stroke is not None else None,
    )


def painted(style: Style) -> bool:
    """Whether a box with ``style`` shows on its own (a fill, border, gradient or shadow)."""
    return any((style.background is not None, style.border is not None, style.gradient, style.shadow))


def text_style(node: Json, behind: Colour) -> Style:
    """The type style of a ``TEXT`` node: its ``style`` and its fills (the text colour)."""
    style = mapping(node.get("style"))
    size = number(style.get("fontSize"), 16.0)
    line_height = number(style.get("lineHeightPx"))
    return Style(
        font_size=max(1, round(size)),
        line_height=round(line_height) if line_height > 0 else None,
        font_weight=round(number(style.get("fontWeight"), 400.0)),
        colour=solid(node.get("fills"), behind) or (0, 0, 0),
        align=_ALIGN.get(str(style.get("textAlignHorizontal", ""))),
        font_family=str(style.get("fontFamily", "")) if isinstance(style.get("fontFamily"), str) else "",
        italic=style.get("italic") is True,
        letter_spacing=round(number(style.get("letterSpacing")), 2),
        transform=_CASE.get(str(style.get("textCase", "")), ""),
        decoration=_DECORATION.get(str(style.get("textDecoration", "")), ""),
        opacity=max(0.0, min(1.0, number(node.get("opacity"), 1.0))),
    )


def spans(node: Json, base: Style, behind: Colour) -> tuple[Span, ...]:
    """The runs of a ``TEXT`` node with mixed styles (``characterStyleOverrides`` indexing its
    ``styleOverrideTable``), each with what differs from ``base``; ``()`` when it has one style."""
    text = node.get("characters")
    overrides = [int(number(o)) for o in sequence(node.get("characterStyleOverrides"))]
    table = mapping(node.get("styleOverrideTable"))
    if not isinstance(text, str) or not any(overrides) or not table:
        return ()
    runs: list[tuple[int, str]] = []
    for index, char in enumerate(text):
        key = overrides[index] if index < len(overrides) else 0
        if runs and runs[-1][0] == key:
            runs[-1] = (key, runs[-1][1] + char)
        else:
            runs.append((key, char))
    result = []
    for key, run in runs:
        override = mapping(table.get(str(key))) if key else {}
        result.append(_span(run, override, base, behind))
    return tuple(result)


def _span(text: str, override: Json, base: Style, behind: Colour) -> Span:
    weight = round(number(override.get("fontWeight"), float(base.font_weight or 400)))
    size = round(number(override.get("fontSize"), float(base.font_size or 16)))
    colour = solid(override.get("fills"), behind) if "fills" in override else None
    decoration = _DECORATION.get(str(override.get("textDecoration", "")))
    family = override.get("fontFamily")
    return Span(
        text,
        font_weight=weight if weight != (base.font_weight or 400) else None,
        italic=override.get("italic") is True and not base.italic,
        colour=colour if colour != base.colour else None,
        font_size=size if size != base.font_size else None,
        decoration=decoration if decoration is not None and decoration != base.decoration else "",
        font_family=family if isinstance(family, str) and family != base.font_family else "",
    )
