"""CSS declarations -> Tailwind CSS 4 utility classes.

Tailwind's scale is used where a value matches it exactly (spacing in 4 px steps, with 2 px half
steps: ``mt-6`` is 24 px; the type scale with its own line heights: ``text-lg`` is 18/28 px;
``rounded-lg`` is 8 px), arbitrary values otherwise (``w-[37.5%]``, ``text-[22px]``,
``leading-[30px]``, ``bg-[#f1f5f9]``). Heights that only set a floor stay arbitrary
(``min-h-[64px]``) so they read as the design's measurement. Variants: ``placeholder:`` and
``max-sm:`` (below 640 px, ``markup.NARROW_PX``).

References to the page's theme (``var(--color-primary)``, ``var(--text-md)``, see ``emit.tokens``)
become the utilities the ``@theme`` block generates: ``bg-primary``, ``text-md``,
``font-bold``, ``gap-6``, ``rounded-lg``.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from converters.offline.emit.markup import MIN_WIDTHS, TABLET_PX, Decl, Variant

TYPE_SCALE: Final = {
    12: ("xs", 16),
    14: ("sm", 20),
    16: ("base", 24),
    18: ("lg", 28),
    20: ("xl", 28),
    24: ("2xl", 32),
    30: ("3xl", 36),
    36: ("4xl", 40),
    48: ("5xl", 48),
    60: ("6xl", 60),
    72: ("7xl", 72),
    96: ("8xl", 96),
    128: ("9xl", 128),
}
"""Font size px -> (Tailwind name, its default line height px)."""
RADII: Final = {2: "rounded-xs", 4: "rounded", 6: "rounded-md", 8: "rounded-lg", 12: "rounded-xl"}
RADII_MORE: Final = {16: "rounded-2xl", 24: "rounded-3xl", 32: "rounded-4xl", 9999: "rounded-full"}
WEIGHTS: Final = {"100": "thin", "200": "extralight", "300": "light", "400": "normal", "500": "medium"}
WEIGHTS_MORE: Final = {"600": "semibold", "700": "bold", "800": "extrabold", "900": "black"}
FRACTIONS: Final = {"50%": "1/2", "25%": "1/4", "75%": "3/4", "20%": "1/5", "40%": "2/5", "60%": "3/5"}
FRACTIONS_MORE: Final = {"80%": "4/5", "100%": "full"}
_WIDTHS: Final = {**FRACTIONS, **FRACTIONS_MORE}
_WEIGHT_NAMES: Final = {**WEIGHTS, **WEIGHTS_MORE}
_RADIUS_NAMES: Final = {**RADII, **RADII_MORE}
_KEYWORDS: Final = {
    ("display", "flex"): "flex",
    ("display", "inline-flex"): "inline-flex",
    ("display", "block"): "block",
    ("display", "contents"): "contents",
    ("display", "inline-block"): "inline-block",
    ("display", "none"): "hidden",
    ("display", "inline"): "inline",
    ("flex-wrap", "nowrap"): "flex-nowrap",
    ("order", "0"): "order-none",
    ("flex-direction", "column"): "flex-col",
    ("flex-direction", "row"): "flex-row",
    ("flex-wrap", "wrap"): "flex-wrap",
    ("flex", "none"): "flex-none",
    ("flex-shrink", "0"): "shrink-0",
    ("flex-shrink", "1"): "shrink",
    ("object-fit", "cover"): "object-cover",
    ("overflow-wrap", "anywhere"): "wrap-anywhere",
    ("resize", "vertical"): "resize-y",
    ("margin", "0 auto"): "mx-auto",
    ("margin", "0"): "m-0",
    ("min-width", "0"): "min-w-0",
    ("min-height", "100vh"): "min-h-screen",
}
_FLEX_POSITIONS: Final = {
    "flex-start": "start",
    "center": "center",
    "flex-end": "end",
    "stretch": "stretch",
    "space-between": "between",
    "baseline": "baseline",
}
_PREFIX: Final = {"justify-content": "justify", "align-items": "items", "align-self": "self"}
_SIDES: Final = {
    "padding-inline": "px",
    "gap": "gap",
    "column-gap": "gap-x",
    "row-gap": "gap-y",
    "margin-top": "mt",
    "margin-left": "ml",
}
_PX: Final = re.compile(r"(-?\d+(?:\.\d+)?)px")
_THEME_REFERENCE: Final = re.compile(r"var\(--(color|text|font-weight|spacing|radius)-([a-z0-9-]+)\)")
_NAMED_COLOURS: Final = {"#ffffff": "white", "#000000": "black"}
RESET_VALUES: Final = frozenset({"normal", "auto", "none", "unset", "revert", "initial", "inherit"})
"""CSS-wide and reset keywords, written as arbitrary properties (``md:[max-width:none]``)."""
_VARIANT_PREFIX: Final = {
    "": "",
    "placeholder": "placeholder:",
    "narrow": "max-sm:",
    "tablet": f"max-[{TABLET_PX}px]:",
    **{name: f"{name}:" for name in MIN_WIDTHS},
}


@functools.lru_cache(maxsize=4096)
def utilities(decls: tuple[Decl, ...]) -> str:
    """The utility classes for ``decls``, space-separated, in the declarations' order."""
    classes: list[str] = []
    by_variant: dict[Variant, dict[str, str]] = {}
    for variant, prop, value in decls:
        by_variant.setdefault(variant, {})[prop] = value
    for variant, props in by_variant.items():
        prefix = _VARIANT_PREFIX[variant]
        classes += [prefix + name for name in _variant_classes(props)]
    return " ".join(classes)


def _variant_classes(props: dict[str, str]) -> list[str]:
    classes: list[str] = []
    for prop, value in props.items():
        if prop == "line-height" and "font-size" in props:
            continue  # written with the font size
        classes += _classes(prop, value, props)
    return classes


def _classes(prop: str, value: str, props: dict[str, str]) -> list[str]:
    keyword = _KEYWORDS.get((prop, value))
    if keyword is not None:
        return [keyword]
    if value in RESET_VALUES:  # a breakpoint's reset (``emit.responsive``): written as CSS
        return [f"[{prop}:{value}]"]
    if prop == "order":
        return [f"order-{value}"]
    if prop in _PREFIX:
        return [f"{_PREFIX[prop]}-{_FLEX_POSITIONS[value]}"]
    if prop in _SIDES:
        return [spacing(_SIDES[prop], value)]
    if prop == "padding":
        return _padding(value)
    if prop in ("width", "max-width", "height", "min-height"):
        return [_size(prop, value)]
    if prop == "font-size":
        return _font(value, props.get("line-height"))
    if prop == "line-height":
        return [_leading(value)]
    if prop == "font-weight":
        return ["font-" + (token(value, "font-weight") or _WEIGHT_NAMES.get(value, f"[{value}]"))]
    if prop == "font-family":
        return ["font-[" + value.replace('"', "'").replace(", ", ",").replace(" ", "_") + "]"]
    if prop == "color":
        return ["text-" + colour(value)]
    if prop == "background":
        return ["bg-" + colour(value)]
    if prop in ("border", "border-top", "border-left"):
        return _border(prop, value)
    if prop == "border-radius":
        return [_radius(value)]
    if prop == "text-align":
        return [f"text-{value}"]
    return [f"[{prop}:{value.replace(' ', '_')}]"]


def spacing(stem: str, value: str) -> str:
    """A spacing utility: ``mt-6`` (24px), ``mt-1.5`` (6px), ``mt-px``, ``-mt-2``, ``ml-[4.17%]``."""
    if value == "0":
        return f"{stem}-0"
    if named := token(value, "spacing"):
        return f"{stem}-{named}"
    match = _PX.fullmatch(value)
    if match is None:
        return f"-{stem}-[{value[1:]}]" if value.startswith("-") else f"{stem}-[{value}]"
    number = float(match.group(1))
    sign = "-" if number < 0 else ""
    number = abs(number)
    if number == 1:
        return f"{sign}{stem}-px"
    if number.is_integer() and number % 2 == 0:
        return f"{sign}{stem}-{number / 4:g}"
    return f"{sign}{stem}-[{number:g}px]"


def colour(value: str) -> str:
    """A theme colour's name (``primary``), ``white``/``black`` or an arbitrary ``[#rrggbb]``."""
    return token(value, "color") or _NAMED_COLOURS.get(value, f"[{value}]")


def token(value: str, namespace: str) -> str | None:
    """The token's name when ``value`` is ``var(--<namespace>-<name>)``, else ``None``."""
    match = _THEME_REFERENCE.fullmatch(value)
    return match.group(2) if match and match.group(1) == namespace else None


def _padding(value: str) -> list[str]:
    parts = value.split()
    top, right, bottom, left = {
        1: lambda p: (p[0], p[0], p[0], p[0]),
        2: lambda p: (p[0], p[1], p[0], p[1]),
        3: lambda p: (p[0], p[1], p[2], p[1]),
        4: lambda p: (p[0], p[1], p[2], p[3]),
    }[len(parts)](parts)
    if top == right == bottom == left:
        return [spacing("p", top)]
    classes: list[str] = []
    if right == left:
        classes.append(spacing("px", right))
    else:
        classes += [spacing("pr", right), spacing("pl", left)]
    if top == bottom:
        classes.insert(0, spacing("py", top))
    else:
        classes[:0] = [spacing("pt", top), spacing("pb", bottom)]
    return [c for c in classes if not c.endswith("-0") or len(classes) == 1] or classes


def _size(prop: str, value: str) -> str:
    stem = {"width": "w", "max-width": "max-w", "height": "h", "min-height": "min-h"}[prop]
    if prop == "width" and value in _WIDTHS:
        return f"w-{_WIDTHS[value]}"
    if value == "100%":
        return f"{stem}-full"
    if prop in ("width", "height") and _PX.fullmatch(value):
        return spacing(stem, value)
    return f"{stem}-[{value}]"


def _font(size: str, line_height: str | None) -> list[str]:
    if named := token(size, "text"):
        own = f"var(--text-{named}--line-height)"  # what text-<name> sets by itself
        return [f"text-{named}"] if line_height in (None, own) else [f"text-{named}", _leading(line_height)]
    match = _PX.fullmatch(size)
    scale = (
        TYPE_SCALE.get(int(float(match.group(1)))) if match and float(match.group(1)).is_integer() else None
    )
    if scale is not None:
        name, default_leading = scale
        if line_height is None or line_height == f"{default_leading}px":
            return [f"text-{name}"]
        return [f"text-{name}", _leading(line_height)]
    classes = [f"text-[{size}]"]
    if line_height is not None:
        classes.append(_leading(line_height))
    return classes


def _leading(value: str) -> str:
    if value.startswith("var(--"):
        return f"leading-({value[4:-1]})"
    match = _PX.fullmatch(value)
    if match and float(match.group(1)) % 4 == 0:
        return f"leading-{float(match.group(1)) / 4:g}"
    return f"leading-[{value}]"


def _border(prop: str, value: str) -> list[str]:
    side = {"border": "border", "border-top": "border-t", "border-left": "border-l"}[prop]
    if value == "0":
        return [f"{side}-0"]
    width, _, colour_value = value.split(" ", 2)
    number = int(float(width.removesuffix("px")))
    if number == 1:
        width_class = side
    elif number in (2, 4, 8):
        width_class = f"{side}-{number}"
    else:
        width_class = f"{side}-[{width}]"
    return [width_class, "border-" + colour(colour_value)]


def _radius(value: str) -> str:
    if named := token(value, "radius"):
        return f"rounded-{named}"
    if " " in value:  # corners of their own (an exact source's)
        return f"rounded-[{value.replace(' ', '_')}]"
    match = _PX.fullmatch(value)
    number = int(float(match.group(1))) if match else -1
    named = _RADIUS_NAMES.get(number)
    return named or f"rounded-[{value}]"
