"""Frame pairs from the development pages: each reference page drawn at 1280 and at 390 px (issue 16).

    .venv/bin/python benchmarks/build_frames.py [--dataset DIR] [--out DIR] [--limit N]

Renders every page of a page dataset (default ``../shared/eval/design2code``) the way the scores
render references (``converters.render.Renderer``: Chromium, every request outside the page's
own folder blocked, the dataset's ``fonts.conf``), full page, at each of ``WIDTHS``, and keeps the
pages whose reference HTML already reflows cleanly at the narrowest width (``reflow_problem``):
a page that overflows or cuts its text at 390 px is no mobile frame a designer would draw.

Writes to ``--out`` (default: a new temporary folder, kept and printed; never the repository):
``{id}.{width}.png`` per frame, copies of the pages with what they load and ``fonts.conf``, and a
``manifest.jsonl`` whose rows give ``frames`` (``{"input", "width"}``, narrowest first) and
``reference_html``, which ``handoff eval --dataset OUT`` reads (it scores a candidate at each
frame's width against the page rendered at that width). Prints how many pages qualify, why the
others do not, the time taken and the load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Final

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.evaluation.dataset import Dataset
from converters.render import ReflowCheck, Renderer

EVAL: Final = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"
DESKTOP_WIDTH: Final = 1280
"""CSS px: the width the development pages' screenshots were taken at (their own input)."""
MOBILE_WIDTH: Final = 390
"""CSS px: a current phone's viewport (iPhone 12 to 15), the mobile frame's width."""
WIDTHS: Final = (MOBILE_WIDTH, DESKTOP_WIDTH)
"""The frames drawn of each page, narrowest first (as a manifest row lists them)."""
OVERFLOW_TOLERANCE_PX: Final = 1.0
"""Horizontal overflow allowed at the narrow width: sub-pixel rounding of ``scrollWidth``, as
``ReflowCheck.passed`` allows; a page reaching further past the viewport scrolls sideways."""


def reflow_problem(check: ReflowCheck) -> str:
    """Why a page does not reflow cleanly at ``check.width`` (empty when it does): the rule that
    picks the pages whose reference is a fair mobile frame. It must not reach past the viewport
    (``OVERFLOW_TOLERANCE_PX``), nor cut off text that was whole at full width (an
    ``overflow: hidden`` box too narrow for its words). Overlapping text is reported, not
    ruled out: the check also counts lines that touch in tight line-heights, which a designer's
    frame has too."""
    if check.overflow_px > OVERFLOW_TOLERANCE_PX:
        return "overflow"
    if check.clipped > check.clipped_at_full:
        return "clipped text"
    return ""


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def build(dataset: Dataset, out: Path, limit: int | None) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Render the frames into ``out`` and write its manifest; the rows kept and the reasons the
    other pages were left out (with ``"overlapping text (kept)"`` counting kept pages that have
    some)."""
    if dataset.kind != "pages":
        raise SystemExit(f"{dataset.root} is not a page dataset (its rows need 'reference_html').")
    inputs = {item.input.name for item in dataset.items}
    for path in dataset.root.iterdir():  # the pages with what they load (pictures, fonts.conf)
        if path.is_file() and path.name not in inputs and path.name != "manifest.jsonl":
            shutil.copy(path, out / path.name)
    rows: list[dict[str, Any]] = []
    reasons: Counter[str] = Counter()
    items = dataset.items[:limit] if limit else dataset.items
    with Renderer(fontconfig_file=dataset.fontconfig) as renderer:
        for item in items:
            assert item.reference_html is not None
            page = out / item.reference_html.name
            desktop = renderer.render_html_file(page, width=DESKTOP_WIDTH, reflow=(MOBILE_WIDTH,))
            assert desktop.structure is not None
            check = desktop.structure.reflow[0]
            problem = reflow_problem(check)
            if problem:
                reasons[problem] += 1
                continue
            if check.overlaps > check.overlaps_at_full:
                reasons["overlapping text (kept)"] += 1
            mobile = renderer.render_html_file(page, width=MOBILE_WIDTH)
            frames = []
            for width, rendering in ((MOBILE_WIDTH, mobile), (DESKTOP_WIDTH, desktop)):
                name = f"{item.id}.{width}.png"
                (out / name).write_bytes(rendering.png)
                frames.append({"input": name, "width": width})
            rows.append(
                {
                    "id": item.id,
                    "category": item.category,
                    "frames": frames,
                    "reference_html": page.name,
                    "heights": [mobile.height, desktop.height],
                    "overlaps_at_mobile": check.overlaps - check.overlaps_at_full,
                }
            )
    (out / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return rows, reasons


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL, help="a page dataset (manifest.jsonl)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the frames dataset (not the repo)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args()
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="handoff-frames-"))
    if Path(__file__).resolve().parents[1] in out.resolve().parents:
        raise SystemExit(f"--out {out} is inside the repository: rendered pages are never committed.")
    out.mkdir(parents=True, exist_ok=True)
    dataset = Dataset.load(args.dataset)
    print(f"load at start: {_load()}")
    started = time.perf_counter()
    rows, reasons = build(dataset, out, args.limit)
    pages = min(len(dataset.items), args.limit or len(dataset.items))
    print(f"built in {time.perf_counter() - started:.0f} s: {out}")
    print("| Pages | Reflow cleanly at 390 (kept) | Overflow | Clipped text | Kept with overlapping text |")
    print("|---|---|---|---|---|")
    print(
        f"| {pages} | {len(rows)} | {reasons['overflow']} | {reasons['clipped text']} | "
        f"{reasons['overlapping text (kept)']} |"
    )
    print(f"load at end: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
