"""Text, Block, Position and Color of the offline engine's code from Figma node trees built out of
rendered development pages, and its conversion time.

    .venv/bin/python benchmarks/figma_tree_bench.py [--limit N] [--pages ID,ID] [--eval-dir DIR]

Each Design2Code development page (``../shared/eval/design2code/NNN.html``) is rendered in
Chromium at 1280 px with the dataset's fonts.conf, and its DOM walked into a Figma frame as the
REST API would return it: every visible element a ``FRAME`` (background colour as a SOLID fill,
border as strokes, corner radius; no auto-layout: the DOM's flow is not Figma's), each run of
text a ``TEXT`` node (exact characters, font family/size/weight, line height, colour, alignment,
text case), images ``RECTANGLE``s with an IMAGE fill. ``offline.figma.read_figma`` converts it and
the HTML + CSS is scored against the page's own render with the project's scorer
(``fidelity.scores.score_blocks``, Design2Code's block scores). The converter's time is the node
tree to code; rendering and the DOM walk are not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from converters.errors import RenderError
from converters.fidelity.scores import score_blocks
from converters.offline.figma import read_figma
from converters.offline.reading import write_code
from converters.render import CHROMIUM_ARGS, Renderer
from converters.targets import Target

WIDTH = 1280
CHROMIUM = os.environ.get("HANDOFF_CHROMIUM", "/usr/bin/chromium")
WALK_JS = (Path(__file__).parent / "figma_dom_walk.js").read_text(encoding="utf-8")
"""The DOM walk: a JavaScript function run in the rendered page, returning the frame's node as the
REST API's ``nodes[ID].document`` holds it."""


def _frames(folder: Path, ids: list[str], fonts: Path | None) -> dict[str, dict[str, Any]]:
    env = {**os.environ, **({"FONTCONFIG_FILE": str(fonts)} if fonts else {})}
    found: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), env=env)
        page = browser.new_page(viewport={"width": WIDTH, "height": 800})
        for page_id in ids:
            page.goto((folder / f"{page_id}.html").resolve().as_uri(), wait_until="load")
            found[page_id] = page.evaluate(WALK_JS)
        browser.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--pages", default="")
    parser.add_argument(
        "--eval-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval"
    )
    args = parser.parse_args()
    folder = args.eval_dir / "design2code"
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines() if line]
    ids = args.pages.split(",") if args.pages else [str(row["id"]) for row in rows][: args.limit]
    fonts = folder / "fonts.conf" if (folder / "fonts.conf").is_file() else None
    frames = _frames(folder, ids, fonts)
    print(f"{len(ids)} pages of {folder}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}\n")
    print("| page | nodes | texts | Block | Text | Position | Color | convert ms |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    scores: list[tuple[float, float, float, float, float]] = []
    with Renderer(fontconfig_file=fonts) as renderer:
        for page_id in ids:
            document = frames[page_id]
            started = time.perf_counter()
            read = read_figma(document)
            code = write_code(read, Target.HTML_CSS, page_id)
            convert_ms = (time.perf_counter() - started) * 1000
            try:
                reference = renderer.render_html_file(folder / f"{page_id}.html")
                candidate = renderer.render_code(code, Target.HTML_CSS)
            except RenderError as exc:  # said in its row; the other pages still count
                print(f"| {page_id} | not scored: {exc} |")
                continue
            found = score_blocks(
                reference.blocks,
                (reference.width, reference.height),
                candidate.blocks,
                (candidate.width, candidate.height),
            )
            row = (found.block, found.text, found.position, found.color, convert_ms)
            scores.append(row)
            nodes = json.dumps(document).count('"type"')
            print(
                f"| {page_id} | {nodes} | {len(read.lines)} | {row[0]:.3f} | {row[1]:.3f} | {row[2]:.3f} | "
                f"{row[3]:.3f} | {convert_ms:.0f} |"
            )
    means = [statistics.mean(s[i] for s in scores) for i in range(4)]
    median_ms = statistics.median(s[4] for s in scores)
    print(
        f"| **mean** | | | {means[0]:.3f} | {means[1]:.3f} | {means[2]:.3f} | {means[3]:.3f} | "
        f"median {median_ms:.0f} |"
    )
    print("\nissue 17's figure for Figma fixtures built from the DOM: Text >= 0.99, Block >= 0.95")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
