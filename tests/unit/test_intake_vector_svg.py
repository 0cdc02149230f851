"""An SVG's live text and shapes are read from the file (``DesignImage.vector``), safely and bounded."""

from __future__ import annotations

import defusedxml.ElementTree as SafeET
import pytest

from converters import UnsupportedFormatError, load_design
from converters.intake import svg_facts
from converters.intake.vector import TextRun, VectorFacts, weight_from_name
from tests.builders import svg

LOGIN = b"""<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
  <style>/* exported */ .label { font-family: 'DejaVu Sans', sans-serif; font-size: 14px; fill: #374151; }
    @import url(x.css);</style>
  <rect width="800" height="600" fill="#f3f4f6"/>
  <rect width="800" height="64" fill="#1e3a8a"/>
  <text x="32" y="40" font-family="DejaVu Sans" font-size="20" font-weight="bold" fill="#fff">Acme</text>
  <g transform="translate(200,110)" fill="#111827">
    <rect width="400" height="400" rx="12" fill="#ffffff" stroke="#e5e7eb" stroke-width="2"/>
    <text x="40" y="70" font-size="28" style="font-weight: 700">Sign   in</text>
    <text class="label" x="40" y="145">Email</text>
    <rect x="40" y="305" width="320" height="44" rx="8" fill="#2563eb"/>
    <text x="200" y="332" text-anchor="middle" font-size="16" font-weight="600" fill="white">Continue</text>
  </g>
</svg>"""


def _texts(facts: VectorFacts | None) -> dict[str, TextRun]:
    assert facts is not None
    return {run.text: run for run in facts.texts}


def test_texts_come_with_their_exact_font_size_weight_colour_and_place() -> None:
    design = load_design(LOGIN, "login.svg")
    assert design.css_size == (800, 600) and design.scale == 2.0
    texts = _texts(design.vector)
    assert set(texts) == {"Acme", "Sign in", "Email", "Continue"}  # whitespace collapsed as SVG does
    heading = texts["Sign in"]
    assert (heading.font_size, heading.font_weight, heading.colour) == (
        28.0,
        700,
        (17, 24, 39),
    )  # inherited fill
    assert heading.box.x == pytest.approx(240) and heading.box.bottom > 180 > heading.box.y  # baseline y=180
    label = texts["Email"]  # from the <style> class rule
    assert (label.font_size, label.font_weight, label.colour, label.font_family) == (
        14.0, 400, (55, 65, 81), "DejaVu Sans",
    )  # fmt: skip
    button = texts["Continue"]
    assert button.font_weight == 600 and button.colour == (255, 255, 255)
    assert button.box.x + button.box.w / 2 == pytest.approx(400, abs=0.5)  # text-anchor middle
    assert texts["Acme"].font_weight == 700


def test_shapes_come_with_their_colours_stroke_and_radius_in_css_px() -> None:
    facts = load_design(LOGIN, "login.svg").vector
    assert facts is not None and facts.source == "svg"
    card = next(shape for shape in facts.shapes if shape.radius == 12)
    assert (card.box.x, card.box.y, card.box.w, card.box.h) == (200, 110, 400, 400)
    assert (card.fill, card.stroke, card.stroke_width) == ((255, 255, 255), (229, 231, 235), 2.0)
    button = next(shape for shape in facts.shapes if shape.fill == (37, 99, 235))
    assert (button.kind, button.radius, button.box.y) == ("rect", 8, 415)


def test_viewbox_scale_and_group_transforms_map_to_css_px() -> None:
    body = (
        '<g transform="scale(2)"><text x="10" y="20" font-size="10">Small</text>'
        '<circle cx="50" cy="50" r="5" fill="red"/></g>'
    )
    facts = load_design(svg(body, width="400", height="400", extra='viewBox="0 0 200 200"'), "s.svg").vector
    run = _texts(facts)["Small"]
    assert run.font_size == 40.0  # 10 x group scale 2 x viewBox scale 2
    assert facts is not None
    (circle,) = facts.shapes
    assert circle.kind == "ellipse" and (circle.box.x, circle.box.w) == (180, 40)


def test_tspans_start_lines_and_carry_their_own_style() -> None:
    body = (
        '<text x="10" y="30" font-size="16">First line'
        '<tspan x="10" dy="24" font-weight="bold" fill="#ff0000">Second</tspan> and more</text>'
    )
    texts = _texts(load_design(svg(body), "t.svg").vector)
    assert {"First line", "Second", "and more"} <= set(texts)
    second = texts["Second"]
    assert second.font_weight == 700 and second.colour == (255, 0, 0)
    assert second.box.y > texts["First line"].box.y + 20  # moved down a line by dy
    assert texts["and more"].box.x >= second.box.right  # the tail continues after the tspan


def test_gradient_fill_is_read_as_its_first_stop_and_paths_by_their_extent() -> None:
    body = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#336699"/></linearGradient></defs>'
        '<rect x="0" y="0" width="320" height="100" fill="url(#g)"/>'
        '<path d="M 10 120 l 30 0 l 0 40 z" fill="#000"/>'
    )
    facts = load_design(svg(body), "g.svg").vector
    assert facts is not None
    band, triangle = facts.shapes
    assert band.fill == (51, 102, 153)
    assert triangle.kind == "path" and (triangle.box.x, triangle.box.y, triangle.box.w, triangle.box.h) == (
        10,
        120,
        30,
        40,
    )


def test_rotated_text_is_skipped_and_said() -> None:
    body = '<text x="10" y="30" transform="rotate(90 10 30)">Sideways</text><text x="10" y="90">Level</text>'
    facts = load_design(svg(body), "r.svg").vector
    assert set(_texts(facts)) == {"Level"}
    assert facts is not None and any("rotated" in note for note in facts.notes)


def test_outlined_text_has_no_live_text() -> None:
    body = '<path d="M10 10 h20 v20 h-20 z" fill="#111"/><path d="M40 10 h20 v20 h-20 z" fill="#111"/>'
    facts = load_design(svg(body), "outlined.svg").vector
    assert facts is not None and not facts.has_text


def test_entities_are_refused_before_anything_is_read() -> None:
    hostile = (
        b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&a;</text></svg>'
    )
    with pytest.raises(UnsupportedFormatError):
        load_design(hostile, "bomb.svg")


def test_huge_numbers_are_left_out_not_drawn_into_the_facts() -> None:
    body = (
        '<rect x="1e308" y="0" width="1e308" height="10" fill="red"/>'
        '<text x="1e300" y="20">Far</text><text x="10" y="40" font-size="1e999">Inf</text>'
        '<text x="10" y="60">Near</text><rect x="5" y="70" width="9e307" height="5" fill="#000"/>'
    )
    root = SafeET.fromstring(svg(body))  # read directly: cairo itself refuses to draw such sizes
    facts = svg_facts.read_svg_facts(root, 320, 200)
    texts = _texts(facts)
    assert set(texts) == {"Inf", "Near"}  # "Far" lies beyond any page
    assert texts["Inf"].font_size == 16.0  # an unreadable size is the default one
    assert facts.shapes == ()  # coordinates beyond MAX_COORDINATE are garbage, not design


def test_deep_nesting_and_many_elements_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_facts, "MAX_ELEMENTS", 300)
    deep = (
        "<g>" * (svg_facts.MAX_DEPTH + 5)
        + '<text x="1" y="10">Deep</text>'
        + "</g>" * (svg_facts.MAX_DEPTH + 5)
    )
    many = "".join(f'<rect x="{i % 300}" y="100" width="1" height="1" fill="#000"/>' for i in range(400))
    facts = load_design(svg(deep + many), "many.svg").vector
    assert facts is not None
    assert "Deep" not in _texts(facts)
    assert any("nested more than" in note for note in facts.notes)
    assert any("first 300 elements" in note for note in facts.notes)
    assert len(facts.shapes) < 300


def test_a_reader_failure_falls_back_to_the_picture_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> VectorFacts:
        raise ValueError("unexpected")

    monkeypatch.setattr("converters.intake.svg.read_svg_facts", broken)
    design = load_design(LOGIN, "login.svg")
    assert design.vector is None
    assert any("could not be read from the file" in note for note in design.notes)


@pytest.mark.parametrize(
    ("name", "weight"),
    [("DejaVuSans-Bold", 700), ("Inter-SemiBold", 600), ("Roboto-Light", 300), ("Helvetica", None)],
)
def test_weights_are_read_from_font_names(name: str, weight: int | None) -> None:
    assert weight_from_name(name) == weight


USES = """<defs>
  <g id="badge"><rect width="60" height="20" rx="4" fill="#2563eb"/>
    <text x="8" y="15" font-size="12" fill="#fff">New</text></g>
  <symbol id="star" viewBox="0 0 10 10"><rect width="10" height="10" fill="#f59e0b"/></symbol>
</defs>
<use href="#badge" x="100" y="40"/>
<use xlink:href="#badge" transform="translate(0,100)" x="10" fill="#000"/>
<use href="#star" x="300" y="300" width="40" height="40"/>
<use href="#nowhere"/>
<use href="other.svg#badge"/>"""


def test_use_repeats_what_it_names_where_it_says_and_the_rest_is_noted() -> None:
    facts = load_design(svg(USES, width="400", height="400"), "uses.svg").vector
    assert facts is not None
    badges = sorted((run.box.x, round(run.box.bottom)) for run in facts.texts if run.text == "New")
    (moved_x, moved_bottom), (placed_x, placed_bottom) = badges
    assert (moved_x, placed_x) == pytest.approx((18, 108))  # each copy at its use's x (+ the text's 8)
    assert moved_bottom > 100 > placed_bottom  # the first use's translate(0,100) as well
    pills = sorted((s.box.x, s.box.y) for s in facts.shapes if s.fill == (37, 99, 235))
    assert pills == [(10, 100), (100, 40)]
    (star,) = [s for s in facts.shapes if s.fill == (245, 158, 11)]
    assert (star.box.x, star.box.y, star.box.w, star.box.h) == (300, 300, 40, 40)  # the symbol fitted
    (note,) = [note for note in facts.notes if "<use>" in note]
    assert note.startswith("Did not follow 2 <use> reference(s)")  # a missing id, another file


def test_a_use_loop_is_not_followed_round() -> None:
    # Intake refuses a file with a loop before reading it; the reader stops at one on its own too.
    looped = '<g id="loop"><rect width="5" height="5" fill="red"/><use href="#loop"/></g>'
    root = SafeET.fromstring(svg(looped))
    facts = svg_facts.read_svg_facts(root, 320, 200)
    assert len(facts.shapes) == 1 and any(note.startswith("Did not follow 1 <use>") for note in facts.notes)


def test_use_of_use_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_facts, "MAX_USE_DEPTH", 2)
    body = (
        '<defs><rect id="a" width="5" height="5" fill="red"/><use id="b" href="#a" x="5"/>'
        '<use id="c" href="#b" x="5"/></defs><use href="#c" x="5"/><use href="#b"/>'
    )
    facts = load_design(svg(body), "deep.svg").vector
    assert facts is not None
    assert [s.box.x for s in facts.shapes] == [5]  # #b's copy; #c's chain is three deep
    assert any(note.startswith("Did not follow 1 <use>") for note in facts.notes)
