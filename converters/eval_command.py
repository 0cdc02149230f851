"""``handoff eval``: the command-line face of ``converters.evaluation`` (progress bar, Ctrl-C)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from tqdm import tqdm

from converters.conversion import Grounding
from converters.evaluation import DatasetItem, EvalOptions, ItemResult, read_id_list, run_eval
from converters.intake.kinds import DESIGN_KINDS
from converters.settings import MAX_REVISE_ROUNDS, Settings
from converters.strategies import MAX_VARIANTS, STRATEGY_LABELS
from converters.targets import Target


def add_eval_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``eval`` on the ``handoff`` parser."""
    parser = commands.add_parser(
        "eval",
        help="score an engine (or existing outputs) on a dataset",
        description="Convert every input of a dataset's manifest.jsonl (or those chosen with --ids or "
        "--ids-file), score it against the ground truth, and write one JSON per item plus summary.json "
        "and summary.md to --out. Run the same command again to resume.",
    )
    parser.add_argument("--dataset", "-d", type=Path, required=True, help="folder with a manifest.jsonl")
    parser.add_argument("--out", "-o", type=Path, required=True, help="folder for results (resumable)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--engine", "-e", help="engine that converts each input (offline, kimi, ...)")
    source.add_argument(
        "--candidates", type=Path, help="score existing {id}.html/.jsx/.tsx files instead of converting"
    )
    parser.add_argument(
        "--target",
        "-t",
        default=Target.HTML_CSS.value,
        choices=[t.value for t in Target],
        help="target to convert to (default html-css); for --candidates, how .html files are run",
    )
    parser.add_argument("--model", "-m", help="model id (default: the engine's)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument(
        "--ids", type=_id_list, metavar="ID,ID,...", help="only these items (manifest ids, comma-separated)"
    )
    chosen.add_argument(
        "--ids-file",
        type=Path,
        metavar="PATH",
        help="only the items listed in PATH (one id a line; blank lines and # comments ignored)",
    )
    parser.add_argument(
        "--limit", "-n", type=int, metavar="N", help="only the first N items (after --ids or --ids-file)"
    )
    parser.add_argument(
        "--skip-missing",
        action="store_true",
        help="with --candidates: skip items that have no file there (default: stop before scoring)",
    )
    add_strategy_arguments(parser)
    add_kind_argument(parser)
    parser.add_argument("--workers", "-w", type=int, default=1, help="items in parallel (default 1)")
    parser.add_argument("--no-baselines", action="store_true", help="skip the calibration baselines")
    parser.set_defaults(run=run_eval_command)


DRAFT_OFFLINE = "offline"
"""``--draft offline``: the one draft there is today, the offline engine's code."""


def add_kind_argument(parser: argparse.ArgumentParser) -> None:
    """``--kind``: what the designs are, for the offline engine (``convert`` and ``eval``)."""
    parser.add_argument(
        "--kind",
        choices=DESIGN_KINDS,
        help="what the design is: a photo of a hand-drawn sketch, a digital wireframe or a "
        "screenshot/mockup (default: automatic, the offline engine tells them apart; model "
        "engines ignore it)",
    )


def add_strategy_arguments(parser: argparse.ArgumentParser) -> None:
    """How a model engine is asked: ``--grounding`` and ``--draft`` (``convert`` and ``eval``)."""
    parser.add_argument(
        "--grounding",
        choices=[mode.value for mode in Grounding],
        help="how much of the offline engine's reading a model gets: its text lines, or those and "
        "the regions (convert: HANDOFF_GROUNDING, else layout; eval: off; the offline engine "
        "ignores it)",
    )
    parser.add_argument(
        "--draft",
        choices=[DRAFT_OFFLINE],
        help="give a model the offline engine's code as a draft to improve",
    )
    parser.add_argument(
        "--revise",
        type=_rounds,
        default=0,
        metavar="N",
        help=f"rounds of check and revise after a model's answer, 0-{MAX_REVISE_ROUNDS} (default 0; "
        "HANDOFF_MAX_COST_USD caps the cost)",
    )
    parser.add_argument(
        "--agent",
        action="store_true",
        help="give the model a check_render tool it may call --revise times (one at least) before it "
        "answers, instead of revising by follow-up turns (endpoints with tool calls: Kimi K2.5)",
    )
    parser.add_argument(
        "--variants",
        type=_variants,
        default=1,
        metavar="N",
        help=f"convert with the first N of these strategies at once, score each and keep the best: "
        f"{', '.join(label.lower() for label in STRATEGY_LABELS.values())} (1-{MAX_VARIANTS}; "
        "default 1: one conversion as --grounding and --draft say; --revise applies to each, the "
        "agent gets that many checks)",
    )


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    ids: tuple[str, ...] | None = args.ids
    if args.ids_file is not None:
        ids = read_id_list(args.ids_file)
    options = EvalOptions(
        dataset=args.dataset,
        out=args.out,
        target=Target(args.target),
        engine=args.engine,
        model=args.model,
        candidates=args.candidates,
        limit=args.limit,
        ids=ids,
        skip_missing=args.skip_missing,
        workers=args.workers,
        baselines=not args.no_baselines,
        # Unlike a conversion, an evaluation asks plainly unless told: a run measures one strategy.
        grounding=Grounding(args.grounding or Grounding.OFF.value),
        draft=args.draft == DRAFT_OFFLINE,
        revise=args.revise,
        variants=args.variants,
        agent=args.agent,
        kind=args.kind,
    )
    stop = threading.Event()
    bar: tqdm[Any] | None = None

    def on_plan(total: int, to_do: int) -> None:
        nonlocal bar
        bar = tqdm(total=total, initial=total - to_do, unit="item", file=sys.stderr, dynamic_ncols=True)

    def on_item(item: DatasetItem, result: ItemResult) -> None:
        if bar is not None:
            bar.set_postfix_str(f"{item.id} {result.status}", refresh=False)
            bar.update(1)

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\nhandoff: stopping after the items in progress (Ctrl-C again to quit now)", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        summary = run_eval(options, settings, progress=on_item, on_plan=on_plan, stop=stop)
    except KeyboardInterrupt:
        print(f"handoff: interrupted; run the same command to resume from {args.out}", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
        if bar is not None:
            bar.close()
    means = summary["means"]
    shown = ", ".join(f"{k} {v:.3f}" for k, v in means.items() if v is not None)
    skipped = summary["skipped"]
    left_out = f", {len(skipped)} skipped (no candidate file: {', '.join(skipped)})" if skipped else ""
    print(f"{summary['count']} items, {summary['failed']} failed{left_out}; {shown}", file=sys.stderr)
    for width, block in (summary.get("by_width") or {}).items():
        at = ", ".join(f"{k} {v:.3f}" for k, v in block["means"].items() if v is not None)
        print(f"  at {width} px: {block['count'] - block['failed']} scored; {at}", file=sys.stderr)
    print(args.out / "summary.md")
    return 0


def _rounds(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_REVISE_ROUNDS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {MAX_REVISE_ROUNDS}")
    return int(text)


def _variants(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_VARIANTS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to {MAX_VARIANTS}")
    return int(text)


def _id_list(text: str) -> tuple[str, ...]:
    """``--ids``: comma-separated item ids, each once, in the order given."""
    ids = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not ids:
        raise argparse.ArgumentTypeError(f"{text!r} names no ids")
    return ids
