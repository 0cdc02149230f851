"""A vector design is scored at its own CSS width, not at the width of its 2x image (issue 18).

The design is an SVG page 600 x 737 px, which intake draws 1200 px wide for OCR. ``FITTED`` is that
page written for 600 px; ``DOUBLED`` is the same page at twice every size (what a reader of the
1200 px image as CSS px writes): at 600 px its heading and paragraph wrap onto more lines and push
the rest down. Scored at 1200 px (the bug) the doubled page looked perfect; at 600 px the fitted
one must win. Both pages are taller than the renderer's first viewport (720 px), so no page is
padded to it and only the width tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from converters.fidelity.report import FidelityReport, design_css_width, reference_from_image, score_candidate
from converters.fidelity.service import FidelityService
from converters.intake import DesignImage, load_design
from converters.render import Renderer
from converters.targets import Target

pytestmark = pytest.mark.e2e

# Drawn where Chromium lays out FITTED at 600 px (DejaVu Sans), within a few px.
DESIGN_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="600" height="737" font-family="DejaVu Sans">
<rect width="600" height="737" fill="#ffffff"/>
<rect width="600" height="64" fill="#1e3a8a"/>
<text x="24" y="41" font-size="24" font-weight="bold" fill="#ffffff">Northwind</text>
<text x="24" y="130" font-size="32" font-weight="bold" fill="#111827">Plans for small teams</text>
<text x="24" y="182" font-size="18" fill="#374151">Start free and upgrade when you grow.</text>
<text x="24" y="210" font-size="18" fill="#374151">Cancel any time, no questions asked.</text>
<rect x="24" y="244" width="158" height="45" rx="8" fill="#10b981"/>
<text x="52" y="273" font-size="18" fill="#ffffff">Get started</text>
<rect x="24" y="325" width="552" height="320" rx="12" fill="#e0e7ff"/>
<text x="48" y="368" font-size="20" fill="#3730a3">Team plan from 8 euros a month</text>
<rect y="681" width="600" height="56" fill="#f1f5f9"/>
<text x="24" y="714" font-size="14" fill="#475569">Made in Lisbon</text>
</svg>"""
FIVE = ("block", "text", "position", "color", "visual")


def page(k: int) -> str:
    """The design as HTML, every size times ``k``; fluid, so only its sizes depend on ``k``."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Plans</title><style>
body {{ margin: 0; font-family: 'DejaVu Sans', sans-serif; }}
header {{ background: #1e3a8a; color: #fff; height: {64 * k}px; padding: 0 {24 * k}px; display: flex;
  align-items: center; font-weight: bold; font-size: {24 * k}px; }}
main {{ padding: {36 * k}px {24 * k}px; }}
h1 {{ font-size: {32 * k}px; margin: 0 0 {20 * k}px; color: #111827; line-height: 1.2; }}
p {{ font-size: {18 * k}px; line-height: {28 * k}px; margin: 0; color: #374151; }}
a {{ display: inline-block; margin-top: {30 * k}px; padding: {12 * k}px {28 * k}px; border-radius: {8 * k}px;
  background: #10b981; color: #fff; font-size: {18 * k}px; text-decoration: none; }}
section {{ height: {320 * k}px; margin: 0 {24 * k}px; padding: {24 * k}px; box-sizing: border-box;
  background: #e0e7ff; color: #3730a3; font-size: {20 * k}px; border-radius: {12 * k}px; }}
footer {{ margin-top: {36 * k}px; height: {56 * k}px; padding: 0 {24 * k}px; display: flex;
  align-items: center; background: #f1f5f9; color: #475569; font-size: {14 * k}px; }}
</style></head><body><header>Northwind</header><main><h1>Plans for small teams</h1>
<p>Start free and upgrade when you grow.<br>Cancel any time, no questions asked.</p>
<a href="#">Get started</a></main><section>Team plan from 8 euros a month</section>
<footer>Made in Lisbon</footer></body></html>"""


FITTED, DOUBLED = page(1), page(2)


def mean(report: FidelityReport) -> float:
    """The mean of the five fidelity scores, as the app's badge shows it."""
    scores = report.scores()
    return sum(float(scores[name] or 0.0) for name in FIVE) / len(FIVE)


@pytest.fixture(scope="module")
def design() -> DesignImage:
    return load_design(DESIGN_SVG, "plans.svg")


@pytest.fixture(scope="module")
def service(chromium_path: str) -> Iterator[FidelityService]:
    service = FidelityService(lambda: Renderer(chromium_path=chromium_path))
    try:
        yield service
    finally:
        service.close()


def test_the_candidate_is_rendered_at_the_designs_css_width_and_the_fitted_page_wins(
    design: DesignImage, service: FidelityService
) -> None:
    assert (design.width, design_css_width(design)) == (1200, 600)
    fitted, doubled = (
        service.submit(
            design.sha256, design.image_view(), code, Target.HTML_CSS, css_width=design_css_width(design)
        ).result(timeout=120)
        for code in (FITTED, DOUBLED)
    )
    assert fitted.reference.css_width == 600
    assert fitted.reference.width == 1200  # the reference keeps the 2x image OCR read
    assert {b.text for b in fitted.reference.blocks} >= {"Northwind", "Plans for small teams", "Get started"}
    assert fitted.report.candidate.width == doubled.report.candidate.width == 600
    # The doubled page wraps at 600 px: its text sits lower and its page is taller than the design.
    assert doubled.report.candidate.height > fitted.report.candidate.height
    assert fitted.report.blocks.position > doubled.report.blocks.position + 0.05
    assert fitted.report.visual > doubled.report.visual + 0.05
    assert mean(fitted.report) > 0.97
    assert mean(fitted.report) > mean(doubled.report)


def test_at_the_width_of_the_image_the_doubled_page_would_win(
    chromium_path: str, design: DesignImage
) -> None:
    # What the app did before issue 18, kept to show the two pages tell the widths apart.
    reference = reference_from_image(design.image_view())
    assert reference.css_width == 1200
    with Renderer(chromium_path=chromium_path) as renderer:
        fitted, doubled = (
            score_candidate(renderer, reference, code, Target.HTML_CSS) for code in (FITTED, DOUBLED)
        )
    assert mean(doubled) > 0.97
    assert mean(doubled) > mean(fitted)
