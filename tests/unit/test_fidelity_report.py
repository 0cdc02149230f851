"""The width a design's candidate is rendered and scored at (issue 18): a vector design's own CSS
width, not the width of the image intake drew it into; a raster's, guessed as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from converters.evaluation.candidates import ItemContext
from converters.evaluation.dataset import Dataset
from converters.fidelity.report import (
    design_blocks,
    design_css_width,
    guess_css_width,
    reference_from_design,
    reference_from_image,
)
from converters.intake import IntakeLimits, load_design
from converters.render import MAX_WIDTH, MIN_WIDTH
from converters.settings import Settings
from tests.builders import encode, mock_ui, pdf, svg

TEXT = '<text x="24" y="60" font-family="DejaVu Sans" font-size="32" fill="#111827">Plans for teams</text>'


def test_an_svg_is_scored_at_its_declared_width_while_its_image_keeps_twice_the_pixels() -> None:
    design = load_design(svg(TEXT, width="600", height="360"), "plans.svg")
    assert (design.width, design.height, design.scale) == (1200, 720, 2.0)  # for OCR
    assert design.css_size == (600, 360)
    assert design_css_width(design) == 600


def test_an_svg_sized_by_its_viewbox_or_in_other_units_is_scored_at_its_css_width() -> None:
    view_box_only = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 360">{TEXT}</svg>'
    by_view_box = load_design(view_box_only.encode(), "box.svg")
    assert (by_view_box.width, design_css_width(by_view_box)) == (1200, 600)
    in_points = load_design(svg(TEXT, width="450pt", height="270pt"), "points.svg")
    assert (in_points.width, design_css_width(in_points)) == (1200, 600)  # 450 pt = 600 CSS px


def test_a_pdf_page_is_scored_at_its_width_in_points() -> None:
    design = load_design(pdf([mock_ui(600, 360)]), "plans.pdf")
    assert (design.width, design.scale) == (1200, 2.0)
    assert design_css_width(design) == 600


def test_a_vector_design_drawn_below_2x_for_the_pixel_limit_keeps_its_width() -> None:
    limits = IntakeLimits(max_pixels=600 * 360 * 2)  # room for about 1.4x only
    design = load_design(svg(TEXT, width="600", height="360"), "plans.svg", limits=limits)
    assert 1.0 < design.scale < 2.0
    assert design_css_width(design) == 600


def test_vector_widths_beyond_the_raster_guess_are_kept_within_the_renderer_range() -> None:
    desktop = load_design(svg(TEXT, width="1920", height="1080"), "desktop.svg")
    assert design_css_width(desktop) == 1920  # the raster guess would cap it at 1600
    banner = load_design(svg(TEXT, width="6000", height="100"), "banner.svg")
    assert design_css_width(banner) == MAX_WIDTH
    badge = load_design(svg(TEXT, width="200", height="100"), "badge.svg")
    assert design_css_width(badge) == MIN_WIDTH


@pytest.mark.parametrize(
    ("image_width", "expected"),
    [(640, 640), (1200, 1200), (1600, 1600), (2560, 1280), (5000, 1600), (200, MIN_WIDTH)],
)
def test_a_raster_is_scored_as_before_its_own_width_or_half_of_a_2x_screenshot(
    image_width: int, expected: int
) -> None:
    design = load_design(encode(mock_ui(image_width, 400), "PNG"), "shot.png")
    assert design.css_size is None
    assert design_css_width(design) == guess_css_width(image_width) == expected


def test_a_reference_takes_the_given_css_width_and_otherwise_guesses_from_the_image() -> None:
    image = Image.new("RGB", (1200, 720), "white")
    assert reference_from_image(image, blocks=(), css_width=600).css_width == 600
    reference = reference_from_image(image, blocks=())
    assert (reference.width, reference.css_width) == (1200, 1200)


def test_an_evaluation_of_svg_inputs_scores_them_at_their_css_width(tmp_path: Path) -> None:
    (tmp_path / "plans.svg").write_bytes(svg(TEXT, width="600", height="360"))
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"id": "plans", "input": "plans.svg"}) + "\n")
    dataset = Dataset.load(tmp_path)
    # An image reference renders nothing: no browser needed.
    context = ItemContext(dataset, dataset.items[0], renderer=None, settings=Settings())  # type: ignore[arg-type]
    reference = context.reference
    assert (reference.width, reference.css_width) == (1200, 600)
    assert [block.text for block in reference.blocks] == ["Plans for teams"]  # OCR of the 2x image


def test_a_vector_uploads_reference_takes_its_files_text_boxes_instead_of_ocr() -> None:
    design = load_design(svg(TEXT, width="600", height="360"), "plans.svg")
    reference = reference_from_design(design)
    assert reference.css_width == 600
    (block,) = reference.blocks
    assert (block.text, block.color) == ("Plans for teams", (17, 24, 39))
    assert block.x == pytest.approx(48)  # CSS px 24, in the image's pixels (drawn at 2x)
    assert block.y < 120 < block.y + block.height  # the baseline, y 60 CSS px


def test_a_raster_or_outlined_upload_has_no_file_blocks() -> None:
    assert design_blocks(load_design(encode(mock_ui(), "PNG"), "mock.png")) is None
    assert design_blocks(load_design(svg('<rect width="40" height="40" fill="#000"/>'), "o.svg")) is None
