"""``converters.offline.figma``: a Figma frame's nodes -> the layout tree and the code the offline
emit writes from it; the engine and the grounding reading a design imported from Figma."""

from __future__ import annotations

import base64
import dataclasses
import re
from typing import Any

import pytest
from PIL import Image

from converters.conversion import ConversionRequest, Grounding
from converters.engines.grounding import FROM_FILE_NOTE, with_reading
from converters.intake import FigmaFrame, load_design
from converters.offline.emit import EMPTY_MESSAGE
from converters.offline.engine import OfflineEngine
from converters.offline.figma import FIGMA_NOTE, read_figma
from converters.offline.model import Element, Kind, Node
from converters.offline.reading import write_code
from converters.targets import Target
from tests import figma_nodes as fx
from tests.builders import encode


def _elements(node: Node) -> list[Element]:
    found = [node.element] if node.element is not None else []
    for child in node.children:
        found += _elements(child)
    return found


def _kinds(node: Node) -> dict[str, Kind]:
    return {" ".join(e.text.split()): e.kind for e in _elements(node) if e.text}


def _find(node: Node, kind: Kind) -> Node:
    if node.element is not None and node.element.kind is kind:
        return node
    for child in node.children:
        try:
            return _find(child, kind)
        except LookupError:
            continue
    raise LookupError(kind)


def _html(document: dict[str, Any], components: dict[str, Any] | None = None) -> str:
    return write_code(read_figma(document, components), Target.HTML_CSS, "figma")


def test_an_auto_layout_row_of_cards_is_a_flex_row_with_its_gap_and_padding() -> None:
    read = read_figma(fx.landing_frame(), fx.COMPONENTS)
    root = read.tree
    assert (read.width, read.height) == (1280, 600) and root.direction == "column" and root.gap == 32
    row = next(c for c in root.children if all(k.element and k.element.kind is Kind.CARD for k in c.children))
    assert row.direction == "row" and row.gap == 32 and row.padding == (0, 40, 0, 40)
    assert [card.box.x for card in row.children] == [40, 440, 840]  # relative to the frame
    card = row.children[0]
    assert card.element is not None and card.element.kind is Kind.CARD
    assert card.direction == "column" and card.padding == (24, 24, 24, 24) and card.element.style.radius == 12
    assert card.element.style.shadow == "0 4px 12px 0 rgba(0, 0, 0, 0.12)"
    code = write_code(read, Target.HTML_CSS, "landing")
    assert "box-shadow: 0 4px 12px 0 rgba(0, 0, 0, 0.12);" in code
    assert 'font-family: "Inter", "DejaVu Sans", Verdana, sans-serif;' in code  # once, on the page
    assert code.count("font-family") == 1
    assert code.count('<article class="pricing-card">') == 3  # named after the component


def test_header_with_a_nav_gives_landmarks_and_links() -> None:
    read = read_figma(fx.landing_frame(), fx.COMPONENTS)
    header = _find(read.tree, Kind.HEADER)
    assert header.direction == "row" and header.justify == "between" and header.align == "center"
    nav = _find(header, Kind.NAV)
    assert [c.element.kind for c in nav.children if c.element] == [Kind.LINK] * 3
    assert _find(read.tree, Kind.FOOTER).element is not None
    code = write_code(read, Target.HTML_CSS, "landing")
    assert '<header class="site-header">' in code and "<nav" in code and "<footer" in code
    assert '<a class="nav-link" href="#">Pricing</a>' in code


def test_texts_are_exact_with_their_type_style() -> None:
    read = read_figma(fx.landing_frame(), fx.COMPONENTS)
    kinds = _kinds(read.tree)
    assert kinds["Ship your product faster"] is Kind.HEADING
    assert (
        kinds["Preview every change, share it with your team and go live with one click."] is Kind.PARAGRAPH
    )
    assert kinds["Get started"] is Kind.BUTTON
    title = next(e for e in _elements(read.tree) if e.text == "Ship your product faster")
    assert (title.style.font_size, title.style.font_weight, title.style.line_height) == (48, 800, 72)
    assert title.style.font_family == "" and read.font_family == "Inter" and title.level == 1
    assert read.title == "Ship your product faster"
    assert [line.text for line in read.detection.lines][:1] == ["Acme Cloud"]
    body = next(e for e in _elements(read.tree) if e.text.startswith("Everything a small"))
    assert len(body.lines) == 2  # 48 px at a 24 px line height: wrapped onto two lines
    assert " ".join(line.text for line in body.lines) == body.text


def test_a_vertical_form_gives_labelled_inputs_a_button_and_a_link() -> None:
    read = read_figma(fx.form_frame())
    kinds = _kinds(read.tree)
    assert kinds["you@example.com"] is Kind.TEXT_INPUT and kinds["At least 8 characters"] is Kind.TEXT_INPUT
    assert kinds["Sign in"] in (Kind.HEADING, Kind.BUTTON) and kinds["Forgot your password?"] is Kind.LINK
    code = write_code(read, Target.HTML_CSS, "form")
    assert (
        'placeholder="you@example.com"' in code and '<label class="label" for="email">Email</label>' in code
    )
    assert '<button class="button" type="button">Sign in</button>' in code
    assert "text-decoration: underline;" in code


def test_mixed_styles_become_spans() -> None:
    node = fx.text("Save 20% today only", 0, 0, 300, 24)
    node["characterStyleOverrides"] = [0] * 5 + [1] * 3 + [0] * 7 + [2] * 4
    node["styleOverrideTable"] = {
        "1": {"fontWeight": 700},
        "2": {"italic": True, "fills": fx.solid(220, 38, 38)},
    }
    page = fx.frame("Page", 0, 0, 400, 100, [node], fills=fx.solid(255, 255, 255))
    read = read_figma(page)
    element = next(e for e in _elements(read.tree) if e.text)
    assert [span.text for span in element.spans] == ["Save ", "20%", " today ", "only"]
    code = write_code(read, Target.HTML_CSS, "spans")
    assert re.search(r'<strong class="[a-z0-9-]+">20%</strong>', code)
    assert re.search(r'<em class="[a-z0-9-]+">only</em>', code) and "font-style: italic;" in code
    tailwind = write_code(read, Target.REACT_TAILWIND, "spans")
    assert "20%" in tailwind and "only" in tailwind


def test_adjacent_instances_of_one_component_are_one_named_component() -> None:
    code = write_code(read_figma(fx.landing_frame(), fx.COMPONENTS), Target.REACT_TAILWIND, "landing")
    assert "function PricingCard(" in code and code.count("function PricingCard(") == 1
    plain = write_code(read_figma(fx.landing_frame(), {}), Target.REACT_TAILWIND, "landing")
    assert "PricingCard" in plain  # the instance's own name stands in when the map lacks the id


def test_a_frame_without_auto_layout_is_laid_out_from_its_boxes() -> None:
    backdrop = fx.rect("Panel", 40, 40, 560, 200, fills=fx.solid(241, 245, 249), cornerRadius=16)
    left = fx.text("Left column", 64, 64, 200, 24)
    right = fx.text("Right column", 360, 64, 200, 24)
    below = fx.text("Under both", 64, 120, 200, 24)
    outside = fx.text("Below the panel", 40, 280, 200, 24)
    group = fx.frame("Group 3", 64, 64, 496, 80, [left, right, below], type="GROUP")
    page = fx.frame("Page", 0, 0, 640, 360, [backdrop, group, outside], fills=fx.solid(255, 255, 255))
    tree = read_figma(page).tree
    panel = _find(tree, Kind.CARD)
    texts = {e.text for e in _elements(panel) if e.text}
    assert texts == {"Left column", "Right column", "Under both"}  # the rectangle holds them
    assert any(child.direction == "row" and len(child.children) == 2 for child in _walk(panel))
    assert "Below the panel" not in texts


def _walk(node: Node) -> list[Node]:
    return [node, *(n for child in node.children for n in _walk(child))]


def test_hidden_nodes_and_clipped_children_are_left_out() -> None:
    hidden = fx.text("Secret draft", 0, 0, 100, 20, visible=False)
    hidden_fill = fx.text("Shown", 0, 40, 100, 20)
    hidden_fill["fills"][0]["visible"] = False
    clipped = fx.frame(
        "Clip",
        0,
        80,
        100,
        40,
        [fx.text("Out of view", 0, 200, 80, 20)],
        clipsContent=True,
        fills=fx.solid(9, 9, 9),
    )
    page = fx.frame("Page", 0, 0, 300, 300, [hidden, hidden_fill, clipped])
    code = _html(page)
    assert "Secret draft" not in code and "Out of view" not in code and "Shown" in code


def test_an_empty_frame_gives_the_empty_page_without_errors() -> None:
    read = read_figma(fx.frame("Empty", 0, 0, 800, 600, [], fills=fx.solid(250, 250, 250)))
    assert read.lines == () and read.background == (250, 250, 250)
    assert EMPTY_MESSAGE in write_code(read, Target.HTML_CSS, "empty")


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "1:9", "name": "Mystery", "type": "HOLOGRAM", "absoluteBoundingBox": fx.bbox(0, 0, 10, 10)},
        {"id": "1:8", "name": "No box", "type": "TEXT", "characters": "Lost"},
        {"id": "1:7", "name": "Odd box", "type": "RECTANGLE", "absoluteBoundingBox": {"x": "a", "y": 0}},
        "not a node",
        {
            "id": "1:6",
            "name": "Bad style",
            "type": "TEXT",
            "characters": "Still here",
            "absoluteBoundingBox": fx.bbox(0, 50, 90, 20),
            "style": {"fontSize": "big"},
            "fills": "red",
        },
        {
            "id": "1:5",
            "name": "Bad kids",
            "type": "FRAME",
            "absoluteBoundingBox": fx.bbox(0, 80, 90, 20),
            "children": "none",
            "layoutMode": "VERTICAL",
            "itemSpacing": None,
        },
    ],
    ids=["unknown-type", "no-box", "bad-box", "not-a-dict", "bad-style", "bad-children"],
)
def test_malformed_nodes_are_skipped_with_a_note_never_raising(bad: Any) -> None:
    page = fx.frame("Page", 0, 0, 400, 200, [bad, fx.text("Kept", 0, 150, 50, 20)])
    read = read_figma(page)
    code = write_code(read, Target.REACT_TAILWIND, "bad")
    assert "Kept" in code and read.notes == (FIGMA_NOTE,) and read.from_file
    if isinstance(bad, dict) and bad["name"] in ("Mystery", "No box", "Odd box"):
        assert any(bad["name"] in note for note in read.detection.warnings)
    if isinstance(bad, dict) and bad["name"] == "Bad style":
        assert "Still here" in code


def test_paint_facts_come_through_as_css() -> None:
    gradient = [
        {
            "type": "GRADIENT_LINEAR",
            "gradientHandlePositions": [{"x": 0.5, "y": 0}, {"x": 0.5, "y": 1}, {"x": 0, "y": 0}],
            "gradientStops": [
                {"color": fx.rgb(37, 99, 235), "position": 0},
                {"color": fx.rgb(124, 58, 237), "position": 1},
            ],
        }
    ]
    banner = fx.frame(
        "Banner",
        0,
        0,
        600,
        120,
        [fx.text("Launch week", 24, 24, 200, 40, size=32, weight=700)],
        fills=gradient,
        rectangleCornerRadii=[16, 16, 0, 0],
        opacity=0.9,
        strokes=fx.solid(30, 41, 59),
        individualStrokeWeights={"top": 0, "right": 0, "bottom": 2, "left": 0},
    )
    shout = fx.text("new", 24, 160, 60, 20, style={"textCase": "UPPER", "letterSpacing": 1.5, "italic": True})
    page = fx.frame("Page", 0, 0, 640, 200, [banner, shout], fills=fx.solid(255, 255, 255))
    code = _html(page)
    assert "background-image: linear-gradient(180deg, #2563eb 0%, #7c3aed 100%);" in code
    assert "border-radius: 16px 16px 0 0;" in code and "border-width: 0 0 2px 0;" in code
    assert "opacity: 0.9;" in code and "text-transform: uppercase;" in code
    assert "letter-spacing: 1.5px;" in code and "font-style: italic;" in code
    tailwind = write_code(read_figma(page), Target.HTML_TAILWIND, "paint")
    assert "rounded-[16px_16px_0_0]" in tailwind and "[letter-spacing:1.5px]" in tailwind


def _vector(name: str, x: float, fills: list[dict[str, Any]], path: str) -> dict[str, Any]:
    geometry = [{"path": path, "windingRule": "NONZERO"}]
    return fx.rect(name, x, 0, 16, 16, type="VECTOR", fills=fills, fillGeometry=geometry)


def test_images_are_placeholders_of_their_size_and_small_vectors_are_svg_icons() -> None:
    photo = fx.rect("Team photo", 0, 0, 320, 180, fills=fx.image_fill())
    path = "M0 0L16 0L16 16L0 16Z"
    icon = _vector("check", 340, fx.solid(22, 163, 74), path)
    dot = fx.rect("dot", 370, 0, 12, 12, type="ELLIPSE", fills=fx.solid(239, 68, 68))
    evil = _vector("evil", 400, fx.solid(0, 0, 0), '"/><script>alert(1)</script>')
    page = fx.frame("Page", 0, 0, 640, 200, [photo, icon, dot, evil], fills=fx.solid(255, 255, 255))
    tree = read_figma(page).tree
    image = _find(tree, Kind.IMAGE)
    assert (
        image.element is not None
        and (image.box.w, image.box.h) == (320, 180)
        and image.element.text == "Team photo"
    )
    icons = [e for e in _elements(tree) if e.kind is Kind.ICON]
    assert len(icons) == 3
    assert f'd="{path}"' in icons[0].svg and 'fill="#16a34a"' in icons[0].svg
    assert "<ellipse" in icons[1].svg and icons[2].svg == ""  # an unsafe path is not drawn
    code = write_code(read_figma(page), Target.HTML_CSS, "media")
    sources = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', code)
    drawn = [base64.b64decode(s).decode() for s in sources]
    assert any('width="320" height="180"' in svg for svg in drawn) and any(path in svg for svg in drawn)
    assert "script" not in "".join(drawn)


def _figma_design(document: dict[str, Any], components: dict[str, Any]) -> Any:
    picture = Image.new("RGB", (64, 48), "white")
    design = load_design(encode(picture, "PNG"), "landing.png")
    frame = FigmaFrame("FILEKEY", "1:2", "123", str(document["name"]), document, components)
    return dataclasses.replace(design, figma=frame)


def test_the_engine_converts_a_figma_design_from_its_nodes_without_ocr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_ocr(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR ran on a Figma design")

    monkeypatch.setattr("converters.offline.reading.detect", no_ocr)
    design = _figma_design(fx.landing_frame(), fx.COMPONENTS)
    for target in Target:
        conversion = OfflineEngine().convert(ConversionRequest(design=design, target=target))
        for words in ("Ship your product faster", "Acme Cloud", "Plan Team", "$29 / month", "Get started"):
            assert words in conversion.code
        assert conversion.notes == (FIGMA_NOTE,)
        if target is Target.HTML_CSS:
            assert "max-width: 1280px" in conversion.code


def test_grounding_gives_a_model_the_exact_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "converters.engines.grounding.read_design_of", lambda *a, **k: (_ for _ in ()).throw(AssertionError)
    )
    design = _figma_design(fx.form_frame(), {})
    request = ConversionRequest(design=design, target=Target.HTML_CSS, grounding=Grounding.LAYOUT)
    reading = with_reading(request).reading
    assert reading is not None and FROM_FILE_NOTE in reading.facts
    assert 'text_input [54, 136, 200, 20] #94a3b8: "you@example.com"' in reading.facts
    assert '"Forgot your password?"' in reading.facts and "Page: 480 x 420 CSS px" in reading.facts


def test_bare_wrappers_fold_into_their_child_and_zero_size_frames_show_what_overflows() -> None:
    wrapped = fx.frame("li", 0, 0, 80, 24, [fx.frame("a", 0, 0, 80, 24, [fx.text("Careers", 0, 0, 80, 24)])])
    overlay = fx.frame("Cookie banner", 0, 300, 640, 80, [fx.text("Your privacy", 24, 320, 160, 24)])
    holder = fx.frame("div", 0, 400, 640, 0, [overlay])
    clipped = fx.frame("div", 0, 400, 640, 0, [fx.text("Never shown", 0, 420, 100, 20)], clipsContent=True)
    page = fx.frame("Page", 0, 0, 640, 400, [wrapped, holder, clipped], fills=fx.solid(255, 255, 255))
    tree = read_figma(page).tree
    careers = next(
        node for node in _walk(tree) if node.element is not None and node.element.text == "Careers"
    )
    assert not any(node.element is None and node.children == (careers,) for node in _walk(tree))
    texts = {e.text for e in _elements(tree)}
    assert "Your privacy" in texts and "Never shown" not in texts


def test_a_wrapping_auto_layout_row_wraps_by_design() -> None:
    chips = [
        fx.frame(
            "Chip",
            24 + (i % 4) * 140,
            24 + (i // 4) * 48,
            120,
            36,
            [],
            fills=fx.solid(224, 231, 255),
            cornerRadius=18,
        )
        for i in range(6)
    ]
    row = fx.frame(
        "Tags",
        0,
        0,
        600,
        132,
        chips,
        **fx.auto("HORIZONTAL", 20, (24, 24, 24, 24), layoutWrap="WRAP", counterAxisSpacing=12),
    )
    read = read_figma(fx.frame("Page", 0, 0, 600, 132, [row], fills=fx.solid(255, 255, 255)))
    tags = next(node for node in _walk(read.tree) if len(node.children) == 6)
    assert tags.wrap_gap == 12 and tags.gap == 20
    code = write_code(read, Target.HTML_CSS, "tags")
    assert "flex-wrap: wrap;" in code and "row-gap: var(--spacing-3);" in code
    assert "--spacing-3: 12px;" in code and "width: 120px;" in code
    assert "margin-top: 48px" not in code  # the second line comes from wrapping, not a margin


def test_a_frame_without_a_box_takes_the_size_of_what_it_holds() -> None:
    page = fx.frame(
        "Page", 0, 0, 400, 300, [fx.text("Hello", 40, 60, 80, 24), fx.text("World", 200, 200, 80, 24)]
    )
    del page["absoluteBoundingBox"]
    read = read_figma(page)
    assert (read.width, read.height) == (240, 164) and "no absoluteBoundingBox" in read.detection.warnings[0]
    assert {line.text for line in read.lines} == {"Hello", "World"}
    assert read_figma({"type": "FRAME", "name": "Nothing"}).width == 1  # nothing at all: never raises


def test_a_heading_over_a_rule_is_not_a_field() -> None:
    title = fx.text("This area is password protected", 24, 24, 300, 56, size=24, weight=700)
    ruled = fx.frame(
        "p",
        24,
        24,
        380,
        57,
        [title],
        strokes=fx.solid(120, 120, 120),
        individualStrokeWeights={"top": 0, "right": 0, "bottom": 1, "left": 0},
    )
    body = fx.text("Please enter the password below to see this part of the site.", 24, 96, 400, 20, size=14)
    read = read_figma(fx.frame("Page", 0, 0, 440, 140, [ruled, body], fills=fx.solid(40, 40, 40)))
    assert _kinds(read.tree)["This area is password protected"] is Kind.HEADING
