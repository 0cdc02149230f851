"""What the SVG reader needs of CSS and SVG syntax: styles (presentation attributes, ``style``
attributes and simple ``<style>`` rules), lengths, colours, transforms and a path's extent.

Every parser here is bounded (named limits) and returns ``None`` rather than raising on input it
does not understand: a fact it cannot read is left out, never guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

from cairosvg.colors import color as parse_css_colour

from converters.intake.vector import IDENTITY, Colour, Matrix, apply, multiply

__all__ = ["IDENTITY", "Matrix", "apply", "multiply"]  # the SVG reader takes them from here


STYLED: Final = frozenset(
    {
        "fill", "stroke", "stroke-width", "font-family", "font-size", "font-weight", "font-style",
        "text-anchor", "opacity", "fill-opacity", "stroke-opacity", "display", "visibility",
        "stop-color",
    }
)  # fmt: skip
"""Properties the reader uses; others are ignored."""
INHERITED: Final = STYLED - {"opacity", "display", "stop-color"}
MAX_STYLE_CHARS: Final = 200_000
"""Characters of ``<style>`` text parsed: a design's stylesheet has a few thousand."""
MAX_RULES: Final = 2_000
"""Rules kept from ``<style>``: exporters write one per class."""
MAX_PATH_NUMBERS: Final = 200_000
"""Numbers read from one path's ``d``: an icon has dozens, a traced picture thousands."""
MAX_TRANSFORMS: Final = 32
"""Transform functions in one ``transform`` attribute."""
UNITS: Final = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
"""CSS px per unit (96 px per inch, as browsers and cairosvg use them)."""
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_LENGTH = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-z%]*)\s*$")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^([a-zA-Z][\w-]*)?(?:([.#])([\w-]+))?$")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def declarations(text: str) -> dict[str, str]:
    """``a: b; c: d`` as a dict of the properties in ``STYLED`` (``!important`` dropped)."""
    found: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        name = name.strip().lower()
        if sep and name in STYLED:
            found[name] = value.replace("!important", "").strip()
    return found


class StyleSheet:
    """Rules of ``<style>`` elements whose selectors are simple (``tag``, ``.class``, ``#id``,
    ``tag.class``, ``*``); other selectors are skipped. Later rules win, as in CSS for equal
    specificity (specificity itself is not ranked: exporters write one rule per class)."""

    def __init__(self, texts: list[str]) -> None:
        self.rules: list[tuple[str | None, str | None, str | None, dict[str, str]]] = []
        source = re.sub(r"/\*.*?\*/", "", "\n".join(texts)[:MAX_STYLE_CHARS], flags=re.S)
        source = re.sub(r"@[^{;]*;", "", source)
        for match in _RULE.finditer(source):
            if len(self.rules) >= MAX_RULES:
                break
            props = declarations(match.group(2))
            if not props:
                continue
            for selector in match.group(1).split(","):
                selector = selector.strip()
                if selector == "*":
                    self.rules.append((None, None, None, props))
                    continue
                simple = _SIMPLE_SELECTOR.match(selector)
                if simple and (simple.group(1) or simple.group(3)):
                    tag, mark, name = simple.groups()
                    self.rules.append(
                        (tag, name if mark == "." else None, name if mark == "#" else None, props)
                    )

    def matching(self, tag: str, classes: set[str], element_id: str | None) -> dict[str, str]:
        """The properties the rules give an element, later rules winning."""
        found: dict[str, str] = {}
        for rule_tag, rule_class, rule_id, props in self.rules:
            if rule_tag is not None and rule_tag != tag:
                continue
            if rule_class is not None and rule_class not in classes:
                continue
            if rule_id is not None and rule_id != element_id:
                continue
            found.update(props)
        return found


def length(value: str | None, reference: float = 16.0) -> float | None:
    """A length in CSS px (``em`` and ``%`` of ``reference``); ``None`` when unreadable."""
    if not value:
        return None
    match = _LENGTH.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit in ("em", "%"):
        number *= reference / (100 if unit == "%" else 1)
    elif unit in UNITS:
        number *= UNITS[unit]
    else:
        return None
    return number if math.isfinite(number) else None


def numbers(value: str | None, limit: int = MAX_PATH_NUMBERS) -> list[float]:
    """The numbers in a list attribute (``points``, ``x``...), at most ``limit``."""
    if not value:
        return []
    found: list[float] = []
    for match in _NUMBER.finditer(value):
        if len(found) >= limit:
            break
        found.append(float(match.group(0)))
    return found


def colour(value: str | None, opacity: float = 1.0) -> Colour | None:
    """An sRGB colour blended onto white by its alpha times ``opacity``; ``None`` for ``none``,
    ``transparent`` or anything unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value or value in ("none", "transparent") or value.startswith("url("):
        return None
    try:
        r, g, b, a = parse_css_colour(value)
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    alpha = max(0.0, min(1.0, float(a) * opacity))
    if alpha <= 0.0:
        return None
    red, green, blue = (round(255 * (float(channel) * alpha + (1 - alpha))) for channel in (r, g, b))
    return red, green, blue


def font_weight(value: str | None, inherited: int) -> int:
    """A CSS ``font-weight`` as a number (``bolder``/``lighter`` relative to ``inherited``)."""
    if not value:
        return inherited
    value = value.strip().lower()
    named = {
        "normal": 400,
        "bold": 700,
        "bolder": min(900, inherited + 300),
        "lighter": max(100, inherited - 300),
    }
    if value in named:
        return named[value]
    try:
        number = int(float(value))
    except ValueError:
        return inherited
    return number if 1 <= number <= 1000 else inherited


def first_family(value: str | None) -> str:
    """The first family of a ``font-family`` list, unquoted."""
    if not value:
        return "sans-serif"
    return value.split(",", 1)[0].strip().strip("'\"") or "sans-serif"


def transform(value: str | None) -> Matrix | None:
    """A ``transform`` attribute as one matrix; ``None`` when it cannot be read."""
    if not value:
        return IDENTITY
    result = IDENTITY
    for count, match in enumerate(_TRANSFORM.finditer(value)):
        if count >= MAX_TRANSFORMS:
            return None
        name, args = match.group(1), numbers(match.group(2), 6)
        step = _step(name, args)
        if step is None:
            return None
        result = multiply(step, result)
    return result


def _step(name: str, args: list[float]) -> Matrix | None:
    if name == "matrix" and len(args) == 6:
        return (args[0], args[1], args[2], args[3], args[4], args[5])
    if name == "translate" and args:
        return (1.0, 0.0, 0.0, 1.0, args[0], args[1] if len(args) > 1 else 0.0)
    if name == "scale" and args:
        return (args[0], 0.0, 0.0, args[1] if len(args) > 1 else args[0], 0.0, 0.0)
    if name == "rotate" and args:
        angle = math.radians(args[0])
        cos, sin = math.cos(angle), math.sin(angle)
        cx, cy = (args[1], args[2]) if len(args) >= 3 else (0.0, 0.0)
        return (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
    if name in ("skewX", "skewY") and args:
        tangent = math.tan(math.radians(args[0]))
        return (1.0, 0.0, tangent, 1.0, 0.0, 0.0) if name == "skewX" else (1.0, tangent, 0.0, 1.0, 0.0, 0.0)
    return None


def is_axis_aligned(matrix: Matrix) -> bool:
    """Whether ``matrix`` only scales (positively) and moves: boxes stay boxes, text stays level."""
    return abs(matrix[1]) < 1e-9 and abs(matrix[2]) < 1e-9 and matrix[0] > 0 and matrix[3] > 0


def path_points(d: str | None) -> tuple[list[float], list[float]]:
    """The end and control points of a path's ``d`` (absolute), for its bounding box: control
    points lie outside a curve at most a little, arcs are taken by their ends."""
    xs: list[float] = []
    ys: list[float] = []
    if not d:
        return xs, ys
    tokens = _PATH_TOKEN.findall(d)[: MAX_PATH_NUMBERS + MAX_PATH_NUMBERS // 2]
    x = y = start_x = start_y = 0.0
    command = ""
    index = 0
    arity = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "A": 7, "Z": 0}
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                x, y = start_x, start_y
                continue
        if not command or command in "Zz":
            index += 1
            continue
        count = arity[command.upper()]
        args = tokens[index : index + count]
        if len(args) < count or any(arg.isalpha() for arg in args):
            break
        values = [float(arg) for arg in args]
        index += count
        relative = command.islower()
        upper = command.upper()
        if upper == "H":
            x = x + values[0] if relative else values[0]
        elif upper == "V":
            y = y + values[0] if relative else values[0]
        elif upper == "A":
            x, y = (x + values[5], y + values[6]) if relative else (values[5], values[6])
        else:
            pairs = [(values[i], values[i + 1]) for i in range(0, count, 2)]
            for px, py in pairs[:-1]:  # control points
                xs.append(x + px if relative else px)
                ys.append(y + py if relative else py)
            end_x, end_y = pairs[-1]
            x, y = (x + end_x, y + end_y) if relative else (end_x, end_y)
        if upper == "M":
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs after a moveto are lines
        xs.append(x)
        ys.append(y)
    return xs, ys


def resolved(own: Mapping[str, str], parent: Mapping[str, str]) -> dict[str, str]:
    """An element's style: what it inherits from ``parent`` overridden by its ``own``."""
    style = {name: value for name, value in parent.items() if name in INHERITED}
    style.update(own)
    return style
