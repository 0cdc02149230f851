"""Heading levels that make a valid outline in document order.

Classification ranks headings by size (the largest is ``h1``), page-wide. In the order the page
is written, that can start at ``h3`` (a small heading in the top bar) or jump from ``h2`` to
``h4``; screen readers navigate by that outline, and it is what the semantics check reads. Each
heading is lowered in number (raised in rank) to at most one below the one before it, the first
to at most ``h2``; going back up (``h3`` then ``h1``) is valid and kept.
"""

from __future__ import annotations

from dataclasses import replace

from converters.offline.model import Kind, Node


def outlined(tree: Node) -> Node:
    """``tree`` with its headings' levels clamped in document order (see the module doc)."""
    previous = 1

    def visit(node: Node) -> Node:
        nonlocal previous
        element = node.element
        if element is not None and element.kind is Kind.HEADING and not node.children:
            level = min(max(1, element.level or 2), previous + 1)
            previous = level
            if level != element.level:
                node = replace(node, element=replace(element, level=level))
        if not node.children:
            return node
        return replace(node, children=tuple(visit(child) for child in node.children))

    return visit(tree)
