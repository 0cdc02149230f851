"""The offline engine's reading of a Figma frame from its node tree, in place of the pixels.

``read_figma(document, components)`` takes a frame's node JSON as the REST API returns it
(``GET /v1/files/KEY/nodes?ids=ID`` -> ``nodes[ID].document``, and the response's
``components`` map) and gives the same ``DesignRead`` the engine makes from a picture: the
layout tree its emit writes as code (``tree``: auto-layout to flex, the rest through the layout
inference on exact boxes), and the texts and regions a model is grounded in. No OCR: every text
is the node's exact characters. How it was read is its note (``FIGMA_NOTE``, the Conversion's
notes); what it skipped is said in the detection's warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from converters.offline.figma.tree import Reader
from converters.offline.model import Detection, Element, Kind, Node
from converters.offline.reading import REGION_KINDS, DesignRead, ReadLine, Region

FIGMA_NOTE: Final = "Read from the Figma frame's nodes (exact texts, styles and layout; no OCR)."

__all__ = ["FIGMA_NOTE", "read_figma"]


def read_figma(document: Mapping[str, Any], components: Mapping[str, Any] | None = None) -> DesignRead:
    """The reading of the frame ``document`` (see the module docstring). Never raises on a
    malformed node: it is skipped and said in ``detection.warnings``."""
    reader = Reader(document, components or {})
    tree = reader.root()
    elements = list(_elements(tree))
    warnings = list(reader.notes)
    if reader.skipped > len(reader.notes):
        warnings.append(f"{reader.skipped - len(reader.notes)} more Figma nodes were skipped the same way.")
    page = reader.page
    detection = Detection(page.w, page.h, reader.background, tuple(reader.lines), (), tuple(warnings))
    return DesignRead(
        width=page.w,
        height=page.h,
        background=reader.background,
        lines=tuple(_read_lines(elements)),
        regions=tuple(Region(e.kind, e.box, e.style.background) for e in elements if e.kind in REGION_KINDS),
        detection=detection,
        tree=tree,
        title=next(
            (" ".join(e.text.split())[:60] for e in elements if e.kind is Kind.HEADING and e.level <= 2), ""
        ),
        from_file=True,
        notes=(FIGMA_NOTE,),
        font_family=reader.font_family,
    )


def _elements(node: Node) -> list[Element]:
    """Every element of the tree in reading order (a container before what it holds)."""
    found = [node.element] if node.element is not None else []
    for child in node.children:
        found += _elements(child)
    return found


def _read_lines(elements: list[Element]) -> list[ReadLine]:
    return [
        ReadLine(line.text, element.kind, line.box, line.colour)
        for element in elements
        for line in element.lines
        if line.text.strip()
    ]
