"""Where a paragraph ends, for text whose lines are exact (a vector file's, ``TextLine.size`` set).

Pixels leave a line's box a few px uncertain, so classify groups OCR lines by closeness alone. A
file's lines are exact, and a browser (or a design tool) sets a paragraph in a way that shows:

- its lines follow each other at one pitch (the line height), to a fraction of a px; the space
  between two paragraphs (a margin) or a list's items (padding) is another;
- a line breaks only where the next word would not fit: a line that stops short of the
  paragraph's widest line by more than the next line's first word ended by a break (a heading
  before its text, the items of a list, a ``<br>``).

These rules only part lines that closeness would join; they never join more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from converters.offline.model import TextLine

PITCH_SLACK: Final = 1.5
"""px by which two line pitches of one paragraph may differ (boxes are whole px)."""
FIT_SLACK: Final = 2.0
"""px of room a word may lack and still have fitted (boxes are whole px, widths estimated)."""
SPACE_EM: Final = 0.3
"""Width of a space between words, in em."""


def is_exact(line: TextLine) -> bool:
    """Whether the line comes from a file that states its type (its box is exact)."""
    return line.size > 0


def ends_paragraph(lines: Sequence[TextLine], line: TextLine) -> bool:
    """Whether the paragraph of ``lines`` (top to bottom, exact) ends before ``line`` (below it):
    ``line`` follows at another pitch, or the last line had room for ``line``'s first word."""
    last = lines[-1]
    if len(lines) >= 2:
        pitch = last.box.y - lines[-2].box.y
        if abs((line.box.y - last.box.y) - pitch) > PITCH_SLACK:
            return True
    widest = max(max(item.box.w for item in lines), line.box.w)
    room = widest - last.box.w
    return room > _first_word_width(line) + SPACE_EM * max(last.size, 1.0) + FIT_SLACK


def _first_word_width(line: TextLine) -> float:
    """The width of the line's first word, its share of the line's characters."""
    text = line.text.strip()
    if not text:
        return 0.0
    word = text.split()[0]
    return line.box.w * len(word) / len(text)
