"""``handoff eval``: measure an engine (or existing outputs) on a dataset, with baselines.

``run_eval`` reads the dataset's manifest, makes and scores each item's candidate (resuming an
interrupted run in the same ``out`` folder), scores the calibration baselines alongside, and
writes ``summary.json`` and ``summary.md``. See ``harness`` for the folder layout, ``summary``
for the figures, ``baselines`` for what the baselines are.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from converters.conversion import Grounding, strategy_name
from converters.engines import EngineOverrides, engine_infos
from converters.errors import EvalError
from converters.evaluation.candidates import (
    BaselineSource,
    CandidateSource,
    DirectorySource,
    EngineSource,
    baseline_sources,
)
from converters.evaluation.dataset import Dataset, DatasetItem, read_id_list
from converters.evaluation.harness import Progress, RunSpec, plan, prepare_out, run_jobs, select_items
from converters.evaluation.results import ItemResult, read_result, write_json, write_text
from converters.evaluation.summary import render_markdown, summarise
from converters.intake.kinds import DesignKind
from converters.settings import Settings
from converters.targets import Target

__all__ = ["Dataset", "DatasetItem", "EvalOptions", "ItemResult", "read_id_list", "run_eval"]


@dataclass(frozen=True)
class EvalOptions:
    """One ``handoff eval`` invocation. Exactly one of ``engine`` and ``candidates`` is set.

    ``ids`` chooses items by id (``None``: all), then ``limit`` keeps the first of those.
    ``skip_missing`` (only with ``candidates``) skips items that have no file there; without it,
    such items stop the run before anything is scored.
    """

    dataset: Path
    out: Path
    target: Target = Target.HTML_CSS
    engine: str | None = None
    model: str | None = None
    candidates: Path | None = None
    limit: int | None = None
    ids: tuple[str, ...] | None = None
    skip_missing: bool = False
    workers: int = 1
    baselines: bool = True
    grounding: Grounding = Grounding.OFF
    draft: bool = False
    revise: int = 0
    variants: int = 1
    agent: bool = False
    kind: DesignKind | None = None
    """The kind every input is read as (``ConversionRequest.kind``); ``None``: each one's own guess."""


def run_eval(
    options: EvalOptions,
    settings: Settings,
    *,
    progress: Progress | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Run (or resume) an evaluation and return the summary it wrote.

    ``on_plan(total, to_do)`` is called once the remaining work is known (for a progress bar).
    Raises ``EvalError`` for a bad dataset, options or output folder, ``EngineError`` for an engine
    that cannot start, ``RenderError`` if the browser breaks.
    """
    if (options.engine is None) == (options.candidates is None):
        raise EvalError("Give either --engine (convert each input) or --candidates DIR (score files).")
    if options.skip_missing and options.candidates is None:
        raise EvalError("--skip-missing applies only to --candidates DIR (an engine makes every item).")
    dataset = Dataset.load(options.dataset)
    items = select_items(dataset, options.limit, options.ids)
    skipped: tuple[str, ...] = ()
    main: CandidateSource
    if options.candidates is not None:
        files = DirectorySource(options.candidates.resolve(), options.target)
        skipped = files.missing(items, skip=options.skip_missing)  # raised before anything is scored
        left_out = set(skipped)
        items = tuple(item for item in items if item.id not in left_out)
        main = files
        spec = RunSpec(str(dataset.root), f"files:{options.candidates.resolve()}", options.target.value, "")
    else:
        assert options.engine is not None
        local = options.engine in {info.name for info in engine_infos() if info.local}
        if local and (options.variants > 1 or options.agent):
            raise EvalError(
                f"--variants and --agent ask a model in several ways; the {options.engine} engine is "
                "not a model. Choose --engine kimi or openai-compatible."
            )
        overrides = EngineOverrides(model=options.model)
        main = EngineSource(
            settings,
            options.engine,
            options.target,
            overrides,
            grounding=options.grounding,
            draft=options.draft,
            revise=options.revise,
            variants=options.variants,
            agent=options.agent,
            kind=options.kind,
        )
        strategy = "" if local else strategy_name(options.grounding, options.draft)
        if strategy and options.variants > 1:
            strategy = f"best of {options.variants} variants"
        elif strategy and options.agent:
            strategy += f" + agent ({max(1, options.revise)} checks)"
        if strategy and options.revise and not options.agent:
            strategy += f" + revise {options.revise}"
        if options.kind is not None:  # another reading: not the same run as one that guessed
            strategy = " + ".join(part for part in (strategy, f"read as {options.kind}") if part)
        spec = RunSpec(
            str(dataset.root), options.engine, options.target.value, options.model or "", strategy=strategy
        )
    try:
        prepare_out(options.out, spec)
        baselines: tuple[BaselineSource, ...] = baseline_sources(dataset.kind) if options.baselines else ()
        jobs = plan(items, options.out, main, baselines)
        if on_plan is not None:
            on_plan(len(items), sum(any(p.parent.name == "items" for _, p in job.sources) for job in jobs))
        run_jobs(dataset, jobs, options.out, settings, workers=options.workers, progress=progress, stop=stop)
    finally:
        if isinstance(main, EngineSource):
            main.close()
    if stop is not None and stop.is_set():
        raise KeyboardInterrupt
    return write_summary(options.out, dataset, items, spec, [b.name for b in baselines], skipped=skipped)


def write_summary(
    out: Path,
    dataset: Dataset,
    items: tuple[DatasetItem, ...],
    spec: RunSpec,
    baseline_names: list[str],
    *,
    skipped: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Summarise the stored results of ``items`` into ``summary.json`` and ``summary.md``;
    ``skipped`` are the ids left out for want of a candidate file."""

    def collect(folder: Path, source: str) -> list[ItemResult]:
        found = []
        for item in items:
            result = read_result(folder / f"{item.id}.json")
            found.append(
                result
                or ItemResult(item.id, item.category, source, "failed", error="No result (run interrupted).")
            )
        return found

    results = collect(out / "items", spec.source)
    baselines = {name: collect(out / "baselines" / name, name) for name in baseline_names}
    header = {
        "dataset": spec.dataset,
        "kind": dataset.kind,
        "source": spec.source,
        "target": spec.target,
        "model": spec.model,
        "skipped": list(skipped),
    }
    if spec.strategy:
        header["strategy"] = spec.strategy
    summary = summarise(results, baselines, header)
    write_json(out / "summary.json", summary)
    write_text(out / "summary.md", render_markdown(summary))
    return summary
