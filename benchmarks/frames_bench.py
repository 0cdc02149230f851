"""Conversion time of a screen's frames against its desktop frame alone (issue 16: two frames in
at most twice the time of one), offline engine.

    .venv/bin/python benchmarks/frames_bench.py --dataset DIR [--limit N] [--target T]

``DIR`` is a frames dataset (``benchmarks/build_frames.py``). For each row, alternately, the
widest frame alone and all frames together are converted (the OCR models loaded first, once),
so both see the same load. Prints the medians, their ratio and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters import load_design
from converters.conversion import ConversionRequest, screen_frames
from converters.offline.engine import OfflineEngine
from converters.targets import Target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, required=True, help="a frames dataset's folder")
    parser.add_argument("--limit", type=int, default=10, help="rows to time (default 10)")
    parser.add_argument("--target", type=Target, default=Target.HTML_CSS)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = [row for row in rows if "frames" in row][: args.limit]
    engine = OfflineEngine()
    one: list[float] = []
    both: list[float] = []
    load_before = os.getloadavg()
    for index, row in enumerate(rows):
        designs = [load_design((args.dataset / f["input"]).read_bytes(), f["input"]) for f in row["frames"]]
        frames = screen_frames(designs, [f["width"] for f in row["frames"]])
        alone = ConversionRequest(design=frames[-1].design, target=args.target)
        joined = ConversionRequest(design=frames[-1].design, target=args.target, frames=frames)
        if index == 0:
            engine.convert(alone)  # loads the OCR models: not part of either time
        for request, times in ((alone, one), (joined, both)):
            started = time.perf_counter()
            engine.convert(request)
            times.append(time.perf_counter() - started)
        print(f"  {row['id']}: {one[-1]:.2f} s alone, {both[-1]:.2f} s with its frames", file=sys.stderr)
    ratio = statistics.median(b / a for a, b in zip(one, both, strict=True))
    print(f"\n## {len(rows)} screens, offline, {args.target.value}\n")
    print("| conversion | median s | p95 s |")
    print("|---|--:|--:|")
    for name, times in (("widest frame alone", one), ("all frames joined", both)):
        p95 = sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"| {name} | {statistics.median(times):.2f} | {p95:.2f} |")
    print(f"\nMedian ratio per screen: {ratio:.2f} (target <= 2). Load {load_before} -> {os.getloadavg()}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
