"""Text colours the offline engine emits meet AA contrast where the design's colours allow it."""

from __future__ import annotations

from converters.offline.emit import emit
from converters.offline.emit.legible import (
    AA_RATIO,
    MAX_NUDGE_DELTA_E,
    legible,
    legible_colour,
)
from converters.offline.model import Box, Element, Kind, Node, Style
from converters.palette import contrast_ratio
from converters.targets import Target

WHITE = (255, 255, 255)
GREY_READ_LIGHT = (129, 129, 129)
"""#818181 on white: 3.9:1, read from anti-aliased 14 px text that was #767676 (4.5:1) or darker."""
PALE = (170, 170, 170)
"""#aaaaaa on white: 2.3:1, a design that fails contrast."""


def text(
    colour: tuple[int, int, int], *, background: tuple[int, int, int] | None = None, size: int = 14
) -> Node:
    box = Box(0, 0, 200, 20)
    style = Style(font_size=size, colour=colour, background=background)
    return Node(box=box, element=Element(Kind.PARAGRAPH, box, "Fine print", style))


def page(*children: Node, background: tuple[int, int, int] | None = None) -> Node:
    box = Box(0, 0, 800, 200)
    card = Node(
        box=box, children=children, element=Element(Kind.CARD, box, style=Style(background=background))
    )
    return Node(box=box, children=(card,))


def test_text_just_under_the_ratio_is_moved_the_least_that_meets_it() -> None:
    moved = legible_colour(GREY_READ_LIGHT, WHITE)
    assert moved != GREY_READ_LIGHT and contrast_ratio(moved, WHITE) >= AA_RATIO
    assert (
        moved[0] < GREY_READ_LIGHT[0] and contrast_ratio((moved[0] + 2,) * 3, WHITE) < AA_RATIO
    )  # the least
    # Light text on a dark ground goes lighter, never darker.
    assert legible_colour((120, 120, 120), (20, 20, 20))[0] > 120


def test_a_design_that_fails_contrast_keeps_its_colours_and_large_text_needs_less() -> None:
    assert legible_colour(PALE, WHITE) == PALE  # more than MAX_NUDGE_DELTA_E away from passing
    assert MAX_NUDGE_DELTA_E <= 10
    assert legible_colour((0, 0, 0), WHITE) == (0, 0, 0)
    assert legible_colour((140, 140, 140), WHITE, large=True) == (140, 140, 140)  # 3.4:1 is enough at 24 px


def test_the_background_is_the_nearest_painted_one_and_backgrounds_never_change() -> None:
    on_dark_card = legible(page(text((90, 90, 90)), background=(40, 40, 40)), WHITE)
    [card] = on_dark_card.children
    assert card.element is not None and card.element.style.background == (40, 40, 40)
    [leaf] = card.children
    assert leaf.element is not None and leaf.element.style.colour == (90, 90, 90)  # 1.9:1: the design's

    on_page = legible(page(text(GREY_READ_LIGHT)), WHITE)
    assert on_page.children[0].children[0].element.style.colour != GREY_READ_LIGHT  # type: ignore[union-attr]


def test_the_emitted_page_carries_the_legible_colour() -> None:
    html = emit(page(text(GREY_READ_LIGHT), text(PALE)), Target.HTML_CSS)
    assert "#818181" not in html and "#aaaaaa" in html
