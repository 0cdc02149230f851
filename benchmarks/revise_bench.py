"""Time, cost and gain of one round of check and revise, with scripted replies and the real scorer.

    .venv/bin/python benchmarks/revise_bench.py [--dataset DIR] [--limit N]

For each of the first N pages of a dataset with reference HTML (default
``../shared/eval/design2code``, N = 8) the fake OpenAI server answers twice, streamed at a
realistic pace (``CHUNK_CHARS`` characters every ``CHUNK_DELAY_S``): first the reference page with
every third text node blanked (a model that left out a third of the text), then the reference page
itself (a revision that restores it). ``converters.revise.RevisingConverter`` runs one round with
the app's fidelity scorer, warm (the browser and OCR are loaded on a first page that is not
counted). Printed: per round, the model's seconds and the render-and-score seconds (median, max),
the combined fidelity before and after, and the round's tokens and cost at the fake server's
usage. The gain says what the loop does with a revision that is better; what a real model's
revision gains is not measured here (``handoff eval --engine kimi --revise 1`` measures it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.conversion import ConversionRequest
from converters.engines.openai_compatible import EndpointConfig, OpenAICompatibleEngine
from converters.fidelity.service import FidelityService
from converters.intake import load_design
from converters.revise import RevisingConverter, design_scorer
from converters.settings import Secret
from converters.targets import Target
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=8)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = [row for row in rows if row.get("reference_html")][: args.limit + 1]
    model_s: list[float] = []
    score_s: list[float] = []
    before: list[float] = []
    after: list[float] = []
    costs: list[float] = []
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
                before.append(check.score_before)
                after.append(check.score_after)
                costs.append(check.cost_usd or 0.0)
    finally:
        service.close()

    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Check and revise benchmark: {len(model_s)} pages of {args.dataset.name} (after one warm-up), "
        f"nproc {os.cpu_count()}, load {load}; replies streamed {CHUNK_CHARS} characters every "
        f"{CHUNK_DELAY_S * 1000:.0f} ms.\n"
    )
    print("| one round | median | max |\n|---|---:|---:|")
    print(f"| model (the revision's reply) | {statistics.median(model_s):.2f} s | {max(model_s):.2f} s |")
    print(f"| render and score | {statistics.median(score_s):.2f} s | {max(score_s):.2f} s |")
    print(f"| cost at the fake server's usage | ${statistics.median(costs):.4f} | ${max(costs):.4f} |")
    gains = [b - a for a, b in zip(before, after, strict=True)]
    print(
        f"\nCombined fidelity: {statistics.mean(before):.3f} before, {statistics.mean(after):.3f} after "
        f"(mean gain {statistics.mean(gains):+.3f}, smallest {min(gains):+.3f})."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
