"""The render plan: a tree of ``Tag``s with CSS declarations, shared by every target's writer.

The planner (``plan``) turns a layout tree into ``Tag``s once; the writers only decide how the
declarations are spelled (named classes in a stylesheet, or Tailwind utilities) and how the
markup is spelled (HTML or JSX). Declarations are CSS as it would be written in a stylesheet
(``padding: 12px 24px``, ``border: 1px solid #e2e8f0``), each under a variant: ``""`` (the
element itself), ``"placeholder"`` (its ``::placeholder``), ``"narrow"`` (viewports narrower
than ``NARROW_PX``), ``"tablet"`` (narrower than ``TABLET_PX``) or, on a page made from several
frames of a screen (``emit.responsive``), one of ``MIN_WIDTHS`` (viewports at least that wide).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Final, Literal

Variant = Literal["", "placeholder", "narrow", "tablet", "sm", "md", "lg", "xl", "2xl"]
Decl = tuple[Variant, str, str]
"""One declaration: (variant, CSS property, CSS value)."""

NARROW_PX: Final = 640
TABLET_PX: Final = 800
"""For desktop designs (``DESKTOP_PX`` wide or more) the narrow rules start here instead
(``"tablet"`` declarations), so a tablet in portrait (768 px) gets them too."""
DESKTOP_PX: Final = 1024
"""Viewports narrower than this (CSS px) get the ``"narrow"`` declarations (Tailwind's ``max-sm``)."""

MIN_WIDTHS: Final[dict[Variant, int]] = {"sm": 640, "md": 768, "lg": 1024, "xl": 1280, "2xl": 1536}
"""Breakpoints of a page made from several frames (min-width, CSS px): Tailwind's own, so its
prefixes (``md:``) name them, and HTML + CSS uses the same widths."""

VOID_TAGS: Final = frozenset({"hr", "img", "input", "br", "meta", "link"})
"""Tags written without content or end tag."""

PROPERTY_ORDER: Final = (
    "display",
    "flex-direction",
    "flex-wrap",
    "justify-content",
    "align-items",
    "align-self",
    "flex",
    "flex-shrink",
    "gap",
    "column-gap",
    "row-gap",
    "width",
    "max-width",
    "min-width",
    "height",
    "min-height",
    "margin",
    "margin-top",
    "margin-left",
    "padding",
    "padding-inline",
    "font-family",
    "font-size",
    "line-height",
    "font-weight",
    "color",
    "background",
    "border",
    "border-top",
    "border-left",
    "border-radius",
    "text-align",
    "object-fit",
    "overflow-wrap",
    "resize",
)
"""The order declarations are written in (layout, box, type, paint), for deterministic output."""

_VARIANT_ORDER: Final = {
    "": 0,
    "placeholder": 1,
    "narrow": 2,
    "tablet": 2,
    "sm": 3,
    "md": 4,
    "lg": 5,
    "xl": 6,
    "2xl": 7,
}
_PROPERTY_RANK: Final = {name: rank for rank, name in enumerate(PROPERTY_ORDER)}


RUN_ROLE: Final = "run"
"""The role of a run of a text styled apart (``strong``, ``em``, ``span`` inside a text)."""


@dataclass(frozen=True)
class Tag:
    """One element of the generated page.

    ``name``: the tag (``h2``, ``button``); ``role``: what it is, the stem of its class name in
    HTML + CSS (``card``, ``button``, ``row``, ``stack``); ``decls``: its CSS, sorted; ``attrs``:
    HTML attribute names and values other than ``class`` (``for``, not ``htmlFor``); ``content``:
    text and child tags in order (text is plain, unescaped). ``component``: the name of the
    component it is written as (``Hero``, ``FeatureCard``; see ``emit.components``), "" for plain
    markup; consecutive siblings with the same name are one component; ``item``: whether that
    component is a repeated item (mapped from a data array) rather than a region of the page.
    ``design_name``: the name of the design's own component the element is an instance of (from
    an exact source such as a Figma file; ""), which names its run of items.
    """

    name: str
    role: str
    decls: tuple[Decl, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    content: tuple[Tag | str, ...] = ()
    component: str = ""
    item: bool = False
    design_name: str = ""

    @property
    def void(self) -> bool:
        return self.name in VOID_TAGS

    @property
    def inline(self) -> bool:
        """Whether it is written on one line: only text, void tags and runs of text (``RUN_ROLE``)
        inside (a line break between runs would add a space to the text)."""
        return all(
            isinstance(part, str)
            or (part.void and not part.content)
            or (part.role == RUN_ROLE and part.inline)
            for part in self.content
        )


def sorted_decls(decls: list[Decl] | tuple[Decl, ...]) -> tuple[Decl, ...]:
    """``decls`` without repeats (the last value of a property wins), in the canonical order."""
    latest: dict[tuple[Variant, str], str] = {}
    for variant, prop, value in decls:
        latest[(variant, prop)] = value
    return tuple(
        sorted(
            ((variant, prop, value) for (variant, prop), value in latest.items()),
            key=lambda d: (_VARIANT_ORDER[d[0]], _PROPERTY_RANK.get(d[1], len(PROPERTY_ORDER)), d[1]),
        )
    )


def px(value: float) -> str:
    """A CSS length in px, whole pixels (``0`` without a unit)."""
    rounded = round(value)
    return "0" if rounded == 0 else f"{rounded}px"


def percent(part: float, whole: float) -> str:
    """``part`` as a percentage of ``whole`` with at most 2 decimals (``25%``, ``4.17%``)."""
    value = 0.0 if whole <= 0 else round(100 * part / whole, 2)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("0", "-0") else f"{text}%"


def html_text(text: str) -> str:
    """Text escaped for HTML content."""
    return html.escape(text, quote=False)


def html_attr(value: str) -> str:
    """An attribute value escaped for a double-quoted HTML attribute (``'`` needs no escape there)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


_JSX_TEXT: Final = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "{": "&#123;",
        "}": "&#125;",
        '"': "&quot;",
        "'": "&apos;",
        "`": "&#96;",
    }
)
_JSX_BRACKETS: Final = str.maketrans({"(": "&#40;", ")": "&#41;", "[": "&#91;", "]": "&#93;"})


def jsx_text(text: str) -> str:
    """Text escaped for JSX content: markup, braces, quotes and backticks as entities; brackets
    too when they do not pair up, and ``/*``, so text never reads as code to a bracket counter."""
    escaped = text.translate(_JSX_TEXT).replace("/*", "/&#42;")
    if not _brackets_pair(text):
        escaped = escaped.translate(_JSX_BRACKETS)
    return escaped


def _brackets_pair(text: str) -> bool:
    stack: list[str] = []
    for char in text:
        if char in "([":
            stack.append(char)
        elif char in ")]" and (not stack or stack.pop() != {")": "(", "]": "["}[char]):
            return False
    return not stack
