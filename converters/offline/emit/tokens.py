"""The render plan's design tokens: its colours, font sizes, weights, spacing and radii gathered,
merged into a small theme (``converters.tokens``) and referenced by the declarations.

``tokenise(page)`` returns the same page with every colour, font size (and its usual line
height), font weight, spacing step and radius written as ``var(--…)`` of its token, and the
``Theme`` in ``Page.theme``. The writers then spell the references their way: HTML + CSS keeps
``var(--color-primary)`` and puts the ``:root`` rule first in its sheet; the Tailwind writer turns
them into theme utilities (``bg-primary``, ``text-md``, ``rounded-lg``, ``gap-6``) and the page
carries the ``@theme`` block (see ``document`` and ``converters.offline.emit.emit``).

What may change the render, and by how much (measured in ``benchmarks/tokens_bench.py``):
colours merge only below a just-noticeable difference (``converters.tokens.colours``), radii
within a pixel. Spacing on the 4 px step is written as its multiple and spacing off it keeps its
measured value, as do font sizes, line heights, widths and heights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Final

from converters.offline.emit.markup import Decl, Tag, Variant
from converters.offline.emit.plan import Page
from converters.tokens import (
    FULL_RADIUS_PX,
    ColourUse,
    Theme,
    cluster_colours,
    font_scale,
    radius_scale,
    spacing_scale,
    weight_scale,
)

_HEX: Final = re.compile(r"#[0-9a-f]{6}\b")
_PX: Final = re.compile(r"(\d+(?:\.\d+)?)px")
SPACING_PROPS: Final = frozenset(
    {"gap", "row-gap", "column-gap", "margin-top", "margin-left", "padding", "padding-inline"}
)
"""Declarations whose px lengths are spacing (the rest of the lengths are sizes, kept exact)."""
_BORDERS: Final = ("border", "border-top", "border-left")


def tokenise(page: Page) -> Page:
    """``page`` with its values replaced by references to its theme (see the module docstring)."""
    tags = list(_walk(page.root))
    background = next((v for _, p, v in page.body if p == "background"), None)
    uses: list[ColourUse] = []
    sizes: list[tuple[float, float | None, float]] = []
    weights: list[int] = []
    radii: list[float] = []
    spacing: list[float] = []
    for tag in tags:
        chars = float(max(1, _text_length(tag)))
        props = {(variant, prop): value for variant, prop, value in tag.decls}
        for (variant, prop), value in props.items():
            if prop == "color" and _HEX.fullmatch(value):
                uses.append(ColourUse(value, "text", 1.0 if variant == "placeholder" else chars))
            elif prop == "background" and _HEX.fullmatch(value):
                uses.append(ColourUse(value, "background"))
            elif prop in _BORDERS and (found := _HEX.search(value)):
                uses.append(ColourUse(found.group(0), "border"))
            elif prop == "font-size" and (size := _px_value(value)) is not None:
                sizes.append((size, _px_value(props.get((variant, "line-height"), "")), chars))
            elif prop == "font-weight" and value.isdigit():
                weights.append(int(value))
            elif prop == "border-radius" and (radius := _px_value(value)) is not None:
                radii.append(radius)
            elif prop in SPACING_PROPS:
                spacing += _px_values(value)
    colours, colour_names = cluster_colours(uses, page_background=background)
    font_sizes, size_names = font_scale(sizes)
    font_weights, weight_names = weight_scale(weights)
    radius_tokens, radius_names = radius_scale(radii)
    theme = Theme(colours, font_sizes, font_weights, spacing_scale(spacing), radius_tokens)
    leading = {token.name: token.line_height_px for token in font_sizes}

    def value_of(props: dict[tuple[Variant, str], str], variant: Variant, prop: str, value: str) -> str:
        if prop in ("color", "background") or prop in _BORDERS:
            return _HEX.sub(lambda m: f"var(--color-{colour_names[m.group(0)]})", value)
        if prop == "font-size" and (size := _px_value(value)) is not None:
            return f"var(--text-{size_names[size]})"
        if prop == "line-height":
            size = _px_value(props.get((variant, "font-size"), ""))
            name = size_names.get(size) if size is not None else None
            if name is not None and _px_value(value) == leading[name]:
                return f"var(--text-{name}--line-height)"
            return value
        if prop == "font-weight" and value.isdigit():
            return f"var(--font-weight-{weight_names[int(value)]})"
        if prop == "border-radius" and (radius := _px_value(value)) is not None and radius < FULL_RADIUS_PX:
            return f"var(--radius-{radius_names[radius]})" if radius > 0 else value
        if prop in SPACING_PROPS:
            return " ".join(_spacing_ref(part) for part in value.split())
        return value

    def rewrite(decls: tuple[Decl, ...]) -> tuple[Decl, ...]:
        props = {(variant, prop): value for variant, prop, value in decls}
        return tuple((variant, prop, value_of(props, variant, prop, value)) for variant, prop, value in decls)

    root = _mapped(page.root, rewrite)
    return replace(page, body=rewrite(page.body), root=root, theme=theme)


def _spacing_ref(part: str) -> str:
    value = _px_value(part)
    steps = spacing_scale([value]) if value is not None else ()
    return f"var(--spacing-{steps[0].name})" if steps else part


def _mapped(tag: Tag, rewrite: Callable[[tuple[Decl, ...]], tuple[Decl, ...]]) -> Tag:
    content = tuple(part if isinstance(part, str) else _mapped(part, rewrite) for part in tag.content)
    return replace(tag, decls=rewrite(tag.decls), content=content)


def _walk(tag: Tag) -> Iterator[Tag]:
    yield tag
    for part in tag.content:
        if isinstance(part, Tag):
            yield from _walk(part)


def _text_length(tag: Tag) -> int:
    return sum(len(part) if isinstance(part, str) else _text_length(part) for part in tag.content)


def _px_value(value: str) -> float | None:
    match = _PX.fullmatch(value)
    return float(match.group(1)) if match else None


def _px_values(value: str) -> list[float]:
    return [v for part in value.split() if (v := _px_value(part)) is not None]
