"""The sketch build path alone: each photo of a sketch dataset converted with an ORACLE detector
(its labelled boxes), so the score measures what ``read_sketch`` and the emit make of perfect
detections, not the detector.

Usage::

    nice -n 10 .venv/bin/python benchmarks/sketch_oracle.py -d ../shared/eval/sketches-train --out DIR
    nice -n 10 .venv/bin/handoff eval -d ../shared/eval/sketches-train --candidates DIR \\
        -o RESULTS --no-baselines

Writes ``{id}.html`` (HTML + CSS) per manifest item into ``--out`` and prints a table: size,
widgets, widgets whose handwriting was read, and the seconds ``read_sketch`` took (OCR model
load included in the first). ``handoff eval --candidates`` then renders them at the drawing's
width and scores them per sketch class (macro F1 at IoU >= 0.5).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converters.evaluation.dataset import Dataset  # noqa: E402
from converters.intake import load_design  # noqa: E402
from converters.offline.model import Box  # noqa: E402
from converters.offline.reading import design_css_image, write_code  # noqa: E402
from converters.offline.sketch.build import read_sketch  # noqa: E402
from converters.offline.sketch.detector import SketchBox  # noqa: E402
from converters.targets import Target  # noqa: E402


def oracle(boxes_file: Path) -> Callable[[Image.Image], tuple[SketchBox, ...]]:
    """A detector that finds exactly the labelled boxes of ``boxes_file`` (normalised 0..1)."""
    data = json.loads(boxes_file.read_text(encoding="utf-8"))

    def detect(image: Image.Image) -> tuple[SketchBox, ...]:
        w, h = image.size
        return tuple(
            SketchBox(
                b["label"],
                Box(round(b["left"] * w), round(b["top"] * h), round(b["width"] * w), round(b["height"] * h)),
                1.0,
            )
            for b in data["boxes"]
        )

    return detect


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", "-d", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    dataset = Dataset.load(args.dataset)
    if dataset.kind != "sketches":
        print(f"{args.dataset} is not a sketch dataset", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    print(
        f"oracle build of {len(dataset.items)} sketches; "
        f"load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}\n"
    )
    print("| id | size | widgets | read | s |")
    print("|---|---|--:|--:|--:|")
    seconds: list[float] = []
    for item in dataset.items:
        assert item.boxes is not None
        design = load_design(item.input.read_bytes(), item.input.name)
        image = design_css_image(design)
        detect = oracle(item.boxes)
        started = time.perf_counter()
        read = read_sketch(image, detect)
        seconds.append(time.perf_counter() - started)
        (args.out / f"{item.id}.html").write_text(
            write_code(read, Target.HTML_CSS, design.source_name), encoding="utf-8"
        )
        print(
            f"| {item.id[:8]} | {image.width}x{image.height} | {len(detect(image))} "
            f"| {len(read.lines)} | {seconds[-1]:.2f} |"
        )
    print(f"\nmedian {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s; code in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
