"""Accessibility of the reference pages and of the offline engine's output, check by check.

    .venv/bin/python benchmarks/a11y_bench.py [--dataset DIR] [--limit N] [--target T] [--out DIR]

Runs ``handoff eval --engine offline --no-baselines`` on the dataset (default
``../shared/eval/design2code``, all items; ``--limit N`` the first N), which renders every
reference page and every converted page with its accessibility report, and prints from its
``summary.json`` the mean share of checks passed (``A11yReport.share``) and, per check, the pages
that failed it out of those it applied to and the failing elements, for the references and for
our output side by side (the table of the run's ``summary.md``). ``--out`` keeps the run
(resumable: a second call only prints); without
it a temporary folder is used. The header gives the load average (the renders take a few seconds
a page).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.engines import register_builtin
from converters.evaluation import EvalOptions, run_eval
from converters.evaluation.summary import a11y_table
from converters.settings import Settings
from converters.targets import Target

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--target", default=Target.HTML_CSS.value, choices=[t.value for t in Target])
    parser.add_argument("--out", type=Path, default=None, help="keep the eval run here (resumable)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    register_builtin()  # as the ``handoff`` command does
    print(f"load at start: {_load()}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="a11y-bench-") as scratch:
        options = EvalOptions(
            dataset=args.dataset,
            out=args.out or Path(scratch),
            target=Target(args.target),
            engine="offline",
            limit=args.limit,
            workers=args.workers,
            baselines=False,
        )
        summary = run_eval(options, Settings.from_env())
    print(f"{summary['count']} items ({summary['failed']} failed), {time.perf_counter() - started:.0f} s")
    print("\n".join(a11y_table(summary)))
    print(f"load at end: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
