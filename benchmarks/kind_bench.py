"""How well ``guess_kind`` routes the development data: a confusion table per set, and the misses.

    nice -n 10 .venv/bin/python benchmarks/kind_bench.py [--eval DIR] [--no-variants]

Every input of each set's manifest is loaded as the app loads it (``load_design``), taken at CSS
px (``design_css_image``) and guessed. The sets: screenshots (``design2code``, ``webcode2m``),
photos of sketches (``sketches``, ``sketches-train``) and digital wireframes
(``sketches/salt-demo``). Unless ``--no-variants``, harder variants made here from the same files
follow (nothing is written to disk):

- dark mode: each screenshot with its colours inverted (light text on a dark page);
- big photo: each screenshot with ``rick.jpg`` (the photo the Design2Code pages use) over the
  middle 70 % of its first screen, in colour and in grey;
- JPEG: each screenshot saved as a JPEG at quality 70 (a mockup passed around by chat);
- scanned: each sketch photo flattened and whitened, as a scanner app does (the paper's
  lighting divided out, pale pixels pure white, in grey).

Prints the load average, then per set a row of counts by guessed kind, the accuracy overall, and
every image that went to the wrong kind with its measures; then the time per guess.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import cv2
import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.evaluation.dataset import Dataset
from converters.intake import load_design
from converters.intake.kinds import DESIGN_KINDS, DesignKind
from converters.offline.kind import KindGuess, guess_kind
from converters.offline.reading import design_css_image

EVAL: Final = Path(__file__).resolve().parents[2] / "shared" / "eval"
SETS: Final[tuple[tuple[str, DesignKind], ...]] = (
    ("design2code", "screenshot"),
    ("webcode2m", "screenshot"),
    ("sketches", "sketch"),
    ("sketches-train", "sketch"),
    ("sketches/salt-demo", "wireframe"),
)
PHOTO_SHARE: Final = 0.7
"""Share of the first screen's width and height the pasted photo covers in the "big photo" variant."""
SCREEN: Final = 800
"""Height (px) of the first screen the photo is pasted into."""
JPEG_QUALITY: Final = 70
"""A chat app's or a quick export's JPEG quality."""
SCAN_WHITE: Final = 0.85
"""In the scanned variant, pixels at least this bright against the paper become pure white."""


def inputs(folder: Path) -> Iterator[tuple[str, Image.Image]]:
    for item in Dataset.load(folder).items:
        design = load_design(item.input.read_bytes(), item.input.name)
        yield item.input.name, design_css_image(design)


def dark(image: Image.Image) -> Image.Image:
    return ImageOps.invert(image.convert("RGB"))


def big_photo(eval_folder: Path, grey: bool) -> Callable[[Image.Image], Image.Image]:
    with Image.open(eval_folder / "design2code" / "rick.jpg") as opened:
        photo = opened.convert("RGB")
    if grey:
        photo = photo.convert("L").convert("RGB")

    def paste(image: Image.Image) -> Image.Image:
        page = image.convert("RGB")
        screen = min(page.height, SCREEN)
        size = (round(page.width * PHOTO_SHARE), round(screen * PHOTO_SHARE))
        page.paste(photo.resize(size), ((page.width - size[0]) // 2, (screen - size[1]) // 2))
        return page

    return paste


def jpeg(image: Image.Image) -> Image.Image:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def scanned(image: Image.Image) -> Image.Image:
    grey = np.asarray(image.convert("L"), np.float32)
    paper = cv2.GaussianBlur(cv2.dilate(grey, np.ones((15, 15), np.uint8)), (0, 0), 8)
    ratio = grey / np.maximum(paper, 1.0)
    flat = np.where(ratio >= SCAN_WHITE, 255.0, np.clip(ratio * 255.0, 0, 255))
    return Image.fromarray(flat.astype(np.uint8)).convert("RGB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    parser.add_argument("--no-variants", action="store_true", help="only the sets as they are")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; kinds {', '.join(DESIGN_KINDS)}")
    rows: list[tuple[str, DesignKind, dict[DesignKind, int]]] = []
    misses: list[tuple[str, str, DesignKind, KindGuess]] = []
    seconds: list[float] = []
    variants: list[tuple[str, DesignKind, Callable[[Image.Image], Image.Image]]] = [
        ("dark mode", "screenshot", dark),
        ("big photo", "screenshot", big_photo(args.eval, grey=False)),
        ("big grey photo", "screenshot", big_photo(args.eval, grey=True)),
        ("JPEG", "screenshot", jpeg),
        ("scanned", "sketch", scanned),
    ]
    for folder, truth in SETS:
        made = [(folder, lambda image: image)]
        if not args.no_variants:
            made += [(f"{folder}, {name}", change) for name, want, change in variants if want == truth]
        counts: dict[str, dict[DesignKind, int]] = {
            label: dict.fromkeys(DESIGN_KINDS, 0) for label, _ in made
        }
        for name, image in inputs(args.eval / folder):
            for label, change in made:
                picture = change(image)
                started = time.perf_counter()
                guess = guess_kind(picture)
                if label == folder:
                    seconds.append(time.perf_counter() - started)
                counts[label][guess.kind] += 1
                if guess.kind != truth:
                    misses.append((label, name, truth, guess))
        rows += [(label, truth, counts[label]) for label, _ in made]
    width = max(len(label) for label, _, _ in rows)
    print(f"\n| {'set'.ljust(width)} | truth | " + " | ".join(DESIGN_KINDS) + " | right |")
    print(f"|{'-' * (width + 2)}|-------|" + "|".join("-" * (len(k) + 2) for k in DESIGN_KINDS) + "|-------|")
    for label, truth, count in rows:
        total = sum(count.values())
        cells = " | ".join(str(count[k]).rjust(len(k)) for k in DESIGN_KINDS)
        print(f"| {label.ljust(width)} | {truth[:5]} | {cells} | {count[truth] / total:5.0%} |")
    plain = [(truth, count) for label, truth, count in rows if "," not in label]
    right = sum(count[truth] for truth, count in plain)
    total = sum(sum(count.values()) for _, count in plain)
    print(f"\nThe {total} images as they are: {right} right ({right / total:.1%}).")
    for label, name, truth, guess in misses:
        m = guess.measures
        print(
            f"  {label}/{name}: {truth} -> {guess.kind} ({guess.reason}); edges {m.straight_edges:.1f}, "
            f"letters {m.letters:.1f}, typed {m.typed_letters:.1f}, colour {m.colourful:.3f}, "
            f"crosses {m.crosses}, scribbles {m.scribbles:.2f}"
        )
    print(
        f"\nguess_kind time: median {statistics.median(seconds) * 1000:.0f} ms, "
        f"max {max(seconds) * 1000:.0f} ms over {len(seconds)} images"
    )


if __name__ == "__main__":
    main()
