"""Detector-only scores: an ONNX sketch model's boxes against a dataset's labelled boxes.

Matching is the app's own (``converters.fidelity.layout.layout_scores``: per class, one-to-one,
IoU >= 0.5), boxes normalised by the photo's size. Prints the per-class table and macro F1 and the
median time per photo (decode, preprocessing, the net and post-processing).

    python -m training.sketch.evaluate --model converters/offline/sketch/model/sketch.onnx \\
        --data /work/shared/eval/sketches
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from PIL import Image

from converters.fidelity.layout import LabelledBox, LayoutScores, layout_scores, load_boxes
from converters.intake.kinds import SKETCH_CLASSES
from converters.offline.sketch.detector import SketchDetector
from training.sketch.data import boxes_path


def evaluate(model: Path, folder: Path, names: list[str] | None = None) -> tuple[LayoutScores, float]:
    """Pooled per-class scores over the folder's photos (or the named ones), median seconds per photo."""
    detector = SketchDetector(model, None)
    items = []
    seconds = []
    for path in sorted(folder.glob("*.jpg")):
        if names is not None and path.name not in names:
            continue
        truth = load_boxes(boxes_path(path))
        start = time.perf_counter()
        with Image.open(path) as image:
            image.load()
            found = detector.detect(image)
            width, height = image.size
        seconds.append(time.perf_counter() - start)
        predicted = [
            LabelledBox(b.label, b.box.x / width, b.box.y / height, b.box.w / width, b.box.h / height)
            for b in found
        ]
        items.append(layout_scores(truth, predicted))
    return LayoutScores.combine(items), statistics.median(seconds) if seconds else 0.0


def table(scores: LayoutScores) -> str:
    lines = [f"{'class':<12} {'boxes':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for label in SKETCH_CLASSES:
        s = scores.per_class[label]
        counts = f"{s.tp + s.fn:>5} {s.tp:>4} {s.fp:>4} {s.fn:>4}"
        lines.append(f"{label:<12} {counts} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    lines.append(f"macro F1 (IoU >= {scores.threshold}): {scores.macro_f1:.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    scores, median = evaluate(args.model, args.data)
    print(table(scores))
    print(f"median time per photo: {median * 1000:.0f} ms")


if __name__ == "__main__":
    main()
