"""Agent mode: the model checks its own code before it answers.

The sibling of check and revise (``converters.revise``): there Handoff scores the answer and asks
for a revision; here the model gets a tool, ``check_render``, that it may call with its complete
code up to ``checks`` times before it answers (``OpenAICompatibleEngine.convert_checking``, in
the chat-completions API's own tool messages). Each call is rendered and scored against the
upload with the same ``Scorer``, and the model is told the combined fidelity, the five scores and
the same feedback as a revision gets (``converters.fidelity.feedback``).

``AgentConverter`` wraps a model engine and is itself a ``Converter``. Every call is recorded as a
``CheckRound`` (shown where check and revise rounds are). The final answer is scored too, and the
result is the best of the answer and every checked code: never worse than what Handoff can
measure. The cost cap (``HANDOFF_MAX_COST_USD``) ends the loop with the best code so far and says
so; a turn that fails after a check (401, 429, a timeout) ends it the same way. An engine that
cannot call tools (``offline``) is refused when the converter is made (``supports_agent``).
"""

from __future__ import annotations

import dataclasses
import time
from contextlib import nullcontext

from converters.cancel import Cancellation
from converters.conversion import (
    CheckOutcome,
    CheckRound,
    ChecksCode,
    CodeCheck,
    Conversion,
    ConversionRequest,
    Converter,
    EventHandler,
    ReadsDesign,
)
from converters.errors import ConversionStoppedError, EngineUnavailableError, HandoffError
from converters.fidelity.feedback import feedback
from converters.fidelity.service import ScoredConversion
from converters.fidelity.vocabulary import FIDELITY_SCORES
from converters.revise import Scorer, combined_fidelity, cost_cap_note, say


def supports_agent(engine: Converter) -> bool:
    """Whether ``engine``'s model can check its code with a tool (agent mode)."""
    return isinstance(engine, ChecksCode)


class AgentConverter:
    """``engine`` in agent mode with up to ``checks`` checks (see the module docstring)."""

    def __init__(
        self,
        engine: Converter,
        score: Scorer,
        *,
        checks: int,
        max_cost_usd: float | None = None,
    ) -> None:
        if not isinstance(engine, ChecksCode):
            raise EngineUnavailableError(
                f"Agent mode needs a model engine that can call tools (kimi or openai-compatible); "
                f"the {engine.name} engine cannot. Choose a model engine, or turn agent mode off."
            )
        if checks < 1:
            raise ValueError(f"Agent mode needs at least one check, got {checks}.")
        self.engine = engine
        self._checking: ChecksCode = engine
        self.score = score
        self.checks = checks
        self.max_cost_usd = max_cost_usd

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
        """The best of the model's answer to ``request`` and the code it checked. Raises what the
        engine raises before the first check; a stop raises ``ConversionStoppedError`` carrying
        the best checked code so far."""
        if isinstance(self.engine, ReadsDesign):  # read once: every turn sends the same messages
            request = self.engine.prepare(request, on_event, cancel)
        run = _Run(self, request, on_event)
        # The engine gets a token of its own, so that a stop keeps this run's result so far (its
        # rounds), not the engine's.
        inner = Cancellation()
        linked = cancel.on_cancel(inner.cancel) if cancel is not None else nullcontext()
        keeps = cancel.keeps_partial(lambda: run.so_far() or inner.partial()) if cancel else nullcontext()
        try:
            with linked, keeps:
                answer = self._checking.convert_checking(
                    request, run.check, max_checks=self.checks, on_event=on_event, cancel=inner
                )
        except ConversionStoppedError as exc:
            raise ConversionStoppedError(str(exc), partial=run.so_far() or exc.partial) from exc
        except HandoffError as exc:
            if run.best is None:
                raise
            note = f"The model's turn failed ({exc}); the best checked code is kept."
            run.note(note)
            return run.result(run.best)
        return run.finish(answer)


class _Run:
    """One conversion in agent mode: the rounds so far and the best checked code."""

    def __init__(self, agent: AgentConverter, request: ConversionRequest, on_event: EventHandler | None):
        self.agent = agent
        self.request = request
        self.on_event = on_event
        self.rounds: list[CheckRound] = []
        self.best: Conversion | None = None
        self.best_score: float | None = None
        self.scores: dict[str, float | None] = {}  # by code: no code is scored twice
        self.score_s = 0.0  # of the final answer, after the engine's time

    def check(self, call: CodeCheck) -> CheckOutcome:
        """Scores the code of one call of the tool, records the round and answers the model."""
        say(self.on_event, "Rendering the code and comparing it with the design…")
        before = self.best_score
        started = time.perf_counter()
        try:
            scored = self.agent.score(call.candidate)
        except HandoffError as exc:
            score_s = round(time.perf_counter() - started, 3)
            self.scores[call.candidate.code] = None
            note = f"The code could not be rendered and scored ({exc})."
            self.rounds.append(_round(call, before, None, False, "", 0, score_s, note=note))
            say(self.on_event, f"Check {call.number} of {self.agent.checks}: {note}")
            text = f"Handoff could not render and score this code: {exc}"
            return CheckOutcome(text, None, self._cap(call.candidate))
        score_s = round(time.perf_counter() - started, 3)
        after = combined_fidelity(scored)
        notes = feedback(scored)
        kept = before is None or after > before
        self.scores[call.candidate.code] = after
        self.rounds.append(_round(call, before, after, kept, notes.text, notes.problems, score_s))
        if kept:
            self.best, self.best_score = call.candidate, after
        say(
            self.on_event,
            f"Check {call.number} of {self.agent.checks}: fidelity {after:.0%}, "
            f"{notes.problems} problem(s)" + ("; the best so far." if kept else "."),
        )
        return CheckOutcome(_tool_text(scored, after, notes.text), after, self._cap(call.candidate))

    def _cap(self, candidate: Conversion) -> str:
        """The cost cap's note once the conversion has cost the cap (also the last round's note)."""
        cost = candidate.usage.cost_usd if candidate.usage is not None else None
        note = cost_cap_note(self.agent.max_cost_usd, cost)
        if note:
            self.note(note)
        return note

    def note(self, text: str) -> None:
        """``text`` as the last round's note (why the loop ended there) and a status line."""
        if self.rounds:
            self.rounds[-1] = dataclasses.replace(self.rounds[-1], note=text)
        say(self.on_event, text)

    def finish(self, answer: Conversion) -> Conversion:
        """The best of ``answer`` (the engine's result) and the best checked code, as the result."""
        if self.best is None or self.best_score is None:
            return self.result(answer)
        if answer.code in self.scores:  # the engine ended with checked code, or the model sent it again
            final = self.scores[answer.code]
        elif not answer.complete:
            final = None
        else:
            say(self.on_event, "Rendering the final answer and comparing it with the design…")
            started = time.perf_counter()
            try:
                final = combined_fidelity(self.agent.score(answer))
            except HandoffError:
                final = None
            self.score_s = round(time.perf_counter() - started, 3)
        if final is not None and final >= self.best_score:
            if answer.code not in self.scores:
                self.note(f"The final answer scores {final:.0%} (best check {self.best_score:.0%}): kept.")
            return self.result(answer)
        shown = f"scores {final:.0%}" if final is not None else "could not be scored"
        self.note(
            f"The final answer {shown}, below the best checked code ({self.best_score:.0%}): "
            "the checked code is kept."
        )
        return self.result(
            dataclasses.replace(
                answer, code=self.best.code, complete=self.best.complete, warnings=self.best.warnings
            )
        )

    def so_far(self) -> Conversion | None:
        """The best checked code as the result so far, or ``None`` before any check scored."""
        return self.result(self.best) if self.best is not None else None

    def result(self, chosen: Conversion) -> Conversion:
        """``chosen`` as the conversion's result: its strategy and the rounds; the usage and
        times are the engine's (every turn), plus scoring the final answer."""
        timings = chosen.timings
        return dataclasses.replace(
            chosen,
            strategy=f"{self.request.strategy} + agent ({len(self.rounds)} check(s))",
            timings=dataclasses.replace(timings, total_s=round(timings.total_s + self.score_s, 3)),
            checks=tuple(self.rounds),
        )


def _round(
    call: CodeCheck,
    before: float | None,
    after: float | None,
    kept: bool,
    text: str,
    problems: int,
    score_s: float,
    note: str = "",
) -> CheckRound:
    """The round of one check: the scores and feedback, the tokens, cost and seconds of the turn
    that asked (its tokens on its first check only) and the seconds of scoring."""
    usage = call.turn_usage
    return CheckRound(
        before,
        after,
        kept,
        text,
        problems,
        input_tokens=usage.input_tokens if usage else 0,
        output_tokens=usage.output_tokens if usage else 0,
        cost_usd=usage.cost_usd if usage else None,
        model_s=call.model_s,
        score_s=score_s,
        note=note,
    )


def _tool_text(scored: ScoredConversion, combined: float, problems: str) -> str:
    """What a check tells the model: the fidelity, the five scores and the feedback."""
    scores = scored.report.scores()
    each = ", ".join(
        f"{score.label} {float(value):.0%}"
        for score in FIDELITY_SCORES
        if isinstance(value := scores.get(score.key), int | float)
    )
    found = problems or "Handoff found nothing to fix."
    return f"Fidelity {combined:.0%} ({each}; the fidelity is their mean).\n{found}"
