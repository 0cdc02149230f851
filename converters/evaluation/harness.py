"""The evaluation run: convert (or read) each item's candidate, score it, store it, resume later.

Layout of ``--out``:

- ``run.json``: what the run is (dataset, source, target, model); a later run into the same folder
  must be the same run, so it resumes instead of mixing results;
- ``items/{id}.json``: the candidate's ``ItemResult``; ``candidates/{id}.html|.jsx``: its code, so
  the run can be re-scored with ``--candidates``;
- ``baselines/{name}/{id}.json``: the calibration baselines' results;
- ``summary.json`` and ``summary.md``: written at the end (see ``converters.evaluation.summary``).

Every candidate is rendered with its accessibility report (``details["a11y"]``, its share in
``scores["a11y"]``), and a reference page with its own (``details["reference_a11y"]``). An item
with frames is scored at each frame's width (``converters.evaluation.frames``).

An item whose result file says ``ok`` is not redone; a failed or missing one is. Items run on
``workers`` threads, each with its own Chromium (``Renderer``) and engine.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from converters.errors import EvalError, HandoffError
from converters.evaluation.candidates import Candidate, CandidateSource, ItemContext
from converters.evaluation.dataset import Dataset, DatasetItem
from converters.evaluation.frames import score_frames
from converters.evaluation.results import ItemResult, read_result, write_json, write_text
from converters.fidelity.layout import elements_to_boxes, layout_scores, load_boxes
from converters.fidelity.quality import quality_scores
from converters.fidelity.report import REFLOW_WIDTHS, design_css_width, score_rendering
from converters.fidelity.vocabulary import A11Y, ABSOLUTE_SHARE, REFLOW, SCORE_KEYS, SEMANTICS
from converters.render import PageStructure, Renderer, Rendering
from converters.settings import Settings
from converters.targets import Target

logger = logging.getLogger(__name__)

RUN_VERSION: Final = 4
"""Bumped when stored results stop being comparable (then resuming refuses an old folder).
4: every item carries its accessibility report (an older folder's would be missing from the mean)."""

SUFFIX: Final = {Target.REACT_TAILWIND: ".jsx", Target.HTML_CSS: ".html", Target.HTML_TAILWIND: ".html"}

Progress = Callable[[DatasetItem, ItemResult], None]


@dataclass(frozen=True)
class RunSpec:
    """What makes two runs the same run (stored as ``run.json``)."""

    dataset: str
    source: str
    target: str
    model: str
    version: int = RUN_VERSION
    strategy: str = ""
    """How a model engine is asked (``ConversionRequest.strategy``); empty for files and offline."""

    def to_dict(self) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "dataset": self.dataset,
            "source": self.source,
            "target": self.target,
            "model": self.model,
            "version": self.version,
        }
        if self.strategy:  # runs from before strategies existed stay the same run
            spec["strategy"] = self.strategy
        return spec


@dataclass(frozen=True)
class Job:
    """One item with the sources still to score for it."""

    item: DatasetItem
    sources: tuple[tuple[CandidateSource, Path], ...]


def select_items(
    dataset: Dataset, limit: int | None, ids: Sequence[str] | None = None
) -> tuple[DatasetItem, ...]:
    """The items to score, in manifest order: those named in ``ids`` (all when ``None``), then the
    first ``limit`` of those (all when ``None``). An id the manifest lacks is an ``EvalError`` that
    names every such id."""
    if limit is not None and limit < 1:
        raise EvalError("--limit must be at least 1.")
    items = dataset.items
    if ids is not None:
        if not ids:
            raise EvalError("No item ids given: --ids and --ids-file need at least one.")
        known = {item.id for item in items}
        unknown = [item_id for item_id in dict.fromkeys(ids) if item_id not in known]
        if unknown:
            some = f"{len(unknown)} ids are" if len(unknown) > 1 else "1 id is"
            raise EvalError(
                f"{some} not in {dataset.root / 'manifest.jsonl'}: {', '.join(unknown)}. "
                "Ids must match the manifest's 'id' exactly."
            )
        wanted = set(ids)
        items = tuple(item for item in items if item.id in wanted)
    return items[:limit] if limit is not None else items


def prepare_out(out: Path, spec: RunSpec) -> None:
    """Create ``out`` or check it holds this same run; ``EvalError`` otherwise."""
    run_file = out / "run.json"
    try:
        out.mkdir(parents=True, exist_ok=True)
        if run_file.exists():
            stored = json.loads(run_file.read_text(encoding="utf-8"))
            if stored != spec.to_dict():
                raise EvalError(
                    f"{out} holds a different run ({stored.get('source')} on {stored.get('dataset')}, "
                    f"target {stored.get('target')}): choose another --out, or delete that folder."
                )
            return
        write_json(run_file, spec.to_dict())
    except OSError as exc:
        raise EvalError(f"Cannot use {out} for results: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise EvalError(f"{run_file} is damaged ({exc}): delete it or choose another --out.") from exc


def plan(
    items: Sequence[DatasetItem], out: Path, main: CandidateSource, baselines: Sequence[CandidateSource]
) -> tuple[Job, ...]:
    """The work left: each item's sources whose result is missing or failed."""
    jobs = []
    for item in items:
        todo: list[tuple[CandidateSource, Path]] = []
        for source, path in [(main, out / "items" / f"{item.id}.json")] + [
            (b, out / "baselines" / b.name / f"{item.id}.json") for b in baselines
        ]:
            done = read_result(path)
            if done is None or done.status != "ok":
                todo.append((source, path))
        if todo:
            jobs.append(Job(item, tuple(todo)))
    return tuple(jobs)


def run_jobs(
    dataset: Dataset,
    jobs: Sequence[Job],
    out: Path,
    settings: Settings,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Score every job on ``workers`` threads; results are written as each finishes.

    ``stop`` (set by the caller, e.g. on Ctrl-C) lets running items finish and skips the rest.
    A ``RenderError`` (the browser broke) ends the run; an item's own failure is recorded.
    """
    if workers < 1:
        raise EvalError("--workers must be at least 1.")
    halt = stop or threading.Event()
    renderers: queue.Queue[Renderer] = queue.Queue()
    made: list[Renderer] = []
    made_lock = threading.Lock()

    def borrow() -> Renderer:
        try:
            return renderers.get_nowait()
        except queue.Empty:
            renderer = Renderer(fontconfig_file=dataset.fontconfig)
            with made_lock:
                made.append(renderer)
            return renderer

    def work(job: Job) -> None:
        if halt.is_set():
            return
        renderer = borrow()
        try:
            context = ItemContext(dataset, job.item, renderer, settings)
            for source, path in job.sources:
                if halt.is_set():
                    return
                result = evaluate(context, source, out)
                write_json(path, result.to_dict())
                if progress is not None and path.parent.name == "items":
                    progress(job.item, result)
        finally:
            renderers.put(renderer)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="handoff-eval") as pool:
            futures = [pool.submit(work, job) for job in jobs]
            try:
                finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
            except BaseException:
                halt.set()
                raise
            finally:
                for future in futures:
                    future.cancel()
            for future in finished:
                future.result()  # re-raise a worker's unexpected error
    finally:
        for renderer in made:
            renderer.close()


def evaluate(context: ItemContext, source: CandidateSource, out: Path) -> ItemResult:
    """Make one candidate for the item and score it; failures become a failed ``ItemResult``."""
    item = context.item
    failed = ItemResult(item.id, item.category, source.name, "failed")
    try:
        candidate = source.produce(context)
    except HandoffError as exc:
        logger.info("item %s, %s: no candidate: %s", item.id, source.name, exc)
        return replace(failed, error=str(exc))
    candidate_file = ""
    if source.saves_code:
        path = out / "candidates" / f"{item.id}{SUFFIX[candidate.target]}"
        write_text(path, candidate.code)
        candidate_file = str(path.relative_to(out))
    made = replace(
        failed,
        target=candidate.target.value,
        engine=candidate.engine,
        model=candidate.model,
        latency_s=candidate.latency_s,
        warnings=candidate.warnings,
        usage=candidate.usage,
        candidate_file=candidate_file,
    )
    started = time.monotonic()
    try:
        scores, layout, details = _score(context, candidate)
    except HandoffError as exc:
        logger.info("item %s, %s: not scored: %s", item.id, source.name, exc)
        return replace(made, error=str(exc))
    return replace(
        made, status="ok", score_s=time.monotonic() - started, scores=scores, layout=layout, details=details
    )


def _score(
    context: ItemContext, candidate: Candidate
) -> tuple[dict[str, float | bool | None], dict[str, Any] | None, dict[str, Any]]:
    code = context.prepared(candidate.code)
    if context.dataset.kind == "sketches":
        assert context.item.boxes is not None
        try:
            truth = load_boxes(context.item.boxes)
        except ValueError as exc:
            raise EvalError(str(exc)) from exc
        # Shown at the drawing's own width, as the app previews it (a 900 px drawing is not a
        # 1280 px page: its content would sit centred, off its boxes).
        rendering = context.renderer.render_code(
            code,
            candidate.target,
            width=design_css_width(context.design),
            structure=True,
            reflow=REFLOW_WIDTHS,
            a11y=True,
        )
        structure = rendering.structure or PageStructure((), ())
        # Boxes are normalised to the drawing's shape at the rendered width, not to the page's
        # content height: a page shorter or longer than its drawing would squash every box.
        drawing = context.design
        page_height = max(1.0, rendering.width * drawing.height / drawing.width)
        predicted = elements_to_boxes(structure.elements, rendering.width, page_height)
        layout = layout_scores(truth, predicted)
        quality = quality_scores(structure)
        # A sketch has no reference page: only the code-quality scores that need none.
        scores: dict[str, float | bool | None] = dict.fromkeys(SCORE_KEYS)
        scores[ABSOLUTE_SHARE.key] = quality.absolute_share
        scores[REFLOW.key] = quality.reflow
        scores[SEMANTICS.key] = quality.semantics.score
        scores[A11Y.key] = rendering.a11y.share if rendering.a11y is not None else None
        details = {"quality": quality.to_dict(), "render": _render_facts(rendering)}
        if rendering.a11y is not None:
            details["a11y"] = rendering.a11y.to_dict()
        return scores, layout.to_dict(), details
    if context.item.frames:
        scores, details = score_frames(context, candidate, code)
        return scores, None, details
    reference = context.reference
    rendering = context.renderer.render_code(
        code, candidate.target, width=reference.css_width, structure=True, reflow=REFLOW_WIDTHS, a11y=True
    )
    report = score_rendering(reference, rendering)
    details = report.to_dict()
    if reference.a11y is not None:  # the reference page's own, to compare with (summary.json)
        details["reference_a11y"] = reference.a11y.to_dict()
    return details.pop("scores"), None, details


def _render_facts(rendering: Rendering) -> dict[str, Any]:
    return {
        "status": rendering.status,
        "message": rendering.message,
        "width": rendering.width,
        "height": rendering.height,
        "blocked": list(rendering.blocked),
    }
