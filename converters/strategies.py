"""Variants, ranked: one design converted by a model in several ways at once, each scored against
the design, best first.

The strategies, in the order "Variants N" takes them: ``plain`` (the image alone), ``grounded``
(with the offline engine's reading), ``grounded + draft`` (and its code to improve) and ``agent``
(grounded, with a ``check_render`` tool: ``converters.agent``). The user's rounds of check and
revise apply to the first three; the agent gets as many checks (one at least). The design is read
once and the reading shared; the variants ask the endpoint at the same time (threads: the engine's
client is thread-safe), and the fidelity service renders and scores them one after the other.

The rank is ``combined_fidelity``, the number a revision must beat (``converters.revise``). A
variant that fails keeps its error and ranks last; the others go on. ``VariantsConverter`` is a
``Converter``, so the app's job, the CLI and the eval harness run it as any engine: its result is
the best variant, and ``ranked`` keeps them all for the strip, the library and the printout.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from converters.agent import AgentConverter, supports_agent
from converters.cancel import Cancellation
from converters.conversion import (
    CodeEvent,
    Conversion,
    ConversionEvent,
    ConversionRequest,
    Converter,
    DesignReading,
    EventHandler,
    Grounding,
    ReadsDesign,
    StatusEvent,
    Usage,
    UsageEvent,
)
from converters.errors import ConversionStoppedError, EngineError, HandoffError
from converters.fidelity.service import ScoredConversion
from converters.revise import RevisingConverter, Scorer, combined_fidelity
from converters.versions import thread_usage


class Strategy(StrEnum):
    """One way of asking the model, in the order "Variants N" takes them."""

    PLAIN = "plain"
    GROUNDED = "grounded"
    DRAFT = "grounded+draft"
    AGENT = "agent"

    @property
    def label(self) -> str:
        return STRATEGY_LABELS[self]


STRATEGY_LABELS: Final = {
    Strategy.PLAIN: "Plain",
    Strategy.GROUNDED: "Grounded",
    Strategy.DRAFT: "Grounded + draft",
    Strategy.AGENT: "Agent",
}
MAX_VARIANTS: Final = len(Strategy)
"""One variant per strategy: a second copy of the same strategy differs only by the model's
sampling, which the ranking would reward by luck."""


def strategies(n: int) -> tuple[Strategy, ...]:
    """The first ``n`` strategies (1 to ``MAX_VARIANTS``)."""
    if not 1 <= n <= MAX_VARIANTS:
        raise ValueError(f"variants must be 1 to {MAX_VARIANTS}, got {n}")
    return tuple(Strategy)[:n]


@dataclass(frozen=True)
class Variant:
    """One strategy's outcome: its conversion (``None`` when it failed; then ``error`` says why),
    its combined fidelity and the render it was scored on (``None`` when it could not be scored)."""

    strategy: Strategy
    conversion: Conversion | None
    score: float | None = None
    scored: ScoredConversion | None = None
    error: str = ""

    @property
    def label(self) -> str:
        return self.strategy.label


def rank(variants: list[Variant]) -> list[Variant]:
    """Best first: scored variants by score, then unscored results, then failures (stable)."""
    return sorted(
        variants,
        key=lambda v: (v.conversion is None, v.score is None, -(v.score or 0.0)),
    )


class VariantsConverter:
    """Converts with each of ``chosen`` strategies on ``engine`` and ranks them (module docstring).

    ``convert`` returns the best variant's conversion; ``ranked`` then holds every variant, best
    first. Live events: status lines name the variant; the code shown live is the first variant's
    (several streams in one view would be unreadable); tokens are summed over the variants.
    """

    def __init__(
        self,
        engine: Converter,
        score: Scorer,
        chosen: tuple[Strategy, ...],
        *,
        rounds: int = 0,
        max_cost_usd: float | None = None,
        picture: bool = True,
    ) -> None:
        if not chosen:
            raise ValueError("at least one strategy")
        if Strategy.AGENT in chosen and not supports_agent(engine):
            raise ValueError(f"the {engine.name} engine has no tool calls for the agent strategy")
        self.engine = engine
        self.score = score
        self.chosen = chosen
        self.rounds = rounds
        self.max_cost_usd = max_cost_usd
        self.picture = picture
        self.ranked: list[Variant] = []

    @property
    def name(self) -> str:
        return self.engine.name

    @property
    def needs_key(self) -> bool:
        return self.engine.needs_key

    def close(self) -> None:
        self.engine.close()

    def convert(
        self,
        request: ConversionRequest,
        on_event: EventHandler | None = None,
        *,
        cancel: Cancellation | None = None,
    ) -> Conversion:
        """The best variant's conversion (see the class docstring). Raises the first variant's
        error when none produced code, and ``ConversionStoppedError`` when stopped."""
        cancel = cancel or Cancellation()
        shared = self._read_once(request, on_event, cancel)
        relay = _Relay(on_event, self.chosen)

        def run(index: int, strategy: Strategy) -> Variant:
            converter = self._converter(strategy)
            try:
                conversion = converter.convert(
                    request_for(shared, strategy), relay.handler(index), cancel=cancel
                )
            except ConversionStoppedError:
                raise
            except HandoffError as exc:
                relay.say(index, f"failed: {exc}")
                return Variant(strategy, None, error=str(exc))
            relay.say(index, "scoring…")
            try:
                scored = self.score(conversion)
            except (HandoffError, TimeoutError) as exc:  # a render that failed: the code is kept, unranked
                relay.say(index, "could not be scored")
                return Variant(strategy, conversion, error=f"It could not be scored ({type(exc).__name__}).")
            value = combined_fidelity(scored)
            relay.say(index, f"fidelity {value:.0%}")
            return Variant(strategy, conversion, value, scored)

        with ThreadPoolExecutor(max_workers=len(self.chosen), thread_name_prefix="handoff-variant") as pool:
            futures = [pool.submit(run, i, strategy) for i, strategy in enumerate(self.chosen)]
            outcomes: list[Variant] = []
            stopped: ConversionStoppedError | None = None
            for strategy, future in zip(self.chosen, futures, strict=True):
                try:
                    outcomes.append(future.result())
                except ConversionStoppedError as exc:
                    stopped = stopped or exc
                    if isinstance(exc.partial, Conversion):
                        outcomes.append(Variant(strategy, exc.partial, error=str(exc)))
        self.ranked = rank(outcomes)
        best = self.ranked[0] if self.ranked else None
        if stopped is not None:
            raise ConversionStoppedError(str(stopped), partial=best.conversion if best else None)
        if best is None or best.conversion is None:
            errors = [v.error for v in self.ranked if v.error]
            raise EngineError(errors[0] if errors else "No variant produced code.")
        return _named(best.conversion, self.ranked)

    @property
    def spent(self) -> Usage | None:
        """Tokens and cost of every variant of the last ``convert`` (``None``: none reported)."""
        used = thread_usage([v.conversion for v in self.ranked if v.conversion is not None])
        if not used.turns:
            return None
        return Usage(used.input_tokens, used.cached_tokens, used.output_tokens, used.cost_usd)

    def _read_once(
        self, request: ConversionRequest, on_event: EventHandler | None, cancel: Cancellation
    ) -> ConversionRequest:
        """``request`` with the reading every grounded strategy shares (made once, with the
        draft), or as it is when only the plain strategy runs."""
        if self.chosen == (Strategy.PLAIN,) or not isinstance(self.engine, ReadsDesign):
            return request
        grounding = request.grounding if request.grounding is not Grounding.OFF else Grounding.LAYOUT
        wanted = dataclasses.replace(request, grounding=grounding, draft=Strategy.DRAFT in self.chosen)
        return self.engine.prepare(wanted, on_event, cancel)

    def _converter(self, strategy: Strategy) -> Converter:
        if strategy is Strategy.AGENT:
            return AgentConverter(
                self.engine, self.score, checks=max(1, self.rounds), max_cost_usd=self.max_cost_usd
            )
        if self.rounds > 0:
            return RevisingConverter(
                self.engine,
                self.score,
                rounds=self.rounds,
                max_cost_usd=self.max_cost_usd,
                picture=self.picture,
            )
        return self.engine


def request_for(shared: ConversionRequest, strategy: Strategy) -> ConversionRequest:
    """``shared`` (read once, with the draft) as ``strategy`` asks: plain drops the reading, the
    grounded strategies without a draft drop the draft."""
    if strategy is Strategy.PLAIN:
        return dataclasses.replace(shared, grounding=Grounding.OFF, draft=False, reading=None)
    grounding = shared.grounding if shared.grounding is not Grounding.OFF else Grounding.LAYOUT
    # A design that could not be read is asked without a reading, not read again by each variant.
    reading = shared.reading or DesignReading(facts="", tokens=0)
    if strategy is Strategy.DRAFT:
        return dataclasses.replace(shared, grounding=grounding, draft=True, reading=reading)
    without_draft = dataclasses.replace(reading, draft="")
    return dataclasses.replace(shared, grounding=grounding, draft=False, reading=without_draft)


def _named(best: Conversion, ranked: list[Variant]) -> Conversion:
    """``best`` with its strategy named as the winning variant. Its tokens and cost stay its own:
    each variant is kept as a conversion of its own, and a thread's sum must not count one twice
    (``VariantsConverter.spent`` is the whole run's)."""
    strategy = f"best of {len(ranked)} variants: {ranked[0].label.lower()}"
    if best.strategy:
        strategy += f" ({best.strategy})"
    return dataclasses.replace(best, strategy=strategy)


class _Relay:
    """The variants' events as one conversion's: status lines that name the variant, the first
    variant's code, and the tokens summed."""

    def __init__(self, on_event: EventHandler | None, chosen: tuple[Strategy, ...]) -> None:
        self._on_event = on_event
        self._chosen = chosen
        self._lock = threading.Lock()
        self._state = ["waiting…" for _ in chosen]
        self._usage: list[Usage | None] = [None for _ in chosen]

    def handler(self, index: int) -> Callable[[ConversionEvent], None]:
        def relay(event: ConversionEvent) -> None:
            if isinstance(event, CodeEvent):
                if index == 0:
                    self._emit(event)
                else:
                    self.say(index, "writing code…")
            elif isinstance(event, StatusEvent):
                self.say(index, event.text)
            elif isinstance(event, UsageEvent):
                with self._lock:
                    self._usage[index] = event.usage
                    known = [usage for usage in self._usage if usage is not None]
                total = Usage(
                    sum(u.input_tokens for u in known),
                    sum(u.cached_tokens for u in known),
                    sum(u.output_tokens for u in known),
                    None if any(u.cost_usd is None for u in known) else sum(u.cost_usd or 0.0 for u in known),
                )
                self._emit(UsageEvent(total))
            else:  # reasoning, stages: the first variant's, as its code
                if index == 0:
                    self._emit(event)

        return relay

    def say(self, index: int, text: str) -> None:
        with self._lock:
            self._state[index] = text
            line = " · ".join(
                f"{strategy.label}: {state}"
                for strategy, state in zip(self._chosen, self._state, strict=True)
            )
        self._emit(StatusEvent(line))

    def _emit(self, event: ConversionEvent) -> None:
        if self._on_event is not None:
            self._on_event(event)


def asked_converter(
    engine: Converter,
    score: Scorer,
    *,
    rounds: int = 0,
    variants: int = 1,
    agent: bool = False,
    max_cost_usd: float | None = None,
    picture: bool = True,
) -> Converter:
    """``engine`` as the user asked it, the one place the app, ``handoff convert`` and
    ``handoff eval`` build it: ``variants`` > 1 ranks that many strategies; else ``agent`` gives
    the model ``rounds`` checks (one at least) as a tool, and ``rounds`` alone revises by turns
    (``picture``: each check turn sends the render's picture too)."""
    if variants > 1:
        return VariantsConverter(
            engine, score, strategies(variants), rounds=rounds, max_cost_usd=max_cost_usd, picture=picture
        )
    if agent:
        return AgentConverter(engine, score, checks=max(1, rounds), max_cost_usd=max_cost_usd)
    if rounds > 0:
        return RevisingConverter(engine, score, rounds=rounds, max_cost_usd=max_cost_usd, picture=picture)
    return engine


def variants_summary(converter: Converter) -> list[dict[str, object]] | None:
    """What a run records of its variants, best first (``None``: it ran none)."""
    if not isinstance(converter, VariantsConverter) or not converter.ranked:
        return None
    return [
        {
            "strategy": variant.strategy.value,
            "cost_usd": variant.conversion.usage.cost_usd
            if variant.conversion and variant.conversion.usage
            else None,
            "score": None if variant.score is None else round(variant.score, 4),
            "detail": variant.conversion.strategy if variant.conversion else "",
            "error": variant.error,
        }
        for variant in converter.ranked
    ]
