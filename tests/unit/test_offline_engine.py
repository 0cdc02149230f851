"""The ``offline`` engine end to end on drawn designs: every target, determinism, empty input."""

from __future__ import annotations

import dataclasses

import pytest
from PIL import Image

from converters.conversion import ConversionRequest, StatusEvent, StopConversion
from converters.engines import create_engine
from converters.errors import ConversionStoppedError
from converters.extract import validate_code
from converters.intake import load_design
from converters.offline.engine import OfflineEngine
from converters.settings import Settings
from converters.targets import Target
from tests.builders import encode, landing_page


def _request(image: Image.Image, target: Target, name: str = "landing.png") -> ConversionRequest:
    return ConversionRequest(design=load_design(encode(image, "PNG"), name), target=target)


@pytest.fixture(scope="module")
def landing() -> Image.Image:
    return landing_page()


@pytest.mark.parametrize("target", list(Target))
def test_every_target_gives_valid_code_with_the_designs_text(landing: Image.Image, target: Target) -> None:
    conversion = OfflineEngine().convert(_request(landing, target))
    assert conversion.engine == "offline" and conversion.target is target and conversion.complete
    repaired, problems = validate_code(conversion.code, target)
    assert repaired == conversion.code and problems == ()
    for text in ("Design to code, offline", "Get started", "Pricing", "Email address"):
        assert text in conversion.code
    assert "position: absolute" not in conversion.code and "absolute" not in conversion.code.split()
    assert conversion.usage is None and conversion.warnings == ()
    if target is Target.HTML_CSS:
        assert "<header" in conversion.code and "<nav" in conversion.code and "<button" in conversion.code
        assert "<input" in conversion.code and "<img" in conversion.code and " style=" not in conversion.code


def test_the_same_image_gives_byte_identical_code(landing: Image.Image) -> None:
    first = OfflineEngine().convert(_request(landing, Target.REACT_TAILWIND))
    second = OfflineEngine().convert(_request(landing, Target.REACT_TAILWIND))
    assert first.code == second.code


def test_instructions_are_said_to_be_ignored_and_change_nothing(landing: Image.Image) -> None:
    plain = OfflineEngine().convert(_request(landing, Target.HTML_CSS))
    asked = dataclasses.replace(_request(landing, Target.HTML_CSS), instructions="use a dark theme")
    steered = OfflineEngine().convert(asked)
    assert steered.code == plain.code
    assert [w for w in steered.warnings if "instructions were not followed" in w]


def test_a_blank_design_gives_a_small_page_and_says_why() -> None:
    conversion = OfflineEngine().convert(_request(Image.new("RGB", (800, 600), "white"), Target.HTML_CSS))
    assert "No content was detected" in conversion.code
    assert any("No text or shapes" in warning for warning in conversion.warnings)
    assert len(conversion.code) < 3000


def test_progress_is_reported_and_stop_is_honoured(landing: Image.Image) -> None:
    seen: list[str] = []

    def record(event: object) -> None:
        if isinstance(event, StatusEvent):
            seen.append(event.text)

    OfflineEngine().convert(_request(landing, Target.HTML_CSS), record)
    assert seen[:2] == ["Finding the text…", "Reading the text…"] and seen[-1] == "Writing the code…"

    def stop(event: object) -> None:
        raise StopConversion

    with pytest.raises(ConversionStoppedError):
        OfflineEngine().convert(_request(landing, Target.HTML_CSS), stop)


def test_offline_is_the_default_engine_without_a_key_and_needs_none() -> None:
    settings = Settings.from_env({})
    assert settings.engine == "offline"
    engine = create_engine("offline", settings)
    assert engine.name == "offline" and engine.needs_key is False
