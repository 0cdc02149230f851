"""The fidelity scores on real renders behave as the Design2Code definitions promise (issue 5, item 3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from converters.evaluation.baselines import empty_page, unstyled_page
from converters.fidelity.report import Reference, reference_from_html, score_candidate
from converters.render import Renderer
from converters.targets import Target

pytestmark = pytest.mark.e2e

# A fixed page height, so deleting a paragraph changes no other block's normalised area.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Studio</title>
<style>
  html, body { margin: 0; height: 1400px; font: 18px/1.5 sans-serif; background: #f8fafc; }
  header { background: #1e3a8a; color: #ffffff; padding: 24px 48px; display: flex; gap: 32px; }
  header a { color: #fde68a; }
  main { display: grid; grid-template-columns: 2fr 1fr; gap: 40px; padding: 48px; }
  h1 { color: #b91c1c; font-size: 40px; margin: 0 0 16px; }
  .lead { color: #065f46; }
  .card { background: #fff; border: 1px solid #cbd5e1; border-radius: 12px; padding: 24px; color: #7c2d12; }
  footer { position: absolute; top: 1300px; left: 48px; color: #6b21a8; }
</style></head>
<body>
  <header><strong>Northwind Studio</strong><a href="#">Work</a><a href="#">About</a></header>
  <main>
    <section>
      <h1>We design calm software</h1>
      <p class="lead">Small teams, careful interfaces, and code that stays readable for years.</p>
      <p id="drop">Our process starts with the people who will use the product every day, then moves to
      sketches, prototypes and finally production code that we hand over with documentation.</p>
    </section>
    <aside class="card">Booking now for spring projects. Write to hello@example.com today.</aside>
  </main>
  <footer>Made in Lisbon</footer>
</body></html>
"""


@pytest.fixture(scope="module")
def renderer(chromium_path: str) -> Iterator[Renderer]:
    with Renderer(chromium_path=chromium_path) as renderer:
        yield renderer


@pytest.fixture(scope="module")
def reference(renderer: Renderer, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    path = tmp_path_factory.mktemp("page") / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return reference_from_html(renderer, path)


def test_the_reference_against_itself_scores_one_on_every_score(
    renderer: Renderer, reference: Reference
) -> None:
    report = score_candidate(renderer, reference, PAGE, Target.HTML_CSS)
    scores = report.scores()
    for key in ("block", "text", "position", "color", "visual"):
        assert scores[key] == pytest.approx(1.0, abs=0.005), key
    assert not report.blocks.missing and not report.blocks.extra
    assert scores["tree_bleu"] == pytest.approx(1.0)


def test_an_empty_page_scores_zero_block_match(renderer: Renderer, reference: Reference) -> None:
    report = score_candidate(renderer, reference, empty_page(), Target.HTML_CSS)
    assert report.blocks.block == 0.0
    assert len(report.blocks.missing) == len(reference.blocks)


def test_removing_the_styles_keeps_text_but_loses_position_and_color(
    renderer: Renderer, reference: Reference
) -> None:
    report = score_candidate(renderer, reference, unstyled_page(PAGE), Target.HTML_CSS)
    assert report.blocks.text >= 0.95
    assert report.blocks.position <= 0.9
    assert report.blocks.color <= 0.9
    assert report.visual < 0.99  # the header bar and the card are gone


def test_deleting_a_paragraph_loses_block_match_by_its_area_share(
    renderer: Renderer, reference: Reference
) -> None:
    dropped = next(b for b in reference.blocks if b.text.startswith("Our process"))
    total = sum(b.width * b.height for b in reference.blocks)
    area = dropped.width * dropped.height
    # Block-Match counts both pages: the paragraph's share of all text area on the two of them.
    share = area / (total + total - area)
    start = PAGE.index('<p id="drop">')
    without = PAGE[:start] + PAGE[PAGE.index("</p>", start) + 4 :]
    report = score_candidate(renderer, reference, without, Target.HTML_CSS)
    assert share > 0.05
    assert 1.0 - report.blocks.block == pytest.approx(share, abs=0.02)
    assert report.blocks.text == pytest.approx(1.0, abs=0.01)


def test_a_text_dump_is_caught_by_the_code_quality_scores(renderer: Renderer, reference: Reference) -> None:
    lines = "".join(
        f'<div style="position:absolute;left:{b.x:.0f}px;top:{b.y:.0f}px;white-space:nowrap">{b.text}</div>'
        for b in reference.blocks
    )
    report = score_candidate(
        renderer, reference, f"<!DOCTYPE html><html><body>{lines}</body></html>", Target.HTML_CSS
    )
    assert report.blocks.block > 0.8
    assert report.quality.absolute_share > 0.9
    assert report.quality.reflow is False
    assert report.quality.semantics.score == 0.0
    assert report.quality.tree_bleu is not None and report.quality.tree_bleu < 0.3


def test_the_real_page_passes_reflow_and_semantics_where_it_is_sound(
    renderer: Renderer, reference: Reference
) -> None:
    report = score_candidate(renderer, reference, PAGE, Target.HTML_CSS)
    checks = report.quality.reflow_checks
    assert [c.width for c in checks] == [768, 375]
    assert report.quality.absolute_share < 0.1  # the one footer


def test_reflow_flags_overflow_overlap_and_clipping(renderer: Renderer, reference: Reference) -> None:
    wide = "<html><body><div style='width:1100px'>A fixed-width block of text</div></body></html>"
    # One line each at 1280 px; narrower, the first wraps into the second / past its box.
    sentence = (
        "A sentence of some hundred and thirty characters, which fits on one line only when the page "
        "is as wide as a desktop."
    )
    overlap = (
        "<html><body style='font:16px/24px sans-serif'><div style='position:relative'>"
        f"<p style='position:absolute;top:0;margin:0'>{sentence}</p>"
        f"<p style='position:absolute;top:30px;margin:0'>{sentence}</p>"
        "</div></body></html>"
    )
    clipped = (
        "<html><body style='font:16px/24px sans-serif'>"
        f"<div style='height:24px;overflow:hidden'>{sentence}</div></body></html>"
    )
    results = {}
    for name, code in (("wide", wide), ("overlap", overlap), ("clipped", clipped)):
        results[name] = score_candidate(renderer, reference, code, Target.HTML_CSS).quality.reflow_checks
    assert all(c.overflow_px > 300 for c in results["wide"])
    assert all(c.overlaps > 0 for c in results["overlap"])
    assert all(c.clipped > 0 for c in results["clipped"])
    assert not any(c.passed for checks in results.values() for c in checks)
    # What the full-width page already does on purpose is not held against it.
    assert all(
        c.overlaps_at_full == 0 and c.clipped_at_full == 0 for c in results["overlap"] + results["clipped"]
    )


def test_overlap_and_clipping_already_in_the_full_page_are_not_reflow_failures(
    renderer: Renderer, reference: Reference
) -> None:
    ticker = (
        "<html><body style='font:16px/24px sans-serif'>"
        "<div style='height:24px;overflow:hidden'>" + "Breaking news, more news. " * 200 + "</div>"
        "<p>Short</p></body></html>"
    )
    checks = score_candidate(renderer, reference, ticker, Target.HTML_CSS).quality.reflow_checks
    assert all(c.clipped_at_full == 1 and c.clipped == 1 and c.passed for c in checks)
