"""The offline engine's render stage in real Chromium: every target's code, run the way the app
previews it, puts the tree's texts where the tree says, uses no absolute positioning and reflows
at 768 and 375 px without overflow, overlaps or clipping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from converters.fidelity.quality import absolute_share, reflow_passed
from converters.offline.emit import emit
from converters.offline.model import Box, Element, Kind, Node, Style
from converters.offline.style import text_width
from converters.render import Renderer, Rendering, TextBlock
from converters.targets import Target
from tests.builders import near_colour
from tests.unit.test_offline_emit import dashboard_tree, sample_tree

pytestmark = pytest.mark.e2e

REFLOW_WIDTHS = (768, 375)
POSITION_TOLERANCE_PX = 10
# Text -> where the tree puts it (left, top), CSS px at the design's width of 1280.
HEADLINES = {
    "Handoff": (48, 23),
    "Features": (999, 24),
    "Design to code, offline": (48, 120),
    "Starter": (72, 320),
    "Team": (476, 320),
    "Studio": (880, 320),
    "For small teams.": (476, 364),
    "Contact us": (48, 512),
    "Email": (48, 562),
    "© 2025 Handoff": (48, 1141),
}


TRICKY_TEXTS = ('A "quoted" {brace}', "B <tag> & more", "C it's </script>")
DASHBOARD_HEADLINES = {
    "Dashboard": (32, 34),
    "Overview": (48, 112),
    "Orders": (556, 168),
    "Jane Cooper": (376, 272),
}


def tricky_tree() -> Node:
    """Three links whose texts JSX and HTML must escape (mapped from an array in React)."""
    links = tuple(
        Node(
            box=Box(32 + 200 * i, 32, 180, 24),
            element=Element(Kind.LINK, Box(32 + 200 * i, 32, 180, 24), words, Style()),
        )
        for i, words in enumerate(TRICKY_TEXTS)
    )
    row = Node(box=Box(32, 32, 580, 24), direction="row", gap=20, children=links)
    return Node(box=Box(0, 0, 800, 120), padding=(32, 32, 32, 32), children=(row,))


SPREAD_LINKS = ("Latest", "Challenges", "Games", "Log in")
MEDIA_TEXT = (
    "A comment beside its avatar, long enough to wrap onto a second line at the design's\n"
    "width and onto several lines on a phone."
)


def spread_links() -> dict[str, tuple[int, int]]:
    """Link text -> (x, width): three 20 px apart from x = 32, the last one at x = 868."""
    placed: dict[str, tuple[int, int]] = {}
    x = 32
    for words in SPREAD_LINKS:
        width = round(text_width(words, 16, False))
        placed[words] = (868 if words == "Log in" else x, width)
        x += width + 20
    return placed


def spread_tree() -> Node:
    """A nav of three links close together and one far right (no box of its own), and an avatar
    beside a wrapping comment: rows as wide as their content or wider."""
    placed = spread_links()
    links = tuple(
        Node(box=Box(x, 16, w, 24), element=Element(Kind.LINK, Box(x, 16, w, 24), words, Style(16, 24)))
        for words, (x, w) in placed.items()
    )
    third = links[2].box
    offsets = (0, 0, 0, 868 - third.right - 20)
    nav_box = Box(32, 16, links[3].box.right - 32, 24)
    nav = Node(
        box=nav_box,
        direction="row",
        gap=20,
        offsets=offsets,
        element=Element(Kind.NAV, nav_box),
        children=links,
    )
    avatar_box, comment_box = Box(32, 80, 40, 40), Box(88, 80, 560, 48)
    media = Node(
        box=Box(32, 80, 616, 48),
        direction="row",
        gap=16,
        children=(
            Node(box=avatar_box, element=Element(Kind.IMAGE, avatar_box, "Avatar", Style())),
            Node(
                box=comment_box,
                element=Element(Kind.PARAGRAPH, comment_box, MEDIA_TEXT, Style(font_size=16, line_height=24)),
            ),
        ),
    )
    return Node(box=Box(0, 0, 1280, 160), padding=(16, 32, 32, 32), gap=40, children=(nav, media))


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


def _render_all(renderer: Renderer, tree: Node, name: str, artifacts_dir: Path) -> dict[Target, Rendering]:
    results: dict[Target, Rendering] = {}
    for target in Target:
        code = emit(tree, target, title=name)
        rendering = renderer.render_code(code, target, structure=True, reflow=REFLOW_WIDTHS)
        (artifacts_dir / f"offline-emit-{name}-{target.value}.png").write_bytes(rendering.png)
        results[target] = rendering
    return results


@pytest.fixture(scope="module")
def renderings(renderer: Renderer, artifacts_dir: Path) -> dict[Target, Rendering]:
    return _render_all(renderer, sample_tree(), "landing", artifacts_dir)


@pytest.fixture(scope="module")
def dashboards(renderer: Renderer, artifacts_dir: Path) -> dict[Target, Rendering]:
    return _render_all(renderer, dashboard_tree(), "dashboard", artifacts_dir)


def _block(rendering: Rendering, text: str) -> TextBlock:
    matches = [block for block in rendering.blocks if block.text == text]
    assert matches, f"{text!r} not among {[block.text for block in rendering.blocks]}"
    return matches[0]


@pytest.mark.parametrize("target", list(Target))
def test_the_code_renders_without_errors(renderings: dict[Target, Rendering], target: Target) -> None:
    rendering = renderings[target]
    assert rendering.status == "rendered", rendering.message
    assert rendering.blocked == ()
    assert 1150 <= rendering.height <= 1260  # the tree is 1187 px tall


@pytest.mark.parametrize("target", list(Target))
def test_texts_land_where_the_tree_puts_them(renderings: dict[Target, Rendering], target: Target) -> None:
    # The element holding the text (its box, not the glyphs': this is about where the code puts it).
    rendering = renderings[target]
    assert rendering.structure is not None
    for text, (x, y) in HEADLINES.items():
        found = [e for e in rendering.structure.elements if e.text.strip() == text]
        assert found, f"{text!r} not on the page"
        assert abs(found[0].x - x) <= POSITION_TOLERANCE_PX, (text, found[0])
        assert abs(found[0].y - y) <= POSITION_TOLERANCE_PX, (text, found[0])


@pytest.mark.parametrize("target", list(Target))
def test_colours_come_through(renderings: dict[Target, Rendering], target: Target) -> None:
    rendering = renderings[target]
    assert near_colour(_block(rendering, "Handoff").color, (255, 255, 255))
    assert near_colour(_block(rendering, "Choose").color, (255, 255, 255))
    assert near_colour(_block(rendering, "For small teams.").color, (71, 85, 105))


@pytest.mark.parametrize("target", list(Target))
def test_layout_is_flow_and_reflows_at_narrow_widths(
    renderings: dict[Target, Rendering], target: Target
) -> None:
    structure = renderings[target].structure
    assert structure is not None
    assert absolute_share(structure) == 0
    assert [check.width for check in structure.reflow] == list(REFLOW_WIDTHS)
    assert reflow_passed(structure), structure.reflow
    tags = {element.tag for element in structure.elements}
    assert {"header", "nav", "main", "footer", "article", "button", "input", "select", "img", "hr"} <= tags


@pytest.mark.parametrize("target", list(Target))
def test_identical_cards_render_alike(renderings: dict[Target, Rendering], target: Target) -> None:
    structure = renderings[target].structure
    assert structure is not None
    cards = [element for element in structure.elements if element.tag == "article"]
    assert len(cards) == 3
    assert len({(round(card.width), round(card.height), round(card.y)) for card in cards}) == 1
    assert [round(card.x) for card in cards] == [48, 452, 856]


@pytest.mark.parametrize("target", list(Target))
def test_a_denser_page_keeps_its_positions_and_reflows(
    dashboards: dict[Target, Rendering], target: Target
) -> None:
    rendering = dashboards[target]
    assert rendering.status == "rendered", rendering.message
    for text, (x, y) in DASHBOARD_HEADLINES.items():
        block = _block(rendering, text)
        assert abs(block.x - x) <= POSITION_TOLERANCE_PX and abs(block.y - y) <= POSITION_TOLERANCE_PX, (
            text,
            block,
        )
    summary = _block(rendering, "Monthly summary")
    assert abs(summary.x + summary.width / 2 - 772) <= 2  # centred over the content column
    assert structure_ok(rendering)


@pytest.mark.parametrize("target", list(Target))
def test_texts_that_need_escaping_render_verbatim(renderer: Renderer, target: Target) -> None:
    rendering = renderer.render_code(emit(tricky_tree(), target), target)
    assert rendering.status == "rendered", rendering.message
    assert [block.text for block in rendering.blocks] == list(TRICKY_TEXTS)


@pytest.mark.parametrize("target", list(Target))
def test_rows_spread_out_or_sized_by_content_keep_their_positions(renderer: Renderer, target: Target) -> None:
    # Percent margins inside a row as wide as its content resolve against a width they change:
    # the far link wrapped onto a second line and the comment pushed the page wide at 375 px.
    code = emit(spread_tree(), target)
    rendering = renderer.render_code(code, target, structure=True, reflow=REFLOW_WIDTHS)
    assert rendering.status == "rendered", rendering.message
    for text, (x, _) in spread_links().items():
        block = _block(rendering, text)
        assert abs(block.x - x) <= POSITION_TOLERANCE_PX and abs(block.y - 16) <= POSITION_TOLERANCE_PX, block
    comment = next(block for block in rendering.blocks if block.text.startswith("A comment"))
    assert abs(comment.x - 88) <= POSITION_TOLERANCE_PX and abs(comment.y - 80) <= POSITION_TOLERANCE_PX
    assert structure_ok(rendering), rendering.structure


def structure_ok(rendering: Rendering) -> bool:
    structure = rendering.structure
    return structure is not None and absolute_share(structure) == 0 and reflow_passed(structure) is True
