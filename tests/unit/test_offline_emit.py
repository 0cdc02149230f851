"""The offline engine's render stage: layout trees drawn by hand -> code for every target."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converters.export import split_styles
from converters.extract import validate_code
from converters.offline.emit import EMPTY_MESSAGE, emit
from converters.offline.emit.tailwind import spacing, utilities
from converters.offline.model import Box, Colour, Element, Kind, Node, Style
from converters.targets import Target

WIDTH = 1280
INK: Colour = (15, 23, 42)
MUTED: Colour = (71, 85, 105)
INDIGO: Colour = (79, 70, 229)
WHITE: Colour = (255, 255, 255)
EDGE: Colour = (226, 232, 240)
CARD_TITLES = ("Starter", "Team", "Studio")
CARD_TEXTS = ("For trying things out.", "For small teams.", "For agencies and studios.")
HTML_TARGETS = (Target.HTML_CSS, Target.HTML_TAILWIND)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def text(
    kind: Kind,
    words: str,
    box: Box,
    size: int,
    line: int,
    *,
    weight: int = 400,
    colour: Colour = INK,
    level: int = 0,
) -> Node:
    style = Style(font_size=size, line_height=line, font_weight=weight, colour=colour)
    return Node(box=box, element=Element(kind, box, words, style, level=level))


def card(x: int, title: str, blurb: str) -> Node:
    box = Box(x, 296, 376, 168)
    style = Style(background=WHITE, border=EDGE, border_width=1, radius=12)
    button_style = Style(
        font_size=16, line_height=24, font_weight=700, colour=WHITE, background=INDIGO, radius=8
    )
    button_box = Box(x + 24, 400, 120, 40)
    return Node(
        box=box,
        element=Element(Kind.CARD, box, style=style),
        padding=(24, 24, 24, 24),
        gap=12,
        children=(
            text(Kind.HEADING, title, Box(x + 24, 320, 96, 32), 24, 32, weight=700, level=2),
            text(Kind.PARAGRAPH, blurb, Box(x + 24, 364, 204, 24), 16, 24, colour=MUTED),
            Node(box=button_box, element=Element(Kind.BUTTON, button_box, "Choose", button_style)),
        ),
    )


def field(kind: Kind, words: str, box: Box) -> Node:
    style = Style(
        font_size=16,
        line_height=24,
        colour=(148, 163, 184),
        background=WHITE,
        border=(203, 213, 225),
        radius=6,
    )
    return Node(box=box, element=Element(kind, box, words, style))


def sample_tree() -> Node:
    """A landing page: header with brand and a nav of 3 links, a hero, 3 identical cards in a row,
    a small form, an image, a divider and a footer (CSS px, 1280 wide)."""
    header_box = Box(0, 0, WIDTH, 72)
    nav_box = Box(999, 24, 233, 24)
    links = tuple(
        text(Kind.LINK, words, Box(x, 24, w, 24), 16, 24, colour=(203, 213, 225))
        for words, x, w in (("Features", 999, 69), ("Pricing", 1092, 54), ("Contact", 1170, 62))
    )
    header = Node(
        box=header_box,
        direction="row",
        element=Element(Kind.HEADER, header_box, style=Style(background=INK, colour=WHITE)),
        padding=(0, 48, 0, 48),
        justify="between",
        align="center",
        children=(
            text(Kind.LABEL, "Handoff", Box(48, 23, 98, 26), 22, 26, weight=700, colour=WHITE),
            Node(box=nav_box, direction="row", gap=24, element=Element(Kind.NAV, nav_box), children=links),
        ),
    )
    hero = Node(
        box=Box(48, 120, 1184, 128),
        gap=16,
        children=(
            text(Kind.HEADING, "Design to code, offline", Box(48, 120, 608, 56), 48, 56, weight=700, level=1),
            text(
                Kind.PARAGRAPH,
                "Turn a design image into clean React, HTML\nand Tailwind code, with no key and no network.",
                Box(48, 192, 440, 56),
                18,
                28,
                colour=MUTED,
            ),
        ),
    )
    cards = Node(
        box=Box(48, 296, 1184, 168),
        direction="row",
        gap=28,
        align="stretch",
        children=tuple(
            card(x, t, b) for x, t, b in zip((48, 452, 856), CARD_TITLES, CARD_TEXTS, strict=True)
        ),
    )
    checkbox_box = Box(48, 650, 170, 24)
    form_box = Box(48, 512, 480, 218)
    form = Node(
        box=form_box,
        gap=8,
        element=Element(Kind.SECTION, form_box),
        offsets=(0, 8, 0, 8, 8),
        children=(
            text(Kind.HEADING, "Contact us", Box(48, 512, 168, 34), 28, 34, weight=700, level=2),
            text(Kind.LABEL, "Email", Box(48, 562, 44, 24), 16, 24),
            field(Kind.TEXT_INPUT, "you@example.com", Box(48, 594, 400, 40)),
            Node(
                box=checkbox_box,
                element=Element(
                    Kind.CHECKBOX, checkbox_box, "Send me updates", Style(font_size=16, line_height=24)
                ),
            ),
            field(Kind.SELECT, "Choose a plan", Box(48, 690, 240, 40)),
        ),
    )
    image_box = Box(48, 778, 560, 240)
    image = Node(
        box=image_box,
        element=Element(Kind.IMAGE, image_box, "Product screenshot", Style(background=(203, 213, 225))),
    )
    divider_box = Box(48, 1066, 1184, 1)
    divider = Node(box=divider_box, element=Element(Kind.DIVIDER, divider_box, style=Style(border=EDGE)))
    footer_box = Box(0, 1115, WIDTH, 72)
    footer = Node(
        box=footer_box,
        direction="row",
        align="center",
        padding=(24, 48, 24, 48),
        element=Element(Kind.FOOTER, footer_box, style=Style(background=(241, 245, 249))),
        children=(
            text(Kind.LABEL, "© 2025 Handoff", Box(48, 1141, 114, 20), 14, 20, colour=(100, 116, 139)),
        ),
    )
    return Node(
        box=Box(0, 0, WIDTH, 1187),
        children=(header, hero, cards, form, image, divider, footer),
        offsets=(0, 48, 48, 48, 48, 48, 48),
    )


def dashboard_tree() -> Node:
    """A denser page, 1280 wide with 32 px margins: a top bar (title, icon, search, button), a
    sidebar nav of 5 links beside a column holding a centred heading, 4 stat cards, a media row
    (avatar, name and bio, a vertical divider, two radios), a textarea and an icon button."""
    muted = Style(font_size=14, line_height=20, colour=MUTED)
    icon_box, search_box, new_box = Box(880, 40, 24, 24), Box(920, 32, 240, 40), Box(1176, 32, 72, 40)
    top = Node(
        box=Box(32, 32, 1216, 40),
        direction="row",
        justify="between",
        align="center",
        children=(
            text(Kind.HEADING, "Dashboard", Box(32, 34, 190, 36), 30, 36, weight=700, level=1),
            Node(
                box=Box(880, 32, 368, 40),
                direction="row",
                gap=16,
                align="center",
                children=(
                    Node(box=icon_box, element=Element(Kind.ICON, icon_box, style=Style(colour=MUTED))),
                    field(Kind.TEXT_INPUT, "Search", search_box),
                    Node(
                        box=new_box,
                        element=Element(
                            Kind.BUTTON,
                            new_box,
                            "New",
                            Style(
                                font_size=14,
                                line_height=20,
                                colour=INK,
                                border=EDGE,
                                border_width=1,
                                radius=6,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    nav_box = Box(32, 96, 240, 220)
    links = tuple(
        text(Kind.LINK, words, Box(48, 112 + 40 * i, 120, 24), 16, 24, colour=INK if i == 0 else MUTED)
        for i, words in enumerate(("Overview", "Reports", "Customers", "Invoices", "Settings"))
    )
    sidebar = Node(
        box=nav_box,
        element=Element(Kind.NAV, nav_box, style=Style(background=(248, 250, 252), radius=8)),
        padding=(16, 16, 16, 16),
        gap=16,
        children=links,
    )
    stats = Node(
        box=Box(296, 152, 952, 96),
        direction="row",
        gap=24,
        children=tuple(
            Node(
                box=Box(296 + 244 * i, 152, 220, 96),
                element=Element(
                    Kind.CARD, Box(296 + 244 * i, 152, 220, 96), style=Style(border=EDGE, radius=8)
                ),
                padding=(16, 16, 16, 16),
                gap=8,
                children=(
                    text(Kind.LABEL, label, Box(312 + 244 * i, 168, 100, 20), 14, 20, colour=MUTED),
                    text(Kind.HEADING, value, Box(312 + 244 * i, 196, 130, 34), 28, 34, weight=700, level=2),
                ),
            )
            for i, (label, value) in enumerate(
                (("Revenue", "$48,200"), ("Orders", "1,284"), ("Refunds", "23"), ("Visitors", "9,730"))
            )
        ),
    )
    avatar_box, rule_box = Box(296, 272, 64, 64), Box(780, 272, 1, 64)
    radio_a, radio_b = Box(804, 292, 110, 24), Box(938, 292, 100, 24)
    media = Node(
        box=Box(296, 272, 952, 64),
        direction="row",
        gap=24,
        offsets=(0, -8, 0, 0, 0),
        align="start",
        children=(
            Node(
                box=avatar_box,
                element=Element(Kind.IMAGE, avatar_box, "Jane Cooper", Style(background=(199, 210, 254))),
            ),
            Node(
                box=Box(376, 272, 380, 64),
                gap=4,
                children=(
                    text(Kind.HEADING, "Jane Cooper", Box(376, 272, 160, 28), 20, 28, weight=700, level=3),
                    text(
                        Kind.PARAGRAPH,
                        "Designer at Acme. Turns wireframes\ninto pages, <b>fast</b> & {often}.",
                        Box(376, 304, 300, 40),
                        14,
                        20,
                        colour=MUTED,
                    ),
                ),
            ),
            Node(box=rule_box, element=Element(Kind.DIVIDER, rule_box, style=Style(border=EDGE))),
            Node(box=radio_a, element=Element(Kind.RADIO, radio_a, "Monthly", muted, lines=())),
            Node(box=radio_b, element=Element(Kind.RADIO, radio_b, "Yearly", muted)),
        ),
    )
    note_box, send_box, send_icon = Box(296, 360, 600, 120), Box(296, 504, 140, 44), Box(312, 516, 20, 20)
    send = Node(
        box=send_box,
        direction="row",
        gap=8,
        align="center",
        padding=(12, 16, 12, 16),
        element=Element(Kind.BUTTON, send_box, style=Style(background=INDIGO, colour=WHITE, radius=22)),
        children=(
            Node(box=send_icon, element=Element(Kind.ICON, send_icon, style=Style(colour=WHITE, radius=10))),
            text(Kind.LABEL, "Send note", Box(340, 516, 80, 20), 14, 20, weight=700, colour=WHITE),
        ),
    )
    content = Node(
        box=Box(296, 96, 952, 452),
        gap=24,
        offsets=(0, 0, 0, 0, 0),
        children=(
            Node(
                box=Box(296, 96, 952, 32),
                children=(
                    Node(
                        box=Box(652, 96, 240, 32),
                        element=Element(
                            Kind.HEADING,
                            Box(652, 96, 240, 32),
                            "Monthly summary",
                            Style(font_size=24, line_height=32, font_weight=700, colour=INK, align="center"),
                            level=2,
                        ),
                    ),
                ),
            ),
            stats,
            media,
            field(Kind.TEXTAREA, "Write a note…", note_box),
            send,
        ),
    )
    body = Node(
        box=Box(32, 96, 1216, 452), direction="row", gap=24, align="start", children=(sidebar, content)
    )
    return Node(box=Box(0, 0, WIDTH, 580), padding=(32, 32, 32, 32), gap=24, children=(top, body))


class TagBalance(HTMLParser):
    """Records parse problems: end tags that close nothing or the wrong element, and unclosed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/> in HTML")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def parse(code: str) -> TagBalance:
    checker = TagBalance()
    checker.feed(code)
    checker.close()
    assert checker.problems == []
    assert checker.open == [], f"unclosed: {checker.open}"
    return checker


def classes_of(code: str, tag: str) -> list[str]:
    attr = "className" if "className=" in code else "class"
    return re.findall(rf"<{tag}\b[^>]*\b{attr}=\"([^\"]*)\"", code)


@pytest.fixture(scope="module")
def outputs() -> dict[Target, str]:
    tree = sample_tree()
    return {target: emit(tree, target, title="Landing") for target in Target}


@pytest.mark.parametrize("target", list(Target))
def test_output_is_valid_for_its_target_and_needs_no_repair(
    outputs: dict[Target, str], target: Target
) -> None:
    code = outputs[target]
    assert validate_code(code, target) == (code, ())


@pytest.mark.parametrize("target", HTML_TARGETS)
def test_html_parses_with_balanced_tags_and_semantic_elements(
    outputs: dict[Target, str], target: Target
) -> None:
    code = outputs[target]
    assert code.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    page = parse(code)
    for tag, count in {"header": 1, "nav": 1, "main": 1, "footer": 1, "h1": 1, "h2": 4, "article": 3}.items():
        assert page.tags[tag] == count, tag
    assert page.tags["a"] == 3 and page.tags["button"] == 3 and page.tags["select"] == 1
    assert page.tags["img"] == 1 and page.tags["hr"] == 1 and page.tags["section"] == 3  # the regions
    assert page.tags["meta"] == 2 and page.tags["title"] == 1
    assert code.index("<header") < code.index("<main") < code.index("<footer")
    inputs = [attrs for tag, attrs in page.attrs if tag == "input"]
    assert {a.get("type") for a in inputs} == {"text", "checkbox"}
    text_input = next(a for a in inputs if a.get("type") == "text")
    assert text_input["placeholder"] == "you@example.com" and text_input["aria-label"] == "Email"
    label = next(a for tag, a in page.attrs if tag == "label" and a.get("for"))
    assert label["for"] == text_input["id"]
    image = next(a for tag, a in page.attrs if tag == "img")
    assert image["alt"] == "Product screenshot"
    assert (image["src"] or "").startswith("data:image/svg+xml;base64,")
    assert "Design to code, offline" in page.texts and "Send me updates" in page.texts


def test_react_component_exports_app_and_uses_jsx_attributes(outputs: dict[Target, str]) -> None:
    code = outputs[Target.REACT_TAILWIND]
    assert "export default function App() {" in code
    assert "class=" not in code and " for=" not in code
    assert 'htmlFor="email"' in code and 'id="email"' in code
    assert re.search(r"<input [^>]*/>", code) and re.search(r"<img [^>]*/>", code) and "<hr " in code
    assert "import " not in code


def test_html_css_uses_named_classes_and_no_inline_styles(outputs: dict[Target, str]) -> None:
    code = outputs[Target.HTML_CSS]
    assert "style=" not in code
    assert code.count("<style>") == 1
    html, css = split_styles(code, "styles.css")
    assert '<link rel="stylesheet" href="styles.css">' in html and "<style" not in html
    for name in ("card", "button", "card-grid", "hero", "heading", "site-header", "site-footer", "page"):
        assert re.search(rf"^\.{name} \{{$", css, re.M), name
    assert ".heading-2 {" in css  # the h1 and the h2s differ
    assert "min-width: 0;\n  overflow-wrap: anywhere;" in css
    assert "max-width: 1280px;" in css and "margin: 0 auto;" in css
    assert "@media (max-width: 799px)" in css  # a desktop design: narrow rules from tablets down


@pytest.mark.parametrize("target", list(Target))
def test_no_absolute_positioning_and_no_fixed_height_on_text(
    outputs: dict[Target, str], target: Target
) -> None:
    code = outputs[target]
    assert not re.search(r"position:\s*(absolute|fixed)|\b(absolute|fixed)\b", code)
    assert "http://" not in code and "https://" not in code
    for tag in ("h1", "h2", "p", "button", "a", "article", "header"):
        for classes in classes_of(code, tag):
            assert not re.search(r"(?<![-\w])h-", classes), (tag, classes)


@pytest.mark.parametrize("target", list(Target))
def test_identical_cards_share_their_classes(outputs: dict[Target, str], target: Target) -> None:
    code = outputs[target]
    if target is Target.REACT_TAILWIND:
        assert code.count("<article") == 1  # written once, mapped over the data
        return
    articles = classes_of(code, "article")
    assert len(articles) == 3 and len(set(articles)) == 1
    buttons = classes_of(code, "button")
    assert len(buttons) == 3 and len(set(buttons)) == 1


def test_react_maps_repeated_cards_and_links_from_data(outputs: dict[Target, str]) -> None:
    code = outputs[Target.REACT_TAILWIND]
    assert code.count(".map(") == 2
    assert re.search(r"const cards = \[\n  \{ title: \"Starter\", text: \"For trying things out.\" \},", code)
    assert "{cards.map((card) => (" in code and "<Card key={card.title} {...card} />" in code
    assert "function Card({ title, text }) {" in code and ">{title}</h2>" in code
    assert ">Choose</button>" in code  # the same in every card: stays in the markup
    assert "const navLinks = [" in code and "<NavLink key={link.label} {...link} />" in code
    assert code.index("const cards") < code.index("function Card(") < code.index("function CardGrid(")
    assert code.index("function CardGrid(") < code.index("export default function App")


@pytest.mark.parametrize("target", list(Target))
def test_emitting_twice_gives_identical_code(target: Target) -> None:
    assert emit(sample_tree(), target) == emit(sample_tree(), target)


def test_tailwind_uses_the_scale_where_it_matches_and_arbitrary_values_otherwise() -> None:
    assert spacing("mt", "24px") == "mt-6"
    assert spacing("mt", "6px") == "mt-1.5"
    assert spacing("mt", "13px") == "mt-[13px]"
    assert spacing("mt", "-8px") == "-mt-2"
    assert spacing("ml", "4.17%") == "ml-[4.17%]"
    assert utilities((("", "font-size", "22px"), ("", "line-height", "30px"))) == "text-[22px] leading-[30px]"
    assert utilities((("", "font-size", "18px"), ("", "line-height", "28px"))) == "text-lg"
    assert utilities((("", "font-size", "18px"), ("", "line-height", "32px"))) == "text-lg leading-8"
    assert utilities((("", "padding", "16px 24px"),)) == "py-4 px-6"
    assert utilities((("", "border-radius", "6px"),)) == "rounded-md"
    assert utilities((("", "border", "1px solid #e2e8f0"),)) == "border border-[#e2e8f0]"
    assert utilities((("", "width", "25%"), ("", "min-height", "64px"))) == "w-1/4 min-h-[64px]"
    assert utilities((("", "color", "#1e293b"), ("", "background", "#ffffff"))) == "text-[#1e293b] bg-white"
    assert utilities((("narrow", "flex-direction", "column"),)) == "max-sm:flex-col"


def test_tailwind_page_uses_scale_classes_from_the_tree() -> None:
    # Without a theme of its own (tokens=False) the page uses Tailwind's default scale.
    code = emit(sample_tree(), Target.HTML_TAILWIND, title="Landing", tokens=False)
    assert "mt-12" in code  # 48 px between sections
    assert "text-5xl leading-14" in code  # 48/56 px heading
    assert "text-2xl font-bold" in code  # 24/32 px card titles
    assert "rounded-xl" in code and "rounded-lg" in code
    assert "max-w-[1280px]" in code and "mx-auto" in code
    assert "<script" not in code and "<style" not in code


def test_text_that_looks_like_markup_is_escaped_everywhere() -> None:
    words = '<script>alert("x")</script> & {braces}'
    box = Box(0, 0, 600, 24)
    tree = Node(box=Box(0, 0, 800, 100), children=(text(Kind.PARAGRAPH, words, box, 16, 24),))
    for target in HTML_TARGETS:
        code = emit(tree, target)
        assert "<script>" not in code
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {braces}" in code or (
            '&lt;script&gt;alert("x")&lt;/script&gt; &amp; {braces}' in code
        )
        assert words in parse(code).texts
    react = emit(tree, Target.REACT_TAILWIND)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#123;braces&#125;" in react
    assert validate_code(react, Target.REACT_TAILWIND)[1] == ()


def test_attribute_values_are_escaped() -> None:
    box = Box(0, 0, 300, 40)
    element = Element(Kind.TEXT_INPUT, box, 'Say "hi" {now}', Style(font_size=16, line_height=24))
    tree = Node(box=Box(0, 0, 400, 60), children=(Node(box=box, element=element),))
    assert 'placeholder="Say &quot;hi&quot; {now}"' in emit(tree, Target.HTML_CSS)
    assert 'placeholder={"Say \\"hi\\" {now}"}' in emit(tree, Target.REACT_TAILWIND)


@pytest.mark.parametrize("target", list(Target))
def test_an_empty_tree_gives_a_small_page_that_says_so(target: Target) -> None:
    code = emit(Node(box=Box(0, 0, 800, 600)), target, page_background=(248, 250, 252))
    assert EMPTY_MESSAGE in code
    assert validate_code(code, target) == (code, ())
    assert "#f8fafc" in code
    assert len(code.splitlines()) < 80
    if target is not Target.REACT_TAILWIND:
        assert "<main" in code and parse(code).texts[-1] == EMPTY_MESSAGE


def test_a_label_before_a_checkbox_without_text_becomes_its_label() -> None:
    square = Box(0, 0, 16, 16)
    caption = Box(24, 0, 80, 20)
    row = Node(
        box=Box(0, 0, 104, 20),
        direction="row",
        gap=8,
        align="center",
        children=(
            Node(box=square, element=Element(Kind.CHECKBOX, square)),
            text(Kind.LABEL, "Remember me", caption, 14, 20),
        ),
    )
    code = emit(Node(box=Box(0, 0, 400, 40), children=(row,)), Target.HTML_CSS)
    assert re.search(r'<input class="checkbox" id="remember-me" type="checkbox">', code)
    assert re.search(r'<label class="label" for="remember-me">Remember me</label>', code)


def test_indentation_is_two_spaces_and_consistent(outputs: dict[Target, str]) -> None:
    for code in outputs.values():
        for line in code.splitlines():
            indent = len(line) - len(line.lstrip(" "))
            assert indent % 2 == 0, line
            assert "\t" not in line


@pytest.mark.parametrize("target", list(Target))
def test_a_denser_page_is_valid_and_keeps_its_semantics(target: Target) -> None:
    code = emit(dashboard_tree(), target)
    assert validate_code(code, target) == (code, ())
    if target is not Target.REACT_TAILWIND:
        page = parse(code)
        assert page.tags["nav"] == 1 and page.tags["article"] == 4 and page.tags["textarea"] == 1
        radios = [a for tag, a in page.attrs if tag == "input" and a.get("type") == "radio"]
        assert len(radios) == 2
    assert "Designer at Acme. Turns wireframes into pages," in code  # the design's line break is a space


def test_narrow_viewports_stack_rows_of_boxes_and_keep_small_things_small() -> None:
    css = split_styles(emit(dashboard_tree(), Target.HTML_CSS), "styles.css")[1]
    narrow = css[css.index("@media (max-width: 799px)") :]  # desktop width: tablets included
    assert re.search(r"\.monthly-summary-card \{\n    width: 100%;\n  \}", narrow)
    assert "flex-direction: column;" in narrow
    assert re.search(r"\.divider \{\n    display: none;\n  \}", narrow)  # the vertical rule
    assert re.search(r"\.image \{\n[^}]*width: 64px;", css)  # an avatar keeps its px size
    tailwind = emit(dashboard_tree(), Target.HTML_TAILWIND)
    assert "max-[800px]:flex-col" in tailwind and "max-[800px]:w-full" in tailwind
    assert "max-[800px]:hidden" in tailwind
    assert "-ml-[0.84%]" in tailwind  # a negative offset keeps its sign in front


def test_a_design_narrower_than_a_desktop_keeps_the_phone_breakpoint() -> None:
    box = Box(0, 0, 600, 400)
    card = Node(
        box=Box(24, 24, 552, 200),
        element=Element(Kind.CARD, Box(24, 24, 552, 200), style=Style(background=(241, 245, 249))),
    )
    tree = Node(box=box, children=(card,), padding=(24, 24, 176, 24))
    css = split_styles(emit(tree, Target.HTML_CSS), "styles.css")[1]
    assert "@media (max-width: 639px)" in css and "799px" not in css


def test_a_text_element_without_text_is_a_bar() -> None:
    box = Box(0, 0, 200, 12)
    bar = Node(box=box, element=Element(Kind.PARAGRAPH, box, "", Style(background=(209, 213, 219))))
    code = emit(Node(box=Box(0, 0, 400, 40), children=(bar,)), Target.HTML_CSS)
    assert '<div class="text-bar" aria-hidden="true"></div>' in code
    assert "<p" not in code


def test_brackets_that_do_not_pair_are_entities_in_jsx_only() -> None:
    tree = Node(
        box=Box(0, 0, 400, 40), children=(text(Kind.LABEL, "1) Pick a plan [", Box(0, 0, 200, 20), 14, 20),)
    )
    react = emit(tree, Target.REACT_TAILWIND)
    assert ">1&#41; Pick a plan &#91;</span>" in react
    assert validate_code(react, Target.REACT_TAILWIND)[1] == ()
    assert ">1) Pick a plan [</span>" in emit(tree, Target.HTML_TAILWIND)


LEAF_KINDS = [
    kind for kind in Kind if kind not in (Kind.CARD, Kind.NAV, Kind.HEADER, Kind.FOOTER, Kind.SECTION)
]
colours = st.tuples(*(st.integers(0, 255),) * 3)
styles = st.builds(
    Style,
    font_size=st.none() | st.integers(6, 96),
    line_height=st.none() | st.integers(0, 120),
    font_weight=st.sampled_from([None, 400, 700]),
    colour=st.none() | colours,
    background=st.none() | colours,
    border=st.none() | colours,
    border_width=st.integers(0, 4),
    radius=st.integers(0, 40),
    align=st.sampled_from([None, "left", "center", "right"]),
)
boxes = st.builds(
    Box, st.integers(-20, 1300), st.integers(-20, 2000), st.integers(0, 1400), st.integers(0, 400)
)
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30
) | st.sampled_from(["", "Sign in", "Line one\nline two", "<b>&{}</b>", 'Don\'t "quote"'])
leaves = st.builds(
    lambda kind, box, text_, style, level: Node(
        box=box, element=Element(kind, box, text_, style, level=level)
    ),
    st.sampled_from(LEAF_KINDS),
    boxes,
    words,
    styles,
    st.integers(0, 7),
)


def _containers(children: st.SearchStrategy[tuple[Node, ...]]) -> st.SearchStrategy[Node]:
    element = st.none() | st.builds(
        lambda kind, box, style: Element(kind, box, style=style),
        st.sampled_from(list(Kind)),
        boxes,
        styles,
    )
    return st.builds(
        lambda box, direction, kids, element_, gap, padding, justify, align, offsets: Node(
            box=box,
            direction=direction,
            children=kids,
            element=element_,
            gap=gap,
            padding=padding,
            justify=justify,
            align=align,
            offsets=offsets,
        ),
        boxes,
        st.sampled_from(["row", "column"]),
        children,
        element,
        st.integers(0, 64),
        st.tuples(*(st.integers(0, 64),) * 4),
        st.sampled_from(["start", "center", "end", "between"]),
        st.sampled_from(["start", "center", "end", "stretch"]),
        st.lists(st.integers(-40, 80), max_size=6).map(tuple),
    )


trees = st.recursive(
    leaves, lambda inner: _containers(st.lists(inner, min_size=1, max_size=5).map(tuple)), max_leaves=12
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tree=st.builds(
        lambda box, kids: Node(box=box, children=kids), boxes, st.lists(trees, max_size=4).map(tuple)
    )
)
def test_any_tree_gives_valid_deterministic_code_for_every_target(tree: Node) -> None:
    for target in Target:
        code = emit(tree, target)
        assert code == emit(tree, target)
        assert validate_code(code, target) == (code, ())
        assert "position" not in code
        if target is not Target.REACT_TAILWIND:
            parse(code)


def test_heading_levels_make_a_valid_outline_in_document_order() -> None:
    # Ranked by size page-wide the headings would read h3, h1, h4, h6: clamped in document order
    # (each at most one below the one before, the first at most h2) they read h2, h1, h2, h3.
    boxes = [Box(40, 20 + 80 * i, 400, 40) for i in range(4)]
    headings = tuple(
        Node(box=box, element=Element(Kind.HEADING, box, f"Heading {i}", Style(24, 32), level=level))
        for i, (box, level) in enumerate(zip(boxes, (3, 1, 4, 6), strict=True))
    )
    tree = Node(box=Box(0, 0, 800, 400), children=headings, gap=40)
    html = emit(tree, Target.HTML_CSS)
    assert re.findall(r"<h([1-6])\b", html) == ["2", "1", "2", "3"]


@pytest.mark.parametrize("target", list(Target))
def test_a_wide_bar_of_a_button_narrows_its_padding_on_phones(target: Target) -> None:
    # A 700 px button around a short label is padded ~300 px a side: on a phone that padding
    # alone overflows, so narrow viewports cap it.
    box = Box(40, 40, 700, 48)
    style = Style(font_size=18, line_height=24, colour=WHITE, background=INDIGO)
    button = Node(box=box, element=Element(Kind.BUTTON, box, "Apply now", style))
    code = emit(Node(box=Box(0, 0, 1280, 200), padding=(40, 40, 40, 40), children=(button,)), target)
    if target is Target.HTML_CSS:
        narrow = code[code.index("@media (max-width: 799px)") :]
        assert re.search(r"\.button \{\s*padding-inline: var\(--spacing-4\);", narrow), narrow
        assert "--spacing-4: 16px;" in code
    else:
        assert "max-[800px]:px-4" in next(line for line in code.splitlines() if "Apply now" in line)


def test_a_row_with_links_pushed_to_its_end_keeps_its_spaces_as_margins_not_a_gap() -> None:
    # Brand at the left, three links at the right end: the auto margin takes the whole space.
    link_boxes = [Box(900, 20, 60, 20), Box(984, 20, 60, 20), Box(1068, 20, 60, 20)]
    children = (
        text(Kind.LABEL, "Acme", Box(40, 20, 80, 20), 16, 20),
        *(
            text(Kind.LINK, words, box, 16, 20)
            for words, box in zip(("Home", "Docs", "Blog"), link_boxes, strict=True)
        ),
    )
    row = Node(
        box=Box(0, 0, WIDTH, 60),
        direction="row",
        children=children,
        gap=24,
        offsets=(0, 756, 0, 0),
        padding=(20, 152, 20, 40),
    )
    root = Node(box=Box(0, 0, WIDTH, 60), direction="column", children=(row,), offsets=(0,))
    css = emit(root, Target.HTML_CSS, title="Nav")
    assert "margin-left: auto" in css and "column-gap" not in css
    assert "margin-left: 2.21%" in css  # the links' own spaces: 24 px of the 1088 px content
    evenly = Node(
        box=Box(0, 0, WIDTH, 60),
        direction="row",
        children=children[1:],
        gap=24,
        offsets=(0, 0, 0),
        padding=(20, 152, 20, 900),
    )
    css = emit(
        Node(box=Box(0, 0, WIDTH, 60), direction="column", children=(evenly,), offsets=(0,)),
        Target.HTML_CSS,
        title="Nav",
    )
    # Evenly spaced: one gap on the row (24 px: ``--spacing-6``), no margin on the links.
    assert "column-gap: var(--spacing-6)" in css
    link_rule = css[css.index(".link {") : css.index("}", css.index(".link {"))]
    assert "margin" not in link_rule
