"""The reflow sweep in Chromium: the issue's hero (an 803 px left padding reset only below 800 px)
fails between 800 and ~1100 px with its text squeezed, while 768 and 375 px pass; a fluid page
passes at every width; what the design already squeezes, and a long word on a phone, do not fail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from converters.fidelity.sweep import sweep_reflow, sweep_widths
from converters.render import Renderer
from converters.targets import Target

pytestmark = pytest.mark.e2e

HEAD = "<!DOCTYPE html><html><head><meta charset='utf-8'><style>*{box-sizing:border-box}"
HERO = (
    HEAD + "body{margin:0;font:18px/1.5 sans-serif;overflow-wrap:anywhere}"
    ".hero{padding:48px 80px 48px 803px;background:#eef2ff} h1{margin:0;font-size:48px}"
    "@media (max-width: 799px){.hero{padding-inline:16px}}</style></head><body><section class='hero'>"
    "<h1>Design to code, offline</h1><p>Upload a mockup and get clean, responsive code in seconds.</p>"
    "</section></body></html>"
)
FLUID = HERO.replace(  # the same, its side paddings shrinking with the page (as the offline engine's)
    "padding:48px 80px 48px 803px", "padding:48px clamp(16px,6.25%,80px) 48px clamp(16px,62.73%,803px)"
)
DESIGNED_NARROW = (
    HEAD + "body{margin:0;font:16px sans-serif;overflow-wrap:anywhere}"
    ".side{width:40px}</style></head><body><aside class='side'>Read the full story here</aside>"
    "<p>A link to https://example.com/a-very-long-path-that-breaks-on-phones</p></body></html>"
)
REACT = """
export default function App() {
  return <main className="p-4"><div className="w-[900px] bg-gray-100">A fixed block</div></main>;
}
"""


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


def test_the_issues_hero_fails_between_its_breakpoint_and_its_width(renderer: Renderer) -> None:
    sweep = sweep_reflow(renderer, HERO, Target.HTML_CSS, width=1280)
    assert [check.width for check in sweep.checks] == list(sweep_widths())
    assert 1024 in sweep.failing and 800 in sweep.failing
    assert not {320, 375, 768, 1280, 1440} & set(sweep.failing)  # today's two widths miss it
    at_1024 = next(line for line in sweep.problems() if line.startswith("1024 px:"))
    assert "squeezed narrower than their words" in at_1024


def test_a_fluid_page_passes_at_every_width(renderer: Renderer) -> None:
    sweep = sweep_reflow(renderer, FLUID, Target.HTML_CSS, width=1280)
    assert sweep.passed, sweep.problems()


def test_what_the_design_squeezes_itself_and_a_long_word_on_a_phone_do_not_fail(renderer: Renderer) -> None:
    checks = renderer.check_reflow(DESIGNED_NARROW, Target.HTML_CSS, width=1280, widths=(320, 768))
    assert all(check.squeezed_at_full == 1 for check in checks)  # the 40 px aside, one word a line
    assert all(check.passed for check in checks), checks


def test_a_react_candidate_is_swept_and_a_fixed_width_overflows_below_it(renderer: Renderer) -> None:
    sweep = sweep_reflow(renderer, REACT, Target.REACT_TAILWIND, width=1280, widths=(768, 960))
    assert sweep.failing == (768,)
    assert sweep.problems()[0].startswith("768 px: ") and "wider than the screen" in sweep.problems()[0]
