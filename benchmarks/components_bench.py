"""Components the offline engine writes, and how many repeated structures come out as one.

    .venv/bin/python benchmarks/components_bench.py [--dataset DIR] [--limit N]

Reads every input of a dataset's manifest (default ``../shared/eval/design2code``) with the
offline engine and prints, per page and then summed up:

- components per page (React): function components in the module, ``App`` included, and how
  many are regions and repeated items;
- repeated sibling structures: runs of at least two consecutive siblings in the render plan with
  the same skeleton (tag names and nesting; texts, attributes, styles and class names left out),
  items holding other elements or being links/buttons, or at least three of them otherwise (the
  emitter's thresholds, ``emit.components``). A run counts as *one component* when every item is
  the same mapped item component (React), as *one class set* when each element of the items has
  the same class as its counterparts (HTML + CSS), as *one utility string* likewise with the
  Tailwind classes (HTML + Tailwind).

The header gives the load average; OCR dominates the time (about 10 s a page on 2 busy cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Final

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.extract.outline import code_outline
from converters.intake import load_design
from converters.offline.emit import emit
from converters.offline.emit.components import (
    MIN_REPEATS,
    MIN_STRUCTURED_REPEATS,
    componentised,
    near_values,
)
from converters.offline.emit.css import ClassNames, walk
from converters.offline.emit.markup import Tag
from converters.offline.emit.outline import outlined
from converters.offline.emit.plan import plan_page
from converters.offline.emit.tailwind import utilities
from converters.offline.model import Colour, Node
from converters.offline.reading import css_image, read_design
from converters.targets import Target

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"


def skeleton(tag: Tag) -> tuple[object, ...]:
    return (tag.name, tuple(skeleton(part) for part in tag.content if isinstance(part, Tag)))


def repeated_runs(root: Tag) -> list[list[Tag]]:
    """The runs of repeated sibling structures in the plan (see the module doc)."""
    runs: list[list[Tag]] = []
    for parent in walk(root):
        parts = [part for part in parent.content if isinstance(part, Tag)]
        index = 0
        while index < len(parts):
            end = index + 1
            while end < len(parts) and skeleton(parts[end]) == skeleton(parts[index]):
                end += 1
            first = parts[index]
            structured = first.name in ("a", "button") or any(isinstance(p, Tag) for p in first.content)
            if end - index >= (MIN_STRUCTURED_REPEATS if structured else MIN_REPEATS):
                runs.append(parts[index:end])
            index = end
    # Runs inside the items of another run are that run's template, not structures of their own.
    inside = {id(tag) for run in runs for item in run for tag in list(walk(item))[1:]}
    return [run for run in runs if id(run[0]) not in inside]


def alike(run: list[Tag], label: object) -> bool:
    """Whether every element of the run's items has the same ``label`` as its counterparts."""
    flat = [list(walk(item)) for item in run]
    return all(len({label(tags[i]) for tags in flat}) == 1 for i in range(len(flat[0])))  # type: ignore[operator]


PLACEMENT: Final = frozenset(
    {
        "margin-left",
        "margin-top",
        "margin-right",
        "width",
        "max-width",
        "min-width",
        "height",
        "min-height",
        "align-self",
        "flex-shrink",
    }
)
"""Declarations that say where an item sits and how much room it has, not how it looks."""


def looks_alike(run: list[Tag]) -> bool:
    """Whether the run's items look alike (see the module doc)."""
    flat = [list(walk(item)) for item in run]
    for position in range(len(flat[0])):
        tags = [tags[position] for tags in flat]
        keys = {(variant, prop) for tag in tags for variant, prop, _ in tag.decls if prop not in PLACEMENT}
        for variant, prop in keys:
            values = [
                next((v for var, p, v in tag.decls if (var, p) == (variant, prop)), None) for tag in tags
            ]
            if not near_values(prop, values):
                return False
    return True


def page_figures(tree: Node, background: Colour) -> tuple[tuple[int, int, int], tuple[int, ...]]:
    """((components, regions, items), (runs, as one component, as one class set, as one utility
    string, then the same four for the runs that look alike)) of the page ``tree`` lays out."""
    react = emit(tree, Target.REACT_TAILWIND, page_background=background)
    parts = code_outline(react, Target.REACT_TAILWIND)
    regions = sum(part.kind == "region" for part in parts)
    items = sum(part.kind == "item" for part in parts)
    page = componentised(plan_page(outlined(tree), title="Design", page_background=background))
    names = ClassNames(page.root)

    def shares(runs: list[list[Tag]]) -> tuple[int, int, int, int]:
        one_component = sum(1 for run in runs if run[0].item and len({tag.component for tag in run}) == 1)
        one_class = sum(1 for run in runs if alike(run, names.of))
        one_utility = sum(1 for run in runs if alike(run, lambda tag: utilities(tag.decls)))
        return len(runs), one_component, one_class, one_utility

    runs = repeated_runs(page.root)
    figures = shares(runs) + shares([run for run in runs if looks_alike(run)])
    return (len(parts), regions, items), figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = rows[: args.limit] if args.limit else rows
    print(f"load at start: {os.getloadavg()[0]:.2f} (1 min), {len(rows)} pages")
    per_page: list[tuple[int, int, int]] = []
    keys = ("runs", "component", "class set", "utility string")
    totals = dict.fromkeys([*keys, *(f"alike {key}" for key in keys)], 0)
    print(
        f"{'page':>12} {'components':>10} {'regions':>8} {'items':>6} "
        f"{'runs':>5} {'1 comp':>7} {'1 class':>8} {'1 util':>7} {'alike':>6}"
    )
    for row in rows:
        path = args.dataset / str(row["input"])
        image = css_image(load_design(path.read_bytes(), path.name).image_view())
        read = read_design(image)
        counts, figures = page_figures(read.tree, read.background)
        per_page.append(counts)
        for key, value in zip(totals, figures, strict=True):
            totals[key] += value
        print(
            f"{path.stem:>12} {counts[0]:>10} {counts[1]:>8} {counts[2]:>6} "
            + " ".join(f"{value:>{width}}" for value, width in zip(figures[:5], (5, 7, 8, 7, 6), strict=True))
        )
    counts = [count for count, _, _ in per_page]
    print()
    print("| measure | value |\n| --- | --- |")
    print(f"| pages | {len(per_page)} |")
    print(
        f"| components per page (median, min, max) | {statistics.median(counts):g}, "
        f"{min(counts)}, {max(counts)} |"
    )
    print(f"| regions per page (median) | {statistics.median(r for _, r, _ in per_page):g} |")
    print(f"| item components per page (median) | {statistics.median(i for _, _, i in per_page):g} |")
    for prefix, label in (("", "repeated sibling structures"), ("alike ", "... of them looking alike")):
        runs = totals[f"{prefix}runs"]
        print(f"| {label} | {runs} |")
        for key in keys[1:]:
            count = totals[prefix + key]
            share = count / runs if runs else 1.0
            print(f"| ... emitted as one {key} | {count} ({share:.1%}) |")
    print(f"load at end: {os.getloadavg()[0]:.2f} (1 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
