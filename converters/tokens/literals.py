"""A model's answer brought into the theme's shape where that is safe: its colour literals.

HTML + CSS (``tokenise_css_colours``): when the page's stylesheet declares no ``--color-*``
custom properties, each distinct hex colour in its declarations becomes a ``:root`` custom
property named by role (``converters.tokens.colours``, exact values only: nothing is merged, so
the page renders the same), and the declarations use ``var(--color-…)``. Only the ``<style>``
elements change, and only at the hex tokens the CSS parser (tinycss2) finds in declaration
values, so selectors, comments, strings and formatting stay as written. Inline ``style``
attributes and SVG attributes keep their literals.

Tailwind answers get the same for their arbitrary colour classes (``bg-[#4f46e5]`` ->
``bg-primary`` and a ``@theme``: ``converters.tokens.utilities``); what cannot be rewritten
safely is left as written, and ``literal_note`` says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Final

import tinycss2
from tinycss2.ast import AtRule, Declaration, HashToken, Node, QualifiedRule

from converters.targets import Target
from converters.tokens.code import code_theme, long_hex
from converters.tokens.colours import EXACT, ColourUse, Use, cluster_colours
from converters.tokens.theme import Theme, root_css
from converters.tokens.utilities import tokenise_class_colours

_HEX_LENGTHS: Final = (3, 6)


class _StyleSpans(HTMLParser):
    """Where each plain ``<style>`` element's CSS starts and ends in the page (character offsets)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for index, char in enumerate(page):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.spans: list[tuple[int, int]] = []
        self._open: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "text/css").lower()
        if tag == "style" and kind == "text/css":
            self._open = self._offset() + len(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._open is not None:
            self.spans.append((self._open, self._offset()))
            self._open = None


def tokenise_css_colours(page: str) -> tuple[str, int]:
    """``page`` (HTML + CSS) with its stylesheet's hex colours as ``:root`` custom properties, and
    how many colours became tokens (0: left as it was: it has a colour theme, or no literal)."""
    if code_theme(page, Target.HTML_CSS).source == "declared":
        return page, 0
    parser = _StyleSpans(page)
    parser.feed(page)
    parser.close()
    found: list[tuple[int, int, str, Use]] = []  # (offset in the page, length, hex, what it paints)
    background: str | None = None
    for start, end in parser.spans:
        css = page[start:end]
        lines = [0, *(i + 1 for i, c in enumerate(css) if c == "\n")]
        for selector, declaration in _declarations(tinycss2.parse_stylesheet(css)):
            use: Use = "text" if declaration.lower_name == "color" else "background"
            if declaration.lower_name.startswith(("border", "outline")):
                use = "border"
            for token in _hashes(declaration.value):
                offset = start + lines[token.source_line - 1] + token.source_column - 1
                colour = long_hex(token.value)
                found.append((offset, 1 + len(token.value), colour, use))
                if selector in ("body", "html") and declaration.lower_name.startswith("background"):
                    background = background or colour
    if not found or not parser.spans:
        return page, 0
    tokens, names = cluster_colours(
        [ColourUse(hex_value, use) for _, _, hex_value, use in found],
        page_background=background,
        threshold=EXACT,
    )
    out = page
    for offset, length, hex_value, _ in sorted(found, reverse=True):
        out = out[:offset] + f"var(--color-{names[hex_value]})" + out[offset + length :]
    first, end = parser.spans[0]
    css = page[first:end]
    body = css.lstrip("\n")
    indent = body[: len(body) - len(body.lstrip(" \t"))]  # the sheet's own indentation
    root = "\n".join(indent + line for line in root_css(Theme(colours=tokens)).splitlines())
    return out[:first] + "\n" + root + "\n" + out[first:], len(tokens)


def _declarations(rules: list[Node], selector: str = "") -> Iterator[tuple[str, Declaration]]:
    """(selector, declaration) of every style rule, inside at-rules such as ``@media`` too."""
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            prelude = tinycss2.serialize(rule.prelude).strip()
            for item in tinycss2.parse_blocks_contents(rule.content):
                if isinstance(item, Declaration):
                    yield prelude, item
        elif (
            isinstance(rule, AtRule)
            and rule.content is not None
            and rule.lower_at_keyword in ("media", "supports")
        ):
            yield from _declarations(tinycss2.parse_rule_list(rule.content), selector)


def _hashes(tokens: list[Node]) -> Iterator[HashToken]:
    """The hex colour tokens in a declaration's value (nested functions too)."""
    for token in tokens:
        if isinstance(token, HashToken) and len(token.value) in _HEX_LENGTHS and _is_hex(token.value):
            yield token
        elif getattr(token, "arguments", None):
            yield from _hashes(token.arguments)


def _is_hex(text: str) -> bool:
    return bool(text) and all(c in "0123456789abcdefABCDEF" for c in text)


def in_theme_shape(code: str, target: Target) -> tuple[str, str]:
    """A model's complete answer and a note for the user: its colour literals as theme tokens
    (``tokenise_css_colours`` for HTML + CSS, ``tokenise_class_colours`` for Tailwind targets);
    the note is ``""`` when nothing changed."""
    if target is Target.HTML_CSS:
        themed, count = tokenise_css_colours(code)
        where = "into :root custom properties"
    else:
        themed, count = tokenise_class_colours(code, target)
        where = "into a Tailwind @theme (bg-[#…] classes now use their names)"
    if not count:
        return code, ""
    return themed, (
        f"Handoff moved this answer's {count} colours {where}, named by role (see the Theme tab); "
        "the page renders the same."
    )


def literal_note(code: str, target: Target) -> str:
    """A note for a model's Tailwind answer that writes its colours as literals and declares no
    theme (``""`` otherwise): what the Theme tab shows, and that the code was left as written."""
    if target is Target.HTML_CSS:
        return ""
    theme = code_theme(code, target)
    if theme.source != "computed" or not theme.colours:
        return ""
    return (
        "This answer declares no theme: its colours are written as literals (such as bg-[#…]). "
        "The Theme tab shows the colours gathered from them; the code was left as written."
    )
