"""Size and time of grounding a model in the design's reading, on a dataset's pages.

    .venv/bin/python benchmarks/grounding_bench.py [--dataset DIR] [--limit N]

Reads every input of a dataset's manifest (default ``../shared/eval/design2code``) as a model
engine does before it asks (``converters.engines.grounding.with_reading``), after one warm-up read
that loads the OCR models, and prints the facts' estimated tokens per page for text and layout
grounding (median, p90, max; how many pages were trimmed to ``MAX_GROUNDING_TOKENS``) beside the
image's own estimated tokens, and the seconds the reading adds (median, max). Run it on a quiet
machine: the header gives the load average.
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

from converters.conversion import ConversionRequest, Grounding
from converters.engines.grounding import MAX_GROUNDING_TOKENS, design_facts, estimate_tokens, with_reading
from converters.intake import load_design
from converters.offline.reading import css_image, read_design
from converters.targets import Target

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = rows[: args.limit] if args.limit else rows
    designs = [
        load_design((args.dataset / str(row["input"])).read_bytes(), str(row["input"])) for row in rows
    ]
    with_reading(ConversionRequest(designs[0], Target.HTML_CSS, grounding=Grounding.TEXT))  # loads the OCR

    text_tokens: list[int] = []
    layout_tokens: list[int] = []
    image_tokens: list[int] = []
    seconds: list[float] = []
    trimmed = 0
    for design in designs:
        started = time.perf_counter()
        read = read_design(css_image(design.image_view()))
        layout, left_out = design_facts(read, Grounding.LAYOUT)
        seconds.append(time.perf_counter() - started)
        text, _ = design_facts(read, Grounding.TEXT)
        layout_tokens.append(estimate_tokens(layout))
        text_tokens.append(estimate_tokens(text))
        image_tokens.append(design.model_tokens)
        trimmed += bool(left_out)

    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Grounding benchmark: {len(designs)} pages of {args.dataset.name}, nproc {os.cpu_count()}, "
        f"load {load}; tokens estimated at 4 characters a token, budget {MAX_GROUNDING_TOKENS:,}.\n"
    )
    print("| facts | median tokens | p90 | max | pages trimmed |")
    print("|---|---:|---:|---:|---:|")
    for name, values, cut in (("text", text_tokens, "-"), ("layout", layout_tokens, f"{trimmed}")):
        print(f"| {name} | {_median(values):,} | {_p90(values):,} | {max(values):,} | {cut} |")
    print(f"| (the image) | {_median(image_tokens):,} | {_p90(image_tokens):,} | {max(image_tokens):,} | |")
    print(
        f"\nReading the design before asking: median {statistics.median(seconds):.1f} s, "
        f"max {max(seconds):.1f} s per page."
    )
    return 0


def _median(values: list[int]) -> int:
    return round(statistics.median(values))


def _p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


if __name__ == "__main__":
    raise SystemExit(main())
