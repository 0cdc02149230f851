"""Design tokens of the offline engine: colours before and after clustering, colour literals left
outside the theme, and whether tokenising changes the render or the fidelity scores.

    .venv/bin/python benchmarks/tokens_bench.py [--dataset DIR] [--offset K] [--limit N] [--target T ...]

Each page of the dataset's manifest (default ``../shared/eval/design2code``) is read once by the
offline engine (``read_design``), then its layout tree is emitted for each target twice: with the
measured values written out (``emit(..., tokens=False)``) and through the theme (the default).
Both are rendered and scored against the reference HTML as ``handoff eval`` scores them
(``reference_from_html`` + ``score_candidate``, the dataset's ``fonts.conf``).

Per page and target: distinct colour literals of the untokenised code, colour tokens of the
theme, colour literals left in the tokenised code outside its theme (hex values, and Tailwind's
``white``/``black``: the target is none), the largest channel difference between the two renders
(0-255; ``size`` when their heights differ) and the share of pixels that differ; then the medians
and means, and each score's mean before and after with the largest drop on one page.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.evaluation.candidates import inline_assets
from converters.fidelity.report import reference_from_html, score_candidate
from converters.intake import load_design
from converters.offline.emit import emit
from converters.offline.reading import css_image, read_design
from converters.render import Renderer
from converters.targets import Target
from converters.tokens import code_theme, split_react_theme

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "design2code"
SCORES = ("block", "text", "position", "color", "visual")
_HEX = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_NAMED = re.compile(r"(?<![\w-])(?:bg|text|border(?:-[trblxy])?)-(?:white|black)\b")
_THEME_STYLE = re.compile(r"<style type=\"text/tailwindcss\">.*?</style>", re.S)
_ROOT_RULE = re.compile(r":root \{.*?\n\s*\}", re.S)


def outside_theme(code: str, target: Target) -> int:
    """Colour literals in ``code`` outside its theme block (the theme as the emitter writes it)."""
    if target is Target.REACT_TAILWIND:
        _, code = split_react_theme(code)
    elif target is Target.HTML_TAILWIND:
        code = _THEME_STYLE.sub("", code)
    else:
        code = _ROOT_RULE.sub("", code, count=1)
    return len(_HEX.findall(code)) + len(_NAMED.findall(code))


def distinct_literals(code: str) -> int:
    return len({h.lower() for h in _HEX.findall(code)} | set(_NAMED.findall(code)))


def pixel_change(a: bytes, b: bytes) -> tuple[str, float]:
    """(largest channel difference, or "size"; share of pixels that differ) of two PNGs."""
    first = np.asarray(Image.open(io.BytesIO(a)).convert("RGB"), dtype=np.int16)
    second = np.asarray(Image.open(io.BytesIO(b)).convert("RGB"), dtype=np.int16)
    if first.shape != second.shape:
        height = min(first.shape[0], second.shape[0])
        diff = np.abs(first[:height] - second[:height]).max(axis=2)
        return "size", float((diff > 0).mean())
    diff = np.abs(first - second).max(axis=2)
    return str(int(diff.max())), float((diff > 0).mean())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=EVAL)
    parser.add_argument("--offset", type=int, default=0, help="skip the manifest's first K pages")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--target", action="append", choices=[t.value for t in Target])
    parser.add_argument("--json", type=Path, help="also write the per-page rows here")
    args = parser.parse_args()
    targets = [Target(t) for t in (args.target or [t.value for t in Target])]
    rows = [json.loads(line) for line in (args.dataset / "manifest.jsonl").read_text().splitlines() if line]
    rows = rows[args.offset :]
    rows = rows[: args.limit] if args.limit else rows
    fonts = args.dataset / "fonts.conf"
    start_load = os.getloadavg()
    results: list[dict[str, object]] = []
    with Renderer(fontconfig_file=fonts if fonts.is_file() else None) as renderer:
        for row in rows:
            path = args.dataset / str(row["input"])
            read = read_design(css_image(load_design(path.read_bytes(), path.name).image_view()))
            reference = reference_from_html(renderer, args.dataset / str(row["reference_html"]))
            for target in targets:
                before, after = (
                    emit(read.tree, target, title="Page", page_background=read.background, tokens=tokens)
                    for tokens in (False, True)
                )
                reports = [
                    score_candidate(renderer, reference, inline_assets(code, args.dataset), target)
                    for code in (before, after)
                ]
                change, share = pixel_change(reports[0].candidate.png, reports[1].candidate.png)
                result: dict[str, object] = {
                    "page": row["id"],
                    "target": target.value,
                    "colours_before": distinct_literals(before),
                    "colour_tokens": len(code_theme(after, target).colours),
                    "outside_theme": outside_theme(after, target),
                    "max_change": change,
                    "changed_share": share,
                }
                for name in SCORES:
                    result[f"{name}_before"] = reports[0].scores()[name]
                    result[f"{name}_after"] = reports[1].scores()[name]
                results.append(result)
                print(json.dumps(result), file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    end_load = os.getloadavg()
    print(
        f"{len(rows)} pages of {args.dataset}; {os.cpu_count()} cores, load "
        f"{start_load[0]:.2f} at start, {end_load[0]:.2f} at end\n"
    )
    print(
        "| target | colours before (median / mean) | colour tokens (median / mean) | literals outside "
        "theme (total) | pages pixel-identical | max change (median of pages that changed) "
        "| changed pixels (mean) |\n|---|--:|--:|--:|--:|--:|--:|"
    )
    for target in targets:
        mine = [r for r in results if r["target"] == target.value]
        literals = [float(str(r["colours_before"])) for r in mine]
        tokens = [float(str(r["colour_tokens"])) for r in mine]
        same = sum(1 for r in mine if r["max_change"] == "0")
        changed = [int(str(r["max_change"])) for r in mine if r["max_change"] not in ("0", "size")]
        sized = sum(1 for r in mine if r["max_change"] == "size")
        print(
            f"| {target.value} | {statistics.median(literals):g} / {statistics.mean(literals):.1f} "
            f"| {statistics.median(tokens):g} / {statistics.mean(tokens):.1f} "
            f"| {sum(int(str(r['outside_theme'])) for r in mine)} | {same} of {len(mine)} "
            f"| {statistics.median(changed) if changed else 0:g} ({sized} changed height) "
            f"| {100 * statistics.mean(float(str(r['changed_share'])) for r in mine):.2f} % |"
        )
    print("\n| target | score | mean before | mean after | mean change | largest drop on a page |")
    print("|---|---|--:|--:|--:|--:|")
    for target in targets:
        mine = [r for r in results if r["target"] == target.value]
        for name in SCORES:
            pairs = [
                (float(str(r[f"{name}_before"])), float(str(r[f"{name}_after"])))
                for r in mine
                if r[f"{name}_before"] is not None and r[f"{name}_after"] is not None
            ]
            if not pairs:
                continue
            deltas = [after - before for before, after in pairs]
            print(
                f"| {target.value} | {name} | {statistics.mean(p[0] for p in pairs):.4f} "
                f"| {statistics.mean(p[1] for p in pairs):.4f} | {statistics.mean(deltas):+.4f} "
                f"| {min(deltas):+.4f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
