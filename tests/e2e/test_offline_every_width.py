"""The offline engine's rules hold at every width, not only at 1280, 768 and 375 px: the issue's
hero (its text beside an 803 px left padding) and a row of one-line texts spread over the page,
swept every 32 px from 320 px to the design's 1280 in every target, with nothing squeezed,
overlapping, clipped or wider than the screen."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from converters.fidelity.sweep import sweep_reflow, sweep_widths
from converters.offline.emit import emit
from converters.offline.model import Box, Element, Kind, Node, Style
from converters.render import Renderer
from converters.targets import Target

pytestmark = pytest.mark.e2e

DESIGN_PX = 1280


def hero_page() -> Node:
    """A header row of four one-line headings across the page, then a hero whose heading and
    paragraph sit right of an 803 px left padding (the issue's case)."""
    spread = ((40, "BLOG"), (420, "SHOP"), (800, "ABOUT US"), (1080, "CONTACT"))
    items = tuple(
        Node(
            box=Box(x, 24, 24 * len(words), 32),
            element=Element(Kind.HEADING, Box(x, 24, 24 * len(words), 32), words, Style(24, 32)),
        )
        for x, words in spread
    )
    offsets = (0, *(b.box.x - a.box.right - 16 for a, b in itertools.pairwise(items)))
    header = Node(
        box=Box(40, 24, 1080 + 24 * 7 - 40, 32), direction="row", gap=16, offsets=offsets, children=items
    )
    heading_box, text_box = Box(803, 168, 400, 58), Box(803, 242, 400, 52)
    heading = Element(Kind.HEADING, heading_box, "Design to code, offline", Style(48, 58))
    text = Element(
        Kind.PARAGRAPH, text_box, "Upload a mockup and get clean,\nresponsive code in seconds.", Style(18, 26)
    )
    hero_box = Box(0, 120, DESIGN_PX, 222)
    hero = Node(
        box=hero_box,
        padding=(48, 77, 48, 803),
        gap=16,
        element=Element(Kind.SECTION, hero_box, style=Style(background=(238, 242, 255))),
        children=(Node(box=heading_box, element=heading), Node(box=text_box, element=text)),
    )
    return Node(box=Box(0, 0, DESIGN_PX, 400), gap=64, children=(header, hero))


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


@pytest.mark.parametrize("target", list(Target))
def test_the_wide_padded_hero_and_a_spread_row_hold_at_every_width(
    renderer: Renderer, target: Target
) -> None:
    code = emit(hero_page(), target, title="Hero")
    assert "clamp(16px,62.73%,803px)" in code  # the padding shrinks with the page below 1280 px
    sweep = sweep_reflow(renderer, code, target, width=DESIGN_PX, widths=sweep_widths(320, DESIGN_PX))
    assert sweep.passed, sweep.problems()
