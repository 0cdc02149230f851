"""Conversion time and peak memory of the offline engine on photos of sketches.

Usage::

    .venv/bin/python benchmarks/sketch_bench.py [--dataset DIR] [--limit N] [--target T]

Converts every photo of ``--dataset`` (default ``../shared/eval/sketches``, the report split)
in one process, one after another. The first conversion loads the models (OCR, sketch
detector) and is reported on its own; the others give the median and p95 conversion time, as
the issue measures it ("model load excluded"). Memory: the process's peak resident size
(``ru_maxrss``) before the first conversion, after it (models loaded) and at the end, and the
largest growth of the peak during one conversion. Prints the machine's load with the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converters.conversion import ConversionRequest  # noqa: E402
from converters.errors import EvalError  # noqa: E402
from converters.evaluation.dataset import Dataset  # noqa: E402
from converters.intake import load_design  # noqa: E402
from converters.offline.engine import OfflineEngine  # noqa: E402
from converters.targets import Target  # noqa: E402

KIB_PER_MIB = 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "sketches")
    parser.add_argument("--limit", type=int, default=0, help="only the first N photos (0: all)")
    parser.add_argument("--target", default=Target.HTML_CSS.value, choices=[t.value for t in Target])
    args = parser.parse_args()
    try:
        rows = [item.input for item in Dataset.load(args.dataset).items]
    except EvalError as error:
        print(error, file=sys.stderr)
        return 2
    if args.limit:
        rows = rows[: args.limit]
    if len(rows) < 2:
        print("need at least two photos: the first only loads the models", file=sys.stderr)
        return 2
    target = Target(args.target)
    engine = OfflineEngine()
    load_before = os.getloadavg()
    peak_start = _peak_mib()
    seconds: list[float] = []
    notes: Counter[str] = Counter()
    growth = 0.0
    first = 0.0
    for index, path in enumerate(rows):
        design = load_design(path.read_bytes(), path.name)
        before = _peak_mib()
        started = time.perf_counter()
        conversion = engine.convert(ConversionRequest(design=design, target=target))
        took = time.perf_counter() - started
        notes.update(conversion.notes)
        if index == 0:
            first = took
            peak_loaded = _peak_mib()
            continue
        seconds.append(took)
        growth = max(growth, _peak_mib() - before)
    load_after = os.getloadavg()
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(
        f"offline engine, {len(rows)} photos of {args.dataset.name}, target {target.value}; "
        f"load {load_before[0]:.1f} -> {load_after[0]:.1f}\n"
    )
    print(
        "| first (models load) s | median s | p95 s | max s "
        "| peak RSS: start / models loaded / end MiB | most peak growth in one conversion MiB |"
    )
    print("|--:|--:|--:|--:|--:|--:|")
    print(
        f"| {first:.2f} | {statistics.median(seconds):.2f} | {p95:.2f} | {seconds[-1]:.2f} "
        f"| {peak_start:.0f} / {peak_loaded:.0f} / {_peak_mib():.0f} | {growth:.0f} |"
    )
    print("\nHow the photos were read:")
    for note, count in notes.most_common():
        print(f"- {count} x {note}")
    return 0


def _peak_mib() -> float:
    """The process's peak resident size so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


if __name__ == "__main__":
    raise SystemExit(main())
