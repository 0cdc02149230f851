"""Scoring time of one page: render the reference and the candidate, extract, match, score.

    .venv/bin/python benchmarks/fidelity_bench.py [--page ID] [--repeats N] [--eval-dir DIR]

The page is a ~1280x1400 Design2Code development page (default 4518, 1390 px tall), rendered
with the dataset's fonts.conf as its screenshot was; the candidate is the reference HTML itself,
run through the preview runtime as generated code is (so every score should be ~1.0). Without
``../shared/eval`` a built-in page of the same size is used; the header line says which. Rows:

- reference render (page + text blocks + DOM facts), candidate render at 1280 px (+ text blocks
  + DOM facts) and the two reflow checks (768 and 375 px), block matching, visual score, quality;
- the total of the issue's figure (render both + extract + match, with and without the reflow
  checks), and the OCR reference the app uses for an uploaded image instead of a page.

Medians of ``--repeats`` runs after one warm-up; target: scoring < 3 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.evaluation.candidates import inline_assets
from converters.fidelity.quality import quality_scores
from converters.fidelity.report import REFLOW_WIDTHS, reference_from_image
from converters.fidelity.scores import score_blocks
from converters.fidelity.visual import visual_score
from converters.ocr import text_blocks
from converters.render import PageStructure, Renderer
from converters.targets import Target

_CARD = "<article><h2>Card {i}.{j}</h2><p>Some text for card {j}.</p></article>"
FALLBACK = (
    "<!DOCTYPE html><html><head><style>body{margin:0;font:18px/1.6 sans-serif}"
    "header{background:#1e293b;color:#fff;padding:24px}section{padding:32px;display:grid;"
    "grid-template-columns:repeat(3,1fr);gap:24px}article{border:1px solid #cbd5e1;padding:16px;"
    "height:260px}</style></head><body><header><h1>Benchmark page</h1></header>"
    + "".join(
        "<section>" + "".join(_CARD.format(i=i, j=j) for j in range(3)) + "</section>" for i in range(4)
    )
    + "</body></html>"
)


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--page", default="4518")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--eval-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval"
    )
    args = parser.parse_args()

    folder = args.eval_dir / "design2code"
    page = folder / f"{args.page}.html"
    fonts: Path | None = None
    if page.is_file():
        source, code = f"design2code/{args.page}", page.read_text(errors="replace")
        code = inline_assets(code, folder)
        fonts = folder / "fonts.conf" if (folder / "fonts.conf").is_file() else None
    else:
        source, code = "built-in page", FALLBACK
        page = Path(tempfile.mkdtemp()) / "page.html"
        page.write_text(FALLBACK)

    rows: dict[str, list[float]] = {}
    header = ""
    with Renderer(fontconfig_file=fonts) as renderer:
        for run in range(args.repeats + 1):
            timings, header = _one_run(renderer, page, code, source)
            if run == 0:
                continue  # warm-up
            for name, value in timings.items():
                rows.setdefault(name, []).append(value * 1000)

    load = os.getloadavg()
    print(f"{header}\n")
    print(f"machine: {os.cpu_count()} cores, load {load[0]:.2f}/{load[1]:.2f}; medians of {args.repeats}\n")
    print("| step | median ms | min ms | max ms |\n|---|--:|--:|--:|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):,.0f} | {min(values):,.0f} | {max(values):,.0f} |")
    total = statistics.median(rows[SCORING])
    print(f"\ntarget: scoring under 3,000 ms: {'PASS' if total < 3000 else 'FAIL'} ({total:,.0f} ms)")
    return 0


SCORING = "**scoring: renders + extract + match + visual**"


def _one_run(renderer: Renderer, page: Path, code: str, source: str) -> tuple[dict[str, float], str]:
    t_ref, reference = _timed(lambda: renderer.render_html_file(page, structure=True))
    t_cand, candidate = _timed(lambda: renderer.render_code(code, Target.HTML_CSS, structure=True))
    t_reflow, reflowed = _timed(
        lambda: renderer.render_code(code, Target.HTML_CSS, structure=True, reflow=REFLOW_WIDTHS)
    )
    ref_size, cand_size = (reference.width, reference.height), (candidate.width, candidate.height)
    t_match, blocks = _timed(lambda: score_blocks(reference.blocks, ref_size, candidate.blocks, cand_size))
    t_visual, visual = _timed(
        lambda: visual_score(reference.png, reference.blocks, candidate.png, candidate.blocks)
    )
    structure = reflowed.structure or PageStructure((), ())
    t_quality, quality = _timed(lambda: quality_scores(structure, reference.structure))
    with Image.open(io.BytesIO(reference.png)) as opened:
        image = opened.convert("RGB")
    t_ocr, _ = _timed(lambda: reference_from_image(image, blocks=text_blocks(image)))
    elements = len(reference.structure.elements) if reference.structure else 0
    header = (
        f"{source}: {reference.width}x{reference.height} px, {len(reference.blocks)} text blocks, "
        f"{elements} elements; scores block {blocks.block:.3f} text {blocks.text:.3f} "
        f"position {blocks.position:.3f} color {blocks.color:.3f} visual {visual:.3f} reflow {quality.reflow}"
    )
    timings = {
        "reference render + blocks + DOM": t_ref,
        "candidate render + blocks + DOM": t_cand,
        "reflow checks (768, 375 px)": t_reflow - t_cand,
        "block matching": t_match,
        "visual score": t_visual,
        "quality scores": t_quality,
        SCORING: t_ref + t_cand + t_match + t_visual,
        "**... with the reflow checks and quality**": t_ref + t_reflow + t_match + t_visual + t_quality,
        "OCR reference of the screenshot (app path)": t_ocr,
    }
    return timings, header


if __name__ == "__main__":
    raise SystemExit(main())
