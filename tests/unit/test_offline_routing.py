"""The offline engine reads each kind of design its own way: a kind the user names is obeyed (and
really changes the pixel path), a guessed one is said to be a guess, and the note says which."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image

from converters import load_design
from converters.conversion import ConversionRequest
from converters.intake.kinds import DESIGN_KINDS
from converters.offline import routing
from converters.offline.engine import OfflineEngine
from converters.offline.kind import KindGuess, KindMeasures
from converters.offline.model import Box, Detection
from converters.offline.reading import DesignRead, design_css_image, write_code
from converters.offline.sketch.build import SKETCH_NOTE
from converters.offline.sketch.detector import SketchBox
from converters.targets import Target
from tests.builders import encode, mock_ui
from tests.unit.test_offline_kind import paper_photo

MEASURES = KindMeasures(0.0, 0.0, 0.0, 0.0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand-ins for the pixel read: each call's keyword arguments, and a real reading of a
    blank page (cheap: no OCR)."""
    calls: list[dict[str, Any]] = []
    empty = Detection(width=320, height=200, background=(255, 255, 255), lines=(), shapes=(), warnings=())
    blank = routing.read_detection(empty, None)

    def read(image: object, **kwargs: Any) -> DesignRead:
        calls.append(kwargs)
        return blank

    monkeypatch.setattr(routing, "read_design", read)
    return calls


def _design() -> Any:
    return load_design(encode(mock_ui(), "PNG"), "mock.png")


@pytest.mark.parametrize(("kind", "sketchy"), [("wireframe", True), ("screenshot", False)])
def test_a_named_kind_forces_the_shapes_reading(
    kind: Any, sketchy: bool, reads: list[dict[str, Any]]
) -> None:
    read = routing.read_design_of(_design(), kind=kind)
    assert reads[-1]["sketchy"] is sketchy
    assert read.kind == kind
    assert read.notes == (f"Read as {routing.KIND_READ_AS[kind]}, the kind you chose.",)


def test_a_guessed_kind_leaves_the_shapes_to_decide_and_says_how_to_change_it(
    reads: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routing, "guess_kind", lambda image: KindGuess("wireframe", "it is grey", MEASURES))
    read = routing.read_design_of(_design())
    assert reads[-1]["sketchy"] is None  # a screenshot's output stays what it was
    assert read.kind == "wireframe"
    assert read.notes == (f"Read as a digital wireframe: it is grey. {routing.KIND_NOT_RIGHT}",)


def test_a_sketch_goes_through_read_sketch_photo(
    monkeypatch: pytest.MonkeyPatch, reads: list[dict[str, Any]]
) -> None:
    seen: list[object] = []
    original = routing.read_sketch_photo

    def spy(image: object, **kwargs: Any) -> DesignRead:
        seen.append(image)
        return original(image, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(routing, "read_sketch_photo", spy)
    design = load_design(encode(paper_photo(), "PNG"), "photo.png")
    read = routing.read_design_of(design)  # guessed: a photo of paper
    assert len(seen) == 1 and read.kind == "sketch"
    assert read.notes[0].startswith("Read as a hand-drawn sketch (photo of paper): it looks like paper")


def test_every_kind_has_words_for_its_note() -> None:
    assert set(routing.KIND_READ_AS) == set(DESIGN_KINDS) == {*routing.SKETCHY, "sketch"}


def test_the_kind_in_a_request_reaches_the_engines_read_and_its_note() -> None:
    request = ConversionRequest(
        load_design(encode(mock_ui(), "PNG"), "mock.png"), Target.HTML_CSS, kind="sketch"
    )
    conversion = OfflineEngine().convert(request)
    assert conversion.notes == (
        "Read as a hand-drawn sketch (photo of paper), the kind you chose.",
        SKETCH_NOTE,
    )


def test_a_sketch_photo_is_read_by_the_learned_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []

    def detector(image: Image.Image) -> tuple[SketchBox, ...]:
        calls.append(image.size)
        return (
            SketchBox("CheckBox", Box(40, 40, 200, 30), 0.9),
            SketchBox("Button", Box(40, 120, 160, 44), 0.9),
        )

    monkeypatch.setattr(routing, "detect_widgets", detector)
    design = load_design(encode(paper_photo(), "PNG"), "photo.png")
    read = routing.read_design_of(design, kind="sketch")
    assert calls == [design_css_image(design).size]
    code = write_code(read, Target.HTML_CSS, "photo.png")
    assert 'type="checkbox"' in code and "<button" in code
