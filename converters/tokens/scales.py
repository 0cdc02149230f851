"""Font sizes, font weights, spacing and radii of a result -> small named scales.

Sizes keep their values (text that changes size by a pixel can wrap differently); what makes the
scale small is that a page uses few of them once measured sizes are whole pixels. Radii within
``RADIUS_MERGE_PX`` of a more used one merge into it (a corner a pixel rounder is not visible).
Spacing on Tailwind's 4 px step becomes its multiples (``spacing_scale``); spacing off the step
keeps its measured value (snapping it moved every page's height: ``benchmarks/tokens_bench.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Final

from converters.tokens.theme import SPACING_STEP_PX, DimensionToken, SizeToken

SMALLER: Final = ("sm", "xs", "2xs", "3xs", "4xs", "5xs")
"""Names of the sizes below the body text (``md``), nearest first."""
LARGER: Final = ("lg", "xl", "2xl", "3xl", "4xl", "5xl", "6xl", "7xl", "8xl", "9xl", "10xl", "11xl", "12xl")
"""Names of the sizes above the body text, nearest first."""
WEIGHT_NAMES: Final = {
    100: "thin",
    200: "extralight",
    300: "light",
    400: "normal",
    500: "medium",
    600: "semibold",
    700: "bold",
    800: "extrabold",
    900: "black",
}
"""CSS's weight names, which Tailwind's ``--font-weight-*`` defaults use with the same values."""
RADIUS_NAMES: Final = (
    (2, "xs"),
    (4, "sm"),
    (6, "md"),
    (8, "lg"),
    (12, "xl"),
    (16, "2xl"),
    (24, "3xl"),
    (32, "4xl"),
)
"""Tailwind's default radii: a radius is named after the nearest, so ``rounded-lg`` stays ~8 px."""
RADIUS_MERGE_PX: Final = 1.0
"""Radii this close merge into the more used one: measured radii wobble by a pixel."""
FULL_RADIUS_PX: Final = 9999
"""A pill or circle (``rounded-full``): a keyword, not a step of the scale."""


FontUse = tuple[float, float | None, float]
"""A font size used: (px, line height px or ``None``, weight: its characters)."""


def font_scale(uses: Iterable[FontUse]) -> tuple[tuple[SizeToken, ...], dict[float, str]]:
    """Tokens for font sizes used as (px, line height px or ``None``, weight: characters) and
    the name of each size. The most used size is ``md``; each size's line height is its most
    used one."""
    weight: dict[float, float] = {}
    leading: dict[float, dict[float, float]] = {}
    for size, line_height, chars in uses:
        weight.setdefault(size, 0.0)
        weight[size] += chars
        if line_height is not None:
            counts = leading.setdefault(size, {})
            counts[line_height] = counts.get(line_height, 0.0) + chars
    if not weight:
        return (), {}
    body = max(weight, key=lambda s: (weight[s], -s))
    smaller = sorted((s for s in weight if s < body), reverse=True)
    larger = sorted(s for s in weight if s > body)
    names = {body: "md"}
    names |= {s: _nth(SMALLER, i, "xs") for i, s in enumerate(smaller)}
    names |= {s: _nth(LARGER, i, "xl") for i, s in enumerate(larger)}
    tokens = tuple(SizeToken(names[s], s, _most(leading.get(s))) for s in sorted(weight))
    return tokens, names


def weight_scale(weights: Iterable[int]) -> tuple[tuple[DimensionToken, ...], dict[int, str]]:
    """Tokens for the font weights used, lightest first, and the name of each."""
    names = {w: WEIGHT_NAMES.get(w, f"w{w}") for w in set(weights)}
    return tuple(DimensionToken(names[w], w) for w in sorted(names)), names


def radius_scale(uses: Iterable[float]) -> tuple[tuple[DimensionToken, ...], dict[float, str]]:
    """Tokens for the radii used (px; 0 and ``FULL_RADIUS_PX`` are left out) and the name of
    each radius; radii within ``RADIUS_MERGE_PX`` of a more used one take its token."""
    count = Counter(r for r in uses if 0 < r < FULL_RADIUS_PX)
    kept: list[float] = []
    into: dict[float, float] = {}
    for radius in sorted(count, key=lambda r: (-count[r], r)):
        home = next((k for k in kept if abs(k - radius) <= RADIUS_MERGE_PX), None)
        if home is None:
            kept.append(radius)
            home = radius
        into[radius] = home
    names: dict[float, str] = {}
    last = -1
    for radius in sorted(kept):
        nearest = min(range(len(RADIUS_NAMES)), key=lambda i: (abs(RADIUS_NAMES[i][0] - radius), i))
        index = max(nearest, last + 1)
        last = index
        names[radius] = RADIUS_NAMES[index][1] if index < len(RADIUS_NAMES) else f"{index - 3}xl"
    tokens = tuple(DimensionToken(names[r], r) for r in sorted(kept))
    return tokens, {r: names[home] for r, home in into.items()}


def spacing_scale(values: Iterable[float]) -> tuple[DimensionToken, ...]:
    """Tokens for the spacing values on the scale (multiples of the step; the others are left
    out), smallest first, named by the multiple (``6`` is 24 px)."""
    steps = sorted({v for v in values if v > 0 and v % SPACING_STEP_PX == 0})
    return tuple(DimensionToken(f"{v / SPACING_STEP_PX:g}", v) for v in steps)


def _nth(names: tuple[str, ...], index: int, stem: str) -> str:
    """The ``index``-th name, continuing the lists' numbering past their end (``6xs``, ``13xl``)."""
    return names[index] if index < len(names) else f"{index}{stem}"


def _most(counter: dict[float, float] | None) -> float | None:
    if not counter:
        return None
    return max(counter, key=lambda v: (counter[v], -v))
