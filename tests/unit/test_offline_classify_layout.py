"""The offline engine's classify and layout stages on detections built by hand."""

from __future__ import annotations

from converters.offline.classify import classify
from converters.offline.layout import build_tree, spaced
from converters.offline.model import Box, Detection, Element, Kind, Node, Shape, Style, TextLine

INK = (17, 24, 39)
WHITE = (255, 255, 255)


def line(text: str, x: int, y: int, w: int, h: int = 22, colour=INK, stroke: float = 1.5) -> TextLine:
    return TextLine(text=text, box=Box(x, y, w, h), colour=colour, background=WHITE, stroke=stroke)


def page(lines: list[TextLine], shapes: list[Shape], width: int = 1280, height: int = 900) -> Detection:
    return Detection(width, height, WHITE, tuple(lines), tuple(shapes))


def kinds(elements: tuple[Element, ...]) -> dict[str, Kind]:
    return {e.text: e.kind for e in elements if e.text}


def walk(node: Node) -> list[Node]:
    found = [node]
    for child in node.children:
        found.extend(walk(child))
    return found


def landing() -> Detection:
    return page(
        [
            line("Acme", 40, 22, 80, 28),
            line("Home", 900, 26, 56),
            line("Pricing", 1000, 26, 70),
            line("About", 1110, 26, 60),
            line("Build pages faster", 200, 160, 560, 58, stroke=9.0),
            line("Handoff turns designs into code that developers keep, with", 200, 250, 560),
            line("real layout, semantic tags and nothing placed absolutely.", 200, 278, 540),
            line("Start now", 236, 356, 110),
            line("Email", 200, 460, 60),
            line("you@example.com", 212, 496, 170),
        ],
        [
            Shape("fill", Box(0, 0, 1280, 80), fill=(15, 23, 42)),
            Shape("fill", Box(200, 340, 180, 52), fill=(79, 70, 229), radius=8),
            Shape("box", Box(200, 484, 400, 44), fill=WHITE, border=(148, 163, 184), border_width=1),
            Shape("image", Box(800, 160, 400, 260), fill=(37, 99, 235)),
        ],
    )


def test_controls_headings_paragraphs_and_the_nav_are_recognised() -> None:
    result = classify(landing())
    found = kinds(result.elements)
    assert found["Start now"] is Kind.BUTTON
    assert found["you@example.com"] is Kind.TEXT_INPUT
    assert found["Build pages faster"] is Kind.HEADING
    assert found["Email"] is Kind.LABEL
    assert {found["Home"], found["Pricing"], found["About"]} == {Kind.LINK}
    paragraph = next(e for e in result.elements if e.kind is Kind.PARAGRAPH)
    assert paragraph.text.count("\n") == 1  # the two wrapped lines are one paragraph
    assert any(e.kind is Kind.HEADER for e in result.elements)
    assert any(e.kind is Kind.NAV for e in result.elements)
    assert any(e.kind is Kind.IMAGE for e in result.elements)
    heading = next(e for e in result.elements if e.text == "Build pages faster")
    assert heading.level == 1 and heading.style.font_weight == 700
    assert next(e for e in result.elements if e.text == "Acme").level == 2  # the brand: smaller


def test_the_tree_nests_the_nav_in_the_header_and_cuts_rows_and_columns() -> None:
    result = classify(landing())
    tree = build_tree(result.elements, 1280, 900)
    nodes = walk(tree)
    header = next(n for n in nodes if n.element is not None and n.element.kind is Kind.HEADER)
    nav = next(n for n in walk(header) if n.element is not None and n.element.kind is Kind.NAV)
    assert [c.element.text for c in nav.children if c.element] == ["Home", "Pricing", "About"]
    assert nav.direction == "row"
    # The hero: text column beside the image, in one row.
    image = next(n for n in nodes if n.element is not None and n.element.kind is Kind.IMAGE)
    row = next(n for n in nodes if n.direction == "row" and image in n.children)
    assert len(row.children) == 2 and row.children[1] is image
    # Offsets keep the design's vertical spacing between the stacked items.
    column = row.children[0]
    assert column.direction == "column" and all(offset >= 0 for offset in column.offsets)
    assert tree.box == Box(0, 0, 1280, 900)


def test_the_smallest_space_between_children_is_the_gap_and_the_rest_their_offsets() -> None:
    assert spaced([24, 24, 40]) == (24, (0, 0, 0, 16))
    assert spaced([]) == (0, (0,))
    tree = build_tree(classify(landing()).elements, 1280, 900)
    nav = next(n for n in walk(tree) if n.element is not None and n.element.kind is Kind.NAV)
    # Home, Pricing, About stand 44 and 40 px apart (each widened by its text slack first).
    assert nav.gap > 0 and nav.offsets[0] == 0 and min(nav.offsets[1:]) == 0
    for node in walk(tree):
        if len(node.children) >= 2:
            ends = [c.box.bottom if node.direction == "column" else c.box.right for c in node.children]
            starts = [c.box.y if node.direction == "column" else c.box.x for c in node.children]
            spaces = [max(0, start - end) for end, start in zip(ends, starts[1:], strict=False)]
            assert [node.gap + o for o in node.offsets[1:]] == spaces  # nothing moved


def test_one_line_text_gets_room_to_spare_but_not_past_its_neighbour() -> None:
    tree = build_tree(classify(landing()).elements, 1280, 900)
    nodes = walk(tree)
    label = next(n for n in nodes if n.element is not None and n.element.text == "Email")
    assert label.box.w > 60
    pricing = next(n for n in nodes if n.element is not None and n.element.text == "Pricing")
    about = next(n for n in nodes if n.element is not None and n.element.text == "About")
    assert pricing.box.right < about.box.x


def test_checkbox_takes_its_caption_and_radio_too() -> None:
    detection = page(
        [line("Remember me", 230, 100, 130), line("Monthly", 230, 160, 80)],
        [
            Shape("checkbox", Box(200, 103, 16, 16), border=INK),
            Shape("radio", Box(200, 163, 16, 16), border=INK),
        ],
    )
    found = kinds(classify(detection).elements)
    assert found == {"Remember me": Kind.CHECKBOX, "Monthly": Kind.RADIO}


def test_wireframe_text_bars_become_placeholder_text_of_the_right_kinds() -> None:
    bars = [
        Shape("text_bar", Box(100, 100, 300, 14), border=INK, border_width=6),
        Shape("text_bar", Box(100, 160, 500, 6), border=INK, border_width=2),
        Shape("text_bar", Box(100, 180, 480, 6), border=INK, border_width=2),
        Shape("text_bar", Box(100, 200, 300, 6), border=INK, border_width=2),
        Shape("text_bar", Box(700, 400, 120, 6), border=INK, border_width=2),
    ]
    elements = classify(page([], bars)).elements
    assert [e.kind for e in elements] == [Kind.HEADING, Kind.PARAGRAPH, Kind.LABEL]
    assert elements[1].text.count("\n") == 2
    assert all(e.text for e in elements)


def test_an_empty_detection_gives_an_empty_root() -> None:
    result = classify(page([], []))
    assert result.elements == ()
    tree = build_tree(result.elements, 800, 600)
    assert tree.children == () and tree.box == Box(0, 0, 800, 600)


def test_classify_and_layout_are_deterministic() -> None:
    first = build_tree(classify(landing()).elements, 1280, 900)
    second = build_tree(classify(landing()).elements, 1280, 900)
    assert first == second


def test_cells_of_a_drawn_table_that_share_their_borders_form_rows_of_a_grid() -> None:
    # Hand-drawn cells overlap their neighbours by their uneven borders (here 3-6 px): no clean
    # gap separates them, yet they are rows of cells, not one staircase of boxes.
    cells = [
        Element(Kind.CARD, Box(100 + 196 * col - (col % 2) * 2, 200 + 56 * row - (row % 2) * 2, 200, 60))
        for row in range(3)
        for col in range(4)
    ]
    tree = build_tree(cells, 1000, 500)
    rows = [n for n in walk(tree) if n.direction == "row" and len(n.children) == 4]
    assert len(rows) == 3
    for row in rows:
        xs = [child.box.x for child in row.children]
        assert xs == sorted(xs)


def test_a_nav_on_a_white_top_bar_gets_a_header_and_a_copyright_line_a_footer() -> None:
    detection = page(
        [
            line("Acme", 40, 24, 80, 28),
            line("Home", 900, 26, 56),
            line("Pricing", 1000, 26, 70),
            line("About", 1110, 26, 60),
            line("Build pages faster", 200, 160, 560, 58, stroke=9.0),
            line("Handoff turns designs into code that developers keep.", 200, 250, 560),
            line("© 2026 Acme Inc. All rights reserved.", 40, 840, 330, 20),
        ],
        [],
    )
    result = classify(detection)
    header = next(e for e in result.elements if e.kind is Kind.HEADER)
    footer = next(e for e in result.elements if e.kind is Kind.FOOTER)
    assert header.box.y == 0 and header.box.w == 1280 and 52 <= header.box.bottom <= 160
    assert footer.box.bottom == 900 and footer.box.w == 1280 and 276 <= footer.box.y <= 840
    tree = build_tree(result.elements, 1280, 900)
    nodes = walk(tree)
    in_header = walk(next(n for n in nodes if n.element is not None and n.element.kind is Kind.HEADER))
    assert {n.element.text for n in in_header if n.element is not None and n.element.text} == {
        "Acme",
        "Home",
        "Pricing",
        "About",
    }


def test_no_landmark_is_made_up_where_it_would_cut_through_content() -> None:
    # A picture starting right below the nav, reaching past where the header would end.
    detection = page(
        [line("Home", 900, 26, 56), line("Pricing", 1000, 26, 70), line("About", 1110, 26, 60)],
        [Shape("image", Box(40, 40, 400, 300), fill=(37, 99, 235))],
    )
    assert Kind.HEADER not in {e.kind for e in classify(detection).elements}


def test_a_containers_padding_leaves_its_one_line_text_the_slack_it_gets() -> None:
    header = Element(Kind.HEADER, Box(0, 0, 1280, 120), style=Style(background=(79, 70, 229)))
    title = Element(Kind.HEADING, Box(19, 41, 244, 40), "Plan your week", Style(font_size=34), level=1)
    tree = build_tree([header, title], 1280, 400)
    node = tree.children[0]
    heading = node.children[0] if node.children else node
    assert heading.box.w > 244  # widened for a font a little wider than the design's
    assert node.padding[1] == 1280 - heading.box.right  # and the padding leaves it that room
