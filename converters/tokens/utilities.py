"""A model's Tailwind answer brought into the theme's shape: its arbitrary colour classes.

``bg-[#4f46e5]``, ``text-[#0f172a]``, ``hover:border-[#e2e8f0]/50``: each distinct hex colour in
such a class becomes a theme colour named by role (``converters.tokens.colours``, exact values
only: nothing is merged, so the page renders the same) and the class uses it (``bg-primary``,
``text-text``, ``hover:border-border/50``). The theme goes where the target keeps it
(``converters.tokens.code``): a ``<style type="text/tailwindcss">@theme {…}</style>`` in the head
of an HTML page, the ``/* @theme {…} */`` comment that opens a React module.

Only class attribute values change, found by parsing, never by searching the code as text: the
HTML parser's start tags (then the ``class`` attribute inside that tag), and for React the string
parts of ``className`` attributes in the JSX syntax tree (tree-sitter; string literals, template
strings and strings inside expressions such as ``clsx(...)`` or a ternary). An answer that
declares a theme of its own, has no ``<head>`` (HTML), or does not parse (React) is left as it
is: a page's own names could clash with new ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Final

import tree_sitter
import tree_sitter_javascript

from converters.targets import Target
from converters.tokens.code import code_theme, long_hex, with_react_theme
from converters.tokens.colours import EXACT, ColourUse, Use, cluster_colours
from converters.tokens.theme import Theme, tailwind_theme_css

COLOUR_CLASS: Final = re.compile(
    r"(?<![\w\-\[])(?P<utility>bg|text|border(?:-[trblxy])?|ring|outline|fill|stroke|from|via|to|divide|"
    r"decoration|accent|caret|placeholder|shadow)-\[(?P<hex>#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3}))\]"
    r"(?=$|[\s/\"'`!])"
)
"""A Tailwind utility with an arbitrary hex colour, inside a class list (variants before it, an
opacity modifier after it)."""
_USES: Final[dict[str, Use]] = {
    "bg": "background",
    "text": "text",
    "fill": "background",
    "from": "background",
}
_CLASS_ATTR: Final = re.compile(r"""\sclass\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.I)
_CLASS_PROPS: Final = frozenset({"className", "class"})
_STRING_PARTS: Final = frozenset({"string_fragment"})


def tokenise_class_colours(code: str, target: Target) -> tuple[str, int]:
    """``code`` (a Tailwind target) with its arbitrary hex colour classes as theme colours, and
    how many colours became tokens (0: left as it was; see the module doc for when)."""
    if target is Target.HTML_CSS or code_theme(code, target).source == "declared":
        return code, 0
    if target is Target.HTML_TAILWIND:
        spans = list(_html_class_spans(code))
        if "</head>" not in code.lower():
            return code, 0
    else:
        found = _jsx_class_spans(code)
        if found is None:
            return code, 0
        spans = found
    hits = [
        (match.start("hex") - 1, match.end("hex") + 1, match["hex"], match["utility"])
        for start, end in spans
        for match in COLOUR_CLASS.finditer(code, start, end)
    ]
    if not hits:
        return code, 0
    uses = [ColourUse(long_hex(hex_value), _USES.get(utility, "border")) for _, _, hex_value, utility in hits]
    tokens, names = cluster_colours(uses, threshold=EXACT)
    out = code
    for start, end, hex_value, _ in sorted(hits, reverse=True):
        out = out[:start] + names[long_hex(hex_value)] + out[end:]
    theme = Theme(colours=tokens)
    if target is Target.REACT_TAILWIND:
        return with_react_theme(out, theme), len(tokens)
    head_end = out.lower().index("</head>")
    style = f'<style type="text/tailwindcss">\n{tailwind_theme_css(theme)}\n</style>\n'
    return out[:head_end] + style + out[head_end:], len(tokens)


class _StartTags(HTMLParser):
    """Where each start tag begins in the page and its text as written."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0, *(index + 1 for index, char in enumerate(page) if char == "\n")]
        self.tags: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        self.tags.append((self._line_starts[line - 1] + column, self.get_starttag_text() or ""))


def _html_class_spans(page: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every ``class`` attribute value of the page's start tags."""
    parser = _StartTags(page)
    parser.feed(page)
    parser.close()
    for offset, text in parser.tags:
        match = _CLASS_ATTR.search(text)
        if match is not None:
            group = "dq" if match["dq"] is not None else "sq"
            yield offset + match.start(group), offset + match.end(group)


def _jsx_class_spans(code: str) -> list[tuple[int, int]] | None:
    """(start, end) of the string parts of every ``className`` value in the module, as character
    offsets; ``None`` when it does not parse."""
    source = code.encode("utf-8")
    tree = tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language())).parse(source)
    if tree.root_node.has_error:
        return None
    spans: list[tuple[int, int]] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "jsx_attribute" and node.named_child_count == 2:
            name, value = node.named_children
            if (
                name is not None
                and value is not None
                and source[name.start_byte : name.end_byte].decode() in _CLASS_PROPS
            ):
                spans += [(part.start_byte, part.end_byte) for part in _string_parts(value)]
                continue
        stack.extend(node.children)
    # Byte offsets to character offsets (the code may hold non-ASCII text).
    return [(len(source[:start].decode()), len(source[:end].decode())) for start, end in spans]


def _string_parts(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    if node.type in _STRING_PARTS:
        yield node
    for child in node.children:
        yield from _string_parts(child)
