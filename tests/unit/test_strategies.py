"""Variants, ranked (``converters.strategies``) with a stub engine and a stub scorer: each strategy
asks the way it says, the design is read once, the variants are ranked by score, a failing variant
ranks last without stopping the others, and a stop keeps the best code so far."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, cast

import pytest

from converters.cancel import Cancellation
from converters.conversion import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    ConversionRequest,
    DesignReading,
    EventHandler,
    Grounding,
    StatusEvent,
    Timings,
    Usage,
    UsageEvent,
)
from converters.errors import ConversionStoppedError, EngineError, RefusalError
from converters.fidelity.service import ScoredConversion
from converters.strategies import (
    MAX_VARIANTS,
    Strategy,
    VariantsConverter,
    asked_converter,
    request_for,
    strategies,
    variants_summary,
)
from converters.targets import Target
from tests.fakes.engines import request as fake_request

FACTS = "Page: 640 x 400 CSS px."
DRAFT = "<main>offline draft</main>"


class StubEngine:
    """Answers with code that says how it was asked; reads the design once per ``prepare``."""

    name = "kimi"
    needs_key = True

    def __init__(self, fail: Strategy | None = None, stop_on: Strategy | None = None) -> None:
        self.fail = fail
        self.stop_on = stop_on
        self.reads = 0
        self.asked: list[ConversionRequest] = []
        self.lock = threading.Lock()

    def prepare(
        self, request: ConversionRequest, on_event: EventHandler | None, cancel: Any
    ) -> ConversionRequest:
        if request.reading is not None or (request.grounding is Grounding.OFF and not request.draft):
            return request
        with self.lock:
            self.reads += 1
        reading = DesignReading(facts=FACTS, tokens=7, draft=DRAFT if request.draft else "")
        return ConversionRequest(
            request.design,
            request.target,
            request.instructions,
            None,
            request.grounding,
            request.draft,
            reading,
        )

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        with self.lock:
            self.asked.append(request)
        asked = strategy_of(request)
        if on_event is not None:
            on_event(StatusEvent("Sending the design…"))
            on_event(CodeEvent(f"<p>{asked.value}</p>"))
            on_event(UsageEvent(Usage(100, 0, 50, 0.01)))
        if asked is self.fail:
            raise RefusalError("The model declined to convert this design.")
        if asked is self.stop_on:
            raise ConversionStoppedError(
                "Stopped by you.", partial=conversion(f"<p>{asked.value} half</p>", False)
            )
        return conversion(f"<p>{asked.value}</p>", True)

    def close(self) -> None:
        pass


def strategy_of(request: ConversionRequest) -> Strategy:
    if request.reading is None:
        return Strategy.PLAIN
    return Strategy.DRAFT if request.draft else Strategy.GROUNDED


def conversion(code: str, complete: bool) -> Conversion:
    return Conversion(
        code=code,
        target=Target.HTML_CSS,
        engine="kimi",
        model="kimi-k2.5",
        prompt_name="system",
        prompt_hash="0" * 64,
        timings=Timings(started_at="2026-12-03T00:00:00+00:00", total_s=1.0),
        usage=Usage(100, 0, 50, 0.01),
        complete=complete,
    )


@dataclass(frozen=True)
class StubReport:
    value: float

    def scores(self) -> dict[str, float]:
        return {key: self.value for key in ("block", "text", "position", "color", "visual")}


QUALITY = {"plain": 0.5, "grounded": 0.9, "grounded+draft": 0.7}


def stub_score(conversion: Conversion) -> ScoredConversion:
    """Scores each strategy's code by ``QUALITY``."""
    kind = conversion.code.removeprefix("<p>").removesuffix("</p>")
    return cast(ScoredConversion, type("Scored", (), {"report": StubReport(QUALITY[kind])})())


def test_the_strategies_come_in_their_order_and_n_is_bounded() -> None:
    assert strategies(1) == (Strategy.PLAIN,)
    assert strategies(MAX_VARIANTS) == (Strategy.PLAIN, Strategy.GROUNDED, Strategy.DRAFT, Strategy.AGENT)
    for bad in (0, MAX_VARIANTS + 1):
        with pytest.raises(ValueError):
            strategies(bad)


def test_each_strategy_asks_as_it_says_from_one_reading() -> None:
    shared = ConversionRequest(
        fake_request().design,
        Target.HTML_CSS,
        grounding=Grounding.TEXT,
        draft=True,
        reading=DesignReading(FACTS, 7, draft=DRAFT),
    )
    plain = request_for(shared, Strategy.PLAIN)
    assert (plain.grounding, plain.draft, plain.reading) == (Grounding.OFF, False, None)
    grounded = request_for(shared, Strategy.GROUNDED)
    assert grounded.grounding is Grounding.TEXT and not grounded.draft  # the user's grounding kept
    assert grounded.reading == DesignReading(FACTS, 7, draft="")
    drafted = request_for(shared, Strategy.DRAFT)
    assert drafted.draft and drafted.reading is not None and drafted.reading.draft == DRAFT
    # A design that could not be read: the grounded variants do not each try again.
    unread = request_for(ConversionRequest(shared.design, Target.HTML_CSS), Strategy.GROUNDED)
    assert unread.grounding is Grounding.LAYOUT and unread.reading == DesignReading("", 0)


def test_variants_are_ranked_by_score_and_the_best_is_the_result() -> None:
    engine = StubEngine()
    converter = VariantsConverter(engine, stub_score, strategies(3))
    events: list[ConversionEvent] = []
    result = converter.convert(ConversionRequest(fake_request().design, Target.HTML_CSS), events.append)

    assert engine.reads == 1  # the reading (with the draft) is made once and shared
    assert sorted(strategy_of(r).value for r in engine.asked) == ["grounded", "grounded+draft", "plain"]
    ranked = converter.ranked
    assert [v.strategy for v in ranked] == [Strategy.GROUNDED, Strategy.DRAFT, Strategy.PLAIN]
    assert [round(v.score or 0, 2) for v in ranked] == [0.9, 0.7, 0.5]
    assert result.code == "<p>grounded</p>"
    assert result.strategy.startswith("best of 3 variants: grounded")
    assert result.usage == Usage(100, 0, 50, 0.01)  # its own: each variant is kept on its own
    assert converter.spent == Usage(300, 0, 150, pytest.approx(0.03))
    # The live view: the first variant's code only, status lines naming every variant, tokens summed.
    codes = [e.text for e in events if isinstance(e, CodeEvent)]
    assert codes == ["<p>plain</p>"]
    last_status = [e.text for e in events if isinstance(e, StatusEvent)][-1]
    assert all(label in last_status for label in ("Plain: ", "Grounded: ", "Grounded + draft: "))
    assert [e.usage.input_tokens for e in events if isinstance(e, UsageEvent)][-1] == 300
    summary = variants_summary(converter)
    assert summary is not None and [row["strategy"] for row in summary] == [
        "grounded",
        "grounded+draft",
        "plain",
    ]


def test_a_failing_variant_ranks_last_and_the_others_go_on() -> None:
    converter = VariantsConverter(StubEngine(fail=Strategy.GROUNDED), stub_score, strategies(3))
    result = converter.convert(ConversionRequest(fake_request().design, Target.HTML_CSS))
    assert result.code == "<p>grounded+draft</p>"
    last = converter.ranked[-1]
    assert last.strategy is Strategy.GROUNDED and last.conversion is None
    assert "declined" in last.error


def test_every_variant_failing_is_an_error_that_says_why() -> None:
    engine = StubEngine(fail=Strategy.PLAIN)
    converter = VariantsConverter(engine, stub_score, strategies(1))
    with pytest.raises(EngineError, match="declined"):
        converter.convert(ConversionRequest(fake_request().design, Target.HTML_CSS))


def test_a_stop_keeps_the_best_code_so_far() -> None:
    converter = VariantsConverter(StubEngine(stop_on=Strategy.PLAIN), stub_score, strategies(2))
    with pytest.raises(ConversionStoppedError) as stopped:
        converter.convert(ConversionRequest(fake_request().design, Target.HTML_CSS))
    partial = stopped.value.partial
    assert isinstance(partial, Conversion) and partial.code == "<p>grounded</p>"


def test_asked_converter_builds_what_the_options_say() -> None:
    engine = StubEngine()
    assert asked_converter(engine, stub_score) is engine
    ranked = asked_converter(engine, stub_score, variants=2, rounds=1)
    assert isinstance(ranked, VariantsConverter) and ranked.chosen == strategies(2) and ranked.rounds == 1
    assert variants_summary(engine) is None
