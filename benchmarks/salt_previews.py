"""Previews of the offline engine's output for the clean digital wireframes of ``salt-demo/``.

Usage::

    .venv/bin/python benchmarks/salt_previews.py [--dataset DIR] [--out DIR] [--target T]

Converts each ``sketch_example*.png`` of ``--dataset`` (default ``../shared/eval/sketches/salt-demo``
beside the repository) with the offline engine, renders the code in Chromium at the drawing's
width (at most 1280 CSS px), and writes only the rendering, ``<name>.png``, to ``--out``: the
wireframes themselves stay in the dataset. Prints a table: size, conversion time, render status,
elements by tag, warnings.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections import Counter
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converters.conversion import ConversionRequest  # noqa: E402
from converters.intake import load_design  # noqa: E402
from converters.offline.engine import OfflineEngine  # noqa: E402
from converters.render import Renderer  # noqa: E402
from converters.targets import Target  # noqa: E402

TAGS = ("header", "nav", "main", "footer", "h1", "h2", "p", "button", "input", "textarea", "img")
MAX_SIDE = 1400  # px: the written previews are scaled to fit, small enough to read in a note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "sketches" / "salt-demo"
    )
    parser.add_argument("--out", type=Path, default=Path("salt-previews"))
    parser.add_argument("--target", default=Target.REACT_TAILWIND.value, choices=[t.value for t in Target])
    args = parser.parse_args()
    files = sorted(args.dataset.glob("sketch_example*.png"))
    if not files:
        print(f"no sketch_example*.png in {args.dataset}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    target = Target(args.target)
    engine = OfflineEngine()
    print(
        f"offline engine on {len(files)} salt-demo wireframes, target {target.value}; "
        f"load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}\n"
    )
    print("| wireframe | size | conversion s | render | elements | warnings |")
    print("|---|---|--:|---|---|---|")
    with Renderer() as renderer:
        for path in files:
            design = load_design(path.read_bytes(), path.name)
            started = time.perf_counter()
            conversion = engine.convert(ConversionRequest(design=design, target=target))
            seconds = time.perf_counter() - started
            rendering = renderer.render_code(
                conversion.code, target, width=min(1280, design.width), structure=True
            )
            with Image.open(io.BytesIO(rendering.png)) as shot:
                picture = shot.convert("RGB")
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            picture.save(args.out / f"{path.stem}.png", optimize=True)
            structure = rendering.structure
            tags = Counter(e.tag for e in structure.elements) if structure else Counter()
            found = ", ".join(f"{tag} {tags[tag]}" for tag in TAGS if tags[tag])
            warnings = "; ".join(conversion.warnings) or "-"
            print(
                f"| {path.stem} | {design.width}x{design.height} | {seconds:.1f} | {rendering.status} "
                f"| {found} | {warnings} |"
            )
    print(f"\npreviews written to {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
