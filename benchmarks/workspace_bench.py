"""How far a designer scrolls before the result is in view, and what the workspace looks like.

    .venv/bin/python benchmarks/workspace_bench.py [--design PATH] [--out DIR]

Starts the real app (offline engine) on a free port of 127.0.0.1, and in Debian's Chromium at
1440 x 900 and 1280 x 720 uploads a design (default: Design2Code development page 4518's
screenshot from ``../shared/eval``, else a drawn page) and converts it. "Scroll" is how many
pixels the window must scroll before ``VISIBLE_PX`` of the live view (below its status line) and
then of the result's generated page is in view. Screenshots of both moments go to ``--out``
(default a temporary folder; the paths are printed) for a person to look at.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect, sync_playwright

from converters.render import CHROMIUM_ARGS
from tests.e2e.conftest import run_app

EVAL_DESIGN = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code" / "4518.png"
VIEWPORTS = ((1440, 900), (1280, 720))
VISIBLE_PX = 300
"""How much of the result's pane must show for a person to call it "in view"."""
TIMEOUT_MS = 180_000
PANE = ".hp-root"  # the generated page's pane (ui/preview_pane.js)
LIVE = 'button:has-text("Stop")'
"""The live view's first line (status and Stop); the code, stages or preview come right below it."""


def drawn_design(folder: Path) -> Path:
    image = Image.new("RGB", (1280, 1400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 90), fill="#1f2937")
    draw.text((40, 35), "Orchard", fill="white")
    for row in range(4):
        draw.text((80, 180 + row * 280), f"Section {row + 1}: fresh fruit, delivered daily", fill="black")
        draw.rectangle((80, 220 + row * 280, 1200, 400 + row * 280), outline="#9ca3af")
    path = folder / "design.png"
    image.save(path)
    return path


def scroll_needed(page: Page, selector: str) -> int:
    """Pixels the window must scroll for ``VISIBLE_PX`` of the last ``selector`` element (or all of
    it) to show."""
    panes = page.locator(selector)
    if not panes.count():
        return -1
    # The pane's top in the page, whatever scrolls it (Streamlit's main section, the window); it
    # sits in a component's shadow root, so walk up through hosts too.
    top, height = panes.last.evaluate(
        """(el) => {
            const rect = el.getBoundingClientRect();
            let top = rect.top + window.scrollY;
            for (let node = el.parentElement || el.getRootNode().host; node;
                 node = node.parentElement || (node.getRootNode && node.getRootNode().host)) {
                top += node.scrollTop || 0;
            }
            return [top, rect.height];
        }"""
    )
    viewport = page.viewport_size or {"height": 0}
    return max(0, round(top + min(VISIBLE_PX, height) - viewport["height"]))


def run(url: str, design: Path, size: tuple[int, int], out: Path, chromium: str) -> tuple[int, int]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.goto(url)
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(design)
            expect(page.get_by_role("button", name="Convert", exact=True)).to_be_enabled(timeout=TIMEOUT_MS)
            page.get_by_role("button", name="Convert", exact=True).click()
            expect(page.get_by_role("button", name="Stop")).to_be_visible(timeout=TIMEOUT_MS)
            page.wait_for_timeout(500)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            live = scroll_needed(page, LIVE)
            page.screenshot(path=out / f"live-{size[0]}x{size[1]}.png")
            expect(page.get_by_role("tab", name="Preview")).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.locator(f"{PANE} iframe").last).to_be_attached(timeout=TIMEOUT_MS)
            page.wait_for_timeout(1500)
            result = scroll_needed(page, PANE)
            page.screenshot(path=out / f"result-{size[0]}x{size[1]}.png")
            return live, result
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--design", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="workspace-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    design = args.design or (EVAL_DESIGN if EVAL_DESIGN.is_file() else drawn_design(out))
    chromium = os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium")
    env = {"HANDOFF_ENGINE": "offline", "HANDOFF_DATA_DIR": str(out / "data")}
    for name in ("MOONSHOT_API_KEY", "OPENAI_API_KEY"):
        env[name] = ""
    rows = []
    with run_app(out, env) as server:
        for size in VIEWPORTS:
            live, result = run(server.url, design, size, out, chromium)
            rows.append((size, live, result))
    print(f"design: {design}; screenshots in {out}\n")
    print("| window | scroll to see the live view (px) | scroll to see the result (px) |")
    print("|---|--:|--:|")
    for (width, height), live, result in rows:
        print(f"| {width} x {height} | {live:,} | {result:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
