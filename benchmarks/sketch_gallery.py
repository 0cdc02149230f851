"""Side-by-side pictures of sketches and wireframes beside the offline engine's result, for ``docs/``.

Usage::

    .venv/bin/python benchmarks/sketch_gallery.py [--out docs/sketches] [--target T]
        [--photos ID,ID,...] [--wireframes DIR] [--sketches DIR]

Converts the nine clean digital wireframes of ``salt-demo/`` and the chosen sketch photos (six of
``../shared/eval/sketches`` by default, the report split: photos no model was trained on) with
the offline engine, renders each result in Chromium at the drawing's CSS width, and writes
``<name>.jpg``: the input on the left, our render on the right, at one height. Both sources are
MIT-licensed (SALT-NLP's Sketch2Code demo wireframes, Microsoft's Sketch2Code photos), which
allows showing them; their licences go beside the pictures. Prints a Markdown table (kind the
engine took, conversion time, elements by tag) for ``docs/sketches/README.md``.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converters.conversion import ConversionRequest  # noqa: E402
from converters.fidelity.report import design_css_width  # noqa: E402
from converters.intake import load_design  # noqa: E402
from converters.offline.engine import OfflineEngine  # noqa: E402
from converters.render import Renderer  # noqa: E402
from converters.targets import Target  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "sketches"
DEFAULT_PHOTOS = (
    "0bb2725b-88b4-4734-98f1-3d7d860434e9",
    "26246a48-79ca-41d2-b578-5bd82ed14d05",
    "3cf4d5e6-cede-4272-aec0-f29790add91a",
    "552147ca-3b14-44ed-8de7-4638f1598c92",
    "a6c59f33-2285-4644-97aa-52f193d4e5ce",
    "f1f0f46b-4430-4227-ab3a-24ad1192728e",
)
"""Six report photos of different layouts (forms, product pages, landing pages)."""
HEIGHT = 700  # px: each half of a picture, readable in a README without making the repository heavy
GAP = 24  # px of white between the input and the render
LONGEST = 1.25  # a render this much taller than the drawing's shape is cut there
QUALITY = 80  # JPEG quality: line drawings stay crisp, each picture stays well under 200 kB
TAGS = ("h1", "h2", "p", "label", "a", "button", "input", "select", "textarea", "img")
LICENCES = ("LICENSE-salt-nlp-sketch2code.txt", "LICENSE-microsoft-sketch2code.txt")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "sketches")
    parser.add_argument("--target", default=Target.REACT_TAILWIND.value, choices=[t.value for t in Target])
    parser.add_argument("--photos", default=",".join(DEFAULT_PHOTOS), help="sketch photo ids")
    parser.add_argument("--sketches", type=Path, default=EVAL)
    parser.add_argument("--wireframes", type=Path, default=EVAL / "salt-demo")
    args = parser.parse_args()
    inputs = sorted(args.wireframes.glob("sketch_example*.png"))
    inputs += [args.sketches / f"{name}.jpg" for name in args.photos.split(",") if name]
    missing = [str(path) for path in inputs if not path.is_file()]
    if missing or not inputs:
        print(f"missing inputs: {', '.join(missing) or args.wireframes}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for licence in LICENCES:
        if (args.sketches / licence).is_file():
            shutil.copyfile(args.sketches / licence, args.out / licence)
    target = Target(args.target)
    engine = OfflineEngine()
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"offline engine, {len(inputs)} inputs, target {target.value}; load average {load}\n")
    print("| picture | input | kind taken | conversion s | elements |")
    print("|---|---|---|--:|---|")
    with Renderer() as renderer:
        for path in inputs:
            design = load_design(path.read_bytes(), path.name)
            started = time.perf_counter()
            conversion = engine.convert(ConversionRequest(design=design, target=target))
            seconds = time.perf_counter() - started
            rendering = renderer.render_code(
                conversion.code, target, width=design_css_width(design), structure=True
            )
            with Image.open(io.BytesIO(rendering.png)) as shot:
                render = shot.convert("RGB")
            name = f"{path.stem.split('-')[0]}.jpg"
            _side_by_side(design.image().convert("RGB"), render).save(
                args.out / name, quality=QUALITY, optimize=True
            )
            structure = rendering.structure
            tags = Counter(e.tag for e in structure.elements) if structure else Counter()
            found = ", ".join(f"{tag} {tags[tag]}" for tag in TAGS if tags[tag])
            kind = "; ".join(conversion.notes) or "-"
            print(f"| ![{name}]({name}) | {path.name} | {kind} | {seconds:.2f} | {found} |")
    return 0


def _side_by_side(design: Image.Image, render: Image.Image) -> Image.Image:
    """``design`` and ``render`` scaled to ``HEIGHT``, side by side on white, a rule between; a
    render much longer than the drawing is cut at ``LONGEST`` times the drawing's shape, so it
    does not shrink to a sliver (the eval judges it at the drawing's shape too)."""
    longest = round(render.width * design.height / design.width * LONGEST)
    if render.height > longest:
        render = render.crop((0, 0, render.width, longest))
    halves = [_to_height(design), _to_height(render)]
    width = halves[0].width + GAP + halves[1].width
    canvas = Image.new("RGB", (width, HEIGHT), "white")
    canvas.paste(halves[0], (0, 0))
    canvas.paste(halves[1], (halves[0].width + GAP, 0))
    middle = halves[0].width + GAP // 2
    ImageDraw.Draw(canvas).line([(middle, 0), (middle, HEIGHT)], fill=(200, 200, 200), width=1)
    return canvas


def _to_height(picture: Image.Image) -> Image.Image:
    """``picture`` scaled to ``HEIGHT`` px tall, keeping its shape."""
    return picture.resize((max(1, round(picture.width * HEIGHT / picture.height)), HEIGHT), Image.LANCZOS)


if __name__ == "__main__":
    raise SystemExit(main())
