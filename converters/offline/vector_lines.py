"""A vector file's text runs as the lines a reader sees: runs set side by side on one line join.

A PDF (or SVG) holds text as runs, each in one style: a paragraph with a link, a bold word or a
bit of code in it is several runs per line. OCR reads such a line as one line of text, and so does
the layout after it; the file's runs are joined the same way here, the line taking the style most
of its characters are set in. Runs further apart than a space (table cells, nav items, columns)
stay apart.

A run in a colour of its own (a link, a highlighted word) joins its line too, when it is painted
on the same ground (not a badge on a fill of its own), and the line keeps its parts
(``VectorLine.parts``): a page's markup makes such a run an element of its own (``<a>``,
``<span>``) inside the paragraph, and the code written from the line does the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Final

from converters.intake.vector import Colour, Rect, TextRun

JOIN_GAP_EM: Final = 0.6
"""Widest gap (em of the smaller run) between two runs of one line: a space is 0.25-0.35 em;
wider gaps part columns, cells and nav items (the file's own runs part at 0.9 em)."""
OVERLAP_EM: Final = 0.15
"""How far (em) a run may start left of the one before it and still follow it (kerning,
an italic's overhang)."""
SPACE_EM: Final = 0.15
"""A gap wider than this (em) between two joined runs is a space; a comma in its own run sits
closer than that."""
SAME_LINE: Final = 0.6
"""Two runs are on one line when their boxes share this much of the shorter one's height and
their bottoms (baselines, near enough) are within ``BASELINE_EM`` of each other."""
BASELINE_EM: Final = 0.35
SIZE_RATIO: Final = 1.6
"""Runs whose font sizes differ more than this are not one line (a big initial, a badge), unless
the smaller is set within the larger's height (``INNER_EM``)."""
INNER_EM: Final = 0.15
"""How far (em of the line's type) a smaller run may reach above or below the line's text and
still be set within it: a superscript, a subscript, a trademark sign."""
MIN_WORD: Final = 3
"""Characters a run needs for its weight to count as the line's (a lone comma's does not)."""
LOOKBACK: Final = 12
"""Lines already made that a run may continue: a browser paints a line's runs close together."""


Backdrop = Callable[[TextRun], Hashable]
"""What a run is painted on (say, the shape under it): runs in two colours, or a small run set
inside a line, join only on one."""


@dataclass(frozen=True)
class LinePart:
    """A stretch of a line in one colour: its text (with the space after it, where one is)."""

    text: str
    colour: Colour


@dataclass(frozen=True)
class VectorLine:
    """One line as a reader sees it: ``run``, its runs joined (text, box, main style), and
    ``parts``, its stretches in their own colours when it mixes colours (else ``()``)."""

    run: TextRun
    parts: tuple[LinePart, ...] = ()


@dataclass
class _Line:
    runs: list[TextRun]
    right: float

    @property
    def last(self) -> TextRun:
        return self.runs[-1]

    @property
    def main(self) -> TextRun:
        """The run in the line's largest type (the first such): what a run set inside it is
        measured against."""
        return max(self.runs, key=lambda run: run.font_size)


def joined_lines(runs: Sequence[TextRun], backdrop: Backdrop | None = None) -> tuple[VectorLine, ...]:
    """``runs`` with those that continue one line (left to right, at most a space apart) joined,
    in the order of each line's first run. Runs in two colours join only when ``backdrop`` (if
    given) says they are painted on the same thing."""
    lines: list[_Line] = []
    for run in runs:
        if not run.text.strip():
            continue
        line = next((line for line in reversed(lines[-LOOKBACK:]) if _continues(line, run, backdrop)), None)
        if line is None:
            lines.append(_Line([run], run.box.right))
        else:
            line.runs.append(run)
            line.right = max(line.right, run.box.right)
    return tuple(_joined(line.runs) for line in lines)


def _continues(line: _Line, run: TextRun, backdrop: Backdrop | None) -> bool:
    last, main = line.last, line.main
    inner = _inner(run, main)
    if (run.colour != last.colour or inner) and backdrop is not None and backdrop(run) != backdrop(last):
        return False
    gap = run.box.x - line.right
    if inner:
        return -OVERLAP_EM * main.font_size <= gap <= JOIN_GAP_EM * main.font_size
    em = min(main.font_size, run.font_size) or 1.0
    if max(main.font_size, run.font_size) > SIZE_RATIO * em:
        return False
    if not -OVERLAP_EM * em <= gap <= JOIN_GAP_EM * em:
        return False
    shared = min(main.box.bottom, run.box.bottom) - max(main.box.y, run.box.y)
    return (
        shared >= SAME_LINE * min(main.box.h, run.box.h)
        and abs(main.box.bottom - run.box.bottom) <= BASELINE_EM * em
    )


def _inner(run: TextRun, main: TextRun) -> bool:
    """Whether ``run`` is set small inside the line of ``main`` (a superscript, a subscript)."""
    slack = INNER_EM * main.font_size
    return (
        run.font_size * SIZE_RATIO < main.font_size
        and run.box.y >= main.box.y - slack
        and run.box.bottom <= main.box.bottom + slack
    )


def _joined(runs: list[TextRun]) -> VectorLine:
    """One line for a line's runs: their texts (a space where they stand apart), the box around
    them, the size and colour of most of their characters and the weight of the lightest of its
    words (emphasis is bolder than the text around it: a paragraph with a bold phrase is not a
    bold paragraph); italic when all of it is. Its parts when the runs are in several colours."""
    if len(runs) == 1:
        return VectorLine(runs[0])
    texts = [runs[0].text]
    for before, run in itertools.pairwise(runs):
        em = min(before.font_size, run.font_size) or 1.0
        spaced = run.box.x - before.box.right > SPACE_EM * em
        if spaced and not texts[-1].endswith(" ") and not run.text.startswith(" "):
            texts[-1] += " "  # the space belongs to the part before it
        texts.append(run.text)
    text = "".join(texts)
    main = _dominant(runs)
    worded = [run for run in runs if len(run.text.strip()) >= MIN_WORD] or runs
    left, top = min(r.box.x for r in runs), min(r.box.y for r in runs)
    right, bottom = max(r.box.right for r in runs), max(r.box.bottom for r in runs)
    line = TextRun(
        text=text,
        box=Rect(left, top, right - left, bottom - top),
        font_family=main.font_family,
        font_size=main.font_size,
        font_weight=min(run.font_weight for run in worded),
        colour=main.colour,
        italic=all(run.italic for run in runs),
    )
    return VectorLine(line, _parts(texts, runs))


def _parts(texts: list[str], runs: list[TextRun]) -> tuple[LinePart, ...]:
    """The line's stretches in one colour each (``texts``: each run's text as joined); ``()``
    when the line is in one colour."""
    parts: list[LinePart] = []
    for text, run in zip(texts, runs, strict=True):
        if parts and parts[-1].colour == run.colour:
            parts[-1] = LinePart(parts[-1].text + text, run.colour)
        else:
            parts.append(LinePart(text, run.colour))
    return tuple(parts) if len(parts) > 1 else ()


def _dominant(runs: list[TextRun]) -> TextRun:
    """The run whose size and colour cover most characters (the first such on a tie)."""
    counts: dict[tuple[float, Colour], int] = {}
    first: dict[tuple[float, Colour], TextRun] = {}
    for run in runs:
        key = (run.font_size, run.colour)
        counts[key] = counts.get(key, 0) + len(run.text.strip())
        first.setdefault(key, run)
    best = max(counts, key=lambda key: counts[key])  # max keeps the first of equal counts
    return first[best]
