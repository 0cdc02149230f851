"""What the offline emit carries from a Figma frame's exact facts: type families with fallbacks of
their kind, a translucent region's opacity off its sectioning element, clipping however deep, and
instances of one design component anywhere on the page written as one component."""

from __future__ import annotations

import re
from typing import Any

import pytest

from converters.offline.emit.fonts import MONO_STACK, SANS_STACK, SERIF_STACK, fallback_stack, font_stack
from converters.offline.emit.markup import Tag
from converters.offline.emit.plan import Page
from converters.offline.emit.translucent import translucent_wrapped
from converters.offline.figma import read_figma
from converters.offline.reading import write_code
from converters.targets import Target
from tests import figma_nodes as fx

WHITE = fx.solid(255, 255, 255)


def _code(document: dict[str, Any], target: Target = Target.HTML_CSS, components: Any = None) -> str:
    return write_code(read_figma(document, components), target, "exact")


# --- font families ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "stack"),
    [
        ("Inter", f'"Inter", {SANS_STACK}'),
        ("Playfair Display", f'"Playfair Display", {SERIF_STACK}'),
        ("Roboto Slab", f'"Roboto Slab", {SERIF_STACK}'),
        ("JetBrains Mono", f'"JetBrains Mono", {MONO_STACK}'),
        ("Courier New", f'"Courier New", {MONO_STACK}'),
        ("Noto Sans", f'"Noto Sans", {SANS_STACK}'),
        ("DejaVu Serif", SERIF_STACK),  # the family is its stack's first: not said twice
        ("", SANS_STACK),
    ],
)
def test_a_family_gets_fallbacks_of_its_kind(family: str, stack: str) -> None:
    assert font_stack(family) == stack


def test_a_family_name_cannot_break_out_of_its_css_string() -> None:
    assert font_stack('Evil"; } body { color: red') == f'"Evil  body  color: red", {SANS_STACK}'
    assert fallback_stack("Source Serif Pro") == SERIF_STACK and fallback_stack("Open Sans") == SANS_STACK


def _typeset_page() -> dict[str, Any]:
    body = fx.text("Body copy in the page's family.", 40, 40, 400, 24, style={"fontFamily": "Merriweather"})
    code = fx.text("npm install", 40, 80, 200, 24, style={"fontFamily": "Fira Code"})
    mixed = fx.text("Run it with make now", 40, 120, 400, 24, style={"fontFamily": "Merriweather"})
    mixed["characterStyleOverrides"] = [0] * 12 + [1] * 4
    mixed["styleOverrideTable"] = {"1": {"fontFamily": "Fira Code"}}
    longer = fx.text("More body copy, so the page's family is this one.", 40, 160, 400, 24)
    longer["style"]["fontFamily"] = "Merriweather"
    return fx.frame("Page", 0, 0, 480, 220, [body, code, mixed, longer], fills=WHITE)


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.value)
def test_the_files_families_reach_the_code_in_every_target(target: Target) -> None:
    code = _code(_typeset_page(), target)
    if target is Target.HTML_CSS:
        assert f"font-family: {font_stack('Merriweather')};" in code  # the page's, on the body
        assert code.count(f"font-family: {font_stack('Fira Code')};") == 2  # a text's own, and a run's
    else:
        assert "font-['Merriweather','DejaVu_Serif',Georgia,serif]" in code
        assert code.count("font-['Fira_Code','DejaVu_Sans_Mono',Menlo,Consolas,monospace]") == 2
    assert "Verdana" not in code  # no sans-serif fallbacks behind these families


def test_a_picture_without_a_family_keeps_the_sans_stack() -> None:
    document = fx.frame("Page", 0, 0, 300, 80, [fx.text("Hello", 10, 10, 100, 24, style={"fontFamily": ""})])
    assert f"font-family: {SANS_STACK};" in _code(document)


# --- opacity ------------------------------------------------------------------------------------


def _translucent_page() -> dict[str, Any]:
    panel = fx.frame(
        "Panel",
        0,
        80,
        1280,
        200,
        [fx.text("Faded but readable", 40, 120, 400, 32, size=24), fx.text("More text", 40, 170, 300, 24)],
        fills=fx.solid(23, 23, 23),
        opacity=0.85,
        **fx.auto("VERTICAL", 18, (40, 40, 40, 40)),
    )
    top = fx.text("Welcome", 40, 20, 200, 40, size=32)
    return fx.frame("Page", 0, 0, 1280, 320, [top, panel], fills=WHITE)


def test_a_translucent_region_keeps_its_element_and_puts_opacity_on_an_inner_div() -> None:
    code = _code(_translucent_page())
    match = re.search(r'<section class="([a-z0-9-]+)">\s*<div class="([a-z0-9-]+)">', code)
    assert match, code
    outer, inner = match.groups()
    outer_rule = re.search(rf"\.{outer} \{{([^}}]*)\}}", code)
    inner_rule = re.search(rf"\.{inner} \{{([^}}]*)\}}", code)
    assert outer_rule and outer_rule.group(1).split() == ["display:", "contents;"]
    assert inner_rule and "opacity: 0.85;" in inner_rule.group(1) and "background:" in inner_rule.group(1)
    tailwind = _code(_translucent_page(), Target.REACT_TAILWIND)
    assert re.search(r'<section className="contents">\s*<div className="[^"]*\[opacity:0\.85\]', tailwind)


def test_only_sectioning_elements_with_opacity_are_wrapped() -> None:
    card = Tag("article", "card", (("", "opacity", "0.5"),), content=("Faded",))
    plain = Tag("div", "box", (("", "opacity", "0.5"),), content=("Also faded",))
    solid = Tag("section", "band", (("", "background", "#000"),), content=("Opaque",))
    page = Page("t", (), Tag("div", "page", content=(card, plain, solid)))
    root = translucent_wrapped(page).root
    wrapped, kept, opaque = (part for part in root.content if isinstance(part, Tag))
    assert wrapped.decls == (("", "display", "contents"),)
    assert wrapped.content == (Tag("div", "card-surface", (("", "opacity", "0.5"),), content=("Faded",)),)
    assert kept is plain and opaque is solid
    untouched = Page("t", (), Tag("div", "page", content=(plain,)))
    assert translucent_wrapped(untouched) is untouched


# --- clipping -----------------------------------------------------------------------------------


def test_what_lies_outside_a_clipping_frame_is_left_out_however_deep() -> None:
    menu = fx.frame(
        "Menu",
        -3000,
        0,
        1280,
        200,
        [fx.text("Off-canvas link", -2960, 40, 200, 24)],
        **fx.auto("VERTICAL", 8),
    )
    wrapper = fx.frame("Wrapper", 0, 0, 1280, 100, [menu, fx.text("On the page", 40, 40, 200, 24)])
    section = fx.frame("Section", 0, 0, 1280, 400, [wrapper], clipsContent=True, fills=WHITE)
    page = fx.frame("Page", 0, 0, 1280, 400, [section], fills=WHITE)
    code = _code(page)
    assert "On the page" in code and "Off-canvas link" not in code


# --- instances ----------------------------------------------------------------------------------


def _feature(title: str, x: float, y: float) -> dict[str, Any]:
    return fx.frame(
        "Feature",
        x,
        y,
        360,
        120,
        [
            fx.text(title, x + 24, y + 24, 300, 32, size=22, weight=700),
            fx.text("Details", x + 24, y + 64, 300, 24),
        ],
        type="INSTANCE",
        componentId="7:1",
        fills=fx.solid(248, 250, 252),
        cornerRadius=12,
        **fx.auto("VERTICAL", 8, (24, 24, 24, 24)),
    )


def _scattered_instances() -> dict[str, Any]:
    children = [
        _feature("Fast builds", 40, 40),
        fx.text("A paragraph between the two instances, long enough to be prose.", 40, 184, 600, 24),
        _feature("Fair prices", 40, 232),
    ]
    return fx.frame(
        "Page", 0, 0, 1280, 392, children, fills=WHITE, **fx.auto("VERTICAL", 24, (40, 40, 40, 40))
    )


COMPONENTS = {"7:1": {"key": "k71", "name": "Feature tile", "description": "", "documentationLinks": []}}


def test_instances_of_one_component_apart_share_one_react_component() -> None:
    code = _code(_scattered_instances(), Target.REACT_TAILWIND, COMPONENTS)
    assert code.count("function FeatureTile(") == 1
    assert '<FeatureTile title="Fast builds" />' in code and '<FeatureTile title="Fair prices" />' in code
    assert "{title}" in code and "Details" in code  # what differs is a prop, what they share is markup


def test_instances_of_one_component_apart_share_one_class() -> None:
    code = _code(_scattered_instances(), Target.HTML_CSS, COMPONENTS)
    assert len(re.findall(r'class="feature-tile"', code)) == 2 and "feature-tile-2" not in code


def test_instances_that_differ_in_style_keep_their_own_components() -> None:
    document = _scattered_instances()
    document["children"][2]["fills"] = fx.solid(254, 226, 226)  # a highlighted variant
    code = _code(document, Target.REACT_TAILWIND, COMPONENTS)
    assert "function FeatureTile(" not in code


def test_a_frame_of_no_size_at_a_clipping_edge_still_shows_what_overflows_it() -> None:
    floats = fx.frame("Top bar", 0, 0, 1280, 0, [fx.text("Welcome back", 40, 6, 200, 24)])
    section = fx.frame("Section", 0, 0, 1280, 400, [floats], clipsContent=True, fills=WHITE)
    page = fx.frame("Page", 0, 0, 1280, 400, [section], fills=WHITE)
    assert "Welcome back" in _code(page)
