"""The offline engine's components: regions named from what they hold, repeated items with props,
mapped from one data array, on hand-made plans and trees."""

from __future__ import annotations

import re

from converters.offline.emit import emit
from converters.offline.emit.components import componentised, kebab, near_values, words_of
from converters.offline.emit.document import html_css_page
from converters.offline.emit.jsx import react_component
from converters.offline.emit.markup import Decl, Tag
from converters.offline.emit.plan import Page
from converters.targets import Target
from tests.unit.test_offline_emit import sample_tree

ROW: tuple[Decl, ...] = (("", "display", "flex"),)
COLUMN: tuple[Decl, ...] = (("", "display", "flex"), ("", "flex-direction", "column"))
CARD: tuple[Decl, ...] = (*COLUMN, ("", "padding", "24px"), ("", "width", "30%"))
IDENTIFIER = re.compile(r"[A-Z][A-Za-z0-9]*")


def heading(level: int, words: str) -> Tag:
    return Tag(f"h{level}", "heading", (("", "font-size", f"{40 - 4 * level}px"),), content=(words,))


def paragraph(words: str) -> Tag:
    return Tag("p", "text", (("", "font-size", "16px"),), content=(words,))


def card(title: str, blurb: str) -> Tag:
    return Tag("article", "card", CARD, content=(heading(3, title), paragraph(blurb)))


def link(words: str) -> Tag:
    return Tag("a", "link", (("", "color", "#334155"),), (("href", "#"),), (words,))


def page(*regions: Tag, header: Tag | None = None, footer: Tag | None = None) -> Page:
    main = Tag("main", "content", COLUMN, content=regions)
    parts = tuple(part for part in (header, main, footer) if part is not None)
    return Page("Design", (("", "margin", "0"),), Tag("div", "page", COLUMN, content=parts))


def components(plan: Page) -> list[tuple[str, bool]]:
    """(name, is an item) of every component, in document order, one entry per run or region."""
    found: list[tuple[str, bool]] = []

    def visit(tag: Tag) -> None:
        if tag.component and (not found or found[-1][0] != tag.component):
            found.append((tag.component, tag.item))
        for part in tag.content:
            if isinstance(part, Tag):
                visit(part)

    visit(plan.root)
    return found


def landing() -> Page:
    nav = Tag("nav", "nav", ROW, content=(link("Features"), link("Pricing")))
    header = Tag("header", "site-header", ROW, content=(Tag("span", "label", (), content=("Acme",)), nav))
    hero = Tag("div", "stack", COLUMN, content=(heading(1, "Ship faster"), paragraph("Less waiting.")))
    pricing = Tag(
        "div",
        "stack",
        COLUMN,
        content=(
            heading(2, "Our pricing plans"),
            Tag(
                "div", "row", ROW, content=(card("Starter", "For one."), card("Team", 'For "all" {of} <us>'))
            ),
        ),
    )
    footer = Tag("footer", "site-footer", ROW, content=(link("Terms"), link("Privacy"), link("Help")))
    return page(hero, pricing, header=header, footer=footer)


def test_regions_and_items_are_named_from_what_they_hold() -> None:
    plan = componentised(landing())
    assert components(plan) == [
        ("SiteHeader", False),
        ("NavLink", True),
        ("Hero", False),
        ("PricingPlansGrid", False),
        ("PricingPlanCard", True),
        ("SiteFooter", False),
        ("FooterLink", True),
    ]
    main = plan.root.content[1]
    assert isinstance(main, Tag)
    hero, pricing = main.content
    assert isinstance(hero, Tag) and isinstance(pricing, Tag)
    assert (hero.name, hero.role) == ("section", "hero")  # a div region is a section; renders the same
    assert (pricing.name, pricing.role) == ("section", "pricing-plans-grid")


def test_names_are_unique_valid_identifiers_and_deterministic() -> None:
    twice = page(
        Tag("div", "stack", COLUMN, content=(heading(1, "Welcome"), paragraph("a"))),
        Tag("div", "stack", COLUMN, content=(heading(2, "Plans"), paragraph("b"))),
        Tag("div", "stack", COLUMN, content=(heading(2, "Plans"), paragraph("c"), paragraph("d"))),
        Tag("div", "stack", COLUMN, content=(heading(2, "2024 Résumé & Co."), link("e"))),
        Tag("div", "stack", COLUMN, content=(heading(2, "Image"), link("f"), link("g"))),
    )
    names = [name for name, _ in components(componentised(twice))]
    assert names == ["Hero", "PlansSection", "PlansSection2", "ResumeCoSection", "ImageList", "ImageLink"]
    assert all(IDENTIFIER.fullmatch(name) for name in names)
    assert components(componentised(twice)) == components(componentised(twice))
    assert words_of("Frequently asked questions about the app") == ["Frequently", "Asked", "Questions"]
    assert kebab("PricingPlanCard") == "pricing-plan-card"


def test_two_cards_are_items_two_paragraphs_are_not() -> None:
    plan = componentised(page(Tag("div", "stack", COLUMN, content=(paragraph("One."), paragraph("Two.")))))
    assert components(plan) == [("OneSection", False)]  # no heading: named from its first words
    three = componentised(page(Tag("div", "stack", COLUMN, content=tuple(paragraph(w) for w in "abc"))))
    assert components(three) == [("TextList", False), ("Text2", True)]


def test_react_items_take_props_from_one_data_array_with_the_exact_texts() -> None:
    code = react_component(componentised(landing()))
    array = re.search(r"const pricingPlanCards = \[\n(.*?)\n\];", code, re.S)
    assert array is not None
    assert array.group(1).splitlines() == [
        '  { title: "Starter", text: "For one." },',
        '  { title: "Team", text: "For \\"all\\" {of} <us>" },',  # exact, as a JS string
    ]
    assert "function PricingPlanCard({ title, text }) {" in code
    assert ">{title}</h3>" in code and ">{text}</p>" in code
    assert "<PricingPlanCard key={card.title} {...card} />" in code
    assert "{footerLinks.map((link) => (" in code
    app = code[code.index("export default function App") :]
    for region in ("<SiteHeader />", "<Hero />", "<PricingPlansGrid />", "<SiteFooter />"):
        assert region in app
    order = [code.index(f"function {name}(") for name in ("PricingPlanCard", "PricingPlansGrid", "App")]
    assert order == sorted(order) and code.index("const pricingPlanCards") < order[0]


def test_identical_items_need_no_data() -> None:
    dots = tuple(Tag("span", "icon", (("", "width", "8px"),), (("aria-hidden", "true"),)) for _ in range(3))
    intro = Tag("div", "stack", COLUMN, content=(heading(1, "Welcome"), paragraph("a")))
    steps = Tag("div", "row", ROW, content=(heading(2, "Steps"), *dots))
    code = react_component(componentised(page(intro, steps)))
    assert "{Array.from({ length: 3 }, (_, index) => (" in code and "<StepIcon key={index} />" in code


def test_html_regions_are_named_sections_and_items_share_one_class_or_utility_string() -> None:
    css = emit(sample_tree(), Target.HTML_CSS)
    assert '<section class="hero">' in css and '<section class="card-grid">' in css
    assert css.count('<article class="card">') == 3
    tailwind = emit(sample_tree(), Target.HTML_TAILWIND)
    assert (
        "<!-- Hero -->" in tailwind and "<!-- CardGrid -->" in tailwind and "<!-- SiteHeader -->" in tailwind
    )
    articles = re.findall(r'<article class="([^"]*)"', tailwind)
    assert len(articles) == 3 and len(set(articles)) == 1


def noisy_card(title: str, size: int, colour: str, background: str = "#ffffff") -> Tag:
    title_tag = Tag(
        "h3", "heading", (("", "font-size", f"{size}px"), ("", "color", colour)), content=(title,)
    )
    return Tag(
        "article", "card", (*CARD, ("", "background", background)), content=(title_tag, paragraph("x"))
    )


def test_measurement_noise_between_repeated_items_is_evened_out_to_one_style() -> None:
    cards = (noisy_card("A", 24, "#0f172a"), noisy_card("B", 25, "#111827"), noisy_card("C", 24, "#0f172a"))
    plan = componentised(page(Tag("div", "row", ROW, content=cards)))
    assert components(plan) == [("Hero", False), ("HeroCard", True)]  # its h3 is the largest heading
    css = html_css_page(plan)
    assert css.count('<article class="hero-card">') == 3 and css.count('<h3 class="heading">') == 3
    assert "font-size: 25px" not in css and "#111827" not in css  # the most common value wins


def test_items_that_differ_by_more_than_noise_keep_their_own_styles() -> None:
    cards = (
        noisy_card("A", 24, "#0f172a"),
        noisy_card("B", 24, "#0f172a", "#4f46e5"),
        noisy_card("C", 24, "#0f172a"),
    )
    plan = componentised(page(Tag("div", "row", ROW, content=cards)))
    assert [item for _, item in components(plan)] == [False]  # a highlighted card: not one template
    assert "#4f46e5" in html_css_page(plan)


def test_padding_shorthands_that_differ_by_noise_on_one_side_are_one_style() -> None:
    buttons = tuple(
        Tag("button", "button", (("", "padding", f"0 {side}px"),), (("type", "button"),), content=(words,))
        for side, words in ((6, "Read"), (8, "View contents"), (6, "Buy"))
    )
    plan = componentised(page(Tag("div", "row", ROW, content=buttons)))
    assert [item for _, item in components(plan)] == [False, True]
    assert "padding: 0 8px" not in html_css_page(plan)
    assert near_values("padding", ["0 6px", "0 8px"]) and not near_values("padding", ["0 6px", "0 30px"])
    assert not near_values("padding", ["0 6px", "4px 6px 0"])  # another shorthand: not comparable
