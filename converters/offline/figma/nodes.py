"""Walking a Figma node's JSON (visible children, descendants, texts, boxes) and a text node's lines as
set in its box: the helpers the tree reader (``figma.tree``) stands on."""

from __future__ import annotations

import math
from collections.abc import Mapping

from converters.offline.classify import NAV_ITEM_CHARS
from converters.offline.figma import kinds
from converters.offline.figma.paint import Json, mapping, number, sequence
from converters.offline.model import Box, Colour, Style, TextLine


def text_lines(text: str, box: Box, style: Style, behind: Colour) -> tuple[TextLine, ...]:
    """The text's lines as set in its box: its own line breaks, and wrapped lines (as many as
    the box's height holds at the line height, at least the font size: a squeezed line height
    does not make one line many) with their words shared out by length."""
    size = style.font_size or 16
    pitch = max(style.line_height or round(1.25 * size), size)
    count = max(1, round(box.h / max(1, pitch)))
    paragraphs = [p for p in text.split("\n")] or [text]
    extra = max(0, count - len(paragraphs))
    total = sum(len(p) for p in paragraphs) or 1
    rows: list[str] = []
    for paragraph in paragraphs:
        share = 1 + round(extra * len(paragraph) / total)
        rows += split_words(paragraph, share)
    colour = style.colour or (0, 0, 0)
    step = box.h / max(1, len(rows))
    return tuple(
        TextLine(row, Box(box.x, round(box.y + i * step), box.w, max(1, round(step))), colour, behind)
        for i, row in enumerate(rows)
    )


def split_words(paragraph: str, parts: int) -> list[str]:
    words = paragraph.split()
    if parts <= 1 or len(words) <= 1:
        return [paragraph]
    per = math.ceil(len(paragraph) / parts)
    rows: list[str] = [""]
    for word in words:
        if rows[-1] and len(rows[-1]) + len(word) > per and len(rows) < parts:
            rows.append(word)
        else:
            rows[-1] = f"{rows[-1]} {word}".strip()
    return rows


def visible_kids(node: Json) -> list[Json]:
    return [
        mapping(k)
        for k in sequence(node.get("children"))
        if isinstance(k, Mapping) and k.get("visible") is not False
    ]


def descendants(node: Json) -> list[Json]:
    found = []
    for child in visible_kids(node):
        found.append(child)
        found += descendants(child)
    return found


def texts_of(node: Json) -> list[Json]:
    return [n for n in descendants(node) if n.get("type") == "TEXT" and str(n.get("characters", "")).strip()]


def main_family(texts: list[Json]) -> str:
    """The font family most characters are set in (``""`` without text)."""
    counts: dict[str, int] = {}
    for node in texts:
        family = mapping(node.get("style")).get("fontFamily")
        if isinstance(family, str) and family:
            counts[family] = counts.get(family, 0) + len(str(node.get("characters", "")))
    return max(sorted(counts), key=lambda family: counts[family]) if counts else ""


def short_text(node: Json) -> bool:
    """Whether ``node`` is (or holds only) one text of a nav item's length."""
    texts = [node] if node.get("type") == "TEXT" else texts_of(node)
    return len(texts) == 1 and len(str(texts[0].get("characters", ""))) <= NAV_ITEM_CHARS


def frame_bounds(document: Json) -> tuple[float, float, float, float] | None:
    """The frame's x, y, width and height: its own box, else the extent of the boxes under it."""
    valid = [mapping(n.get("absoluteBoundingBox")) for n in [document, *descendants(document)] if has_box(n)]
    if not valid:
        return None
    if has_box(document):
        own = valid[0]
        return number(own.get("x")), number(own.get("y")), number(own.get("width")), number(own.get("height"))
    left = min(number(b.get("x")) for b in valid)
    top = min(number(b.get("y")) for b in valid)
    right = max(number(b.get("x")) + number(b.get("width")) for b in valid)
    bottom = max(number(b.get("y")) + number(b.get("height")) for b in valid)
    return left, top, right - left, bottom - top


def has_box(node: Json) -> bool:
    """Whether ``node`` has an ``absoluteBoundingBox`` of four numbers."""
    bounds = node.get("absoluteBoundingBox")
    return isinstance(bounds, Mapping) and all(
        isinstance(bounds.get(k), int | float) and not isinstance(bounds.get(k), bool)
        for k in ("x", "y", "width", "height")
    )


def alt_text(node: Json) -> str:
    name = str(node.get("name", ""))
    return name if name and not kinds.DEFAULT_NAME.match(name) else "Image"


def overlaps(box: Box, frame: Box) -> bool:
    return box.x < frame.right and box.right > frame.x and box.y < frame.bottom and box.bottom > frame.y


def common_box(a: Box, b: Box) -> Box:
    """The part of ``a`` that is also in ``b`` (of no size when they do not meet)."""
    x, y = max(a.x, b.x), max(a.y, b.y)
    return Box(x, y, max(0, min(a.right, b.right) - x), max(0, min(a.bottom, b.bottom) - y))
