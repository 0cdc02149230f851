"""Golden outputs of the whole offline engine, from pixels to code: a few designs of each kind
(screenshot, digital wireframe, photo of a sketch), drawn by the tests, each converted as a user
would (the kind guessed), with the kind taken and the sha256 of the code per target kept in
``tests/unit/golden/offline/pipeline.json`` with the ``PIPELINE_VERSION`` that wrote them.

The render-stage goldens (``test_offline_golden``) show a diff to review; these catch a change
anywhere before it (OCR, shapes, routing, the sketch detector, classify, layout) and ask for the
version bump that goes with it: a changed hash under the same ``PIPELINE_VERSION`` fails with
that request. When the change is meant, bump the version and write the file again:

    HANDOFF_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_offline_pipeline_golden.py
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import numpy as np
import pytest
from PIL import Image, ImageDraw

from converters.intake import load_design
from converters.offline.engine import PIPELINE_VERSION
from converters.offline.reading import write_code
from converters.offline.routing import read_design_of
from converters.targets import Target
from tests.builders import encode, landing_page
from tests.unit.test_offline_kind import page, paper_photo, wireframe
from tests.unit.test_sketch_detector import pen_sketch

GOLDEN: Final = Path(__file__).parent / "golden" / "offline" / "pipeline.json"
UPDATE: Final = "HANDOFF_UPDATE_GOLDEN"
DESIGNS: Final[dict[str, tuple[str, Callable[[], Image.Image]]]] = {
    "landing": ("screenshot", landing_page),
    "typed-page": ("screenshot", page),
    "crossed-boxes": ("wireframe", wireframe),
    "form-wireframe": ("wireframe", lambda: form_wireframe()),
    "pen-sketch": ("sketch", lambda: photographed(pen_sketch()[0])),
    "paper-photo": ("sketch", paper_photo),
}
"""Name -> (the kind a user would expect it read as, the picture)."""


def form_wireframe() -> Image.Image:
    """A grey digital form wireframe: outlined inputs under text bars, a dark button, a crossed
    picture, drawn with ruler-straight lines."""
    image = Image.new("RGB", (700, 560), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 30, 340, 54), fill=(150, 150, 150))  # a heading's bar
    for top in (100, 200):
        draw.rectangle((40, top, 200, top + 12), fill=(190, 190, 190))  # a label's bar
        draw.rectangle((40, top + 24, 380, top + 64), outline=(90, 90, 90), width=2)  # an input
    draw.rectangle((40, 310, 200, 354), fill=(70, 70, 70))  # a button
    draw.rectangle((440, 100, 660, 300), outline=(0, 0, 0), width=2)
    draw.line((440, 100, 660, 300), fill=(0, 0, 0), width=2)
    draw.line((440, 300, 660, 100), fill=(0, 0, 0), width=2)
    return image


def photographed(drawing: Image.Image) -> Image.Image:
    """``drawing`` as a phone photo of it: a little turned, lit from one side, with camera noise."""
    rng = np.random.default_rng(7)
    turned = drawing.rotate(1.5, resample=Image.BICUBIC, expand=False, fillcolor=(236, 234, 228))
    pixels = np.asarray(turned, dtype=np.float64)
    light = np.linspace(0.88, 1.02, pixels.shape[1])[None, :, None]
    noisy = pixels * light + rng.normal(0, 3, pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict[str, str]]:
    """Each design read once as the engine reads it (``read_design_of``, the kind guessed) and
    written for every target: the kind taken and each code's sha256."""
    found: dict[str, dict[str, str]] = {}
    for name, (_, draw) in DESIGNS.items():
        design = load_design(encode(draw(), "PNG"), f"{name}.png")
        read = read_design_of(design)
        entry = {"kind": read.kind or ""}
        for target in Target:
            code = write_code(read, target, design.source_name)
            entry[target.value] = hashlib.sha256(code.encode()).hexdigest()
        found[name] = entry
    return found


def test_each_design_is_read_as_its_kind(outputs: dict[str, dict[str, str]]) -> None:
    assert {name: entry["kind"] for name, entry in outputs.items()} == {
        name: kind for name, (kind, _) in DESIGNS.items()
    }


def test_the_code_matches_its_golden_hash_or_the_version_was_bumped(
    outputs: dict[str, dict[str, str]],
) -> None:
    if os.environ.get(UPDATE):
        GOLDEN.write_text(
            json.dumps({"pipeline_version": PIPELINE_VERSION, "designs": outputs}, indent=1) + "\n"
        )
    golden: dict[str, Any] = json.loads(GOLDEN.read_text())
    changed = sorted(name for name in DESIGNS if golden["designs"].get(name) != outputs[name])
    if not changed:
        assert golden["pipeline_version"] == PIPELINE_VERSION, (
            f"{GOLDEN.name} was written at PIPELINE_VERSION {golden['pipeline_version']}: run with {UPDATE}=1"
        )
        return
    if golden["pipeline_version"] == PIPELINE_VERSION:
        pytest.fail(
            f"the offline engine's code changed for {', '.join(changed)} under the same PIPELINE_VERSION "
            f"{PIPELINE_VERSION}: if the change is meant, bump PIPELINE_VERSION in "
            f"converters/offline/engine.py and run with {UPDATE}=1; if not, it is a regression"
        )
    written = golden["pipeline_version"]
    pytest.fail(f"PIPELINE_VERSION is {PIPELINE_VERSION}, the goldens {written}: run with {UPDATE}=1")
