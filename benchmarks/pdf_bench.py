"""Design2Code pages as PDFs a browser printed, converted offline from the file's text layer.

    .venv/bin/python benchmarks/pdf_bench.py [--dataset DIR] [--limit N] [--target T] [--out DIR]
        [--png-run DIR]

Prints every page of the dataset (default ``../shared/eval/design2code``) to a one-page PDF with
Chromium through Playwright, as a user's "Save as PDF" would (screen media, a 1280 px wide page as
tall as the content, backgrounds on, no margins; the dataset's ``fonts.conf`` as for its
screenshots, no network), laid out as the screenshot the references are scored on shows it
(``SCREEN_LAYOUT_JS``: print lays a page out again with the paper as its viewport, so lengths in
viewport units are pinned to their px at the 1280 x 720 viewport and fixed or sticky boxes to
where the screen showed them; nothing else of the page is touched), into a temporary folder
(``--out`` keeps it; never the repository) with a manifest whose references are copies of the
pages. It then runs ``handoff eval --engine
offline`` on that manifest and on the dataset's own PNG screenshots (``--png-run`` reuses a run
of those) and prints Block, Text, Position, Color, Visual and the median conversion time side by
side, with the load average. Targets (issue 17): from the PDF, Text >= 0.99 and Block >= 0.95,
Position and Color no lower than from the PNG, conversion median under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Route, sync_playwright

from converters.engines import register_builtin
from converters.evaluation import EvalOptions, run_eval
from converters.evaluation.dataset import Dataset
from converters.fidelity.vocabulary import BLOCK, COLOR, POSITION, TEXT, VISUAL
from converters.render.browser import CHROMIUM_ARGS
from converters.settings import Settings
from converters.targets import Target

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"
PAGE_WIDTH: Final = 1280
"""CSS px: the width the dataset's screenshots were taken at."""
VIEWPORT_HEIGHT: Final = 720
"""CSS px: the screenshots' viewport (``vh`` units)."""
SCORES: Final = (BLOCK, TEXT, POSITION, COLOR, VISUAL)

SCREEN_LAYOUT_JS: Final = r"""
() => {
  // Printing lays the page out again with the paper as its viewport: a page as tall as the
  // content makes 100vh that tall, and fixed elements sit on the paper's edges. The references
  // are scored on a 1280 x 720 screenshot, so pin what depends on the viewport to what the screen
  // showed: lengths in viewport units to their screen px, fixed and sticky boxes where they were.
  const VIEWPORT_UNIT = /(^|[^a-z-])[sld]?v(h|min|max|b)\b/i;
  const pins = [];
  const visit = (rules) => {
    for (const rule of rules) {
      if (rule.style && rule.selectorText) {
        const props = [...rule.style].filter((p) => VIEWPORT_UNIT.test(rule.style.getPropertyValue(p)));
        if (props.length) {
          let found = [];
          try { found = document.querySelectorAll(rule.selectorText); } catch (e) {}  // ::before
          for (const el of found) for (const p of props) pins.push([el, p]);
        }
      }
      if (rule.cssRules) visit(rule.cssRules);  // @media, @supports, nesting
    }
  };
  for (const sheet of document.styleSheets) { try { visit(sheet.cssRules); } catch (e) {} }
  for (const el of document.querySelectorAll("[style]")) {
    for (const p of el.style) if (VIEWPORT_UNIT.test(el.style.getPropertyValue(p))) pins.push([el, p]);
  }
  const values = pins.map(([el, p]) => getComputedStyle(el).getPropertyValue(p));
  pins.forEach(([el, p], i) => el.style.setProperty(p, values[i], "important"));

  const placed = [...document.querySelectorAll("body *")].filter((el) => {
    const position = getComputedStyle(el).position;
    return (position === "fixed" || position === "sticky") && el.getClientRects().length > 0;
  });
  const boxes = placed.map((el) => [el.getBoundingClientRect(), el.offsetWidth, el.offsetHeight]);
  const set = (el, p, v) => el.style.setProperty(p, v, "important");
  placed.forEach((el, i) => {
    const [, width, height] = boxes[i];
    const fixed = getComputedStyle(el).position === "fixed";
    set(el, "position", fixed ? "absolute" : "relative");
    for (const side of ["top", "left"]) set(el, side, "0px");
    for (const side of ["bottom", "right"]) set(el, side, "auto");
    if (fixed) {
      set(el, "width", width + "px");
      set(el, "height", height + "px");
      set(el, "box-sizing", "border-box");
    }
  });
  placed.forEach((el, i) => {  // in document order: an outer box is in place before its inner ones
    const [want] = boxes[i];
    const now = el.getBoundingClientRect();
    set(el, "top", (want.top - now.top) + "px");
    set(el, "left", (want.left - now.left) + "px");
  });
  return [pins.length, placed.length];
}
"""
"""Run on the page at the screenshots' viewport before printing (see ``_print``)."""


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def print_pdfs(dataset: Dataset, folder: Path, limit: int | None) -> None:
    """``folder``: one PDF per page, copies of the references and a manifest naming them."""
    items = dataset.items[:limit] if limit else dataset.items
    env = dict(os.environ)
    if dataset.fontconfig is not None:
        env["FONTCONFIG_FILE"] = str(dataset.fontconfig)
    inputs = {item.input.name for item in dataset.items}
    for path in dataset.root.iterdir():  # the pages with what they load (pictures, fonts.conf)
        if path.is_file() and path.name not in inputs and path.name != "manifest.jsonl":
            shutil.copy(path, folder / path.name)
    lines = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium"),
            args=list(CHROMIUM_ARGS),
            env=env,  # type: ignore[arg-type]
        )
        try:
            for item in items:
                assert item.reference_html is not None
                reference = folder / item.reference_html.name
                pdf = folder / f"{item.id}.pdf"
                if not pdf.exists():
                    _print(browser, reference, pdf)
                lines.append(
                    {
                        "id": item.id,
                        "category": item.category,
                        "input": pdf.name,
                        "reference_html": reference.name,
                    }
                )
        finally:
            browser.close()
    (folder / "manifest.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )


def _print(browser: Any, reference: Path, pdf: Path) -> None:
    page = browser.new_page(viewport={"width": PAGE_WIDTH, "height": VIEWPORT_HEIGHT})
    try:

        def local_only(route: Route) -> None:  # the dataset's pages ask for web fonts: never fetched
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", local_only)
        page.goto(reference.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="screen")
        # The screenshot's height: fixed boxes made absolute could reach below it, as they are
        # painted beyond the screenshot's bottom edge too.
        height = int(page.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        page.evaluate(SCREEN_LAYOUT_JS)
        page.pdf(
            path=str(pdf),
            width=f"{PAGE_WIDTH}px",
            height=f"{max(height, 1)}px",
            print_background=True,
            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
            page_ranges="1",
        )
    finally:
        page.close()


def evaluate(dataset: Path, out: Path, target: Target, limit: int | None) -> dict[str, Any]:
    options = EvalOptions(
        dataset=dataset, out=out, target=target, engine="offline", limit=limit, workers=1, baselines=False
    )
    return run_eval(options, Settings.from_env())


def _row(name: str, summary: dict[str, Any]) -> str:
    means = summary["means"]
    cells = [f"{means[score.key]:.3f}" if means.get(score.key) is not None else "-" for score in SCORES]
    latency = (summary.get("latency_s") or {}).get("p50")
    cells.append(f"{latency:.2f} s" if latency is not None else "-")
    return f"| {name} | {summary['count']} ({summary['failed']} failed) | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--target", default=Target.HTML_CSS.value, choices=[t.value for t in Target])
    parser.add_argument("--out", type=Path, default=None, help="keep the PDFs and runs here (resumable)")
    parser.add_argument("--png-run", type=Path, default=None, help="an eval run of the PNG inputs to reuse")
    args = parser.parse_args()
    register_builtin()  # as the ``handoff`` command does
    print(f"load at start: {_load()}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as scratch:
        root = args.out or Path(scratch)
        pdfs = root / "pdfs"
        pdfs.mkdir(parents=True, exist_ok=True)
        print_pdfs(Dataset.load(args.dataset), pdfs, args.limit)
        printed = time.perf_counter() - started
        from_pdf = evaluate(pdfs, root / "run-pdf", Target(args.target), args.limit)
        png_run = args.png_run or root / "run-png"
        from_png = evaluate(args.dataset, png_run, Target(args.target), args.limit)
    print(f"printed in {printed:.0f} s; all in {time.perf_counter() - started:.0f} s")
    print("| Input | Pages | " + " | ".join(score.label for score in SCORES) + " | Conversion p50 |")
    print("|---|---|" + "---|" * (len(SCORES) + 1))
    print(_row("PDF (Chromium print)", from_pdf))
    print(_row("PNG screenshot", from_png))
    print(f"load at end: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
