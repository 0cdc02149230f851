"""What a Figma node is, in the offline engine's vocabulary (``Kind``): by its name when the
designer named it (``Header``, ``Nav``, ``Button``, ``Input``, ``Card``), else by the rules the
engine applies to pixels (``converters.offline.classify``, whose ``band_kind`` judges painted
frames): text by its size against the body size, boxes by their paint, size and position on the
page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from converters.offline.controls import (
    BUTTON_CENTRE_SHARE,
    CONTROL_MAX_HEIGHT,
    INPUT_MAX_HEIGHT,
    INPUT_MIN_ASPECT,
    INPUT_MIN_HEIGHT,
    PLACEHOLDER_MAX_INDENT,
)
from converters.offline.model import Box, Kind, Style
from converters.offline.text_blocks import (
    BOLD_WEIGHT,
    DEFAULT_BODY_SIZE,
    MAX_HEADING_LEVEL,
    SHORT_TEXT,
    heading_sized,
)

NAMED: Final = (
    (re.compile(r"\b(footer)\b", re.IGNORECASE), Kind.FOOTER),
    (re.compile(r"\b(header|navbar|top ?bar|app ?bar)\b", re.IGNORECASE), Kind.HEADER),
    (re.compile(r"\b(nav|navigation|menu)\b", re.IGNORECASE), Kind.NAV),
    (re.compile(r"\b(card|tile)\b", re.IGNORECASE), Kind.CARD),
    (re.compile(r"\b(section|hero)\b", re.IGNORECASE), Kind.SECTION),
)
"""Container names a designer gives (first match wins: "Footer nav" is a footer)."""
BUTTON_NAME: Final = re.compile(r"\b(button|btn|cta)\b", re.IGNORECASE)
INPUT_NAME: Final = re.compile(r"\b(input|text ?field|text ?box|search ?(bar|field)|field)\b", re.IGNORECASE)
LINK_NAME: Final = re.compile(r"\blink\b", re.IGNORECASE)
IMAGE_NAME: Final = re.compile(r"\b(image|photo|picture|avatar|thumbnail|logo)\b", re.IGNORECASE)
DEFAULT_NAME: Final = re.compile(
    r"^(rectangle|frame|group|image|ellipse|vector|img|div|span)[\s_-]*\d*$", re.IGNORECASE
)
"""Names Figma (or a DOM walk) gives by itself: no description of the content."""
FIELD_TEXT_SHARE: Final = 0.7
"""A field's placeholder takes at most this share of its height (the rest is its padding)."""


def named_kind(name: str) -> Kind | None:
    for pattern, kind in NAMED:
        if pattern.search(name):
            return kind
    return None


def body_size(texts: Sequence[tuple[int, int]]) -> int:
    """The size most characters are set in, from (size, characters) pairs (``DEFAULT_BODY_SIZE``
    without text)."""
    ordered = sorted(texts)
    total = sum(chars for _, chars in ordered)
    running = 0
    for size, chars in ordered:
        running += chars
        if running * 2 >= total and total:
            return size
    return DEFAULT_BODY_SIZE


def is_heading(text: str, style: Style, body: int) -> bool:
    flat = " ".join(text.split())
    bold = (style.font_weight or 400) >= BOLD_WEIGHT
    return bool(flat) and heading_sized(style.font_size or body, bold, len(flat), body)


def text_kind(text: str, style: Style, body: int, *, name: str, link: bool) -> Kind:
    """A text's kind: a heading by size, a link when named or marked so (underlined, in a nav, a
    hyperlink), a label when short and on one line, else a paragraph."""
    if is_heading(text, style, body) and not link:
        return Kind.HEADING
    short = len(" ".join(text.split())) <= SHORT_TEXT and "\n" not in text.strip()
    if link or (short and (LINK_NAME.search(name) or style.decoration == "underline")):
        return Kind.LINK
    return Kind.LABEL if short else Kind.PARAGRAPH


def heading_levels(sizes: Sequence[int]) -> dict[int, int]:
    """Heading level by size rank: the largest heading size is h1, the next h2 (at most h6)."""
    return {
        size: min(MAX_HEADING_LEVEL, rank + 1) for rank, size in enumerate(sorted(set(sizes), reverse=True))
    }


def control_sized(box: Box) -> bool:
    return box.h <= CONTROL_MAX_HEIGHT


def is_input_shape(box: Box, style: Style, text_box: Box | None) -> bool:
    """An outlined box (all round: a rule under a heading is not a field) with its text (a
    placeholder) at its left, of a one-line field's size, the text well inside its height."""
    if (
        style.border is None
        or style.border_widths is not None
        or not INPUT_MIN_HEIGHT <= box.h <= INPUT_MAX_HEIGHT
        or box.w < INPUT_MIN_ASPECT * box.h
    ):
        return False
    if text_box is None:
        return True
    if text_box.h > FIELD_TEXT_SHARE * box.h:
        return False
    return (
        text_box.x - box.x < PLACEHOLDER_MAX_INDENT * box.w
        and abs(text_box.cx - box.cx) > BUTTON_CENTRE_SHARE * box.w
    )
