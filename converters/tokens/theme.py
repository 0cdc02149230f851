"""A page's theme (its design tokens) and the ways it is written out.

One vocabulary for every target: the names are Tailwind CSS 4's theme variables, so the same
token is ``--color-primary`` in a Tailwind ``@theme`` block (which makes ``bg-primary``,
``text-primary``, ``border-primary``), in an HTML + CSS ``:root`` rule (used as
``var(--color-primary)``), and ``color.primary`` in the JSON file.

- ``--color-<role>``: colours named by role (``surface``, ``text``, ``muted``, ``border``,
  ``primary``, ``accent``; ``surface-2``, ``text-2``... when a role has more).
- ``--text-<size>`` with ``--text-<size>--line-height``: the type scale; ``md`` is the body text,
  ``sm``, ``xs``, ``2xs`` below it, ``lg``, ``xl``, ``2xl``... above. Every size carries its line
  height, because a Tailwind default it overrides (``--text-sm``) would otherwise keep Tailwind's
  line-height ratio.
- ``--font-weight-<name>``: CSS's standard weight names (``normal`` 400, ``bold`` 700), which are
  also Tailwind's, with the same values.
- ``--spacing``: the spacing step (4 px, Tailwind's default); spacing tokens are its multiples,
  named by the multiple (``--spacing-6`` is 24 px, Tailwind's ``p-6``, which reads it with the same
  value it would compute from the step), listed so the theme shows them. Named sizes (``--spacing-md``)
  are not used: Tailwind's ``max-w-md`` reads ``--spacing-*`` before ``--container-*``, so they
  would change other utilities.
- ``--radius-<size>``: corner radii (``sm``, ``md``, ``lg``...), smallest first.

JSON follows the W3C Design Tokens Community Group format as its drafts write it: groups of
``{"$type": ..., "$value": ...}`` with colours as ``#rrggbb`` and dimensions as ``"16px"``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Final, Literal

SPACING_STEP_PX: Final = 4
"""Tailwind's spacing step (``--spacing: 0.25rem`` at the default 16 px root): ``p-6`` is 24 px."""

Source = Literal["declared", "computed", "none"]


@dataclass(frozen=True)
class ColourToken:
    """A colour: ``name`` by role (``primary``), ``hex`` (``#2563eb``) and the literals it stands
    for (the hex values merged into it, itself included)."""

    name: str
    hex: str
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class SizeToken:
    """A font size: ``name`` (``md``), ``px`` and its line height in px (``None``: not given)."""

    name: str
    px: float
    line_height_px: float | None = None


@dataclass(frozen=True)
class DimensionToken:
    """A font weight (``value`` is the weight), spacing step or radius (``value`` in px)."""

    name: str
    value: float


@dataclass(frozen=True)
class Theme:
    """The design tokens of one result. ``source``: ``"declared"`` (written in the code, or by the
    offline engine), ``"computed"`` (gathered from a result's literals, for showing only) or
    ``"none"`` (no styles found)."""

    colours: tuple[ColourToken, ...] = ()
    font_sizes: tuple[SizeToken, ...] = ()
    font_weights: tuple[DimensionToken, ...] = ()
    spacing: tuple[DimensionToken, ...] = ()
    radii: tuple[DimensionToken, ...] = ()
    source: Source = "declared"
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        return not (self.colours or self.font_sizes or self.font_weights or self.spacing or self.radii)

    def variables(self) -> list[tuple[str, str]]:
        """(custom property, value) of every token, in a fixed order."""
        out = [(f"--color-{c.name}", c.hex) for c in self.colours]
        for size in self.font_sizes:
            out.append((f"--text-{size.name}", _px(size.px)))
            if size.line_height_px is not None:
                out.append((f"--text-{size.name}--line-height", _px(size.line_height_px)))
        out += [(f"--font-weight-{w.name}", f"{w.value:g}") for w in self.font_weights]
        if self.spacing:
            out.append(("--spacing", _px(SPACING_STEP_PX)))
            out += [(f"--spacing-{s.name}", _px(s.value)) for s in self.spacing]
        out += [(f"--radius-{r.name}", _px(r.value)) for r in self.radii]
        return out


def tailwind_theme_css(theme: Theme, indent: str = "") -> str:
    """``@theme { ... }`` for Tailwind CSS 4 (no trailing newline; each line after the first
    starts with ``indent``)."""
    lines = ["@theme {", *(f"  {name}: {value};" for name, value in theme.variables()), "}"]
    return ("\n" + indent).join(lines)


def root_css(theme: Theme) -> str:
    """``:root { ... }`` custom properties for HTML + CSS (no trailing newline)."""
    lines = [":root {", *(f"  {name}: {value};" for name, value in theme.variables()), "}"]
    return "\n".join(lines)


def theme_file_css(theme: Theme) -> str:
    """The theme as a CSS file for a developer: the ``:root`` custom properties, usable anywhere,
    and, commented, how to use the same tokens as a Tailwind CSS 4 theme."""
    tailwind = tailwind_theme_css(theme).replace("*/", "* /")
    return (
        "/* Design tokens generated by Handoff. Plain CSS: use them as var(--color-primary). */\n"
        f"{root_css(theme)}\n\n"
        '/* With Tailwind CSS 4, put this after @import "tailwindcss"; instead, for utilities such\n'
        "   as bg-primary, text-md and rounded-md:\n\n"
        f"{tailwind}\n*/\n"
    )


_W3C_GROUPS: Final = ("color", "font-size", "line-height", "font-weight", "spacing", "radius")


def tokens_json(theme: Theme) -> str:
    """The theme as W3C design tokens (Design Tokens Community Group format), pretty-printed."""
    groups: dict[str, dict[str, dict[str, object]]] = {name: {} for name in _W3C_GROUPS}
    for colour in theme.colours:
        groups["color"][colour.name] = {"$type": "color", "$value": colour.hex}
    for size in theme.font_sizes:
        groups["font-size"][size.name] = {"$type": "dimension", "$value": _px(size.px)}
        if size.line_height_px is not None:
            groups["line-height"][size.name] = {"$type": "dimension", "$value": _px(size.line_height_px)}
    for weight in theme.font_weights:
        groups["font-weight"][weight.name] = {"$type": "fontWeight", "$value": int(weight.value)}
    for step in theme.spacing:
        groups["spacing"][step.name] = {"$type": "dimension", "$value": _px(step.value)}
    for radius in theme.radii:
        groups["radius"][radius.name] = {"$type": "dimension", "$value": _px(radius.value)}
    return json.dumps({name: group for name, group in groups.items() if group}, indent=2) + "\n"


def _px(value: float) -> str:
    return "0" if value == 0 else f"{value:g}px"
