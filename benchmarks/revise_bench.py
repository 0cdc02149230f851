"""Time, cost and gain of one round of check and revise, with scripted replies and the real scorer.

    .venv/bin/python benchmarks/revise_bench.py [--dataset DIR] [--limit N] [--score-only]

For each of the first N pages of a dataset with reference HTML (default
``../shared/eval/design2code``, N = 8) the fake OpenAI server answers twice, streamed at a
realistic pace (``CHUNK_CHARS`` characters every ``CHUNK_DELAY_S``): first the reference page with
every third text node blanked (a model that left out a third of the text), then the reference page
itself (a revision that restores it). ``converters.revise.RevisingConverter`` runs one round with
the app's fidelity scorer, warm (the browser and OCR are loaded on a first page that is not
counted). Printed: per round, the model's seconds and the render-and-score seconds (median, p90,
max, and the slowest page with its size), the combined fidelity before and after, and the
round's tokens and cost at the fake server's usage. The gain says what the loop does with a
revision that is better; what a real model's revision gains is not measured here
(``handoff eval --engine kimi --revise 1`` measures it).

``--score-only`` leaves the model out: the two replies go straight to the scorer, as the loop
hands them over (``design_scorer``: the app's ``FidelityService``, the design's OCR reference
made on the first), and the second's render-and-score is timed. A whole dataset then takes a few
minutes (``--limit 0``: every page; the OCR of each design is most of it). The load average is
printed at the start and the end: a busy 2-core machine shifts every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.conversion import ConversionRequest
from converters.engines.openai_compatible import EndpointConfig, OpenAICompatibleEngine
from converters.fidelity.service import FidelityService
from converters.intake import load_design
from converters.revise import RevisingConverter, design_scorer
from converters.settings import Secret
from converters.targets import Target
from tests.builders import conversion
from tests.fakes.openai_server import FakeOpenAIServer, Reply

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"
CHUNK_CHARS = 16  # about 4 tokens a chunk, as Kimi K2.5 streams
CHUNK_DELAY_S = 0.004  # about 1,000 tokens a second: a fast hosted model
TEXT_NODE = re.compile(r">([^<>]*[A-Za-z][^<>]*)<")


def blank_every_third_text(page: str) -> str:
    """``page`` with every third text node emptied (the tags stay)."""
    count = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "><" if count % 3 == 0 else match.group(0)

    return TEXT_NODE.sub(blank, page)


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _p90(values: list[float]) -> float:
    """The 90th percentile, nearest rank."""
    ranked = sorted(values)
    return ranked[max(0, -(-len(ranked) * 9 // 10) - 1)]


def _score_only(rows: list[dict[str, object]], dataset: Path) -> list[tuple[str, str, float]]:
    """Per page after the first: (id, the design's size, seconds to render and score the revision)."""
    timed: list[tuple[str, str, float]] = []
    service = FidelityService()
    try:
        for number, row in enumerate(rows):
            path = dataset / str(row["input"])
            design = load_design(path.read_bytes(), path.name)
            reference = (dataset / str(row["reference_html"])).read_text(encoding="utf-8")
            score = design_scorer(service, design)
            score(conversion(blank_every_third_text(reference), Target.HTML_CSS))
            started = time.perf_counter()
            score(conversion(reference, Target.HTML_CSS))
            seconds = time.perf_counter() - started
            if number > 0:  # the first page loads the browser and the OCR
                timed.append((str(row["id"]), f"{design.width} x {design.height}", seconds))
    finally:
        service.close()
    return timed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=8, help="pages after the warm-up one (0: all)")
    parser.add_argument("--score-only", action="store_true", help="no model: time the scorer alone")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = [row for row in rows if row.get("reference_html")]
    rows = rows[: args.limit + 1] if args.limit > 0 else rows
    load_at_start = _load()
    if args.score_only:
        timed = _score_only(rows, args.dataset)
        print(
            f"Render and score of the revision: {len(timed)} pages of {args.dataset.name} (after one "
            f"warm-up), no model; nproc {os.cpu_count()}, load {load_at_start} at the start, "
            f"{_load()} at the end.\n"
        )
        _print_score_table([seconds for _, _, seconds in timed], timed)
        return 0

    model_s: list[float] = []
    score_s: list[float] = []
    before: list[float] = []
    after: list[float] = []
    costs: list[float] = []
    pages: list[tuple[str, str, float]] = []
    service = FidelityService()
    try:
        with FakeOpenAIServer(models=("kimi-k2.5",)) as server:
            config = EndpointConfig(
                engine="kimi",
                label="Kimi",
                base_url=server.base_url,
                model="kimi-k2.5",
                api_key=Secret("bench"),
                key_hint="",
            )
            for number, row in enumerate(rows):
                path = args.dataset / str(row["input"])
                design = load_design(path.read_bytes(), path.name)
                reference = (args.dataset / str(row["reference_html"])).read_text(encoding="utf-8")
                server.script(
                    Reply(
                        content=f"```html\n{blank_every_third_text(reference)}\n```",
                        chunk_chars=CHUNK_CHARS,
                        chunk_delay_s=CHUNK_DELAY_S,
                    ),
                    Reply(
                        content=f"```html\n{reference}\n```",
                        chunk_chars=CHUNK_CHARS,
                        chunk_delay_s=CHUNK_DELAY_S,
                    ),
                )
                engine = RevisingConverter(
                    OpenAICompatibleEngine(config, needs_key=True), design_scorer(service, design), rounds=1
                )
                result = engine.convert(ConversionRequest(design, Target.HTML_CSS))
                engine.close()
                if number == 0 or not result.checks or result.checks[0].score_after is None:
                    continue  # the first page loads the browser and the OCR
                check = result.checks[0]
                model_s.append(check.model_s)
                score_s.append(check.score_s)
                pages.append((str(row["id"]), f"{design.width} x {design.height}", check.score_s))
                before.append(check.score_before)
                after.append(check.score_after)
                costs.append(check.cost_usd or 0.0)
    finally:
        service.close()

    print(
        f"Check and revise benchmark: {len(model_s)} pages of {args.dataset.name} (after one warm-up), "
        f"nproc {os.cpu_count()}, load {load_at_start} at the start, {_load()} at the end; replies "
        f"streamed {CHUNK_CHARS} characters every {CHUNK_DELAY_S * 1000:.0f} ms.\n"
    )
    print("| one round | median | p90 | max |\n|---|---:|---:|---:|")
    print(
        f"| model (the revision's reply) | {statistics.median(model_s):.2f} s | {_p90(model_s):.2f} s "
        f"| {max(model_s):.2f} s |"
    )
    print(
        f"| render and score | {statistics.median(score_s):.2f} s | {_p90(score_s):.2f} s "
        f"| {max(score_s):.2f} s |"
    )
    print(
        f"| cost at the fake server's usage | ${statistics.median(costs):.4f} | ${_p90(costs):.4f} "
        f"| ${max(costs):.4f} |"
    )
    page, size, seconds = max(pages, key=lambda item: item[2])
    print(f"\nSlowest render and score: page {page} ({size} px), {seconds:.2f} s.")
    gains = [b - a for a, b in zip(before, after, strict=True)]
    print(
        f"Combined fidelity: {statistics.mean(before):.3f} before, {statistics.mean(after):.3f} after "
        f"(mean gain {statistics.mean(gains):+.3f}, smallest {min(gains):+.3f})."
    )
    return 0


def _print_score_table(seconds: list[float], pages: list[tuple[str, str, float]]) -> None:
    print("| render and score | median | p90 | max | over 3 s |\n|---|---:|---:|---:|---:|")
    over = sum(value > 3.0 for value in seconds)
    print(
        f"| the revision | {statistics.median(seconds):.2f} s | {_p90(seconds):.2f} s | "
        f"{max(seconds):.2f} s | {over} of {len(seconds)} |"
    )
    slowest = sorted(pages, key=lambda item: -item[2])[:5]
    print("\nSlowest: " + ", ".join(f"{page} ({size} px) {value:.2f} s" for page, size, value in slowest))


if __name__ == "__main__":
    raise SystemExit(main())
