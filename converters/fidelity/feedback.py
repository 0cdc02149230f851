"""What a scored render says to the model that wrote it: concrete, checkable feedback for one more
turn (``converters.revise``).

From a ``ScoredConversion`` (the render of the code against the upload's OCR reference): texts
missing (quoted, with where they belong) and extra, blocks far from their place, colours off by a
visible margin, overflow and overlaps at narrow widths, and absolutely positioned elements. Each
list is capped, the worst first, so the feedback stays a short message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from converters.fidelity.quality import reflow_problems
from converters.fidelity.service import ScoredConversion
from converters.palette import hex_colour
from converters.render.types import TextBlock

ITEMS_PER_KIND: Final = 12
"""Most items listed per kind of problem: the worst dozen are enough to act on in one turn."""
FAR_POSITION: Final = 0.9
"""A matched block whose position score is below this is "far from its place": 0.9 is a tenth of
the page's diagonal away (Design2Code's position score is 1 minus the normalised distance)."""
COLOUR_OFF: Final = 0.8
"""A matched block whose colour score is below this has a colour a designer would call wrong
(CIEDE2000 about 20 apart, the colour score's scale)."""
ABSOLUTE_SHARE_NOTED: Final = 0.1
"""More than a tenth of the elements absolutely positioned: the layout will not reflow."""


@dataclass(frozen=True)
class Feedback:
    """The message for the model (``text``, empty when there is nothing to fix) and how many
    problems of each kind it names."""

    text: str
    missing: int = 0
    extra: int = 0
    misplaced: int = 0
    recoloured: int = 0
    layout: int = 0

    @property
    def problems(self) -> int:
        return self.missing + self.extra + self.misplaced + self.recoloured + self.layout


def feedback(scored: ScoredConversion) -> Feedback:
    """The problems of ``scored`` as lines a model can act on (see the module docstring)."""
    reference, report = scored.reference, scored.report
    candidate = report.candidate.blocks
    blocks = report.blocks
    sections: list[str] = []
    missing = [reference.blocks[i] for i in blocks.missing if i < len(reference.blocks)]
    missing.sort(key=lambda block: -block.width * block.height)
    if missing:
        sections.append("Text in the design that your page does not show (add it where it belongs):")
        sections += [
            f'- "{_words(block)}" at about {_place(block, reference.width, reference.height)}'
            for block in missing[:ITEMS_PER_KIND]
        ]
    extra = [candidate[i] for i in blocks.extra if i < len(candidate)]
    extra.sort(key=lambda block: -block.width * block.height)
    if extra:
        sections.append("Text your page shows that the design does not have (remove it, or fix its wording):")
        sections += [f'- "{_words(block)}"' for block in extra[:ITEMS_PER_KIND]]
    pairs = [
        (match, want, got)
        for match in blocks.matches
        if (want := _first(reference.blocks, match.reference)) is not None
        and (got := _first(candidate, match.candidate)) is not None
    ]
    misplaced = [
        f'- "{_words(want)}" is at {_place(got, report.candidate.width, report.candidate.height)}; '
        f"in the design it is at {_place(want, reference.width, reference.height)}"
        for match, want, got in sorted(pairs, key=lambda pair: pair[0].position)
        if match.position < FAR_POSITION
    ]
    recoloured = [
        f'- "{_words(want)}" is {hex_colour(got.color)}; in the design it is {hex_colour(want.color)}'
        for match, want, got in sorted(pairs, key=lambda pair: pair[0].color)
        if match.color < COLOUR_OFF
    ]
    if misplaced:
        sections.append("Blocks far from their place in the design:")
        sections += misplaced[:ITEMS_PER_KIND]
    if recoloured:
        sections.append("Text colours visibly off:")
        sections += recoloured[:ITEMS_PER_KIND]
    layout = _layout_notes(scored)
    if layout:
        sections.append("Layout:")
        sections += layout
    return Feedback(
        "\n".join(sections),
        missing=len(missing),
        extra=len(extra),
        misplaced=len(misplaced),
        recoloured=len(recoloured),
        layout=len(layout),
    )


def _layout_notes(scored: ScoredConversion) -> list[str]:
    quality = scored.report.quality
    notes = []
    for check in quality.reflow_checks:
        problems = reflow_problems(check)
        if problems:
            notes.append(f"- At {check.width} px wide: " + ", ".join(problems) + ".")
    if quality.absolute_share > ABSOLUTE_SHARE_NOTED:
        notes.append(
            f"- {quality.absolute_share:.0%} of the elements are absolutely positioned: lay them out "
            "with flex or grid so the page reflows."
        )
    return notes


def _first(blocks: Sequence[TextBlock], group: Sequence[int]) -> TextBlock | None:
    return blocks[group[0]] if group and group[0] < len(blocks) else None


def _words(block: TextBlock, most: int = 80) -> str:
    text = " ".join(block.text.split()).replace('"', "'")
    return text if len(text) <= most else text[: most - 1] + "…"


def _place(block: TextBlock, width: float, height: float) -> str:
    """Where a block is, in CSS px and as a share of the page (the pages may differ in length)."""
    centre = block.x + block.width / 2
    across = "left" if centre < width / 3 else "right" if centre > 2 * width / 3 else "middle"
    down = block.y / height if height else 0.0
    return f"x {block.x:.0f}, y {block.y:.0f} px ({across}, {down:.0%} down the page)"
