"""The summary of an evaluation run: means, categories, latency, baselines, sketch F1.

``summary.json`` (for machines) holds ``count``, ``failed``, ``means`` (``vocabulary.SCORE_KEYS``, each a
fraction 0..1 over the items scored; ``reflow`` is the share of items that passed; ``None`` where
no item had the score), ``by_category``, ``latency_s`` (``p50``/``p95`` of the conversion time,
``None`` when candidates were read from files), for sketch datasets ``macro_f1`` and
``per_class`` (counts summed over items), and ``baselines`` (the same fields per baseline).
Each block also has ``a11y``: the candidates' accessibility totals (``A11yTotals.to_dict``:
``pages``, ``errors``, ``mean`` (the same number as ``means["a11y"]``, the mean share of checks
passed) and per check the pages ``passed``/``failed``/``not_applicable`` and the elements
``elements_failed``/``elements_unsure``); the run's own block adds ``a11y_references``, the same
totals of the reference pages (page datasets), so that our output can be set against them.
For a dataset whose rows give frames (the same screen at several widths), ``by_width`` holds,
per frame width (the key: the width in CSS px, as a string, narrowest first), the same block as
the run's (``count``, ``failed``, ``means``, ``a11y``) for the items' scores at that width; the
run's own ``means`` are then each item's mean over its frames (``converters.evaluation.frames``);
each baseline has its ``by_width`` too. Failed items are counted in ``failed`` and left out of the
means. ``skipped`` (from the header)
lists the ids left out of the run for want of a candidate file (``--skip-missing``); they are in
no count. ``summary.md`` shows the same for people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from converters.a11y import CHECKS, A11yReport, A11yTotals
from converters.evaluation.frames import at_width, frame_widths
from converters.evaluation.results import ItemResult
from converters.fidelity.layout import LayoutScores
from converters.fidelity.vocabulary import SCORE_KEYS, SCORES


def summarise(
    results: Sequence[ItemResult], baselines: Mapping[str, Sequence[ItemResult]], header: dict[str, Any]
) -> dict[str, Any]:
    """The ``summary.json`` document for a run's main ``results`` and its ``baselines``."""
    summary: dict[str, Any] = dict(header)
    summary.update(_block(results))
    summary.update(_widths(results))
    categories = sorted({r.category for r in results if r.category})
    summary["by_category"] = {c: _block([r for r in results if r.category == c]) for c in categories}
    references = _a11y_reports(results, "reference_a11y")
    if references:
        summary["a11y_references"] = A11yTotals.of(references).to_dict()
    latencies = [r.latency_s for r in results if r.status == "ok" and r.latency_s is not None]
    summary["latency_s"] = (
        {"p50": float(np.percentile(latencies, 50)), "p95": float(np.percentile(latencies, 95))}
        if latencies
        else {"p50": None, "p95": None}
    )
    layouts = [r.layout for r in results if r.status == "ok" and r.layout is not None]
    if layouts:
        combined = LayoutScores.combine(LayoutScores.from_dict(layout) for layout in layouts).to_dict()
        summary["macro_f1"] = combined["macro_f1"]
        summary["per_class"] = combined["per_class"]
    summary["baselines"] = {name: {**_block(items), **_widths(items)} for name, items in baselines.items()}
    return summary


def _widths(results: Sequence[ItemResult]) -> dict[str, Any]:
    """``{"by_width": {...}}`` for results scored at frames' widths, else nothing."""
    widths = frame_widths(results)
    return {"by_width": {str(width): _block(at_width(results, width)) for width in widths}} if widths else {}


def _block(results: Sequence[ItemResult]) -> dict[str, Any]:
    ok = [r for r in results if r.status == "ok"]
    means: dict[str, float | None] = {}
    for key in SCORE_KEYS:
        values = [float(v) for r in ok if (v := r.scores.get(key)) is not None]
        means[key] = float(np.mean(values)) if values else None
    block: dict[str, Any] = {"count": len(results), "failed": len(results) - len(ok), "means": means}
    reports = _a11y_reports(ok, "a11y")
    if reports:
        block["a11y"] = A11yTotals.of(reports).to_dict()
    return block


def _a11y_reports(results: Sequence[ItemResult], field: str) -> list[A11yReport]:
    """The accessibility reports stored under ``details[field]`` of the scored ``results``."""
    return [
        A11yReport.from_dict(r.details[field])
        for r in results
        if r.status == "ok" and isinstance(r.details.get(field), dict)
    ]


def render_markdown(summary: dict[str, Any]) -> str:
    """``summary.md``: the run, a score table with the baselines, categories, latency, sketch F1."""
    lines = [
        f"# Evaluation: {summary.get('source', '')} on {summary.get('dataset', '')}",
        "",
        f"Target {summary.get('target', '')}; model {summary.get('model') or '-'}; "
        f"{summary['count']} items, {summary['failed']} failed (left out of the means).",
        "",
    ]
    skipped = summary.get("skipped") or []
    if skipped:
        lines += [f"Skipped for want of a candidate file ({len(skipped)}): {', '.join(skipped)}.", ""]
    keys = [k for k in SCORE_KEYS if summary["means"].get(k) is not None or _any_baseline(summary, k)]
    if keys:
        lines += _table(summary, keys)
    if summary["by_category"]:
        lines += ["", "## By category", ""]
        lines += _rows(summary["by_category"], keys, "category")
    if summary.get("by_width"):
        lines += ["", "## By width (CSS px)", ""]
        lines += _rows(summary["by_width"], keys, "width")
    lines += a11y_table(summary)
    latency = summary.get("latency_s") or {}
    if latency.get("p50") is not None:
        lines += ["", f"Conversion time: p50 {latency['p50']:.2f} s, p95 {latency['p95']:.2f} s."]
    if "macro_f1" in summary:
        lines += ["", "## Sketch layout (IoU >= 0.5)", "", f"Macro F1: {summary['macro_f1']:.3f}", ""]
        lines += ["| class | tp | fp | fn | precision | recall | F1 |", "|---|--:|--:|--:|--:|--:|--:|"]
        for name, row in summary["per_class"].items():
            lines.append(
                f"| {name} | {row['tp']} | {row['fp']} | {row['fn']} | {row['precision']:.3f} | "
                f"{row['recall']:.3f} | {row['f1']:.3f} |"
            )
    lines += [
        "",
        "Scores are fractions 0..1 (higher is better, except abs. share: the share of elements placed "
        "with position absolute/fixed). reflow: share of pages with no overflow, overlapping, clipped "
        "or squeezed text at 768 and 375 px (for frames: every 32 px between the frames). Visual: "
        "SSIM of the screenshots with text masked (a stand-in for "
        "Design2Code's CLIP score).",
        "",
    ]
    return "\n".join(lines)


def _rows(blocks: dict[str, Any], keys: list[str], heading: str) -> list[str]:
    """A table of ``blocks`` (by category, by width), one row each, with the ``keys`` columns."""
    lines = [f"| {heading} | n | failed | " + " | ".join(SCORES[k].column for k in keys) + " |"]
    lines.append("|---|--:|--:|" + "--:|" * len(keys))
    for name, block in blocks.items():
        lines.append(
            f"| {name} | {block['count']} | {block['failed']} | "
            + " | ".join(_number(block["means"].get(k)) for k in keys)
            + " |"
        )
    return lines


def _table(summary: dict[str, Any], keys: list[str]) -> list[str]:
    lines = ["| run | n | failed | " + " | ".join(SCORES[k].column for k in keys) + " |"]
    lines.append("|---|--:|--:|" + "--:|" * len(keys))
    rows = [(str(summary.get("source", "run")), summary)] + [
        (f"baseline: {name}", block) for name, block in summary.get("baselines", {}).items()
    ]
    for name, block in rows:
        lines.append(
            f"| {name} | {block['count']} | {block['failed']} | "
            + " | ".join(_number(block["means"].get(k)) for k in keys)
            + " |"
        )
    return lines


def a11y_table(summary: dict[str, Any]) -> list[str]:
    """Per accessibility check: pages failed / pages it applied to, and failing elements, for the
    run and (when there are any) the reference pages."""
    found = [
        (str(summary.get("source", "run")), summary.get("a11y")),
        ("references", summary.get("a11y_references")),
    ]
    columns: list[tuple[str, dict[str, Any]]] = [(name, totals) for name, totals in found if totals]
    if not columns:
        return []
    lines = ["", "## Accessibility", ""]
    lines.append(
        "| check | " + " | ".join(f"{name}: pages failed / checked (elements)" for name, _ in columns) + " |"
    )
    lines.append("|---|" + "--:|" * len(columns))
    lines.append(
        "| share of checks passed (mean) | " + " | ".join(_number(t["mean"]) for _, t in columns) + " |"
    )
    for check in CHECKS:
        cells = []
        for _, totals in columns:
            counts = totals["checks"][check.key]
            checked = counts["passed"] + counts["failed"]
            cells.append(f"{counts['failed']} / {checked} ({counts['elements_failed']})")
        lines.append(f"| {check.label} | " + " | ".join(cells) + " |")
    return lines


def _any_baseline(summary: dict[str, Any], key: str) -> bool:
    return any(block["means"].get(key) is not None for block in summary.get("baselines", {}).values())


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
