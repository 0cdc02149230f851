"""Agreement of Handoff's Block, Text, Position and Color with the original Design2Code code.

    .venv/bin/python benchmarks/conformance_bench.py [--eval-dir DIR] [--ids a,b] [--worst N]

Scores every pair of ``DIR/conformance/expected.jsonl`` (default ``../shared/eval`` beside the
repository) with the renderer (the dataset's ``fonts.conf``, as the expected scores were made) and
``score_blocks``, and prints per score our mean, the original's mean, the mean absolute
difference and Pearson's r; then the ``--worst`` pairs by their largest difference, and the
median and largest time to render and score one pair. See ``converters/evaluation/conformance.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.evaluation.conformance import SCORE_NAMES, agreement, load_pairs, score_pair, table
from converters.render import Renderer

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--ids", default="", help="comma-separated pair ids (default: all)")
    parser.add_argument("--worst", type=int, default=8, help="how many of the largest differences to list")
    args = parser.parse_args()
    folder = args.eval_dir / "conformance"
    pairs = load_pairs(folder)
    if args.ids:
        wanted = set(args.ids.split(","))
        pairs = tuple(p for p in pairs if p.id in wanted)
    fonts = args.eval_dir / "design2code" / "fonts.conf"
    results = []
    with Renderer(fontconfig_file=fonts if fonts.is_file() else None) as renderer:
        for pair in pairs:
            results.append(score_pair(renderer, pair))
    print(f"{len(results)} pairs of {folder}\n")
    print(table(agreement(results)))
    print("\n| id | kind | " + " | ".join(f"{n} ours / original" for n in SCORE_NAMES) + " |")
    print("|---|---|" + "--:|" * len(SCORE_NAMES))
    worst = sorted(results, key=lambda r: -max(abs(r.ours[n] - r.pair.expected[n]) for n in SCORE_NAMES))[
        : args.worst
    ]
    for r in worst:
        cells = " | ".join(f"{r.ours[n]:.3f} / {r.pair.expected[n]:.3f}" for n in SCORE_NAMES)
        print(f"| {r.pair.id} | {r.pair.kind} | {cells} |")
    totals = [r.render_s + r.score_s for r in results]
    scoring = [r.score_s for r in results]
    print(
        f"\nper pair (render both + score): median {statistics.median(totals):.2f} s, "
        f"max {max(totals):.2f} s; matching and scores alone: median {statistics.median(scoring):.3f} s, "
        f"max {max(scoring):.3f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
