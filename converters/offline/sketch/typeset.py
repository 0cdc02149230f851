"""Type for a sketch: a small type scale fitted to the drawing, and placeholder text.

Handwriting says nothing about the size the text should have (people write large on paper), so
sizes come from the widgets' boxes: the body size is a share of the typical height of a one-line
widget (labels, buttons, fields), and every size is a step of a scale built on it
(``SCALE_RATIO``, a major third). Each text takes the largest step whose line fits its box's
height and whose words fit its box's width; headings rank by the step they get (the largest is
``h1``).

Where the handwriting is not legible, the text is a placeholder of the widget's role and drawn
length: a heading two or three words, a button one or two, a label about as long as it is
drawn, a paragraph sentences that fill its box. Words come from the usual lorem ipsum, in order,
so the same drawing always reads the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Final

from converters.offline.emit.leaves import LINE_HEIGHT_RATIO
from converters.offline.model import Box
from converters.offline.text_bars import LOREM

SCALE_RATIO: Final = 1.25
"""Between two steps of the scale (a major third: distinct sizes, few of them)."""
SCALE_STEPS_DOWN: Final = 2
SCALE_STEPS_UP: Final = 3
"""Steps below and above the body size: small print to a first heading about twice the body
size (as browsers set h1), which still fits a phone's width a word or two a line."""
BODY_SHARE: Final = 0.4
"""Body size as a share of a typical one-line widget's height (a field drawn 60 px tall holds
24 px text with room around it)."""
MIN_BODY_PX: Final = 12
MAX_BODY_PX: Final = 28
"""Body size bounds (px): readable, and not poster-sized for a drawing of large widgets."""
DEFAULT_BODY_PX: Final = 16
"""Body size when the drawing has no one-line widget to measure."""
CHAR_EM: Final = 0.58
"""Mean advance of a character of running text, spaces included, in ems, of DejaVu Sans (the
page's font): the measure of placeholder text still to be written."""
ADVANCE_EM: Final = {"upper": 0.70, "lower": 0.56, "digit": 0.64, "space": 0.32, "other": 0.45}
"""Mean advances (ems) of DejaVu Sans by kind of character: capitals are a quarter wider than
lower case, which is what wraps a drawn "MATE THREE" that an average says fits."""
BOLD_WIDER: Final = 1.1
"""DejaVu Sans Bold sets text about this much wider than the regular weight."""
FILL_SHARE: Final = 0.85
"""Share of a box's width or lines text may take, so a slightly wider font does not add a line."""
LABEL_MAX_CHARS: Final = 40
"""Longest placeholder label: beyond about this a short text reads as a paragraph."""


@dataclass(frozen=True)
class TypeScale:
    """The sizes (px, ascending) text of one drawing is set in, and its body size."""

    steps: tuple[int, ...]
    body: int

    def fitted(
        self, box: Box, text: str, *, lines: int | None = None, largest: int | None = None, bold: bool = False
    ) -> int:
        """The largest step at most ``largest`` whose ``lines`` lines (default: as many as the
        box's height holds) fit the box's height, and in which ``text`` (``bold`` or not) fits
        that many lines of the box's width, ``FILL_SHARE`` of each; the smallest step when none
        fits."""
        for size in reversed(self.steps):
            if largest is not None and size > largest:
                continue
            room = lines or max(1, int(box.h / line_px(size)))
            if room * line_px(size) > box.h and size != self.steps[0]:
                continue
            if text_px(text, size, bold=bold) <= room * box.w * FILL_SHARE:
                return size
        return self.steps[0]


def fit_scale(one_line_heights: Sequence[int]) -> TypeScale:
    """The scale of a drawing whose one-line widgets (labels, buttons, fields, links) are these
    heights (px) tall."""
    body = DEFAULT_BODY_PX
    if one_line_heights:
        body = round(min(MAX_BODY_PX, max(MIN_BODY_PX, median(one_line_heights) * BODY_SHARE)))
    steps = sorted(
        {max(8, round(body * SCALE_RATIO**k)) for k in range(-SCALE_STEPS_DOWN, SCALE_STEPS_UP + 1)}
    )
    return TypeScale(tuple(steps), body)


def text_px(text: str, size: int, *, bold: bool = False) -> float:
    """About how wide ``text`` is set on one line at ``size`` px (see ``ADVANCE_EM``)."""
    ems = sum(ADVANCE_EM[_character_kind(c)] for c in text)
    return ems * size * (BOLD_WIDER if bold else 1.0)


def _character_kind(character: str) -> str:
    if character.isspace():
        return "space"
    if character.isdigit():
        return "digit"
    if character.isupper():
        return "upper"
    return "lower" if character.isalpha() else "other"


def line_px(size: int) -> int:
    return round(size * LINE_HEIGHT_RATIO)


def chars_per_line(width: int, size: int) -> int:
    """How many characters of ``size`` px text fit ``width`` px, with ``FILL_SHARE`` to spare."""
    return max(1, int(width * FILL_SHARE / (size * CHAR_EM)))


class Placeholders:
    """Placeholder texts of one drawing, taking lorem ipsum's words in turn."""

    def __init__(self) -> None:
        self._next = 0

    def words(self, fewest: int, most: int, chars: int) -> str:
        """At least ``fewest`` and at most ``most`` words, stopping before ``chars`` characters;
        while taking the fewest, a word that would pass ``chars`` is skipped for a shorter one
        (lorem ipsum has two-letter words), so a small box's text still fits it."""
        taken: list[str] = []
        skipped = 0
        while len(taken) < most:
            word = LOREM[self._next % len(LOREM)]
            self._next += 1
            if len(" ".join([*taken, word])) > chars:
                if len(taken) >= fewest or skipped >= len(LOREM):
                    self._next -= 1
                    break
                skipped += 1
                continue
            taken.append(word)
        return " ".join(taken) or min(LOREM, key=len)

    def title(self, fewest: int, most: int, chars: int) -> str:
        """``words`` capitalised as a title or a button's text."""
        return self.words(fewest, most, chars).capitalize()

    def sentences(self, chars: int) -> str:
        """Sentences of eight words or fewer filling about ``chars`` characters (one at least)."""
        parts: list[str] = []
        used = 0
        while not parts or used < chars - 12:
            sentence = self.words(3, 8, max(12, chars - used - 2)).capitalize() + "."
            parts.append(sentence)
            used += len(sentence) + 1
        return " ".join(parts)
