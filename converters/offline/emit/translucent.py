"""Group opacity on a plain box, never on a landmark or a sectioning element.

An exact source (a Figma frame's ``opacity``) can make a whole region translucent. CSS
``opacity`` composites the element with everything it holds, so it has to sit on one box that
holds the region's paint and content. Put on ``<section>``, ``<main>``, ``<nav>``,
``<article>``, ``<aside>`` or ``<form>``, it makes the meaning-carrying element a paint layer:
tools that read a page by its text elements and their colours (Design2Code's text probe, whose
tag list has ``div`` but none of these) no longer see the region's text in its own colour. So
such an element keeps its tag, role, component and attributes with ``display: contents`` (it
makes no box: layout is exactly as before) and hands its style and content to one inner
``<div>`` that carries the opacity. The page renders the same pixels.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from converters.offline.emit.markup import Tag
from converters.offline.emit.plan import Page

WRAPPED_TAGS: Final = frozenset({"section", "main", "nav", "article", "aside", "form"})
"""Elements whose meaning is their tag: opacity moves off them onto an inner ``div``."""
SURFACE_SUFFIX: Final = "surface"
"""The inner box's role: the region's visible surface (``hero`` -> ``hero-surface``)."""


def translucent_wrapped(page: Page) -> Page:
    """``page`` with the opacity of every ``WRAPPED_TAGS`` element on an inner ``div`` (see the
    module doc); a page without such opacity is returned as it is."""
    root = _visit(page.root)
    return page if root is page.root else replace(page, root=root)


def _visit(tag: Tag) -> Tag:
    content = tuple(_visit(part) if isinstance(part, Tag) else part for part in tag.content)
    changed = any(new is not old for new, old in zip(content, tag.content, strict=True))
    tag = replace(tag, content=content) if changed else tag
    if tag.name not in WRAPPED_TAGS or not any(prop == "opacity" for _, prop, _ in tag.decls):
        return tag
    surface = Tag("div", f"{tag.role}-{SURFACE_SUFFIX}", decls=tag.decls, content=tag.content)
    return replace(tag, decls=(("", "display", "contents"),), content=(surface,))
