"""Stopping the offline engine: between its stages and inside its OCR (before each region and
recogniser batch, and during a model run); its stages are reported in order with their counts.
A stop is ``ConversionStoppedError`` with nothing kept, never an OCR failure; a token that is
never cancelled changes nothing in the output."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from converters.cancel import Cancellation, Cancelled
from converters.conversion import (
    CodeEvent,
    ConversionEvent,
    ConversionRequest,
    StageEvent,
    StatusEvent,
    StopConversion,
)
from converters.errors import ConversionStoppedError
from converters.intake import load_design
from converters.ocr import interrupt, reader
from converters.offline.engine import STAGES, OfflineEngine
from converters.targets import Target
from tests.builders import FONT_DIR, encode, landing_page
from tests.fakes.engines import EventLog

FINDING, READING, SHAPES, LAYOUT, WRITING = range(1, len(STAGES) + 1)


@pytest.fixture(scope="module")
def landing() -> ConversionRequest:
    """The landing page with five features listed under it: several text regions, many lines."""
    image = Image.new("RGB", (1280, 1260), "white")
    image.paste(landing_page(), (0, 0))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", 20)
    for n in range(5):
        draw.text((120, 860 + 80 * n), f"Feature {n + 1}: it works offline", font=font, fill=(17, 24, 39))
    design = load_design(encode(image, "PNG"), "landing.png")
    return ConversionRequest(design=design, target=Target.HTML_CSS)


def _stages(events: list[ConversionEvent], index: int) -> list[StageEvent]:
    return [event for event in events if isinstance(event, StageEvent) and event.index == index]


def test_every_stage_is_reported_in_order_with_its_counts(landing: ConversionRequest) -> None:
    events = EventLog()
    OfflineEngine().convert(landing, events)
    stages = events.of(StageEvent)
    indices = [event.index for event in stages]  # type: ignore[attr-defined]
    assert indices == sorted(indices) and set(indices) == set(range(1, len(STAGES) + 1))
    for index, (name, unit) in enumerate(STAGES, start=1):
        assert {(event.name, event.unit, event.count) for event in _stages(events, index)} == {
            (name, unit, len(STAGES))
        }
    for index in (FINDING, READING):  # the OCR counts its regions, then its lines, to the last
        counted = [event for event in _stages(events, index) if event.total]
        assert [event.done for event in counted] == list(range(counted[-1].total + 1))
        assert counted[-1].total > 2
    statuses = [event.text for event in events.of(StatusEvent)]  # type: ignore[attr-defined]
    assert statuses == [f"{name}…" for name, _ in STAGES]  # in words, once per stage
    assert isinstance(events[-1], CodeEvent)


@pytest.mark.parametrize("stage", [READING, SHAPES, WRITING])
def test_a_cancel_as_a_stage_begins_stops_the_engine_before_it_works(
    landing: ConversionRequest, stage: int
) -> None:
    token = Cancellation()
    events: list[ConversionEvent] = []

    def on_event(event: ConversionEvent) -> None:
        events.append(event)
        if isinstance(event, StageEvent) and event.index == stage:
            token.cancel()

    with pytest.raises(ConversionStoppedError) as stopped:
        OfflineEngine().convert(landing, on_event, cancel=token)
    assert stopped.value.partial is None and str(stopped.value).startswith("Stopped after")
    reached = [event for event in events if isinstance(event, StageEvent)]
    assert reached[-1].index == stage and reached[-1].done == 0  # nothing done in it
    assert not any(isinstance(event, CodeEvent) for event in events)


@pytest.mark.parametrize("stage", [FINDING, READING])
def test_a_cancel_inside_the_ocr_stops_it_before_its_next_region_or_batch(
    landing: ConversionRequest, stage: int
) -> None:
    token = Cancellation()
    events: list[ConversionEvent] = []

    def on_event(event: ConversionEvent) -> None:
        events.append(event)
        if isinstance(event, StageEvent) and event.index == stage and event.done == 2:
            token.cancel()

    with pytest.raises(ConversionStoppedError):
        OfflineEngine().convert(landing, on_event, cancel=token)
    counted = [event for event in _stages(events, stage) if event.total]
    assert [event.done for event in counted] == [0, 1, 2] and counted[-1].total > 2
    assert max(event.index for event in events if isinstance(event, StageEvent)) == stage


def test_a_handler_that_stops_inside_the_ocr_is_a_stop_not_an_ocr_failure(landing: ConversionRequest) -> None:
    read: list[int] = []

    def on_event(event: ConversionEvent) -> None:
        if isinstance(event, StageEvent) and event.index == READING and event.done:
            read.append(event.done)
            raise StopConversion  # from an OCR thread's progress report

    with pytest.raises(ConversionStoppedError):
        OfflineEngine().convert(landing, on_event)
    assert read == [1]


def test_a_token_that_is_never_cancelled_changes_nothing(landing: ConversionRequest) -> None:
    plain = OfflineEngine().convert(landing)
    watched = OfflineEngine().convert(landing, EventLog(), cancel=Cancellation())
    assert watched.code == plain.code and watched.warnings == plain.warnings


# --- a model run in progress -------------------------------------------------------------------

PAGE = np.full((96, 320, 3), 255, np.uint8)


def test_a_detector_run_under_a_cancelled_token_is_terminated_by_onnxruntime() -> None:
    detector, _ = reader._stages(1)
    token = Cancellation()
    with interrupt.interruptible(token):
        detector(PAGE)  # runs as usual while the token is not cancelled
        token.cancel()
        with pytest.raises(Exception, match="terminate flag"):
            detector(PAGE)
    detector(PAGE)  # other runs are not affected


def test_a_run_terminated_by_a_stop_is_reported_as_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    detector, recogniser = reader._stages(1)
    token = Cancellation()

    def stopped_while_running(image: np.ndarray) -> object:
        token.cancel()  # as if Stop were pressed while the model runs
        return detector(image)

    monkeypatch.setattr(reader, "_stages", lambda threads: (stopped_while_running, recogniser))
    with pytest.raises(Cancelled):
        reader.detect_quads(PAGE, cancel=token)


def test_a_cancelled_token_stops_recognition_before_its_first_batch() -> None:
    token = Cancellation()
    token.cancel()
    crop = np.asarray(Image.new("RGB", (120, 30), "white"))
    with pytest.raises(Cancelled):
        reader.recognise([crop, crop[:, :60]], cancel=token)
