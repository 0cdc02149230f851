"""Golden outputs of the offline engine's render stage: hand-made layout trees, each written for
every target, compared byte for byte with the files in ``tests/unit/golden/offline/``.

A change to what the engine writes shows up here as a diff to review. When the change is meant
(and ``PIPELINE_VERSION`` in ``converters/offline/engine.py`` is bumped with it), write the files
again and commit them with the change:

    HANDOFF_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_offline_golden.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pytest

from converters.offline.emit import emit, emit_frames
from converters.offline.emit.outline import outlined
from converters.offline.frames_view import frame_view
from converters.offline.model import Node
from converters.offline.reading import write_code
from converters.offline.sketch.detector import SketchBox
from converters.targets import Target
from tests.unit.test_offline_emit import dashboard_tree, sample_tree
from tests.unit.test_offline_frames import desktop, mobile
from tests.unit.test_sketch_build import form_widgets, page_widgets, read_of

GOLDEN: Final = Path(__file__).parent / "golden" / "offline"
UPDATE: Final = "HANDOFF_UPDATE_GOLDEN"
SUFFIX: Final = {
    Target.REACT_TAILWIND: "jsx",
    Target.HTML_CSS: "css.html",
    Target.HTML_TAILWIND: "tailwind.html",
}
TREES: Final[dict[str, Callable[[], Node]]] = {"landing": sample_tree, "dashboard": dashboard_tree}
SKETCHES: Final[dict[str, tuple[Callable[[], list[SketchBox]], tuple[int, int]]]] = {
    "sketch-form": (form_widgets, (1200, 800)),
    "sketch-page": (page_widgets, (1200, 900)),
}
"""Drawn sketches (``tests.unit.test_sketch_build``) with fixed widgets, read with no legible
handwriting: their code depends on the sketch build path and the emit, not on any model."""


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.value)
@pytest.mark.parametrize("name", sorted(TREES))
def test_output_matches_its_golden_file(name: str, target: Target) -> None:
    code = emit(TREES[name](), target, title=name.capitalize())
    path = GOLDEN / f"{name}.{SUFFIX[target]}"
    if os.environ.get(UPDATE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
    assert path.is_file(), f"No golden file {path.name}: run with {UPDATE}=1 to write it."
    assert code == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then {UPDATE}=1"


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.value)
def test_frames_output_matches_its_golden_file(target: Target) -> None:
    """A desktop and a mobile frame of one screen as one responsive page (issue 16)."""
    wide = outlined(desktop())
    code = emit_frames(
        wide, [frame_view(wide, mobile(studio_first=True), 390, 520)], ["md"], target, title="Plans"
    )
    path = GOLDEN / f"frames.{SUFFIX[target]}"
    if os.environ.get(UPDATE) == "1":
        path.write_text(code, encoding="utf-8")
    assert path.is_file(), f"No golden file {path.name}: run with {UPDATE}=1 to write it."
    assert code == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then {UPDATE}=1"


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.value)
@pytest.mark.parametrize("name", sorted(SKETCHES))
def test_sketch_output_matches_its_golden_file(
    name: str, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-drawn sketch's widgets as real controls on its grid (issue 14)."""
    widgets, size = SKETCHES[name]
    code = write_code(read_of(widgets(), size, monkeypatch), target, f"{name}.jpg")
    path = GOLDEN / f"{name}.{SUFFIX[target]}"
    if os.environ.get(UPDATE) == "1":
        path.write_text(code, encoding="utf-8")
    assert path.is_file(), f"No golden file {path.name}: run with {UPDATE}=1 to write it."
    assert code == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then {UPDATE}=1"
