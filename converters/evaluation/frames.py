"""Scoring one candidate against the frames of a screen, and the results at one width.

An item with frames (``DatasetItem.frames``) is scored once per frame: its candidate rendered at
the frame's width against the reference at that width (``ItemContext.reference_at``), with the
accessibility checks at the widest frame only (as for one input: the page's code is the same at
every width). How it reflows is checked once, across the whole range between the frames: at the
narrowest's, the widest's and every ``SWEEP_STEP_PX`` between, each width judged against the
page loaded at the frame whose layout it stretches (``converters.fidelity.sweep.sweep_frames``),
so a layout that breaks between the frames' widths fails (a page between a 390 and a 1280 px
frame is used at every width in between).

Stored in the item's result: ``scores``, each the mean over the frames (``reflow``: whether the
sweep passed, the same for every frame), ``details["frames"]``, one ``FidelityReport.to_dict``
per frame, narrowest first, each with its ``width``, ``details["reflow_sweep"]``, the widths
swept and those that failed, with why (``ReflowSweep.to_dict``); ``details["a11y"]`` and
``details["reference_a11y"]`` as for one input. ``at_width`` turns the results into those of one
width, for the summary's ``by_width``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from converters.evaluation.candidates import Candidate, ItemContext
from converters.evaluation.results import ItemResult
from converters.fidelity.frames import Scores, mean_scores
from converters.fidelity.frames import score_frames as score_at_frames
from converters.fidelity.sweep import sweep_frames
from converters.fidelity.vocabulary import REFLOW


def score_frames(context: ItemContext, candidate: Candidate, code: str) -> tuple[Scores, dict[str, Any]]:
    """The item's scores and details (see the module docstring) for ``code``, the candidate's
    code prepared for rendering (scored as the app scores a frames result:
    ``converters.fidelity.frames``); reflow is the page's across every width between the frames
    (``converters.fidelity.sweep``), for every frame."""
    widths = [frame.width for frame in context.item.frames]
    references = [context.reference_at(width) for width in widths]
    sweep = sweep_frames(context.renderer, code, candidate.target, tuple(widths))
    reports = [
        report.to_dict()
        for report in score_at_frames(
            context.renderer, references, code, candidate.target, reflow=(), a11y=True
        )
    ]
    details: dict[str, Any] = {"reflow_sweep": sweep.to_dict()}
    for report in reports:
        report["scores"][REFLOW.key] = sweep.passed
    if "a11y" in reports[-1]:  # the widest frame's: checked there only
        details["a11y"] = reports[-1]["a11y"]
    if references[-1].a11y is not None:
        details["reference_a11y"] = references[-1].a11y.to_dict()
    details["frames"] = [{"width": width, **report} for width, report in zip(widths, reports, strict=True)]
    return mean_scores([report["scores"] for report in reports]), details


def frame_widths(results: Sequence[ItemResult]) -> tuple[int, ...]:
    """The widths (CSS px) of the frames the scored ``results`` hold, narrowest first."""
    scored = [result for result in results if result.status == "ok"]
    return tuple(sorted({int(frame["width"]) for result in scored for frame in _frames(result)}))


def at_width(results: Sequence[ItemResult], width: int) -> list[ItemResult]:
    """``results`` as they scored at ``width``: each scored item's frame of that width (its scores,
    and its details such as ``a11y``), or failed when it failed or has no such frame."""
    found = []
    for result in results:
        frame = next((f for f in _frames(result) if int(f.get("width", 0)) == width), None)
        if result.status != "ok" or frame is None:
            found.append(replace(result, status="failed", scores={}, details={}))
            continue
        scores = frame.get("scores")
        found.append(replace(result, scores=dict(scores) if isinstance(scores, dict) else {}, details=frame))
    return found


def _frames(result: ItemResult) -> list[dict[str, Any]]:
    frames = result.details.get("frames")
    return [frame for frame in frames if isinstance(frame, dict)] if isinstance(frames, list) else []
