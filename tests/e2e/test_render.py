"""``converters.render`` in real Chromium: reference pages and candidates become PNGs plus text blocks."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from converters.preview import generated_document, preview_policy_header
from converters.render import WIDTH, Renderer, Rendering, TextBlock
from converters.render.pixels import rgb_pixels
from converters.targets import Target
from tests.builders import near_colour

pytestmark = pytest.mark.e2e

REFERENCE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Reference</title>
<style>
  body { margin: 0; font: 16px/1.5 sans-serif; }
  h1 { margin: 20px; color: rgb(17, 24, 39); }
  .red { margin: 20px; color: rgb(200, 30, 40); }
  .blue { margin: 20px; color: #1e40af; }
</style></head>
<body>
  <h1>Quarterly   report</h1>
  <p class="red">Revenue grew <b>fast</b>.</p>
  <p class="blue">Costs stayed flat.</p>
  <p style="display:none">Hidden text</p>
  <img src="rick.jpg" alt="">
</body></html>
"""

REACT = """
export default function App() {
  return (
    <main className="p-8">
      <h1 className="bg-[#4f46e5] text-white text-3xl p-4">Ship it today</h1>
      <p className="text-gray-700 mt-4">Made with React</p>
    </main>
  );
}
"""

HTML_CSS = """<!DOCTYPE html>
<html><head><style>
  h1 { background: #4f46e5; color: #ffffff; padding: 16px; margin: 0; }
</style></head>
<body><h1>Plain CSS heading</h1><p style="color: rgb(0, 128, 0)">Green note</p></body></html>
"""


# Moving parts a screenshot must freeze as Playwright's does: an infinite animation (cancelled:
# drawn unrotated), a finite one and a transition started after load (finished: drawn at their
# end), both in a shadow root too, and a focused input's caret (hidden).
ANIMATED = """<!DOCTYPE html>
<html><head><style>
  body { margin: 0; font: 16px sans-serif; }
  @keyframes spin { to { transform: rotate(90deg); } }
  @keyframes fade { from { opacity: 0; } to { opacity: 1; } }
  .spin { width: 160px; height: 40px; background: #e11d48; animation: spin 3s linear infinite; }
  .fade { animation: fade 60s forwards; }
  .move { transition: margin-left 60s linear; }
</style></head>
<body>
  <div class="spin"></div>
  <p class="fade">Fading in for a minute</p>
  <p class="move" id="move">Moving for a minute</p>
  <input autofocus value="a caret blinks here">
  <div id="host"></div>
  <div style="height: __TALL__px"></div><p>End</p>
  <script>
    document.getElementById("host").attachShadow({ mode: "open" }).innerHTML =
      '<style>div { width: 90px; height: 30px; background: #2563eb; animation: turn 2s infinite; }' +
      '@keyframes turn { to { transform: rotate(45deg); } }</style><div></div>';
    requestAnimationFrame(() => { document.getElementById("move").style.marginLeft = "400px"; });
  </script>
</body></html>
"""


# A sign-in form in a scroller under a logo that does not load: Chromium anti-aliases the fields'
# rounded corners otherwise unless the page has the listeners Playwright's screenshot leaves.
SIGN_IN = """<!DOCTYPE html>
<html><head><style>
  body, html { margin: 0; height: 100%; }
  html { font: 400 14px/20px Arial, sans-serif; }
  .page { background-color: #4050c6; color: #fff; height: 100%; padding: 2em; display: flex;
    justify-content: center; align-items: center; text-align: center; overflow: auto;
    border: 1px solid transparent; box-sizing: border-box; }
  .field { width: 100%; padding: 8px 6px; border: 1px solid #ddd; border-radius: 4px; outline: none;
    -webkit-appearance: none; font: inherit; box-sizing: border-box; }
  .middle { width: 600px; max-width: 100%; }
  .middle #logo { width: 256px; }
</style></head>
<body><div class="page"><div class="middle">
  <div style="width: 300px; margin: 30px auto 0 auto"><img id="logo" src="missing.jpg" width="100%"></div>
  <div style="height: 30px;">&nbsp;</div>
  <form style="width: 300px; margin: 0 auto; max-width: 100%">
    <div><input class="field" placeholder="Email address" type="email"></div>
    <div style="margin-top: 1em"><input class="field" placeholder="Password" type="password"></div>
  </form>
</div></div></body></html>
"""


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


def _png_size(rendering: Rendering) -> tuple[int, int]:
    with Image.open(io.BytesIO(rendering.png)) as image:
        assert image.format == "PNG"
        return image.size


def _block(rendering: Rendering, text: str) -> TextBlock:
    found = [block for block in rendering.blocks if block.text == text]
    assert found, f"no block {text!r} in {[block.text for block in rendering.blocks]}"
    return found[0]


def test_reference_page_gives_texts_colours_boxes_and_a_1280_wide_png(
    renderer: Renderer, tmp_path: Path
) -> None:
    Image.new("RGB", (40, 30), (255, 0, 0)).save(tmp_path / "rick.jpg")
    page = tmp_path / "index.html"
    page.write_text(REFERENCE, encoding="utf-8")

    rendering = renderer.render_html_file(page)

    assert rendering.status == "loaded"
    assert rendering.blocked == ()  # rick.jpg came from the page's folder
    # As Design2Code reads text: each text node stripped (inner spaces kept), a <b> its own block.
    assert [block.text for block in rendering.blocks] == [
        "Quarterly   report",
        "Revenue grew .",
        "fast",
        "Costs stayed flat.",
    ]
    heading, red, bold, blue = rendering.blocks
    assert near_colour(heading.color, (17, 24, 39))
    assert near_colour(red.color, (200, 30, 40)) and near_colour(bold.color, (200, 30, 40))
    assert near_colour(blue.color, (30, 64, 175))
    for block in (heading, red, blue):
        assert 15 <= block.x <= 25 and 0 < block.width < WIDTH - 20 and 10 < block.height < 60
    assert red.x < bold.x < red.x + red.width and bold.y == red.y  # "fast", inside its line
    assert heading.y < red.y < blue.y
    assert red.y >= heading.y + heading.height
    assert (rendering.width, rendering.height) == (WIDTH, 720)  # the viewport, as the benchmarks shot it
    assert _png_size(rendering) == (WIDTH, rendering.height)


def test_tall_reference_page_is_rendered_at_full_height(renderer: Renderer, tmp_path: Path) -> None:
    page = tmp_path / "tall.html"
    page.write_text('<body style="margin:0"><div style="height:2000px"></div><p>Bottom</p></body>')

    rendering = renderer.render_html_file(page)

    bottom = _block(rendering, "Bottom")
    assert bottom.y > 2000
    assert rendering.height >= bottom.y + bottom.height
    assert _png_size(rendering) == (WIDTH, rendering.height)


def test_react_tailwind_candidate_renders_through_the_preview_runtime(renderer: Renderer) -> None:
    rendering = renderer.render_code(REACT, Target.REACT_TAILWIND)

    assert rendering.status == "rendered", rendering.message
    heading = _block(rendering, "Ship it today")
    assert near_colour(heading.color, (255, 255, 255))
    assert 32 <= heading.x < 100 and 32 <= heading.y < 100  # p-8 around, p-4 inside the heading
    paragraph = _block(rendering, "Made with React")
    assert paragraph.y > heading.y + heading.height
    assert paragraph.color != (0, 0, 0)  # text-gray-700 (oklch) arrived as an sRGB grey
    assert max(paragraph.color) - min(paragraph.color) < 30
    assert rendering.blocked == ()
    assert _png_size(rendering) == (WIDTH, rendering.height)


def test_react_compiled_by_the_renderer_renders_as_when_compiled_in_its_own_page(
    renderer: Renderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = renderer.render_code(REACT, Target.REACT_TAILWIND, structure=True)

    async def babel_in_the_page(code: str) -> None:
        return None

    monkeypatch.setattr(renderer, "_compiled_jsx", babel_in_the_page)
    in_page = renderer.render_code(REACT, Target.REACT_TAILWIND, structure=True)

    assert compiled.status == in_page.status == "rendered"
    assert compiled.blocks == in_page.blocks and compiled.structure == in_page.structure
    assert np.array_equal(rgb_pixels(compiled.png), rgb_pixels(in_page.png))


def test_html_css_candidate_gives_blocks_from_the_generated_page(renderer: Renderer) -> None:
    rendering = renderer.render_code(HTML_CSS, Target.HTML_CSS)

    assert rendering.status == "rendered", rendering.message
    heading = _block(rendering, "Plain CSS heading")
    assert near_colour(heading.color, (255, 255, 255))
    assert 10 <= heading.x <= 30 and 10 <= heading.y <= 30  # 8 px body margin + 16 px padding
    assert near_colour(_block(rendering, "Green note").color, (0, 128, 0))
    # Level 1's own text (its hidden error box) is not part of the page.
    assert all("preview hit an error" not in block.text for block in rendering.blocks)
    with Image.open(io.BytesIO(rendering.png)) as image:
        assert image.convert("RGB").getpixel((12, 12)) == (79, 70, 229)


def test_failing_candidate_reports_an_error_and_still_renders(renderer: Renderer) -> None:
    rendering = renderer.render_code("export default function App() { return <div>; }", Target.REACT_TAILWIND)

    assert rendering.status == "error"
    assert "Syntax error" in rendering.message
    assert _png_size(rendering)[0] == WIDTH


def test_non_local_requests_are_blocked(renderer: Renderer, tmp_path: Path) -> None:
    page = tmp_path / "leaky.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>Still here</p>"
        '<img src="http://example.invalid/x.png">'
        '<link rel="stylesheet" href="https://example.invalid/style.css">'
        "<script>fetch('http://example.invalid/data.json').then("
        "() => { document.title = 'leaked'; }, () => { document.title = 'blocked'; });"
        "new WebSocket('ws://198.51.100.7/socket');"
        # An encoded slash is decoded by the server, not the browser: a try to climb out of the folder.
        "var xhr = new XMLHttpRequest(); xhr.open('GET', '..%2Foutside.txt', false); xhr.send();"
        "document.write('<p>outside: ' + xhr.status + '</p>');</script></body></html>",
        encoding="utf-8",
    )
    (tmp_path.parent / "outside.txt").write_text("SECRET", encoding="utf-8")

    rendering = renderer.render_html_file(page)

    assert rendering.status == "loaded"
    assert _block(rendering, "Still here")
    assert "http://example.invalid/x.png" in rendering.blocked
    assert "https://example.invalid/style.css" in rendering.blocked
    assert "http://example.invalid/data.json" in rendering.blocked
    assert _block(rendering, "outside: 404")


def test_tall_candidate_is_rendered_at_full_height(renderer: Renderer) -> None:
    code = '<!DOCTYPE html><html><body style="margin:0"><div style="height:1800px"></div><p>End</p></body>'

    rendering = renderer.render_code(code, Target.HTML_TAILWIND)

    assert rendering.status == "rendered", rendering.message
    end = _block(rendering, "End")
    assert end.y > 1800
    assert rendering.height >= end.y + end.height
    assert _png_size(rendering) == (WIDTH, rendering.height)


def test_only_painted_text_gives_blocks(renderer: Renderer) -> None:
    page = """<!DOCTYPE html><html><body style="margin:0;font:16px sans-serif">
    <p>Seen</p>
    <button style="background:#2563eb;color:#2563eb;padding:8px">Same colour as its fill</button>
    <div style="position:absolute;left:-500px">Off the page</div>
    <div style="height:20px;overflow:hidden"><p style="margin-top:40px">Clipped away</p></div>
    <p style="opacity:.5">Faded</p>
    </body></html>"""
    rendering = renderer.render_code(page, Target.HTML_CSS)

    assert [block.text for block in rendering.blocks] == ["Seen", "Faded"]
    assert near_colour(_block(rendering, "Faded").color, (127, 127, 127))  # black at half opacity


@pytest.mark.parametrize(
    "document",
    [ANIMATED.replace("__TALL__", "0"), ANIMATED.replace("__TALL__", "2400"), SIGN_IN],
    ids=["moving-parts", "moving-parts-beyond-the-viewport", "sign-in-form"],
)
def test_screenshots_have_the_pixels_of_playwrights_own(renderer: Renderer, document: str) -> None:
    """The renderer captures with Chromium's fast encoder, not ``page.screenshot``: same pixels."""

    async def both() -> tuple[bytes, bytes]:
        context = await renderer._new_context([])
        runtime = renderer._server.base + "/vendor"  # served as a candidate is (the policy blocks the logo)
        key = renderer._server.share_page(
            generated_document(document, Target.HTML_CSS, runtime), policy=preview_policy_header(runtime)
        )
        try:
            page = await context.new_page()
            await page.goto(f"{renderer._server.base}/host/{key}")
            await page.wait_for_timeout(300)  # the animations and the transition are under way
            ours, _ = await renderer._screenshot(page, await context.new_cdp_session(page))
            theirs = await page.screenshot(full_page=True, type="png", animations="disabled")
        finally:
            await context.close()
            renderer._server.forget(key)
        return ours, theirs

    ours, theirs = renderer._call(both)

    assert rgb_pixels(ours).shape == rgb_pixels(theirs).shape
    assert (rgb_pixels(ours).shape[0] > 2400) is ("2400px" in document)
    assert np.array_equal(rgb_pixels(ours), rgb_pixels(theirs))


def test_a_page_prepared_in_advance_serves_only_a_candidate_of_its_width(renderer: Renderer) -> None:
    renderer.prepare(800)
    wide = renderer.render_code(HTML_CSS, Target.HTML_CSS, width=WIDTH)
    renderer.prepare(WIDTH, Target.REACT_TAILWIND)
    react = renderer.render_code(REACT, Target.REACT_TAILWIND, width=WIDTH)

    assert _png_size(wide)[0] == WIDTH and wide.blocks
    assert react.status == "rendered" and _block(react, "Ship it today")
