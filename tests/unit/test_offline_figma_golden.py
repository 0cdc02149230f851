"""Golden outputs of the offline engine for designs read from Figma nodes: two hand-made frames
(``tests/figma_nodes.py``), each written for every target and compared byte for byte with the
files in ``tests/unit/golden/offline/`` (``figma-*``). Rewrite them as ``test_offline_golden``
says when a change to the output is meant."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final

import pytest

from converters.offline.figma import read_figma
from converters.offline.reading import write_code
from converters.targets import Target
from tests import figma_nodes as fx
from tests.unit.test_offline_golden import GOLDEN, SUFFIX, UPDATE

FRAMES: Final[dict[str, Callable[[], dict[str, Any]]]] = {
    "figma-landing": fx.landing_frame,
    "figma-form": fx.form_frame,
}


@pytest.mark.parametrize("target", list(Target), ids=lambda target: target.value)
@pytest.mark.parametrize("name", sorted(FRAMES))
def test_output_matches_its_golden_file(name: str, target: Target) -> None:
    code = write_code(read_figma(FRAMES[name](), fx.COMPONENTS), target, name)
    path = GOLDEN / f"{name}.{SUFFIX[target]}"
    if os.environ.get(UPDATE) == "1":
        path.write_text(code, encoding="utf-8")
    assert path.is_file(), f"No golden file {path.name}: run with {UPDATE}=1 to write it."
    assert code == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then {UPDATE}=1"
