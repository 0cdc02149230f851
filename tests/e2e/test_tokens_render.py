"""Design tokens in real Chromium: a page written through its theme (``:root`` variables, a
Tailwind ``@theme`` block in the page or in the React component's opening comment) renders pixel
for pixel like the same page with its values written out, in every target, the way the app
previews it."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from converters.offline.emit import emit
from converters.offline.model import Box, Element, Kind, Node, Style
from converters.render import Renderer
from converters.targets import Target
from converters.tokens import in_theme_shape
from tests.unit.test_offline_emit import EDGE, INDIGO, MUTED, WHITE, text

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


def on_the_scale_tree() -> Node:
    """A heading, a lead paragraph and three cards whose spacing is on the 4 px step and whose
    colours are far apart: tokenising has nothing to merge or snap."""
    cards = []
    for i in range(3):
        box = Box(32 + 408 * i, 136, 384, 120)
        style = Style(background=WHITE, border=EDGE, border_width=1, radius=12)
        cards.append(
            Node(
                box=box,
                element=Element(Kind.CARD, box, style=style),
                padding=(24, 24, 24, 24),
                gap=8,
                children=(
                    text(Kind.HEADING, f"Plan {i + 1}", Box(box.x + 24, 160, 120, 32), 24, 32, weight=700),
                    text(
                        Kind.PARAGRAPH,
                        "Everything to start.",
                        Box(box.x + 24, 200, 200, 24),
                        16,
                        24,
                        colour=MUTED,
                    ),
                ),
            )
        )
    row = Node(box=Box(32, 136, 1216, 120), direction="row", gap=24, children=tuple(cards))
    lead = text(Kind.PARAGRAPH, "Pick a plan", Box(32, 88, 200, 24), 16, 24, colour=INDIGO)
    title = text(Kind.HEADING, "Pricing", Box(32, 32, 200, 40), 32, 40, weight=700, level=1)
    return Node(box=Box(0, 0, 1280, 288), padding=(32, 32, 32, 32), gap=16, children=(title, lead, row))


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize("target", list(Target))
def test_the_tokenised_page_renders_exactly_like_the_literal_one(renderer: Renderer, target: Target) -> None:
    # Nothing to merge or snap: tokenising may change the code only, not one pixel.
    tree = on_the_scale_tree()
    literal = emit(tree, target, title="Pricing", tokens=False)
    themed = emit(tree, target, title="Pricing")
    assert ("var(--color-primary)" if target is Target.HTML_CSS else "text-primary") in themed
    before = renderer.render_code(literal, target, width=1280)
    after = renderer.render_code(themed, target, width=1280)
    assert before.status == after.status == "rendered", (before.message, after.message)
    first, second = _pixels(before.png), _pixels(after.png)
    assert first.shape == second.shape
    assert int(np.abs(first - second).max()) == 0
    # Not a blank page that would match anything: the design's colours are drawn.
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 10


MODEL_REACT = """export default function App() {
  return (
    <main className="min-h-screen bg-[#f8fafc] p-8 text-[#0f172a]">
      <h1 className="text-3xl font-bold">Pricing</h1>
      <p className={`mt-2 ${true ? 'text-[#64748b]' : ''}`}>Pick a plan</p>
      <a className="mt-4 inline-block rounded bg-[#4F46E5] px-4 py-2 text-[#fff] hover:bg-[#4338ca]">Start</a>
      <div className="mt-6 h-24 border-4 border-[#e2e8f0]/50 bg-[#ffffff]" />
    </main>
  );
}
"""
MODEL_HTML_TAILWIND = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pricing</title></head>
<body class="bg-[#f8fafc] p-8 text-[#0f172a]">
  <h1 class="text-3xl font-bold">Pricing</h1>
  <p class='mt-2 text-[#64748b]'>Pick a plan</p>
  <a class="mt-4 inline-block rounded bg-[#4F46E5] px-4 py-2 text-[#fff]">Start</a>
  <div class="mt-6 h-24 border-4 border-[#e2e8f0]/50 bg-[#ffffff]"></div>
</body></html>
"""


@pytest.mark.parametrize(
    ("target", "code"),
    [(Target.REACT_TAILWIND, MODEL_REACT), (Target.HTML_TAILWIND, MODEL_HTML_TAILWIND)],
    ids=["react-tailwind", "html-tailwind"],
)
def test_a_model_answer_brought_into_theme_shape_renders_exactly_as_written(
    renderer: Renderer, target: Target, code: str
) -> None:
    themed, note = in_theme_shape(code, target)
    assert "colours" in note and "bg-[#" not in themed.split("@theme")[-1].split("}", 1)[-1]
    before = renderer.render_code(code, target, width=1280)
    after = renderer.render_code(themed, target, width=1280)
    assert before.status == after.status == "rendered", (before.message, after.message)
    first, second = _pixels(before.png), _pixels(after.png)
    assert first.shape == second.shape and int(np.abs(first - second).max()) == 0
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 5  # the colours are drawn
