"""Named classes and one stylesheet for HTML + CSS.

The sheet opens with the theme's ``:root`` custom properties when the page has one. Each distinct
(role, declarations) pair gets one class named after the role, numbered in order
of first appearance when a role has several styles (``.button``, ``.button-2``); identical
elements share their class. Then come the base rules (box sizing, resets that match
Tailwind's preflight, so all targets render alike, and the shared text rule), the ``body`` rule,
then the classes in document order, then one ``@media`` block for narrow viewports and, on a page
made from several frames, one ``min-width`` block per breakpoint, narrowest first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from converters.offline.emit.markup import MIN_WIDTHS, NARROW_PX, TABLET_PX, Decl, Tag, Variant
from converters.offline.emit.plan import Page
from converters.tokens import root_css

BASE_RULES: Final = (
    ("*, *::before, *::after", (("box-sizing", "border-box"),)),
    ("h1, h2, h3, h4, h5, h6, p", (("margin", "0"),)),
    (
        "h1, h2, h3, h4, h5, h6, p, span, a, label, button",
        (("min-width", "0"), ("overflow-wrap", "anywhere")),
    ),
    ("a", (("color", "inherit"), ("text-decoration", "none"))),
    ("img", (("display", "block"), ("max-width", "100%"))),
    (
        "button, input, select, textarea",
        (
            ("margin", "0"),
            ("font", "inherit"),
            ("color", "inherit"),
            ("background", "transparent"),
            ("border", "0"),
            ("border-radius", "0"),
        ),
    ),
    ("button", (("cursor", "pointer"),)),
    ("hr", (("height", "0"), ("margin", "0"), ("border", "0"), ("border-top", "1px solid"))),
)
"""Selector and declarations of each base rule; a page gets those of the tags it has."""


class ClassNames:
    """The class of every styled tag of a page, decided once in document order."""

    def __init__(self, root: Tag) -> None:
        self._names: dict[tuple[str, tuple[Decl, ...]], str] = {}
        self._count: dict[str, int] = {}
        for tag in walk(root):
            if tag.decls and (tag.role, tag.decls) not in self._names:
                number = self._count.get(tag.role, 0) + 1
                self._count[tag.role] = number
                self._names[(tag.role, tag.decls)] = tag.role if number == 1 else f"{tag.role}-{number}"

    def of(self, tag: Tag) -> str:
        """The class of ``tag`` ("" when it has no style)."""
        return self._names.get((tag.role, tag.decls), "")

    def rules(self) -> Iterator[tuple[str, tuple[Decl, ...]]]:
        """(class name, declarations) in the order the classes first appear."""
        for (_, decls), name in self._names.items():
            yield name, decls


def walk(tag: Tag) -> Iterator[Tag]:
    """``tag`` and every tag inside it, in document order."""
    yield tag
    for part in tag.content:
        if isinstance(part, Tag):
            yield from walk(part)


def stylesheet(page: Page, names: ClassNames) -> str:
    """The page's whole stylesheet (unindented, rules separated by blank lines)."""
    present = {tag.name for tag in walk(page.root)}
    base_rules: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for selector, base in BASE_RULES:
        used = ", ".join(part for part in selector.split(", ") if part.startswith("*") or part in present)
        if used and base_rules and base_rules[-1][0] == used:
            base_rules[-1] = (used, base_rules[-1][1] + base)  # e.g. both text rules narrowed to "p"
        elif used:
            base_rules.append((used, base))
    blocks = [root_css(page.theme)] if page.theme is not None and not page.theme.empty else []
    blocks += [_rule(selector, base) for selector, base in base_rules]
    # The text rule already breaks long words; the body needs no overflow-wrap of its own here.
    body = tuple((prop, value) for _, prop, value in page.body if prop != "overflow-wrap")
    blocks.append(_rule("body", body))
    narrow: list[str] = []
    wider: dict[Variant, list[str]] = {name: [] for name in MIN_WIDTHS}
    breakpoint = NARROW_PX
    for name, decls in names.rules():
        own = tuple((prop, value) for variant, prop, value in decls if variant == "")
        placeholder = tuple((prop, value) for variant, prop, value in decls if variant == "placeholder")
        small = tuple((prop, value) for variant, prop, value in decls if variant in ("narrow", "tablet"))
        breakpoint = TABLET_PX if any(variant == "tablet" for variant, _, _ in decls) else breakpoint
        if own:
            blocks.append(_rule(f".{name}", own))
        if placeholder:
            blocks.append(_rule(f".{name}::placeholder", placeholder))
        if small:
            narrow.append(_rule(f".{name}", small, indent="  "))
        for variant, rules in wider.items():
            at = tuple((prop, value) for each, prop, value in decls if each == variant)
            if at:
                rules.append(_rule(f".{name}", at, indent="  "))
    if narrow:
        blocks.append(f"@media (max-width: {breakpoint - 1}px) {{\n" + "\n\n".join(narrow) + "\n}")
    for variant, rules in wider.items():
        if rules:
            blocks.append(f"@media (min-width: {MIN_WIDTHS[variant]}px) {{\n" + "\n\n".join(rules) + "\n}")
    return "\n\n".join(blocks) + "\n"


def _rule(selector: str, decls: tuple[tuple[str, str], ...], indent: str = "") -> str:
    lines = [f"{indent}{selector} {{"]
    lines += [f"{indent}  {prop}: {value};" for prop, value in decls]
    lines.append(f"{indent}}}")
    return "\n".join(lines)
