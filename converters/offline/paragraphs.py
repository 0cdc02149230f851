"""Where a paragraph ends, for text whose lines are exact (a vector file's, ``TextLine.size`` set).

Pixels leave a line's box a few px uncertain, so classify groups OCR lines by closeness alone. A
file's lines are exact, and a browser (or a design tool) sets a paragraph in a way that shows:

- its lines follow each other at one pitch (the line height), to a fraction of a px; the space
  between two paragraphs (a margin) or a list's items (padding) is another;
- a line breaks only where the next word would not fit: a line that stops short of the
  paragraph's widest line by more than the next line's first word ended by a break (a heading
  before its text, the items of a list, a ``<br>``).
- a line with a list marker before it (``TextLine.item``) starts an item of its own.

These rules only part lines that closeness would join; they never join more.

A file's line that mixes colours (``TextLine.spans``: a link inside a paragraph) keeps its
stretches in the paragraph's text (``colour_spans``), so the code has them as elements of their
own, as the page the file was printed from had. The paragraph's own colour is then its text's,
not its links' (``paragraph_colour``): links are coloured and the words around them neutral,
though a line of links may hold more characters than its words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from converters.offline.model import Colour, Span, TextLine

PITCH_SLACK: Final = 1.5
"""px by which two line pitches of one paragraph may differ (boxes are whole px)."""
FIT_SLACK: Final = 2.0
"""px of room a word may lack and still have fitted (boxes are whole px, widths estimated)."""
SPACE_EM: Final = 0.3
"""Width of a space between words, in em."""
TEXT_CHROMA_SLACK: Final = 40
"""How much more colourful (chroma: the largest channel less the smallest, 0-255) than the least
colourful stretch of a paragraph its text colour may be: grey and black (0-10) are one kind,
a link's blue or red (150 and more) another."""


def is_exact(line: TextLine) -> bool:
    """Whether the line comes from a file that states its type (its box is exact)."""
    return line.size > 0


def ends_paragraph(lines: Sequence[TextLine], line: TextLine) -> bool:
    """Whether the paragraph of ``lines`` (top to bottom, exact) ends before ``line`` (below it):
    ``line`` starts a list item, follows at another pitch, or the last line had room for
    ``line``'s first word."""
    if line.item:
        return True
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


def colour_spans(lines: Sequence[TextLine], colour: Colour) -> tuple[Span, ...]:
    """The text of ``lines`` (one paragraph, top to bottom) as runs, each stretch in a colour
    other than the paragraph's ``colour`` with its own; ``()`` when no line mixes colours. Lines
    join with a space (they wrapped; they did not break)."""
    if not any(line.spans for line in lines):
        return ()
    stretches: list[tuple[str, Colour | None]] = []
    for number, line in enumerate(lines):
        parts = line.spans or (Span(line.text, colour=line.colour),)
        for part in parts:
            own = part.colour if part.colour != colour else None
            text = (" " if number and part is parts[0] else "") + part.text
            if stretches and stretches[-1][1] == own:
                stretches[-1] = (stretches[-1][0] + text, own)
            else:
                stretches.append((text, own))
    return tuple(Span(text, colour=own) for text, own in stretches)


def colour_counts(line: TextLine) -> tuple[tuple[Colour, int], ...]:
    """The line's colours with their characters: a line that mixes colours (``spans``) by its
    stretches, so a paragraph's colour is its words' and not its links'."""
    if not line.spans:
        return ((line.colour, len(line.text)),)
    return tuple((span.colour or line.colour, len(span.text.strip())) for span in line.spans)


def paragraph_colour(lines: Sequence[TextLine]) -> Colour | None:
    """The colour of the text of ``lines`` (one paragraph) when a line mixes colours: of its
    least colourful stretches (``TEXT_CHROMA_SLACK``), the one most characters are set in (the
    first on a tie); ``None`` when no line mixes colours."""
    if not any(line.spans for line in lines):
        return None
    counts: dict[Colour, int] = {}
    for line in lines:
        for colour, count in colour_counts(line):
            counts[colour] = counts.get(colour, 0) + count
    least = min(_chroma(colour) for colour in counts)
    plain = [colour for colour in counts if _chroma(colour) <= least + TEXT_CHROMA_SLACK]
    return max(plain, key=lambda colour: counts[colour])  # max keeps the first of equal counts


def _chroma(colour: Colour) -> int:
    return max(colour) - min(colour)
