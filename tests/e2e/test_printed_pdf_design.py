"""A page a browser printed to PDF ("Save as PDF") is read from its text layer at its CSS size."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from converters import load_design
from converters.conversion import ConversionRequest
from converters.offline.engine import OfflineEngine
from converters.offline.reading import READ_FROM_FILE
from converters.targets import Target

PAGE = """<!doctype html><html><head><style>
body { margin: 0; font-family: 'DejaVu Sans', sans-serif; background: #f8fafc; }
header { background: #1e3a8a; color: #fff; padding: 16px 32px; font-size: 20px; font-weight: 700; }
main { padding: 32px; }
h1 { font-size: 36px; color: #0f172a; margin: 0 0 12px; }
p { font-size: 16px; color: #475569; margin: 0 0 24px; }
.spaced { letter-spacing: 2px; text-transform: uppercase; font-size: 13px; text-shadow: #fff 1px 1px 0; }
a.button { display: inline-block; background: #2563eb; color: #fff; padding: 12px 24px;
  border-radius: 8px; font-size: 16px; text-decoration: none; }
</style></head><body>
<header>Acme Analytics</header>
<main><h1>Know your numbers</h1><p>Dashboards for teams of every size.</p>
<p class="spaced">Management team</p><a class="button" href="#">Start free trial</a></main>
</body></html>"""


def _print(page: Page) -> bytes:
    page.set_viewport_size({"width": 960, "height": 540})
    page.set_content(PAGE)
    page.emulate_media(media="screen")
    height = page.evaluate("Math.ceil(document.documentElement.scrollHeight)")
    return page.pdf(
        width="960px",
        height=f"{height}px",
        print_background=True,
        margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
    )


def test_a_chromium_print_keeps_its_css_size_and_exact_texts(page: Page) -> None:
    design = load_design(_print(page), "page.pdf")
    assert design.css_size is not None and design.css_size[0] == 960  # 720 pt printed at 96 px/in
    facts = design.vector
    assert facts is not None
    texts = {run.text: run for run in facts.texts}
    assert {"Acme Analytics", "Know your numbers", "MANAGEMENT TEAM", "Start free trial"} <= set(texts)
    heading = texts["Know your numbers"]
    assert (heading.font_size, heading.font_weight, heading.colour) == (36.0, 700, (15, 23, 42))
    assert abs(heading.box.x - 32) <= 2
    assert texts["MANAGEMENT TEAM"].colour != (255, 255, 255)  # the text, not its shadow
    button = next(shape for shape in facts.shapes if shape.fill == (37, 99, 235))
    assert abs(button.radius - 8) <= 1


def test_the_offline_engine_writes_a_960_px_page_from_the_print(page: Page) -> None:
    design = load_design(_print(page), "page.pdf")
    conversion = OfflineEngine().convert(ConversionRequest(design, Target.HTML_CSS))
    assert conversion.notes == (READ_FROM_FILE,)
    assert "max-width: 960px" in conversion.code
    assert "Know your numbers" in conversion.code and "Start free trial" in conversion.code
    sizes = {int(size) for size in re.findall(r"(?:--text-[a-z0-9]+|font-size): (\d+)px", conversion.code)}
    assert 36 in sizes and 16 in sizes
