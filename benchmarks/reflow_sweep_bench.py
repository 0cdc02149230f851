"""The reflow sweep: what it costs, and which pages fail at which widths.

    .venv/bin/python benchmarks/reflow_sweep_bench.py --candidates DIR [--ids ID,ID] [--limit N]
        [--target html-css] [--width 1280] [--cost N]

``--candidates``: a folder of candidate pages named ``{id}.html`` (or ``.jsx``), such as the
``candidates/`` folder ``handoff eval`` writes. Each is loaded ``--width`` px wide (the design
width; 1280 for the Design2Code pages) and checked at every width of ``sweep_widths()`` (320 to
1440 px by 32), rendered with ``../shared/eval/design2code/fonts.conf`` when it exists. Printed:

- a cost table over the first ``--cost`` pages (default 5): the eval's render with the two
  reflow checks of today (768 and 375 px), the same render with no reflow check, and the sweep
  alone (one page loaded, resized 36 times, no screenshot): medians, and the sweep per width;
- per page, the widths that fail and what fails there; then how many pages fail at 768/375
  (today's check, with the squeezed-text count) and at any width of the sweep, and which widths
  fail most often.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.fidelity.report import REFLOW_WIDTHS
from converters.fidelity.sweep import ReflowSweep, sweep_reflow, sweep_widths
from converters.render import Renderer
from converters.targets import Target

FONTS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code" / "fonts.conf"


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _pages(folder: Path, ids: list[str] | None, limit: int | None) -> list[tuple[str, Path]]:
    files = sorted(path for path in folder.iterdir() if path.suffix in (".html", ".jsx", ".tsx"))
    chosen = [(path.stem, path) for path in files if ids is None or path.stem in ids]
    return chosen[:limit] if limit else chosen


def _target(path: Path, html_as: Target) -> Target:
    return html_as if path.suffix == ".html" else Target.REACT_TAILWIND


def cost(renderer: Renderer, pages: list[tuple[str, Path]], width: int, html_as: Target) -> None:
    rows: dict[str, list[float]] = {"render + 768/375": [], "render, no reflow": [], "sweep (36 widths)": []}
    for _, path in pages:
        code, target = path.read_text(), _target(path, html_as)
        steps: dict[str, Callable[[], Any]] = {
            "render + 768/375": lambda c=code, t=target: renderer.render_code(
                c, t, width=width, structure=True, reflow=REFLOW_WIDTHS
            ),
            "render, no reflow": lambda c=code, t=target: renderer.render_code(
                c, t, width=width, structure=True
            ),
            "sweep (36 widths)": lambda c=code, t=target: sweep_reflow(renderer, c, t, width=width),
        }
        for name, step in steps.items():
            rows[name].append(_timed(step)[0])
    widths = len(sweep_widths())
    print(f"\nCost on {len(pages)} page(s), loaded {width} px wide (seconds, median [min-max]):\n")
    print("| step | median | min | max |\n|---|---|---|---|")
    for name, times in rows.items():
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |")
    per_width = statistics.median(rows["sweep (36 widths)"]) / widths
    two = statistics.median(rows["render + 768/375"]) - statistics.median(rows["render, no reflow"])
    print(f"| sweep, per width | {per_width:.3f} | | |")
    print(f"| today's two checks within the render | {two:.2f} | | |")


def failures(renderer: Renderer, pages: list[tuple[str, Path]], width: int, html_as: Target) -> None:
    today = set(REFLOW_WIDTHS)
    widths = tuple(sorted(set(sweep_widths()) | today))
    failing: Counter[int] = Counter()
    at_today = at_any = 0
    print(f"\nPages loaded {width} px wide, checked at {len(widths)} widths (320-1440 by 32, and 375):\n")
    print("| page | failing widths | first failure |\n|---|---|---|")
    for page_id, path in pages:
        try:
            sweep: ReflowSweep = sweep_reflow(
                renderer, path.read_text(), _target(path, html_as), width=width, widths=widths
            )
        except Exception as exc:  # noqa: BLE001 -- a benchmark reports a page it cannot render and goes on
            print(f"| {page_id} | not rendered: {exc} | |")
            continue
        failing.update(sweep.failing)
        at_today += bool(today & set(sweep.failing))
        at_any += not sweep.passed
        if not sweep.passed:
            print(f"| {page_id} | {_ranges(sweep.failing)} | {sweep.problems()[0]} |")
    print(f"\n{len(pages)} pages: {at_today} fail at 768 or 375 px, {at_any} at some width of the sweep.")
    common = ", ".join(
        f"{w} px ({n})" for w, n in sorted(failing.items(), key=lambda item: (-item[1], item[0]))[:8]
    )
    print(f"Widths failing most often: {common or 'none'}")


def _ranges(widths: tuple[int, ...]) -> str:
    """``(320, 352, 384, 768)`` as ``320-384, 768``."""
    parts: list[list[int]] = []
    for width in widths:
        if parts and width - parts[-1][-1] <= 32:
            parts[-1].append(width)
        else:
            parts.append([width])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--candidates", type=Path, required=True)
    parser.add_argument("--ids", help="only these pages (comma-separated stems)")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--target", default=Target.HTML_CSS.value, choices=[t.value for t in Target])
    parser.add_argument("--width", type=int, default=1280, help="the design width pages load at")
    parser.add_argument("--cost", type=int, default=5, help="pages timed for the cost table (0: none)")
    args = parser.parse_args()
    pages = _pages(args.candidates, args.ids.split(",") if args.ids else None, args.limit)
    html_as = Target(args.target)
    with Renderer(fontconfig_file=FONTS if FONTS.is_file() else None) as renderer:
        if args.cost:
            cost(renderer, pages[: args.cost], args.width, html_as)
        failures(renderer, pages, args.width, html_as)
    return 0


if __name__ == "__main__":
    sys.exit(main())
