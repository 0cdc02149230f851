"""Render plan -> a complete HTML page, styled by named classes (HTML + CSS) or utilities (Tailwind).

Two-space indentation, one block element per line, text and void elements inline. Each region of
the page (``components``) starts with a comment naming it (``<!-- PricingGrid -->``), the name
its React component has; in HTML + CSS its class says it too (``.pricing-grid``). HTML + Tailwind
pages carry no Tailwind script: the preview (and the exported project) supply Tailwind themselves,
and read the page's ``@theme`` from its ``<style type="text/tailwindcss">``.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.offline.emit.css import ClassNames, stylesheet
from converters.offline.emit.markup import Tag, html_attr, html_text
from converters.offline.emit.plan import Page
from converters.offline.emit.tailwind import utilities
from converters.tokens import tailwind_theme_css

INDENT = "  "


def html_css_page(page: Page) -> str:
    """HTML + CSS: one ``<style>`` in the head, a named class on every styled element."""
    names = ClassNames(page.root)
    css = stylesheet(page, names)
    style = [f"{INDENT}<style>"]
    style += [f"{INDENT * 2}{line}" if line else "" for line in css.rstrip("\n").split("\n")]
    style.append(f"{INDENT}</style>")
    return _document(page, style, "", names.of)


def html_tailwind_page(page: Page) -> str:
    """HTML + Tailwind: utility classes, no script; the theme (if any) in a ``text/tailwindcss``
    ``<style>`` the Tailwind runtime or build reads."""
    body = tuple(decl for decl in page.body if decl[1] != "margin")  # Tailwind's preflight has it
    head: list[str] = []
    if page.theme is not None and not page.theme.empty:
        theme = tailwind_theme_css(page.theme, indent=INDENT * 2)
        head = [f'{INDENT}<style type="text/tailwindcss">', f"{INDENT * 2}{theme}", f"{INDENT}</style>"]
    return _document(page, head, utilities(body), lambda tag: utilities(tag.decls))


def _document(page: Page, head_extra: list[str], body_class: str, class_of: Callable[[Tag], str]) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        f'{INDENT}<meta charset="utf-8">',
        f'{INDENT}<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"{INDENT}<title>{html_text(page.title)}</title>",
        *head_extra,
        "</head>",
        f'<body class="{html_attr(body_class)}">' if body_class else "<body>",
        *tag_lines(page.root, 1, class_of),
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def tag_lines(tag: Tag, depth: int, class_of: Callable[[Tag], str]) -> list[str]:
    """``tag`` as HTML lines indented ``depth`` levels."""
    pad = INDENT * depth
    opening = _open(tag, class_of)
    if tag.void:
        return [pad + opening]
    if tag.inline:
        return [pad + opening + _inline(tag, class_of) + f"</{tag.name}>"]
    lines = [pad + opening]
    region = ""
    for part in tag.content:
        if isinstance(part, str):
            lines.append(INDENT * (depth + 1) + html_text(part))
            region = ""
            continue
        if part.component and not part.item and part.component != region:
            lines.append(f"{INDENT * (depth + 1)}<!-- {part.component} -->")  # the region React names
        region = part.component
        lines += tag_lines(part, depth + 1, class_of)
    lines.append(f"{pad}</{tag.name}>")
    return lines


def _inline(tag: Tag, class_of: Callable[[Tag], str]) -> str:
    out = []
    for part in tag.content:
        if isinstance(part, str):
            out.append(html_text(part))
        elif part.void:
            out.append(_open(part, class_of) + " ")
        else:
            out.append(_open(part, class_of) + _inline(part, class_of) + f"</{part.name}>")
    return "".join(out)


def _open(tag: Tag, class_of: Callable[[Tag], str]) -> str:
    attrs = []
    cls = class_of(tag)
    if cls:
        attrs.append(f'class="{html_attr(cls)}"')
    attrs += [f'{name}="{html_attr(value)}"' for name, value in tag.attrs]
    return f"<{tag.name}{''.join(' ' + a for a in attrs)}>"
