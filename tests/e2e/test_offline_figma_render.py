"""The code the offline engine writes from a Figma auto-layout frame, rendered in Chromium: at the
frame's width (1280 px) its rows are rows where the frame puts them; at a phone's width (390 px)
the row of cards stacks and nothing overflows, in every target."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from converters.fidelity.quality import absolute_share, reflow_passed
from converters.offline.figma import read_figma
from converters.offline.reading import write_code
from converters.render import Renderer
from converters.render.types import Element
from converters.targets import Target
from tests import figma_nodes as fx

pytestmark = pytest.mark.e2e

DESKTOP_PX = 1280
PHONE_PX = 390
POSITION_TOLERANCE_PX = 10
CARD_LEFTS = (40, 440, 840)
"""Where the frame puts its three cards (``figma_nodes.landing_frame``)."""


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


def _cards(elements: tuple[Element, ...]) -> list[Element]:
    return [element for element in elements if element.tag == "article"]


@pytest.mark.parametrize("target", list(Target))
def test_the_auto_layout_frame_keeps_its_flex_behaviour(
    renderer: Renderer, target: Target, artifacts_dir: Path
) -> None:
    code = write_code(read_figma(fx.landing_frame(), fx.COMPONENTS), target, "landing")
    wide = renderer.render_code(code, target, width=DESKTOP_PX, structure=True, reflow=(PHONE_PX,))
    (artifacts_dir / f"offline-figma-landing-{target.value}.png").write_bytes(wide.png)
    assert wide.status == "rendered", wide.message
    assert wide.structure is not None and absolute_share(wide.structure) == 0
    cards = _cards(wide.structure.elements)
    assert len(cards) == 3 and len({round(card.y) for card in cards}) == 1  # one row
    for card, left in zip(cards, CARD_LEFTS, strict=True):
        assert abs(card.x - left) <= POSITION_TOLERANCE_PX, (card, left)
    nav_links = [
        e for e in wide.structure.elements if e.tag == "a" and e.text.strip() in ("Features", "Docs")
    ]
    assert len({round(link.y) for link in nav_links}) == 1 and nav_links[-1].x > DESKTOP_PX / 2
    assert reflow_passed(wide.structure), wide.structure.reflow  # nothing overflows at 390 px

    narrow = renderer.render_code(code, target, width=PHONE_PX, structure=True)
    (artifacts_dir / f"offline-figma-landing-{target.value}-{PHONE_PX}.png").write_bytes(narrow.png)
    assert narrow.structure is not None
    stacked = _cards(narrow.structure.elements)
    assert len(stacked) == 3
    assert stacked[0].y + stacked[0].height <= stacked[1].y <= stacked[2].y  # the row stacks
    for card in stacked:
        assert card.x >= 0 and card.x + card.width <= PHONE_PX + 1
