"""Colours of a result -> a few colour tokens, merged where the eye cannot tell them apart and
named by the role they play on the page.

Merging: colours are taken heaviest first (most used); each joins the first token whose colour
is less than ``MERGE_DELTA_E`` CIEDE2000 away, else starts a token of its own. The token keeps its
heaviest colour exactly, so the most used colours render unchanged and the others move by less
than a just-noticeable difference.

Naming (``name_colours``), each role to the heaviest candidate not named yet:
``surface`` the page background (else the most used neutral fill), ``text`` the most used text
colour, ``primary`` the most used saturated fill (else saturated colour), ``accent`` the next
saturated colour, ``muted`` the most used neutral text colour lighter than ``text`` (nearer the
surface, yet ``MUTED_MIN_LIGHTNESS_GAP`` from it), ``border`` the most used border
colour. The rest are numbered by what they are used for most: ``primary-2`` (saturated fill),
``accent-2`` (other saturated), ``surface-2`` (neutral fill), ``text-2``, ``border-2``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab

from converters.tokens.theme import ColourToken

MERGE_DELTA_E: Final = 1.0
"""CIEDE2000 below which two colours merge: ~1 is the just-noticeable difference the formula
was fitted to (Sharma et al. 2005), so a merged colour looks the same; the pixel change is a
few levels of 255 at most (measured in ``benchmarks/tokens_bench.py``)."""
EXACT: Final = 0.0
"""Merge threshold for a model's colours: none merge, so its page renders exactly as written."""
SATURATED_CHROMA: Final = 20.0
"""CIELAB chroma above which a colour reads as a hue (a brand blue is ~70, a slate grey ~10)."""

MUTED_MIN_LIGHTNESS_GAP: Final = 25.0
"""Least CIELAB lightness between ``muted`` text and the surface: closer, it is text on another
fill (light text on a dark band), not secondary text on the page (slate-500 on white is ~48)."""

Use = Literal["background", "text", "border"]


@dataclass(frozen=True)
class ColourUse:
    """One use of a colour: ``hex`` (``#rrggbb``), what it paints and how much (``weight``: 1 per
    element, or its characters for text)."""

    hex: str
    use: Use
    weight: float = 1.0


@dataclass
class _Group:
    hex: str
    lab: np.ndarray
    members: list[str] = field(default_factory=list)
    weights: dict[Use, float] = field(default_factory=lambda: {"background": 0.0, "text": 0.0, "border": 0.0})

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    @property
    def saturated(self) -> bool:
        return math.hypot(float(self.lab[1]), float(self.lab[2])) > SATURATED_CHROMA

    @property
    def main_use(self) -> Use:
        return max(self.weights, key=lambda use: self.weights[use])


def rgb_of(hex_value: str) -> tuple[int, int, int]:
    """``#rrggbb`` (or ``#rgb``) -> (r, g, b)."""
    digits = hex_value.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _lab(hexes: Sequence[str]) -> np.ndarray:
    rgb = np.array([[rgb_of(h) for h in hexes]], dtype=np.float64) / 255.0
    lab: np.ndarray = np.asarray(rgb2lab(rgb), dtype=np.float64)[0]
    return lab


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 between two ``#rrggbb`` colours."""
    lab = _lab([a, b])
    return float(deltaE_ciede2000(lab[0], lab[1]))  # type: ignore[no-untyped-call]


def cluster_colours(
    uses: Iterable[ColourUse], *, page_background: str | None = None, threshold: float = MERGE_DELTA_E
) -> tuple[tuple[ColourToken, ...], dict[str, str]]:
    """Tokens for ``uses`` and the token name of each literal (lower-case hex). ``page_background``
    (a hex) is the surface. Deterministic: ties are broken by the hex value."""
    totals: dict[str, dict[Use, float]] = {}
    for one in uses:
        key = one.hex.lower()
        totals.setdefault(key, {"background": 0.0, "text": 0.0, "border": 0.0})[one.use] += one.weight
    if page_background is not None:
        totals.setdefault(page_background.lower(), {"background": 0.0, "text": 0.0, "border": 0.0})
    if not totals:
        return (), {}
    order = sorted(totals, key=lambda h: (-sum(totals[h].values()), h))
    if page_background is not None:  # the surface keeps its exact colour
        order.remove(page_background.lower())
        order.insert(0, page_background.lower())
    labs = _lab(order)
    groups: list[_Group] = []
    for hex_value, lab in zip(order, labs, strict=True):
        if groups:
            reps = np.array([g.lab for g in groups])
            distances = np.asarray(deltaE_ciede2000(reps, np.broadcast_to(lab, reps.shape)))  # type: ignore[no-untyped-call]
            nearest = int(np.argmin(distances))
            if float(distances[nearest]) < threshold:
                group = groups[nearest]
                group.members.append(hex_value)
                for use, weight in totals[hex_value].items():
                    group.weights[use] += weight
                continue
        groups.append(_Group(hex_value, lab, [hex_value], dict(totals[hex_value])))
    names = name_colours(groups, page_background.lower() if page_background else None)
    tokens = tuple(ColourToken(names[id(g)], g.hex, tuple(g.members)) for g in groups)
    literal_names = {member: names[id(g)] for g in groups for member in g.members}
    return tokens, literal_names


def name_colours(groups: Sequence[_Group], page_background: str | None) -> dict[int, str]:
    """Role name of each group (by ``id``); see the module's docstring for the rules."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    by_weight = sorted(groups, key=lambda g: (-g.total, g.hex))

    def give(group: _Group | None, base: str) -> None:
        if group is None or id(group) in names:
            return
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}-{number}"
        names[id(group)] = name
        taken.add(name)

    def heaviest(candidates: Iterable[_Group], use: Use | None = None) -> _Group | None:
        free = [g for g in candidates if id(g) not in names and (use is None or g.weights[use] > 0)]
        if not free:
            return None
        return max(free, key=lambda g: (g.weights[use] if use else g.total, -by_weight.index(g)))

    surface = next((g for g in groups if page_background is not None and page_background in g.members), None)
    surface = surface or heaviest((g for g in groups if not g.saturated), "background")
    give(surface, "surface")
    text = heaviest(groups, "text")
    give(text, "text")
    saturated = [g for g in groups if g.saturated]
    give(heaviest(saturated, "background") or heaviest(saturated), "primary")
    give(heaviest(saturated), "accent")
    if text is not None:
        ground = float(surface.lab[0]) if surface is not None else 100.0

        def softer(group: _Group) -> bool:  # nearer the surface's lightness, still readable on it
            apart = abs(float(group.lab[0]) - ground)
            return MUTED_MIN_LIGHTNESS_GAP <= apart < abs(float(text.lab[0]) - ground)

        give(heaviest((g for g in groups if not g.saturated and softer(g)), "text"), "muted")
    give(heaviest(groups, "border"), "border")
    for group in by_weight:
        if group.saturated:
            give(group, "primary" if group.main_use == "background" else "accent")
        else:
            give(group, {"background": "surface", "text": "text", "border": "border"}[group.main_use])
    return names
