"""Conversion time and memory of the offline engine, split into OCR and the rest.

    .venv/bin/python benchmarks/offline_bench.py [--dataset DIR] [--limit N] [--target T]

Converts every input of a dataset's manifest (default ``../shared/eval/design2code``) once,
after one warm-up conversion that loads the OCR models (model load excluded, as the issue asks),
and prints median/p95/max seconds per page for OCR, computer vision, classify + layout + emit,
and the whole conversion, plus the process's peak RSS (``VmHWM``). Run it on a quiet machine:
the header gives the load average.
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

from converters.intake import load_design
from converters.offline.classify import classify
from converters.offline.detect import detect
from converters.offline.emit import emit
from converters.offline.layout import build_tree
from converters.targets import Target

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--target", default=Target.HTML_CSS.value, choices=[t.value for t in Target])
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = rows[: args.limit] if args.limit else rows
    target = Target(args.target)

    def convert(row: dict[str, object]) -> tuple[float, float, float, float]:
        path = args.dataset / str(row["input"])
        image = load_design(path.read_bytes(), path.name).image_view()
        if image.width > 1600:
            image = image.resize((image.width // 2, image.height // 2))
        started = time.perf_counter()
        detection = detect(image)
        classified = classify(detection)
        tree = build_tree(classified.elements, detection.width, detection.height)
        emit(tree, target, page_background=detection.background)
        total = time.perf_counter() - started
        return detection.ocr_s, detection.vision_s, total - detection.ocr_s - detection.vision_s, total

    convert(rows[0])  # loads the models
    times = [convert(row) for row in rows]
    load = os.getloadavg()
    print(
        f"{len(rows)} inputs of {args.dataset}, target {target.value}; {os.cpu_count()} cores, "
        f"load {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}\n"
    )
    print("| stage | median s | p95 s | max s |\n|---|--:|--:|--:|")
    for index, name in enumerate(("OCR", "computer vision", "classify + layout + emit", "**conversion**")):
        values = sorted(t[index] for t in times)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"| {name} | {statistics.median(values):.2f} | {p95:.2f} | {values[-1]:.2f} |")
    print(f"\npeak RSS {_peak_rss_mb():.0f} MB; target: median conversion < 3 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
